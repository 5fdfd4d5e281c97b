"""Cold start of the desk vs. a bare PySide6 window with a table, measured in the same run,
alternating, several runs each (every run a fresh process):

- the main window's first paint vs. the bare window's first paint (target <= 1.15x);
- the unlock page ready (its first paint; the data may still be opening behind it) vs.
  the bare window's first paint (target <= 2.5x): what the early page (a plain read of
  the database, services/first_look.py) and the lazy start are for; the probe then types
  the passphrase at once, so the unlock waits for the data as a quick typist's would;
- resident memory at the unlock page (before the data starts opening behind it) and at
  idle with the demo desk unlocked and shown, vs. the bare window idle (target <= 2x), in
  MiB; and vs. a *libraries floor*, the bare window idle after importing every module the
  demo desk had loaded, escadesk's own excepted (SQLAlchemy, cryptography, Babel…): what
  the libraries cost, and what escadesk's own code and data add on top.

    python3 run.py python bench/startup.py [--runs 7]

Times run from just before the process is spawned. Prints medians (with min and max), the
ratios and the machine's load before and after: figures taken on a loaded machine are noisy.
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

IDLE_SECONDS = 1.0  # how long a window sits idle before its memory is read

PROBE = (
    r"""
import os, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer

def _say(label, value):
    sys.stdout.write(f"{label} {value}\n")
    sys.stdout.flush()

def _stamp(label):
    _say(label, f"{time.monotonic():.6f}")

def _resident_bytes():
    if os.path.exists("/proc/self/statm"):  # Linux: resident now
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    import resource  # macOS: the peak (bytes there), the closest it offers

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

MODULES_FILE = None  # the escadesk probe names the modules it had loaded in this file

def _memory_then_exit():
    _say("rss", _resident_bytes())
    if MODULES_FILE:
        with open(MODULES_FILE, "w", encoding="utf-8") as names:
            names.write("\n".join(sorted(sys.modules)))
    os._exit(0)

def _idle_then_measure():
    QTimer.singleShot(int(IDLE_SECONDS * 1000), _memory_then_exit)

class _FirstPaint(QObject):
    def __init__(self, then, label="paint"):
        super().__init__()
        self.then = then
        self.label = label
        self.seen = False

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not self.seen:
            self.seen = True
            _stamp(self.label)
            QTimer.singleShot(0, self.then)
        return False
"""
    + f"IDLE_SECONDS = {IDLE_SECONDS}\n"
)

#: The baseline: a bare main window with a small table (bench/desk_scale_probes.py uses
#: the same window for its floors).
BARE_WINDOW = r"""
from PySide6.QtWidgets import QApplication, QMainWindow, QTableWidget, QTableWidgetItem
app = QApplication(sys.argv[:1])
window = QMainWindow()
table = QTableWidget(7, 10)
for row in range(7):
    for column in range(10):
        table.setItem(row, column, QTableWidgetItem(f"cell {row}.{column}"))
window.setCentralWidget(table)
window.resize(1280, 820)
"""

BASELINE = (
    PROBE
    + BARE_WINDOW
    + r"""
_probe = _FirstPaint(then=_idle_then_measure)
window.installEventFilter(_probe)
window.show()
app.exec()
"""
)

#: Imports every module named in the file ``sys.argv[1]`` (one a line), escadesk's own and
#: the probe's ``__main__`` excepted, with PySide's source check made to keep nothing as
#: escadesk's start does; says how many could not be imported on their own. The libraries
#: floor of this bench and of bench/desk_scale_probes.py.
IMPORT_LIBRARIES = r"""
import importlib
from escadesk.ui.pyside_sources import keep_sources_out_of_memory

keep_sources_out_of_memory()  # as escadesk's start does: PySide's import hook keeps no source

with open(sys.argv[1], encoding="utf-8") as names:
    _wanted = [
        name
        for name in names.read().split()
        if name != "__main__" and name.partition(".")[0] != "escadesk"
    ]
_unimportable = 0
for _name in _wanted:
    if _name not in sys.modules:
        try:
            importlib.import_module(_name)
        except Exception:  # a platform's or a private module: counted, not fatal
            _unimportable += 1
_say("unimportable", _unimportable)
"""

#: The bare window after importing what the escadesk probe had loaded.
LIBRARIES = PROBE + IMPORT_LIBRARIES + BASELINE.removeprefix(PROBE)

ESCADESK = (
    PROBE
    + r"""
MODULES_FILE = sys.argv[3]
from escadesk.ui import main_window
_probe = _FirstPaint(then=lambda: None)
_probes = []
_init = main_window.MainWindow.__init__
_show_page = main_window.MainWindow._show_vault_page
def _patched_init(self, *args, **kwargs):
    _init(self, *args, **kwargs)
    self.installEventFilter(_probe)
def _patched_show_page(self, *args, **kwargs):
    _show_page(self, *args, **kwargs)
    if not _probes:  # the first unlock page: stamped at its first paint
        _probes.append(_FirstPaint(then=lambda: _unlock(self), label="ready"))
        self.vault_page.installEventFilter(_probes[0])
def _unlock(window):
    _say("modules", len(sys.modules))
    _say("page_rss", _resident_bytes())  # before the data starts opening behind the page
    page = window.vault_page
    page.passphrase.setText(sys.argv[2])
    page.unlock_button.click()  # the data may still be opening: the page waits for it
    _wait_for_desk(window)
def _wait_for_desk(window):
    from PySide6.QtCore import QThreadPool

    if window.unlocked and QThreadPool.globalInstance().activeThreadCount() == 0:
        _idle_then_measure()  # the demo desk is shown and nothing runs behind it
    else:
        QTimer.singleShot(20, lambda: _wait_for_desk(window))
main_window.MainWindow.__init__ = _patched_init
main_window.MainWindow._show_vault_page = _patched_show_page
from escadesk.__main__ import main
main(["--data-dir", sys.argv[1]])
"""
)


def measure(script: str, *args: str) -> dict[str, float]:
    """What the probe prints: each stamp as seconds from spawning the process, the resident
    memory in bytes (``rss``; ``page_rss`` at the unlock page), the modules loaded at the
    unlock page (``modules``)."""
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
    said = dict(line.split(" ", 1) for line in result.stdout.splitlines() if " " in line)
    if result.returncode != 0 or "rss" not in said:
        raise RuntimeError(f"probe failed ({result.returncode}): {result.stderr[-2000:]}")
    return {
        label: float(value) - (started if label in STAMPS else 0.0) for label, value in said.items()
    }


STAMPS = ("paint", "ready")


def prepare_demo(folder: Path) -> str:
    """Create and seed the demo data once, as ``escadesk --demo`` does (vault set up, file
    keychain, fixed clock), so every run opens existing data; returns the passphrase."""
    from escadesk.app import AppConfig, build_services
    from escadesk.demo_opening import open_demo
    from escadesk.services.demo import DEMO_PASSPHRASE

    services = build_services(AppConfig.resolve(folder))
    try:
        open_demo(services)
    finally:
        services.close()
    return DEMO_PASSPHRASE


def load() -> str:
    return " ".join(f"{figure:.2f}" for figure in os.getloadavg())


def line(name: str, values: list[float], unit: str, scale: float) -> str:
    return (
        f"{name:<34}: median {statistics.median(values) * scale:7.1f} {unit}  "
        f"(min {min(values) * scale:.1f}, max {max(values) * scale:.1f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    options = parser.parse_args()
    load_before = load()
    with tempfile.TemporaryDirectory() as folder:
        demo = Path(folder) / "demo"
        passphrase = prepare_demo(demo)
        # Every start on its own copy: a probe exits with the data open (os._exit), as a
        # crash would, and the next start would find its write-ahead log (which the early
        # unlock page leaves to the services, services/first_look.py).
        copies = (Path(folder) / f"run-{number}" for number in range(options.runs + 1))

        def start_on_a_copy() -> dict[str, float]:
            data = next(copies)
            shutil.copytree(demo, data)
            return measure(ESCADESK, str(data), passphrase, str(modules))

        modules = Path(folder) / "desk-modules.txt"
        measure(BASELINE)  # untimed: warm the OS file cache and write the bytecode caches
        start_on_a_copy()  # also names the modules the libraries floor loads
        measure(LIBRARIES, str(modules))
        bare: list[dict[str, float]] = []
        libraries: list[dict[str, float]] = []
        ours: list[dict[str, float]] = []
        for _ in range(options.runs):
            bare.append(measure(BASELINE))
            libraries.append(measure(LIBRARIES, str(modules)))
            ours.append(start_on_a_copy())
    load_after = load()

    def column(runs: list[dict[str, float]], label: str) -> list[float]:
        return [run[label] for run in runs]

    bare_paint, bare_rss = column(bare, "paint"), column(bare, "rss")
    paint, ready, rss = column(ours, "paint"), column(ours, "ready"), column(ours, "rss")
    base = statistics.median(bare_paint)
    mib = 1 / 2**20
    print(f"load average (1, 5, 15 min)       : {load_before} before, {load_after} after")
    print(f"runs per variant (alternating)    : {options.runs}")
    print(line("bare PySide6 window, first paint", bare_paint, "ms", 1000))
    print(line("escadesk, first paint", paint, "ms", 1000))
    print(
        f"  ratio to the bare window        : {statistics.median(paint) / base:.2f}x  "
        "(target <= 1.15x)"
    )
    print(line("escadesk, unlock page ready", ready, "ms", 1000))
    print(
        f"  ratio to the bare window        : {statistics.median(ready) / base:.2f}x  "
        "(target <= 2.5x)"
    )
    print(f"  modules loaded by then          : {statistics.median(column(ours, 'modules')):.0f}")
    print(line(f"bare window idle {IDLE_SECONDS:g} s, resident", bare_rss, "MiB", mib))
    page_rss = column(ours, "page_rss")
    print(line("unlock page shown, resident", page_rss, "MiB", mib))
    print(
        f"  ratio to the bare window        : "
        f"{statistics.median(page_rss) / statistics.median(bare_rss):.2f}x"
    )
    print(line(f"demo desk idle {IDLE_SECONDS:g} s, resident", rss, "MiB", mib))
    print(
        f"  ratio to the bare window        : "
        f"{statistics.median(rss) / statistics.median(bare_rss):.2f}x  (target <= 2x)"
    )
    libraries_rss = column(libraries, "rss")
    print(line("libraries floor idle, resident", libraries_rss, "MiB", mib))
    print(
        f"  ratio to the bare window        : "
        f"{statistics.median(libraries_rss) / statistics.median(bare_rss):.2f}x  "
        f"({statistics.median(column(libraries, 'unimportable')):.0f} modules unimportable "
        "on their own)"
    )
    added = statistics.median(rss) - statistics.median(libraries_rss)
    print(
        f"  escadesk's code and data add    : {added * mib:.1f} MiB, "
        f"{statistics.median(rss) / statistics.median(libraries_rss):.2f}x the libraries floor"
    )


if __name__ == "__main__":
    main()
