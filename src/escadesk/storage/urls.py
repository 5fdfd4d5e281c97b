"""Database URLs, without importing SQLAlchemy (used on the start-up path)."""

from __future__ import annotations

from pathlib import Path


def sqlite_url(path: Path) -> str:
    return f"sqlite+pysqlite:///{path.as_posix()}"
