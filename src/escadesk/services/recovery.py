"""The way forward from data that cannot be opened, for the window and the CLI (issue
15, item 2): which backups there are, whether one may be restored, and the restore
itself under the data's lock. No database is open while this runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from escadesk.i18n import _
from escadesk.services.backups import restore_file
from escadesk.services.clock import SystemClock
from escadesk.storage.backups import Backup, list_backups
from escadesk.storage.damage import Damage, DataUnreadableError
from escadesk.storage.data_lock import lock_data
from escadesk.storage.engine import sqlite_path

__all__ = ["Backup", "RecoveryOptions", "options_for", "restore"]

#: Damage a backup can mend (a newer escadesk's database, or a folder this account may
#: not use, needs something else: the message says what).
RESTORABLE = {Damage.DAMAGED, Damage.NOT_A_DATABASE, Damage.EMPTIED}


@dataclass(frozen=True)
class RecoveryOptions:
    problem: str
    backups: list[Backup]
    backup_folder: Path
    can_restore: bool


def options_for(error: Exception, database_url: str, backup_dir: Path) -> RecoveryOptions | None:
    """What the director can do about ``error``; None when it is not about the data
    itself (another escadesk has it open, a bug): then the message alone is shown."""
    if not isinstance(error, DataUnreadableError):
        return None
    database = sqlite_path(database_url)
    found = list_backups(backup_dir) if database is not None else []
    return RecoveryOptions(
        str(error), found, backup_dir, database is not None and error.damage in RESTORABLE
    )


def restore(database_url: str, backup: Backup, actor: str) -> Path | None:
    """Restore ``backup`` in place of the database (set aside, never deleted), holding the
    data's lock so that no escadesk opens it meanwhile. Returns where the old file went."""
    database = sqlite_path(database_url)
    if database is None:
        raise ValueError(_("Only a database file can be restored from a backup."))
    lease = lock_data(database_url, "window")
    try:
        return restore_file(backup, database, SystemClock().now(), actor)
    finally:
        lease.release()
