"""Cold start to the first painted main window: escadesk with the demo data vs. a bare
PySide6 window with a table, measured in the same run, alternating, several runs each.

    python3 run.py python bench/startup.py [--runs 7]

Each run is a fresh process; the time is from just before the process is spawned to the
first paint event of the main window. Prints both medians and the ratio (target <= 1.3).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROBE = r"""
import os, sys, time
from PySide6.QtCore import QEvent, QObject

def _stamp():
    sys.stdout.write(f"{time.monotonic():.6f}\n")
    sys.stdout.flush()

class _FirstPaint(QObject):
    def __init__(self, then_exit):
        super().__init__()
        self.then_exit = then_exit
        self.seen = False

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not self.seen:
            self.seen = True
            _stamp()
            if self.then_exit:
                os._exit(0)
        return False
"""

BASELINE = (
    PROBE
    + r"""
from PySide6.QtWidgets import QApplication, QMainWindow, QTableWidget, QTableWidgetItem
app = QApplication(sys.argv[:1])
window = QMainWindow()
table = QTableWidget(7, 10)
for row in range(7):
    for column in range(10):
        table.setItem(row, column, QTableWidgetItem(f"cell {row}.{column}"))
window.setCentralWidget(table)
window.resize(1280, 820)
_probe = _FirstPaint(then_exit=True)
window.installEventFilter(_probe)
window.show()
app.exec()
"""
)

ESCADESK = (
    PROBE
    + r"""
from escadesk.ui import main_window
_probe = _FirstPaint(then_exit=False)
_init = main_window.MainWindow.__init__
_attach = main_window.MainWindow.attach
def _patched_init(self, *args, **kwargs):
    _init(self, *args, **kwargs)
    self.installEventFilter(_probe)
def _patched_attach(self, services):
    _attach(self, services)
    _stamp()  # the desk is filled with the demo workshop
    os._exit(0)
main_window.MainWindow.__init__ = _patched_init
main_window.MainWindow.attach = _patched_attach
from escadesk.__main__ import main
main(["--data-dir", sys.argv[1]])
"""
)


def measure(script: str, *args: str) -> list[float]:
    """Seconds from spawning the process to each stamp it prints."""
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    # An installed app runs from compiled bytecode (installers and pip precompile it); a
    # shell with PYTHONDONTWRITEBYTECODE would recompile every module on every start.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    if result.returncode != 0 or not lines:
        raise RuntimeError(f"probe failed ({result.returncode}): {result.stderr[-2000:]}")
    return [float(line) - started for line in lines]


def prepare_demo(folder: Path) -> None:
    """Create and seed the demo database once, so every run opens existing data."""
    from escadesk.app import AppConfig, build_services
    from escadesk.services.clock import FixedClock
    from escadesk.services.demo import DEMO_TODAY, seed_demo

    services = build_services(AppConfig.resolve(folder), clock=FixedClock(DEMO_TODAY))
    seed_demo(services)
    services.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        demo = Path(folder) / "demo"
        prepare_demo(demo)
        measure(BASELINE)  # untimed: warm the OS file cache and write the bytecode caches
        measure(ESCADESK, str(demo))
        baseline, escadesk, filled = [], [], []
        for _ in range(options.runs):
            baseline.append(measure(BASELINE)[0])
            painted, shown = measure(ESCADESK, str(demo))
            escadesk.append(painted)
            filled.append(shown)
    base, ours = statistics.median(baseline), statistics.median(escadesk)
    print(f"runs per variant       : {options.runs}")
    print(
        f"bare PySide6 window    : median {base * 1000:7.1f} ms  "
        f"(min {min(baseline) * 1000:.1f}, max {max(baseline) * 1000:.1f})"
    )
    print(
        f"escadesk, demo data    : median {ours * 1000:7.1f} ms  "
        f"(min {min(escadesk) * 1000:.1f}, max {max(escadesk) * 1000:.1f})"
    )
    print(f"ratio escadesk / bare  : {ours / base:.2f}x  (target <= 1.30x)")
    print(
        f"escadesk, data opened : median {statistics.median(filled) * 1000:7.1f} ms  "
        "(database layer opened, unlock page ready; after the first paint)"
    )


if __name__ == "__main__":
    main()
