"""``escadesk-cli vault``: moving the vault desk to another computer (issue 20).

- ``vault move-out --to FILE`` on the vault desk: a new device key, sealed under the
  passphrase, into a new move file; every stored key re-wrapped under it and every device
  key gone from this keychain: the vault is in transit, the file its key's only place;
- ``vault move-in FILE`` on the new computer (the same database), or back on the old one
  to cancel: checks it, keeps a new device key in this computer's keychain and records
  this desk; the file opens nothing any more.

The passphrase is typed at a prompt or read from standard input (``--passphrase-stdin``),
never given as an argument (arguments are visible to every user and kept in history).
"""

from __future__ import annotations

import argparse
import getpass
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from escadesk.cli_codes import OK, REFUSED, USAGE, Failure
from escadesk.cli_messages import write_failure
from escadesk.cli_output import say
from escadesk.i18n import _

if TYPE_CHECKING:
    from escadesk.app import Services


def add_parsers(commands: argparse._SubParsersAction, path: Callable[[str], Path]) -> None:
    """``path`` is escadesk-cli's own argument check (passed in: no import of cli.py)."""
    vault = commands.add_parser(
        "vault",
        help=_("move the vault desk to another computer"),
        description=_(
            "The vault's device key lives in one place only (crypto-erase is real "
            "only while it exists once). Moving the vault is two steps: move-out on the vault "
            "desk replaces the device key by a new one kept only in a move file (sealed under "
            "the vault passphrase) and removes every key from that desk; move-in on the new "
            "computer (the same database) takes it in and replaces it again. In between no "
            "computer opens the cards. Keep the move file safe: if it is lost, the stored "
            "cards open for no one and their authorizations must be collected again."
        ),
    )
    actions = vault.add_subparsers(dest="vault_command", required=True, metavar="ACTION")
    out = actions.add_parser(
        "move-out",
        help=_("on the vault desk: send the vault off in a move file"),
        description=_(
            "Make a new device key, seal it under the vault passphrase (bound to "
            "this vault and its new key generation) into a new file, re-wrap every stored key "
            "under it and remove every device key from this computer. Carry the file to the "
            "new computer and run move-in there (or here, to cancel); until then no computer "
            "opens the cards. Keep the file safe: it is the vault key's only copy."
        ),
    )
    out.add_argument("--to", type=path, required=True, metavar="FILE", help=_("the move file"))
    _passphrase_option(out)
    into = actions.add_parser(
        "move-in",
        help=_("on the new computer (or the old one, to cancel): take the vault in"),
        description=_(
            "Check the move file (this database's vault, the move under way, the "
            "passphrase), keep a new device key in this computer's keychain and record this "
            "computer as the vault desk: from then on the move file opens nothing. The used "
            "move file is overwritten and removed."
        ),
    )
    into.add_argument("file", type=path, metavar="FILE", help=_("the move file"))
    _passphrase_option(into)


def _passphrase_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--passphrase-stdin", action="store_true", help=_("read the vault passphrase (one line)")
    )


def run(services: Services, options: argparse.Namespace, stdin: TextIO, out: TextIO) -> int:
    """``vault move-out`` or ``vault move-in``: the exit code; every refusal one line."""
    from escadesk.services.vault import MoveRefusedError, TooSoonError

    passphrase = _passphrase(options, stdin)
    move = _move_out if options.vault_command == "move-out" else _move_in
    where = options.to if options.vault_command == "move-out" else options.file
    try:
        try:
            return move(services, where, passphrase, out)
        except TooSoonError as error:  # the delay after wrong passphrases binds every
            say(  # process
                _("waiting {seconds} s after earlier wrong passphrases…").format(
                    seconds=f"{error.seconds:.0f}"
                )
            )
            time.sleep(error.seconds)
            return move(services, where, passphrase, out)
    except MoveRefusedError as error:
        say(_("refused: {problem}").format(problem=error))
        return REFUSED


def _move_out(services: Services, target: Path, passphrase: str, out: TextIO) -> int:
    from escadesk.services.vault import MoveRefusedError
    from escadesk.services.vault_move import target_problem

    if (problem := target_problem(target)) is not None:  # before any passphrase is tried
        raise MoveRefusedError(problem)
    services.vault.unlock(passphrase)
    try:
        moved = services.vault.move_out(passphrase, target)
    except OSError as error:
        say(_("{problem}; nothing was written").format(problem=write_failure(error, target)))
        return REFUSED
    finally:
        services.vault.lock()
    print(
        _(
            "Wrote {path}: the vault's new device key (key generation {generation}), sealed "
            "under the vault passphrase; {desk} keeps no key any more."
        ).format(path=moved.path, generation=moved.generation, desk=moved.desk),
        file=out,
    )
    print(
        _(
            "On the new computer, with the same database: escadesk-cli vault move-in "
            "{path} (or here, to cancel the move). Until then no computer opens the cards. "
            "Keep the file safe: if it is lost, the stored cards open for no one."
        ).format(path=moved.path),
        file=out,
    )
    if not moved.keys_removed:
        say(
            _(
                "this computer's keychain did not let go of the old device keys; escadesk "
                "removes them the next time it starts here"
            )
        )
    return OK


def _move_in(services: Services, source: Path, passphrase: str, out: TextIO) -> int:
    moved = services.vault.move_in(source, passphrase)
    print(
        _(
            "This computer ({desk}) is now the vault desk, with a new device key (key "
            "generation {generation}), moved from {from_desk}: the move file no longer opens "
            "the vault."
        ).format(desk=moved.desk, generation=moved.generation, from_desk=moved.from_desk),
        file=out,
    )
    if moved.file_removed:
        print(
            _("The move file {source} was overwritten and removed.").format(source=source),
            file=out,
        )
    else:
        say(
            _(
                "could not remove the move file {source}: delete it (it opens nothing any more)"
            ).format(source=source)
        )
    return OK


def _passphrase(options: argparse.Namespace, stdin: TextIO) -> str:
    if options.passphrase_stdin:
        passphrase = stdin.readline().rstrip("\r\n")
    elif stdin.isatty():
        passphrase = getpass.getpass(_("Vault passphrase: "))
    else:
        raise Failure(
            USAGE,
            _(
                "give the vault passphrase on standard input with --passphrase-stdin (no "
                "terminal to ask it at)"
            ),
        )
    if not passphrase:  # nothing typed is no attempt: it costs no delay
        raise Failure(USAGE, _("no passphrase given; nothing was changed"))
    return passphrase
