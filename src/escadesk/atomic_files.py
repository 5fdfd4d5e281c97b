"""Write a file so that it is either wholly there or not changed at all.

The data goes to a temporary name in the target's own folder, is flushed to disk, and is
then renamed over the target (``os.replace``: atomic on one file system). A failure or a
cancel leaves no partial file where the user asked for one, and an existing file stays
exactly as it was. Used for every file the app writes for the user (workbooks, drafts).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from escadesk.disk_space import DiskFullError, is_disk_full


def write_atomically(
    target: Path, write: Callable[[BinaryIO], object], *, prefix: str, suffix: str = ".tmp"
) -> None:
    """Call ``write`` with a binary stream, then put what it wrote at ``target``.

    The temporary file is created owner-only (0600, ``mkstemp``) and keeps that mode.
    """
    try:
        handle, temporary = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=target.parent)
    except OSError as error:  # no room even for an empty file (blocks or inodes)
        if is_disk_full(error):
            raise DiskFullError(target.parent) from None
        raise
    try:
        with os.fdopen(handle, "w+b") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if is_disk_full(error) and not isinstance(error, DiskFullError):
            raise DiskFullError(target.parent) from None
        raise


def fsync_folder(folder: Path) -> None:
    """Make a new entry in ``folder`` durable (POSIX; Windows has no directory handle)."""
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
