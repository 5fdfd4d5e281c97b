"""Backups as the director sees them: taken at the moments that matter, kept to a
number, listed, and a restore noted in the audit log (issue 15, item 3).

When: the first unlock of each day (local date), before each decision, before a
restore, and by hand (File > Back up now…, ``escadesk-cli backup``). The files and the
vault's part in them are storage/backups.py's job. A database on a server is backed up
by its administrator (pg_dump, the server's own schedule): here nothing is taken and
the menu says so.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from pathlib import Path

from escadesk.domain.wording import counted
from escadesk.i18n import _
from escadesk.services import audit
from escadesk.services.context import ServiceContext
from escadesk.services.settings import SettingsService
from escadesk.storage import backups
from escadesk.storage.backups import Backup
from escadesk.storage.damage import DiskFullError
from escadesk.storage.models import Setting

KEEP_SETTING = "backup.keep"
DEFAULT_KEEP = 10
#: Written into the restored database by the restore, read (and cleared) at the next open.
RESTORED_SETTING = "backup.restored"


class BackupsUnavailableError(RuntimeError):
    """This database is not a file escadesk can back up (a server)."""


class BackupService:
    def __init__(self, context: ServiceContext, settings: SettingsService) -> None:
        self._context = context
        self._settings = settings
        #: The last automatic backup's failure, in words (None: none failed).
        self.last_problem: str | None = None

    @property
    def available(self) -> bool:
        return self._folder() is not None

    @property
    def folder(self) -> Path | None:
        return self._folder()

    def keep(self) -> int:
        value = self._settings.get(KEEP_SETTING)
        try:
            return max(1, int(value)) if value else DEFAULT_KEEP
        except ValueError:
            return DEFAULT_KEEP

    def set_keep(self, keep: int) -> None:
        if not 1 <= keep <= 1000:
            raise ValueError(_("Keep between 1 and 1,000 backups."))
        self._settings.set(KEEP_SETTING, str(keep))

    def back_up(self, reason: str = "manual") -> Path:
        """Take a backup now, then keep only the newest ``keep()``; audited."""
        folder, database = self._folder(), self._context.database.file
        if folder is None or database is None:
            raise BackupsUnavailableError(
                _("This database is on a server: its administrator backs it up (pg_dump).")
            )
        moment = self._context.clock.now()
        with self._context.database.engine.connect() as connection:
            source = connection.connection.driver_connection
            path = backups.take(database, folder, moment, reason, source)
        removed = backups.rotate(folder, self.keep())
        with self._context.database.transaction() as session:
            audit.record_now(
                session,
                self._context,
                action="backup.taken",
                entity="database",
                entity_id=None,
                workshop_id=None,
                summary=f"Backup {path.name} ({backups.REASONS.get(reason, reason)})"
                + (f"; {counted(len(removed), 'older backup')} deleted" if removed else ""),
            )
        return path

    def daily(self) -> Path | None:
        """The first unlock of a day takes a backup (None: one was taken today, or it
        failed: a full disk must not keep the director out of the vault; the failure is
        kept in ``last_problem`` for the window to show)."""
        folder = self._folder()
        if folder is None:
            return None
        try:
            return self._daily(folder)
        except (OSError, sqlite3.Error, DiskFullError) as error:
            self.last_problem = _("The daily backup could not be written: {error}").format(
                error=error
            )
            return None

    def _daily(self, folder: Path) -> Path | None:
        today = self._context.clock.now().astimezone().date()
        for backup in backups.list_backups(folder):
            if backup.taken_at is not None and backup.taken_at.astimezone().date() == today:
                return None
        return self.back_up("daily")

    def integrity_problems(self) -> list[str] | None:
        """SQLite's full integrity check of the live database (empty: intact; None: a
        server database, checked by its administrator)."""
        database = self._context.database
        if database.file is None:
            return None
        with database.engine.connect() as connection:
            rows = connection.exec_driver_sql("PRAGMA integrity_check").fetchall()
        problems = [str(row[0]) for row in rows]
        return [] if problems == ["ok"] else problems

    def list(self) -> list[Backup]:
        folder = self._folder()
        return backups.list_backups(folder) if folder is not None else []

    def note_restore(self) -> str | None:
        """After a restore, the first open records it in the audit log (the entries
        written after the backup are in the file set aside); returns the entry's text."""
        value = self._settings.get(RESTORED_SETTING)
        if not value:
            return None
        facts = json.loads(value)
        summary = (
            f"Restored the backup {facts['backup']} (taken {facts['taken_at']}); the "
            f"database it replaced was kept as {facts['set_aside'] or 'nothing (none was there)'}"
        )
        with self._context.database.transaction() as session:
            audit.record_now(
                session,
                self._context,
                action="backup.restored",
                entity="database",
                entity_id=None,
                workshop_id=None,
                summary=summary,
            )
            session.delete(session.get(Setting, RESTORED_SETTING))
        return summary

    def _folder(self) -> Path | None:
        return self._context.database.backup_dir


def restore_file(backup: Backup, database: Path, moment: datetime, actor: str) -> Path | None:
    """Put ``backup`` in the closed database's place (the current file is set aside) and
    leave a note for the next open to audit. Returns where the old file went."""
    aside = backups.restore(backup.path, database, moment)
    note = json.dumps(
        {
            "backup": backup.path.name,
            "taken_at": backup.taken_at.isoformat() if backup.taken_at else "at an unknown time",
            "set_aside": str(aside) if aside else "",
            "by": actor,
        }
    )
    backups.write_setting(database, RESTORED_SETTING, note)
    return aside
