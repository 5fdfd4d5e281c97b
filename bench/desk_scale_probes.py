"""Fresh processes for bench/desk_scale.py: the unlock page against a bare window (as
bench/startup.py times the first paint), and resident memory with the desk shown.

Each probe prints ``name value`` lines: ``ready`` (``time.monotonic()`` when the first
paint event reaches the bare window, or the unlock page), then ``rss`` and ``peak`` (MiB:
VmRSS and VmHWM from /proc/self/status; psutil's resident size where there is no /proc,
else the peak from getrusage). The escadesk probe runs the real entry point on a data
folder; after the unlock page's first paint (the data may still be opening behind it) it
waits for the data, unlocks, shows the desk (every row in its table) and paints it before
reading its memory, and writes the names of the modules it has loaded to a file.

The third probe, the *libraries floor*, is the bare window with every module that the
escadesk probe had loaded imported first, escadesk's own excepted: the Python, Qt and
third-party code the desk cannot start without (SQLAlchemy, cryptography, Babel…), so the
memory figure can be split into what those libraries cost and what escadesk adds.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from startup import BARE_WINDOW, IMPORT_LIBRARIES  # bench/ is the script's folder

COMMON = r"""
import gc, os, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer

def _say(name, value):
    sys.stdout.write(f"{name} {value:.6f}\n")
    sys.stdout.flush()

def _memory():
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            fields = dict(line.split(":", 1) for line in status if ":" in line)
        return (int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024)
    except (OSError, KeyError, ValueError):
        pass
    try:
        import psutil
    except ImportError:
        import resource
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return (None, peak / (1048576 if sys.platform == "darwin" else 1024))
    return (psutil.Process().memory_info().rss / 1048576, None)

def _report_memory():
    gc.collect()
    resident, peak = _memory()
    if resident is not None:
        _say("rss", resident)
    if peak is not None:
        _say("peak", peak)

class _FirstPaint(QObject):
    def __init__(self, then):
        super().__init__()
        self.then = then
        self.seen = False

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not self.seen:
            self.seen = True
            _say("ready", time.monotonic())
            QTimer.singleShot(0, self.then)
        return False
"""

#: The same window as bench/startup.py's baseline: a main window with a small table.
BARE = (
    COMMON
    + BARE_WINDOW
    + r"""

def _done():
    window.repaint()
    _report_memory()
    os._exit(0)

_probe = _FirstPaint(_done)
window.installEventFilter(_probe)
window.show()
app.exec()
"""
)

ESCADESK = (
    COMMON
    + r"""
from PySide6.QtCore import QAbstractProxyModel, QModelIndex, QThreadPool
from PySide6.QtWidgets import QApplication
from escadesk.ui import main_window

data, passphrase, expected = sys.argv[1], sys.argv[2], int(sys.argv[3])
modules_file = sys.argv[4]
_show_page = main_window.MainWindow._show_vault_page
_probes = []

def _desk_ready(window):
    if not window.unlocked:
        return False
    model = window.desk.table.model()
    while isinstance(model, QAbstractProxyModel):
        model = model.sourceModel()
    rows = model.rowCount()
    loaded = rows == expected or (rows > 0 and model.canFetchMore(QModelIndex()))
    return loaded and QThreadPool.globalInstance().activeThreadCount() == 0

def _show_desk(window):
    deadline = time.monotonic() + 3600
    while not window.vault_page.opened:  # the page paints before the data is open
        QApplication.processEvents()
        if time.monotonic() > deadline:
            sys.stderr.write("the data did not open\n")
            os._exit(3)
        time.sleep(0.0005)
    window.services.vault.unlock(passphrase)
    window.vault_page.unlocked.emit()
    while not _desk_ready(window):
        QApplication.processEvents()
        if time.monotonic() > deadline:
            sys.stderr.write("the desk did not show its rows\n")
            os._exit(3)
        time.sleep(0.0005)
    QApplication.processEvents()
    window.repaint()
    _say("shown", time.monotonic())
    _report_memory()
    with open(modules_file, "w", encoding="utf-8") as names:
        names.write("\n".join(sorted(sys.modules)))
    os._exit(0)

def _failed(kind, error, traceback):
    # An exception in a slot (the app's own hook would show a dialog and carry on).
    import traceback as tracebacks
    tracebacks.print_exception(kind, error, traceback)
    os._exit(4)

def _patched_show_page(self, *args, **kwargs):
    _show_page(self, *args, **kwargs)
    if not _probes:  # the first unlock page, shown before the data is open
        sys.excepthook = _failed
        probe = _FirstPaint(lambda: _show_desk(self))
        _probes.append(probe)
        self.vault_page.installEventFilter(probe)

main_window.MainWindow._show_vault_page = _patched_show_page
from escadesk.__main__ import main
main(["--data-dir", data])
"""
)


#: The bare window after importing what the escadesk probe had loaded (a file of module
#: names), escadesk's own modules and the probe's ``__main__`` excepted.
LIBRARIES = COMMON + IMPORT_LIBRARIES + BARE.removeprefix(COMMON)


def spawn(script: str, *args: str) -> dict[str, float]:
    """Run a probe; its ``ready`` and ``shown`` as seconds from just before the spawn."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    env = {**os.environ, "QT_QPA_PLATFORM": platform if "offscreen" in platform else "offscreen"}
    # As bench/startup.py: an installed app runs from compiled bytecode.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    values = {}
    for line in result.stdout.splitlines():
        name, _, value = line.partition(" ")
        if value:
            values[name] = float(value)
    if result.returncode != 0 or "ready" not in values:
        raise RuntimeError(f"probe failed ({result.returncode}): {result.stderr[-2000:]}")
    for stamp in ("ready", "shown"):
        if stamp in values:
            values[stamp] -= started
    return values


def bare_window() -> dict[str, float]:
    return spawn(BARE)


def escadesk_desk(
    data: Path, passphrase: str, expected_rows: int, modules: Path
) -> dict[str, float]:
    """The desk's figures; the names of the modules it had loaded go to ``modules``."""
    return spawn(ESCADESK, str(data), passphrase, str(expected_rows), str(modules))


def libraries_floor(modules: Path) -> dict[str, float]:
    """The bare window with the modules named in ``modules`` (escadesk's excepted) loaded."""
    return spawn(LIBRARIES, str(modules))
