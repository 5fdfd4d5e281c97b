"""Why a database cannot be used as it is (issue 15): damaged, emptied, not a database,
missing beside an existing vault, or written by a newer escadesk.

Kept free of SQLAlchemy: the window's start-up path and the CLI import these errors to
choose what to show (the recovery screen, exit code 6) before any database layer loads.
"""

from __future__ import annotations

import errno
from enum import StrEnum
from pathlib import Path

from escadesk.disk_space import DiskFullError
from escadesk.i18n import _

__all__ = ["Damage", "DataUnreadableError", "DiskFullError", "folder_unusable"]


class Damage(StrEnum):
    #: SQLite's own check found damaged pages or indexes.
    DAMAGED = "damaged"
    #: The file is not a SQLite database (wrong header, truncated, another format).
    NOT_A_DATABASE = "not-a-database"
    #: The database file is empty or gone while this folder holds a vault (its marker,
    #: backups): a first run would set up a new vault over the old one's keys.
    EMPTIED = "emptied"
    #: Written by a newer escadesk: opening it could damage it.
    TOO_NEW = "too-new"
    #: The operating system refuses to read or write it (permissions, read-only medium).
    NOT_ACCESSIBLE = "not-accessible"


class DataUnreadableError(RuntimeError):
    """The database cannot be opened as it is; the message is for the director, plain
    words with the file, and nothing has been changed."""

    def __init__(
        self,
        message: str,
        damage: Damage,
        path: Path | None = None,
        *,
        names_recovery_screen: bool = False,
    ) -> None:
        super().__init__(message)
        self.damage = damage
        self.path = path
        #: The message already sends the director to the window's recovery screen (so
        #: escadesk-cli adds where that screen is, not its own restore hint): a flag,
        #: never the message's words, which are in the window's language.
        self.names_recovery_screen = names_recovery_screen


def folder_unusable(folder: Path, error: OSError) -> DataUnreadableError | DiskFullError:
    """The data folder cannot be created or used, in words (never a traceback)."""
    if error.errno == errno.ENOSPC:
        return DiskFullError(folder)
    reasons = {
        errno.ENAMETOOLONG: _("its path is too long for this system"),
        errno.ENOTDIR: _("a part of its path is a file, not a folder"),
        errno.EROFS: _("it is on a read-only disk"),
        errno.EEXIST: _("a file of that name is in the way"),
    }
    reason = reasons.get(error.errno or 0, error.strerror or str(error))
    return DataUnreadableError(
        _("escadesk cannot use the data folder {folder}: {reason}.").format(
            folder=folder, reason=reason
        ),
        Damage.NOT_ACCESSIBLE,
        folder,
    )
