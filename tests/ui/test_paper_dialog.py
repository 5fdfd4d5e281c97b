"""The paper checklist: a signed form received, then shredded; dates are checked."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from escadesk.services.paper import Channel, Disposal, PaperKind
from escadesk.ui.main_window import MainWindow
from escadesk.ui.paper_dialog import AddPaperDialog, DisposeDialog, PaperDialog


def _open(window: MainWindow) -> PaperDialog:
    assert window.action("paper").isEnabled()
    window.action("paper").trigger()
    dialog = window.active_dialog
    assert isinstance(dialog, PaperDialog)
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    return dialog


def _add(qtbot: QtBot, dialog: PaperDialog, organization: str, day: QDate) -> None:
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    add = dialog.sub_dialog
    assert isinstance(add, AddPaperDialog)
    add.organization.setCurrentIndex(add.organization.findText(organization))
    add.kind.setCurrentIndex(add.kind.findData(PaperKind.CARD_AUTHORIZATION))
    add.channel.setCurrentIndex(add.channel.findData(Channel.MAIL))
    add.received_on.setDate(day)
    qtbot.mouseClick(add.save_button, Qt.MouseButton.LeftButton)
    assert dialog.sub_dialog is None


def _cells(dialog: PaperDialog, row: int) -> list[str]:
    return [dialog.table.item(row, column).text() for column in range(dialog.table.columnCount())]


def test_add_a_form_then_record_it_shredded(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    dialog = _open(window)
    assert dialog.table.rowCount() == 0
    assert not dialog.dispose_button.isEnabled()
    _add(qtbot, dialog, "Baltic Maritime Innovation Network", QDate(2018, 9, 14))
    assert dialog.table.rowCount() == 1
    assert _cells(dialog, 0)[:5] == [
        "Baltic Maritime Innovation Network",
        "Card authorization form",
        "mail",
        "Sep 14, 2018",
        "not yet",
    ]
    assert "1 still to destroy" in dialog.summary.text()

    dialog.table.selectRow(0)
    assert dialog.dispose_button.isEnabled()
    qtbot.mouseClick(dialog.dispose_button, Qt.MouseButton.LeftButton)
    dispose = dialog.sub_dialog
    assert isinstance(dispose, DisposeDialog)
    assert dispose.windowModality() == Qt.WindowModality.WindowModal
    dispose.disposal.setCurrentIndex(dispose.disposal.findData(Disposal.SHREDDED))
    dispose.disposed_on.setDate(QDate(2018, 9, 27))
    qtbot.mouseClick(dispose.record_button, Qt.MouseButton.LeftButton)
    assert dialog.sub_dialog is None
    assert _cells(dialog, 0)[4:] == ["shredded (cross-cut)", "Sep 27, 2018"]
    assert "0 still to destroy" in dialog.summary.text()
    assert not dialog.dispose_button.isEnabled()  # already destroyed

    (record,) = window.services.paper.checklist(window.workshop.id)
    assert record.disposal is Disposal.SHREDDED and record.disposed_on == date(2018, 9, 27)
    dialog.grab().save(str(tmp_path / "paper_dialog.png"))
    dialog.reject()


def test_destroyed_before_it_arrived_is_refused_inline(qtbot: QtBot, window: MainWindow) -> None:
    dialog = _open(window)
    _add(qtbot, dialog, "Rhine Valley Health Cluster", QDate(2018, 9, 22))
    dialog.table.selectRow(0)
    qtbot.mouseClick(dialog.dispose_button, Qt.MouseButton.LeftButton)
    dispose = dialog.sub_dialog
    assert isinstance(dispose, DisposeDialog)
    dispose.disposed_on.setDate(QDate(2018, 9, 20))
    qtbot.mouseClick(dispose.record_button, Qt.MouseButton.LeftButton)
    assert dispose.isVisible() and not dispose.error.isHidden()
    assert "cannot be destroyed before it arrived" in dispose.error.text()
    (record,) = window.services.paper.checklist(window.workshop.id)
    assert record.disposed_on is None
    dispose.reject()
    assert dialog.sub_dialog is None
    dialog.reject()


def test_lock_closes_the_checklist_and_its_sub_dialog(qtbot: QtBot, window: MainWindow) -> None:
    dialog = _open(window)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    add = dialog.sub_dialog
    assert isinstance(add, AddPaperDialog) and add.isVisible()
    window.lock()
    assert not add.isVisible() and not dialog.isVisible()
    assert not window.action("paper").isEnabled()
