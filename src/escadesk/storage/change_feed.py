"""PostgreSQL's LISTEN/NOTIFY: how one desk hears that another committed a change.

The sending side is one statement in the writer's own transaction (:func:`notify`): the
server delivers it only when that transaction commits, and drops it on a rollback, so a
desk never hears of a change that was not saved. The listening side is one extra
connection per desk (:class:`ChangeListener`), in autocommit, that does nothing but
LISTEN: it never holds a transaction open, and a window can watch its socket and read it
without ever waiting (psycopg connections are non-blocking underneath).

SQLite has no such thing, and needs none: its lock file admits one desk per data folder.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from sqlalchemy import text

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

#: The channel every escadesk desk listens on (one per database: NOTIFY is per database).
CHANNEL = "escadesk_changes"
#: What an administrator sees in pg_stat_activity for a desk's listening connection.
APPLICATION_NAME = "escadesk live changes"
#: PostgreSQL refuses a payload of 8000 bytes or more.
MAX_PAYLOAD = 7900


class ListenerLost(Exception):
    """The listening connection is gone (the server restarted, the network dropped)."""


def supports_notify(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def notify(session: Session, payload: str) -> None:
    """Queue ``payload`` on the channel, delivered when (and only if) this transaction
    commits."""
    session.execute(
        text("SELECT pg_notify(:channel, :payload)"), {"channel": CHANNEL, "payload": payload}
    )


class ChangeListener:
    """One connection of its own, listening on :data:`CHANNEL`.

    ``connect`` may wait for the network (call it off the GUI thread); ``fileno`` is the
    socket to watch; ``receive`` never waits: it returns the payloads already arrived, and
    raises :class:`ListenerLost` once the connection has failed.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._connection: Any = None

    @property
    def connected(self) -> bool:
        return self._connection is not None and not self._connection.closed

    def connect(self, timeout_seconds: int = 5) -> None:
        """Open the connection and LISTEN; raises ListenerLost when the server cannot be
        reached. The engine's own URL and options, with keepalives so that a silent
        network cut is noticed too."""
        import psycopg

        self.close()
        dialect = self._engine.dialect
        args, kwargs = dialect.create_connect_args(self._engine.url)
        kwargs = {
            **kwargs,
            "autocommit": True,
            "application_name": APPLICATION_NAME,
            "connect_timeout": timeout_seconds,
            "keepalives": 1,
            "keepalives_idle": 30,
            "keepalives_interval": 10,
            "keepalives_count": 3,
        }
        try:
            connection = psycopg.connect(*args, **kwargs)
            connection.execute(f"LISTEN {CHANNEL}")
        except psycopg.Error as error:
            raise ListenerLost(str(error).strip()) from None
        self._connection = connection

    def fileno(self) -> int:
        if self._connection is None:
            raise ListenerLost("not connected")
        return int(self._connection.fileno())

    @property
    def backend_pid(self) -> int | None:
        """The server process of the listening session (tests end it on purpose)."""
        return None if self._connection is None else int(self._connection.info.backend_pid)

    def receive(self) -> list[str]:
        """The payloads arrived so far, without waiting."""
        import psycopg

        connection = self._connection
        if connection is None or connection.closed:
            raise ListenerLost("not connected")
        try:
            return [notice.payload for notice in connection.notifies(timeout=0)]
        except psycopg.Error as error:
            self.close()
            raise ListenerLost(str(error).strip()) from None

    def close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(Exception):  # a dead connection may fail to close
                connection.close()
