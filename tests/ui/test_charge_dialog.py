"""Recording a charge from the desk: the fee by default, a reference required, the card
erased per the retention period."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from escadesk.domain.registration import RegistrationStatus
from escadesk.services.demo import DEMO_PASSPHRASE
from escadesk.ui.charge_dialog import ChargeDialog, parse_amount
from escadesk.ui.main_window import MainWindow

DECISION_DAY = datetime(2018, 10, 2, 9, 0, tzinfo=ZoneInfo("America/Toronto"))
ANDES = "Andes AgriFood Alliance"  # no card stored in the demo
NORTHSHORE = "Northshore Photonics Cluster"


def _registration(window: MainWindow, organization: str) -> int:
    rows = window.services.registrations.list(window.workshop.id)
    return next(r.id for r in rows if r.organization == organization)


def _status(window: MainWindow, registration_id: int) -> RegistrationStatus:
    rows = window.services.registrations.list(window.workshop.id)
    return next(r.status for r in rows if r.id == registration_id)


def _proceed(window: MainWindow) -> None:
    """Andes' authorization makes 4: the demo proceeds with 4 confirmed organizations."""
    services = window.services
    services.registrations.record_authorization(_registration(window, ANDES))
    services.clock.set(DECISION_DAY)
    services.decision.confirm(window.workshop.id, DEMO_PASSPHRASE)
    window.refresh()


def _open_charge(window: MainWindow, organization: str) -> ChargeDialog:
    window.select_registration(_registration(window, organization))
    assert window.charge_action.isEnabled()
    window.charge_action.trigger()
    dialog = window.active_dialog
    assert isinstance(dialog, ChargeDialog)
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    return dialog


def test_charge_only_for_a_confirmed_organization(window: MainWindow) -> None:
    window.select_registration(_registration(window, ANDES))
    assert not window.charge_action.isEnabled()
    _proceed(window)
    window.select_registration(_registration(window, ANDES))
    assert window.charge_action.isEnabled()


def test_a_confirmed_organization_without_a_card(qtbot: QtBot, window: MainWindow) -> None:
    _proceed(window)
    dialog = _open_charge(window, ANDES)
    assert dialog.card_label.text() == "No card authorization is stored."
    qtbot.keyClicks(dialog.reference, "R-1")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.message.isHidden(), timeout=15000)
    assert dialog.message.text().startswith("The charge was not recorded")
    assert window.services.charging.charges(window.workshop.id) == []
    dialog.reject()


@pytest.mark.parametrize("retention", [0, 7])
def test_record_a_charge(qtbot: QtBot, window: MainWindow, retention: int, tmp_path: Path) -> None:
    services, workshop_id = window.services, window.workshop.id
    services.charging.set_retention_days(retention)
    _proceed(window)
    northshore = _registration(window, NORTHSHORE)
    masked = str(services.vault.masked(workshop_id)[northshore])
    dialog = _open_charge(window, NORTHSHORE)
    assert dialog.card_label.text() == masked
    assert dialog.amount.text() == "3000.00"
    assert dialog.charged_date() == date(2018, 10, 2)
    assert dialog.charged_on.maximumDate() == dialog.charged_on.date()
    expected = "immediately" if retention == 0 else f"after {retention} days"
    assert expected in dialog.note.text() and "security code" in dialog.note.text()

    qtbot.keyClicks(dialog.reference, "APPROVAL 834211")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.active_dialog is None, timeout=15000)

    assert _status(window, northshore) is RegistrationStatus.CHARGED
    assert window.selected_registration().status is RegistrationStatus.CHARGED
    assert not window.charge_action.isEnabled()
    charges = services.charging.charges(workshop_id)
    assert [(c.organization, c.reference) for c in charges] == [(NORTHSHORE, "APPROVAL 834211")]
    assert str(charges[0].amount) == "3,000.00 CAD" and charges[0].card == masked
    cards = services.vault.masked(workshop_id)
    if retention == 0:
        assert northshore not in cards  # the card number went with the charge
    else:
        assert str(cards[northshore]) == masked and cards[northshore].state != "active"
    assert "APPROVAL 834211" in window.statusBar().currentMessage()


def test_an_edited_amount_is_charged(qtbot: QtBot, window: MainWindow) -> None:
    _proceed(window)
    dialog = _open_charge(window, NORTHSHORE)
    dialog.amount.setText("2,950.5")
    qtbot.keyClicks(dialog.reference, "R-1")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.active_dialog is None, timeout=15000)
    charge = window.services.charging.charges(window.workshop.id)[0]
    assert str(charge.amount) == "2,950.50 CAD"


def test_a_missing_reference_blocks_saving(qtbot: QtBot, window: MainWindow) -> None:
    _proceed(window)
    dialog = _open_charge(window, NORTHSHORE)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.message.isHidden()
    assert "reference code is required" in dialog.message.text()
    assert window.active_dialog is dialog and dialog.isVisible()
    dialog.amount.setText("12.345")
    qtbot.keyClicks(dialog.reference, "R-1")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "two decimals" in dialog.message.text()
    assert window.services.charging.charges(window.workshop.id) == []
    dialog.reject()


def test_a_refusal_of_the_service_is_shown_inline(qtbot: QtBot, window: MainWindow) -> None:
    _proceed(window)
    dialog = _open_charge(window, NORTHSHORE)
    qtbot.keyClicks(dialog.reference, "4111 1111 1111 1111")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.message.isHidden(), timeout=15000)
    assert "must not be a card number" in dialog.message.text()
    assert dialog.save_button.isEnabled()
    dialog.reject()


@pytest.mark.parametrize(
    ("text", "value"), [("3000", "3000.00"), (" 2,650.5 ", "2650.50"), ("0.01", "0.01")]
)
def test_parse_amount(text: str, value: str) -> None:
    assert str(parse_amount(text)) == value


@pytest.mark.parametrize("text", ["", "abc", "0", "-5", "1.234", "NaN"])
def test_parse_amount_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        parse_amount(text)
