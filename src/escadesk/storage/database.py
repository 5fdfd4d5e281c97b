"""One handle on the database: the engine, sessions, and one transaction per use case."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from escadesk.storage.engine import make_engine, sqlite_path
from escadesk.storage.migrate import prepare

#: Set in a session's ``info`` by whoever appends to the audit log in its transaction.
AUDITED = "escadesk.audited"


def mark_audited(session: Session) -> None:
    """This transaction appends to the audit log: once it commits, the hooks in
    ``Database.after_audited_commit`` run (the vault then anchors the chain's new head
    outside the database, see vault/audit_chain.py)."""
    session.info[AUDITED] = True


class Database:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        #: Called, in the committing thread, after each commit that appended audit
        #: entries; a hook must not raise (the use case has already succeeded).
        self.after_audited_commit: list[Callable[[], None]] = []

    @classmethod
    def open(cls, url: str, backup_dir: Path, moment: datetime) -> Database:
        """Open (creating if needed) and migrate; see migrate.prepare for the safety rules."""
        engine = make_engine(url)
        try:
            prepare(engine, backup_dir, moment)
        except Exception:
            engine.dispose()
            raise
        return cls(engine)

    @property
    def file(self) -> Path | None:
        return sqlite_path(str(self.engine.url))

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """Commit everything the block did, or nothing at all if it raised."""
        with self._sessions() as session:
            with session.begin():
                yield session
            audited = session.info.pop(AUDITED, False)
        if audited:
            for hook in list(self.after_audited_commit):
                hook()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self._sessions() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()
