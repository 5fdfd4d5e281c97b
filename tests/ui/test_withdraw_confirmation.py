"""Withdrawing from the desk: the confirmation says the card authorization will be
destroyed, then it is, with a certificate of destruction (issue 14, item 2)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QMessageBox
from pytestqt.qtbot import QtBot
from uihelpers import registration_of, trigger_for, unlock

from escadesk.domain.registration import RegistrationStatus
from escadesk.services.vault import VaultError
from escadesk.ui.certificates import CertificatesDialog
from escadesk.ui.main_window import MainWindow
from escadesk.ui.step_dialogs import ReasonDialog

BALTIC = "Baltic Maritime Innovation Network"  # complete, card Mastercard •••• 4444


def _open_withdrawal(window: MainWindow, organization: str) -> ReasonDialog:
    dialog = trigger_for(window, organization, window.action("withdraw"))
    assert isinstance(dialog, ReasonDialog)
    return dialog


def _prompt(dialog: ReasonDialog) -> str:
    return " ".join(label.text() for label in dialog.findChildren(QLabel))


def _status(window: MainWindow, organization: str) -> RegistrationStatus:
    rows = window.services.registrations.list(window.workshop.id)
    return next(row.status for row in rows if row.organization == organization)


def _withdrawn(window: MainWindow, organization: str) -> bool:
    return window.statusBar().currentMessage().startswith(f"{organization} withdrawn")


def test_the_confirmation_says_the_card_is_destroyed_then_it_is(
    qtbot: QtBot, window: MainWindow
) -> None:
    baltic = registration_of(window, BALTIC)
    dialog = _open_withdrawal(window, BALTIC)
    prompt = _prompt(dialog)
    assert "Its card authorization (Mastercard •••• 4444) will be destroyed at once" in prompt
    assert "a certificate of destruction is kept" in prompt
    assert baltic in window.services.vault.masked(window.workshop.id)  # not before confirming

    qtbot.keyClicks(dialog.text, "Travel budget cut")
    dialog.accept()
    qtbot.waitUntil(lambda: _withdrawn(window, BALTIC), timeout=15000)

    assert _status(window, BALTIC) is RegistrationStatus.WITHDRAWN
    assert baltic not in window.services.vault.masked(window.workshop.id)
    (erasure,) = window.services.vault.erasures(window.workshop.id)
    message = window.statusBar().currentMessage()
    assert f"certificate {erasure.certificate_number}, complete" in message
    window.select_registration(baltic)
    assert not window.action("reveal").isEnabled() and not window.action("erase_card").isEnabled()

    window.action("certificates").trigger()
    certificates = window.active_dialog
    assert isinstance(certificates, CertificatesDialog)
    certificates.erasures.setCurrentRow(0)
    shown = certificates.text.toPlainText()  # the page: a table of the facts
    assert BALTIC in shown
    assert "Registration withdrawn: the card authorization is no longer needed." in shown
    assert certificates.certificate is not None
    text = certificates.certificate.text()  # the same facts as text (the letter's copy)
    assert f"Organization: {BALTIC}" in text
    assert "Reason: Registration withdrawn: the card authorization is no longer needed." in text
    certificates.reject()


def test_declining_the_withdrawal_keeps_the_registration_and_its_card(
    qtbot: QtBot, window: MainWindow
) -> None:
    dialog = _open_withdrawal(window, BALTIC)
    dialog.reject()
    qtbot.waitUntil(lambda: window.active_dialog is None)
    assert _status(window, BALTIC) is RegistrationStatus.COMPLETE
    assert registration_of(window, BALTIC) in window.services.vault.masked(window.workshop.id)
    assert window.services.vault.erasures() == []


def test_without_a_card_the_confirmation_promises_no_destruction(
    qtbot: QtBot, window: MainWindow
) -> None:
    catalonia = "Catalonia Smart Mobility Hub"  # registered, no card
    dialog = _open_withdrawal(window, catalonia)
    assert "card authorization" not in _prompt(dialog)
    qtbot.keyClicks(dialog.text, "Changed plans")
    dialog.accept()
    qtbot.waitUntil(lambda: _withdrawn(window, catalonia), timeout=15000)
    assert window.statusBar().currentMessage() == f"{catalonia} withdrawn."
    assert window.services.vault.erasures() == []


def test_an_erasure_that_stops_is_said_and_finished_at_the_next_unlock(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = window.services.vault

    def keychain_down(_pending: object) -> None:
        raise VaultError("The system keychain did not answer.")

    monkeypatch.setattr(vault, "finish_erasure", keychain_down)
    dialog = _open_withdrawal(window, BALTIC)
    qtbot.keyClicks(dialog.text, "Travel budget cut")
    dialog.accept()
    qtbot.waitUntil(lambda: isinstance(window.active_dialog, QMessageBox), timeout=15000)
    box = window.active_dialog
    assert box.windowTitle() == "Card erasure not finished"
    assert "is withdrawn, but destroying its card authorization stopped" in box.text()
    assert "The system keychain did not answer." in box.text()
    box.accept()
    assert _status(window, BALTIC) is RegistrationStatus.WITHDRAWN
    (pending,) = vault.erasures()
    assert pending.status == "pending"

    monkeypatch.undo()
    vault.lock()
    unlock(qtbot, window)
    (finished,) = vault.erasures()
    assert finished.status == "complete"
