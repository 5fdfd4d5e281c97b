"""Helpers for the survey template tests: a template's plain data, and filling a written
template the way a user does (values typed into the answer cells, saved by a spreadsheet
program: here openpyxl)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from escadesk.domain.benchmarking import Catalogue
from escadesk.domain.benchmarking import survey_template as form
from escadesk.exports.survey_template import SurveyTemplateContext

TORONTO = ZoneInfo("America/Toronto")
MADE = datetime(2018, 9, 28, 10, 0, tzinfo=TORONTO)
ORGANIZATION = "Northshore Photonics Cluster"


def template_context(
    catalogue: Catalogue,
    answers: Mapping[str, float] | None = None,
    *,
    organization: str = ORGANIZATION,
    workshop_id: int = 1,
    registration_id: int = 3,
) -> SurveyTemplateContext:
    return SurveyTemplateContext(
        organization=organization,
        workshop_title="ESCA Cluster Benchmarking Workshop (TCI 2018)",
        workshop_date=date(2018, 10, 4),
        catalogue=catalogue,
        identifier=form.form_identifier(
            workshop_id, registration_id, catalogue.version, organization
        ),
        answers=dict(answers or {}),
        generated_at=MADE,
        timezone="America/Toronto",
        prepared_by="Institute for Competitiveness & Prosperity",
        confidentiality="Confidential.",
    )


def code_rows(sheet: Worksheet) -> dict[str, int]:
    """{indicator code: row} of an Answers sheet as it is now."""
    rows = {}
    for row in range(form.FIRST_INDICATOR_ROW, sheet.max_row + 1):
        code = sheet.cell(row=row, column=form.CODE_COLUMN).value
        if code:
            rows[str(code)] = row
    return rows


def template_names_of(workbook: Workbook) -> form.TemplateNames:
    """The names of the language ``workbook`` was written in (a template speaks its
    organization's language: the demo's Québec clusters get French sheet names)."""
    for names in form.TEMPLATE_NAMES:
        if names.answers_sheet in workbook.sheetnames:
            return names
    return form.ENGLISH_NAMES


def answers_sheet(workbook: Workbook) -> Worksheet:
    """The Answers sheet of ``workbook``, in whichever language it was written."""
    return workbook[template_names_of(workbook).answers_sheet]


def about_sheet(workbook: Workbook) -> Worksheet:
    """The About sheet of ``workbook``, in whichever language it was written."""
    return workbook[template_names_of(workbook).about_sheet]


def fill(path: Path, answers: Mapping[str, object], target: Path | None = None) -> Path:
    """Type ``answers`` ({code: value}; None empties the cell) into the template at
    ``path`` and save it (to ``target``, by default over itself)."""
    workbook = load_workbook(path)
    sheet = answers_sheet(workbook)
    rows = code_rows(sheet)
    for code, value in answers.items():
        sheet.cell(row=rows[code], column=form.ANSWER_COLUMN).value = value
    target = target or path
    workbook.save(target)
    return target


def answer_coordinate(path: Path, code: str) -> str:
    """'F7': the answer cell of ``code`` in the written template."""
    workbook = load_workbook(path)
    row = code_rows(answers_sheet(workbook))[code]
    return f"F{row}"
