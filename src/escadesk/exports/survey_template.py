"""The benchmarking survey template: one workbook per organization, filled in and sent back.

Two sheets. **About** names the organization, the workshop, the catalogue version and the
form identifier that the import checks. **Answers** has one row per indicator of the
catalogue (area, code, question, unit, valid answers, answer, help), the stored answer
pre-filled; the answer cells are the only unlocked cells, each with Excel data
validation (a list for yes/no and 1-5 levels, whole or decimal bounds for numbers).

Protection: both sheets are protected and the workbook's structure is locked, *without a
password*. The protection only keeps a slip (typing over a question, deleting a row,
renaming a sheet) from breaking the file; it is no security (Excel's sheet password is a
weak hash any tool removes), and the import checks every cell again whatever the file
says. A password would only stand in the way of an organization that wants to widen a
column or print differently, and would have to be published anyway. Users may still
resize rows and columns.

Layout and names come from :mod:`escadesk.domain.benchmarking.survey_template`, which the
importer reads too. The workbook is written write-only and saved atomically (no half file).

Language: the template goes to one organization, so it speaks *its* language
(``SurveyTemplateContext.locale``, from ``organization.language``), whatever the window's:
sheet names, headers and About labels from the contract's names for that language (which
the import reads back), everything else through a :class:`Translator` of that locale, and
the catalogue's own texts (questions, units, help) in that language where it has them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties

from escadesk.domain.benchmarking import Catalogue, Indicator, Unit, format_number, format_value
from escadesk.domain.benchmarking import survey_template as form
from escadesk.domain.benchmarking.values import answer_choices, expected_answer
from escadesk.domain.moments import long_date
from escadesk.exports import report_layout as lay
from escadesk.exports.data import zone_label
from escadesk.exports.progress import Monitor
from escadesk.exports.styles import HEADER_FILL, StyleBook
from escadesk.exports.workbook_files import DocumentInfo, write_workbook
from escadesk.i18n import N_, Translator

TITLE = N_("Benchmarking survey")
"""The template's title (translated into the organization's language where shown)."""
ANSWER_WIDTHS = (13.0, 8.0, 34.0, 22.0, 20.0, 13.0, 53.0)
#: Indicators per landscape page of the Answers sheet: the sheet is fitted to as many
#: pages as that makes (36 indicators: two), so the print does not depend on how a font
#: wraps the help texts (with Calibri's metrics the last 3 rows spilt onto a third page).
ANSWER_ROWS_PER_PAGE = 18
"""Columns of the Answers sheet (see ``form.ANSWER_HEADERS``)."""
ABOUT_WIDTHS = (22.0, 86.0)
ANSWER_FILL = "FFF2CC"  # pale yellow: "type here", and still legible printed in grey
HELP_TEXT = "595959"
RULE = "D9D9D9"
HELP_FONT_SIZE = 10
_PROMPT_TITLE_CHARS = 32
"""Excel refuses a data-validation title longer than this (and a message over 255)."""
_MESSAGE_CHARS = 255


@dataclass(frozen=True)
class SurveyTemplateContext:
    """Everything one organization's template shows (plain data)."""

    organization: str
    workshop_title: str
    workshop_date: date
    catalogue: Catalogue
    identifier: form.FormIdentifier
    answers: Mapping[str, float]
    """The stored answers ({code: value}), pre-filled; an absent code stays empty."""
    generated_at: datetime
    """Aware, in the workshop's time zone."""
    timezone: str
    prepared_by: str
    """The institute's name: who sends the template and gets it back."""
    confidentiality: str
    locale: str = "en_CA"
    """The organization's language (``organization.language`` as a locale): the
    template's."""


def write_survey_template(context: SurveyTemplateContext, target: Path) -> Path:
    """Write the template to ``target`` (.xlsx), atomically; returns ``target``."""
    language = Translator(context.locale)
    names = form.template_names(language.locale)
    info = DocumentInfo(
        title=language.gettext("{workshop} — benchmarking survey — {organization}").format(
            workshop=context.workshop_title, organization=context.organization
        ),
        subject=language.gettext(
            "Cluster management benchmarking survey (confidential once filled in)"
        ),
        created=context.generated_at,
        author=context.prepared_by,
    )
    shown = _Shown(language, names, context.catalogue.localized(language.locale))

    def build(workbook: Workbook) -> None:
        workbook.properties.identifier = context.identifier.text
        workbook.properties.keywords = f"benchmarking survey; {context.catalogue.version}"
        styles = _Styles(workbook)
        _write_about(workbook.create_sheet(names.about_sheet), context, styles, shown)
        _write_answers(workbook.create_sheet(names.answers_sheet), context, styles, shown)
        workbook.active = 1  # open on the answers
        workbook.security = WorkbookProtection(lockStructure=True)

    return write_workbook(target, info, build, Monitor())


@dataclass(frozen=True)
class _Shown:
    """What the template is written in: the organization's language, the template's
    names in it, and the catalogue with its texts in it."""

    language: Translator
    names: form.TemplateNames
    catalogue: Catalogue

    def __call__(self, message: str) -> str:
        return self.language.gettext(message)


# ------------------------------------------------------------------ About


def _about_rows(context: SurveyTemplateContext, shown: _Shown) -> list[tuple[str, str]]:
    """The About sheet's label and value rows, top to bottom."""
    made = context.generated_at
    catalogue = shown.catalogue
    language, label = shown.language, shown.names.about_label
    locale = language.locale
    # Translators: the About sheet's "Made on" value: a date, a time (HH:MM) and its zone.
    made_text = language.gettext("{date}, {time} {zone}").format(
        date=long_date(made.date(), locale),
        time=f"{made:%H:%M}",
        zone=zone_label(context.timezone, language),
    )
    return [
        (label(form.ORGANIZATION), context.organization),
        (label(form.WORKSHOP), context.workshop_title),
        (label(form.WORKSHOP_DATE), long_date(context.workshop_date, locale)),
        (
            label(form.CATALOGUE),
            language.ngettext(
                "{title} ({count} indicator)", "{title} ({count} indicators)", len(catalogue)
            ).format(title=catalogue.title, count=len(catalogue)),
        ),
        (label(form.CATALOGUE_VERSION), catalogue.version),
        (label(form.FORM_IDENTIFIER), context.identifier.text),
        (label(form.MADE_ON), made_text),
        (label(form.PREPARED_BY), context.prepared_by),
        (shown(N_("How to fill it in")), _instructions(context, shown)),
        (
            shown(N_("Protection")),
            shown(
                N_(
                    "The sheets are protected without a password, only so that nothing but "
                    "the answers changes by mistake. Please do not unprotect them, rename the "
                    "sheets, or add or delete rows: the file is checked cell by cell when it "
                    "comes back."
                )
            ),
        ),
        (shown(N_("Confidentiality")), context.confidentiality),
    ]


def _write_about(
    sheet: WriteOnlyWorksheet, context: SurveyTemplateContext, styles: _Styles, shown: _Shown
) -> None:
    _page_setup(sheet, ABOUT_WIDTHS, context.organization, shown, landscape=False)
    _protect(sheet)
    sheet.row_dimensions[1].height = 26
    sheet.append([lay.text(sheet, shown(TITLE), styles.book.title())])
    sheet.append([])
    row = form.ABOUT_FIRST_ROW
    for label, value in _about_rows(context, shown):
        lines = max(lay.line_count(value, ABOUT_WIDTHS[1]), lay.line_count(label, ABOUT_WIDTHS[0]))
        if lines > 1:
            sheet.row_dimensions[row].height = lay.row_height(lines)
        sheet.append(
            [lay.text(sheet, label, styles.book.label()), lay.text(sheet, value, styles.value)]
        )
        row += 1


def _instructions(context: SurveyTemplateContext, shown: _Shown) -> str:
    names = shown.names
    return shown(
        N_(
            "Type each answer in the yellow {answer} column of the '{sheet}' sheet: only "
            "those cells can be changed. Where a cell offers a list, choose from it. Give "
            "plain numbers, without units and without formulas; leave a cell empty when the "
            "answer is not known. Save the file as it is (.xlsx) and send it back to the "
            "workshop's organizers ({organizers})."
        )
    ).format(
        answer=names.answer_headers[form.ANSWER_COLUMN - 1],
        sheet=names.answers_sheet,
        organizers=context.prepared_by,
    )


# ------------------------------------------------------------------ Answers


def _write_answers(
    sheet: WriteOnlyWorksheet, context: SurveyTemplateContext, styles: _Styles, shown: _Shown
) -> None:
    widths = ANSWER_WIDTHS
    last = get_column_letter(len(widths))
    tall = math.ceil(len(context.catalogue.indicators) / ANSWER_ROWS_PER_PAGE)
    _page_setup(sheet, widths, context.organization, shown, landscape=True, pages_tall=tall)
    sheet.freeze_panes = f"A{form.FIRST_INDICATOR_ROW}"
    sheet.print_title_rows = f"{form.HEADER_ROW}:{form.HEADER_ROW}"
    _protect(sheet)

    sheet.row_dimensions[1].height = 26
    title = shown(N_("{title}: {organization}")).format(
        title=shown(TITLE), organization=context.organization
    )
    sheet.append([lay.text(sheet, title, styles.book.title())])
    lay.wide_row(sheet, 2, _instructions(context, shown), styles.value, widths)
    sheet.append([])
    headers = shown.names.answer_headers
    sheet.row_dimensions[form.HEADER_ROW].height = lay.header_height(headers, widths)
    header = styles.book.header()
    sheet.append([lay.text(sheet, name, header) for name in headers])

    rules = _Validations(sheet, shown)
    catalogue = shown.catalogue
    for row, indicator in enumerate(catalogue.indicators, start=form.FIRST_INDICATOR_ROW):
        area = catalogue.area(indicator.area).short_name
        texts = (
            area,
            indicator.code,
            indicator.label,
            indicator.unit_label,
            _valid(indicator, shown),
        )
        lines = max(
            *(lay.line_count(text, width) for text, width in zip(texts, widths, strict=False)),
            lay.line_count(indicator.help, widths[-1] * 11 / HELP_FONT_SIZE),
        )
        sheet.row_dimensions[row].height = lay.row_height(lines)
        value = context.answers.get(indicator.code)
        sheet.append(
            [
                *(
                    lay.text(
                        sheet, text, styles.code if column == form.CODE_COLUMN else styles.cell
                    )
                    for column, text in enumerate(texts, start=1)
                ),
                _answer_cell(sheet, indicator, value, styles.answer, shown),
                lay.text(sheet, indicator.help, styles.help),
            ]
        )
        rules.add(indicator, f"{get_column_letter(form.ANSWER_COLUMN)}{row}")
    rules.attach()
    sheet.print_area = f"A1:{last}{form.HEADER_ROW + len(catalogue)}"


def _valid(indicator: Indicator, shown: _Shown) -> str:
    """The Valid answers column: what the import accepts, and the list where there is one."""
    text = expected_answer(indicator, shown.language)
    if not answer_choices(indicator):
        return text
    return shown(N_("{expected}; choose from the list")).format(expected=text)


def _choices(indicator: Indicator, shown: _Shown) -> tuple[str, ...]:
    """The answers to choose from, in the template's language ("oui", "non"): the import
    reads both languages' words (see ``domain.benchmarking.values``)."""
    return tuple(_word(choice, shown) for choice in answer_choices(indicator))


def _word(answer: str, shown: _Shown) -> str:
    """A yes/no answer's word in the template's language; a number as it is."""
    return shown(N_("yes")) if answer == "yes" else shown(N_("no")) if answer == "no" else answer


def _answer_cell(
    sheet: WriteOnlyWorksheet,
    indicator: Indicator,
    value: float | None,
    style: str,
    shown: _Shown,
) -> Cell:
    if value is None:
        return lay.blank(sheet, style)
    if indicator.unit is Unit.YES_NO:
        return lay.text(sheet, _word(format_value(indicator, value), shown), style)
    return lay.number(sheet, int(value) if float(value).is_integer() else float(value), style)


class _Validations:
    """Excel data validation of the answer cells: one rule per distinct check, applied to
    every cell it fits (so 36 rows make a dozen rules, not 36)."""

    def __init__(self, sheet: WriteOnlyWorksheet, shown: _Shown) -> None:
        self._sheet = sheet
        self._shown = shown
        self._rules: dict[tuple[str, str, str | None, str], DataValidation] = {}

    def add(self, indicator: Indicator, cell: str) -> None:
        shown = self._shown
        kind, first, second = _rule(indicator, shown)
        message = _clip(
            shown(N_("Type {expected}, or leave the cell empty.")).format(
                expected=expected_answer(indicator, shown.language)
            )
        )
        key = (kind, first, second, message)
        rule = self._rules.get(key)
        if rule is None:
            rule = DataValidation(
                type=kind,
                operator=None if kind == "list" else "between",
                formula1=first,
                formula2=second,
                allow_blank=True,
                showErrorMessage=True,
                errorStyle="stop",
                errorTitle=_clip(shown(N_("Not a valid answer")), _PROMPT_TITLE_CHARS),
                error=message,
                showInputMessage=True,
                promptTitle=_clip(
                    shown.names.answer_headers[form.ANSWER_COLUMN - 1], _PROMPT_TITLE_CHARS
                ),
                prompt=message,
            )
            self._rules[key] = rule
        rule.add(cell)

    def attach(self) -> None:
        for rule in self._rules.values():
            self._sheet.data_validations.append(rule)


def _rule(indicator: Indicator, shown: _Shown) -> tuple[str, str, str | None]:
    """(type, formula1, formula2) of an indicator's data validation."""
    choices = _choices(indicator, shown)
    if choices:
        return "list", '"' + ",".join(choices) + '"', None
    kind = "whole" if indicator.unit.whole else "decimal"
    return kind, format_number(indicator.minimum), format_number(indicator.maximum)


def _clip(text: str, limit: int = _MESSAGE_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ------------------------------------------------------------------ page and protection


def _page_setup(
    sheet: WriteOnlyWorksheet,
    widths: tuple[float, ...],
    organization: str,
    shown: _Shown,
    *,
    landscape: bool,
    pages_tall: int = 0,
) -> None:
    """Column widths, fitted to the page width (and to ``pages_tall`` pages, 0: as many
    as it takes), organization and page in the margins (before the first row: a
    write-only sheet writes its columns with it)."""
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    setup = sheet.page_setup
    setup.orientation = "landscape" if landscape else "portrait"
    setup.fitToWidth = 1
    setup.fitToHeight = pages_tall
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    margins = sheet.page_margins
    margins.left = margins.right = 0.5
    margins.top = margins.bottom = 0.75
    margins.header = margins.footer = 0.3
    name = organization
    if len(name) > lay.HEADER_NAME_CHARS:
        name = name[: lay.HEADER_NAME_CHARS - 1] + "…"
    sheet.oddHeader.left.text = lay.header_text(name)
    sheet.oddHeader.right.text = lay.header_text(shown(TITLE))
    sheet.oddFooter.left.text = "&A"
    # Translators: a printed page's footer; &P is the page number and &N the page count
    # (Excel's codes: keep them as they are).
    sheet.oddFooter.center.text = shown(N_("Page &P of &N"))
    sheet.oddFooter.right.text = lay.header_text(shown(N_("Confidential once filled in")))


def _protect(sheet: WriteOnlyWorksheet) -> None:
    """Protected without a password (see the module doc); rows and columns may still be
    resized, nothing else but the unlocked answer cells changed."""
    protection = sheet.protection
    protection.sheet = True
    protection.formatColumns = False
    protection.formatRows = False


class _Styles:
    """The template's named styles (the exports' title, header and label, and its own)."""

    def __init__(self, workbook: Workbook) -> None:
        self.book = StyleBook(workbook)
        rule = Border(bottom=Side(style="thin", color=RULE))
        top = Alignment(vertical="top", wrap_text=True)
        self.value = self._add(workbook, "value", alignment=top)
        self.cell = self._add(workbook, "cell", alignment=top, border=rule)
        self.code = self._add(workbook, "code", alignment=top, border=rule, bold=True)
        self.help = self._add(
            workbook,
            "help",
            alignment=Alignment(vertical="top", wrap_text=True, indent=1),  # off the answer
            border=rule,
            size=HELP_FONT_SIZE,
            color=HELP_TEXT,
        )
        box = Side(style="thin", color=HEADER_FILL)
        self.answer = self._add(
            workbook,
            "answer",
            alignment=Alignment(horizontal="center", vertical="top"),
            border=Border(left=box, right=box, top=box, bottom=box),
            bold=True,
            fill=PatternFill("solid", fgColor=ANSWER_FILL),
            locked=False,
        )

    @staticmethod
    def _add(
        workbook: Workbook,
        name: str,
        *,
        alignment: Alignment,
        border: Border | None = None,
        bold: bool = False,
        size: float = 11,
        color: str | None = None,
        fill: PatternFill | None = None,
        locked: bool = True,
    ) -> str:
        style = NamedStyle(name=f"escadesk survey {name}")
        style.font = Font(name="Calibri", size=size, bold=bold, color=color)
        style.alignment = alignment
        if border is not None:
            style.border = border
        if fill is not None:
            style.fill = fill
        style.protection = Protection(locked=locked)
        workbook.add_named_style(style)
        return style.name
