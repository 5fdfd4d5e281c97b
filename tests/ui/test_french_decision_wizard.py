"""Issue 21: the decision wizard says the plan in the window's language (French here),
while the decision's audit entry stays in English, as the legal record is written."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from escadesk.services.demo import DEMO_PASSPHRASE
from escadesk.storage.models import AuditEntry
from escadesk.ui.decision_wizard import DecisionWizard
from escadesk.ui.main_window import MainWindow

DECISION_DAY = datetime(2018, 10, 2, 9, 0, tzinfo=ZoneInfo("America/Toronto"))
NBSP, NNBSP = "\u00a0", "\u202f"


def _decision_summaries(window: MainWindow) -> list[str]:
    with window.services.context.database.reading() as session:
        query = select(AuditEntry.summary).where(AuditEntry.action.like("decision.%"))
        return list(session.scalars(query))


def _open_on_decision_day(qtbot: QtBot, window: MainWindow) -> DecisionWizard:
    window.services.clock.set(DECISION_DAY)
    window.refresh()
    window.action("decision").trigger()
    wizard = window.active_dialog
    assert isinstance(wizard, DecisionWizard)
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.pages.currentIndex() == wizard.OUTCOME
    return wizard


def _confirm(qtbot: QtBot, wizard: DecisionWizard) -> None:
    """From the outcome page: on to the confirmation, then confirm."""
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.pages.currentIndex() == wizard.CONFIRM
    qtbot.keyClicks(wizard.passphrase, DEMO_PASSPHRASE)
    qtbot.mouseClick(wizard.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == wizard.DONE, timeout=15000)
    qtbot.waitUntil(wizard.certificates_button.isEnabled, timeout=15000)


def test_french_wizard_says_the_plan_in_french_and_the_audit_in_english(
    qtbot: QtBot, french: None, window: MainWindow
) -> None:
    services = window.services
    andes = next(
        r.id
        for r in services.registrations.list(window.workshop.id)
        if r.organization == "Andes AgriFood Alliance"
    )
    services.registrations.record_authorization(andes)
    wizard = _open_on_decision_day(qtbot, window)
    french = (
        f"L'atelier a lieu avec 4 organisations au prix de 3{NBSP}000,00{NBSP}$ chacune "
        f"(taxe de 13{NBSP}% comprise){NNBSP}; 2 inscriptions incomplètes annulées."
    )
    assert wizard.outcome_headline.text() == "L'atelier a lieu"
    assert wizard.outcome_summary.text() == french
    shown = {label.text() for label in wizard.findChildren(QLabel) if label.isVisibleTo(wizard)}
    # The fee table: amounts, rate and tax name the French way.
    assert {f"3{NBSP}000,00{NBSP}$", f"TVH 13{NBSP}%"} <= shown, shown
    assert not any(text.endswith(" CAD") or "HST" in text for text in shown), shown
    assert "1 CAD = 0,662 EUR au 2018-06-01" in shown and f"~1{NBSP}990{NBSP}EUR" in shown, shown
    # The confirmation page is filled with the outcome page (the plan is the same).
    assert wizard.confirm_headline.text() == french
    assert wizard.confirm_consequence.text() == (
        f"4 organisations sont confirmées au prix de 3{NBSP}000,00{NBSP}$ chacune, "
        "2 inscriptions annulées. "
        "Le prix est fixé pour chaque organisation confirmée."
    )
    _confirm(qtbot, wizard)
    assert wizard.done_summary.text().startswith(french)
    assert _decision_summaries(window) == [
        "The workshop proceeds with 4 organizations at 3,000.00 CAD each (13% tax included); "
        "2 incomplete registrations cancelled."
    ]
    wizard.reject()


def test_french_wizard_says_a_cancellation_in_french_and_the_audit_in_english(
    qtbot: QtBot, french: None, window: MainWindow
) -> None:
    wizard = _open_on_decision_day(qtbot, window)
    assert wizard.outcome_headline.text() == "L'atelier n'a pas lieu"
    french = f"L'atelier n'a pas lieu{NBSP}: 6 inscriptions sont annulées."
    assert wizard.outcome_summary.text() == french
    _confirm(qtbot, wizard)
    assert wizard.done_summary.text().startswith(french)
    assert _decision_summaries(window) == [
        "The workshop does not proceed: 6 registrations are cancelled."
    ]
    wizard.reject()
