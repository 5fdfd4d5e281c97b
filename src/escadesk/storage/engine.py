"""The engine, with SQLite's safety pragmas applied to every pooled connection."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from escadesk.storage import sqlite_files
from escadesk.storage.urls import sqlite_url

__all__ = ["SQL_CASEFOLD", "make_engine", "sqlite_path", "sqlite_url"]

#: Applied on every new DBAPI connection, not once per engine: a pool may open many.
SQLITE_PRAGMAS: tuple[tuple[str, str], ...] = (
    ("foreign_keys", "ON"),
    ("journal_mode", "WAL"),
    ("synchronous", "FULL"),
    ("secure_delete", "ON"),
    ("journal_size_limit", str(1024 * 1024)),
    ("busy_timeout", "5000"),
)


def sqlite_path(url: str) -> Path | None:
    """The database file behind a SQLite URL, or None for other databases or :memory:."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:":
        return None
    return Path(parsed.database)


#: A SQL function on every SQLite connection: Python's own ``str.casefold``, so that an
#: ``ORDER BY`` on it sorts names exactly as the desk's table does (SQL's ``lower()`` folds
#: "ß", "Ǆ", the Kelvin sign or a final sigma otherwise): services/desk_view.py ``head``.
#: PostgreSQL has none (a server function would not be Python's): callers check the dialect.
SQL_CASEFOLD = "escadesk_casefold"


def _casefold(text: str | None) -> str | None:
    return None if text is None else text.casefold()


def _apply_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        for name, value in SQLITE_PRAGMAS:
            cursor.execute(f"PRAGMA {name}={value}")
    finally:
        cursor.close()
    dbapi_connection.create_function(SQL_CASEFOLD, 1, _casefold, deterministic=True)


def make_engine(url: str) -> Engine:
    """Create the engine; for SQLite, the file is created owner-only before first use."""
    path = sqlite_path(url)
    if path is not None and not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(descriptor)
    if path is not None:
        # Through escadesk's VFS (storage/sqlite_files.py); the pool hands a connection
        # to one thread at a time, so sqlite3's same-thread check is not needed.
        engine = create_engine(
            url, creator=lambda: sqlite_files.connect(path, check_same_thread=False)
        )
    else:
        engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _apply_pragmas)
    return engine
