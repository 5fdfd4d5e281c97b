"""Recording a charge from the desk: the fee by default (another amount with a reason),
dated from the decision on, a reference required, a confirmation stating the amount, the
masked card and what is erased when (Cancel records nothing), the card erased per the
retention, the charge shown afterwards in the table and the details; a charge whose
erasure stops afterwards (the keychain refusing writes) is said recorded."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from uihelpers import unlock

from escadesk.app import AppConfig, Services, build_services
from escadesk.domain.registration import RegistrationStatus
from escadesk.services.clock import FixedClock
from escadesk.services.demo import DEMO_PASSPHRASE, DEMO_TODAY, seed_demo
from escadesk.ui.charge_dialog import ChargeDialog, parse_amount
from escadesk.ui.main_window import MainWindow
from escadesk.ui.registrations_model import CARD_COLUMN, CHARGE_COLUMN
from escadesk.vault.kdf import fast_test_params
from keychains import REFUSAL, WriteFailingKeychain

DECISION_DAY = datetime(2018, 10, 2, 9, 0, tzinfo=ZoneInfo("America/Toronto"))
ANDES = "Andes AgriFood Alliance"  # no card stored in the demo
NORTHSHORE = "Northshore Photonics Cluster"


@pytest.fixture
def keychain() -> WriteFailingKeychain:
    """In memory, as in every UI test; a test may make it refuse writes."""
    return WriteFailingKeychain()


@pytest.fixture
def demo_services(tmp_path: Path, keychain: WriteFailingKeychain) -> Iterator[Services]:
    """The demo (as tests/ui/conftest.py builds it) on the keychain above."""
    services = build_services(
        AppConfig.resolve(tmp_path / "data"),
        clock=FixedClock(DEMO_TODAY),
        keychain=keychain,
        kdf_profile=fast_test_params,
    )
    seed_demo(services, vault_passphrase=DEMO_PASSPHRASE)
    yield services
    services.close()


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
    services.decision.erase_cancelled(window.workshop.id)  # as the wizard does right after
    window.refresh()


def _open_charge(window: MainWindow, organization: str) -> ChargeDialog:
    window.select_registration(_registration(window, organization))
    assert window.action("charge").isEnabled()
    window.action("charge").trigger()
    dialog = window.active_dialog
    assert isinstance(dialog, ChargeDialog)
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    return dialog


def _confirmation(qtbot: QtBot, dialog: ChargeDialog) -> QMessageBox:
    """Press Record charge… and wait for the confirmation it asks first."""
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.confirmation is not None and dialog.confirmation.isVisible())
    box = dialog.confirmation
    assert isinstance(box, QMessageBox)
    return box


def _answer(qtbot: QtBot, box: QMessageBox, button: QMessageBox.StandardButton) -> None:
    qtbot.mouseClick(box.button(button), Qt.MouseButton.LeftButton)


def _record(qtbot: QtBot, window: MainWindow, dialog: ChargeDialog) -> None:
    """Press Record charge…, answer Record charge, and wait for the dialog to close."""
    _answer(qtbot, _confirmation(qtbot, dialog), QMessageBox.StandardButton.Yes)
    qtbot.waitUntil(lambda: window.active_dialog is not dialog, timeout=15000)


def _confirmation_text(box: QMessageBox) -> str:
    return f"{box.text()}\n{box.informativeText()}"


def _cell(window: MainWindow, organization: str, column: int) -> str:
    proxy = window.desk.proxy
    for row in range(proxy.rowCount()):
        if proxy.index(row, 0).data() == organization:
            return str(proxy.index(row, column).data())
    raise AssertionError(organization)


def _grab_over_window(window: MainWindow, widgets: list[QWidget], path: Path) -> None:
    """The window with each widget (dialog, then its confirmation) painted where it
    stands over it."""
    QApplication.processEvents()
    image = window.grab()
    painter = QPainter(image)
    origin = window.mapToGlobal(window.rect().topLeft())
    for widget in widgets:
        painter.drawPixmap(widget.mapToGlobal(widget.rect().topLeft()) - origin, widget.grab())
    painter.end()
    assert image.save(str(path))


def test_charge_only_for_a_confirmed_organization(window: MainWindow) -> None:
    window.select_registration(_registration(window, ANDES))
    assert not window.action("charge").isEnabled()
    _proceed(window)
    window.select_registration(_registration(window, ANDES))
    assert window.action("charge").isEnabled()


def test_a_confirmed_organization_without_a_card(qtbot: QtBot, window: MainWindow) -> None:
    _proceed(window)
    dialog = _open_charge(window, ANDES)
    assert dialog.card_label.text() == "No card authorization is stored."
    qtbot.keyClicks(dialog.reference, "R-1")
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.message.isHidden(), timeout=15000)
    assert dialog.message.text().startswith("The charge was not recorded")
    assert dialog.confirmation is None  # nothing to confirm: no card to charge
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
    box = _confirmation(qtbot, dialog)
    text = _confirmation_text(box)
    assert "3,000.00 CAD" in text and masked in text and "APPROVAL 834211" in text
    if retention == 0:
        assert "Erased at once: the security code, the scanned form and the card number" in text
    else:
        assert "Erased at once: the security code and the scanned form." in text
        assert (
            "Erased on Oct 9, 2018, when the retention period of 7 days ends: the card number."
            in text
        )
    _answer(qtbot, box, QMessageBox.StandardButton.Yes)
    qtbot.waitUntil(lambda: window.active_dialog is None, timeout=15000)

    assert _status(window, northshore) is RegistrationStatus.CHARGED
    assert window.selected_registration().status is RegistrationStatus.CHARGED
    assert not window.action("charge").isEnabled()
    charges = services.charging.charges(workshop_id)
    assert [(c.organization, c.reference) for c in charges] == [(NORTHSHORE, "APPROVAL 834211")]
    assert str(charges[0].amount) == "3,000.00 CAD" and charges[0].card == masked
    cards = services.vault.masked(workshop_id)
    if retention == 0:
        assert northshore not in cards  # the card number went with the charge
    else:
        assert str(cards[northshore]) == masked and cards[northshore].state != "active"
    assert "APPROVAL 834211" in window.statusBar().currentMessage()
    # The card's mask stays with the charge, even once the vault has erased the card.
    assert window.desk.detail_charge.isVisibleTo(window.desk)
    assert masked in window.desk.detail_charge.text()
    assert _cell(window, NORTHSHORE, CARD_COLUMN) == masked


def test_an_edited_amount_is_charged(qtbot: QtBot, window: MainWindow) -> None:
    _proceed(window)
    dialog = _open_charge(window, NORTHSHORE)
    dialog.amount.setText("2,950.5")
    qtbot.keyClicks(dialog.amount_reason, "Early-bird discount agreed by e-mail")
    qtbot.keyClicks(dialog.reference, "R-1")
    box = _confirmation(qtbot, dialog)
    assert "2,950.50 CAD" in box.text()
    assert "Reason for the amount: Early-bird discount agreed by e-mail" in box.informativeText()
    _answer(qtbot, box, QMessageBox.StandardButton.Yes)
    qtbot.waitUntil(lambda: window.active_dialog is None, timeout=15000)
    charge = window.services.charging.charges(window.workshop.id)[0]
    assert str(charge.amount) == "2,950.50 CAD"
    assert charge.amount_reason == "Early-bird discount agreed by e-mail"


def test_the_reason_is_asked_for_when_the_amount_is_not_the_fee(
    qtbot: QtBot, window: MainWindow
) -> None:
    _proceed(window)
    dialog = _open_charge(window, NORTHSHORE)
    assert not dialog.amount_reason.isVisibleTo(dialog)  # the fee needs no words
    assert dialog.reason_label.buddy() is dialog.amount_reason
    assert dialog.amount_reason.accessibleName() == "Reason for the amount"
    assert dialog.amount.accessibleName() == "Amount charged"

    dialog.amount.clear()
    qtbot.keyClicks(dialog.amount, "1.00")
    assert dialog.amount_reason.isVisibleTo(dialog) and dialog.reason_label.isVisibleTo(dialog)
    qtbot.keyClicks(dialog.reference, "R-1")
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.message.isHidden(), timeout=15000)
    assert dialog.message.text() == (
        "The fixed fee is 3,000.00 CAD: say why a different amount is charged."
    )
    assert dialog.confirmation is None  # nothing is confirmed that would be refused
    assert window.services.charging.charges(window.workshop.id) == []
    assert dialog.record_button.isEnabled()
    assert dialog.focusWidget() is dialog.amount_reason  # the field the problem names

    dialog.amount.setText("3,000")  # the fee again: no reason needed, none sent
    assert not dialog.amount_reason.isVisibleTo(dialog)
    dialog.amount.setText("1.00")
    qtbot.keyClicks(dialog.amount_reason, "Deposit; the rest by bank transfer")
    _record(qtbot, window, dialog)
    (charge,) = window.services.charging.charges(window.workshop.id)
    assert (str(charge.amount), charge.amount_reason) == (
        "1.00 CAD",
        "Deposit; the rest by bank transfer",
    )


def test_the_charge_date_starts_at_the_decision(qtbot: QtBot, window: MainWindow) -> None:
    _proceed(window)
    window.services.clock.set(DECISION_DAY + timedelta(days=3))  # the director charges later
    dialog = _open_charge(window, NORTHSHORE)
    assert dialog.charged_on.minimumDate().toPython() == date(2018, 10, 2)
    assert dialog.charged_on.maximumDate().toPython() == date(2018, 10, 5)
    dialog.charged_on.setDate(dialog.charged_on.minimumDate().addDays(-1))  # clamped by Qt
    assert dialog.charged_date() == date(2018, 10, 2)
    dialog.reject()


def test_every_problem_of_the_service_is_shown(qtbot: QtBot, window: MainWindow) -> None:
    _proceed(window)
    dialog = _open_charge(window, NORTHSHORE)
    dialog.amount.setText("1.00")
    qtbot.keyClicks(dialog.amount_reason, "paid with 4111 1111 1111 1111")
    qtbot.keyClicks(dialog.reference, "4111 1111 1111 1111")
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.message.isHidden(), timeout=15000)
    assert dialog.message.text().splitlines() == [
        "The reference must not be a card number.",
        "The reason must not hold a card number.",
    ]
    assert dialog.focusWidget() is dialog.reference  # the first problem's field
    assert window.services.charging.charges(window.workshop.id) == []
    dialog.reject()


def test_a_missing_reference_blocks_saving(qtbot: QtBot, window: MainWindow) -> None:
    _proceed(window)
    dialog = _open_charge(window, NORTHSHORE)
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    assert not dialog.message.isHidden()
    assert "reference code is required" in dialog.message.text()
    assert window.active_dialog is dialog and dialog.isVisible()
    dialog.amount.setText("12.345")
    qtbot.keyClicks(dialog.reference, "R-1")
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    assert "two decimals" in dialog.message.text()
    assert dialog.confirmation is None
    assert window.services.charging.charges(window.workshop.id) == []
    dialog.reject()


def test_a_refusal_of_the_service_is_shown_inline(qtbot: QtBot, window: MainWindow) -> None:
    _proceed(window)
    dialog = _open_charge(window, NORTHSHORE)
    qtbot.keyClicks(dialog.reference, "4111 1111 1111 1111")
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.message.isHidden(), timeout=15000)
    assert "must not be a card number" in dialog.message.text()
    assert dialog.record_button.isEnabled()
    dialog.reject()


@pytest.mark.parametrize("retention", [0, 7])
def test_a_charge_whose_erasure_stops_is_said_recorded(
    qtbot: QtBot, window: MainWindow, keychain: WriteFailingKeychain, retention: int
) -> None:
    """The keychain refuses the new device key after the charge is committed: the charge
    and the deletion of the code stand, so nothing may say "not recorded". The window says
    what is pending; the next unlock finishes it (and the number's erasure, if due)."""
    services, workshop_id = window.services, window.workshop.id
    services.charging.set_retention_days(retention)
    _proceed(window)
    northshore = _registration(window, NORTHSHORE)
    dialog = _open_charge(window, NORTHSHORE)
    qtbot.keyClicks(dialog.reference, "APPROVAL 834211")
    finished: list[int] = []  # the dialog deletes itself once closed: keep its result
    dialog.finished.connect(finished.append)
    box = _confirmation(qtbot, dialog)
    keychain.fail_after(0)
    _answer(qtbot, box, QMessageBox.StandardButton.Yes)
    qtbot.waitUntil(lambda: isinstance(window.active_dialog, QMessageBox), timeout=15000)
    keychain.recover()

    assert finished == [ChargeDialog.DialogCode.Accepted.value]
    assert dialog.recorded is not None and dialog.recorded.erasure_pending
    box = window.active_dialog
    assert isinstance(box, QMessageBox)
    assert box.windowTitle() == "Card erasure not finished"
    expected = (
        f"Charge of {NORTHSHORE} recorded (3,000.00 CAD, reference APPROVAL 834211). "
        f"Erasing the card stopped: {REFUSAL.rstrip('.')}. Its security code and scanned "
        "form are already deleted; the rest of the erasure and its certificate of "
        "destruction are pending, finished at the next unlock. Invoice INV-2018-0001 issued."
    )
    assert box.text() == expected
    assert "not recorded" not in box.text()
    assert window.statusBar().currentMessage() == expected
    box.accept()
    qtbot.waitUntil(lambda: window.active_dialog is None)

    assert _status(window, northshore) is RegistrationStatus.CHARGED
    assert not window.action("charge").isEnabled()
    (charge,) = services.charging.charges(workshop_id)
    assert charge.reference == "APPROVAL 834211"
    charged = [e for e in services.vault.erasures(workshop_id) if e.reason.startswith("Card")]
    assert [e.status for e in charged] == ["pending"]
    assert services.vault.masked(workshop_id)[northshore].state == "code_erased"

    services.vault.lock()
    unlock(qtbot, window)
    erasures = [e for e in services.vault.erasures(workshop_id) if e.reason.startswith("Card")]
    assert [e.status for e in erasures] == ["complete"] * (2 if retention == 0 else 1)
    assert (northshore in services.vault.masked(workshop_id)) is (retention > 0)


def test_the_record_button_is_no_save_button(window: MainWindow) -> None:
    _proceed(window)
    dialog = _open_charge(window, NORTHSHORE)
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Save) is None
    assert dialog.record_button.text() == "Record &charge…"
    assert dialog.record_button.icon().isNull()  # no floppy on an irreversible act
    assert dialog.record_button.isDefault()
    dialog.reject()


def test_the_confirmation_states_the_charge_and_cancel_records_nothing(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    services, workshop_id = window.services, window.workshop.id
    services.charging.set_retention_days(7)
    window.resize(1280, 720)
    _proceed(window)
    northshore = _registration(window, NORTHSHORE)
    masked = str(services.vault.masked(workshop_id)[northshore])
    dialog = _open_charge(window, NORTHSHORE)
    qtbot.keyClicks(dialog.reference, "APPROVAL 834211")

    box = _confirmation(qtbot, dialog)
    assert box.windowModality() == Qt.WindowModality.WindowModal
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    assert box.button(QMessageBox.StandardButton.Yes).text() == "&Record charge"
    assert box.text() == (
        f"Record the charge of 3,000.00 CAD for {NORTHSHORE}? It cannot be undone."
    )
    assert box.informativeText().splitlines() == [
        "Amount: 3,000.00 CAD",
        f"Card: {masked}",
        "Date: Oct 2, 2018",
        "Reference: APPROVAL 834211",
        "",
        "Erased at once: the security code and the scanned form.",
        "Erased on Oct 9, 2018, when the retention period of 7 days ends: the card number.",
        "Kept: cardholder, brand, last 4 digits, amount, date and reference.",
    ]
    shot = tmp_path / "charge_confirmation_1280x720.png"
    _grab_over_window(window, [dialog, box], shot)
    assert shot.stat().st_size > 0

    _answer(qtbot, box, QMessageBox.StandardButton.Cancel)  # nothing recorded
    qtbot.waitUntil(lambda: dialog.confirmation is None)
    assert services.charging.charges(workshop_id) == []
    assert _status(window, northshore) is RegistrationStatus.CONFIRMED
    assert services.vault.masked(workshop_id)[northshore].state == "active"
    assert window.active_dialog is dialog and dialog.isVisible()
    assert dialog.reference.text() == "APPROVAL 834211" and dialog.record_button.isEnabled()

    box = _confirmation(qtbot, dialog)  # Escape is Cancel too
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: dialog.confirmation is None)
    assert services.charging.charges(workshop_id) == []

    _record(qtbot, window, dialog)
    (charge,) = services.charging.charges(workshop_id)
    assert (charge.reference, str(charge.amount), charge.card) == (
        "APPROVAL 834211",
        "3,000.00 CAD",
        masked,
    )

    # The desk shows the charge: in the details and in the table, in the same window size.
    desk = window.desk
    assert (window.width(), window.height()) == (1280, 720)
    assert window.selected_registration().id == northshore
    assert desk.charge_title.isVisibleTo(desk) and desk.detail_charge.isVisibleTo(desk)
    assert desk.detail_charge.text().splitlines() == [
        "3,000.00 CAD on Oct 2, 2018",
        "Reference: APPROVAL 834211",
        f"Card: {masked}",
    ]
    assert _cell(window, NORTHSHORE, CHARGE_COLUMN) == (
        "3,000.00 CAD · Oct 2, 2018 · ref. APPROVAL 834211"
    )
    assert _cell(window, NORTHSHORE, CARD_COLUMN) == masked
    tooltip = desk.proxy.index(
        next(
            row
            for row in range(desk.proxy.rowCount())
            if desk.proxy.index(row, 0).data() == NORTHSHORE
        ),
        CHARGE_COLUMN,
    ).data(Qt.ItemDataRole.ToolTipRole)
    assert tooltip == (
        f"Charged 3,000.00 CAD on Oct 2, 2018 to {masked}, reference APPROVAL 834211"
    )
    _grab_over_window(window, [], tmp_path / "charged_desk_1280x720.png")
    window.select_registration(_registration(window, ANDES))  # not charged: no section
    assert not desk.detail_charge.isVisibleTo(desk) and not desk.charge_title.isVisibleTo(desk)
    assert _cell(window, ANDES, CHARGE_COLUMN) == ""


@pytest.mark.parametrize(
    ("text", "value"), [("3000", "3000.00"), (" 2,650.5 ", "2650.50"), ("0.01", "0.01")]
)
def test_parse_amount(text: str, value: str) -> None:
    assert str(parse_amount(text)) == value


@pytest.mark.parametrize("text", ["", "abc", "0", "-5", "1.234", "NaN"])
def test_parse_amount_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        parse_amount(text)
