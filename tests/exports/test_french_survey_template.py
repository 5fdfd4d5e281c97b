"""The survey template in an organization's French: written in French whatever the
window speaks, and read back (filled in) by the same import as the English one."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from openpyxl import load_workbook

from escadesk.benchmark_resources import load_catalogue
from escadesk.domain.benchmarking import Unit
from escadesk.domain.benchmarking import survey_template as form
from escadesk.exports.survey_template import write_survey_template
from escadesk.importing.survey_template import read_survey_template
from survey_template_kit import template_context

CATALOGUE = load_catalogue()
STORED = {"1.1.2": 85.0, "2.2.1": 2.5, "4.1.1": 1.0, "4.1.6": 0.0}
YES_NO = next(i.code for i in CATALOGUE.indicators if i.unit is Unit.YES_NO)


def _french_template(folder: Path, answers: dict[str, float] | None = None) -> Path:
    context = dataclasses.replace(template_context(CATALOGUE, answers or STORED), locale="fr_CA")
    return write_survey_template(context, folder / "questionnaire.xlsx")


def _rows(sheet) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {
        str(sheet.cell(row=row, column=form.CODE_COLUMN).value): row
        for row in range(form.FIRST_INDICATOR_ROW, sheet.max_row + 1)
        if sheet.cell(row=row, column=form.CODE_COLUMN).value
    }


def test_the_template_speaks_the_organizations_french_in_an_english_window(tmp_path: Path):
    path = _french_template(tmp_path)
    book = load_workbook(path)
    assert book.sheetnames == ["À propos", "Réponses"]
    about, answers = book["À propos"], book["Réponses"]
    assert about["A1"].value == "Questionnaire d’analyse comparative"
    labels = [about.cell(row=r, column=1).value for r in range(form.ABOUT_FIRST_ROW, 14)]
    assert labels[:4] == ["Organisation", "Atelier", "Date de l’atelier", "Catalogue"]
    assert about.cell(row=form.ABOUT_FIRST_ROW + 2, column=2).value == "4 oct. 2018"
    header = [answers.cell(row=form.HEADER_ROW, column=c).value for c in range(1, 8)]
    assert header == list(form.FRENCH_NAMES.answer_headers)
    rows = _rows(answers)
    assert answers.cell(row=rows["4.1.1"], column=form.ANSWER_COLUMN).value == "oui"
    assert answers.cell(row=rows["4.1.6"], column=form.ANSWER_COLUMN).value == "non"
    assert answers.cell(row=rows["2.2.1"], column=form.ANSWER_COLUMN).value == 2.5  # a number
    valid = answers.cell(row=rows[YES_NO], column=form.ANSWER_COLUMN - 1).value
    assert valid == "oui ou non\u202f; choisissez dans la liste"
    lists = [v.formula1 for v in answers.data_validations.dataValidation if v.type == "list"]
    assert '"oui,non"' in lists
    # The questions themselves come from the catalogue's French.
    question = answers.cell(row=rows["2.2.1"], column=3).value
    assert question == CATALOGUE.localized("fr_CA").find("2.2.1").label  # type: ignore[union-attr]
    assert answers.oddFooter.center.text == "Page &P de &N"


def test_a_filled_french_template_imports_back(tmp_path: Path, french: None):
    path = _french_template(tmp_path)
    book = load_workbook(path)
    sheet = book["Réponses"]
    rows = _rows(sheet)
    sheet.cell(row=rows["4.1.1"], column=form.ANSWER_COLUMN).value = "non"
    sheet.cell(row=rows["1.1.2"], column=form.ANSWER_COLUMN).value = 90
    book.save(path)

    filled = read_survey_template(path, CATALOGUE)

    assert filled.ok, [str(p) for p in filled.problems]
    assert filled.names is form.FRENCH_NAMES
    assert filled.about_text(form.ORGANIZATION) == "Northshore Photonics Cluster"
    assert filled.answers["4.1.1"].value == 0.0
    assert filled.answers["1.1.2"].value == 90.0
    assert filled.answers["2.2.1"].value == 2.5


def test_an_english_header_in_a_french_template_names_what_it_should_read(
    tmp_path: Path, french: None
):
    path = _french_template(tmp_path)
    book = load_workbook(path)
    book["Réponses"].cell(row=form.HEADER_ROW, column=form.ANSWER_COLUMN).value = "Answer"
    book.save(path)

    filled = read_survey_template(path, CATALOGUE)

    assert not filled.ok
    messages = [str(problem) for problem in filled.problems]
    assert len(messages) == 1
    assert "Réponses" in messages[0] and "F" in messages[0]
    assert "«\u00a0Réponse\u00a0», et non «\u00a0Answer\u00a0»" in messages[0]


def test_a_workbook_with_neither_languages_sheets_names_the_english_ones(tmp_path: Path):
    path = _french_template(tmp_path)
    book = load_workbook(path)
    book["À propos"].title = "Info"
    book["Réponses"].title = "Data"
    book.save(path)

    filled = read_survey_template(path, CATALOGUE)

    assert [problem.message[:40] for problem in filled.problems] == [
        "The workbook has no sheet 'About' (its s",
        "The workbook has no sheet 'Answers' (its",
    ]


@pytest.mark.parametrize("locale", ["en_CA", "fr_CA"])
def test_each_language_reads_its_own_template_in_either_window(
    tmp_path: Path, locale: str, french: None
):
    context = dataclasses.replace(template_context(CATALOGUE, STORED), locale=locale)
    path = write_survey_template(context, tmp_path / f"{locale}.xlsx")
    filled = read_survey_template(path, CATALOGUE)
    assert filled.ok, [str(p) for p in filled.problems]
    assert {code: a.value for code, a in filled.answers.items() if a.value is not None} == STORED
