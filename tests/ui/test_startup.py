"""The app as a user starts it: options, the demo data folder, a painted main window."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from escadesk import __main__ as entry
from escadesk import __version__
from escadesk.services.demo import DEMO_PASSPHRASE
from escadesk.storage.sqlite_files import connect as sqlite_connect
from escadesk.ui.main_window import MainWindow
from escadesk.ui.recovery_page import RecoveryPage
from escadesk.ui.vault_pages import UnlockPage


def _visible_main_windows() -> list[MainWindow]:
    """Windows of earlier tests may linger (hidden) until garbage collection: skip them."""
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
    ]


def test_version_needs_no_display_and_no_qt() -> None:
    code = (
        "import sys, runpy\n"
        "sys.argv = ['escadesk', '--version']\n"
        "try:\n"
        "    runpy.run_module('escadesk', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt was imported'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"escadesk {__version__}"


@pytest.fixture
def safety_net(qapp: QApplication) -> Iterator[None]:
    """A failed check must end app.exec() (close the window) instead of hanging the suite."""
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(lambda: [w.close() for w in _visible_main_windows()])
    timer.start(60_000)
    yield
    timer.stop()


def _start_and_read_the_opening_page(args: list[str]) -> tuple[int, str]:
    """Start the app with ``args``; once the data has stopped opening, read what the
    opening page says and close the window. Returns the exit code and that message."""
    seen: dict[str, str] = {}

    def inspect_and_close() -> None:
        window = _visible_main_windows()[0]
        page = window.front_page
        early = window.vault_page is not None and not window.vault_page.opened
        if isinstance(page, RecoveryPage):  # the data cannot be opened: the recovery page
            seen["message"] = page.problem.text()
        elif window.opening_progress.isVisible() or early:  # still opening
            QTimer.singleShot(50, inspect_and_close)
            return
        else:
            seen["message"] = window.opening_label.text()
        window.close()

    QTimer.singleShot(0, inspect_and_close)
    code = entry.main(args)
    return code, seen.get("message", "")


def test_demo_start_asks_for_the_passphrase_then_shows_the_live_desk(
    qapp: QApplication, tmp_path: Path, safety_net: None
) -> None:
    data = tmp_path / "demo-data"
    seen: dict[str, object] = {}

    def inspect_and_close() -> None:
        windows = _visible_main_windows()
        seen["windows"] = len(windows)
        if not windows or not isinstance(windows[0].vault_page, UnlockPage):
            QTimer.singleShot(50, inspect_and_close)  # data still opening
            return
        window = windows[0]
        try:
            page = window.vault_page
            texts = " ".join(label.text() for label in window.findChildren(QLabel))
            seen["organization shown while locked"] = "Northshore" in texts
            seen["hint"] = DEMO_PASSPHRASE in page.demo_hint.text()
            page.passphrase.setText(DEMO_PASSPHRASE)
            page.unlock_button.click()
        except Exception:
            window.close()
            raise
        QTimer.singleShot(50, lambda: read_desk(window))

    def read_desk(window: MainWindow) -> None:
        if not window.unlocked and window.isVisible():
            QTimer.singleShot(50, lambda: read_desk(window))
            return
        try:
            seen["headline"] = window.desk.dashboard.headline.text()
            seen["rows"] = window.desk.model.rowCount()
            seen["visible"] = window.isVisible()
        finally:
            window.close()

    QTimer.singleShot(0, inspect_and_close)
    assert entry.main(["--demo", "--data-dir", str(data)]) == 0
    assert seen == {
        "windows": 1,
        "organization shown while locked": False,
        "hint": True,
        "headline": "3 of 4 complete — 1 more needed by Oct 1, 2018",
        "rows": 7,
        "visible": True,
    }
    assert (data / "escadesk.sqlite3").exists()

    # A second start on the same folder keeps the data (no second demo workshop).
    QTimer.singleShot(0, inspect_and_close)
    assert entry.main(["--demo", "--data-dir", str(data)]) == 0
    assert seen["rows"] == 7


def test_demo_without_a_folder_stays_out_of_the_real_data(tmp_path: Path) -> None:
    real = entry.parse_args([])
    demo = entry.parse_args(["--demo"])
    from escadesk.app import AppConfig

    real_dir = AppConfig.resolve(real.data_dir, real.database_url, demo=real.demo).data_dir
    demo_dir = AppConfig.resolve(demo.data_dir, demo.database_url, demo=demo.demo).data_dir
    assert demo_dir == real_dir / "demo"
    assert str(tmp_path) in str(real_dir)  # the isolation fixture is in force


def test_a_database_from_a_newer_version_is_refused_in_the_window(
    qapp: QApplication, tmp_path: Path, safety_net: None
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    database = data / "escadesk.sqlite3"
    with sqlite_connect(database) as connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        connection.execute("INSERT INTO alembic_version VALUES ('9999_future')")
    connection.close()
    before = database.read_bytes()

    code, message = _start_and_read_the_opening_page(["--data-dir", str(data)])
    assert code == 2
    assert "newer version" in message
    assert database.read_bytes() == before


FIRST_PAINT_PROBE = """
import os, sys
import PySide6.QtCore as core
from PySide6.QtCore import QEvent, QObject
from escadesk import __main__ as entry
from escadesk.ui.application import make_application
from escadesk.ui.main_window import MainWindow

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and isinstance(watched, MainWindow):
            created = "Qt" in vars(core)  # read before anything below could create it
            print("qt-namespace-created" if created else "qt-namespace-absent", flush=True)
            os._exit(0)
        return False

app = make_application()
probe = FirstPaint()
app.installEventFilter(probe)
entry.main(["--data-dir", sys.argv[1]])
"""


def test_the_window_paints_before_the_qt_enum_namespace_is_created(tmp_path: Path) -> None:
    """PySide6 builds all ~90 enums of ``Qt`` on its first use (15-25 ms, about a tenth of
    a cold start): the start-up path must not touch it before the first paint. A
    ``Qt.Something`` or ``QAction.setShortcut`` in the window's construction fails this;
    use the style sheet's ``qproperty-…`` or ``setShortcuts`` (see ui/style.py)."""
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    environment.pop("PYSIDE6_OPTION_LAZY", None)
    environment.pop(entry.FIRST_PAINT_FILE, None)
    result = subprocess.run(
        [sys.executable, "-c", FIRST_PAINT_PROBE, str(tmp_path / "data")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=environment,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "qt-namespace-absent", result.stderr


def test_the_opening_page_is_styled_without_the_qt_namespace(
    qapp: QApplication, qtbot: QtBot, tmp_path: Path
) -> None:
    """The two enum properties the style sheet sets (see ui/style.py) really take, and the
    shortcuts set through ``setShortcuts`` are the ones asked for."""
    from PySide6.QtCore import Qt

    from escadesk.ui.style import apply_style

    apply_style(qapp)
    window = MainWindow(data_dir=tmp_path)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.first_painted):
        window.show()
    assert window.toolbar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextOnly
    assert window.opening_label.alignment() == Qt.AlignmentFlag.AlignCenter
    assert window.action("import").shortcuts() == [QKeySequence("Ctrl+I")]
    assert window.action("quit").shortcuts() == QKeySequence.keyBindings(
        QKeySequence.StandardKey.Quit
    )


def test_the_workshop_picker_names_a_workshop_by_its_title_and_a_repeat_by_its_code() -> None:
    from datetime import date

    from escadesk.services.views import WorkshopSummary
    from escadesk.ui.workshop_list import workshop_labels

    workshops = [
        WorkshopSummary(
            1, "TCI2018-BENCH", "ESCA Cluster Benchmarking Workshop", date(2018, 10, 4)
        ),
        WorkshopSummary(
            2, "TCI2019-BENCH", "ESCA Cluster Benchmarking Workshop", date(2019, 10, 3)
        ),
        WorkshopSummary(3, "EU-PILOT", "Pilot workshop", date(2019, 3, 1)),
    ]
    assert workshop_labels(workshops) == [
        "ESCA Cluster Benchmarking Workshop (TCI2018-BENCH)",
        "ESCA Cluster Benchmarking Workshop (TCI2019-BENCH)",
        "Pilot workshop",
    ]


def test_data_open_in_another_escadesk_is_refused_in_the_window_naming_it(
    qapp: QApplication, tmp_path: Path, safety_net: None
) -> None:
    """Issue 14: a second window on the same data shows who has it (no traceback), does
    not open it, and the app exits with 2 once closed."""
    import socket

    from data_holder import holding

    data = tmp_path / "data"

    with holding(data, "cli") as other:
        before = (data / "escadesk.sqlite3").read_bytes()
        code, message = _start_and_read_the_opening_page(["--data-dir", str(data)])
        assert code == 2
        assert (data / "escadesk.sqlite3").read_bytes() == before
    assert message.startswith("escadesk could not open its data.")
    assert "already in use by escadesk-cli of " in message
    assert f" on {socket.gethostname()} (process {other.pid}) since " in message
    assert "Close the other one, then try again." in message
    assert "Traceback" not in message
