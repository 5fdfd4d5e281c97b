"""Issue 21: the biggest dialogs speak Canadian French under ``set_locale("fr_CA")``, and
English is back afterwards (real widgets, offscreen; PNGs in /tmp/fr_*.png)."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QDialog, QGroupBox, QLabel
from pytestqt.qtbot import QtBot

from escadesk.app import Services
from escadesk.i18n import set_locale
from escadesk.services.demo import seed_demo
from escadesk.ui.letters_dialog import LettersDialog
from escadesk.ui.main_window import MainWindow
from escadesk.ui.registration_dialog import RegistrationDialog
from escadesk.ui.settings_dialog import SettingsDialog
from escadesk.ui.workshop_dialog import WorkshopDialog


def texts(dialog: QDialog) -> set[str]:
    """Every caption the dialog shows: labels, buttons, group titles, its title."""
    found = {dialog.windowTitle()}
    found |= {label.text() for label in dialog.findChildren(QLabel)}
    found |= {button.text() for button in dialog.findChildren(QAbstractButton)}
    found |= {box.title() for box in dialog.findChildren(QGroupBox)}
    return found


def shown(qtbot: QtBot, dialog: QDialog, name: str) -> QDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.wait(50)  # the scroll area lays its content out after the first paint
    dialog.grab().save(f"/tmp/fr_{name}.png")
    return dialog


def test_the_workshop_dialog_in_french(qtbot: QtBot, services: Services, french: None) -> None:
    dialog = shown(qtbot, WorkshopDialog(services, seed_demo(services)), "workshop_dialog")
    seen = texts(dialog)
    assert dialog.windowTitle().startswith("Modifier l'atelier ")
    assert {"C&ode", "&Titre", "&Lieu", "Frais par organisation", "&Animateurs"} <= seen
    assert "Fee per organization" not in seen


def test_the_settings_dialog_in_french(qtbot: QtBot, services: Services, french: None) -> None:
    dialog = shown(qtbot, SettingsDialog(services), "settings_dialog")
    seen = texts(dialog)
    assert dialog.windowTitle() == "Paramètres"
    assert {"&Adresse postale", "C&hoisir le logo…", "&Nom *"} <= seen
    assert "Postal &address" not in seen


def test_the_registration_dialog_in_french(qtbot: QtBot, services: Services, french: None) -> None:
    dialog = shown(qtbot, RegistrationDialog(services, seed_demo(services)), "registration_dialog")
    seen = texts(dialog)
    assert dialog.windowTitle() == "Nouvelle inscription"
    assert {"&Courriel *", "&Pays *", "Organisation de la grappe"} <= seen
    assert "Cluster organization" not in seen


def test_the_letters_dialog_in_french(qtbot: QtBot, window: MainWindow) -> None:
    set_locale("fr_CA")
    try:
        dialog = shown(qtbot, LettersDialog(window.services, window.workshop), "letters_dialog")
        seen = texts(dialog)
        assert dialog.windowTitle().startswith("Lettres — ")
        assert {"&Lettre\u00a0:", "Enregistrer les &brouillons…", "En&voyer…"} <= seen
    finally:
        set_locale("en_CA")


def test_english_is_back_after_french(qtbot: QtBot, services: Services) -> None:
    dialog = SettingsDialog(services)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Settings"
