"""Dialog buttons as the director sees them (issue 16, item 7): the platform's order, the
act named by its verb, Close or Cancel as the case is, and one icon rule.

The irreversible acts (erase a card, withdraw, erase personal data, record a form
destroyed, take the decision, record a charge, delete a reference set, restore a
backup) are opened the way the director opens them, on a desktop whose platform puts
icons on dialog buttons (as GNOME and KDE do). None of their buttons may carry the
platform's floppy "save" picture, whatever the style sheet says; with the app's style
sheet, no dialog button carries any picture at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QProxyStyle,
    QPushButton,
    QStyle,
    QWidget,
)
from pytestqt.qtbot import QtBot
from uihelpers import open_window, registration_of, unlock

from escadesk.app import Services
from escadesk.services.demo import DEMO_PASSPHRASE
from escadesk.services.paper import Channel, PaperKind
from escadesk.ui.charge_dialog import ChargeDialog
from escadesk.ui.decision_wizard import DecisionWizard
from escadesk.ui.main_window import MainWindow
from escadesk.ui.paper_dialog import DisposeDialog
from escadesk.ui.personal_data_dialog import ErasePersonalDataDialog
from escadesk.ui.registration_dialog import RegistrationDialog
from escadesk.ui.reveal_dialog import RevealDialog
from escadesk.ui.step_dialogs import ReasonDialog
from escadesk.ui.style import apply_style

TORONTO = ZoneInfo("America/Toronto")
DECISION_DAY = datetime(2018, 10, 2, 9, 0, tzinfo=TORONTO)
NORTHSHORE = "Northshore Photonics Cluster"
BALTIC = "Baltic Maritime Innovation Network"
ANDES = "Andes AgriFood Alliance"
CATALONIA = "Catalonia Smart Mobility Hub"
SAVE = QStyle.StandardPixmap.SP_DialogSaveButton
#: Words that say nothing of the act; an act's button says what it does instead.
VAGUE = {"ok", "yes", "apply", "save"}


class DesktopWithIcons(QProxyStyle):
    """Fusion on a desktop whose theme puts icons on dialog buttons (GNOME, KDE)."""

    def styleHint(self, hint, option=None, widget=None, returnData=None):
        if hint == QStyle.StyleHint.SH_DialogButtonBox_ButtonsHaveIcons:
            return 1
        return super().styleHint(hint, option, widget, returnData)


@pytest.fixture
def services(demo_services: Services) -> Services:
    return demo_services  # tests/ui/conftest.py


@pytest.fixture
def icon_desktop(qapp: QApplication) -> Iterator[Callable[[bool], QImage]]:
    """Switches to the desktop above, with or without the app's style sheet, and gives
    the platform's save picture. The app's own style comes back afterwards."""

    def switch(with_style_sheet: bool) -> QImage:
        apply_style(qapp)
        if not with_style_sheet:
            qapp.setStyleSheet("")
        qapp.setStyle(DesktopWithIcons("Fusion"))
        return _picture(qapp.style().standardIcon(SAVE))

    yield switch
    apply_style(qapp)


def _picture(icon) -> QImage:
    return icon.pixmap(16, 16).toImage()


def _plain(text: str) -> str:
    return text.replace("&", "").rstrip("…").strip()


def _dialog_buttons(dialog: QWidget) -> list[QAbstractButton]:
    """The visible buttons of ``dialog``'s button boxes (a message box's included)."""
    return [
        button
        for box in dialog.findChildren(QDialogButtonBox)
        for button in box.buttons()
        if button.isVisible()
    ]


class Acts:
    """Opens each irreversible act's dialog and hands (what, dialog, act button) to
    ``check``."""

    def __init__(
        self,
        qtbot: QtBot,
        window: MainWindow,
        check: Callable[[str, QWidget, QAbstractButton], None],
    ) -> None:
        self.qtbot = qtbot
        self.window = window
        self.check = check

    def trigger(self, key: str, organization: str | None = None) -> QDialog:
        window = self.window
        if organization is not None:
            window.select_registration(registration_of(window, organization))
        action = window.action(key)
        assert action.isEnabled(), key
        action.trigger()
        dialog = window.active_dialog
        assert isinstance(dialog, QDialog), key
        self.qtbot.waitExposed(dialog)
        return dialog

    def close(self, dialog: QWidget) -> None:
        if isinstance(dialog, QDialog) and dialog.isVisible():
            dialog.done(int(QDialog.DialogCode.Rejected))
        self.qtbot.waitUntil(lambda: self.window.active_dialog is not dialog)

    def walk(self) -> None:
        window, services = self.window, self.window.services
        erase = self.trigger("erase_card", NORTHSHORE)
        assert isinstance(erase, ReasonDialog)
        self.check("erase a card", erase, erase.ok_button)
        self.close(erase)

        withdraw = self.trigger("withdraw", BALTIC)
        assert isinstance(withdraw, ReasonDialog)
        self.check("withdraw", withdraw, withdraw.ok_button)
        self.close(withdraw)

        personal = self.trigger("erase_personal", CATALONIA)
        assert isinstance(personal, ErasePersonalDataDialog)
        self.check("erase personal data", personal, personal.erase_button)
        self.close(personal)

        paper_id = services.paper.record_received(
            registration_of(window, BALTIC),
            PaperKind.CARD_AUTHORIZATION,
            Channel.MAIL,
            DECISION_DAY.date().replace(day=1),
        )
        paper = next(p for p in services.paper.checklist(window.workshop.id) if p.id == paper_id)
        dispose = DisposeDialog(services, paper, DECISION_DAY.date(), parent=window)
        self.qtbot.addWidget(dispose)
        dispose.show()
        self.check("record a form destroyed", dispose, dispose.record_button)
        dispose.reject()

        # Andes' authorization makes 4: on decision day the workshop proceeds.
        services.registrations.record_authorization(registration_of(window, ANDES))
        services.clock.set(DECISION_DAY)
        window.refresh()
        wizard = self.trigger("decision")
        assert isinstance(wizard, DecisionWizard)
        while wizard.pages.currentIndex() < wizard.CONFIRM:
            self.qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
        self.check("take the decision", wizard, wizard.confirm_button)
        self.close(wizard)

        services.decision.confirm(window.workshop.id, DEMO_PASSPHRASE)
        services.decision.erase_cancelled(window.workshop.id)
        window.refresh()
        charge = self.trigger("charge", NORTHSHORE)
        assert isinstance(charge, ChargeDialog)
        self.check("record a charge", charge, charge.record_button)
        self.qtbot.keyClicks(charge.reference, "AUTH-1")
        self.qtbot.mouseClick(charge.record_button, Qt.MouseButton.LeftButton)
        self.qtbot.waitUntil(lambda: charge.confirmation is not None)
        box = charge.confirmation
        assert isinstance(box, QMessageBox)
        self.check("confirm the charge", box, box.button(QMessageBox.StandardButton.Yes))
        box.button(QMessageBox.StandardButton.Cancel).click()
        self.close(charge)

        sets = self.trigger("reference_sets")
        sets.table.selectRow(0)
        sets.confirm_delete()
        delete = sets.child
        assert isinstance(delete, QMessageBox)
        self.check("delete a reference set", delete, delete.button(QMessageBox.StandardButton.Yes))
        delete.button(QMessageBox.StandardButton.Cancel).click()
        self.close(sets)


def _window(qtbot: QtBot, qapp: QApplication, services: Services) -> MainWindow:
    window = open_window(qtbot, qapp, services)
    unlock(qtbot, window)
    return window


def test_no_irreversible_act_carries_the_save_icon(
    qtbot: QtBot,
    qapp: QApplication,
    services: Services,
    icon_desktop: Callable[[bool], QImage],
) -> None:
    """Without the app's style sheet the platform's pictures show: an act built on the
    standard Save button would carry the floppy, and this test fails."""
    window = _window(qtbot, qapp, services)
    floppy = icon_desktop(False)
    # The check can see a floppy: an ordinary form's Save does carry it on this desktop.
    form = RegistrationDialog(services, window.workshop.id, None, parent=window)
    qtbot.addWidget(form)
    assert _picture(form.save_button.icon()) == floppy
    seen: list[str] = []

    def check(what: str, dialog: QWidget, button: QAbstractButton) -> None:
        seen.append(what)
        assert isinstance(button, QPushButton), what
        assert _plain(button.text()).lower() not in VAGUE, (what, button.text())
        icon = button.icon()
        assert icon.isNull() or _picture(icon) != floppy, f"{what}: floppy icon"
        box = button.parentWidget()
        if isinstance(box, QDialogButtonBox):  # not the decision's, next to its passphrase
            assert box.standardButton(button) != QDialogButtonBox.StandardButton.Save, what

    Acts(qtbot, window, check).walk()
    assert len(seen) == 8


def test_with_the_app_style_no_dialog_button_carries_a_picture(
    qtbot: QtBot,
    qapp: QApplication,
    services: Services,
    icon_desktop: Callable[[bool], QImage],
) -> None:
    """One icon set: none on dialog buttons, on every platform (the verb says it)."""
    window = _window(qtbot, qapp, services)
    icon_desktop(True)
    form = RegistrationDialog(services, window.workshop.id, None, parent=window)
    qtbot.addWidget(form)
    form.show()
    assert [b.text() for b in _dialog_buttons(form) if not b.icon().isNull()] == []

    def check(what: str, dialog: QWidget, _button: QAbstractButton) -> None:
        pictured = [b.text() for b in _dialog_buttons(dialog) if not b.icon().isNull()]
        assert pictured == [], (what, pictured)

    Acts(qtbot, window, check).walk()


def test_buttons_say_close_or_cancel_as_the_case_is(
    qtbot: QtBot, qapp: QApplication, services: Services
) -> None:
    """A dialog with input has its act and Cancel, one with nothing to cancel has Close;
    never both, never a bare OK or Yes, and always in a button box (platform order)."""
    window = _window(qtbot, qapp, services)
    clicked = re.compile(r"^(ok|yes|cancel|close|save)$", re.IGNORECASE)

    def words(dialog: QWidget) -> set[str]:
        QApplication.processEvents()
        found = {_plain(b.text()).lower() for b in _dialog_buttons(dialog)}
        loose = [
            b.text()
            for b in dialog.findChildren(QPushButton)
            if b.isVisible()
            and clicked.match(_plain(b.text()))
            and not isinstance(b.parentWidget(), QDialogButtonBox)
        ]
        assert loose == [], f"{dialog.windowTitle()}: outside a button box: {loose}"
        assert not {"ok", "yes"} & found, dialog.windowTitle()
        assert not {"cancel", "close"} <= found, dialog.windowTitle()
        return found

    def check(_what: str, dialog: QWidget, _button: QAbstractButton) -> None:
        assert "cancel" in words(dialog) and "close" not in words(dialog)

    acts = Acts(qtbot, window, check)
    reveal = acts.trigger("reveal", NORTHSHORE)
    assert isinstance(reveal, RevealDialog)
    assert words(reveal) == {"cancel", "show card"}
    box = reveal.show_button.parentWidget()
    assert isinstance(box, QDialogButtonBox)
    assert box.buttonRole(reveal.show_button) == QDialogButtonBox.ButtonRole.AcceptRole
    assert box.buttonRole(reveal.cancel_button) == QDialogButtonBox.ButtonRole.RejectRole
    acts.close(reveal)
    paper = acts.trigger("paper")
    assert words(paper) == {"add received form", "record destroyed", "close"}
    acts.close(paper)
    letters = acts.trigger("letters")
    assert words(letters) == {"save drafts", "send", "close"}
    acts.close(letters)
    wizard = acts.trigger("decision")
    assert words(wizard) == {"< back", "next >", "cancel"}  # nothing decided yet
    acts.close(wizard)
    acts.walk()
