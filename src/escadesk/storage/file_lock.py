"""The lock beside a SQLite database: ``escadesk.sqlite3.lock``, and who holds it in
``escadesk.sqlite3.holder``.

The lock is ``filelock``'s native lock: ``flock`` on Unix, ``LockFileEx`` on Windows. The
kernel drops it when the holding process ends, however it ends (a crash, SIGKILL, a
power cut), so there is no stale lock to recover from, and no age or pid guesswork that
could let two writers in. The holder's description is a separate file because it must
be readable while the lock is held (Windows locks the lock file's first byte against
reads); it is written after the lock is won and removed before it is let go.

Permissions follow the database file's: whoever may open the database may take the lock
and read who holds it; nobody else can even try (the data folder is its owner's only).
"""

from __future__ import annotations

import contextlib
import os
import stat
import time
from pathlib import Path
from typing import TYPE_CHECKING

from escadesk.storage.lock_holder import DataInUseError, LockHolder, not_accessible

if TYPE_CHECKING:
    from filelock import BaseFileLock

#: A refused process waits this long for a new holder's description to appear.
HOLDER_WAIT_SECONDS = 0.5


class FileDataLock:
    def __init__(self, database: Path) -> None:
        self.database = database
        self.lock_path = database.with_name(database.name + ".lock")
        self.holder_path = database.with_name(database.name + ".holder")
        #: The same file under any spelling of its path (a process shares its own lock).
        self.identity = "file:" + os.path.realpath(self.lock_path)
        self._lock: BaseFileLock | None = None

    def acquire(self, holder: LockHolder) -> None:
        """Take the lock or raise DataInUseError naming the holder (or DataNotAccessible-
        Error when this account may not open the lock file at all)."""
        from filelock import FileLock, Timeout

        mode = _permissions_of(self.database)
        lock = FileLock(self.lock_path, mode=mode, thread_local=False, blocking=False)
        try:
            self.database.parent.mkdir(parents=True, exist_ok=True)  # as make_engine would
            lock.acquire()
        except Timeout:
            raise DataInUseError(str(self.database.parent), self._holder()) from None
        except PermissionError as error:
            raise not_accessible(self.database.parent, error) from None
        self._lock = lock
        if os.name == "posix":  # an older lock file follows the database's permissions now
            with contextlib.suppress(OSError):
                os.chmod(self.lock_path, mode)
        self._publish(holder, mode)

    def release(self) -> None:
        if self._lock is None:
            return
        with contextlib.suppress(OSError):  # still ours while the lock is held
            self.holder_path.unlink()
        self._lock.release()
        self._lock = None

    def _publish(self, holder: LockHolder, mode: int) -> None:
        """Best effort: a missing description only makes a refusal less specific."""
        temporary = self.holder_path.with_name(f"{self.holder_path.name}.{os.getpid()}.tmp")
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
            with os.fdopen(os.open(temporary, flags, mode), "w", encoding="utf-8") as handle:
                handle.write(holder.to_json())
            if os.name == "posix":
                os.chmod(temporary, mode)  # the umask must not narrow who can read it
            os.replace(temporary, self.holder_path)
        except OSError:
            with contextlib.suppress(OSError):
                temporary.unlink()

    def _holder(self) -> LockHolder | None:
        """The holder's description; a winner may not have written its own yet, so a
        missing one or a crashed process's is looked at again for a moment."""
        deadline = time.monotonic() + HOLDER_WAIT_SECONDS
        while True:
            try:
                found = LockHolder.from_json(self.holder_path.read_text("utf-8"))
            except OSError:
                found = None
            if found is not None and found.plausibly_running():
                return found
            if time.monotonic() >= deadline:
                return None
            time.sleep(0.05)


def _permissions_of(database: Path) -> int:
    """The database file's read/write bits (owner only, 0600, for a new database)."""
    try:
        return stat.S_IMODE(database.stat().st_mode) & 0o666 | 0o600
    except OSError:
        return 0o600
