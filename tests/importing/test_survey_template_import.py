"""A filled survey template read back: the answers, or every problem by sheet, row and
column. Templates are written by the real writer and filled as a user would."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from escadesk.benchmark_resources import load_catalogue
from escadesk.domain.benchmarking import survey_template as form
from escadesk.exports.survey_template import write_survey_template
from escadesk.importing.survey_template import (
    MAX_TEMPLATE_BYTES,
    FilledTemplate,
    TemplateProblem,
    read_survey_template,
)
from escadesk.importing.workbooks import OLE2_MAGIC
from survey_template_kit import code_rows, fill, template_context

CATALOGUE = load_catalogue()


@pytest.fixture
def template(tmp_path: Path) -> Path:
    return write_survey_template(template_context(CATALOGUE), tmp_path / "survey.xlsx")


def _read(path: Path) -> FilledTemplate:
    return read_survey_template(path, CATALOGUE)


def _only(result: FilledTemplate) -> TemplateProblem:
    assert not result.answers, "answers must not come with problems"
    assert len(result.problems) == 1, [str(p) for p in result.problems]
    return result.problems[0]


def _row(path: Path, code: str) -> int:
    return code_rows(load_workbook(path)[form.ANSWERS_SHEET])[code]


# -- the round trip ----------------------------------------------------------------------------


def test_typed_answers_come_back_as_values(template: Path):
    fill(
        template,
        {
            "1.1.2": 85,  # a number cell
            "2.2.1": 2.5,
            "2.2.3": "1,5",  # text, read as the survey form reads it
            "1.1.0": "45 %",
            "4.1.1": "yes",
            "4.1.2": "No",
            "4.1.3": True,  # Excel's TRUE in a yes/no cell
            "2.2.2": 3,  # chosen from the 1-5 list
            "3.3": "EUR 350.000",
            "1.3": -4.5,
        },
    )
    result = _read(template)

    assert result.ok, [str(p) for p in result.problems]
    assert list(result.answers) == list(CATALOGUE.codes)
    values = {code: answer.value for code, answer in result.answers.items()}
    assert {code: value for code, value in values.items() if value is not None} == {
        "1.1.2": 85.0,
        "2.2.1": 2.5,
        "2.2.3": 1.5,
        "1.1.0": 45.0,
        "4.1.1": 1.0,
        "4.1.2": 0.0,
        "4.1.3": 1.0,
        "2.2.2": 3.0,
        "3.3": 350000.0,
        "1.3": -4.5,
    }
    assert result.answers["2.2.1"].row == _row(template, "2.2.1")
    assert result.identifier == template_context(CATALOGUE).identifier
    assert result.about_text(form.ORGANIZATION) == "Northshore Photonics Cluster"


def test_a_percentage_typed_with_the_percent_sign_counts_as_points(template: Path):
    workbook = load_workbook(template)
    sheet = workbook[form.ANSWERS_SHEET]
    cell = sheet.cell(code_rows(sheet)["1.1.0"], form.ANSWER_COLUMN)
    cell.value, cell.number_format = 0.45, "0%"  # what Excel stores for "45%"
    workbook.save(template)
    assert _read(template).answers["1.1.0"].value == 45.0


def test_a_number_cell_is_never_reread_as_text(template: Path):
    fill(template, {"1.1.2": 1.125})  # not 1125 members: a decimal in a count
    problem = _only(_read(template))
    assert "must be a whole number, not 1.125" in problem.message


# -- problems in the answers -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "typed", "expected"),
    [
        ("2.2.1", "=1+1", "the answer is a formula (=1+1), which is never calculated"),
        (
            "2.2.1",
            "about 30",
            "'about 30' is not a number (expected a number between 0 and 1000 FTE)",
        ),
        ("2.2.1", 1200, "must be between 0 and 1000 FTE, not 1200."),
        (
            "1.1.2",
            2.5,
            "must be a whole number, not 2.5 (expected a whole number between 0 and 100000)",
        ),
        ("4.1.1", "maybe", "'maybe' is not yes or no."),
        ("2.2.2", 7, "must be a level from 1 to 5, not 7."),
        ("2.2.1", "#DIV/0!", "the answer is the error value #DIV/0!"),
        ("1.1.2", True, "the answer is TRUE (expected a whole number"),
        ("2.2.1", "2\u202e5", "contains"),
    ],
)
def test_each_bad_answer_names_its_sheet_row_column_and_indicator(
    template: Path, code: str, typed: object, expected: str
):
    fill(template, {"1.1.2": 40, code: typed})
    problem = _only(_read(template))
    row = _row(template, code)
    assert (problem.sheet, problem.row, problem.column, problem.code) == (
        form.ANSWERS_SHEET,
        row,
        "F",
        code,
    )
    assert expected in problem.message
    assert CATALOGUE.indicator(code).title in problem.message
    assert str(problem).startswith(f"Sheet 'Answers', row {row}, column F: ")
    assert "\u202e" not in str(problem)


def test_a_date_in_a_number_cell_is_refused(template: Path):
    import datetime as dt

    fill(template, {"2.1": dt.datetime(2018, 1, 1)})
    assert "the answer is a date" in _only(_read(template)).message


def test_a_percent_format_on_another_unit_is_refused(template: Path):
    workbook = load_workbook(template)
    sheet = workbook[form.ANSWERS_SHEET]
    cell = sheet.cell(code_rows(sheet)["2.2.1"], form.ANSWER_COLUMN)
    cell.value, cell.number_format = 0.5, "0%"
    workbook.save(template)
    assert "formatted as a percentage (50%)" in _only(_read(template)).message


def test_every_problem_is_listed_not_only_the_first(template: Path):
    fill(template, {"2.2.1": "=A1", "1.1.2": "many", "4.1.1": "perhaps"})
    result = _read(template)
    assert [p.code for p in result.problems] == ["1.1.2", "2.2.1", "4.1.1"]
    assert result.answers == {}


# -- the template's own shape ------------------------------------------------------------------


def test_another_catalogue_version_is_refused_with_one_clear_message(tmp_path: Path):
    other = dataclasses.replace(CATALOGUE, version="2019.1")
    path = write_survey_template(template_context(other), tmp_path / "other.xlsx")
    problem = _only(_read(path))
    assert (problem.sheet, problem.column) == (form.ABOUT_SHEET, "B")
    assert "asks catalogue version 2019.1; escadesk asks catalogue 2018.1" in problem.message


def _edit_about(path: Path, label: str, value: str) -> int:
    workbook = load_workbook(path)
    sheet = workbook[form.ABOUT_SHEET]
    for row in sheet.iter_rows(min_row=form.ABOUT_FIRST_ROW):
        if row[0].value == label:
            row[1].value = value
            workbook.save(path)
            return row[1].row
    raise AssertionError(label)


def test_an_about_sheet_edited_by_hand_no_longer_matches_its_identifier(template: Path):
    _edit_about(template, form.ORGANIZATION, "Another Cluster")
    problem = _only(_read(template))
    assert problem.sheet == form.ABOUT_SHEET and problem.column == "B"
    assert "The About sheet was changed" in problem.message


def test_an_identifier_that_is_not_one(template: Path):
    row = _edit_about(template, form.FORM_IDENTIFIER, "hello")
    problem = _only(_read(template))
    assert (problem.sheet, problem.row, problem.column) == (form.ABOUT_SHEET, row, "B")
    assert "'hello' is not an escadesk form identifier" in problem.message


def test_a_workbook_that_only_looks_like_a_template(tmp_path: Path):
    workbook = Workbook()
    workbook.active.title = form.ABOUT_SHEET
    workbook.create_sheet(form.ANSWERS_SHEET)
    workbook.save(tmp_path / "look-alike.xlsx")
    problem = _only(_read(tmp_path / "look-alike.xlsx"))
    assert str(problem) == (
        "Sheet 'About', column A: This workbook is not an escadesk survey template: the "
        "About sheet has no 'Organization', 'Workshop', 'Catalogue version', 'Form "
        "identifier' rows."
    )


def test_odd_characters_typed_in_the_about_sheet_are_never_quoted(template: Path):
    _edit_about(template, form.CATALOGUE_VERSION, "2018.1\u202e\u200b")
    messages = [str(problem) for problem in _read(template).problems]
    assert "The About sheet was changed" in messages[0]
    assert "asks catalogue version 2018.1??; escadesk asks catalogue 2018.1" in messages[1]
    assert not any("\u202e" in message or "\u200b" in message for message in messages)


def test_an_emptied_answers_sheet(template: Path):
    workbook = load_workbook(template)
    sheet = workbook[form.ANSWERS_SHEET]
    sheet.delete_rows(1, sheet.max_row)
    workbook.save(template)
    result = _read(template)
    assert [p.cell for p in result.problems] == [f"{c}{form.HEADER_ROW}" for c in "ABCDEFG"]
    assert "should read 'Area', not empty" in result.problems[0].message


def test_a_renamed_sheet(template: Path):
    workbook = load_workbook(template)
    workbook[form.ANSWERS_SHEET].title = "Antworten"
    workbook.save(template)
    problem = _only(_read(template))
    assert "has no sheet 'Answers' (its sheets: 'About', 'Antworten')" in problem.message


def test_a_deleted_row_is_named_by_its_indicator(template: Path):
    workbook = load_workbook(template)
    sheet = workbook[form.ANSWERS_SHEET]
    sheet.delete_rows(code_rows(sheet)["2.2.1"])
    workbook.save(template)
    problem = _only(_read(template))
    assert (problem.sheet, problem.column, problem.code) == (form.ANSWERS_SHEET, "B", "2.2.1")
    assert "2.2.1 Human resources of the management team has no row" in problem.message


def test_moved_columns_are_refused_at_the_header(template: Path):
    workbook = load_workbook(template)
    workbook[form.ANSWERS_SHEET].delete_cols(4)  # the Unit column
    workbook.save(template)
    result = _read(template)
    first = result.problems[0]
    assert (first.sheet, first.row, first.column) == (form.ANSWERS_SHEET, form.HEADER_ROW, "D")
    assert "should read 'Unit', not 'Valid answers'" in first.message
    assert result.answers == {}


def test_a_code_typed_over_duplicates_or_is_unknown(template: Path):
    workbook = load_workbook(template)
    sheet = workbook[form.ANSWERS_SHEET]
    rows = code_rows(sheet)
    sheet.cell(rows["2.2.2"], form.CODE_COLUMN).value = "2.2.1"
    sheet.cell(rows["2.3"], form.CODE_COLUMN).value = "9.9"
    sheet.cell(rows["2.4"], form.CODE_COLUMN).value = None
    sheet.cell(rows["2.4"], form.ANSWER_COLUMN).value = 3
    workbook.save(template)
    messages = [str(p) for p in _read(template).problems]
    assert f"row {rows['2.2.2']}, column B: Indicator 2.2.1 appears twice" in messages[0]
    assert "'9.9' is not an indicator of catalogue 2018.1" in messages[1]
    assert "has an answer (F" in messages[2] and "no indicator code" in messages[2]
    assert sum("has no row" in m for m in messages) == 3  # 2.2.2, 2.3, 2.4


# -- files that are not a template -------------------------------------------------------------


def test_a_damaged_zip(template: Path):
    data = template.read_bytes()
    template.write_bytes(data[: len(data) // 2])
    assert "not a valid Excel workbook" in _only(_read(template)).message


def test_a_csv_renamed_xlsx(tmp_path: Path):
    path = tmp_path / "answers.xlsx"
    path.write_text("Code,Answer\n2.2.1,3\n", encoding="utf-8")
    assert "is a text (CSV) file with an .xlsx name" in _only(_read(path)).message


def test_an_old_xls_or_a_password_protected_workbook(tmp_path: Path):
    path = tmp_path / "old.xlsx"
    path.write_bytes(OLE2_MAGIC + b"\0" * 600)
    assert ".xls" in _only(_read(path)).message


@pytest.mark.parametrize("name", ["answers.csv", "answers.pdf", "answers"])
def test_not_an_xlsx_name(tmp_path: Path, name: str):
    path = tmp_path / name
    path.write_text("x", encoding="utf-8")
    assert "is not an Excel workbook (.xlsx)" in _only(_read(path)).message


def test_an_empty_file(tmp_path: Path):
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    assert "not a valid Excel workbook" in _only(_read(path)).message


def test_a_huge_file_is_refused_before_it_is_read(tmp_path: Path):
    path = tmp_path / "huge.xlsx"
    with path.open("wb") as handle:
        handle.truncate(MAX_TEMPLATE_BYTES + 1)  # sparse: costs no disk
    message = _only(_read(path)).message
    assert "too large to be a survey template (5.1 MB" in message


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path: Path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (30 * 1024 * 1024))
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(buffer.getvalue())
    assert path.stat().st_size < MAX_TEMPLATE_BYTES
    assert "compressed" in _only(_read(path)).message


def test_a_missing_file(tmp_path: Path):
    assert "cannot be opened" in _only(_read(tmp_path / "gone.xlsx")).message


def test_a_folder_named_xlsx(tmp_path: Path):
    folder = tmp_path / "folder.xlsx"
    folder.mkdir()
    assert "is not a regular file" in _only(_read(folder)).message
