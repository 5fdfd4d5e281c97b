"""The Bronze label's certificate saved from the benchmarking page: made off the GUI
thread, a save chooser proposing the service's name, the PDF read back."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot
from uihelpers import trigger_for

from escadesk.ui.benchmark_page import BenchmarkDialog, BenchmarkPage
from escadesk.ui.main_window import MainWindow
from pdf_text import pdf_words

WAIT = 20_000
NORTHSHORE = "Northshore Photonics Cluster"
RHINE = "Rhine Valley Health Cluster"


def _open(qtbot: QtBot, window: MainWindow, organization: str) -> BenchmarkDialog:
    dialog = trigger_for(window, organization, window.action("benchmark"))
    assert isinstance(dialog, BenchmarkDialog)
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: not dialog.page.is_busy, timeout=WAIT)
    return dialog


def _chooser(qtbot: QtBot, page: BenchmarkPage) -> QFileDialog:
    qtbot.mouseClick(page.certificate_button, Qt.MouseButton.LeftButton)
    assert not page.certificate_button.isEnabled()  # being made in the background
    qtbot.waitUntil(lambda: getattr(page, "certificate_chooser", None) is not None, timeout=WAIT)
    chooser = page.certificate_chooser
    qtbot.waitUntil(chooser.isVisible)
    return chooser


def test_the_certificate_is_offered_once_the_label_is_awarded(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    dialog = _open(qtbot, window, RHINE)  # eligible, not awarded yet
    page = dialog.page
    assert not page.certificate_button.isVisible()
    qtbot.mouseClick(page.award_button, Qt.MouseButton.LeftButton)
    page.award_box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: not page.is_busy, timeout=WAIT)
    assert page.certificate_button.isVisible() and page.certificate_button.isEnabled()

    chooser = _chooser(qtbot, page)
    (proposed,) = chooser.selectedFiles()
    assert Path(proposed).name == (
        f"ESCA Cluster Benchmarking Workshop (TCI 2018) 2018-09-25 Bronze label certificate - "
        f"{RHINE}.pdf"
    )
    assert chooser.windowModality() == Qt.WindowModality.WindowModal
    chooser.setDirectory(str(tmp_path))
    name_field = chooser.findChild(QLineEdit, "fileNameEdit")
    assert isinstance(name_field, QLineEdit)
    name_field.setText("label")  # typed without its extension
    chooser.accept()
    qtbot.waitUntil(lambda: page.certificate_note.text().startswith("Saved"), timeout=WAIT)
    assert page.certificate_note.text() == f"Saved label.pdf in {tmp_path}."
    words = pdf_words(tmp_path / "label.pdf")
    assert RHINE in words and "Bronze label" in words and "Sep 25, 2018" in words
    assert page.certificate_button.isEnabled()
    assert not list(tmp_path.glob(".*"))  # no temporary file left beside it
    dialog.reject()


def test_a_folder_that_cannot_be_written_is_explained(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    dialog = _open(qtbot, window, NORTHSHORE)  # holds the label (demo)
    page = dialog.page
    assert page.certificate_button.isVisible()
    chooser = _chooser(qtbot, page)
    chooser.reject()
    registration = page.registration_id
    assert registration is not None
    page.write_label_certificate(registration, tmp_path / "missing" / "label.pdf", b"%PDF-")
    qtbot.waitUntil(lambda: page.certificate_note.isVisible(), timeout=WAIT)
    qtbot.waitUntil(lambda: page.certificate_button.isEnabled(), timeout=WAIT)
    assert page.certificate_note.objectName() == "fieldError"
    assert page.certificate_note.text().startswith(
        "The label certificate was not saved: No such file or directory"
    )
    assert not (tmp_path / "missing").exists()
    dialog.reject()
