"""What the care of the data costs (issue 15): the integrity check at open (``PRAGMA
quick_check``, every open), the full ``integrity_check`` (menu, ``escadesk-cli check``), a
backup (SQLite's backup API, fsynced) and a restore (set aside + copy back), against the
baseline of opening the file and reading one row - measured in the same run, on the demo
and on a large database (bench/exports.py's builder: 10,000 registrations in one
workshop plus 1,000 workshops of 10).

    python3 run.py python bench/data_care.py [--workshops 1000] [--per-workshop 10]
                                             [--large 10000] [--runs 7]

Prints the database size, the median of each and the ratios; asserts nothing.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from escadesk.app import AppConfig, build_services
from escadesk.services.clock import FixedClock
from escadesk.services.demo import DEMO_TODAY, seed_demo
from escadesk.storage.backups import restore, take
from escadesk.storage.integrity import integrity_check, quick_check
from escadesk.storage.sqlite_files import connect
from escadesk.vault.kdf import fast_test_params
from escadesk.vault.keychain import MemoryKeychain
from exports import build


def _open_and_read(path: Path) -> None:
    with closing(connect(path)) as connection:
        connection.execute("SELECT count(*) FROM workshop").fetchone()


def _median_ms(run: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _measure(label: str, path: Path, runs: int) -> None:
    assert quick_check(path) == [] and integrity_check(path) == []
    baseline = _median_ms(lambda: _open_and_read(path), runs)
    quick = _median_ms(lambda: quick_check(path), runs)
    full = _median_ms(lambda: integrity_check(path), runs)
    size = path.stat().st_size / 1024 / 1024
    print(f"{label}: {size:,.1f} MB")
    print(f"  open + read one row (baseline): {baseline:8.1f} ms")
    print(f"  quick_check (every open):       {quick:8.1f} ms  ({quick / baseline:,.1f}x)")
    print(f"  integrity_check (menu, CLI):    {full:8.1f} ms  ({full / baseline:,.1f}x)")
    backups = path.parent / "bench-backups"
    taken: list[Path] = []

    def back_up() -> None:
        taken.append(take(path, backups, datetime.now(UTC), "manual"))

    backup = _median_ms(back_up, runs)
    print(f"  backup (backup API, fsync):     {backup:8.1f} ms  ({backup / baseline:,.1f}x)")
    restore_ms = _median_ms(lambda: restore(taken[-1], path, datetime.now(UTC)), runs)
    print(
        f"  restore (set aside + copy):     {restore_ms:8.1f} ms  ({restore_ms / baseline:,.1f}x)"
    )
    assert quick_check(path) == []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workshops", type=int, default=1000)
    parser.add_argument("--per-workshop", type=int, default=10)
    parser.add_argument("--large", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    options = parser.parse_args()
    print(f"{platform.node()} · Python {platform.python_version()} · median of {options.runs}")
    with tempfile.TemporaryDirectory() as temporary:
        demo = Path(temporary) / "demo"
        services = build_services(
            AppConfig.resolve(demo),
            clock=FixedClock(DEMO_TODAY),
            keychain=MemoryKeychain(),
            kdf_profile=fast_test_params,
        )
        seed_demo(services, vault_passphrase="correct horse battery staple")
        services.close()
        _measure("demo", demo / "escadesk.sqlite3", options.runs)

        large = Path(temporary) / "large"
        services, _ids = build(large, options.workshops, options.per_workshop, options.large)
        services.close()
        registrations = options.workshops * options.per_workshop + options.large
        _measure(f"{registrations:,} registrations", large / "escadesk.sqlite3", options.runs)


if __name__ == "__main__":
    main()
