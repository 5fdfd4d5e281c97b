"""escadesk-cli's exit codes, in one place: ``cli.py`` (its ``--help`` and docstring), the
data-care commands (``cli_data.py``) and the README's table (checked by tests/cli) all
say these words."""

from __future__ import annotations

from escadesk.i18n import N_

OK, REFUSED, USAGE, LOCKED, DAMAGED = 0, 1, 2, 3, 4
#: One escadesk at a time per data folder or database (storage/data_lock.py).
IN_USE = 5
#: The data cannot be used as it is (storage/damage.py): a damaged database, not a
#: database, written by a newer escadesk, read-only, a data folder that cannot be made.
DATA_UNREADABLE = 6
#: No workshop (or registration) with the id given.
NOT_FOUND = 7
#: A bug: an error nobody foresaw (sysexits.h's EX_SOFTWARE).
UNEXPECTED = 70
#: Ctrl+C (128 + SIGINT, as shells report it).
INTERRUPTED = 130

#: The one list of exit codes (English here; the help says them in the user's language).
EXIT_MEANINGS: dict[int, str] = {
    OK: N_("done"),
    REFUSED: N_("refused (the message says why)"),
    USAGE: N_("usage (a wrong command, option or value)"),
    LOCKED: N_("the vault could not be opened (wrong passphrase, no device key)"),
    DAMAGED: N_("the audit log is damaged"),
    IN_USE: N_(
        "the data is open in another escadesk (the message names it; close it, then try again)"
    ),
    DATA_UNREADABLE: N_(
        "the data cannot be used as it is (a damaged database, not a "
        "database, written by a newer escadesk, read-only or out of reach); nothing was changed"
    ),
    NOT_FOUND: N_("no workshop or registration with that id"),
    UNEXPECTED: N_("an unexpected error (please report it)"),
    INTERRUPTED: N_("interrupted (Ctrl+C)"),
}


class Failure(Exception):
    """A refusal found by the CLI itself: its exit code and its one line."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
