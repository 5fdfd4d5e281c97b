"""The decision wizard driven like the director: preview, dry run, confirm, erase."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session

from escadesk.domain.decision import DecisionPlan
from escadesk.domain.registration import RegistrationStatus
from escadesk.services.decision import DecisionService
from escadesk.services.demo import DEMO_PASSPHRASE
from escadesk.storage.models import Workshop
from escadesk.ui.decision_wizard import DecisionWizard
from escadesk.ui.main_window import MainWindow
from escadesk.ui.step_dialogs import ReasonDialog

DECISION_DAY = datetime(2018, 10, 2, 9, 0, tzinfo=ZoneInfo("America/Toronto"))


def _registration(window: MainWindow, organization: str) -> int:
    rows = window.services.registrations.list(window.workshop.id)
    return next(r.id for r in rows if r.organization == organization)


def _statuses(window: MainWindow) -> dict[str, RegistrationStatus]:
    rows = window.services.registrations.list(window.workshop.id)
    return {r.organization: r.status for r in rows}


def _decision_day(window: MainWindow) -> None:
    window.services.clock.set(DECISION_DAY)
    window.refresh()


def _open(window: MainWindow) -> DecisionWizard:
    assert window.action("decision").isEnabled()
    assert window.action("decision").shortcut().toString() == "Ctrl+D"
    window.action("decision").trigger()
    wizard = window.active_dialog
    assert isinstance(wizard, DecisionWizard)
    assert wizard.windowModality() == Qt.WindowModality.WindowModal
    return wizard


def _to_confirm(qtbot: QtBot, wizard: DecisionWizard) -> None:
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.pages.currentIndex() == wizard.OUTCOME
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.pages.currentIndex() == wizard.CONFIRM


def _confirm(qtbot: QtBot, wizard: DecisionWizard, passphrase: str) -> None:
    wizard.passphrase.clear()
    qtbot.keyClicks(wizard.passphrase, passphrase)
    assert wizard.confirm_button.isEnabled()
    qtbot.mouseClick(wizard.confirm_button, Qt.MouseButton.LeftButton)


def test_before_the_deadline_it_is_a_read_only_preview(qtbot: QtBot, window: MainWindow) -> None:
    wizard = _open(window)
    assert wizard.pages.currentIndex() == wizard.REGISTRATIONS
    assert wizard.plan is not None and not wizard.plan.available
    assert not wizard.preview_banner.isHidden()
    assert "Read-only preview" in wizard.preview_banner.text()
    assert "Oct 2, 2018 00:00" in wizard.preview_banner.text()
    assert "3 of 4" in wizard.counted_section.title.text()
    _to_confirm(qtbot, wizard)
    qtbot.keyClicks(wizard.passphrase, DEMO_PASSPHRASE)
    assert not wizard.confirm_button.isEnabled()
    assert not wizard.confirm_banner.isHidden()
    wizard.reject()
    assert window.services.decision.taken(window.workshop.id) is None


def test_cancel_destroys_every_card_authorization(qtbot: QtBot, window: MainWindow) -> None:
    services, workshop_id = window.services, window.workshop.id
    _decision_day(window)
    wizard = _open(window)
    assert wizard.preview_banner.isHidden()
    incomplete = wizard.incomplete_section.findChildren(type(wizard.preview_banner))
    assert any("Missing: signed card authorization" in label.text() for label in incomplete)
    _to_confirm(qtbot, wizard)
    assert wizard.outcome_headline.text() == "The workshop does not proceed"
    assert "nothing has changed yet" in wizard.dry_run_note.text()
    assert "Card authorizations destroyed after confirming (4)" in _page_text(wizard, 1)
    assert "the 4 card authorizations stored" in wizard.confirm_consequence.text()
    assert services.vault.masked(workshop_id)  # cards are stored before confirming

    progress: list[int] = []
    wizard.erasure_progress.valueChanged.connect(progress.append)
    _confirm(qtbot, wizard, DEMO_PASSPHRASE)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == wizard.DONE, timeout=15000)
    qtbot.waitUntil(wizard.certificates_button.isEnabled, timeout=15000)
    assert wizard.erasure_progress.value() == 100 and 100 in progress
    assert wizard.erasure_status.text() == (
        "4 of 4 card authorizations found were destroyed, each with its certificate of destruction."
    )
    assert services.vault.masked(workshop_id) == {}
    statuses = _statuses(window)
    assert statuses["Nordic Games & Media Cluster"] is RegistrationStatus.WITHDRAWN
    del statuses["Nordic Games & Media Cluster"]
    assert set(statuses.values()) == {RegistrationStatus.CANCELLED}
    record = services.decision.taken(workshop_id)
    assert record is not None and record.participants == 0

    # The certificates are one click away; the main window has refreshed.
    from escadesk.ui.certificates import CertificatesDialog

    qtbot.mouseClick(wizard.certificates_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(window.active_dialog, CertificatesDialog))
    assert "CERTIFICATE OF DESTRUCTION" in window.active_dialog.text.toPlainText()
    window.active_dialog.reject()


def _page_text(wizard: DecisionWizard, index: int) -> str:
    return " ".join(label.text() for label in wizard.pages.widget(index).findChildren(QLabel))


def _withdraw_keeping_the_card(window: MainWindow, organization: str) -> None:
    """A withdrawal as stored before issue 14: the state changed, the card stayed."""
    from escadesk.domain.registration import RegistrationEvent
    from escadesk.services.lookups import load_registration
    from escadesk.services.registration_lifecycle import apply_event

    services = window.services
    with services.context.database.transaction() as session:
        registration = load_registration(session, _registration(window, organization))
        apply_event(
            services.context, session, registration, RegistrationEvent.WITHDRAW, None, "Budget"
        )
    window.refresh()


def test_a_withdrawn_organizations_card_is_listed_then_destroyed(
    qtbot: QtBot, window: MainWindow
) -> None:
    """Issue 14: the wizard promised every card would go, but a withdrawn organization's
    card stayed; now the dry run lists it and the last page counts what went."""
    services, workshop_id = window.services, window.workshop.id
    _withdraw_keeping_the_card(window, "Lakeside Clean Energy Cluster")
    _decision_day(window)
    wizard = _open(window)
    _to_confirm(qtbot, wizard)
    dry_run = _page_text(wizard, wizard.OUTCOME)
    assert "Lakeside Clean Energy Cluster" in dry_run
    assert "Discover •••• 1117 — Withdrawn" in dry_run
    assert [card.organization for card in wizard.cards if card.status.value == "withdrawn"] == [
        "Lakeside Clean Energy Cluster"
    ]

    _confirm(qtbot, wizard, DEMO_PASSPHRASE)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == wizard.DONE, timeout=15000)
    qtbot.waitUntil(wizard.certificates_button.isEnabled, timeout=15000)
    assert wizard.erasure_status.text().startswith("4 of 4 card authorizations found were")
    assert services.vault.masked(workshop_id) == {}
    reasons = {e.organization: e.reason for e in services.vault.erasures(workshop_id)}
    assert reasons["Lakeside Clean Energy Cluster"].startswith("Registration withdrawn")
    wizard.reject()


def test_proceed_after_a_wrong_passphrase(qtbot: QtBot, window: MainWindow) -> None:
    services, workshop_id = window.services, window.workshop.id
    services.registrations.record_authorization(_registration(window, "Andes AgriFood Alliance"))
    _decision_day(window)
    wizard = _open(window)
    assert "4 of 4" in wizard.counted_section.title.text()
    _to_confirm(qtbot, wizard)
    assert wizard.outcome_headline.text() == "The workshop proceeds"
    page_text = " ".join(
        label.text() for label in wizard.pages.widget(1).findChildren(type(wizard.outcome_headline))
    )
    assert "3,000.00 CAD" in page_text and "~1,990 EUR" in page_text
    assert "HST 13%" in page_text and "2018-06-01" in page_text

    before = _statuses(window)
    _confirm(qtbot, wizard, "not the passphrase")
    qtbot.waitUntil(lambda: not wizard.confirm_error.isHidden(), timeout=15000)
    assert "passphrase" in wizard.confirm_error.text().lower()
    assert wizard.pages.currentIndex() == wizard.CONFIRM
    assert _statuses(window) == before and services.decision.taken(workshop_id) is None

    qtbot.waitUntil(lambda: services.vault.retry_after() == 0, timeout=15000)
    _confirm(qtbot, wizard, DEMO_PASSPHRASE)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == wizard.DONE, timeout=15000)
    qtbot.waitUntil(wizard.certificates_button.isEnabled, timeout=15000)
    statuses = list(_statuses(window).values())
    assert statuses.count(RegistrationStatus.CONFIRMED) == 4
    assert "proceeds" in wizard.done_headline.text()
    qtbot.mouseClick(wizard.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.active_dialog is None)

    # Opening it again only shows what was decided.
    again = _open(window)
    assert again.pages.currentIndex() == again.TAKEN
    assert again.taken_headline.text() == "The workshop proceeds"
    texts = [label.text() for label in again.findChildren(type(again.taken_headline))]
    assert "Oct 2, 2018 09:00 (America/Toronto)" in texts
    assert "4 organizations confirmed" in texts
    assert again.pending_card.isHidden()
    assert not again.next_button.isVisible()
    again.reject()


def test_accept_a_late_completion_in_the_wizard(qtbot: QtBot, window: MainWindow) -> None:
    services = window.services
    _decision_day(window)
    andes = _registration(window, "Andes AgriFood Alliance")
    services.registrations.record_authorization(andes)  # completes after the deadline
    wizard = _open(window)
    assert "Late — not counted unless accepted (1)" in wizard.late_section.title.text()
    button = next(
        b
        for b in wizard.late_section.findChildren(type(wizard.close_button))
        if b.text() == "Accept late…"
    )
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    reason = wizard.reason_dialog
    assert isinstance(reason, ReasonDialog)
    qtbot.keyClicks(reason.text, "Authorization was posted on time")
    reason.accept()
    assert "4 of 4" in wizard.counted_section.title.text()
    assert wizard.plan is not None and wizard.plan.participants == 4
    assert wizard.outcome_headline.text() == "The workshop proceeds"
    wizard.reject()


def test_the_wizard_plans_the_decision_once(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Planning reads every registration of the workshop (thousands at a large event):
    the summary and the cards to destroy come from one plan (issue 17)."""
    _decision_day(window)
    planned: list[int] = []
    plan = DecisionService._plan

    def counted(service: DecisionService, session: Session, workshop: Workshop) -> DecisionPlan:
        planned.append(workshop.id)
        return plan(service, session, workshop)

    monkeypatch.setattr(DecisionService, "_plan", counted)
    wizard = DecisionWizard(window.services, window.workshop, parent=window)
    qtbot.addWidget(wizard)
    _to_confirm(qtbot, wizard)
    assert wizard.outcome_headline.text() == "The workshop does not proceed"
    assert "Card authorizations destroyed after confirming (4)" in _page_text(wizard, 1)
    assert planned == [window.workshop.id]
    wizard.reject()
