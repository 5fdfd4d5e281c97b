"""``escadesk-cli``'s failures in words: what the database, the disk or the operating
system said, as one line for the director and the exit code that goes with it.

Its own module because the same mapping serves every command (and the data-care ones
that run without the services): a full disk, a read-only file, a locked or damaged
database each get the same plain words, wherever they happen, and a bug is said as one.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import TYPE_CHECKING

from escadesk.cli_codes import DATA_UNREADABLE, IN_USE, REFUSED, UNEXPECTED, Failure
from escadesk.cli_output import say, shown
from escadesk.i18n import N_, _

if TYPE_CHECKING:
    import sqlite3

    from escadesk.app import AppConfig
    from escadesk.storage.damage import DataUnreadableError

#: Where to go from a damaged database: the window's recovery screen (its backups).
RECOVERY = N_(
    "To restore a backup: escadesk-cli backups, then escadesk-cli restore --latest (or "
    "open escadesk, the window, for its recovery screen)."
)


def said(error: Exception, config: AppConfig, *, opening: bool) -> int:
    """Say what went wrong in one line; the exit code."""
    failure = _storage_failure(error, config, opening=opening)
    if failure is None:
        say(unexpected(error))
        return UNEXPECTED
    say(str(failure))
    return failure.code


def unexpected(error: BaseException) -> str:
    # A database error's own text holds its SQL and parameters: the driver's words only.
    reason = getattr(error, "orig", None) or error
    return _("unexpected error: {name}: {reason} (please report it)").format(
        name=type(error).__name__, reason=shown(str(reason), 300)
    )


def _storage_failure(error: Exception, config: AppConfig, *, opening: bool) -> Failure | None:
    """The database, the disk or the operating system said no: what to tell the director."""
    from escadesk.storage import damage
    from escadesk.storage.lock_holder import DataInUseError, DataLockError

    if isinstance(error, damage.DataUnreadableError):
        return Failure(DATA_UNREADABLE, _unreadable(error))
    if isinstance(error, DataLockError):  # SQLite's own lock, held by another program
        return Failure(IN_USE if isinstance(error, DataInUseError) else REFUSED, str(error))
    from escadesk.permission_refusal import PermissionRefusedError, is_permission_denied, refused

    if isinstance(error, PermissionRefusedError):  # a role on a server (storage/server_roles)
        return Failure(REFUSED, str(error))
    if is_permission_denied(error):
        return Failure(REFUSED, str(refused(error, None)))
    disk_full = getattr(damage, "DiskFullError", None)  # storage's words for ENOSPC
    if disk_full is not None and isinstance(error, disk_full):
        return Failure(REFUSED, str(error))
    sqlite = _sqlite_cause(error)
    if sqlite is not None:
        return _sqlite_failure(sqlite, config)
    if isinstance(error, OSError):
        return _os_failure(error, config, opening=opening)
    from sqlalchemy.exc import OperationalError

    if isinstance(error, OperationalError):  # a database server out of reach
        reason = str(error.orig).strip().splitlines()[0] if str(error.orig).strip() else ""
        database = _shown_url(config.database_url)
        return Failure(
            REFUSED,
            _("could not use the database {database}: {reason}").format(
                database=database, reason=shown(reason, 200)
            ),
        )
    return None


def _unreadable(error: DataUnreadableError) -> str:
    """Storage's words, and for damage where the director goes from here."""
    from escadesk.storage.damage import Damage

    message = str(error)
    if error.damage in (Damage.TOO_NEW, Damage.NOT_ACCESSIBLE):
        return message  # install the newer escadesk; fix the permissions: both said
    if error.names_recovery_screen:
        return _("{message} (The recovery screen opens in escadesk, the window.)").format(
            message=message
        )
    return f"{message} {_(RECOVERY)}"


def _sqlite_cause(error: BaseException) -> sqlite3.Error | None:
    import sqlite3

    current: BaseException | None = error
    for _step in range(8):
        if current is None:
            return None
        if isinstance(current, sqlite3.Error):
            return current
        original = getattr(current, "orig", None)
        if isinstance(original, sqlite3.Error):
            return original
        current = current.__cause__
    return None


#: What SQLite's error means for the director: (error name prefix, words of its message,
#: the reason given); SQLite's names are exact, its words a fallback.
_SQLITE_REASONS = (
    (
        "SQLITE_NOTADB",
        "file is not a database",
        N_("it is not a SQLite database (damaged, or another kind of file)"),
    ),
    ("SQLITE_CORRUPT", "malformed", N_("it is damaged")),
    ("SQLITE_CANTOPEN", "unable to open database file", N_("the file cannot be opened")),
    ("SQLITE_IOERR", "disk i/o error", "the disk reported an error"),
    ("SQLITE_PERM", "access permission denied", N_("permission denied")),
)


def _sqlite_failure(error: sqlite3.Error, config: AppConfig) -> Failure | None:
    name = getattr(error, "sqlite_errorname", None) or ""
    text = str(error).lower()
    database = shown(_database_file(config) or _shown_url(config.database_url))
    if name == "SQLITE_FULL" or "disk is full" in text:
        return Failure(REFUSED, _disk_full(_database_folder(config)))
    if name.startswith("SQLITE_READONLY") or "readonly database" in text:
        return Failure(
            DATA_UNREADABLE,
            _(
                "the database {database} cannot be written: it is read-only (check the "
                "permissions of the file and its folder). Nothing was changed."
            ).format(database=database),
        )
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in text:
        return Failure(
            IN_USE,
            _(
                "the database {database} is locked by another program; close it, then try again."
            ).format(database=database),
        )
    for prefix, words, reason in _SQLITE_REASONS:
        if name.startswith(prefix) or (not name and words in text):
            return Failure(
                DATA_UNREADABLE,
                _(
                    "the database {database} cannot be read: {reason}. Nothing was changed. "
                    "{recovery}"
                ).format(database=database, reason=_(reason), recovery=_(RECOVERY)),
            )
    return None


def _os_failure(error: OSError, config: AppConfig, *, opening: bool) -> Failure:
    where = _filename(error)
    code = error.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        folder = where.parent if where is not None else _database_folder(config)
        return Failure(REFUSED, _disk_full(folder))
    if code == errno.ENAMETOOLONG:
        return Failure(
            REFUSED,
            _("refused: the path {value} is too long").format(
                value=shown(where or config.data_dir)
            ),
        )
    if code in (errno.EROFS, errno.EACCES, errno.EPERM):
        why = _("it is on a read-only disk") if code == errno.EROFS else _("permission denied")
        if opening or where is None or _inside(where, config.data_dir):
            return Failure(
                DATA_UNREADABLE,
                _("the data in {data_dir} cannot be used: {why}. Nothing was changed.").format(
                    data_dir=shown(config.data_dir), why=why
                ),
            )
        return Failure(
            REFUSED, _("could not open {where}: {why}").format(where=shown(where), why=why)
        )
    if code == errno.ENOTDIR and where is not None:
        return Failure(
            REFUSED,
            _("refused: a part of {where} is a file, not a folder").format(where=shown(where)),
        )
    reason = error.strerror or str(error)
    return Failure(REFUSED, f"{shown(where)}: {reason}" if where else reason)


def write_failure(error: OSError, target: Path, *, folder: bool = False) -> str:
    """A workbook (or a ``folder`` of reports) escadesk-cli was writing could not be."""
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return _disk_full(target if folder else target.parent)
    where = f"in {shown(target)}" if folder else shown(target)
    return _("could not write {where}: {value}").format(where=where, value=error.strerror or error)


def _disk_full(folder: Path) -> str:
    return _("The disk is full: nothing was saved (folder {folder}).").format(folder=shown(folder))


def _filename(error: OSError) -> Path | None:
    name = error.filename
    if isinstance(name, bytes):
        name = os.fsdecode(name)
    return Path(name) if isinstance(name, str) and name else None


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, ValueError, RuntimeError):
        return False


def _database_file(config: AppConfig) -> Path | None:
    try:
        from escadesk.storage.engine import sqlite_path

        return sqlite_path(config.database_url)
    except Exception:  # an unusable URL: already said
        return None


def _database_folder(config: AppConfig) -> Path:
    database = _database_file(config)
    return database.parent if database is not None else config.data_dir


def _shown_url(url: str) -> str:
    try:
        from sqlalchemy.engine import make_url

        return shown(make_url(url).render_as_string(hide_password=True))
    except Exception:
        return _("(the database URL)")
