"""Is the SQLite file escadesk is about to open a healthy database? (issue 15)

Checked before anything writes to it (before migrations, before the WAL is replayed by a
pooled connection), cheapest first, so that a damaged file is refused untouched:

1. the header: the file must start with SQLite's 16-byte magic string; a file of zeros,
   a workbook or a text file renamed is "not a database";
2. the size: a truncated file is shorter than the page count its header declares;
3. ``PRAGMA quick_check``: SQLite's own check of every page and record, without the
   index cross-check of ``integrity_check`` (about half its cost: 1.2 ms on the demo,
   28 ms on 20,000 registrations; bench/data_care.py). The full ``integrity_check`` is
   offered from the menu and the CLI.

A missing or empty file is a first run, unless the folder shows that a vault lived here
(backups, a key file): then it is damage (``Damage.EMPTIED``), never a silent new vault.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from escadesk.i18n import N_, _, format_decimal, ngettext
from escadesk.storage import sqlite_files
from escadesk.storage.damage import Damage, DataUnreadableError, DiskFullError
from escadesk.storage.lock_holder import DataInUseError

HEADER = b"SQLite format 3\x00"
#: How many of SQLite's messages a refusal quotes (a damaged file can yield thousands).
QUOTED_PROBLEMS = 3

#: Said after every refusal: the file is as it was (how to restore is the caller's to say:
#: the recovery page lists the backups, the CLI names its restore command).
RESTORE_HINT = N_("Nothing was changed.")


def check_before_open(path: Path, vault_traces: Iterable[Path] = ()) -> bool:
    """Raise DataUnreadableError unless ``path`` is a healthy SQLite database or a
    genuine first run; returns True when the file is new (missing or empty)."""
    try:
        size = path.stat().st_size if path.exists() else 0
    except OSError as error:
        raise _not_accessible(path, error) from None
    if size == 0:
        traces = [trace for trace in vault_traces if _exists(trace)]
        if traces:
            if path.exists():
                text = _(
                    "The database {path} is empty, but this folder held escadesk data before "
                    "({traces}). Starting afresh would set up a new vault beside the old "
                    "one's key. {hint}"
                )
            else:
                text = _(
                    "The database {path} is missing, but this folder held escadesk data "
                    "before ({traces}). Starting afresh would set up a new vault beside the "
                    "old one's key. {hint}"
                )
            raise DataUnreadableError(
                text.format(path=path, traces=_describe(traces), hint=_(RESTORE_HINT)),
                Damage.EMPTIED,
                path,
            )
        return True
    _check_header(path, size)
    problems = quick_check(path)
    if problems:
        raise DataUnreadableError(
            _("The database {path} is damaged: SQLite's check found {problems}. {hint}").format(
                path=path, problems=_problems_text(problems), hint=_(RESTORE_HINT)
            ),
            Damage.DAMAGED,
            path,
        )
    return False


def quick_check(path: Path) -> list[str]:
    """SQLite's ``quick_check`` (empty list: ok); raises DataUnreadableError when SQLite
    cannot read the file at all."""
    return _pragma_check(path, "quick_check")


def integrity_check(path: Path) -> list[str]:
    """SQLite's full ``integrity_check``: pages, records and every index against its table."""
    return _pragma_check(path, "integrity_check")


def _pragma_check(path: Path, pragma: str) -> list[str]:
    try:
        connection = sqlite_files.connect(path)
    except sqlite3.Error as error:
        raise unreadable(path, error) from None
    try:
        rows = connection.execute(f"PRAGMA {pragma}").fetchall()
    except sqlite3.Error as error:
        raise unreadable(path, error) from None
    finally:
        connection.close()
    problems = [str(row[0]) for row in rows]
    return [] if problems == ["ok"] else problems


def _check_header(path: Path, size: int) -> None:
    try:
        with path.open("rb") as handle:
            head = handle.read(100)
    except OSError as error:
        raise _not_accessible(path, error) from None
    if not head.startswith(HEADER):
        raise DataUnreadableError(
            _("The file {path} is not an escadesk database: {what}. {hint}").format(
                path=path, what=_what_it_is(head), hint=_(RESTORE_HINT)
            ),
            Damage.NOT_A_DATABASE,
            path,
        )
    if len(head) < 100:
        raise _truncated(path, size, None)
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(head[28:32], "big")
    # The page count is valid only when its "version valid for" matches the change counter.
    if head[92:96] == head[24:28] and pages and size < page_size * pages:
        raise _truncated(path, size, page_size * pages)


def _truncated(path: Path, size: int, expected: int | None) -> DataUnreadableError:
    if expected:
        text = _(
            "The database {path} is cut short: it has {size} bytes where its header says "
            "{expected} bytes (a copy that stopped half way, or a disk that failed). {hint}"
        )
    else:
        text = _(
            "The database {path} is cut short: it has {size} bytes (a copy that stopped "
            "half way, or a disk that failed). {hint}"
        )
    return DataUnreadableError(
        text.format(
            path=path,
            size=format_decimal(size),
            expected=format_decimal(expected or 0),
            hint=_(RESTORE_HINT),
        ),
        Damage.NOT_A_DATABASE,
        path,
    )


def _what_it_is(head: bytes) -> str:
    if not head.strip(b"\x00"):
        return _("its first bytes are all zeros (the start of the file was wiped)")
    if head.startswith(b"PK\x03\x04"):
        return _("it is a ZIP archive (an Excel workbook or a document?)")
    if head.startswith(b"%PDF"):
        return _("it is a PDF document")
    return _("it does not start like a SQLite database")


def unreadable(
    path: Path, error: sqlite3.Error
) -> DataUnreadableError | DataInUseError | DiskFullError:
    """What SQLite's refusal means for the director (another program holding the file
    is not damage: it is in use; a full disk is not damage either)."""
    message = str(error)
    if "locked" in message:
        return DataInUseError(str(path), None)
    if "disk is full" in message:
        return DiskFullError(path.parent)
    if "unable to open" in message or "readonly" in message:
        return DataUnreadableError(
            _(
                "escadesk may not open the database {path} ({message}). Check that the file "
                "and its folder may be written by this account."
            ).format(path=path, message=message),
            Damage.NOT_ACCESSIBLE,
            path,
        )
    if "not a database" in message:
        return DataUnreadableError(
            _("The file {path} is not a database SQLite can read ({message}). {hint}").format(
                path=path, message=message, hint=_(RESTORE_HINT)
            ),
            Damage.NOT_A_DATABASE,
            path,
        )
    return DataUnreadableError(
        _("The database {path} is damaged (SQLite says: {message}). {hint}").format(
            path=path, message=message, hint=_(RESTORE_HINT)
        ),
        Damage.DAMAGED,
        path,
    )


#: SQLite's words for a file it cannot use (anything else, e.g. a failing migration's
#: "table already exists", is a bug to report, not damage to recover from).
STORAGE_FAILURES = (
    "locked",
    "disk is full",
    "unable to open",
    "readonly",
    "not a database",
    "malformed",
    "disk I/O error",
)


def storage_failure(
    path: Path, error: sqlite3.Error
) -> DataUnreadableError | DataInUseError | DiskFullError | None:
    """The director's words for a storage failure of the file, None for any other error."""
    if any(words in str(error) for words in STORAGE_FAILURES):
        return unreadable(path, error)
    return None


def _not_accessible(path: Path, error: OSError) -> DataUnreadableError:
    reason = error.strerror or str(error)
    if error.errno == errno.ENAMETOOLONG:
        reason = _("the path is too long for this system")
    return DataUnreadableError(
        _("escadesk cannot read {path}: {reason}.").format(path=path, reason=reason),
        Damage.NOT_ACCESSIBLE,
        path,
    )


def _problems_text(problems: list[str]) -> str:
    quoted = "; ".join(problems[:QUOTED_PROBLEMS])
    more = len(problems) - QUOTED_PROBLEMS
    if more <= 0:
        return quoted
    return ngettext("{quoted} (and {more} more)", "{quoted} (and {more} more)", more).format(
        quoted=quoted, more=more
    )


def _describe(traces: list[Path]) -> str:
    return ", ".join(str(trace) for trace in traces)


def _exists(trace: Path) -> bool:
    """A trace counts if it is a non-empty file, or a folder holding at least one file."""
    try:
        if trace.is_dir():
            return any(child.is_file() for child in trace.iterdir())
        return trace.is_file() and trace.stat().st_size > 0
    except OSError:
        return False
