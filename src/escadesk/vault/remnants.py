"""Look for destroyed bytes in the database's files after an erasure."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path


def database_files(database: Path) -> list[Path]:
    """The database and every companion SQLite may have written beside it."""
    candidates = [database] + [
        database.with_name(database.name + suffix) for suffix in ("-wal", "-shm", "-journal")
    ]
    return [path for path in candidates if path.exists()]


SAMPLE_BYTES = 32
SAMPLES_PER_ITEM = 8


def samples(blob: bytes) -> list[bytes]:
    """Evenly spaced 32-byte windows: a surviving page holding any part of a destroyed
    ciphertext contains at least one of them (ciphertext never repeats by chance)."""
    if len(blob) <= SAMPLE_BYTES:
        return [blob] if len(blob) >= 16 else []
    last = len(blob) - SAMPLE_BYTES
    count = min(SAMPLES_PER_ITEM, last // SAMPLE_BYTES + 1)
    starts = sorted({round(i * last / max(count - 1, 1)) for i in range(count)})
    return [blob[start : start + SAMPLE_BYTES] for start in starts]


def find_remnants(
    files: Iterable[Path],
    destroyed: Iterable[bytes],
    label: Callable[[Path], str] = lambda path: path.name,
) -> list[str]:
    """Which files still hold a piece of the destroyed items, one entry per file:
    "<label> (n of m destroyed items)"; empty means clean."""
    items = [samples(blob) for blob in destroyed]
    found: list[str] = []
    for path in files:
        data = path.read_bytes()
        hits = sum(any(piece in data for piece in pieces) for pieces in items)
        if hits:
            found.append(f"{label(path)} ({hits} of {len(items)} destroyed items)")
    return found
