"""Every connection to escadesk's SQLite file goes through here, with one VFS.

Why ``unix-excl`` on Linux and macOS (issue 15, the full disk): SQLite's default unix
VFS keeps the WAL index in a ``-shm`` file it memory-maps. On a full disk that file
cannot be allocated: opening fails with "disk I/O error" even to read, and a disk that
fills while the file is mapped ends the process with SIGBUS, with no message at all. The
``unix-excl`` VFS keeps the WAL index in the process's heap instead (no ``-shm`` file),
so on a full disk reads still work and a write fails cleanly with "database or disk is
full". It also holds an exclusive lock on the file for as long as a connection is open:
no other process can read or write the database meanwhile, which is what the data lock
(storage/data_lock.py) promises anyway; SQLite now enforces it too.

All connections of one process must use the same VFS: connections inside a process share
the heap WAL index, and a default-VFS connection beside them would use a ``-shm`` file of
its own and could miss committed pages. So the engine, the revision check, backups, the
integrity check and the tests all call :func:`connect`.

Windows has no unix-excl (its VFS maps ``-shm`` too, but a full disk gives an error, not
a signal): there the default VFS is used.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote

#: None: SQLite's default VFS.
VFS: str | None = "unix-excl" if os.name == "posix" else None


def uri(path: Path, *, read_only: bool = False, immutable: bool = False) -> str:
    """A SQLite URI for the file (percent-encoded, so '?', '#' and '%' in folder names
    stay part of the path). ``immutable``: read the file as it is, without locks, the WAL
    or any file beside it (services/first_look.py; never for data that matters)."""
    query = []
    if VFS:
        query.append(f"vfs={VFS}")
    if read_only or immutable:
        query.append("mode=ro")
    if immutable:
        query.append("immutable=1")
    encoded = quote(str(Path(path).absolute()).replace(os.sep, "/"), safe="/:")
    if os.name == "nt":
        encoded = "/" + encoded  # file:///C:/... : the drive letter after a slash
    return f"file:{encoded}" + (f"?{'&'.join(query)}" if query else "")


def connect(
    path: Path, *, read_only: bool = False, immutable: bool = False, **options: Any
) -> sqlite3.Connection:
    """A plain connection to the file through escadesk's VFS (or SQLite's default VFS, for
    the whole process, where this SQLite was built without unix-excl: every connection of
    a process must use the same one)."""
    global VFS
    try:
        return sqlite3.connect(
            uri(path, read_only=read_only, immutable=immutable), uri=True, **options
        )
    except sqlite3.OperationalError as error:
        if VFS is None or "no such vfs" not in str(error):
            raise
        VFS = None
        return sqlite3.connect(
            uri(path, read_only=read_only, immutable=immutable), uri=True, **options
        )
