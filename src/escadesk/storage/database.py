"""One handle on the database: the engine, sessions, and one transaction per use case."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DatabaseError as SQLAlchemyDatabaseError
from sqlalchemy.orm import Session, sessionmaker

from escadesk.disk_space import DiskFullError, is_disk_full
from escadesk.permission_refusal import is_permission_denied, refused
from escadesk.storage.engine import make_engine, sqlite_path
from escadesk.storage.integrity import check_before_open, storage_failure
from escadesk.storage.migrate import prepare

#: Set in a session's ``info`` by whoever appends to the audit log in its transaction.
AUDITED = "escadesk.audited"


def mark_audited(session: Session) -> None:
    """This transaction appends to the audit log: once it commits, the hooks in
    ``Database.after_audited_commit`` run (the vault then anchors the chain's new head
    outside the database, see vault/audit_chain.py)."""
    session.info[AUDITED] = True


class DatabaseClosedError(RuntimeError):
    """A closed database was used again: a bug in the caller (see Database.close)."""


class Database:
    def __init__(self, engine: Engine, backup_dir: Path | None = None) -> None:
        self.engine = engine
        #: Set by ``close``: no session opens any more.
        self.closed = False
        #: Where this database's backups are kept (None: no backups, e.g. a server).
        self.backup_dir = backup_dir
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        #: Called, in the committing thread, after each commit that appended audit
        #: entries; a hook must not raise (the use case has already succeeded).
        self.after_audited_commit: list[Callable[[], None]] = []

    @classmethod
    def open(
        cls, url: str, backup_dir: Path, moment: datetime, vault_traces: Iterable[Path] = ()
    ) -> Database:
        """Check (a SQLite file: storage/integrity.py), open (creating if needed) and
        migrate (see migrate.prepare for the safety rules). ``vault_traces`` are files or
        folders whose presence means a vault lived here, so an empty database is damage.
        Raises DataUnreadableError (or DataInUseError) with words for the director."""
        path = sqlite_path(url)
        if path is not None:
            check_before_open(path, [backup_dir, *vault_traces])
        engine = make_engine(url)
        try:
            prepare(engine, backup_dir, moment)
        except SQLAlchemyDatabaseError as error:
            engine.dispose()
            if path is not None and isinstance(error.orig, sqlite3.Error):
                known = storage_failure(path, error.orig)
                if known is not None:
                    raise known from None
            raise
        except BaseException:
            engine.dispose()
            raise
        return cls(engine, backup_dir if path is not None else None)

    @property
    def file(self) -> Path | None:
        return sqlite_path(str(self.engine.url))

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """Commit everything the block did, or nothing at all if it raised."""
        with self._session() as session:
            try:
                with session.begin():
                    yield session
            except SQLAlchemyDatabaseError as error:  # rolled back: nothing of it was saved
                if is_disk_full(error):
                    raise DiskFullError(self.file.parent if self.file else None) from None
                if is_permission_denied(error):  # a role on a server (storage/server_roles)
                    raise refused(error, self.engine.url.username) from None
                raise
            audited = session.info.pop(AUDITED, False)
        if audited:
            for hook in list(self.after_audited_commit):
                hook()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self._session() as session:
            try:
                yield session
            except SQLAlchemyDatabaseError as error:
                if is_permission_denied(error):  # a role on a server (storage/server_roles)
                    raise refused(error, self.engine.url.username) from None
                raise

    def _session(self) -> Session:
        if self.closed:
            raise DatabaseClosedError(f"The database {self.engine.url!r} was closed.")
        return self._sessions()

    def close(self) -> None:
        """Let go of the connections, for good. SQLAlchemy would quietly open new ones for
        a session started after ``dispose``, and nobody would close those (on a server,
        psycopg then warns when they are collected; on a SQLite file, the data's lock is
        already released): so a closed database refuses sessions instead."""
        self.closed = True
        self.engine.dispose()
