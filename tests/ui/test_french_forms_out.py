"""Issue 21: blank forms written to a folder belong to no organization, so the Blank forms
dialog asks their language: a labelled combo, the window's language to begin with,
reachable from the keyboard. French chosen, the PDFs are the French forms (their text
read back) under French names; the window's language does not change."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from uihelpers import RecordingOpener

from escadesk.app import Services
from escadesk.forms.reading import read_form
from escadesk.forms.stamp import FormKind
from escadesk.i18n import current_locale
from escadesk.ui.forms_out_dialog import FormsOutDialog
from pdf_text import pdf_words

WAIT = 20_000


def blank_dialog(qtbot: QtBot, services: Services) -> FormsOutDialog:
    (workshop,) = services.workshops.list()
    dialog = FormsOutDialog(services, workshop.id, "blank", opener=RecordingOpener())
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_locale_of_blank_forms_defaults_to_the_window_and_french_can_be_chosen(
    qtbot: QtBot, demo_services: Services, tmp_path: Path
) -> None:
    dialog = blank_dialog(qtbot, demo_services)
    assert dialog.language.currentText() == "English"  # the window's language
    assert dialog.language.accessibleName() == "Language of the forms"
    (label,) = [w for w in dialog.findChildren(QLabel) if w.buddy() is dialog.language]
    assert label.text() == "&Language of the forms:" and label.isVisible()
    assert dialog.language.focusPolicy() & Qt.FocusPolicy.TabFocus
    dialog.language.setFocus()
    qtbot.keyClick(dialog.language, Qt.Key.Key_Down)  # chosen from the keyboard
    assert dialog.chosen_locale() == "fr_CA"

    dialog.export_to(tmp_path / "out")
    qtbot.waitUntil(lambda: not dialog.is_running, timeout=WAIT)

    registration, card = dialog.written
    assert registration.name.endswith(" 2018-10-04 formulaire d'inscription.pdf")
    assert card.name.endswith(" formulaire d'autorisation de paiement par carte de crédit.pdf")
    assert "Formulaire d'inscription" in pdf_words(registration)
    assert "Frais par organisation de grappe" in pdf_words(card)
    code = demo_services.workshops.list()[0].code
    assert read_form(card, code).stamp.kind is FormKind.CARD_AUTHORIZATION
    assert current_locale() == "en_CA"  # the window still speaks English
    assert dialog.status_label.text().startswith("Done: both forms saved, laid out for ")


def test_french_window_offers_french_forms_first_and_english_on_request(
    qtbot: QtBot, demo_services: Services, french: None, tmp_path: Path
) -> None:
    dialog = blank_dialog(qtbot, demo_services)
    assert dialog.language.currentText() == "Français"
    assert dialog.language.accessibleName() == "Langue des formulaires"
    dialog.language.setCurrentIndex(dialog.language.findData("en_CA"))

    dialog.export_to(tmp_path / "out")
    qtbot.waitUntil(lambda: not dialog.is_running, timeout=WAIT)

    registration, _card = dialog.written
    assert registration.name.endswith(" 2018-10-04 registration form.pdf")
    assert "Registration form" in pdf_words(registration)


def test_locale_choice_is_not_offered_for_invitations(
    qtbot: QtBot, demo_services: Services
) -> None:
    (workshop,) = demo_services.workshops.list()
    dialog = FormsOutDialog(demo_services, workshop.id, "invitations", opener=RecordingOpener())
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.language.isVisible()  # each invitation goes in its reader's language
