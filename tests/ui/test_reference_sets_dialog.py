"""Reference sets managed through the window: list, import (with preview), activate, delete,
and installing the shipped synthetic set. Files are real CSVs cut from the shipped set."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from escadesk.benchmark_resources import benchmarking_dir
from escadesk.ui.main_window import MainWindow
from escadesk.ui.reference_sets_dialog import (
    NOTHING_IMPORTED,
    ReferenceImportDialog,
    ReferenceSetsDialog,
)

WAIT = 30_000
SHIPPED_CSV = "reference-synthetic-2018.csv"


@pytest.fixture
def shipped_lines() -> list[str]:
    return (benchmarking_dir() / SHIPPED_CSV).read_text(encoding="utf-8").splitlines()


@pytest.fixture
def good_file(tmp_path: Path, shipped_lines: list[str]) -> Path:
    path = tmp_path / "esca-extract-2018.csv"
    path.write_text("\n".join(shipped_lines[:121]) + "\n", encoding="utf-8")  # 120 clusters
    return path


@pytest.fixture
def bad_file(tmp_path: Path, shipped_lines: list[str]) -> Path:
    """Two bad cells: row 6 (file line 6) FTE 'lots', row 8 commitment 140 %."""
    lines = shipped_lines[:30]
    header = lines[0].split(",")
    for line_number, code, text in ((6, "2.2.1", "lots"), (8, "1.1.0", "140")):
        cells = lines[line_number - 1].split(",")
        cells[header.index(code)] = text
        lines[line_number - 1] = ",".join(cells)
    path = tmp_path / "broken.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _open(window: MainWindow) -> ReferenceSetsDialog:
    assert window.action("reference_sets").isEnabled()
    window.action("reference_sets").trigger()
    dialog = window.active_dialog
    assert isinstance(dialog, ReferenceSetsDialog)
    return dialog


def _table(dialog: ReferenceSetsDialog) -> list[list[str]]:
    table = dialog.table
    return [
        [table.item(row, column).text() for column in range(4)] for row in range(table.rowCount())
    ]


def _preview(qtbot: QtBot, dialog: ReferenceSetsDialog, path: Path) -> ReferenceImportDialog:
    importer = dialog.open_import(path)
    qtbot.waitUntil(lambda: importer.result_preview is not None, timeout=WAIT)
    return importer


def _snapshot(widget, path: Path) -> None:
    QApplication.processEvents()
    widget.grab().save(str(path))


def test_the_shipped_synthetic_set_is_listed_as_active(window: MainWindow, tmp_path: Path) -> None:
    dialog = _open(window)

    assert _table(dialog) == [
        ["Synthetic reference set (not real clusters)", "1,300", "Synthetic", "Active"]
    ]
    assert not dialog.install_button.isVisible()  # the shipped set is installed
    assert not dialog.activate_button.isEnabled()  # already active
    _snapshot(dialog, tmp_path / "reference_sets.png")
    dialog.reject()


def test_a_bad_file_lists_its_problems_by_row_and_column_and_stores_nothing(
    qtbot: QtBot, window: MainWindow, bad_file: Path, tmp_path: Path
) -> None:
    dialog = _open(window)
    importer = _preview(qtbot, dialog, bad_file)

    problems = [importer.problems.item(i).text() for i in range(importer.problems.count())]
    assert problems == [
        "Row 6, column '2.2.1': 'lots' is not a number",
        "Row 8, column '1.1.0': must be between 0 and 100 %, not 140",
    ]
    assert importer.summary.text() == f"2 problems found in broken.csv. {NOTHING_IMPORTED}"
    assert importer.problems.isVisible() and not importer.form.isVisible()
    assert not importer.import_button.isEnabled()
    importer.start_import()  # refused: nothing to import
    assert len(window.services.benchmarking.reference_sets()) == 1
    _snapshot(importer, tmp_path / "reference_import_bad.png")
    importer.reject()


def test_a_good_file_is_previewed_then_imported_and_made_active(
    qtbot: QtBot, window: MainWindow, good_file: Path
) -> None:
    dialog = _open(window)
    importer = _preview(qtbot, dialog, good_file)

    assert importer.summary.text().startswith("120 organizations from ")
    assert importer.summary.text().endswith("with 36 of 36 indicators.")
    assert importer.name.text() == "esca-extract-2018"
    assert importer.activate.isChecked()
    importer.name.setText("ESCA extract 2018")
    qtbot.mouseClick(importer.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.child is None, timeout=WAIT)  # closed once stored

    stored = window.services.benchmarking.reference_sets()
    assert [(s.name, s.size, s.synthetic, s.active) for s in stored] == [
        ("Synthetic reference set (not real clusters)", 1300, True, False),
        ("ESCA extract 2018", 120, False, True),
    ]
    assert _table(dialog)[1] == ["ESCA extract 2018", "120", "Real", "Active"]
    assert dialog.status.text() == "'ESCA extract 2018' was imported (120 organizations)."
    dialog.reject()


def test_a_taken_name_is_refused_and_nothing_is_stored(
    qtbot: QtBot, window: MainWindow, good_file: Path
) -> None:
    dialog = _open(window)
    importer = _preview(qtbot, dialog, good_file)
    importer.name.setText("synthetic reference set (NOT real clusters)")

    importer.start_import()
    qtbot.waitUntil(lambda: not importer.is_running, timeout=WAIT)

    assert importer.isVisible()
    assert "already exists" in importer.error.text() and importer.error.isVisible()
    assert len(window.services.benchmarking.reference_sets()) == 1
    importer.reject()


def test_the_file_is_chosen_in_the_file_chooser(
    qtbot: QtBot, window: MainWindow, good_file: Path
) -> None:
    dialog = _open(window)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    importer = dialog.child
    assert isinstance(importer, ReferenceImportDialog)
    chooser = importer.file_dialog
    assert chooser is not None and chooser.isVisible()

    chooser.selectFile(str(good_file))
    chooser.accept()
    qtbot.waitUntil(lambda: importer.result_preview is not None, timeout=WAIT)

    assert importer.path == good_file
    assert importer.import_button.isEnabled()
    importer.reject()


def test_activate_and_delete(
    qtbot: QtBot, window: MainWindow, good_file: Path, tmp_path: Path
) -> None:
    benchmarking = window.services.benchmarking
    benchmarking.import_reference_set(good_file, "ESCA extract 2018", activate=False)
    dialog = _open(window)
    assert _table(dialog)[1] == ["ESCA extract 2018", "120", "Real", ""]

    dialog.table.selectRow(1)
    qtbot.mouseClick(dialog.activate_button, Qt.MouseButton.LeftButton)
    assert [s.active for s in benchmarking.reference_sets()] == [False, True]
    assert _table(dialog)[1][3] == "Active"

    dialog.table.selectRow(1)  # the active one, while another exists: refused
    assert dialog.delete(dialog.selected_id() or 0) is False
    assert "activate another one before deleting it" in dialog.error.text()
    assert len(benchmarking.reference_sets()) == 2

    dialog.table.selectRow(0)
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    box = dialog.child
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "1,300 organizations" in box.text()
    _snapshot(box, tmp_path / "reference_delete.png")
    box.button(QMessageBox.StandardButton.Yes).click()

    assert [s.name for s in benchmarking.reference_sets()] == ["ESCA extract 2018"]
    assert dialog.table.rowCount() == 1
    assert dialog.install_button.isVisible()  # the shipped one can come back
    dialog.reject()


def test_the_shipped_set_is_installed_when_none_is(qtbot: QtBot, window: MainWindow) -> None:
    benchmarking = window.services.benchmarking
    for reference in benchmarking.reference_sets():
        benchmarking.delete_reference_set(reference.id)
    dialog = _open(window)
    assert dialog.table.rowCount() == 0
    assert dialog.install_button.isVisible() and dialog.install_button.isEnabled()

    qtbot.mouseClick(dialog.install_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=WAIT)

    assert _table(dialog) == [
        ["Synthetic reference set (not real clusters)", "1,300", "Synthetic", "Active"]
    ]
    assert not dialog.install_button.isVisible()
    assert dialog.status.text() == "The synthetic reference set was installed."
    dialog.reject()


# -- warnings and hidden rows ------------------------------------------------------------


def _hidden_row_workbook(tmp_path: Path, shipped_lines: list[str]) -> Path:
    """Ten clusters from the shipped set; the one on row 5 is on a row hidden in Excel."""
    workbook = Workbook()
    sheet = workbook.active
    for row in csv.reader(shipped_lines[:11]):
        sheet.append(row)
    sheet.row_dimensions[5].hidden = True
    path = tmp_path / "esca-extract-hidden.xlsx"
    workbook.save(path)
    return path


def _warnings(importer: ReferenceImportDialog) -> list[str]:
    return importer.warnings.messages.messages()


def test_hidden_rows_are_reported_and_imported_only_when_asked(
    qtbot: QtBot, window: MainWindow, shipped_lines: list[str], tmp_path: Path
) -> None:
    path = _hidden_row_workbook(tmp_path, shipped_lines)
    dialog = _open(window)
    importer = _preview(qtbot, dialog, path)

    assert importer.summary.text().startswith("9 organizations from ")
    assert _warnings(importer) == [
        "1 hidden row (5) was skipped; include hidden rows and columns only if they belong "
        "to the list."
    ]
    assert importer.warnings.isVisible() and importer.warnings.messages.isVisible()
    assert importer.warnings.title.accessibleName() == (
        "1 warning about esca-extract-hidden.xlsx: check it; it does not stop the import."
    )
    assert not importer.problems.isVisible()  # a warning is not a problem
    box = importer.warnings.include_hidden
    assert box.isVisible() and not box.isChecked()
    assert importer.import_button.isEnabled()
    _snapshot(importer, tmp_path / "reference_import_hidden.png")

    importer.activateWindow()
    qtbot.waitActive(importer)
    with qtbot.waitSignal(box.toggled):
        qtbot.keyClick(importer, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)  # mnemonic
    qtbot.waitUntil(
        lambda: importer.result_preview is not None and importer.result_preview.include_hidden,
        timeout=WAIT,
    )

    assert importer.summary.text().startswith("10 organizations from ")
    assert _warnings(importer) == ["1 hidden row (5) was read, as asked."]
    assert box.isVisible() and box.isChecked()
    _snapshot(importer, tmp_path / "reference_import_hidden_included.png")
    importer.name.setText("ESCA extract with hidden")
    qtbot.mouseClick(importer.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.child is None, timeout=WAIT)

    stored = window.services.benchmarking.reference_sets()
    assert [(s.name, s.size) for s in stored][1:] == [("ESCA extract with hidden", 10)]
    dialog.reject()


def test_the_separator_line_is_shown_as_a_warning(
    qtbot: QtBot, window: MainWindow, shipped_lines: list[str], tmp_path: Path
) -> None:
    path = tmp_path / "semicolons.csv"
    rows = [line.replace(",", ";") for line in shipped_lines[:6]]
    path.write_text("sep=;\n" + "\n".join(rows) + "\n", encoding="utf-8")
    dialog = _open(window)
    importer = _preview(qtbot, dialog, path)

    assert importer.summary.text().startswith("5 organizations from ")
    assert _warnings(importer) == [
        "Line 1 ('sep=;') is Excel's separator hint; it was followed and, as in Excel, "
        "it is not counted as a row."
    ]
    assert importer.warnings.isVisible()
    assert not importer.warnings.include_hidden.isVisible()
    assert importer.import_button.isEnabled()
    importer.reject()
    dialog.reject()


def test_a_control_character_in_an_identifier_is_a_problem(
    qtbot: QtBot, window: MainWindow, shipped_lines: list[str], tmp_path: Path
) -> None:
    lines = shipped_lines[:4]
    lines[2] = "\x1b[31m" + lines[2]
    path = tmp_path / "escape.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    dialog = _open(window)
    importer = _preview(qtbot, dialog, path)

    problems = [importer.problems.item(i).text() for i in range(importer.problems.count())]
    assert len(problems) == 1
    assert problems[0].startswith("Row 3, column '")
    assert "(ESC, U+001B) at position 1" in problems[0]
    assert not importer.import_button.isEnabled()
    importer.reject()
    dialog.reject()
