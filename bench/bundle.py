"""The built app: bundle and installer size, and its cold start against a bare PySide6
window frozen the same way, measured in the same run, alternating, several runs each.

    python3 run.py --group packaging python bench/bundle.py [--runs 7] [--work DIR]

Both are built with installer/escadesk.spec (the bare window through its ``--entry``
option: same exclusions, same Qt plugins, same stripping). Each run is a fresh process;
the time is from just before it is spawned to the first paint of its main window, which
each program appends to the file named by ESCADESK_FIRST_PAINT_FILE (``time.monotonic()``
is system-wide, so the two clocks agree). escadesk opens an existing demo database, as in
bench/startup.py. Prints both medians and the ratio (target <= 1.1x, issue 17), and the
machine's load before and after the timed runs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "installer"))

import build as installer  # noqa: E402  (installer/build.py)

FIRST_PAINT_FILE = "ESCADESK_FIRST_PAINT_FILE"

BARE_WINDOW = r'''
"""A bare PySide6 main window with a table: the start-up baseline."""
import os
import sys
import time

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow, QTableWidget, QTableWidgetItem


class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and watched is window:
            with open(os.environ["ESCADESK_FIRST_PAINT_FILE"], "a", encoding="ascii") as handle:
                handle.write(f"{time.monotonic():.6f}\n")
            os._exit(0)
        return False


app = QApplication(sys.argv[:1])
window = QMainWindow()
table = QTableWidget(7, 10)
for row in range(7):
    for column in range(10):
        table.setItem(row, column, QTableWidgetItem(f"cell {row}.{column}"))
window.setCentralWidget(table)
window.resize(1280, 820)
probe = FirstPaint()
app.installEventFilter(probe)
window.show()
sys.exit(app.exec())
'''


def first_paint(program: Path, arguments: list[str], stamps: Path) -> float:
    """Seconds from spawning ``program`` to its first paint."""
    stamps.unlink(missing_ok=True)
    environment = {
        **os.environ,
        FIRST_PAINT_FILE: str(stamps),
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
    }
    started = time.monotonic()
    result = subprocess.run(
        [str(program), *arguments],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )
    if result.returncode != 0 or not stamps.exists():
        raise RuntimeError(f"{program.name} failed ({result.returncode}): {result.stderr[-2000:]}")
    return float(stamps.read_text("ascii").split()[0]) - started


def prepare_demo(folder: Path) -> None:
    """Create and seed the demo database once, so every run opens existing data."""
    from escadesk.app import AppConfig, build_services
    from escadesk.services.clock import FixedClock
    from escadesk.services.demo import DEMO_TODAY, seed_demo

    services = build_services(AppConfig.resolve(folder), clock=FixedClock(DEMO_TODAY))
    seed_demo(services)
    services.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--work", type=Path, help="build folder (default: a temporary one)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="escadesk-bench-") as temporary:
        work = (options.work or Path(temporary)).resolve()
        started = time.monotonic()
        app = installer.build_bundle(work / "app", work / "app" / "dist")
        build_seconds = time.monotonic() - started
        bare_script = work / "bare_window.py"
        bare_script.write_text(BARE_WINDOW, encoding="utf-8")
        bare = installer.build_bundle(
            work / "bare", work / "bare" / "dist", entry=bare_script, name="bare", icons=False
        )
        packages = {
            kind: (path.name, path.stat().st_size)
            for kind, path in installer.package(
                app, work / "packages", work, work / "app" / "icons"
            ).items()
        }
        app_bytes, app_files = installer.folder_size(app)
        bare_bytes, _ = installer.folder_size(bare)

        demo = work / "demo"
        shutil.rmtree(demo, ignore_errors=True)
        prepare_demo(demo)
        stamps = work / "first-paint.txt"
        app_program = installer.executable(app)
        bare_program = installer.executable(bare, "bare")
        app_arguments = ["--data-dir", str(demo)]
        load_before = os.getloadavg()
        # Untimed: warm the OS file cache for both.
        first_paint(bare_program, [], stamps)
        first_paint(app_program, app_arguments, stamps)
        baseline, escadesk = [], []
        for _ in range(options.runs):
            baseline.append(first_paint(bare_program, [], stamps))
            escadesk.append(first_paint(app_program, app_arguments, stamps))
        load_after = os.getloadavg()

    mib = 2**20
    base, ours = statistics.median(baseline), statistics.median(escadesk)
    print(f"system                 : {installer.package_stem()}")
    print(f"build (PyInstaller)    : {build_seconds:.0f} s")
    print(
        f"escadesk bundle        : {app_bytes / mib:.1f} MiB ({app_files} files; "
        "ceiling 135: tests/packaging/test_bundle.py)"
    )
    print(f"bare window bundle     : {bare_bytes / mib:.1f} MiB")
    for kind, (name, size) in packages.items():
        print(f"{kind:<23}: {size / mib:.1f} MiB ({name})")
    print(f"runs per variant       : {options.runs}")
    print(
        "load (1, 5, 15 min)    : "
        f"before {' '.join(f'{value:.2f}' for value in load_before)}, "
        f"after {' '.join(f'{value:.2f}' for value in load_after)} "
        f"({os.cpu_count()} cores; figures under load are noisy)"
    )
    print(
        f"bare window, frozen    : median {base * 1000:7.1f} ms  "
        f"(min {min(baseline) * 1000:.1f}, max {max(baseline) * 1000:.1f})"
    )
    print(
        f"escadesk, frozen       : median {ours * 1000:7.1f} ms  "
        f"(min {min(escadesk) * 1000:.1f}, max {max(escadesk) * 1000:.1f})"
    )
    print(f"ratio escadesk / bare  : {ours / base:.2f}x  (target <= 1.10x)")


if __name__ == "__main__":
    main()
