"""View > Language: the choice is remembered in the data folder and said, in the language
chosen, to apply at the next start; the start reads it (with Qt's own French)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot

from escadesk.i18n import current_locale, locales, set_locale
from escadesk.ui.application import speak
from escadesk.ui.main_window import MainWindow


def test_choosing_french_is_remembered_and_said_in_french(
    qtbot: QtBot, locked_window: MainWindow
) -> None:
    window = locked_window
    folder = window.services.config.data_dir
    view = next(a.menu() for a in window.menuBar().actions() if a.menu() and "View" in a.text())
    language = next(a for a in view.actions() if a.text() == "&Language")
    submenu = language.menu()
    submenu.aboutToShow.emit()
    texts = [a.text() for a in submenu.actions()]
    assert texts == ["English", "Français", "Same as the system"]
    assert submenu.actions()[2].isChecked()
    submenu.actions()[1].trigger()
    assert locales.read_choice(folder) == "fr_CA"
    box = window.active_dialog
    assert isinstance(box, QMessageBox)
    assert box.windowTitle() == "Langue"
    assert box.text() == "La langue sera appliquée au prochain démarrage d’escadesk."
    assert current_locale() == "en_CA"  # this window stays in English until restarted
    box.done(0)
    submenu.aboutToShow.emit()
    assert submenu.actions()[1].isChecked()
    submenu.actions()[0].trigger()  # back to the language spoken now: nothing to say
    assert locales.read_choice(folder) == "en_CA"
    assert window.active_dialog is None


def test_the_start_speaks_the_remembered_language_with_qts_own_french(
    qapp: QApplication, tmp_path: Path
) -> None:
    locales.write_choice(tmp_path, "fr_CA")
    try:
        assert speak(qapp, tmp_path) == "fr_CA"
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "Annuler"
    finally:
        from PySide6.QtCore import QTranslator

        for translator in qapp.findChildren(QTranslator):
            qapp.removeTranslator(translator)
            translator.deleteLater()
        set_locale("en_CA")
    locales.write_choice(tmp_path, None)
    assert speak(qapp, tmp_path) in ("en_CA", "fr_CA")  # the system's (C here: English)
