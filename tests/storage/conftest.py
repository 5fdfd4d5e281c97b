"""Fixtures for the storage tests: a database file in the test's own data folder."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from escadesk.storage.engine import make_engine, sqlite_url


@pytest.fixture
def moment() -> datetime:
    """'Now' for a migration: names the backup file."""
    return datetime(2018, 9, 28, 14, 0, 5, tzinfo=UTC)


@pytest.fixture
def db_file(data_dir: Path) -> Path:
    return data_dir / "escadesk.sqlite3"


@pytest.fixture
def db_url(db_file: Path, database_under_test: str | None) -> str:
    """The SQLite file's URL, or this test's PostgreSQL database (tests/postgres_server.py)."""
    return database_under_test or sqlite_url(db_file)


@pytest.fixture
def backup_dir(data_dir: Path) -> Path:
    return data_dir / "backups"


@pytest.fixture
def engine_factory() -> Iterator[Callable[[str], Engine]]:
    """make_engine, with every engine made disposed of at the end of the test."""
    engines: list[Engine] = []

    def make(url: str) -> Engine:
        engine = make_engine(url)
        engines.append(engine)
        return engine

    yield make
    for engine in engines:
        engine.dispose()
