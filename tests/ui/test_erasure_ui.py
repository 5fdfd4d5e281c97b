"""Erasing a card authorization from the desk, its certificate, and the audit check."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from escadesk.domain.cards import contains_card_number
from escadesk.ui.certificates import CertificatesDialog
from escadesk.ui.main_window import MainWindow
from escadesk.ui.step_dialogs import ReasonDialog


def _select(window: MainWindow, organization: str) -> int:
    rows = window.services.registrations.list(window.workshop.id)
    registration_id = next(r.id for r in rows if r.organization == organization)
    window.select_registration(registration_id)
    return registration_id


def test_erase_from_the_desk_then_save_the_certificate(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    registration_id = _select(window, "Baltic Maritime Innovation Network")
    assert window.action("erase_card").isEnabled()
    window.action("erase_card").trigger()
    reason = window.active_dialog
    assert isinstance(reason, ReasonDialog)
    assert not reason.ok_button.isEnabled()  # a reason is required
    qtbot.keyClicks(reason.text, "Organization asked us to destroy its card details")
    reason.accept()
    qtbot.waitUntil(lambda: isinstance(window.active_dialog, CertificatesDialog), timeout=15000)

    certificates = window.active_dialog
    assert isinstance(certificates, CertificatesDialog)
    text = certificates.text.toPlainText()
    assert "CERTIFICATE OF DESTRUCTION" in text
    assert "Baltic Maritime Innovation Network" in text
    assert "Organization asked us to destroy its card details" in text
    assert "No trace of the destroyed data" in text
    assert not contains_card_number(text) and "4444" not in text
    saved = certificates.save_to(tmp_path / certificates.suggested_name())
    assert saved.name.startswith("Certificate of destruction - Baltic Maritime")
    assert saved.read_text(encoding="utf-8").startswith("CERTIFICATE OF DESTRUCTION")
    certificates.reject()

    # The desk no longer knows a card for it, and cannot reveal or erase again.
    assert registration_id not in window.services.vault.masked(window.workshop.id)
    _select(window, "Baltic Maritime Innovation Network")
    assert not window.action("reveal").isEnabled() and not window.action("erase_card").isEnabled()


def test_certificates_dialog_lists_every_erasure(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    vault = window.services.vault
    for organization in ("Northshore Photonics Cluster", "Rhine Valley Health Cluster"):
        vault.erase(_select(window, organization), "Workshop cancelled")
    window.action("certificates").trigger()
    dialog = window.active_dialog
    assert isinstance(dialog, CertificatesDialog)
    assert dialog.erasures.count() == 2
    dialog.erasures.setCurrentRow(0)
    assert "Northshore Photonics Cluster" in dialog.text.toPlainText()


def test_verify_the_audit_log_from_the_menu(qtbot: QtBot, window: MainWindow) -> None:
    window.action("verify_audit").trigger()
    qtbot.waitUntil(lambda: isinstance(window.active_dialog, QMessageBox), timeout=10000)
    box = window.active_dialog
    assert box.windowTitle() == "Audit log intact"
    assert "entries of the audit log are intact" in box.text()
