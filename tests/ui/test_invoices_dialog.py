"""Invoices and refunds from the desk: the invoices listed after a charge, a refund with
per-field messages, a confirmation, its credit note in the list, and every PDF saved to a
folder in a worker, with progress; the dialog fits 1280×720 and names every control."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from accessibility_audit import Audit
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from escadesk.services.demo import DEMO_PASSPHRASE
from escadesk.ui.invoices_dialog import InvoicesDialog
from escadesk.ui.main_window import MainWindow

DECISION_DAY = datetime(2018, 10, 2, 9, 0, tzinfo=ZoneInfo("America/Toronto"))
NORTHSHORE = "Northshore Photonics Cluster"


def _id(window: MainWindow, organization: str) -> int:
    rows = window.services.registrations.list(window.workshop.id)
    return next(r.id for r in rows if r.organization == organization)


def _charged(window: MainWindow) -> None:
    services = window.services
    services.registrations.record_authorization(_id(window, "Andes AgriFood Alliance"))
    services.clock.set(DECISION_DAY)  # type: ignore[attr-defined]
    services.decision.confirm(window.workshop.id, DEMO_PASSPHRASE)
    services.charging.record_charge(_id(window, NORTHSHORE), date(2018, 10, 2), "APPROVAL 1")
    window.refresh()


def _open(window: MainWindow) -> InvoicesDialog:
    action = window.action("invoices")
    assert action.isEnabled()
    action.trigger()
    dialog = window.active_dialog
    assert isinstance(dialog, InvoicesDialog)
    return dialog


def test_invoices_need_a_decision(window: MainWindow) -> None:
    assert not window.action("invoices").isEnabled()


def test_list_refund_and_save_pdfs(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    _charged(window)
    dialog = _open(window)
    qtbot.waitExposed(dialog)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 0).text() == "INV-2018-0001"
    assert dialog.table.item(0, 4).text() == "3,000.00 CAD"
    assert "1 invoice and 0 credit notes issued." in dialog.summary.text()
    assert not dialog.issue_button.isEnabled()
    assert dialog.organization.currentText().startswith(NORTHSHORE)

    # Everything wrong at once: each message under its field, the first field focused.
    qtbot.keyClicks(dialog.amount, "3000.01")
    dialog.refunded_on.setDate(dialog.refunded_on.minimumDate())
    qtbot.mouseClick(dialog.refund_button, Qt.MouseButton.LeftButton)
    messages = {name: m.error for name, m in dialog.messages.items() if m.error.isVisible()}
    assert set(messages) == {"amount", "reference", "reason"}
    assert "At most the amount charged, 3,000.00 CAD" in messages["amount"].text()
    assert dialog.confirmation_box is None
    grab = tmp_path / "invoices-errors.png"
    assert dialog.grab().save(str(grab))

    dialog.amount.clear()
    qtbot.keyClicks(dialog.amount, "565.00")
    qtbot.keyClicks(dialog.reference, "RF 9")
    qtbot.keyClicks(dialog.reason, "One delegate instead of two")
    qtbot.mouseClick(dialog.refund_button, Qt.MouseButton.LeftButton)
    box = dialog.confirmation_box
    assert isinstance(box, QMessageBox)
    assert "565.00 CAD" in box.text() and NORTHSHORE in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2)
    assert dialog.table.item(1, 0).text() == "CN-2018-0001"
    assert dialog.table.item(1, 1).text() == "Credit note on INV-2018-0001"
    assert dialog.table.item(1, 5).text() == "65.00 CAD HST 13%"
    assert "credit note CN-2018-0001" in dialog.status.text()
    assert "2,435.00 CAD refundable" in dialog.organization.currentText()

    folder = tmp_path / "pdfs"
    dialog.save_pdfs(folder)
    assert not dialog.save_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.saving, timeout=20000)
    assert "Saved 2 PDFs" in dialog.status.text()
    assert len(dialog.written) == 2
    text = PdfReader(dialog.written[1]).pages[0].extract_text()
    assert "CN-2018-0001" in text and "One delegate instead of two" in text
    assert dialog.save_button.isEnabled()


def test_the_dialog_is_named_and_fits_a_small_screen(qtbot: QtBot, window: MainWindow) -> None:
    _charged(window)
    dialog = _open(window)
    qtbot.waitExposed(dialog)
    audit = Audit()
    audit.window(dialog, dialog.windowTitle())
    assert audit.findings == [], [str(f) for f in audit.findings]
    assert audit.checked >= 10
    hint = dialog.minimumSizeHint()
    assert hint.width() <= 1280 and hint.height() <= 700
    for widget in (dialog.amount, dialog.reference, dialog.reason, dialog.refund_button):
        assert widget.focusPolicy() & Qt.FocusPolicy.TabFocus
