"""One writer per vault: the lock a process holds while it has the data open (a SQLite
file), or while it has the vault open (a server: :func:`lock_vault`).

Why (issue 14): every process keeps its own vault key in memory. When one erases a card
it rotates the device key and re-wraps every stored key; another process on the same
data goes on wrapping new keys with its old vault key, which nothing can derive any
more: in a 30-second race of two processes, 31 of 77 stored cards stopped opening. So a
second escadesk on the same data (another window, the CLI, another account) is refused
when it opens the data, with a message naming the holder. Which lock:

- a SQLite file: ``escadesk.sqlite3.lock`` beside it (escadesk.storage.file_lock), taken
  when the data is opened (:func:`lock_data`): one escadesk per file;
- PostgreSQL: a shared server is for a team (issue 20): any number of desks open the
  database (row versions refuse stale edits, audit appends are serialized), and what
  stays one process at a time is the *open vault*: a session advisory lock taken when
  the vault is unlocked (:func:`lock_vault`, escadesk.storage.advisory_lock). Only the
  vault desk holds the device key anyway; this also keeps two windows on that desk from
  both opening it. Schema upgrades take a lock of their own (storage/migrations/env.py);
- anything else (an in-memory SQLite database, another server): nothing to share or no
  lock known; the vault's key-generation check still refuses stale writes.

The lock belongs to the process: opening the same data again in the same process (the
test suite's simulated restarts, the self-test) shares it, counted, and the last
release lets it go.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import Protocol

from escadesk.storage.lock_holder import LockHolder

#: ``build_services`` takes the lock through this signature (tests pass their own).
DataLocker = Callable[[str, str], "DataLease"]


class _Backend(Protocol):
    identity: str

    def acquire(self, holder: LockHolder) -> None: ...

    def release(self) -> None: ...


class DataLease:
    """This opening's share of the process's lock; ``release`` may be called twice."""

    def __init__(self, release: Callable[[], None] | None = None) -> None:
        self._release = release

    def release(self) -> None:
        release, self._release = self._release, None
        if release is not None:
            release()


_held: dict[str, tuple[_Backend, int]] = {}
_guard = threading.Lock()


def _forget_after_fork() -> None:
    """A forked child holds nothing until it takes the lock itself (filelock lets go of
    the descriptors it inherited)."""
    global _guard
    _held.clear()
    _guard = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_after_fork)


def lock_data(url: str, program: str) -> DataLease:
    """Take (or share) the lock on the data behind ``url``; ``program`` says what is
    opening it ("window", "cli", "self-test") for a refused process to read. On a
    server nothing is taken (the vault's lock is :func:`lock_vault`'s).

    Raises DataInUseError when another process holds it, DataNotAccessibleError when
    this account may not even try."""
    return _take(_backend_for(url), program)


def lock_vault(url: str, program: str) -> DataLease:
    """Take (or share) the lock on the vault behind ``url`` before unlocking it: on a
    server, the vault's advisory lock; on a SQLite file nothing more than the data's lock,
    which this process already holds.

    Raises VaultInUseError (a DataInUseError) when another process has the vault open."""
    return _take(_vault_backend_for(url), program)


def _take(backend: _Backend | None, program: str) -> DataLease:
    if backend is None:
        return DataLease()
    with _guard:
        held = _held.get(backend.identity)
        if held is None:
            backend.acquire(LockHolder.this_process(program))
            held = (backend, 0)
        _held[backend.identity] = (held[0], held[1] + 1)
    return DataLease(lambda: _drop(backend.identity))


def _drop(identity: str) -> None:
    with _guard:
        backend, count = _held[identity]
        if count > 1:
            _held[identity] = (backend, count - 1)
            return
        del _held[identity]
        backend.release()


def _backend_for(url: str) -> _Backend | None:
    from escadesk.storage.engine import sqlite_path

    database = sqlite_path(url)
    if database is not None:
        from escadesk.storage.file_lock import FileDataLock

        return FileDataLock(database)
    return None


def _vault_backend_for(url: str) -> _Backend | None:
    from sqlalchemy.engine import make_url

    if make_url(url).get_backend_name() == "postgresql":
        from escadesk.storage.advisory_lock import AdvisoryVaultLock

        return AdvisoryVaultLock(url)
    return None
