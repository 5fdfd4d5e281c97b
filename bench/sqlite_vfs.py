"""What SQLite's unix-excl VFS costs (issue 15, item 4: the full-disk fix), against the
default unix VFS, measured in the same run with escadesk's own pragmas (WAL,
synchronous=FULL, secure_delete): small committed writes, as each use case makes, and
short reads. Linux and macOS only (Windows keeps its default VFS).

    python3 run.py python bench/sqlite_vfs.py [--writes 300] [--reads 3000] [--rounds 5]

Prints medians per operation and the ratio unix-excl / default; asserts nothing.
"""

from __future__ import annotations

import argparse
import platform
import sqlite3
import statistics
import tempfile
import time
from contextlib import closing
from pathlib import Path

from escadesk.storage.engine import SQLITE_PRAGMAS


def _connect(path: Path, vfs: str | None) -> sqlite3.Connection:
    uri = f"file:{path}" + (f"?vfs={vfs}" if vfs else "")
    connection = sqlite3.connect(uri, uri=True, isolation_level=None)
    for name, value in SQLITE_PRAGMAS:
        connection.execute(f"PRAGMA {name}={value}")
    return connection


def _round(folder: Path, vfs: str | None, writes: int, reads: int) -> tuple[float, float]:
    path = folder / f"bench-{vfs or 'default'}.sqlite3"
    path.unlink(missing_ok=True)
    with closing(_connect(path, vfs)) as connection:
        connection.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT)")
        start = time.perf_counter()
        for number in range(writes):
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("INSERT INTO note (text) VALUES (?)", (f"note {number}" * 8,))
            connection.execute("COMMIT")
        write_ms = (time.perf_counter() - start) * 1000 / writes
        start = time.perf_counter()
        for number in range(reads):
            connection.execute(
                "SELECT text FROM note WHERE id = ?", (number % writes + 1,)
            ).fetchone()
        read_us = (time.perf_counter() - start) * 1_000_000 / reads
    return write_ms, read_us


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writes", type=int, default=300)
    parser.add_argument("--reads", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()
    results: dict[str, list[tuple[float, float]]] = {"default": [], "unix-excl": []}
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        for _ in range(options.rounds):  # alternate, so load falls on both alike
            results["default"].append(_round(folder, None, options.writes, options.reads))
            results["unix-excl"].append(_round(folder, "unix-excl", options.writes, options.reads))
    print(f"{platform.node()} · SQLite {sqlite3.sqlite_version} · {options.rounds} rounds")
    medians = {
        vfs: (statistics.median(w for w, _ in rows), statistics.median(r for _, r in rows))
        for vfs, rows in results.items()
    }
    for vfs, (write_ms, read_us) in medians.items():
        print(f"{vfs:>10}: commit {write_ms:6.2f} ms   read {read_us:6.1f} µs")
    (dw, dr), (ew, er) = medians["default"], medians["unix-excl"]
    print(f"     ratio: commit {ew / dw:6.2f}x     read {er / dr:6.2f}x  (unix-excl / default)")


if __name__ == "__main__":
    main()
