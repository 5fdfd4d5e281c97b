"""Open a user's file only when it is a regular file, and read it with a bound.

Why: the path comes from a file dialog or a command line, and not everything with a name
is a file. Opening a named pipe blocks until someone writes to it (the window froze for
ever); a device such as ``/dev/zero`` never ends (read until memory ran out); a folder or
a socket cannot be read at all. So the kind is checked with ``os.stat`` *before* opening,
the open itself never blocks (``O_NONBLOCK``), the kind is checked again on the open
descriptor (the path may have been swapped in between), and reads stop one byte past
the limit whatever the file claims its size is.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Protocol

from escadesk.i18n import N_, _
from escadesk.importing.errors import TableReadError

_NOT_REGULAR = N_("'{name}' is not a regular file (it is {kind}); choose {wanted}.")
_LINK = N_("a link to {kind}")
#: What a table import asks for instead (a form import asks for a saved PDF), marked for
#: the catalogue and translated in the refusal: a noun phrase, "a saved PDF file".
TABLE_FILES = N_("a saved .xlsx or .csv file")
# Translators: noun phrases completing "'x' is not a regular file (it is {kind})".
_KINDS = (
    (stat.S_ISFIFO, N_("a named pipe")),
    (stat.S_ISCHR, N_("a character device")),
    (stat.S_ISBLK, N_("a block device")),
    (stat.S_ISDIR, N_("a folder")),
    (stat.S_ISSOCK, N_("a socket")),
)
_SPECIAL = N_("a special file")
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a pipe or device opens at once instead of waiting
    | getattr(os, "O_NOCTTY", 0)  # a terminal never becomes ours
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)  # Windows: no newline translation
)
_CHUNK = 1024 * 1024


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes | None: ...


def check_regular(path: Path, wanted: str = TABLE_FILES) -> None:
    """Refuse ``path`` unless it is (or links to) a regular file; never opens it.

    A missing file raises the ``OSError`` of ``os.stat``, for the caller to word;
    ``wanted`` says in the refusal what to choose instead.
    """
    info = os.stat(path)  # follows links: a link to a regular file is fine
    if stat.S_ISREG(info.st_mode):
        return
    kind = _kind(info.st_mode)
    if os.path.islink(path):
        kind = _(_LINK).format(kind=kind)
    raise TableReadError(_not_regular(path, kind, wanted))


@contextmanager
def open_regular(path: Path, wanted: str = TABLE_FILES) -> Iterator[BinaryIO]:
    """Open ``path`` for reading bytes, refusing anything that is not a regular file."""
    path = Path(path)
    check_regular(path, wanted)
    descriptor = os.open(path, _OPEN_FLAGS)
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):  # replaced between the check and the open
            raise TableReadError(_not_regular(path, _kind(mode), wanted))
        handle = os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise
    with handle:
        yield handle


def file_size(handle: BinaryIO) -> int:
    """Size in bytes of the open file, as the file system states it now."""
    return os.fstat(handle.fileno()).st_size


def read_at_most(handle: _Readable, limit: int) -> bytes:
    """At most ``limit + 1`` bytes: more than ``limit`` means "too large", never "all of it"."""
    chunks: list[bytes] = []
    remaining = limit + 1
    while remaining > 0:
        chunk = handle.read(min(remaining, _CHUNK))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def _not_regular(path: Path, kind: str, wanted: str) -> str:
    return _(_NOT_REGULAR).format(name=path.name, kind=kind, wanted=_(wanted))


def _kind(mode: int) -> str:
    """What the file is, in the user's language ("a named pipe")."""
    return _(next((name for test, name in _KINDS if test(mode)), _SPECIAL))
