"""Benchmarking reports saved through the window: one organization, or the whole batch.

The real service writes the real workbooks (read back with openpyxl). To act *while* a
batch runs, the service's ``write_reports`` is wrapped so that a chosen progress report
waits for the test (a gate); nothing is timed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot
from uihelpers import Gate, RecordingOpener, choose_in, registration_of, snapshot

from escadesk.ui.main_window import MainWindow
from escadesk.ui.report_export_dialog import FORMAT_SETTING, NO_REFERENCE, BenchmarkReportDialog

#: The name proposed for a report of the demo workshop (issue 16: its title, not its code).
REPORT = "ESCA Cluster Benchmarking Workshop (TCI 2018) 2018-10-04 benchmarking report - "

WAIT = 60_000
NORTHSHORE = "Northshore Photonics Cluster"


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    return folder


@pytest.fixture(autouse=True)
def workbook_only(window: MainWindow) -> None:
    """These tests follow the workbook; the format choice (both at first) has its own
    tests in test_report_format_choice.py."""
    window.services.settings.set(FORMAT_SETTING, "xlsx")


@pytest.fixture
def gates() -> Iterator[list[Gate]]:
    """Gates opened at the end whatever happens, so no worker outlives its test."""
    made: list[Gate] = []
    yield made
    for gate in made:
        gate.finish()


def _open(window: MainWindow, batch: bool) -> BenchmarkReportDialog:
    """Trigger the menu entry: the dialog opens with its chooser over it."""
    action = window.action("benchmark_reports") if batch else window.action("benchmark_report")
    assert action.isEnabled()
    action.trigger()
    dialog = window.active_dialog
    assert isinstance(dialog, BenchmarkReportDialog)
    assert dialog.file_dialog is None  # the format first
    dialog.choose_button.click()
    assert dialog.file_dialog is not None and dialog.file_dialog.isVisible()
    dialog.opener = RecordingOpener()
    return dialog


def _cover_text(path: Path) -> str:
    workbook = openpyxl.load_workbook(path, read_only=True)
    try:
        sheet = workbook.worksheets[0]
        return " ".join(
            str(value) for row in sheet.iter_rows(values_only=True) for value in row if value
        )
    finally:
        workbook.close()


def test_the_batch_writes_one_report_per_participant(
    qtbot: QtBot, window: MainWindow, out: Path
) -> None:
    benchmarking = window.services.benchmarking
    participants = benchmarking.participants(window.workshop.id)
    assert len(participants) == 3
    dialog = _open(window, batch=True)
    chooser = dialog.file_dialog
    assert chooser is not None and chooser.fileMode() == QFileDialog.FileMode.Directory

    choose_in(dialog, out)
    qtbot.waitUntil(lambda: not dialog.is_running, timeout=WAIT)

    expected = sorted(benchmarking.report_file_name(p.registration_id) for p in participants)
    assert sorted(path.name for path in out.iterdir()) == expected
    assert sorted(path.name for path in dialog.written) == expected
    assert dialog.status_label.text() == "Done: 3 reports saved."
    assert dialog.files.count() == 3 and dialog.files.isVisible()
    northshore = out / benchmarking.report_file_name(registration_of(window, NORTHSHORE))
    cover = _cover_text(northshore)
    assert NORTHSHORE in cover and "Baltic" not in cover  # each report is its own
    snapshot(dialog, out.parent / "batch_done.png")

    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.show_button, Qt.MouseButton.LeftButton)
    opener = dialog.opener
    assert isinstance(opener, RecordingOpener)
    assert opener.calls[0] == ("open", out)
    assert opener.calls[1][0] == "show" and opener.calls[1][1].parent == out
    dialog.reject()


def test_cancelling_the_batch_keeps_the_finished_reports_only(
    qtbot: QtBot, window: MainWindow, out: Path, monkeypatch: pytest.MonkeyPatch, gates
) -> None:
    benchmarking = window.services.benchmarking
    gate = Gate(
        benchmarking.write_reports, lambda message: "(2 of 3)" in message, timeout=WAIT / 1000
    )
    monkeypatch.setattr(benchmarking, "write_reports", gate)
    gates.append(gate)
    dialog = _open(window, batch=True)
    choose_in(dialog, out)
    qtbot.waitUntil(gate.reached.is_set, timeout=WAIT)
    assert dialog.is_running and dialog.cancel_button.isVisible()
    assert not dialog.close_button.isVisible()
    snapshot(dialog, out.parent / "batch_running.png")

    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.status_label.text() == "Cancelling…"
    gate.released.set()
    qtbot.waitUntil(lambda: not dialog.is_running, timeout=WAIT)

    assert len(dialog.written) == 1
    assert [path.name for path in out.iterdir()] == [dialog.written[0].name]  # nothing partial
    assert dialog.status_label.text().startswith("Cancelled: 1 report was already written")
    assert dialog.files.count() == 1
    assert dialog.export_button.isVisible() and dialog.export_button.text() == "&Save"
    snapshot(dialog, out.parent / "batch_cancelled.png")

    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)  # again, to the end
    qtbot.waitUntil(lambda: not dialog.is_running, timeout=WAIT)
    assert len(list(out.iterdir())) == 3
    dialog.reject()


def test_one_report_is_saved_under_its_clear_name(
    qtbot: QtBot, window: MainWindow, out: Path
) -> None:
    benchmarking = window.services.benchmarking
    registration_id = registration_of(window, NORTHSHORE)
    window.select_registration(registration_id)
    window.services.settings.set("exports.last_folder", str(out))
    dialog = _open(window, batch=False)
    chooser = dialog.file_dialog
    assert chooser is not None
    name = benchmarking.report_file_name(registration_id)
    assert name == (f"{REPORT}Northshore Photonics Cluster.xlsx")
    assert Path(chooser.selectedFiles()[0]) == out / name  # pre-filled

    chooser.accept()
    qtbot.waitUntil(lambda: not dialog.is_running, timeout=WAIT)

    assert dialog.written == [out / name] and (out / name).is_file()
    assert NORTHSHORE in _cover_text(out / name)
    assert dialog.status_label.text() == "Done: the report was saved."
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    opener = dialog.opener
    assert isinstance(opener, RecordingOpener)
    assert opener.calls == [("open", out / name)]
    dialog.reject()


def test_cancelling_one_report_leaves_no_file(
    qtbot: QtBot, window: MainWindow, out: Path, monkeypatch: pytest.MonkeyPatch, gates
) -> None:
    benchmarking = window.services.benchmarking
    gate = Gate(benchmarking.write_report, timeout=WAIT / 1000)
    monkeypatch.setattr(benchmarking, "write_report", gate)
    gates.append(gate)
    window.select_registration(registration_of(window, NORTHSHORE))
    dialog = _open(window, batch=False)
    choose_in(dialog, out / "northshore")
    qtbot.waitUntil(gate.reached.is_set, timeout=WAIT)

    dialog.reject()  # Escape while running: cancels, does not close
    assert dialog.isVisible()
    gate.released.set()
    qtbot.waitUntil(lambda: not dialog.is_running, timeout=WAIT)

    assert dialog.status_label.text() == "Cancelled; no report was written."
    assert list(out.iterdir()) == []
    assert dialog.written == []
    assert not dialog.open_button.isVisible()
    dialog.reject()
    assert not dialog.isVisible()


def test_without_a_reference_set_nothing_is_written(
    qtbot: QtBot, window: MainWindow, out: Path
) -> None:
    benchmarking = window.services.benchmarking
    for reference in benchmarking.reference_sets():
        benchmarking.delete_reference_set(reference.id)
    dialog = _open(window, batch=True)
    choose_in(dialog, out)
    qtbot.waitUntil(lambda: not dialog.is_running, timeout=WAIT)

    assert dialog.error.isVisible() and dialog.error.text() == NO_REFERENCE
    assert list(out.iterdir()) == []
    assert dialog.export_button.text() == "&Try again"
    dialog.reject()
