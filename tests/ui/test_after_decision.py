"""After a proceed decision: the freed place, re-pricing, erasing the cards no longer
needed once the event is over; and the card-number retention setting."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog
from pytestqt.qtbot import QtBot

from escadesk.domain.card_authorization import CardAuthorizationForm
from escadesk.domain.registration import RegistrationStatus
from escadesk.domain.registration_form import RegistrationDetails
from escadesk.notifications.messages import Template
from escadesk.services.demo import DEMO_PASSPHRASE
from escadesk.ui.certificates import CertificatesDialog
from escadesk.ui.letters_dialog import LettersDialog
from escadesk.ui.main_window import MainWindow
from escadesk.ui.settings_dialog import SettingsDialog
from escadesk.ui.step_dialogs import ReasonDialog

TORONTO = ZoneInfo("America/Toronto")
DECISION_DAY = datetime(2018, 10, 2, 9, 0, tzinfo=TORONTO)
AFTER_EVENT = datetime(2018, 10, 5, 9, 0, tzinfo=TORONTO)
EXTRA = (
    ("Wei Chen", "Pearl River ICT Cluster", "wei.chen@prict.example", "4012 8888 8888 1881"),
    ("Tom OBrien", "Atlantic Ocean Tech", "tom.obrien@aot.example", "5105 1051 0510 5100"),
    ("Grace Mensah", "Accra Digital Hub", "grace.mensah@adh.example", "4000 0566 5566 5556"),
)


def _id(window: MainWindow, organization: str) -> int:
    rows = window.services.registrations.list(window.workshop.id)
    return next(r.id for r in rows if r.organization == organization)


def _statuses(window: MainWindow) -> dict[str, RegistrationStatus]:
    rows = window.services.registrations.list(window.workshop.id)
    return {r.organization: r.status for r in rows}


def _card(holder: str, number: str) -> CardAuthorizationForm:
    return CardAuthorizationForm(
        cardholder=holder,
        card_number=number,
        expiry="12/2027",
        code="123",
        billing_address="Somewhere 1, Somewhere",
        signed_on=datetime(2018, 9, 28).date(),
    )


def _proceed_with_waitlist(window: MainWindow) -> None:
    """8 complete on time: 6 confirmed, Atlantic Ocean Tech and Accra waitlisted."""
    services, workshop_id = window.services, window.workshop.id
    services.vault.record(
        _id(window, "Andes AgriFood Alliance"), _card("Sofia Munoz", "4242 4242 4242 4242")
    )
    services.registrations.record_form(_id(window, "Lakeside Clean Energy Cluster"))
    for name, organization, email, number in EXTRA:
        registration = services.registrations.register(
            workshop_id, RegistrationDetails(organization, "Canada", "ICT", name, email)
        )
        services.registrations.record_form(registration)
        services.vault.record(registration, _card(name, number))
    services.clock.set(DECISION_DAY)
    services.decision.confirm(workshop_id, DEMO_PASSPHRASE)
    window.refresh()
    statuses = list(_statuses(window).values())
    assert statuses.count(RegistrationStatus.CONFIRMED) == 6
    assert statuses.count(RegistrationStatus.WAITLISTED) == 2


def _withdraw(qtbot: QtBot, window: MainWindow, organization: str) -> None:
    """Withdraw through the desk and wait for it (its card is destroyed in the background)."""
    window.select_registration(_id(window, organization))
    assert window.action("withdraw").isEnabled()
    window.action("withdraw").trigger()
    reason = window.active_dialog
    assert isinstance(reason, ReasonDialog)
    qtbot.keyClicks(reason.text, "Travel budget cut")
    reason.accept()
    qtbot.waitUntil(
        lambda: window.statusBar().currentMessage().startswith(f"{organization} withdrawn"),
        timeout=15000,
    )


def test_withdrawing_a_confirmed_organization_offers_its_place(
    qtbot: QtBot, window: MainWindow
) -> None:
    _proceed_with_waitlist(window)
    _withdraw(qtbot, window, "Northshore Photonics Cluster")
    box = window.active_dialog
    assert isinstance(box, QMessageBox)
    assert "Offer the freed place to Atlantic Ocean Tech?" in box.text()
    assert _statuses(window)["Atlantic Ocean Tech"] is RegistrationStatus.WAITLISTED
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: window.active_dialog is None)
    statuses = _statuses(window)
    assert statuses["Northshore Photonics Cluster"] is RegistrationStatus.WITHDRAWN
    assert statuses["Atlantic Ocean Tech"] is RegistrationStatus.CONFIRMED
    assert statuses["Accra Digital Hub"] is RegistrationStatus.WAITLISTED
    assert window.selected_registration().organization == "Atlantic Ocean Tech"


def test_declining_the_offer_leaves_the_waitlist(qtbot: QtBot, window: MainWindow) -> None:
    _proceed_with_waitlist(window)
    _withdraw(qtbot, window, "Baltic Maritime Innovation Network")
    box = window.active_dialog
    assert isinstance(box, QMessageBox)
    box.button(QMessageBox.StandardButton.Cancel).click()
    qtbot.waitUntil(lambda: window.active_dialog is None)
    assert _statuses(window)["Atlantic Ocean Tech"] is RegistrationStatus.WAITLISTED


def test_no_offer_before_a_decision(qtbot: QtBot, window: MainWindow) -> None:
    _withdraw(qtbot, window, "Northshore Photonics Cluster")
    assert window.active_dialog is None
    assert _statuses(window)["Northshore Photonics Cluster"] is RegistrationStatus.WITHDRAWN


def test_reprice_with_a_reason_shows_the_new_fee(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    assert not window.action("reprice").isEnabled()  # no decision yet
    _proceed_with_waitlist(window)
    # A confirmed organization leaves and nobody is promoted: 5 take part.
    window.services.registrations.withdraw(_id(window, "Northshore Photonics Cluster"), "Budget")
    window.refresh()
    assert window.action("reprice").isEnabled()
    window.action("reprice").trigger()
    reason = window.active_dialog
    assert isinstance(reason, ReasonDialog)
    assert not reason.ok_button.isEnabled()
    qtbot.keyClicks(reason.text, "One organization withdrew and the waitlist declined")
    reason.accept()
    qtbot.waitUntil(lambda: isinstance(window.active_dialog, QMessageBox))
    box = window.active_dialog
    assert box.windowTitle() == "Re-priced"
    assert "The fee is now 2,780.00 CAD per organization" in box.text()
    confirmed = [o for o, s in _statuses(window).items() if s is RegistrationStatus.CONFIRMED]
    assert len(confirmed) == 5 and all(f"• {name}" in box.text() for name in confirmed)
    box.accept()
    qtbot.waitUntil(lambda: window.active_dialog is None)

    # The letters dialog starts with just the organizations to tell, each marked.
    window.action("letters").trigger()
    letters = window.active_dialog
    assert isinstance(letters, LettersDialog)
    assert letters.chosen is Template.CONFIRMED and letters.only_due.isChecked()
    assert letters.recipients.count() == 5
    assert "New price notice due" in letters.recipients.item(0).text()
    assert "your new price: 2,780.00 CAD" in letters.subject.text()
    assert "replaces my earlier message" in letters.body.toPlainText()
    letters.save_to(tmp_path)
    qtbot.waitUntil(lambda: letters.save_button.isEnabled(), timeout=15000)
    letters.only_due.setChecked(False)
    letters.only_due.setChecked(True)
    assert letters.recipients.count() == 0  # everyone was told
    letters.reject()


def test_promoted_organization_gets_a_promotion_letter_and_the_stored_fee(
    qtbot: QtBot, window: MainWindow
) -> None:
    _proceed_with_waitlist(window)
    _withdraw(qtbot, window, "Northshore Photonics Cluster")
    window.active_dialog.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: window.active_dialog is None)
    row = window.selected_registration()
    assert row.organization == "Atlantic Ocean Tech"
    assert row.fee_gross == Decimal("2650.00") and row.fee_notice_due
    (letter,) = window.services.notifications.letters(
        window.workshop.id, Template.CONFIRMED, only_notice_due=True
    )
    assert letter.organization == "Atlantic Ocean Tech"
    assert "first on the waiting list, now takes part" in letter.message.body
    assert "2,650.00 CAD" in letter.message.subject


def test_erase_cards_no_longer_needed_after_the_event(qtbot: QtBot, window: MainWindow) -> None:
    _proceed_with_waitlist(window)
    assert not window.action("after_event_erase").isEnabled()  # the event is not over
    window.services.clock.set(AFTER_EVENT)
    window.refresh()
    assert window.action("after_event_erase").isEnabled()
    window.action("after_event_erase").trigger()
    box = window.active_dialog
    assert isinstance(box, QMessageBox)
    assert "Atlantic Ocean Tech" in box.text() and "Accra Digital Hub" in box.text()
    assert "Pearl River ICT Cluster" not in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: window.active_dialog is not box)
    bar = window.active_dialog
    assert isinstance(bar, QProgressDialog) and bar.isVisible()  # progress, not a frozen window
    qtbot.waitUntil(lambda: isinstance(window.active_dialog, CertificatesDialog), timeout=15000)
    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog)]
    assert not any(w.isVisible() for w in shown)
    certificates = window.active_dialog
    assert certificates.erasures.count() == 2
    assert "CERTIFICATE OF DESTRUCTION" in certificates.text.toPlainText()
    certificates.reject()
    masked = window.services.vault.masked(window.workshop.id)
    assert _id(window, "Atlantic Ocean Tech") not in masked
    assert _id(window, "Pearl River ICT Cluster") in masked
    assert not window.action("after_event_erase").isEnabled()


def test_settings_set_the_card_number_retention(qtbot: QtBot, window: MainWindow) -> None:
    assert window.services.charging.retention_days() == 0
    window.action("settings").trigger()
    dialog = window.active_dialog
    assert isinstance(dialog, SettingsDialog)
    assert dialog.retention.value() == 0 and dialog.retention.maximum() == 30
    dialog.retention.setValue(14)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: window.active_dialog is None)
    assert window.services.charging.retention_days() == 14
    window.action("settings").trigger()
    again = window.active_dialog
    assert isinstance(again, SettingsDialog) and again.retention.value() == 14
    again.reject()
