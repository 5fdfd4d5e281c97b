"""Erased personal data also leaves the database files and the SQLite backups.

Like an erased card (storage/backups.py), what an erasure or a purge removed must not come
back with a restore: the live file is compacted and every readable backup gets the same
erasure. The erasure's own transaction notes that backups are pending, so a failure or a
crash before they are clean is finished at the next unlock.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable
from contextlib import closing
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from escadesk.services.context import ServiceContext
from escadesk.services.personal_data_records import ERASED
from escadesk.storage import models, sqlite_files
from escadesk.storage.backups import list_backups

#: Settings key: delegate-list rows erased while some backup could not be cleaned yet.
BACKUPS_PENDING_SETTING = "personal_data.backups_pending"


def note_backups_pending(session: Session, delegate_ids: Iterable[int]) -> None:
    """Remember, in the erasure's own transaction, that the backups still hold the data
    (cleared once they are cleaned): a crash in between is finished at the next unlock."""
    setting = session.get(models.Setting, BACKUPS_PENDING_SETTING)
    known = json.loads(setting.value) if setting is not None and setting.value else []
    merged = sorted({*known, *delegate_ids})
    if setting is None:
        session.add(models.Setting(key=BACKUPS_PENDING_SETTING, value=json.dumps(merged)))
    else:
        setting.value = json.dumps(merged)


def backups_pending(context: ServiceContext) -> bool:
    with context.database.reading() as session:
        return session.get(models.Setting, BACKUPS_PENDING_SETTING) is not None


def clean_files(context: ServiceContext) -> bool:
    """Compact the live SQLite file (no erased page left in it or its WAL) and clean
    every backup of everything erased so far. False when a backup could not be
    cleaned: the note stays, and the next unlock tries again. Never raises: what it
    cleans up after is committed already."""
    try:
        return _clean_backups(context)
    except Exception:
        return False


def _clean_backups(context: ServiceContext) -> bool:
    database = context.database
    if database.engine.dialect.name != "sqlite":
        with database.transaction() as session:
            _clear_backups_pending(session)  # a server's backups are its administrator's
        return True
    # secure_delete already overwrote the rows in place; this empties the WAL of the
    # old pages and leaves no free page behind (the vault's scrub does the same).
    with contextlib.suppress(Exception), database.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.exec_driver_sql("VACUUM")
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    with database.reading() as session:
        setting = session.get(models.Setting, BACKUPS_PENDING_SETTING)
        delegates = [int(i) for i in json.loads(setting.value or "[]")] if setting else []
        registrations = list(
            session.scalars(
                select(models.Registration.id).where(
                    models.Registration.personal_data_erased_at.is_not(None)
                )
            )
        )
        workshops = list(
            session.scalars(
                select(models.Workshop.id).where(
                    models.Workshop.personal_data_purged_at.is_not(None)
                )
            )
        )
    folder = database.backup_dir
    if folder is not None and folder.is_dir():
        for backup in list_backups(folder):
            if backup.problem is None:  # an unreadable one cannot be restored either
                _erase_in_backup(backup.path, registrations, workshops, delegates)
    with database.transaction() as session:
        _clear_backups_pending(session)
    return True


def _clear_backups_pending(session: Session) -> None:
    setting = session.get(models.Setting, BACKUPS_PENDING_SETTING)
    if setting is not None:
        session.delete(setting)


def _erase_in_backup(
    path: Path,
    registration_ids: list[int],
    workshop_ids: list[int],
    delegate_ids: list[int],
) -> None:
    """The same erasure in one backup file (columns matched by name, so a backup taken
    before a migration is cleaned on what it has), then compacted (secure_delete, VACUUM)."""
    with closing(sqlite_files.connect(path)) as connection:
        connection.execute("PRAGMA secure_delete=ON")
        before = connection.total_changes
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        for chunk in _chunks(registration_ids):
            marks = ", ".join("?" for _ in chunk)
            in_registrations = f"SELECT contact_id FROM registration WHERE id IN ({marks})"
            connection.execute(
                "UPDATE contact SET name = ?, title = '', email = '', email_normalized = '', "
                f"phone = '' WHERE id IN ({in_registrations}) AND name != ?",
                [ERASED, *chunk, ERASED],
            )
            if "benchmark_survey" in tables:
                surveys = f"SELECT id FROM benchmark_survey WHERE registration_id IN ({marks})"
                connection.execute(
                    f"DELETE FROM benchmark_answer WHERE survey_id IN ({surveys})", chunk
                )
                connection.execute(
                    f"DELETE FROM benchmark_survey WHERE registration_id IN ({marks})", chunk
                )
            if "charge" in tables:
                connection.execute(
                    f"UPDATE charge SET cardholder = ? WHERE registration_id IN ({marks}) "
                    "AND cardholder != ?",
                    [ERASED, *chunk, ERASED],
                )
            connection.execute(
                f"UPDATE registration SET late_accepted_reason = ? WHERE id IN ({marks}) "
                "AND late_accepted_reason IS NOT NULL AND late_accepted_reason != ?",
                [ERASED, *chunk, ERASED],
            )
            connection.execute(
                f"UPDATE registration_transition SET reason = ? WHERE registration_id IN "
                f"({marks}) AND reason != '' AND reason != ?",
                [ERASED, *chunk, ERASED],
            )
        if "delegate" in tables:
            for chunk in _chunks(delegate_ids):
                marks = ", ".join("?" for _ in chunk)
                connection.execute(f"DELETE FROM delegate WHERE id IN ({marks})", chunk)
            for chunk in _chunks(workshop_ids):
                marks = ", ".join("?" for _ in chunk)
                connection.execute(f"DELETE FROM delegate WHERE workshop_id IN ({marks})", chunk)
        if connection.total_changes != before:
            connection.commit()
            connection.execute("VACUUM")
        else:
            connection.rollback()
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def _chunks(ids: list[int], size: int = 500) -> Iterable[list[int]]:
    unique = sorted(set(ids))
    for start in range(0, len(unique), size):
        yield unique[start : start + size]
