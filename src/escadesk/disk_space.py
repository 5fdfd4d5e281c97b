"""A full disk, said once for every layer (storage, exports, letters, the vault's key
file): no module that writes needs to know another's errors to say it the same way."""

from __future__ import annotations

import errno
from pathlib import Path


class DiskFullError(OSError):
    """A write failed for want of space; what it belonged to was rolled back or never
    put in place (SQLite's transaction, an atomic file write), so nothing of it was saved.
    An OSError with ENOSPC, so code that handles OSError keeps working."""

    def __init__(self, folder: Path | None) -> None:
        where = f" ({folder})" if folder is not None else ""
        super().__init__(
            errno.ENOSPC,
            f"The disk is full: nothing was saved{where}. Free some space, then try again.",
        )
        self.folder = folder

    def __str__(self) -> str:
        return str(self.strerror)


def is_disk_full(error: BaseException) -> bool:
    """ENOSPC (or a quota) from the OS, or SQLite's "database or disk is full"."""
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    return "database or disk is full" in str(error)
