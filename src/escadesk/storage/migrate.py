"""Bring a database to this build's schema, backing it up before any change."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, inspect, text

from escadesk.storage import backups, sqlite_files
from escadesk.storage.damage import Damage, DataUnreadableError
from escadesk.storage.engine import sqlite_path
from escadesk.storage.schema import HEAD, KNOWN_REVISIONS

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


class DatabaseTooNewError(DataUnreadableError):
    """The database was written by a newer escadesk; opening it could damage it."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message, Damage.TOO_NEW, path)


def current_revision(engine: Engine) -> str | None:
    database = sqlite_path(str(engine.url))
    if database is not None and database.exists():
        # A plain connection: the engine's pragmas (journal_mode=WAL) would rewrite the
        # file header of a database we may be about to refuse untouched.
        return _sqlite_revision(database)
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _sqlite_revision(database: Path) -> str | None:
    connection = sqlite_files.connect(database)
    try:
        found = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).fetchone()
        if found is None:
            return None
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        return None if row is None else row[0]
    finally:
        connection.close()


def backup_sqlite(database: Path, backup_dir: Path, moment: datetime, label: str) -> Path:
    """A backup before a migration (storage/backups.py: the backup API, owner-only)."""
    return backups.take(database, backup_dir, moment, f"before-{label}")


def alembic_config(engine: Engine):  # noqa: ANN201 - alembic stays a lazy import
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(engine), revision)


def prepare(engine: Engine, backup_dir: Path, moment: datetime) -> Path | None:
    """Refuse a newer database, back up an older one, then upgrade it to HEAD.

    Returns the backup written, if any. A brand-new (empty) database needs no backup.
    """
    revision = current_revision(engine)
    if revision == HEAD:
        return None
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise DatabaseTooNewError(
            f"This database uses schema '{revision}', which this version of escadesk does "
            "not know: it was written by a newer version. Install the newer escadesk to open "
            "it; nothing has been changed.",
            sqlite_path(str(engine.url)),
        )
    backup = None
    database = sqlite_path(str(engine.url))
    if revision is not None and database is not None:
        backup = backup_sqlite(database, backup_dir, moment, revision)
    upgrade(engine)
    return backup
