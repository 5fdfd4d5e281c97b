"""The whole first errand without a mouse (issue 16, item 4): unlock, register an
organization, record its registration form and its card authorization, and run the
decision's dry run, with key presses only: shortcuts, Alt+the letter of a field's label,
Tab, Return and Escape. No mouse event is sent and no slot is called; the dialog that
has the keyboard is found as the application's active modal window.
"""

from __future__ import annotations

from accessibility_audit import focus_owner, mnemonic
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QLabel, QWidget
from pytestqt.qtbot import QtBot

from escadesk.domain.registration import RegistrationStatus
from escadesk.services.demo import DEMO_PASSPHRASE
from escadesk.ui.main_window import MainWindow

ORGANIZATION = "Pearl River ICT Cluster"  # Wei Chen is on the demo's delegate list
EMAIL = "wei.chen@prict.example"
CONTROL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def _focused() -> QWidget:
    """Where a key goes: the focused widget, else the active window itself (as Qt
    delivers a key pressed when no widget of the window has the focus)."""
    widget = QApplication.focusWidget() or QApplication.activeWindow()
    assert widget is not None, "nothing has the keyboard"
    return widget


def press(key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key pressed where the keyboard is (the focused widget), as a user does."""
    QTest.keyClick(_focused(), key, modifiers)
    QApplication.processEvents()


def type_text(text: str) -> None:
    QTest.keyClicks(_focused(), text)
    QApplication.processEvents()


def _modal(qtbot: QtBot, kind: type[QDialog]) -> QDialog:
    """The dialog that now has the keyboard (the active modal window)."""
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), kind))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, kind)
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def _closed(qtbot: QtBot, window: MainWindow, timeout: int = 10_000) -> None:
    """The dialog closed; the window has the keyboard again. On a desktop the window
    manager gives it back; the offscreen platform has none, so the test does."""
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=timeout)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def reach(dialog: QWidget, field: QWidget) -> None:
    """Alt+the letter of the field's own label: the focus moves to the field."""
    label = next((label for label in dialog.findChildren(QLabel) if label.buddy() is field), None)
    assert label is not None, f"{field.accessibleName()!r} has no label of its own"
    letter = mnemonic(label.text())
    assert letter is not None, f"{label.text()!r} has no letter"
    press(Qt.Key(ord(letter.upper())), ALT)
    assert focus_owner(_focused()) is field, f"Alt+{letter} did not reach {label.text()!r}"


def fill(dialog: QWidget, field: QWidget, text: str) -> None:
    """Reach the field, replace what it holds with ``text``, and leave it with Tab."""
    reach(dialog, field)
    press(Qt.Key.Key_A, CONTROL)
    type_text(text)
    press(Qt.Key.Key_Tab)


def activate(button: QAbstractButton) -> None:
    """Its letter if it has one; else Tab to it and press Space."""
    letter = mnemonic(button.text())
    if letter is not None:
        press(Qt.Key(ord(letter.upper())), ALT)
        return
    for _ in range(80):
        if focus_owner(_focused()) is button:
            press(Qt.Key.Key_Space)
            return
        press(Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reaches {button.text()!r}")


def _row(window: MainWindow, organization: str):
    rows = window.services.registrations.list(window.workshop.id)
    return next((row for row in rows if row.organization == organization), None)


def test_keyboard_only_register_record_and_dry_run(qtbot: QtBot, locked_window: MainWindow) -> None:
    from escadesk.ui.card_dialog import CardAuthorizationDialog
    from escadesk.ui.decision_wizard import DecisionWizard
    from escadesk.ui.registration_dialog import RegistrationDialog
    from escadesk.ui.step_dialogs import ReceivedDialog

    window = locked_window
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    page = window.vault_page
    qtbot.waitUntil(page.passphrase.isEnabled)

    # Unlock: the passphrase field has the keyboard; type, Return.
    assert _focused() is page.passphrase
    type_text(DEMO_PASSPHRASE)
    press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.unlocked, timeout=10_000)

    # Ctrl+N: a new registration, filled field by field through the labels' letters.
    press(Qt.Key.Key_N, CONTROL)
    dialog = _modal(qtbot, RegistrationDialog)
    fill(dialog, dialog.contact_email, EMAIL)
    for field, text in (
        (dialog.contact_name, "Wei Chen"),
        (dialog.organization, ORGANIZATION),
        (dialog.country, "China"),
        (dialog.technology_area, "ICT"),
    ):
        fill(dialog, field, text)
    activate(dialog.save_button)
    _closed(qtbot, window)
    row = _row(window, ORGANIZATION)
    assert row is not None and row.contact_email == EMAIL
    assert row.technology_area == "ICT" and row.country == "China"
    assert window.selected_registration().id == row.id  # the new one is selected

    # Ctrl+1: its registration form arrived (now, the default): Return.
    press(Qt.Key.Key_1, CONTROL)
    _modal(qtbot, ReceivedDialog)
    press(Qt.Key.Key_Return)
    _closed(qtbot, window)
    assert _row(window, ORGANIZATION).form_received_at is not None

    # Ctrl+2: its signed card authorization, a public test card.
    press(Qt.Key.Key_2, CONTROL)
    card = _modal(qtbot, CardAuthorizationDialog)
    for field, text in (
        (card.cardholder, "Wei Chen"),
        (card.card_number, "4111 1111 1111 1111"),
        (card.expiry, "12/27"),
        (card.code, "123"),
        (card.billing_address, "88 Tianhe Road, Guangzhou, China"),
    ):
        fill(card, field, text)
    activate(card.save_button)
    _closed(qtbot, window, timeout=15_000)
    stored = _row(window, ORGANIZATION)
    assert stored.status is RegistrationStatus.COMPLETE
    assert str(window.services.vault.masked(window.workshop.id)[stored.id]) == "VISA •••• 1111"

    # Ctrl+D: the decision; Next is its dry run (a preview), then Escape closes it.
    press(Qt.Key.Key_D, CONTROL)
    wizard = _modal(qtbot, DecisionWizard)
    activate(wizard.next_button)  # a button's letter clicks it as a short animation
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == wizard.OUTCOME)
    dry_run = " ".join(label.text() for label in wizard.pages.currentWidget().findChildren(QLabel))
    assert "nothing has changed yet" in dry_run.lower()
    assert ORGANIZATION in dry_run and wizard.plan is not None and wizard.plan.participants == 4
    press(Qt.Key.Key_Escape)
    _closed(qtbot, window)
    assert window.services.decision.taken(window.workshop.id) is None  # a dry run only
