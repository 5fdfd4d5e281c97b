"""PostgreSQL for the tests: a fresh database per test when a server is at hand.

Set ``ESCADESK_TEST_DATABASE_URL`` to a SQLAlchemy URL of a role that may create
databases (e.g. ``postgresql+psycopg://postgres@127.0.0.1:54329/postgres``) and run with
the driver: ``python3 run.py --group postgres pytest tests/storage ...``. Then every test
of the suites in ``SUITES`` gets a new, empty database of its own as
``ESCADESK_DATABASE_URL`` (which ``AppConfig.resolve`` and the CLI read), dropped after
the test; the tests marked ``sqlite_only`` (about the SQLite file itself) are skipped
with their reason. Without the variable the suites run on a SQLite file in each test's
data folder, as always, and the tests that need a server (``fresh_database``) are
skipped (each says why in its accepted_skip marker).
"""

from __future__ import annotations

import atexit
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

SERVER_VARIABLE = "ESCADESK_TEST_DATABASE_URL"
SKIP_REASON = (
    "needs a PostgreSQL server: set ESCADESK_TEST_DATABASE_URL and run with "
    "--group postgres (the suite itself runs on SQLite)"
)
#: The suites (folders of tests/) that run on the server when there is one.
SUITES = frozenset({"storage", "services", "vault", "cli"})
#: Marks a test about the SQLite file itself; its reason says what of it the test needs.
SQLITE_ONLY = "sqlite_only"
#: The suites whose tests start from an empty database (the migrations are theirs to test);
#: the others get a copy of one migrated once per session, as the app leaves it when it
#: first opens a database (half a second of migrations saved per test).
EMPTY_DATABASE_SUITES = frozenset({"storage"})
_TESTS = Path(__file__).parent
#: The session's database at the schema's head, copied for each test (made on first use).
_at_head: list[str] = []


def server_url() -> str:
    """The server's URL from ESCADESK_TEST_DATABASE_URL, or "" (the suites use SQLite)."""
    return os.environ.get(SERVER_VARIABLE, "").strip()


def _suite(item: pytest.Item) -> str:
    try:
        return item.path.relative_to(_TESTS).parts[0]
    except ValueError:
        return ""


def on_server(item: pytest.Item) -> bool:
    """Whether ``item`` runs on a fresh PostgreSQL database rather than a SQLite file."""
    if not server_url() or item.get_closest_marker(SQLITE_ONLY) is not None:
        return False
    return _suite(item) in SUITES


def _database_at_head() -> str:
    """The session's template: a database migrated to the schema's head, once."""
    if not _at_head:
        from datetime import UTC, datetime

        from escadesk.storage.database import Database

        session = fresh_database()
        url = session.__enter__()
        _at_head.append(url)
        atexit.register(session.__exit__, None, None, None)
        Database.open(url, _TESTS / "no-backups", datetime.now(UTC)).close()
    return _at_head[0]


@contextmanager
def fresh_database(template: str | None = None) -> Iterator[str]:
    """The URL of a new database, dropped afterwards (skips without a server): empty, or a
    copy of the database at ``template`` (nobody may be connected to it)."""
    server = server_url()
    if not server:
        pytest.skip(f"{SERVER_VARIABLE} is not set")
    pytest.importorskip("psycopg", reason="the postgres dependency group is not installed")
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"escadesk_test_{secrets.token_hex(6)}"
    copied = "" if template is None else f' TEMPLATE "{make_url(template).database}"'
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"{copied}'))
        try:
            yield make_url(server).set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def copy_database(source: str, target: str) -> None:
    """Make the (server) database ``target`` a copy of ``source``, as copying a data
    folder copies its SQLite file; nobody may be connected to either."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    source_name = make_url(source).database
    target_name = make_url(target).database
    admin = create_engine(server_url(), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{target_name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{target_name}" TEMPLATE "{source_name}"'))
    finally:
        admin.dispose()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{SQLITE_ONLY}(reason): this test is about the SQLite file itself (the reason says "
        f"what of it); skipped when the suites run on PostgreSQL ({SERVER_VARIABLE})",
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """On a server, skip the SQLite-only tests, saying why (an accepted skip in CI)."""
    if not server_url():
        return
    for item in items:
        marker = item.get_closest_marker(SQLITE_ONLY)
        if marker is None:
            continue
        reason = marker.args[0] if marker.args else marker.kwargs.get("reason", "")
        if not reason:
            raise pytest.UsageError(f"{item.nodeid}: @pytest.mark.{SQLITE_ONLY} needs a reason")
        why = f"SQLite only ({reason}); the suites run on PostgreSQL here"
        item.add_marker(pytest.mark.accepted_skip(why))
        item.add_marker(pytest.mark.skip(reason=why))


@pytest.fixture(autouse=True)
def database_under_test(
    request: pytest.FixtureRequest, _isolated_user_dirs: None, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str | None]:
    """On a server, a fresh database of this test's own as ESCADESK_DATABASE_URL (the
    SQLite file's place): empty for the storage tests, at the schema's head for the
    others; None otherwise."""
    if not on_server(request.node):
        yield None
        return
    empty = _suite(request.node) in EMPTY_DATABASE_SUITES
    with fresh_database(None if empty else _database_at_head()) as url:
        monkeypatch.setenv("ESCADESK_DATABASE_URL", url)
        yield url
