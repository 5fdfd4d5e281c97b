"""Qt's own file dialog in French (issue 21): the labels Qt 6 gave a mnemonic ("&Look in:",
"Files of &type:") have no entry in the ``qtbase_fr`` PySide6 ships, so the application's
translator falls back to the entry without the "&" (ui/qt_translations.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLibraryInfo, QTranslator
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel
from pytestqt.qtbot import QtBot

from escadesk.ui.qt_translations import qt_translator


def _labels(qtbot: QtBot) -> list[str]:
    dialog = QFileDialog()
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    dialog.show()
    QApplication.processEvents()
    texts = [label.text() for label in dialog.findChildren(QLabel) if label.isVisible()]
    dialog.reject()
    return texts


@pytest.fixture
def installed(qapp) -> Iterator[list[QTranslator]]:
    translators: list[QTranslator] = []
    yield translators
    for translator in translators:
        qapp.removeTranslator(translator)


def test_french_qt_file_dialog_labels_come_out_in_french(qtbot: QtBot, qapp, installed) -> None:
    translator = qt_translator("fr")
    assert translator is not None
    installed.append(translator)
    qapp.installTranslator(translator)
    labels = _labels(qtbot)
    assert "Voir dans\u00a0:" in labels and "Fichiers de type\u00a0:" in labels
    assert "&Nom de fichier\u00a0:" in labels  # an entry Qt's catalogue has keeps its "&"
    assert not any("Look in" in text or "Files of" in text for text in labels)


def test_french_qt_catalogue_alone_lacks_the_mnemonic_labels(qtbot: QtBot, qapp, installed):
    """Why the fallback exists: Qt's catalogue by itself leaves them in English."""
    plain = QTranslator()
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    assert plain.load("qtbase_fr", folder)
    installed.append(plain)
    qapp.installTranslator(plain)
    assert "&Look in:" in _labels(qtbot)


def test_french_qt_translator_leaves_untranslated_texts_and_images_alone(qapp, installed):
    """A text without translation stays itself (a null answer, not ""): an empty answer
    would blank every untranslated Qt text, and even made QImage refuse a small PNG."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QImage

    from escadesk.services.demo_logo import demo_logo_png

    translator = qt_translator("fr")
    assert translator is not None
    installed.append(translator)
    qapp.installTranslator(translator)
    assert QCoreApplication.translate("NoSuchContext", "Left as it is") == "Left as it is"
    assert QImage.fromData(demo_logo_png()).width() == 128
