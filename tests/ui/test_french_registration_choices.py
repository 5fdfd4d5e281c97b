"""The registration dialog's country and technology-area lists in a French window: French
names shown, English names saved; an English window unchanged."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from escadesk.app import Services
from escadesk.domain.countries import COUNTRIES
from escadesk.domain.technology import TECHNOLOGY_AREAS
from escadesk.services.demo import seed_demo
from escadesk.ui.registration_dialog import RegistrationDialog
from escadesk.ui.registration_import_dialog import RegistrationImportDialog
from web_form_kit import LUCIA, google_export, with_changes

WEI = "wei.chen@prict.example"  # a demo delegate from China, not registered yet


def _items(box: QComboBox) -> list[tuple[str, str]]:
    return [(box.itemText(row), box.itemData(row)) for row in range(box.count())]


def _dialog(qtbot: QtBot, services: Services, workshop: int) -> RegistrationDialog:
    dialog = RegistrationDialog(services, workshop)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    _activate(qtbot, dialog)
    return dialog


def _activate(qtbot: QtBot, dialog: RegistrationDialog) -> None:
    """The focus back to the dialog (offscreen, a completer's closed list keeps it)."""
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)


def _saved(services: Services, workshop: int, dialog: RegistrationDialog):
    dialog.save_button.click()
    assert dialog.saved_id is not None, [p.message for p in dialog.validate()]
    return next(r for r in services.registrations.list(workshop) if r.id == dialog.saved_id)


def test_a_french_combo_shows_french_names_and_saves_english(
    qtbot: QtBot, services: Services, french: None
) -> None:
    workshop = seed_demo(services)
    dialog = _dialog(qtbot, services, workshop)
    assert ("Allemagne", "Germany") in _items(dialog.country)
    assert ("États-Unis", "United States") in _items(dialog.country)
    assert ("Énergie et environnement", "Energy and environment") in _items(dialog.technology_area)
    assert "Germany" not in [text for text, _ in _items(dialog.country)]

    qtbot.keyClicks(dialog.contact_email, WEI)  # the list fills in the country, in French
    assert dialog.country.currentText() == "Chine"
    dialog.contact_email.completer().popup().hide()
    _activate(qtbot, dialog)
    dialog.country.setFocus(Qt.FocusReason.TabFocusReason)
    dialog.country.lineEdit().selectAll()
    qtbot.keyClicks(dialog.country.lineEdit(), "allem")
    popup = dialog.country.completer().popup()
    assert popup.isVisible()  # the list offers "Allemagne"
    qtbot.keyClick(popup, Qt.Key.Key_Tab)  # Tab takes the suggestion
    assert dialog.country.currentText() == "Allemagne"
    dialog.technology_area.setCurrentText("énergie et environnement")
    assert dialog.details().country == "Germany"

    row = _saved(services, workshop, dialog)
    assert (row.country, row.technology_area) == ("Germany", "Energy and environment")

    editing = RegistrationDialog(services, workshop, row)
    qtbot.addWidget(editing)
    assert editing.country.currentText() == "Allemagne"  # stored English, shown French
    assert editing.technology_area.currentText() == "Énergie et environnement"


def test_an_english_combo_is_unchanged(qtbot: QtBot, services: Services) -> None:
    workshop = seed_demo(services)
    dialog = _dialog(qtbot, services, workshop)
    assert [text for text, _ in _items(dialog.country)] == list(COUNTRIES)
    assert all(text == data for text, data in _items(dialog.country))
    assert [text for text, _ in _items(dialog.technology_area)] == list(TECHNOLOGY_AREAS)

    qtbot.keyClicks(dialog.contact_email, WEI)
    assert dialog.country.currentText() == "China"
    dialog.technology_area.setCurrentText("ICT")
    row = _saved(services, workshop, dialog)
    assert (row.country, row.technology_area) == ("China", "ICT")


def test_a_french_name_typed_in_an_english_window_is_understood(
    qtbot: QtBot, services: Services
) -> None:
    workshop = seed_demo(services)
    dialog = _dialog(qtbot, services, workshop)
    qtbot.keyClicks(dialog.contact_email, WEI)
    dialog.country.setCurrentText("Allemagne")
    dialog.technology_area.setCurrentText("TIC")
    row = _saved(services, workshop, dialog)
    assert (row.country, row.technology_area) == ("Germany", "ICT")


def test_a_french_web_form_preview_shows_french_and_imports_english(
    qtbot: QtBot, services: Services, tmp_path: Path, french: None
) -> None:
    workshop = seed_demo(services)
    people = [with_changes(LUCIA, country="Espagne", area="production et ingénierie")]
    dialog = RegistrationImportDialog(services, workshop, path=google_export(tmp_path, people))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.is_busy, timeout=20_000)
    row = [dialog.model.index(0, column).data() for column in range(2, 5)]
    assert row == [LUCIA.organization, "Espagne", "Production et ingénierie"]

    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        dialog.import_button.click()
    stored = next(r for r in services.registrations.list(workshop) if r.organization == row[0])
    assert (stored.country, stored.technology_area) == ("Spain", "Production and engineering")
