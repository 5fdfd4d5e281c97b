"""The survey template as written: read back with openpyxl (and rendered by LibreOffice
when it is installed)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from escadesk.benchmark_resources import load_catalogue
from escadesk.domain.benchmarking import Unit
from escadesk.domain.benchmarking import survey_template as form
from escadesk.exports.survey_template import write_survey_template
from survey_template_kit import ORGANIZATION, code_rows, template_context

CATALOGUE = load_catalogue()
STORED = {"1.1.2": 85.0, "2.2.1": 2.5, "4.1.1": 1.0, "4.1.6": 0.0, "2.2.2": 4.0, "3.3": 480000.0}


@pytest.fixture
def written(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return write_survey_template(template_context(CATALOGUE, STORED), folder / "survey.xlsx")


def _about(path: Path) -> dict[str, object]:
    sheet = load_workbook(path)[form.ABOUT_SHEET]
    return {
        row[0].value: row[1].value
        for row in sheet.iter_rows(min_row=form.ABOUT_FIRST_ROW)
        if row[0].value
    }


def test_the_file_is_written_whole_and_alone(written: Path):
    assert sorted(p.name for p in written.parent.iterdir()) == ["survey.xlsx"]
    workbook = load_workbook(written)
    assert workbook.sheetnames == [form.ABOUT_SHEET, form.ANSWERS_SHEET]
    assert workbook.active.title == form.ANSWERS_SHEET
    assert workbook.properties.identifier == template_context(CATALOGUE).identifier.text


def test_about_names_the_organization_workshop_version_and_form(written: Path):
    about = _about(written)
    identifier = template_context(CATALOGUE).identifier
    assert about[form.ORGANIZATION] == ORGANIZATION
    assert about[form.WORKSHOP] == "ESCA Cluster Benchmarking Workshop (TCI 2018)"
    assert about[form.WORKSHOP_DATE] == "Oct 4, 2018"
    assert about[form.CATALOGUE_VERSION] == CATALOGUE.version == "2018.1"
    assert about[form.FORM_IDENTIFIER] == identifier.text
    assert about[form.MADE_ON] == "Sep 28, 2018, 10:00 Toronto time"
    assert "without a password" in str(about["Protection"])
    assert identifier.matches(CATALOGUE.version, ORGANIZATION)


def test_sheets_are_protected_without_a_password_and_the_structure_locked(written: Path):
    workbook = load_workbook(written)
    assert workbook.security.lockStructure
    assert workbook.security.workbookPassword is None
    for sheet in workbook.worksheets:
        protection = sheet.protection
        assert protection.sheet is True
        assert protection.password is None
        assert protection.deleteRows and protection.insertRows  # True: not allowed
        assert not protection.formatColumns and not protection.formatRows  # may resize
    about = workbook[form.ABOUT_SHEET]
    assert all(cell.protection.locked for row in about.iter_rows() for cell in row)


def test_only_the_answer_cells_are_unlocked(written: Path):
    sheet = load_workbook(written)[form.ANSWERS_SHEET]
    unlocked = {
        cell.coordinate
        for row in sheet.iter_rows(max_col=len(form.ANSWER_HEADERS))
        for cell in row
        if not cell.protection.locked
    }
    first, last = form.FIRST_INDICATOR_ROW, form.HEADER_ROW + len(CATALOGUE)
    assert unlocked == {f"F{row}" for row in range(first, last + 1)}


def test_one_row_per_indicator_with_its_question_unit_range_and_help(written: Path):
    sheet = load_workbook(written)[form.ANSWERS_SHEET]
    header = [c.value for c in sheet[form.HEADER_ROW]][: len(form.ANSWER_HEADERS)]
    assert header == list(form.ANSWER_HEADERS)
    rows = code_rows(sheet)
    assert list(rows) == list(CATALOGUE.codes) and len(rows) == 36
    fte = [c.value for c in sheet[rows["2.2.1"]]]
    indicator = CATALOGUE.indicator("2.2.1")
    assert fte == [
        "Management",
        "2.2.1",
        indicator.label,
        indicator.unit_label,
        "a number between 0 and 1000 FTE",
        2.5,
        indicator.help,
    ]
    assert sheet.cell(rows["4.1.1"], 5).value == "yes or no; choose from the list"
    assert sheet.cell(rows["2.2.2"], 5).value == "a level from 1 to 5; choose from the list"
    assert sheet.cell(rows["1.1.2"], 5).value == "a whole number between 0 and 100000"


def test_stored_answers_are_prefilled_as_numbers_and_words(written: Path):
    sheet = load_workbook(written)[form.ANSWERS_SHEET]
    rows = code_rows(sheet)
    answers = {code: sheet.cell(row, form.ANSWER_COLUMN).value for code, row in rows.items()}
    assert {code: answers[code] for code in STORED} == {
        "1.1.2": 85,
        "2.2.1": 2.5,
        "4.1.1": "yes",
        "4.1.6": "no",
        "2.2.2": 4,
        "3.3": 480000,
    }
    assert all(answers[code] is None for code in CATALOGUE.codes if code not in STORED)
    assert type(answers["1.1.2"]) is int and type(answers["2.2.1"]) is float


def test_every_answer_cell_has_its_data_validation(written: Path):
    sheet = load_workbook(written)[form.ANSWERS_SHEET]
    rows = code_rows(sheet)
    rules = sheet.data_validations.dataValidation
    for indicator in CATALOGUE.indicators:
        cell = f"F{rows[indicator.code]}"
        (rule,) = [r for r in rules if cell in r.sqref]
        assert rule.allow_blank and rule.showErrorMessage and rule.errorStyle == "stop"
        assert len(rule.prompt) <= 255 and len(rule.promptTitle) <= 32
        if indicator.unit is Unit.YES_NO:
            assert (rule.type, rule.formula1) == ("list", '"yes,no"')
        elif indicator.unit is Unit.ORDINAL:
            assert (rule.type, rule.formula1) == ("list", '"1,2,3,4,5"')
        else:
            assert rule.type == ("whole" if indicator.unit.whole else "decimal")
            assert rule.operator == "between"
            assert float(rule.formula1) == indicator.minimum
            assert float(rule.formula2) == indicator.maximum
    assert len(rules) < len(CATALOGUE)  # alike cells share one rule


def test_answers_print_fitted_to_width_with_the_header_repeated(written: Path):
    workbook = load_workbook(written)
    sheet = workbook[form.ANSWERS_SHEET]
    assert sheet.page_setup.orientation == "landscape"
    # One page wide; 36 indicators on two pages tall (18 a page), whatever the font.
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 2)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == f"${form.HEADER_ROW}:${form.HEADER_ROW}"
    assert sheet.freeze_panes == f"A{form.FIRST_INDICATOR_ROW}"
    assert "Northshore Photonics Cluster" in sheet.oddHeader.left.text
    widths = [sheet.column_dimensions[letter].width for letter in "ABCDEFG"]
    assert widths[6] > widths[2] > widths[5] > widths[1]  # help, question, answer, code
    rows = code_rows(sheet)
    help_cell = sheet.cell(rows["1.1.1b"], 7)
    assert help_cell.alignment.wrap_text
    assert sheet.row_dimensions[rows["1.1.1b"]].height > sheet.row_dimensions[rows["2.1"]].height
    about = workbook[form.ABOUT_SHEET]
    assert about.page_setup.orientation == "portrait" and about.page_setup.fitToWidth == 1


def test_a_name_that_looks_like_a_formula_stays_text(tmp_path: Path):
    context = template_context(CATALOGUE, organization='=HYPERLINK("http://x","y")')
    path = write_survey_template(context, tmp_path / "odd.xlsx")
    cell = load_workbook(path)[form.ABOUT_SHEET]["B3"]
    assert cell.data_type == "s" and cell.value == '\'=HYPERLINK("http://x","y")'


@pytest.mark.accepted_skip("LibreOffice or pdftoppm is not installed (.ci/run installs both)")
def test_libreoffice_renders_the_template(written: Path, tmp_path: Path):
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None or shutil.which("pdftoppm") is None:
        pytest.skip("LibreOffice or pdftoppm is not installed")
    home = tmp_path / "office-home"
    home.mkdir()
    subprocess.run(
        [office, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(written)],
        check=True,
        capture_output=True,
        timeout=120,
        env={**os.environ, "HOME": str(home)},
    )
    pdf = tmp_path / "survey.pdf"
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", str(pdf), str(tmp_path / "page")],
        check=True,
        timeout=60,
    )
    pages = sorted(tmp_path.glob("page-*.png"))
    # About on one portrait page, the 36 indicators on two landscape pages.
    assert len(pages) == 3
    assert all(page.stat().st_size > 5_000 for page in pages)
