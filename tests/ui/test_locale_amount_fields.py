"""Issue 21: every field that takes money reads the window's locale ("1 500,50" or
"1500,50" in French, "1,500.50" in English, the plain "1500.50" in both) and refuses
unclear input naming the field; a French "150,50" refund is 150.50, never 15050.
Real dialogs, offscreen."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from escadesk.app import Services
from escadesk.services.demo import DEMO_PASSPHRASE
from escadesk.ui.charge_dialog import ChargeDialog
from escadesk.ui.invoices_dialog import InvoicesDialog
from escadesk.ui.main_window import MainWindow
from escadesk.ui.workshop_dialog import WorkshopDialog

DECISION_DAY = datetime(2018, 10, 2, 9, 0, tzinfo=ZoneInfo("America/Toronto"))
NORTHSHORE = "Northshore Photonics Cluster"
NBSP = "\u00a0"


def _id(window: MainWindow, organization: str) -> int:
    rows = window.services.registrations.list(window.workshop.id)
    return next(r.id for r in rows if r.organization == organization)


def _decided(window: MainWindow, charged: bool) -> None:
    services = window.services
    services.registrations.record_authorization(_id(window, "Andes AgriFood Alliance"))
    services.clock.set(DECISION_DAY)  # type: ignore[attr-defined]
    services.decision.confirm(window.workshop.id, DEMO_PASSPHRASE)
    services.decision.erase_cancelled(window.workshop.id)
    if charged:
        services.charging.record_charge(_id(window, NORTHSHORE), date(2018, 10, 2), "APPROVAL 1")
    window.refresh()


def _retype(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.clear()
    qtbot.keyClicks(edit, text)


def _refund_dialog(window: MainWindow) -> InvoicesDialog:
    window.action("invoices").trigger()
    dialog = window.active_dialog
    assert isinstance(dialog, InvoicesDialog)
    return dialog


def test_a_french_refund_of_150_50_is_150_50(qtbot: QtBot, window: MainWindow, french) -> None:
    _decided(window, charged=True)
    dialog = _refund_dialog(window)
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.reference, "RF 9")
    dialog.reason.setText("Un délégué au lieu de deux")  # keyClicks types ASCII only

    _retype(qtbot, dialog.amount, "1.500,50")  # neither French nor plain: refused, named
    qtbot.mouseClick(dialog.refund_button, Qt.MouseButton.LeftButton)
    assert dialog.confirmation_box is None
    assert dialog.messages["amount"].error.text() == (
        f"Montant remboursé{NBSP}: «{NBSP}1.500,50{NBSP}» n'est pas un montant "
        f"(p. ex. 1{NBSP}500,50)."
    )

    _retype(qtbot, dialog.amount, "150,50")
    qtbot.mouseClick(dialog.refund_button, Qt.MouseButton.LeftButton)
    box = dialog.confirmation_box
    assert isinstance(box, QMessageBox)
    assert f"150,50{NBSP}$" in box.text() or "150,50" in box.text()
    assert "15 050" not in box.text() and "15050" not in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2)
    refunded = [dialog.table.item(1, column).text() for column in range(dialog.table.columnCount())]
    assert "150.50 CAD" in refunded or f"150,50{NBSP}$" in refunded, refunded


def test_an_english_refund_refuses_a_french_amount(qtbot: QtBot, window: MainWindow) -> None:
    _decided(window, charged=True)
    dialog = _refund_dialog(window)
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.reference, "RF 9")
    qtbot.keyClicks(dialog.reason, "One delegate instead of two")
    _retype(qtbot, dialog.amount, "150,50")  # 15050 before: now refused, never guessed
    qtbot.mouseClick(dialog.refund_button, Qt.MouseButton.LeftButton)
    assert dialog.confirmation_box is None
    assert dialog.messages["amount"].error.text() == (
        "Amount refunded: “150,50” is not an amount (e.g. 1,500.50)."
    )
    _retype(qtbot, dialog.amount, "1,500.50")
    qtbot.mouseClick(dialog.refund_button, Qt.MouseButton.LeftButton)
    box = dialog.confirmation_box
    assert isinstance(box, QMessageBox) and "1,500.50 CAD" in box.text()
    box.reject()


def _charge_dialog(window: MainWindow) -> ChargeDialog:
    window.select_registration(_id(window, NORTHSHORE))
    window.action("charge").trigger()
    dialog = window.active_dialog
    assert isinstance(dialog, ChargeDialog)
    return dialog


def test_a_french_charge_reads_french_amounts(qtbot: QtBot, window: MainWindow, french) -> None:
    _decided(window, charged=False)
    dialog = _charge_dialog(window)
    assert dialog.amount.text() == "3000,00"  # the fee, as a French field shows it
    assert dialog.entry().amount is None  # unchanged: the fixed fee
    for typed, amount in (("2 950,5", "2950.5"), ("2950,50", "2950.50"), ("2950.50", "2950.50")):
        _retype(qtbot, dialog.amount, typed)
        assert dialog.entry().amount == Decimal(amount)
    _retype(qtbot, dialog.amount, "1,5,0")
    qtbot.keyClicks(dialog.reference, "R-1")
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    assert dialog.confirmation is None
    assert (
        f"Montant débité{NBSP}: «{NBSP}1,5,0{NBSP}» n'est pas un montant" in dialog.message.text()
    )
    dialog.reject()


def test_an_english_charge_keeps_its_plain_fee(qtbot: QtBot, window: MainWindow) -> None:
    _decided(window, charged=False)
    dialog = _charge_dialog(window)
    assert dialog.amount.text() == "3000.00"
    _retype(qtbot, dialog.amount, "1,500.50")
    assert dialog.entry().amount == Decimal("1500.50")
    _retype(qtbot, dialog.amount, "1 500,50")
    with pytest.raises(ValueError, match=r"^Amount charged: “1 500,50” is not an amount"):
        dialog.entry()
    dialog.reject()


def test_french_workshop_fees(qtbot: QtBot, services: Services, french) -> None:
    dialog = WorkshopDialog(services, None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.fee_edit(4).text() == f"3{NBSP}000,00"
    _retype(qtbot, dialog.fee_edit(5), "2 780,5")
    dialog.fee_edit(5).editingFinished.emit()
    assert dialog.fee_edit(5).text() == f"2{NBSP}780,50"
    assert dialog.fee_breakdown(5)[0] != "—"  # read: its net is shown
    _retype(qtbot, dialog.fee_edit(6), "2650.00")  # the plain form is French too
    assert dialog.fee_breakdown(6)[0] != "—"
    _retype(qtbot, dialog.tax_rate_edit, "14,975")
    assert dialog.fee_breakdown(6)[0] != "—"
    _retype(qtbot, dialog.fee_edit(4), "3,000.00")  # English grouping: refused in French
    assert dialog.fee_breakdown(4) == ("—", "—", "—")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert (
        f"«{NBSP}3,000.00{NBSP}» n'est pas un montant (écrivez p. ex. 2780 ou 2{NBSP}780,00)"
        in dialog.error_text("fees")
    )
    assert services.workshops.list() == []
