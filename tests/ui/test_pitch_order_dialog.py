"""The pitch order: reorder with buttons, keys or a drop; the preview follows; Save persists.

The demo has three complete organizations (before the decision they are the ones taking
part), so the announcement's 9:30-11:00 block gives each of them 30 minutes.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView
from pytestqt.qtbot import QtBot

from escadesk.ui.main_window import MainWindow
from escadesk.ui.pitch_order_dialog import PitchOrderDialog

NORTHSHORE = "Northshore Photonics Cluster"
BALTIC = "Baltic Maritime Innovation Network"
RHINE = "Rhine Valley Health Cluster"
TIMES = ["09:30–10:00", "10:00–10:30", "10:30–11:00"]


def _open(window: MainWindow) -> PitchOrderDialog:
    assert window.action("pitch_order").isEnabled()
    window.action("pitch_order").trigger()
    dialog = window.active_dialog
    assert isinstance(dialog, PitchOrderDialog)
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    return dialog


def _preview(names: list[str]) -> list[tuple[str, str]]:
    return [
        (time, f"{n}. {name}") for n, (time, name) in enumerate(zip(TIMES, names, strict=True), 1)
    ]


def _stored(window: MainWindow) -> list[str]:
    assert window.workshop is not None
    return [name for _id, name in window.services.exports.pitch_order(window.workshop.id)]


def test_reorder_with_the_buttons_and_keys_then_save(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    dialog = _open(window)
    assert dialog.names() == [NORTHSHORE, BALTIC, RHINE]  # completion order by default
    assert dialog.preview_rows() == _preview([NORTHSHORE, BALTIC, RHINE])
    assert "3 pitches of 30 minutes" in dialog.preview_note.text()
    assert not dialog.up_button.isEnabled()  # the first is selected

    dialog.list.setCurrentRow(2)
    qtbot.mouseClick(dialog.up_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.up_button, Qt.MouseButton.LeftButton)
    assert dialog.names() == [RHINE, NORTHSHORE, BALTIC]
    assert dialog.list.currentRow() == 0
    assert not dialog.up_button.isEnabled() and dialog.down_button.isEnabled()
    assert dialog.preview_rows() == _preview([RHINE, NORTHSHORE, BALTIC])

    dialog.list.setFocus()
    dialog.list.setCurrentRow(1)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert dialog.names() == [RHINE, BALTIC, NORTHSHORE]
    assert dialog.list.currentRow() == 2
    assert not dialog.down_button.isEnabled()
    assert dialog.preview_rows() == _preview([RHINE, BALTIC, NORTHSHORE])
    dialog.grab().save(str(tmp_path / "pitch_order.png"))

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert not dialog.isVisible()
    assert window.active_dialog is None
    assert _stored(window) == [RHINE, BALTIC, NORTHSHORE]
    reopened = _open(window)
    assert reopened.names() == [RHINE, BALTIC, NORTHSHORE]
    reopened.reject()


def test_a_drop_reorders_and_the_preview_follows(qtbot: QtBot, window: MainWindow) -> None:
    dialog = _open(window)
    assert dialog.list.dragDropMode() == QAbstractItemView.DragDropMode.InternalMove

    # What an internal drop does to the list's model: move a row.
    assert dialog.list.model().moveRow(QModelIndex(), 1, QModelIndex(), 0)

    assert dialog.names() == [BALTIC, NORTHSHORE, RHINE]
    assert dialog.preview_rows() == _preview([BALTIC, NORTHSHORE, RHINE])
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert _stored(window) == [BALTIC, NORTHSHORE, RHINE]


def test_cancel_keeps_the_stored_order(qtbot: QtBot, window: MainWindow) -> None:
    dialog = _open(window)
    dialog.list.setCurrentRow(0)
    qtbot.mouseClick(dialog.down_button, Qt.MouseButton.LeftButton)
    assert dialog.names() == [BALTIC, NORTHSHORE, RHINE]

    dialog.reject()

    assert window.active_dialog is None
    assert _stored(window) == [NORTHSHORE, BALTIC, RHINE]


def test_an_order_that_no_longer_fits_is_refused_inline(qtbot: QtBot, window: MainWindow) -> None:
    dialog = _open(window)
    (baltic_id,) = (
        rid for rid, name in zip(dialog.order(), dialog.names(), strict=True) if name == BALTIC
    )
    window.services.registrations.withdraw(baltic_id, "Travel budget cut.")  # meanwhile

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible()
    assert dialog.error.isVisible() and dialog.error.text()
    assert _stored(window) == [NORTHSHORE, RHINE]
    dialog.reject()


def test_the_pitch_order_needs_organizations_taking_part(window: MainWindow) -> None:
    assert window.action("pitch_order").isEnabled()
    assert window.workshop is not None
    for registration_id, _name in window.services.exports.pitch_order(window.workshop.id):
        window.services.registrations.withdraw(registration_id, "Cannot travel.")
    window.refresh()

    assert not window.action("pitch_order").isEnabled()
