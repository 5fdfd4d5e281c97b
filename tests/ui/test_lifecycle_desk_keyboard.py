"""The desk follows the workshop (issue 16, item 2): each phase has its own headings and
numbers and its next-step buttons, reached by keyboard (each its own Alt+letter) and
named for a screen reader; a step pressed emits its key. The decision wizard's last page
offers the same steps."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from escadesk.app import Services
from escadesk.domain.card_authorization import CardAuthorizationForm
from escadesk.domain.lifecycle import Phase
from escadesk.domain.registration_form import RegistrationDetails
from escadesk.services.clock import FixedClock
from escadesk.services.demo import DEMO_PASSPHRASE
from escadesk.ui.dashboard import DashboardWidget
from escadesk.ui.decision_wizard import DecisionWizard
from escadesk.ui.main_window import MainWindow
from escadesk.ui.next_steps import letters_in_use, mnemonic_of

TORONTO = ZoneInfo("America/Toronto")
DECISION_DAY = datetime(2018, 10, 2, 9, 0, tzinfo=TORONTO)
AFTER_EVENT = datetime(2018, 10, 5, 9, 0, tzinfo=TORONTO)
EXTRA = (
    ("Wei Chen", "Pearl River ICT Cluster", "wei.chen@prict.example", "4012 8888 8888 1881"),
    ("Tom OBrien", "Atlantic Ocean Tech", "tom.obrien@aot.example", "5105 1051 0510 5100"),
)


def _card(holder: str, number: str) -> CardAuthorizationForm:
    return CardAuthorizationForm(
        cardholder=holder,
        card_number=number,
        expiry="12/2027",
        code="123",
        billing_address="Somewhere 1, Somewhere",
        signed_on=date(2018, 9, 28),
    )


def _ids(services: Services) -> dict[str, int]:
    (workshop,) = services.workshops.list()
    return {r.organization: r.id for r in services.registrations.list(workshop.id)}


def _complete_more(services: Services) -> None:
    """Before the deadline: Andes, Lakeside and two more delegates complete (7 on time)."""
    (workshop,) = services.workshops.list()
    ids = _ids(services)
    services.vault.record(ids["Andes AgriFood Alliance"], _card("Sofia Munoz", "4242424242424242"))
    services.registrations.record_form(ids["Lakeside Clean Energy Cluster"])
    for name, organization, email, number in EXTRA:
        registration = services.registrations.register(
            workshop.id, RegistrationDetails(organization, "Canada", "ICT", name, email)
        )
        services.registrations.record_form(registration)
        services.vault.record(registration, _card(name, number))


def _at(services: Services, moment: datetime) -> None:
    clock = services.clock
    assert isinstance(clock, FixedClock)
    clock.set(moment)


def _show(window: MainWindow) -> DashboardWidget:
    """Refresh the desk as the window does, then show the workshop's phase on it."""
    window.refresh()
    dashboard = window.desk.dashboard
    assert window.workshop is not None
    dashboard.show_overview(window.services.lifecycle.overview(window.workshop.id))
    return dashboard


def _titles(dashboard: DashboardWidget) -> list[str]:
    """The card headings a director sees, left to right."""
    labels = [
        label
        for label in dashboard.findChildren(QLabel, "cardTitle")
        if label.isVisibleTo(dashboard)
    ]
    return [
        label.text()
        for label in sorted(
            labels, key=lambda label: label.mapTo(dashboard, label.rect().topLeft()).x()
        )
    ]


def _texts(dashboard: DashboardWidget) -> str:
    return " | ".join(
        label.text() for label in dashboard.findChildren(QLabel) if label.isVisibleTo(dashboard)
    )


def _buttons(dashboard: DashboardWidget) -> list[QPushButton]:
    return [b for b in dashboard.steps.buttons.values() if b.isVisibleTo(dashboard)]


def _proceed(window: MainWindow) -> None:
    services = window.services
    _complete_more(services)
    _at(services, DECISION_DAY)
    assert window.workshop is not None
    services.decision.confirm(window.workshop.id, DEMO_PASSPHRASE)
    services.decision.erase_cancelled(window.workshop.id)


# -- headings per phase ---------------------------------------------------------------------


def test_keyboard_desk_before_the_deadline_keeps_todays_headings(
    qtbot: QtBot, window: MainWindow
) -> None:
    dashboard = _show(window)
    assert dashboard.phase is Phase.BEFORE_DEADLINE
    assert dashboard.phase_title.text() == "Registration open"
    assert _titles(dashboard) == ["QUORUM", "FEE PER ORGANIZATION", "IF REGISTRATION CLOSED NOW"]
    # The demo's Catalonia Smart Mobility Hub has sent nothing: a reminder is due.
    assert [b.text().replace("&", "") for b in _buttons(dashboard)] == [
        "New registration…",
        "Preview the decision…",
        "1 reminder due…",
    ]


def test_keyboard_desk_from_the_deadline_shows_the_outcome_and_the_decision(
    qtbot: QtBot, window: MainWindow
) -> None:
    _at(window.services, DECISION_DAY)
    dashboard = _show(window)
    assert dashboard.phase_title.text() == "Decision due"
    assert _titles(dashboard) == ["QUORUM", "OUTCOME IF DECIDED NOW", "CARD AUTHORIZATIONS"]
    text = _texts(dashboard)
    assert "Does not proceed" in text
    assert "Registration closed on Oct 1, 2018" in dashboard.phase_detail.text()
    assert "IF REGISTRATION CLOSED NOW" not in text
    (button,) = _buttons(dashboard)
    assert button.text().replace("&", "") == "Open the decision…"
    assert button.objectName() == "primary"
    with qtbot.waitSignal(dashboard.next_step_requested) as signal:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert signal.args == ["decision"]


def test_keyboard_desk_after_a_proceed_decision(qtbot: QtBot, window: MainWindow) -> None:
    _proceed(window)
    services = window.services
    services.charging.record_charge(
        _ids(services)["Northshore Photonics Cluster"], date(2018, 10, 2), "AP-1042"
    )
    dashboard = _show(window)
    assert dashboard.phase_title.text() == "The workshop proceeds"
    assert _titles(dashboard) == [
        "CONFIRMED ORGANIZATIONS",
        "CHARGES",
        "LETTERS",
        "CARDS AND ERASURES",
    ]
    text = _texts(dashboard)
    # The pre-deadline headings are gone.
    assert "IF REGISTRATION CLOSED NOW" not in text and "Quorum reached" not in text
    assert "6 organizations at 2,650.00 CAD" in text
    assert "1 of 6 recorded" in text
    assert "Charged: 2,650.00 CAD" in text and "Still to charge: 13,250.00 CAD" in text
    assert "Waitlist: Atlantic Ocean Tech" in text
    assert "in 2 days" in dashboard.phase_detail.text()
    keys = list(dashboard.steps.buttons)
    assert keys == ["letters", "charges"]
    with qtbot.waitSignal(dashboard.next_step_requested) as signal:
        qtbot.mouseClick(dashboard.steps.buttons["charges"], Qt.MouseButton.LeftButton)
    assert signal.args == ["charges"]


def test_keyboard_desk_after_the_event_with_more_steps_than_buttons(
    qtbot: QtBot, window: MainWindow
) -> None:
    _proceed(window)
    _at(window.services, AFTER_EVENT)
    dashboard = _show(window)
    assert dashboard.phase_title.text() == "After the workshop"
    assert _titles(dashboard) == [
        "BENCHMARKING REPORTS",
        "BRONZE LABELS",
        "CHARGES",
        "STILL TO ERASE",
    ]
    text = _texts(dashboard)
    assert "0 of 6 written" in text and "Sending is not recorded" in text
    assert "2 of 6 recorded" in text  # the demo's two Bronze labels
    assert "Cards that will never be charged: 1" in text
    # Five steps: the first three are buttons, the others in "More steps".
    assert list(dashboard.steps.buttons) == ["benchmark_reports", "letters", "charges"]
    more = dashboard.steps.more_button
    assert more.isVisibleTo(dashboard) and more.accessibleName() == "More next steps"
    assert set(dashboard.steps.more_actions) == {"after_event_erase", "benchmark"}
    with qtbot.waitSignal(dashboard.next_step_requested) as signal:
        dashboard.steps.more_actions["after_event_erase"].trigger()
    assert signal.args == ["after_event_erase"]
    # The row never makes the desk wider than a 1280-pixel screen.
    assert dashboard.minimumSizeHint().width() <= 1280 - 28


def test_keyboard_desk_after_a_cancel(qtbot: QtBot, window: MainWindow) -> None:
    services = window.services
    _at(services, DECISION_DAY)
    assert window.workshop is not None
    services.decision.confirm(window.workshop.id, DEMO_PASSPHRASE)
    services.decision.erase_cancelled(window.workshop.id)
    dashboard = _show(window)
    assert dashboard.phase_title.text() == "The workshop does not proceed"
    assert _titles(dashboard) == [
        "REGISTRATIONS",
        "CARDS DESTROYED",
        "CERTIFICATES OF DESTRUCTION",
        "LETTERS",
    ]
    text = _texts(dashboard)
    assert "4 of 4 destroyed" in text and "6 due" in text
    assert list(dashboard.steps.buttons) == ["letters", "certificates"]


# -- the keyboard ---------------------------------------------------------------------------


def test_keyboard_next_steps_have_their_own_letters_and_names(
    qtbot: QtBot, window: MainWindow
) -> None:
    _proceed(window)
    _at(window.services, AFTER_EVENT)
    dashboard = _show(window)
    buttons = [*_buttons(dashboard), dashboard.steps.more_button]
    letters = [mnemonic_of(button.text()) for button in buttons]
    assert None not in letters and len(set(letters)) == len(letters)
    around = letters_in_use(window.desk, besides=dashboard.steps)
    assert {"f", "w", "r", "b", "v", "h"} <= around  # the menu bar's letters
    assert not set(letters) & around
    for button in _buttons(dashboard):
        assert button.focusPolicy() & Qt.FocusPolicy.TabFocus
        assert button.accessibleName() and button.accessibleDescription().endswith(".")
        assert button.toolTip() == button.accessibleDescription()


def test_keyboard_alt_letter_presses_a_next_step(qtbot: QtBot, window: MainWindow) -> None:
    _at(window.services, DECISION_DAY)
    dashboard = _show(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    (button,) = _buttons(dashboard)
    letter = mnemonic_of(button.text())
    assert letter is not None
    with qtbot.waitSignal(dashboard.next_step_requested) as signal:
        qtbot.keyClick(window, Qt.Key(ord(letter.upper())), Qt.KeyboardModifier.AltModifier)
    assert signal.args == ["decision"]
    button.setFocus()
    with qtbot.waitSignal(dashboard.next_step_requested) as signal:
        qtbot.keyClick(button, Qt.Key.Key_Space)
    assert signal.args == ["decision"]


# -- the decision wizard's last page --------------------------------------------------------


def test_keyboard_wizard_last_page_offers_the_same_next_steps(
    qtbot: QtBot, window: MainWindow
) -> None:
    services = window.services
    _complete_more(services)
    _at(services, DECISION_DAY)
    assert window.workshop is not None
    wizard = DecisionWizard(services, window.workshop, parent=window)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(wizard.passphrase, DEMO_PASSPHRASE)
    qtbot.mouseClick(wizard.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == wizard.DONE, timeout=15000)
    qtbot.waitUntil(wizard.done_steps_card.isVisible, timeout=15000)
    steps = wizard.done_steps
    assert list(steps.buttons) == ["letters", "charges"]  # as the desk offers them
    assert [b.text().replace("&", "") for b in steps.buttons.values()] == [
        "Letters due…",
        "Record charges…",
    ]
    letters = [mnemonic_of(b.text()) for b in steps.buttons.values()]
    assert None not in letters
    assert not set(letters) & letters_in_use(wizard, besides=steps)
    with qtbot.waitSignal(wizard.next_step_requested) as signal:
        qtbot.mouseClick(steps.buttons["letters"], Qt.MouseButton.LeftButton)
    assert signal.args == ["letters"]
    assert not wizard.isVisible()  # it closed, so the window can open the letters


def test_keyboard_wizard_opened_again_shows_the_next_steps(
    qtbot: QtBot, window: MainWindow
) -> None:
    services = window.services
    _at(services, DECISION_DAY)
    assert window.workshop is not None
    services.decision.confirm(window.workshop.id, DEMO_PASSPHRASE)
    services.decision.erase_cancelled(window.workshop.id)
    wizard = DecisionWizard(services, window.workshop, parent=window)
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.pages.currentIndex() == wizard.TAKEN
    assert wizard.taken_steps_card.isVisible()
    # The wizard has its own certificates button: the step is not repeated here.
    assert list(wizard.taken_steps.buttons) == ["letters"]


# -- the window follows the steps -----------------------------------------------------------


def test_keyboard_window_shows_the_phase_and_a_step_opens_its_command(
    qtbot: QtBot, window: MainWindow
) -> None:
    """The window itself puts the phase on the desk at every refresh, and each step opens
    the window's command: the decision wizard; a charge for the next organization."""
    from escadesk.ui.charge_dialog import ChargeDialog

    services = window.services
    _complete_more(services)
    _at(services, DECISION_DAY)
    window.refresh()
    dashboard = window.desk.dashboard
    assert dashboard.phase is Phase.DECISION_DUE
    qtbot.mouseClick(dashboard.steps.buttons["decision"], Qt.MouseButton.LeftButton)
    assert isinstance(window.active_dialog, DecisionWizard)
    window.active_dialog.done(0)
    qtbot.waitUntil(lambda: window.active_dialog is None)

    assert window.workshop is not None
    services.decision.confirm(window.workshop.id, DEMO_PASSPHRASE)
    services.decision.erase_cancelled(window.workshop.id)
    window.refresh()
    assert dashboard.phase is Phase.PROCEEDING
    qtbot.mouseClick(dashboard.steps.buttons["charges"], Qt.MouseButton.LeftButton)
    dialog = window.active_dialog
    assert isinstance(dialog, ChargeDialog)
    selected = window.selected_registration()
    assert selected is not None and selected.fee_gross is not None
    assert dialog.windowTitle() == f"Record charge — {selected.organization}"
