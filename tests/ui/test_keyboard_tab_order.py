"""Tab follows the layout (issue 16, item 4): in each form dialog, Tab from the first field
visits every field and button in reading order (top to bottom, left to right) and comes
back to the first."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from accessibility_audit import FIELDS, describe, out_of_visual_order, tab_chain
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot
from uihelpers import registration_of

from escadesk.services.demo import DEMO_PASSPHRASE
from escadesk.ui.main_window import MainWindow

DECISION_DAY = datetime(2018, 10, 2, 9, 0, tzinfo=ZoneInfo("America/Toronto"))
NORTHSHORE = "Northshore Photonics Cluster"
ANDES = "Andes AgriFood Alliance"
CATALONIA = "Catalonia Smart Mobility Hub"


def _open(qtbot: QtBot, window: MainWindow, key: str, organization: str | None = None) -> QDialog:
    if organization is not None:
        window.select_registration(registration_of(window, organization))
    action = window.action(key)
    assert action.isEnabled(), key
    action.trigger()
    dialog = window.active_dialog
    assert dialog is not None, key
    _activate(qtbot, dialog)
    return dialog


def _activate(qtbot: QtBot, dialog: QWidget) -> None:
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)


def _check(dialog: QWidget, first: QWidget) -> list[QWidget]:
    chain = tab_chain(first)
    assert out_of_visual_order(chain) == [], [describe(w, dialog) for w in chain]
    return chain


def _proceed(window: MainWindow) -> None:
    services = window.services
    services.registrations.record_authorization(registration_of(window, ANDES))
    services.clock.set(DECISION_DAY)
    services.decision.confirm(window.workshop.id, DEMO_PASSPHRASE)
    services.decision.erase_cancelled(window.workshop.id)
    window.refresh()


#: The form dialogs, by the command that opens them (and the organization it needs).
FORMS: dict[str, tuple[str, str | None]] = {
    "registration": ("new_registration", None),
    "card authorization": ("authorization", ANDES),
    "workshop": ("edit_workshop", None),
    "registration form received": ("form", CATALONIA),
    "withdraw (a reason)": ("withdraw", CATALONIA),
    "change passphrase": ("change_passphrase", None),
    "settings": ("settings", None),
    "erase personal data": ("erase_personal", CATALONIA),
}


def _fields(dialog: QWidget) -> list[QWidget]:
    return [
        widget
        for widget in dialog.findChildren(QWidget)
        if isinstance(widget, FIELDS)
        and widget.isVisible()
        and widget.isEnabled()
        and widget.window() is dialog
        and widget.focusProxy() is None
        and not isinstance(widget.parentWidget(), FIELDS)  # a combo box's own line edit
    ]


@pytest.mark.parametrize("name", list(FORMS))
def test_keyboard_tab_follows_the_layout(qtbot: QtBot, window: MainWindow, name: str) -> None:
    key, organization = FORMS[name]
    dialog = _open(qtbot, window, key, organization)
    fields = _fields(dialog)
    assert fields, "no field to start from"
    chain = _check(dialog, fields[0])
    missing = [describe(field, dialog) for field in fields if field not in chain]
    assert missing == [], "fields Tab never reaches"
    dialog.reject()


def test_keyboard_tab_follows_the_layout_of_the_charge(qtbot: QtBot, window: MainWindow) -> None:
    _proceed(window)
    dialog = _open(qtbot, window, "charge", NORTHSHORE)
    _check(dialog, dialog.amount)
    dialog.reject()


def test_keyboard_tab_follows_the_layout_of_the_paper_forms(
    qtbot: QtBot, window: MainWindow
) -> None:
    paper = _open(qtbot, window, "paper")
    paper.add_button.click()
    add = paper.sub_dialog
    _activate(qtbot, add)
    _check(add, add.organization)
    add.reject()
    paper.reject()


def test_keyboard_tab_follows_the_layout_of_the_mail_server(
    qtbot: QtBot, window: MainWindow
) -> None:
    from escadesk.ui.letters_dialog import SmtpDialog

    dialog = SmtpDialog({}, 3, parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    _activate(qtbot, dialog)
    _check(dialog, dialog.host)
    dialog.reject()


def test_keyboard_tab_follows_the_layout_of_the_first_run(qtbot: QtBot, qapp, tmp_path) -> None:
    from uihelpers import make_services, open_window

    services = make_services(tmp_path / "data")
    try:
        window = open_window(qtbot, qapp, services)
        page = window.vault_page
        qtbot.waitUntil(page.passphrase.isEnabled)
        _check(window, page.passphrase)
    finally:
        services.close()


def test_keyboard_tab_follows_the_layout_of_the_decision(qtbot: QtBot, window: MainWindow) -> None:
    """The confirm page: the passphrase, Confirm, then the wizard's buttons."""
    window.services.clock.set(DECISION_DAY)
    window.refresh()
    wizard = _open(qtbot, window, "decision")
    for _page in range(2):
        wizard.next_button.click()
    assert wizard.pages.currentIndex() == wizard.CONFIRM
    qtbot.keyClicks(wizard.passphrase, "typed")  # Confirm is enabled once typed
    chain = _check(wizard, wizard.passphrase)
    assert chain.index(wizard.passphrase) < chain.index(wizard.confirm_button)
    wizard.reject()


def test_keyboard_tab_follows_the_layout_of_the_reveal(qtbot: QtBot, window: MainWindow) -> None:
    dialog = _open(qtbot, window, "reveal", NORTHSHORE)
    _check(dialog, dialog.passphrase)
    dialog.reject()
