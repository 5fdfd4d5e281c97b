"""Registration > Open a returned form…: filled-in PDFs opened through the window's menu
command, reviewed in the real dialogs, saved, and their files deleted (or kept) on the
director's answer; refused files change nothing.

The forms are the workshop's own blank PDFs filled the way a PDF reader fills them
(pypdf, tests/returned_forms_kit.py). The file chooser the command opens is answered as
the director would (the path typed in, Open); the questions afterwards through their
buttons.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot
from uihelpers import registration_of, snapshot

from escadesk.domain.registration import RegistrationStatus
from escadesk.services.demo import DEMO_PASSPHRASE
from escadesk.services.paper import Channel, PaperKind
from escadesk.ui.card_dialog import CardAuthorizationDialog
from escadesk.ui.main_window import MainWindow
from escadesk.ui.registration_choice import RegistrationChoiceDialog
from escadesk.ui.registration_dialog import RegistrationDialog
from returned_forms_kit import CARD_VALUES, fill, restamp, scan_pdf, write

WAIT = 20_000
ANDES = "Andes AgriFood Alliance"  # form received, no card yet
CATALONIA = "Catalonia Smart Mobility Hub"  # neither form nor card
NORTHSHORE = "Northshore Photonics Cluster"  # complete, card in the vault
WEI = {
    "organization": "Pearl River ICT Cluster",
    "country": "China",
    "technology_area": "Biotechnology",
    "contact_name": "Wei Chen",
    "contact_title": "Secretary General",
    "contact_email": "wei.chen@prict.example",  # a delegate not registered yet
    "contact_phone": "+86 20 5555 0100",
}


@pytest.fixture
def blanks(window: MainWindow, tmp_path: Path) -> tuple[bytes, bytes]:
    assert window.workshop is not None
    registration, card = window.services.forms.write_blank(window.workshop.id, tmp_path / "b")
    return registration.read_bytes(), card.read_bytes()


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder


def shots() -> Path | None:
    """ESCADESK_SCREENSHOTS=folder keeps a PNG of each reviewed dialog, to look at."""
    folder = os.environ.get("ESCADESK_SCREENSHOTS")
    return Path(folder) if folder else None


def open_file(qtbot: QtBot, window: MainWindow, path: Path) -> None:
    """Registration > Open a returned form…, the file typed into the chooser, Open."""
    action = window.action("returned_form")
    assert action.isEnabled()
    action.trigger()
    chooser = window.active_dialog
    assert isinstance(chooser, QFileDialog)
    assert chooser.fileMode() == QFileDialog.FileMode.ExistingFile
    chooser.selectFile(str(path))
    chooser.accept()


def wait_for(qtbot: QtBot, window: MainWindow, kind: type):
    qtbot.waitUntil(lambda: isinstance(window.active_dialog, kind), timeout=WAIT)
    return window.active_dialog


def answer(box: QMessageBox, text: str) -> None:
    (button,) = [b for b in box.buttons() if b.text().replace("&", "") == text]
    button.click()


def card_form(blanks: tuple[bytes, bytes], inbox: Path, **changes: str) -> Path:
    values = {**CARD_VALUES, "organization": ANDES, **changes}
    return write(inbox / "card authorization.pdf", fill(blanks[1], values))


def statuses(window: MainWindow) -> dict[str, RegistrationStatus]:
    assert window.workshop is not None
    rows = window.services.registrations.list(window.workshop.id)
    return {row.organization: row.status for row in rows}


def masked_cards(window: MainWindow) -> dict[int, str]:
    assert window.workshop is not None
    return {
        key: str(card) for key, card in window.services.vault.masked(window.workshop.id).items()
    }


# -- a registration form -----------------------------------------------------------------------


def test_a_returned_registration_form_opens_filled_in_and_saves_with_its_form_received(
    qtbot: QtBot, window: MainWindow, blanks, inbox: Path
) -> None:
    path = write(inbox / "registration.pdf", fill(blanks[0], WEI))
    before = statuses(window)

    open_file(qtbot, window, path)
    dialog = wait_for(qtbot, window, RegistrationDialog)

    assert dialog.windowTitle() == "Registration from a returned form"
    assert dialog.details().organization == WEI["organization"]
    assert dialog.details().contact_email == WEI["contact_email"]
    assert dialog.country.currentText() == "China"
    assert dialog.technology_area.currentText() == "Biotechnology"
    assert statuses(window) == before  # nothing saved before Save
    if shots():
        snapshot(dialog, shots() / "returned_registration.png")
    dialog.save_button.click()

    box = wait_for(qtbot, window, QMessageBox)
    assert statuses(window)[WEI["organization"]] is RegistrationStatus.FORM_RECEIVED
    assert window.state.registration is not None
    assert window.state.registration.organization == WEI["organization"]
    assert box.windowTitle() == "Delete the returned form?"
    assert "Pearl River ICT Cluster is registered, with its registration form recorded" in (
        box.text()
    )
    assert str(path) in box.text()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)  # Keep
    answer(box, "Keep the file")
    assert path.exists()
    assert "Kept registration.pdf." in window.statusBar().currentMessage()


def test_the_registration_forms_file_is_deleted_when_the_director_says_so(
    qtbot: QtBot, window: MainWindow, blanks, inbox: Path
) -> None:
    path = write(inbox / "registration.pdf", fill(blanks[0], WEI))
    open_file(qtbot, window, path)
    dialog = wait_for(qtbot, window, RegistrationDialog)
    dialog.save_button.click()
    box = wait_for(qtbot, window, QMessageBox)

    answer(box, "Delete the file")

    qtbot.waitUntil(lambda: not path.exists(), timeout=WAIT)
    assert list(inbox.iterdir()) == []
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "Deleted registration.pdf.")


def test_a_registration_form_with_a_problem_shows_it_at_once_and_saves_nothing(
    qtbot: QtBot, window: MainWindow, blanks, inbox: Path
) -> None:
    values = {**WEI, "contact_email": "someone@nowhere.example"}  # not a delegate
    path = write(inbox / "registration.pdf", fill(blanks[0], values))
    before = statuses(window)
    open_file(qtbot, window, path)
    dialog = wait_for(qtbot, window, RegistrationDialog)

    assert dialog._errors["contact_email"].isVisible()  # shown before any Save
    dialog.save_button.click()
    assert window.active_dialog is dialog  # still open: nothing saved
    dialog.done(0)
    assert statuses(window) == before
    assert path.exists()


# -- a card-authorization form -----------------------------------------------------------------


def test_a_returned_card_form_opens_the_card_dialog_filled_in_with_the_pdf_as_its_scan(
    qtbot: QtBot, window: MainWindow, blanks, inbox: Path
) -> None:
    path = card_form(blanks, inbox)
    andes = registration_of(window, ANDES)
    assert andes not in masked_cards(window)

    open_file(qtbot, window, path)
    dialog = wait_for(qtbot, window, CardAuthorizationDialog)

    assert dialog.windowTitle() == f"Card authorization — {ANDES}"
    assert dialog.cardholder.text() == CARD_VALUES["cardholder"]
    assert dialog.card_number.text() == "4111 1111 1111 1111"
    assert dialog.brand.text() == "VISA"
    assert dialog.expiry.text() == "09/27"
    assert dialog.code.text() == "123"
    assert dialog.billing_address.toPlainText() == "12 rue de l'Été\n75011 Paris\nFrance"
    assert dialog.signed_on.date().toString("yyyy-MM-dd") == "2018-09-20"
    assert "card authorization.pdf" in dialog.preview.caption.text()
    assert "PDF" in dialog.preview.caption.text()
    assert "card authorization.pdf" in dialog.intro.text()
    assert "José Ñúñez-García" in dialog.intro.text()  # the typed signature
    assert not dialog.review_notes.isVisible()  # signed, dated, matched: nothing to check
    assert andes not in masked_cards(window)  # nothing stored before Save
    if shots():
        snapshot(dialog, shots() / "returned_card.png")
    dialog.save_button.click()

    box = wait_for(qtbot, window, QMessageBox)
    assert masked_cards(window)[andes] == "VISA •••• 1111"
    card = window.services.vault.reveal(andes, DEMO_PASSPHRASE)
    assert card.scan == path.read_bytes()  # the PDF itself, kept as the signed scan
    assert card.cardholder == CARD_VALUES["cardholder"]
    del card
    assert window.workshop is not None
    (paper,) = [
        p for p in window.services.paper.checklist(window.workshop.id) if p.registration_id == andes
    ]
    assert (paper.kind, paper.channel, paper.received_on) == (
        PaperKind.CARD_AUTHORIZATION,
        Channel.EMAIL,
        date(2018, 9, 28),
    )
    text = box.text()
    assert f"The card authorization of {ANDES} is stored in the vault (VISA •••• 1111)" in text
    assert "on the paper checklist, received by e-mail today" in text
    assert "still holds the card number in clear, until it is deleted" in text
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Yes)  # Delete
    answer(box, "Delete the file")
    qtbot.waitUntil(lambda: not path.exists(), timeout=WAIT)


def test_a_kept_card_form_is_said_to_hold_the_number_in_clear(
    qtbot: QtBot, window: MainWindow, blanks, inbox: Path
) -> None:
    path = card_form(blanks, inbox)
    open_file(qtbot, window, path)
    dialog = wait_for(qtbot, window, CardAuthorizationDialog)
    dialog.save_button.click()
    box = wait_for(qtbot, window, QMessageBox)

    answer(box, "Keep the file")

    assert path.exists()
    assert window.statusBar().currentMessage() == (
        "Kept card authorization.pdf: it holds the card number in clear until you delete it"
    )


def test_a_card_form_naming_no_registration_asks_which_one_and_says_what_to_check(
    qtbot: QtBot, window: MainWindow, blanks, inbox: Path
) -> None:
    path = card_form(blanks, inbox, organization="Catalunya Mobility", signature="")
    open_file(qtbot, window, path)
    choice = wait_for(qtbot, window, RegistrationChoiceDialog)
    offered = [choice.registration.itemText(i) for i in range(choice.registration.count())]
    assert offered == [f"{ANDES} (form received)", f"{CATALONIA} (registered)"]
    if shots():
        snapshot(choice, shots() / "returned_card_choice.png")
    choice.registration.setCurrentIndex(1)
    choice.continue_button.click()

    dialog = wait_for(qtbot, window, CardAuthorizationDialog)
    assert dialog.windowTitle() == f"Card authorization — {CATALONIA}"
    notes = dialog.review_notes.text()
    assert dialog.review_notes.isVisible()
    assert "this copy is not signed" in notes
    assert f"The form names “Catalunya Mobility”: check that it is {CATALONIA}." in notes
    assert "choose the registration" not in notes  # chosen already
    if shots():
        snapshot(dialog, shots() / "returned_card_notes.png")
    dialog.save_button.click()
    wait_for(qtbot, window, QMessageBox).reject()
    assert masked_cards(window)[registration_of(window, CATALONIA)] == "VISA •••• 1111"


def test_an_undated_card_form_leaves_the_date_to_set_and_says_so(
    qtbot: QtBot, window: MainWindow, blanks, inbox: Path
) -> None:
    path = card_form(blanks, inbox, signed_on="")
    open_file(qtbot, window, path)
    dialog = wait_for(qtbot, window, CardAuthorizationDialog)

    assert dialog._warnings["signed_on"].text() == (
        "Not read from the form: set the date it was signed."
    )
    assert dialog._warnings["signed_on"].isVisible()
    dialog.signed_on.setDate(dialog.signed_on.date().addDays(-3))
    dialog.validate()
    assert not dialog._warnings["signed_on"].isVisible()
    dialog.done(0)


def test_a_card_form_for_a_registration_that_has_its_card_opens_nothing(
    qtbot: QtBot, window: MainWindow, blanks, inbox: Path
) -> None:
    path = card_form(blanks, inbox, organization=NORTHSHORE)
    before = masked_cards(window)
    open_file(qtbot, window, path)
    box = wait_for(qtbot, window, QMessageBox)

    assert box.windowTitle() == "Card authorization not opened"
    assert "takes no card authorization now (it is complete)" in box.text()
    assert masked_cards(window) == before and path.exists()


def test_cancelling_a_filled_card_dialog_asks_first_and_stores_nothing(
    qtbot: QtBot, window: MainWindow, blanks, inbox: Path
) -> None:
    path = card_form(blanks, inbox)
    open_file(qtbot, window, path)
    dialog = wait_for(qtbot, window, CardAuthorizationDialog)

    dialog.reject()
    question = dialog.discard_guard.question
    assert question is not None
    assert question.text() == (
        "Close without storing the card authorization read from card authorization.pdf?"
    )
    answer(question, "Discard")
    qtbot.waitUntil(lambda: window.active_dialog is None)
    assert registration_of(window, ANDES) not in masked_cards(window)
    assert path.exists()


# -- refusals ----------------------------------------------------------------------------------


def refused(qtbot: QtBot, window: MainWindow, path: Path) -> QMessageBox:
    before = (statuses(window), masked_cards(window))
    open_file(qtbot, window, path)
    box = wait_for(qtbot, window, QMessageBox)
    assert box.windowTitle() == "Form not read"
    assert box.text().endswith("Nothing was stored.")
    assert (statuses(window), masked_cards(window)) == before
    assert path.exists()
    return box


def test_another_workshops_form_is_refused(
    qtbot: QtBot, window: MainWindow, blanks, inbox: Path
) -> None:
    other = restamp(fill(blanks[1], CARD_VALUES), "escadesk/card-authorization/1/WS-2019")
    box = refused(qtbot, window, write(inbox / "other.pdf", other))
    assert "other.pdf: This credit-card authorization form is for another workshop" in box.text()
    assert "4111" not in box.text()


def test_a_damaged_pdf_is_refused(qtbot: QtBot, window: MainWindow, blanks, inbox: Path) -> None:
    filled = fill(blanks[0], WEI)
    box = refused(qtbot, window, write(inbox / "cut.pdf", filled[: len(filled) // 2]))
    assert "cut.pdf: The PDF is cut short" in box.text()


def test_a_blank_form_sent_back_is_refused(
    qtbot: QtBot, window: MainWindow, blanks, inbox: Path
) -> None:
    box = refused(qtbot, window, write(inbox / "blank.pdf", blanks[0]))
    assert "came back blank" in box.text()


def test_a_scan_is_offered_as_a_registration_typed_by_hand(
    qtbot: QtBot, window: MainWindow, inbox: Path
) -> None:
    path = write(inbox / "scan.pdf", scan_pdf())
    open_file(qtbot, window, path)
    box = wait_for(qtbot, window, QMessageBox)
    assert box.windowTitle() == "Enter the form by hand"
    assert "scan.pdf: The PDF has no form fields: it is a scan" in box.text()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)

    answer(box, "A registration form…")

    dialog = wait_for(qtbot, window, RegistrationDialog)
    assert dialog.windowTitle() == "Registration from a returned form"
    assert dialog.details().organization == ""
    dialog.contact_email.setText(WEI["contact_email"])  # the list fills in the rest
    dialog.technology_area.setCurrentText("Biotechnology")
    dialog.save_button.click()
    wait_for(qtbot, window, QMessageBox)
    assert statuses(window)[WEI["organization"]] is RegistrationStatus.FORM_RECEIVED


def test_a_scan_is_offered_as_a_card_typed_by_hand_with_the_file_as_its_scan(
    qtbot: QtBot, window: MainWindow, fill_card, inbox: Path
) -> None:
    path = write(inbox / "scan.pdf", scan_pdf())
    window.select_registration(registration_of(window, ANDES))
    open_file(qtbot, window, path)
    answer(wait_for(qtbot, window, QMessageBox), "A card authorization…")

    dialog = wait_for(qtbot, window, CardAuthorizationDialog)
    assert dialog.windowTitle() == f"Card authorization — {ANDES}"
    assert dialog.card_number.text() == ""  # typed by hand, as before
    qtbot.waitUntil(lambda: not dialog.reading, timeout=WAIT)
    assert "scan.pdf" in dialog.preview.caption.text()
    fill_card(qtbot, dialog)
    dialog.save_button.click()

    box = wait_for(qtbot, window, QMessageBox)
    assert "still holds the card number in clear" in box.text()
    answer(box, "Delete the file")
    qtbot.waitUntil(lambda: not path.exists(), timeout=WAIT)
    assert masked_cards(window)[registration_of(window, ANDES)] == "VISA •••• 1111"


def test_a_form_read_while_the_window_locks_is_let_go(
    qtbot: QtBot, window: MainWindow, blanks, inbox: Path
) -> None:
    from escadesk.ui.returned_forms import read_returned_form

    path = card_form(blanks, inbox)
    read_returned_form(window, path)
    window.lock()  # before the worker's answer is handled

    qtbot.wait(300)
    assert window.active_dialog is None
    assert not window.unlocked
