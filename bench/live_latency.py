"""Live refresh between desks (issue 20): the time from desk A's commit to desk B's desk
showing it, on a real PostgreSQL server, through LISTEN/NOTIFY and the window's refresh.

    ESCADESK_TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:54344/postgres \\
    QT_QPA_PLATFORM=offscreen python3 run.py --group postgres python bench/live_latency.py

Desk B is a real window (offscreen) on a fresh database with the demo seeded; desk A, in a
thread of the same process with its own engine, edits a registration every 0.4 s (``--runs``
times). Measured: commit returned at A -> B's ``refresh`` returned with that row. The floor
is B's own ``refresh`` of one row, timed in the same run (the edits come 0.4 s apart, so
the limit of one live refresh per ``COALESCE_MS`` never delays them). Prints medians and
the load.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    server = os.environ.get("ESCADESK_TEST_DATABASE_URL", "")
    if not server:
        print("Set ESCADESK_TEST_DATABASE_URL to a PostgreSQL server URL.", file=sys.stderr)
        return 2
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"escadesk_bench_{secrets.token_hex(4)}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    try:
        return _measure(url, runs)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def _measure(url: str, runs: int) -> int:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from escadesk.app import AppConfig, build_services
    from escadesk.services.clock import FixedClock
    from escadesk.services.demo import DEMO_PASSPHRASE, DEMO_TODAY, seed_demo
    from escadesk.storage.data_lock import DataLease
    from escadesk.ui.live_changes import COALESCE_MS
    from escadesk.ui.main_window import MainWindow
    from escadesk.vault.kdf import fast_test_params
    from escadesk.vault.keychain import MemoryKeychain

    app = QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="escadesk-live-"))
    desk_b = build_services(
        AppConfig.resolve(folder / "b", database_url=url),
        clock=FixedClock(DEMO_TODAY),
        keychain=MemoryKeychain(),
        kdf_profile=fast_test_params,
    )
    desk_a = build_services(
        AppConfig.resolve(folder / "a", database_url=url),
        clock=FixedClock(DEMO_TODAY),
        actor="desk-a",
        keychain=MemoryKeychain(),
        data_lock=lambda _url, _program: DataLease(),
    )
    seed_demo(desk_b, vault_passphrase=DEMO_PASSPHRASE)
    window = MainWindow(desk_b)
    window.show()
    page = window.vault_page
    _until(app, lambda: page is not None and page.passphrase.isEnabled())
    QTest.keyClicks(page.passphrase, DEMO_PASSPHRASE)
    QTest.mouseClick(page.unlock_button, Qt.MouseButton.LeftButton)
    live = window.live_changes
    _until(app, lambda: window.unlocked and live is not None and live.listening, 15)

    (workshop,) = desk_a.workshops.list()
    target = desk_a.registrations.list(workshop.id)[0]
    shown: dict[int, float] = {}
    refresh = window.refresh

    def timed_refresh(changed=None) -> None:
        refresh(changed)
        shown[len(shown)] = time.perf_counter()

    window.refresh = timed_refresh  # type: ignore[method-assign]
    committed: list[float] = []

    def desk_a_edits() -> None:
        for number in range(runs):
            time.sleep(0.4)
            row = next(r for r in desk_a.registrations.list(workshop.id) if r.id == target.id)
            title = f"Title {number}"
            desk_a.registrations.update_details(
                row.id, replace(row.details, contact_title=title), expected_version=row.version
            )
            committed.append(time.perf_counter())

    load_before = os.getloadavg()
    writer = threading.Thread(target=desk_a_edits)
    writer.start()
    _until(app, lambda: len(shown) >= runs, runs * 2 + 10)
    writer.join()
    latencies = [(shown[i] - committed[i]) * 1000 for i in range(runs)]
    window.refresh = refresh  # type: ignore[method-assign]
    floors = []
    for _ in range(runs):
        start = time.perf_counter()
        window.refresh([target.id])
        floors.append((time.perf_counter() - start) * 1000)
    load_after = os.getloadavg()
    print(f"runs {runs}; at most one live refresh per {COALESCE_MS} ms (not reached here)")
    print(
        f"commit at desk A -> desk B refreshed: median {statistics.median(latencies):.0f} ms "
        f"(min {min(latencies):.0f}, max {max(latencies):.0f})"
    )
    print(f"floor, desk B's refresh of one row alone: median {statistics.median(floors):.1f} ms")
    print(f"load before {load_before[0]:.2f}, after {load_after[0]:.2f} (2 cores)")
    window.close()
    desk_a.close()
    desk_b.close()
    return 0


def _until(app, condition, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit("timed out")
        app.processEvents()
        time.sleep(0.002)


if __name__ == "__main__":
    raise SystemExit(main())
