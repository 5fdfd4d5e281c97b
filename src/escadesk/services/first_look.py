"""What the page in front of the data needs, read before the database layer is loaded.

Why (issue 17): importing SQLAlchemy and the models takes about half a second and tens of
MiB, and the unlock page used to wait for it. The page only needs to know whether a vault
is set up (unlock, or choose a passphrase) and whether the clock stands still (the demo,
whose page gives its passphrase). A stdlib ``sqlite3`` read tells both in a few
milliseconds; the services open behind the page meanwhile.

The read is ``immutable`` (SQLite takes no lock and opens nothing beside the file: a
read-only connection would leave a ``-shm`` and a ``-wal`` file behind), so it is only
made of a file no one is writing: one with a write-ahead log beside it (another process
has it open, or one crashed) is left to the services.

Anything out of the ordinary answers None, and the window waits for the services as it
always did, which then report the problem (the recovery page): a database server or
another file than the folder's own, a folder that cannot be read, a missing or empty
database where escadesk data lived before, a schema this build does not know, a file
with a write-ahead log, any SQLite error. A page that foresaw wrong is replaced when the
services arrive (ui/main_window.py).
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from escadesk.config import DATABASE_FILE, AppConfig
from escadesk.services.clock import FIXED_CLOCK_SETTING
from escadesk.storage import sqlite_files
from escadesk.storage.schema import KNOWN_REVISIONS
from escadesk.storage.urls import sqlite_url


@dataclass(frozen=True)
class FirstLook:
    #: A vault exists: the unlock page; otherwise the set-up page.
    set_up: bool
    #: The clock stands still (the demo's data): the unlock page says the passphrase.
    demo: bool = False


def first_look(config: AppConfig) -> FirstLook | None:
    """What a plain read of the folder's database tells; None: wait for the services."""
    database = config.data_dir / DATABASE_FILE
    if config.database_url != sqlite_url(database):
        return None  # PostgreSQL or another file: only the services know
    try:
        size = database.stat().st_size if database.exists() else 0
        # Traces of earlier data beside a missing or empty file: the opening refuses it.
        if size == 0:
            traces = (config.backup_dir, config.data_dir / "keys")
            return None if any(trace.exists() for trace in traces) else FirstLook(set_up=False)
        wal = database.with_name(database.name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            return None  # being written, or a crash's last commits: only the services tell
        return _read(database)
    except (OSError, sqlite3.Error):
        return None


def _read(database: Path) -> FirstLook | None:
    with closing(sqlite_files.connect(database, immutable=True)) as connection:
        tables = {
            name
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        if not {"alembic_version", "vault", "setting"} <= tables:
            return None
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        if revision is None or revision[0] not in KNOWN_REVISIONS:
            return None
        vault = connection.execute("SELECT 1 FROM vault WHERE id = 1").fetchone()
        fixed = connection.execute(
            "SELECT 1 FROM setting WHERE key = ?", (FIXED_CLOCK_SETTING,)
        ).fetchone()
    return FirstLook(set_up=vault is not None, demo=fixed is not None)
