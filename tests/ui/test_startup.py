"""The app as a user starts it: options, the demo data folder, a painted main window."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel

from escadesk import __main__ as entry
from escadesk import __version__
from escadesk.services.demo import DEMO_PASSPHRASE
from escadesk.ui.main_window import MainWindow
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
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        connection.execute("INSERT INTO alembic_version VALUES ('9999_future')")
    connection.close()
    before = database.read_bytes()
    seen: dict[str, str] = {}

    def inspect_and_close() -> None:
        window = _visible_main_windows()[0]
        if window.opening_progress.isVisible():
            QTimer.singleShot(50, inspect_and_close)
            return
        seen["message"] = window.opening_label.text()
        window.close()

    QTimer.singleShot(0, inspect_and_close)
    assert entry.main(["--data-dir", str(data)]) == 2
    assert "newer version" in seen["message"]
    assert database.read_bytes() == before
