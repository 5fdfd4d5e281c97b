"""Canary: a card-authorization form filled in with a test card, opened through the window
(Registration > Open a returned form…), reviewed, saved and its file deleted, leaves
nothing of the card in clear anywhere: not in the data folder (database, WAL, keys,
settings, window state), not in the temp folder (this test's own TMPDIR, where Python,
SQLite and Qt write), not in the home folders, not in a log record or a Qt message.

The scan covers every file under the test's folder (the inbox the form came from
included, once the form is deleted) and what is new in the system temp folder
(tests/security/canary.py).
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from canary import (
    ANDES,
    BILLING_ADDRESS,
    CARD_NUMBER,
    CARDHOLDER,
    CODE,
    EXPIRY,
    PASSPHRASE,
    CanaryScanner,
    number_forms,
    registration_id,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from escadesk.app import Services
from escadesk.domain.cards import contains_card_number
from escadesk.ui.card_dialog import CardAuthorizationDialog
from escadesk.ui.main_window import MainWindow
from escadesk.ui.style import apply_style
from escadesk.ui.vault_pages import UnlockPage
from returned_forms_kit import fill

WAIT = 20_000


def _unlocked_window(qtbot: QtBot, qapp, services: Services) -> MainWindow:
    apply_style(qapp)
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.resize(1400, 860)
    window.show()
    qtbot.waitExposed(window)
    page = window.vault_page
    assert isinstance(page, UnlockPage)
    qtbot.waitUntil(page.passphrase.isEnabled)
    qtbot.keyClicks(page.passphrase, PASSPHRASE)
    qtbot.mouseClick(page.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.unlocked, timeout=WAIT)
    return window


def _filled_card_form(services: Services, folder: Path) -> Path:
    """The workshop's own card form, filled in with the canary card as a PDF reader
    fills it (the number typed without spaces, as the brief's canary has it)."""
    (workshop,) = services.workshops.list()
    blank = services.forms.write_blank(workshop.id, folder / "blank")[1]
    values = {
        "organization": ANDES,
        "cardholder": CARDHOLDER,
        "card_number": CARD_NUMBER,
        "expiry": EXPIRY,
        "code": CODE,
        "billing_address": BILLING_ADDRESS,
        "signature": CARDHOLDER,
        "signed_on": "2018-09-20",
    }
    path = folder / "inbox" / "card authorization.pdf"
    path.parent.mkdir(parents=True)
    path.write_bytes(fill(blank.read_bytes(), values))
    blank.unlink()  # the blank form holds nothing of the card; it is not part of the scan
    return path


def _said(caplog: pytest.LogCaptureFixture, qtlog, capsys: pytest.CaptureFixture[str]) -> str:
    out, err = capsys.readouterr()
    records = [record.getMessage() for record in caplog.records]
    messages = [record.message for record in qtlog.records]
    return "\n".join([*records, *messages, out, err])


def _import(qtbot: QtBot, window: MainWindow, path: Path) -> QMessageBox:
    """Open the form through the menu command, check the number came in, Save; the
    question about the file is returned."""
    window.action("returned_form").trigger()
    chooser = window.active_dialog
    assert isinstance(chooser, QFileDialog)
    chooser.selectFile(str(path))
    chooser.accept()
    qtbot.waitUntil(lambda: isinstance(window.active_dialog, CardAuthorizationDialog), timeout=WAIT)
    dialog = window.active_dialog
    assert dialog.card_number.text() == number_forms()["spaced"]
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(window.active_dialog, QMessageBox), timeout=WAIT)
    question = window.active_dialog
    assert "holds the card number in clear" in question.text()
    return question


def test_a_card_form_imported_through_the_window_leaves_no_card_in_clear(
    qtbot: QtBot,
    qapp,
    qtlog,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
    services: Services,
    scanner: CanaryScanner,
    tmp_path: Path,
) -> None:
    caplog.set_level(logging.DEBUG)
    path = _filled_card_form(services, tmp_path)
    assert number_forms()["plain"].encode() in path.read_bytes()  # the canary is there
    window = _unlocked_window(qtbot, qapp, services)
    andes = registration_id(services, ANDES)

    question = _import(qtbot, window, path)
    question.button(QMessageBox.StandardButton.Yes).click()  # Delete the file
    qtbot.waitUntil(lambda: not path.exists(), timeout=WAIT)
    qtbot.waitUntil(lambda: "Deleted" in window.statusBar().currentMessage(), timeout=WAIT)

    (workshop,) = services.workshops.list()
    assert str(services.vault.masked(workshop.id)[andes]) == "VISA •••• 1111"
    window.close()  # writes the window's state (window.ini) too

    report = scanner.scan()
    assert report.clean, str(report)
    assert any(p.name == "escadesk.sqlite3" for p in report.files)
    said = _said(caplog, qtlog, capsys)
    for form in number_forms().values():
        assert form not in said
    assert CARDHOLDER not in said and BILLING_ADDRESS not in said
    assert not contains_card_number(said)


def test_the_scan_finds_the_card_in_a_form_that_was_kept(
    qtbot: QtBot, qapp, services: Services, scanner: CanaryScanner, tmp_path: Path
) -> None:
    """Proof that the scan above has something to catch: the kept form is the one hit."""
    path = _filled_card_form(services, tmp_path)
    window = _unlocked_window(qtbot, qapp, services)
    question = _import(qtbot, window, path)
    question.button(QMessageBox.StandardButton.Cancel).click()  # Keep the file
    window.close()

    report = scanner.scan()
    assert report.hits and {hit.path for hit in report.hits} == {path}
