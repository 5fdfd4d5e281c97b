"""A fresh PostgreSQL database for a test, when a server is at hand.

Set ``ESCADESK_TEST_POSTGRES_URL`` to a SQLAlchemy URL of a role that may create
databases (e.g. ``postgresql+psycopg://postgres@127.0.0.1:54329/postgres``) and run with
the driver: ``python3 run.py --group postgres pytest ...``. Without either, the tests
that need it are skipped (each says why in its accepted_skip marker).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

SERVER_VARIABLE = "ESCADESK_TEST_POSTGRES_URL"
SKIP_REASON = (
    "needs a PostgreSQL server: set ESCADESK_TEST_POSTGRES_URL and run with "
    "--group postgres (the suite itself runs on SQLite)"
)


@contextmanager
def fresh_database() -> Iterator[str]:
    """The URL of a new, empty database, dropped afterwards (skips without a server)."""
    server = os.environ.get(SERVER_VARIABLE, "").strip()
    if not server:
        pytest.skip(f"{SERVER_VARIABLE} is not set")
    pytest.importorskip("psycopg", reason="the postgres dependency group is not installed")
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"escadesk_test_{secrets.token_hex(6)}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield make_url(server).set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()
