"""The pitch order's times in the window's language (issue 21): '09 h 30' in French."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from escadesk.ui.main_window import MainWindow
from escadesk.ui.pitch_order_dialog import PitchOrderDialog

NBSP = "\u00a0"


def test_french_pitch_times_are_written_the_french_way(
    qtbot: QtBot, window: MainWindow, french: None
) -> None:
    window.action("pitch_order").trigger()
    dialog = window.active_dialog
    assert isinstance(dialog, PitchOrderDialog)
    times = [dialog.preview.item(row, 0).text() for row in range(dialog.preview.rowCount())]
    hour = f"{NBSP}h{NBSP}"
    assert times[:3] == [
        f"09{hour}30–10{hour}00",
        f"10{hour}00–10{hour}30",
        f"10{hour}30–11{hour}00",
    ], times
    assert f"09{hour}30–11{hour}00" in dialog.preview_caption.text()
    dialog.reject()
