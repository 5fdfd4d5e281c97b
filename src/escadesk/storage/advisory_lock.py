"""The vault's lock on a database server: a PostgreSQL session advisory lock.

On a server many desks share the database (issue 20); what must stay one process at a
time is the open vault, whose keys each process keeps in memory (storage/data_lock.py).
Held on a connection of its own, open (idle, in autocommit) for as long as the process
has the vault open: the server drops the lock when that session ends, however the process
ends. Its key is derived from the database and schema, so two escadesk databases on one
server do not exclude each other. The holder describes itself in the lock session's
``application_name`` (also what an administrator sees in ``pg_stat_activity``), which a
refused process reads back through ``pg_locks``.

If the server drops the session (a restart, a network cut) the lock is gone without
notice; the vault's key-generation check still refuses any write with a stale key.
"""

from __future__ import annotations

import contextlib
import hashlib
from typing import TYPE_CHECKING, Any

from escadesk.storage.lock_holder import LockHolder, VaultInUseError

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

HOLDER_QUERY = """
SELECT activity.application_name
FROM pg_locks AS lock JOIN pg_stat_activity AS activity ON activity.pid = lock.pid
WHERE lock.locktype = 'advisory' AND lock.granted AND lock.objsubid = 1
  AND lock.database = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND lock.classid::bigint = :high AND lock.objid::bigint = :low
"""


def advisory_key(database: str, schema: str | None, purpose: str = "vault lock") -> int:
    """A signed 64-bit key for pg_try_advisory_lock, the same in every escadesk."""
    digest = hashlib.sha256(f"escadesk {purpose}\0{database}\0{schema or ''}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


class AdvisoryVaultLock:
    def __init__(self, url: str) -> None:
        from sqlalchemy.engine import make_url

        parsed = make_url(url)
        self.url = url
        self.identity = "advisory-vault:" + parsed.render_as_string(hide_password=True)
        self.where = f"the database {parsed.database} on {parsed.host or 'this computer'}"
        self._engine: Engine | None = None
        self._connection: Connection | None = None
        self._key = 0

    def acquire(self, holder: LockHolder) -> None:
        from sqlalchemy import create_engine, text
        from sqlalchemy.pool import NullPool

        engine = create_engine(
            self.url,
            poolclass=NullPool,
            isolation_level="AUTOCOMMIT",  # never "idle in transaction" for hours
            connect_args={"application_name": holder.tag()},
        )
        connection = engine.connect()
        try:
            database, schema = connection.execute(
                text("SELECT current_database(), current_schema()")
            ).one()
            key = advisory_key(database, schema)
            won = connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": key})
            if not won.scalar():
                raise VaultInUseError(self.where, _holder(connection, key))
        except BaseException:
            connection.close()
            engine.dispose()
            raise
        self._engine, self._connection, self._key = engine, connection, key

    def release(self) -> None:
        if self._connection is None or self._engine is None:
            return
        from sqlalchemy import text

        with contextlib.suppress(Exception):  # closing the session drops it anyway
            self._connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": self._key})
        with contextlib.suppress(Exception):
            self._connection.close()
        self._engine.dispose()
        self._engine = self._connection = None


def _holder(connection: Any, key: int) -> LockHolder | None:
    from sqlalchemy import text

    unsigned = key & 0xFFFF_FFFF_FFFF_FFFF
    row = connection.execute(
        text(HOLDER_QUERY), {"high": unsigned >> 32, "low": unsigned & 0xFFFF_FFFF}
    ).first()
    return LockHolder.from_tag(row[0]) if row else None
