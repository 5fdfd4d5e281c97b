"""A filled benchmarking survey template, read back into answers or a list of problems.

The file comes back from an organization, so nothing in it is trusted: the sheet
protection may have been removed, cells typed over, rows deleted. Every cell that is used
is checked, and every problem names its sheet, row and column (and the indicator), so the
director can send precise corrections. Formulas are reported, never evaluated (the file is
opened with formulas as text, and their cached results are not read). A damaged file, a
text file named .xlsx, an old .xls and an over-sized file are refused before openpyxl
parses anything (the package checks of :mod:`escadesk.importing.workbooks`).

A template comes back in the language it was written in (the organization's): its sheet
names, header and About labels are read in English or in French (the contract's
:data:`~escadesk.domain.benchmarking.survey_template.TEMPLATE_NAMES`, one place for both),
the language being the one whose sheets the workbook has; a header or label of the other
language then is a problem naming what it should read.

Answers are judged by the domain's rules (:mod:`escadesk.domain.benchmarking.values`):
a number cell by its value, a text cell as if typed into the survey form. Which
registration the answers belong to is the service's question; this module only reads.
"""

from __future__ import annotations

import io
import math
import warnings
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any
from xml.etree.ElementTree import ParseError

from escadesk.domain.benchmarking import Catalogue
from escadesk.domain.benchmarking import survey_template as form
from escadesk.i18n import N_, _, format_decimal, ngettext, pgettext
from escadesk.importing.csv_text import looks_like_text
from escadesk.importing.errors import TableReadError
from escadesk.importing.files import file_size, open_regular, read_at_most
from escadesk.importing.source import column_letter
from escadesk.importing.survey_cells import (
    answer_value,
    cell_rows,
    cell_value,
    is_blank,
    is_formula,
    quoted,
    row_number,
)
from escadesk.importing.wording import quote, quoted_list
from escadesk.importing.workbooks import (
    CORRUPT_WORKBOOK,
    OLE2_MAGIC,
    ZIP_MAGIC,
    check_zip_sizes,
    ole2_message,
)

MAX_TEMPLATE_BYTES = 5 * 1024 * 1024
"""A filled template is about 15 KB; anything over 5 MB is not one (and is not parsed)."""
MAX_CONTENT_BYTES = 25 * 1024 * 1024
"""Largest uncompressed content of a template's package."""
EXTRA_ROWS = 100
"""Rows read below the last indicator's row (an inserted row moves the others down)."""
ABOUT_ROWS = 40
ABOUT_CHARS = 300
"""Longest About value kept (an organization's name has at most 200 characters)."""
SUFFIXES = frozenset({".xlsx", ".xlsm"})

_NOT_XLSX = N_(
    "'{name}' is not an Excel workbook (.xlsx). Choose the survey template escadesk made, "
    "filled in and saved as 'Excel Workbook (.xlsx)'."
)
_TEXT_NAMED_XLSX = N_(
    "'{name}' is a text (CSV) file with an .xlsx name, not the survey template. Fill in "
    "the template escadesk made and save it as 'Excel Workbook (.xlsx)'."
)
_TOO_LARGE = N_(
    "'{name}' is too large to be a survey template ({megabytes} MB; a template is about "
    "15 KB and the limit is {limit} MB). Check that this is the right file."
)
_CANNOT_OPEN = N_("The file '{name}' cannot be opened: {reason}.")
_MISSING_SHEET = N_(
    "The workbook has no sheet '{sheet}' (its sheets: {found}). Was it renamed or deleted? "
    "Use the template as escadesk made it."
)
_NOT_A_TEMPLATE = N_("This workbook is not an escadesk survey template: {why}.")
_EMPTY_ABOUT = N_("'{label}' is empty; use the template as escadesk made it.")
_BAD_IDENTIFIER = N_(
    "'{text}' is not an escadesk form identifier; use the template as it was made."
)
_EDITED = N_(
    "The About sheet was changed: the form identifier does not match the organization "
    "'{organization}' and catalogue version '{version}' beside it. Use the template as it "
    "was made, or make a new one."
)
_OTHER_VERSION = N_(
    "This template asks catalogue version {found}; escadesk asks catalogue {expected}. "
    "Make a new template and copy the answers into it."
)
_HEADER = N_(
    "The column header should read '{expected}', not {found}: columns were moved, added or "
    "deleted. Use the template as escadesk made it."
)
_NO_CODE = N_("This row has an answer ({column}) but no indicator code; was the code deleted?")
_UNKNOWN_CODE = N_("'{code}' is not an indicator of catalogue {version}.")
_TWICE = N_("Indicator {code} appears twice (rows {first} and {second}).")
_MISSING_ROW = N_(
    "Indicator {title} has no row: rows were deleted. Use the template as escadesk made it."
)
_CODE_CHARS = 20
#: (sheet?, row?, column?) -> where a problem is, before its message.
_PLACES = {
    (True, True, True): N_("Sheet '{sheet}', row {row}, column {column}: {message}"),
    (True, True, False): N_("Sheet '{sheet}', row {row}: {message}"),
    (True, False, True): N_("Sheet '{sheet}', column {column}: {message}"),
    (True, False, False): N_("Sheet '{sheet}': {message}"),
    (False, True, True): N_("Row {row}, column {column}: {message}"),
    (False, True, False): N_("Row {row}: {message}"),
    (False, False, True): N_("Column {column}: {message}"),
}


@dataclass(frozen=True, slots=True)
class TemplateProblem:
    """Something wrong in the file: where (sheet, row, column letter, indicator) and why.

    Any of the places may be None when the problem is about the whole file or sheet.
    """

    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    code: str | None = None

    @property
    def cell(self) -> str | None:
        """'F7' when both row and column are known."""
        return f"{self.column}{self.row}" if self.column and self.row else None

    def __str__(self) -> str:
        """The message with its place, in the user's language: one whole pattern for
        each combination of sheet, row and column."""
        key = (self.sheet is not None, self.row is not None, self.column is not None)
        if not any(key):
            return self.message
        return _(_PLACES[key]).format(
            sheet=self.sheet, row=self.row, column=self.column, message=self.message
        )


@dataclass(frozen=True, slots=True)
class TemplateAnswer:
    """One indicator's answer as found in the file (None: left empty) and its row."""

    code: str
    value: float | None
    row: int


@dataclass(frozen=True, slots=True)
class AboutValue:
    """A value of the About sheet (column B) and its row."""

    text: str
    row: int


@dataclass(frozen=True)
class FilledTemplate:
    """What a filled template says: answers (every indicator, catalogue order) *or*
    problems; when any problem exists the answers must not be stored."""

    source: str
    """The file's name, for messages."""
    problems: tuple[TemplateProblem, ...]
    about: Mapping[str, AboutValue] = field(default_factory=lambda: MappingProxyType({}))
    identifier: form.FormIdentifier | None = None
    answers: Mapping[str, TemplateAnswer] = field(default_factory=lambda: MappingProxyType({}))
    names: form.TemplateNames = form.ENGLISH_NAMES
    """The language the file is in (its sheet names, for messages about its cells)."""

    @property
    def ok(self) -> bool:
        return not self.problems

    def about_text(self, label: str) -> str:
        value = self.about.get(label)
        return value.text if value else ""


def read_survey_template(path: Path, catalogue: Catalogue) -> FilledTemplate:
    """Read the filled template at ``path`` against ``catalogue`` (never raises for a bad
    file: every reason comes back as a problem)."""
    path = Path(path)
    try:
        data = _read_file(path)
        return _read_package(path.name, data, catalogue)
    except TableReadError as error:
        return FilledTemplate(path.name, (TemplateProblem(error.message),))


# ------------------------------------------------------------------ the file


def _read_file(path: Path) -> bytes:
    if path.suffix.casefold() not in SUFFIXES:
        raise TableReadError(_(_NOT_XLSX).format(name=path.name))
    try:
        with open_regular(path) as handle:
            if file_size(handle) > MAX_TEMPLATE_BYTES:
                raise TableReadError(_too_large(path.name, file_size(handle)))
            data = read_at_most(handle, MAX_TEMPLATE_BYTES)
    except OSError as error:
        reason = error.strerror or str(error)
        raise TableReadError(_(_CANNOT_OPEN).format(name=path.name, reason=reason)) from error
    if len(data) > MAX_TEMPLATE_BYTES:  # it grew since its size was read
        raise TableReadError(_too_large(path.name, len(data)))
    if data.startswith(OLE2_MAGIC):
        raise TableReadError(ole2_message(io.BytesIO(data)))
    if not data.startswith(ZIP_MAGIC):
        if data and looks_like_text(data):
            raise TableReadError(_(_TEXT_NAMED_XLSX).format(name=path.name))
        raise TableReadError(_(CORRUPT_WORKBOOK))
    return data


def _too_large(name: str, size: int) -> str:
    megabytes = math.ceil(size * 10 / (1024 * 1024)) / 10
    return _(_TOO_LARGE).format(
        name=name,
        megabytes=format_decimal(megabytes),
        limit=MAX_TEMPLATE_BYTES // (1024 * 1024),
    )


def _read_package(name: str, data: bytes, catalogue: Catalogue) -> FilledTemplate:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_zip_sizes(archive)
            content = sum(info.file_size for info in archive.infolist())
            if content > MAX_CONTENT_BYTES:
                raise TableReadError(_too_large(name, content))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as error:
        raise TableReadError(_(CORRUPT_WORKBOOK)) from error
    try:
        from openpyxl import load_workbook  # heavy: imported only when a workbook is read

        with warnings.catch_warnings():
            # openpyxl warns that it drops data validation: irrelevant for reading values.
            warnings.simplefilter("ignore")
            workbook = load_workbook(
                io.BytesIO(data), read_only=True, data_only=False, keep_links=False
            )
    except Exception as error:  # openpyxl raises many kinds on damaged files
        raise TableReadError(_(CORRUPT_WORKBOOK)) from error
    try:
        return _read_sheets(name, workbook, catalogue)
    except (ParseError, KeyError, EOFError, zipfile.BadZipFile, ValueError) as error:
        raise TableReadError(_(CORRUPT_WORKBOOK)) from error
    finally:
        workbook.close()


# ------------------------------------------------------------------ the sheets


def _names(found: Sequence[str]) -> form.TemplateNames:
    """The language whose sheet names the workbook has most of (English when none)."""

    def present(names: form.TemplateNames) -> int:
        return sum(sheet in found for sheet in (names.about_sheet, names.answers_sheet))

    return max(form.TEMPLATE_NAMES, key=present)  # max keeps the first (English) on a tie


def _read_sheets(name: str, workbook: Any, catalogue: Catalogue) -> FilledTemplate:
    found = list(workbook.sheetnames)
    names = _names(found)
    missing = [sheet for sheet in (names.about_sheet, names.answers_sheet) if sheet not in found]
    if missing:
        listed = quoted_list(found) or pgettext("no sheets found", "none")
        return FilledTemplate(
            name,
            tuple(
                TemplateProblem(_(_MISSING_SHEET).format(sheet=sheet, found=listed))
                for sheet in missing
            ),
        )

    problems: list[TemplateProblem] = []
    about = _read_about(workbook[names.about_sheet], names, problems)
    identifier = _identifier(about, names, problems)
    version = about.get(form.CATALOGUE_VERSION)
    if version is not None and version.text != catalogue.version:
        problems.append(
            _about_problem(
                version,
                _(_OTHER_VERSION).format(found=version.text, expected=catalogue.version),
                names,
            )
        )
    if identifier is None or version is None or version.text != catalogue.version:
        # Not this catalogue's template (or none at all): its rows would only add noise.
        return FilledTemplate(
            name, tuple(problems), MappingProxyType(about), identifier, names=names
        )
    answers = _read_answers(workbook[names.answers_sheet], catalogue, names, problems)
    return FilledTemplate(
        name,
        tuple(problems),
        MappingProxyType(about),
        identifier,
        MappingProxyType(answers) if not problems else MappingProxyType({}),
        names,
    )


def _read_about(
    sheet: Any, names: form.TemplateNames, problems: list[TemplateProblem]
) -> dict[str, AboutValue]:
    """Label (column A) -> value (column B) of the About sheet's first rows, keyed by the
    label's English name (``form.ORGANIZATION`` ...) whatever the file's language."""
    about: dict[str, AboutValue] = {}
    refused: set[str] = set()
    keys = {names.about_label(english): english for english in form.ABOUT_REQUIRED}
    for row in cell_rows(sheet, ABOUT_ROWS, 2):
        label_cell, value_cell = [*row, None, None][:2]
        label = cell_value(label_cell)
        if not isinstance(label, str) or label.strip() not in keys:
            continue
        number = row_number(label_cell)
        key = keys[label.strip()]
        if is_formula(value_cell):
            refused.add(key)
            problems.append(
                TemplateProblem(
                    _("{label} is a formula; use the template as escadesk made it.").format(
                        label=quote(label.strip())
                    ),
                    names.about_sheet,
                    number,
                    "B",
                )
            )
            continue
        value = cell_value(value_cell)
        text = quoted(str(value), ABOUT_CHARS) if value is not None else ""
        about.setdefault(key, AboutValue(text, number))
    missing = [
        names.about_label(key)
        for key in form.ABOUT_REQUIRED
        if key not in about and key not in refused
    ]
    if missing:
        why = ngettext(
            "the About sheet has no {labels} row",
            "the About sheet has no {labels} rows",
            len(missing),
        ).format(labels=quoted_list(missing))
        problems.append(
            TemplateProblem(_(_NOT_A_TEMPLATE).format(why=why), names.about_sheet, column="A")
        )
    for key, value in about.items():
        if not value.text:
            label = names.about_label(key)
            problems.append(_about_problem(value, _(_EMPTY_ABOUT).format(label=label), names))
    return about


def _identifier(
    about: Mapping[str, AboutValue], names: form.TemplateNames, problems: list[TemplateProblem]
) -> form.FormIdentifier | None:
    cell = about.get(form.FORM_IDENTIFIER)
    if cell is None or not cell.text:
        return None
    identifier = form.parse_form_identifier(cell.text)
    if identifier is None:
        message = _(_BAD_IDENTIFIER).format(text=quoted(cell.text))
        problems.append(_about_problem(cell, message, names))
        return None
    organization = about.get(form.ORGANIZATION)
    version = about.get(form.CATALOGUE_VERSION)
    if organization and version and not identifier.matches(version.text, organization.text):
        message = _(_EDITED).format(
            organization=quoted(organization.text, 60), version=quoted(version.text)
        )
        problems.append(_about_problem(cell, message, names))
    return identifier


def _about_problem(value: AboutValue, message: str, names: form.TemplateNames) -> TemplateProblem:
    return TemplateProblem(message, names.about_sheet, value.row, "B")


def _read_answers(
    sheet: Any, catalogue: Catalogue, names: form.TemplateNames, problems: list[TemplateProblem]
) -> dict[str, TemplateAnswer]:
    width = len(form.ANSWER_HEADERS)
    last_row = form.HEADER_ROW + len(catalogue) + EXTRA_ROWS
    code_index, answer_index = form.CODE_COLUMN - 1, form.ANSWER_COLUMN - 1
    answer_letter = column_letter(form.ANSWER_COLUMN)
    found: dict[str, TemplateAnswer] = {}
    header_read = False
    for number, row in enumerate(cell_rows(sheet, last_row, width), start=1):
        cells = row + [None] * (width - len(row))
        if number < form.HEADER_ROW:
            continue
        if number == form.HEADER_ROW:
            header_read = True
            if not _header_ok(cells, names, problems):
                return {}
            continue
        code_cell, answer_cell = cells[code_index], cells[answer_index]
        code = cell_value(code_cell)
        code_text = " ".join(str(code).split()) if code is not None else ""
        if not code_text:
            if not is_blank(answer_cell):
                message = _(_NO_CODE).format(column=f"{answer_letter}{number}")
                problems.append(
                    TemplateProblem(
                        message, names.answers_sheet, number, column_letter(form.CODE_COLUMN)
                    )
                )
            continue
        indicator = None if is_formula(code_cell) else catalogue.find(code_text)
        if indicator is None:
            message = _(_UNKNOWN_CODE).format(
                code=quoted(code_text, _CODE_CHARS), version=catalogue.version
            )
            problems.append(
                TemplateProblem(
                    message, names.answers_sheet, number, column_letter(form.CODE_COLUMN)
                )
            )
            continue
        if indicator.code in found:
            first = found[indicator.code].row
            problems.append(
                TemplateProblem(
                    _(_TWICE).format(code=indicator.code, first=first, second=number),
                    names.answers_sheet,
                    number,
                    column_letter(form.CODE_COLUMN),
                    indicator.code,
                )
            )
            continue
        try:
            value = answer_value(indicator, answer_cell)
        except ValueError as error:
            problems.append(
                TemplateProblem(
                    str(error), names.answers_sheet, number, answer_letter, indicator.code
                )
            )
            value = None
        found[indicator.code] = TemplateAnswer(indicator.code, value, number)
    if not header_read and not _header_ok([None] * width, names, problems):  # emptied
        return {}
    for indicator in catalogue.indicators:
        if indicator.code not in found:
            problems.append(
                TemplateProblem(
                    _(_MISSING_ROW).format(title=indicator.title),
                    names.answers_sheet,
                    column=column_letter(form.CODE_COLUMN),
                    code=indicator.code,
                )
            )
    return {code: found[code] for code in catalogue.codes if code in found}


def _header_ok(
    cells: Sequence[Any], names: form.TemplateNames, problems: list[TemplateProblem]
) -> bool:
    before = len(problems)
    for index, expected in enumerate(names.answer_headers):
        value = cell_value(cells[index])
        text = " ".join(str(value).split()) if value is not None else ""
        if text != expected:
            found = quote(quoted(text)) if text else pgettext("an empty header", "empty")
            problems.append(
                TemplateProblem(
                    _(_HEADER).format(expected=expected, found=found),
                    names.answers_sheet,
                    form.HEADER_ROW,
                    column_letter(index + 1),
                )
            )
    return len(problems) == before
