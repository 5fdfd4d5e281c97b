"""``escadesk-cli``'s care of the data itself (issue 15): back up, list the backups,
restore one, check the database. ``backups``, ``restore`` and ``check`` work on data
that cannot be opened - that is when they are needed - so they run without the services;
``backup`` copies the live database through them.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from escadesk.cli_codes import DATA_UNREADABLE, NOT_FOUND, OK, REFUSED, Failure
from escadesk.i18n import _

if TYPE_CHECKING:
    from escadesk.app import AppConfig, Services
    from escadesk.storage.backups import Backup


#: Commands that run without opening the data (it may be what is damaged).
OFFLINE = ("backups", "restore", "check")


def add_parsers(commands: argparse._SubParsersAction) -> None:
    backup = commands.add_parser(
        "backup",
        help=_("back up the database now (into the data folder's backups)"),
        description=_(
            "Copy the database into a new backup (SQLite's backup API, owner-only), "
            "then keep only the newest ones (10 unless --keep says otherwise; remembered)."
        ),
    )
    backup.add_argument(
        "--keep", type=_keep, metavar="N", help=_("how many backups to keep from now on (1-1000)")
    )
    commands.add_parser("backups", help=_("list the backups, newest first, with what each holds"))
    restore = commands.add_parser(
        "restore",
        help=_("put a backup in place of the database (the current file is kept aside)"),
        description=_(
            "Restore a backup: the database file (damaged or not) is moved into "
            "backups/set-aside, never deleted, and the backup is copied in its place. Card "
            "authorizations erased since the backup stay erased, with their certificates."
        ),
    )
    which = restore.add_mutually_exclusive_group(required=True)
    which.add_argument("--latest", action="store_true", help=_("the newest readable backup"))
    which.add_argument("--backup", metavar="FILE", help=_("a backup's file name (see: backups)"))
    commands.add_parser(
        "check", help=_("SQLite's full integrity check of the database (every page and index)")
    )


def _keep(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("'{text}' is not a number").format(text=text)) from None
    if not 1 <= value <= 1000:
        raise argparse.ArgumentTypeError(_("keep between 1 and 1000 backups"))
    return value


def backup(services: Services, options: argparse.Namespace, _in: TextIO, out: TextIO) -> int:
    if options.keep is not None:
        services.backups.set_keep(options.keep)
    if not services.backups.available:
        raise Failure(
            REFUSED,
            _("refused: this database is on a server; its administrator backs it up (pg_dump)."),
        )
    path = services.backups.back_up("manual")
    print(
        _("Backed up to {path} (keeping the newest {keep}).").format(
            path=path, keep=services.backups.keep()
        ),
        file=out,
    )
    return OK


def backups(config: AppConfig, _options: argparse.Namespace, _in: TextIO, out: TextIO) -> int:
    from escadesk.storage.backups import list_backups

    found = list_backups(config.backup_dir)
    if not found:
        print(_("No backups in {backup_dir}.").format(backup_dir=config.backup_dir), file=out)
        return OK
    print("taken (UTC)\twhy\tsize\tworkshops\tregistrations\tfile", file=out)
    for item in found:
        print(_line(item), file=out)
    return OK


def restore(config: AppConfig, options: argparse.Namespace, _in: TextIO, out: TextIO) -> int:
    from escadesk.app import current_user
    from escadesk.services import recovery
    from escadesk.storage.backups import list_backups

    found = [b for b in list_backups(config.backup_dir) if b.problem is None]
    if options.latest:
        chosen = found[0] if found else None
    else:
        chosen = next((b for b in found if b.path.name == Path(options.backup).name), None)
    if chosen is None:
        wanted = (
            _("readable backup")
            if options.latest
            else _("backup named {backup}").format(backup=options.backup)
        )
        raise Failure(
            NOT_FOUND,
            _("No {wanted} in {backup_dir}; see escadesk-cli backups").format(
                wanted=wanted, backup_dir=config.backup_dir
            ),
        )
    aside = recovery.restore(config.database_url, chosen, f"{current_user()} (escadesk-cli)")
    kept = _("; the file it replaced is kept as {aside}").format(aside=aside) if aside else ""
    print(_("Restored {path}{kept}.").format(path=chosen.path.name, kept=kept), file=out)
    return OK


def check(config: AppConfig, _options: argparse.Namespace, _in: TextIO, out: TextIO) -> int:
    from escadesk.storage.damage import DataUnreadableError
    from escadesk.storage.engine import sqlite_path
    from escadesk.storage.integrity import integrity_check

    database = sqlite_path(config.database_url)
    if database is None:
        raise Failure(
            REFUSED, _("refused: this database is on a server; its administrator checks it.")
        )
    if not database.exists():
        raise Failure(NOT_FOUND, _("There is no database at {database}.").format(database=database))
    try:
        problems = integrity_check(database)
    except DataUnreadableError as error:
        raise Failure(DATA_UNREADABLE, str(error)) from None
    if problems:
        shown = "; ".join(problems[:5]) + (
            _(" (and {count} more)").format(count=len(problems) - 5) if len(problems) > 5 else ""
        )
        raise Failure(
            DATA_UNREADABLE,
            _("The database {database} is damaged: {shown}").format(database=database, shown=shown),
        )
    print(
        _("Database intact: SQLite's integrity check found no problem in {database}.").format(
            database=database
        ),
        file=out,
    )
    return OK


def _line(item: Backup) -> str:
    taken = item.taken_at.strftime("%Y-%m-%d %H:%M:%S") if item.taken_at else "unknown"
    why = item.reason_words if item.problem is None else item.problem
    counts = f"{item.workshops}\t{item.registrations}" if item.problem is None else "?\t?"
    return f"{taken}\t{why}\t{item.size}\t{counts}\t{item.path.name}"


SERVICE_HANDLERS: dict[str, Callable[[Services, argparse.Namespace, TextIO, TextIO], int]] = {
    "backup": backup,
}
OFFLINE_HANDLERS: dict[str, Callable[[AppConfig, argparse.Namespace, TextIO, TextIO], int]] = {
    "backups": backups,
    "restore": restore,
    "check": check,
}
