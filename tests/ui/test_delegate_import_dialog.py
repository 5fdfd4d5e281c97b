"""The delegate-list import: preview in the background, then import all or nothing."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from escadesk.app import Services
from escadesk.services.demo import seed_demo
from escadesk.ui.delegate_import_dialog import NOTHING_IMPORTED, DelegateImportDialog
from escadesk.ui.style import apply_style

HEADER = "E-mail,Name,Organization,Country\n"


@pytest.fixture
def workshop_id(services: Services) -> int:
    """The demo workshop, whose list already holds 13 delegates."""
    return seed_demo(services)


def write_csv(folder: Path, name: str, rows: list[str]) -> Path:
    path = folder / name
    path.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


def open_dialog(qtbot, services: Services, workshop_id: int, path: Path) -> DelegateImportDialog:
    dialog = DelegateImportDialog(services, workshop_id, path=path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.is_busy, timeout=10_000)
    return dialog


def problem_lines(dialog: DelegateImportDialog) -> list[str]:
    return [dialog.problems_list.item(i).text() for i in range(dialog.problems_list.count())]


def test_a_good_list_is_previewed_and_imported(qtbot, services, workshop_id, tmp_path):
    path = write_csv(
        tmp_path,
        "delegates.csv",
        [
            "wei.chen@prict.example,Wei Chen,Pearl River ICT Cluster,China",  # already listed
            "new.one@cluster.example,New One,Cluster One,Canada",
            "new.two@cluster.example,New Two,Cluster Two,Germany",
        ],
    )
    before = services.delegates.count(workshop_id)

    dialog = open_dialog(qtbot, services, workshop_id, path)

    assert dialog.summary_label.text() == "3 delegates: 2 new, 1 already on the list"
    assert dialog.records_model.rowCount() == 3
    model = dialog.records_model
    assert [model.index(1, c).data() for c in range(5)] == [
        "3",
        "new.one@cluster.example",
        "New One",
        "Cluster One",
        "Canada",
    ]
    assert not dialog.problems_box.isVisible()
    assert dialog.import_button.isEnabled()
    assert services.delegates.count(workshop_id) == before  # a preview stores nothing

    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    assert dialog.imported_count == 3
    assert services.delegates.count(workshop_id) == before + 2


def test_a_list_with_a_bad_email_lists_the_row_and_imports_nothing(
    qtbot, services, workshop_id, tmp_path
):
    path = write_csv(
        tmp_path,
        "delegates.csv",
        [
            "new.one@cluster.example,New One,Cluster One,Canada",
            "not-an-address,Broken Row,Cluster Two,Germany",
            "new.three@cluster.example,New Three,Cluster Three,Spain",
        ],
    )
    before = services.delegates.count(workshop_id)

    dialog = open_dialog(qtbot, services, workshop_id, path)

    lines = problem_lines(dialog)
    assert len(lines) == 1
    assert lines[0].startswith("Row 3")
    assert "not-an-address" in lines[0]
    assert dialog.problems_box.isVisible()
    assert dialog.nothing_imported_label.isVisible()
    assert dialog.nothing_imported_label.text() == NOTHING_IMPORTED
    assert not dialog.import_button.isEnabled()

    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)  # disabled: no effect
    assert not dialog.is_busy
    assert dialog.isVisible()
    assert dialog.imported_count == 0
    assert services.delegates.count(workshop_id) == before


def test_an_unreadable_file_is_reported_without_a_row(qtbot, services, workshop_id, tmp_path):
    path = tmp_path / "delegates.csv"
    path.write_text(HEADER + '"unterminated@quote.example,Someone\n', encoding="utf-8")

    dialog = open_dialog(qtbot, services, workshop_id, path)

    assert problem_lines(dialog) and "quote" in problem_lines(dialog)[0]
    assert not dialog.import_button.isEnabled()
    assert not dialog.table.isVisible()


def test_choosing_a_fixed_file_replaces_the_preview(qtbot, services, workshop_id, tmp_path):
    bad = write_csv(tmp_path, "bad.csv", ["x@", "fine@cluster.example"])
    good = write_csv(tmp_path, "good.csv", ["x@cluster.example", "fine@cluster.example"])
    dialog = open_dialog(qtbot, services, workshop_id, bad)
    assert not dialog.import_button.isEnabled()

    dialog.start_preview(good)
    qtbot.waitUntil(lambda: not dialog.is_busy, timeout=10_000)

    assert not dialog.problems_box.isVisible()
    assert dialog.summary_label.text() == "2 delegates: 2 new, 0 already on the list"
    assert dialog.import_button.isEnabled()


def test_a_failing_preview_is_shown_inline(qtbot, services, workshop_id, tmp_path):
    path = write_csv(tmp_path, "delegates.csv", ["someone@cluster.example"])

    dialog = open_dialog(qtbot, services, workshop_id + 999, path)  # no such workshop

    assert dialog.error_label.isVisible()
    assert "There is no workshop" in dialog.error_label.text()
    assert not dialog.import_button.isEnabled()
    assert dialog.choose_button.isEnabled()


# ------------------------------------------------------------------ warnings and hidden rows


def hidden_row_workbook(folder: Path) -> Path:
    """Three delegates; the one on row 4 is on a row hidden in Excel."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Delegates"
    sheet.append(["E-mail", "Name", "Organization", "Country"])
    sheet.append(["new.one@cluster.example", "New One", "Cluster One", "Canada"])
    sheet.append(["new.two@cluster.example", "New Two", "Cluster Two", "Germany"])
    sheet.append(["hidden.one@cluster.example", "Hidden One", "Cluster Hidden", "Spain"])
    sheet.row_dimensions[4].hidden = True
    path = folder / "delegates.xlsx"
    workbook.save(path)
    return path


def warning_lines(dialog: DelegateImportDialog) -> list[str]:
    return [dialog.warnings_list.item(i).text() for i in range(dialog.warnings_list.count())]


def shown_rows(dialog: DelegateImportDialog) -> list[str]:
    model = dialog.records_model
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def test_hidden_rows_are_reported_and_included_only_when_asked(
    qtbot, services, workshop_id, tmp_path
):
    path = hidden_row_workbook(tmp_path)
    before = services.delegates.count(workshop_id)

    dialog = open_dialog(qtbot, services, workshop_id, path)

    skipped = (
        "1 hidden row (4) was skipped; include hidden rows and columns only if they belong "
        "to the list."
    )
    assert warning_lines(dialog) == [skipped]
    assert dialog.warnings_box.isVisible() and dialog.warnings_list.isVisible()
    assert dialog.warnings_title.accessibleName() == (
        "1 warning about delegates.xlsx: check it; it does not stop the import."
    )
    assert dialog.warnings_list.accessibleName() == "Warnings about the file"
    assert not dialog.problems_box.isVisible()  # a warning is not an error
    assert dialog.include_hidden_box.isVisible()
    assert not dialog.include_hidden_box.isChecked()
    assert dialog.include_hidden_box.text() == "Include the &hidden rows and columns"
    assert QKeySequence.mnemonic(dialog.include_hidden_box.text()).toString() == "Alt+H"
    assert shown_rows(dialog) == ["2", "3"]
    assert dialog.import_button.isEnabled()  # warnings never block

    dialog.activateWindow()
    qtbot.waitActive(dialog)
    with qtbot.waitSignal(dialog.include_hidden_box.toggled):
        qtbot.keyClick(dialog, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)  # its mnemonic
    assert dialog.include_hidden_box.hasFocus()
    assert dialog.include_hidden_box.isVisible()  # stays put (and keeps the focus)
    qtbot.waitUntil(lambda: not dialog.is_busy, timeout=10_000)

    assert dialog.preview is not None and dialog.preview.include_hidden
    assert dialog.include_hidden_box.isChecked() and dialog.include_hidden_box.isVisible()
    assert shown_rows(dialog) == ["2", "3", "4"]
    assert warning_lines(dialog) == ["1 hidden row (4) was read, as asked."]
    assert dialog.summary_label.text() == "3 delegates: 3 new, 0 already on the list"
    dialog.grab().save(str(tmp_path / "delegate_import_hidden_included.png"))

    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.imported_count == 3
    assert services.delegates.count(workshop_id) == before + 3


def test_unticking_reads_the_file_again_without_the_hidden_rows(
    qtbot, services, workshop_id, tmp_path
):
    path = hidden_row_workbook(tmp_path)
    dialog = open_dialog(qtbot, services, workshop_id, path)
    dialog.include_hidden_box.setChecked(True)
    qtbot.waitUntil(lambda: not dialog.is_busy, timeout=10_000)
    assert shown_rows(dialog) == ["2", "3", "4"]

    dialog.include_hidden_box.setChecked(False)
    qtbot.waitUntil(lambda: not dialog.is_busy, timeout=10_000)

    assert shown_rows(dialog) == ["2", "3"]
    assert dialog.preview is not None and not dialog.preview.include_hidden
    assert dialog.include_hidden_box.isVisible()

    other = write_csv(tmp_path, "other.csv", ["x@cluster.example"])  # a new file: off again
    dialog.include_hidden_box.setChecked(True)
    dialog.start_preview(other)
    qtbot.waitUntil(lambda: not dialog.is_busy, timeout=10_000)
    assert not dialog.include_hidden_box.isChecked()
    assert not dialog.warnings_box.isVisible()


def test_the_separator_line_is_explained_as_a_warning(qtbot, services, workshop_id, tmp_path):
    path = tmp_path / "delegates.csv"
    path.write_text(
        "sep=;\nE-mail;Name;Organization;Country\n"
        "new.one@cluster.example;New One;Cluster One;Canada\n",
        encoding="utf-8",
    )

    dialog = open_dialog(qtbot, services, workshop_id, path)

    assert warning_lines(dialog) == [
        "Line 1 ('sep=;') is Excel's separator hint; it was followed and, as in Excel, "
        "it is not counted as a row."
    ]
    assert dialog.warnings_box.isVisible()
    assert not dialog.include_hidden_box.isVisible()  # nothing hidden in a CSV file
    assert not dialog.problems_box.isVisible()
    assert dialog.import_button.isEnabled()
    assert shown_rows(dialog) == ["2"]  # as in Excel, the hint line is not a row
    dialog.grab().save(str(tmp_path / "delegate_import_separator.png"))


@pytest.mark.parametrize(
    ("text", "named"),
    [("\x00", "NUL, U+0000"), ("\x1b[31m", "ESC, U+001B"), ("\u202e", "U+202E")],
)
def test_a_control_character_is_a_problem_with_its_row_and_column(
    qtbot, services, workshop_id, tmp_path, text, named
):
    path = write_csv(
        tmp_path,
        "delegates.csv",
        [
            "new.one@cluster.example,New One,Cluster One,Canada",
            f"new.two@cluster.example,New Two,Cluster{text} Two,Germany",
        ],
    )
    before = services.delegates.count(workshop_id)

    dialog = open_dialog(qtbot, services, workshop_id, path)

    (line,) = problem_lines(dialog)
    assert line.startswith("Row 3, column 'Organization': the cell contains ")
    assert named in line and text not in line
    assert not dialog.import_button.isEnabled()
    assert services.delegates.count(workshop_id) == before


def test_snapshot_with_problems_and_warnings(qtbot, qapp, services, workshop_id, tmp_path):
    """The dialog as the director sees it, saved for a look (tests/ui snapshots)."""
    apply_style(qapp)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Delegate list, ESCA conference 2018"])  # a title row above the header
    sheet.append(["E-mail", "Name", "Organization", "Country"])
    sheet.append(["new.one@cluster.example", "New One", "Cluster One", "Canada"])
    sheet.append(["new.two@cluster.example", "2018-09-01", "Cluster Two", "Germany"])
    sheet.append(["broken@", "Broken Row", "Cluster\u202eThree", "Spain"])
    sheet.append(["hidden.one@cluster.example", "Hidden One", "Cluster Hidden", "Spain"])
    sheet.row_dimensions[6].hidden = True
    sheet.column_dimensions["E"].hidden = True
    sheet["E3"] = "a note in a hidden column"
    path = tmp_path / "delegates.xlsx"
    workbook.save(path)

    for width, height in ((880, 620), (720, 520), (1280, 720)):
        dialog = DelegateImportDialog(services, workshop_id, path=path)
        qtbot.addWidget(dialog)
        dialog.resize(width, height)
        dialog.show()
        qtbot.waitUntil(lambda dialog=dialog: not dialog.is_busy, timeout=10_000)
        QApplication.processEvents()
        assert dialog.problems_box.isVisible() and dialog.warnings_box.isVisible()
        assert dialog.include_hidden_box.isVisible()
        # Nothing drawn over anything else: a short dialog grows to what is shown needs.
        assert dialog.width() == width and dialog.height() >= height
        stacked = [
            dialog.summary_label,
            dialog.problems_box,
            dialog.warnings_box,
            dialog.records_caption,
            dialog.table,
            dialog.import_button.parentWidget(),
        ]
        for above, below in pairwise(stacked):
            assert above.geometry().bottom() < below.geometry().top()
        for listing in (dialog.problems_list, dialog.warnings_list):
            assert listing.height() >= listing.minimumSizeHint().height()
        image = dialog.grab()
        assert image.save(str(tmp_path / f"delegate_import_{width}x{height}.png"))
        dialog.reject()
