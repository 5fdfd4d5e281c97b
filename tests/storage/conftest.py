"""Fixtures for the storage tests: a database file in the test's own data folder."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from escadesk.storage import migrate
from escadesk.storage.engine import make_engine, sqlite_url
from raw_sql import execute


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


@pytest.fixture
def older_database(
    db_url: str, engine_factory: Callable[[str], Engine]
) -> Callable[[str, Sequence[str]], None]:
    """What an older escadesk left: the schema migrated only up to ``revision``, holding
    ``rows`` (SQL both engines accept). The migration tests then open it at head."""

    def make(revision: str, rows: Sequence[str]) -> None:
        engine = engine_factory(db_url)
        migrate.upgrade(engine, revision)
        engine.dispose()
        execute(db_url, rows)

    return make
