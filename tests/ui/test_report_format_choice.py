"""The report dialog's format choice: the workbook, its PDF or both (both at first),
remembered for the next time; the real service writes the real files off the GUI thread."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot
from uihelpers import RecordingOpener, choose_in, registration_of, snapshot

from escadesk.ui.main_window import MainWindow
from escadesk.ui.report_export_dialog import FORMAT_SETTING, BenchmarkReportDialog

WAIT = 60_000
NORTHSHORE = "Northshore Photonics Cluster"


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    return folder


def _open(window: MainWindow, batch: bool) -> BenchmarkReportDialog:
    action = window.action("benchmark_reports") if batch else window.action("benchmark_report")
    action.trigger()
    dialog = window.active_dialog
    dialog.activateWindow()
    assert isinstance(dialog, BenchmarkReportDialog)
    dialog.opener = RecordingOpener()
    return dialog


def test_the_batch_writes_the_workbook_and_the_pdf_at_first(
    qtbot: QtBot, window: MainWindow, out: Path
) -> None:
    dialog = _open(window, batch=True)
    assert dialog.file_dialog is None and dialog.focusWidget() is dialog.format_box
    assert dialog.format_box.currentData() == "both"
    assert dialog.format_box.accessibleName() == "Report format"
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Choose… is the default button
    assert dialog.file_dialog is not None
    assert dialog.file_dialog.fileMode() == QFileDialog.FileMode.Directory
    choose_in(dialog, out)
    assert not dialog.format_box.isEnabled()  # not while the reports are written
    qtbot.waitUntil(lambda: not dialog.is_running, timeout=WAIT)

    names = sorted(path.name for path in out.iterdir())
    assert len(names) == 6
    assert [Path(n).suffix for n in names] == [".pdf", ".xlsx"] * 3
    assert {Path(n).stem for n in names} == {Path(n).stem for n in names[::2]}
    assert (
        dialog.status_label.text() == "Done: 3 reports saved (6 files: a workbook and a PDF each)."
    )
    assert dialog.format_box.isEnabled()
    assert window.services.settings.get(FORMAT_SETTING) == "both"
    snapshot(dialog, out.parent / "batch_both.png")
    dialog.reject()


def test_pdf_only_is_chosen_with_the_keyboard_and_remembered(
    qtbot: QtBot, window: MainWindow, out: Path
) -> None:
    registration_id = registration_of(window, NORTHSHORE)
    window.select_registration(registration_id)
    window.services.settings.set("exports.last_folder", str(out))
    dialog = _open(window, batch=False)
    assert dialog.file_dialog is None and dialog.focusWidget() is dialog.format_box
    qtbot.keyClick(dialog.format_box, Qt.Key.Key_Down)  # both -> PDF only
    assert dialog.format_box.currentData() == "pdf"
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    chooser = dialog.file_dialog
    assert chooser is not None
    proposed = Path(chooser.selectedFiles()[0])
    name = window.services.benchmarking.report_file_name(registration_id)
    assert proposed == out / (name.removesuffix(".xlsx") + ".pdf")
    assert (
        chooser.defaultSuffix() == "pdf"
        and chooser.acceptMode() == QFileDialog.AcceptMode.AcceptSave
    )
    chooser.accept()
    qtbot.waitUntil(lambda: not dialog.is_running, timeout=WAIT)

    assert [p.name for p in out.iterdir()] == [proposed.name]
    assert NORTHSHORE in (PdfReader(proposed).pages[0].extract_text() or "")
    assert dialog.error.text() == "", dialog.error.text()
    assert dialog.written == [proposed]
    assert dialog.status_label.text() == "Done: the report was saved."
    assert window.services.settings.get(FORMAT_SETTING) == "pdf"
    dialog.reject()

    again = _open(window, batch=False)
    assert again.format_box.currentData() == "pdf"  # remembered
    again.choose_button.click()
    assert again.file_dialog is not None
    assert Path(again.file_dialog.selectedFiles()[0]).suffix == ".pdf"
    again.reject()


def test_one_report_in_both_formats_lists_both_files(
    qtbot: QtBot, window: MainWindow, out: Path
) -> None:
    registration_id = registration_of(window, NORTHSHORE)
    window.select_registration(registration_id)
    dialog = _open(window, batch=False)
    dialog.choose_button.click()
    target = out / "northshore.xlsx"
    choose_in(dialog, target)
    qtbot.waitUntil(lambda: not dialog.is_running, timeout=WAIT)
    assert dialog.written == [target, out / "northshore.pdf"]
    assert sorted(p.name for p in out.iterdir()) == ["northshore.pdf", "northshore.xlsx"]
    assert dialog.files.isVisible() and dialog.files.count() == 2
    assert dialog.status_label.text() == "Done: the report was saved as a workbook and a PDF."
    snapshot(dialog, out.parent / "one_both.png")
    dialog.reject()
