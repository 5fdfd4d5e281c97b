"""Page and cell helpers shared by the report's sheets (write-only worksheets).

Every sheet of a report is printed the same way: landscape, fitted to the page width,
with the organization in the header and, when the peers are synthetic, "SYNTHETIC
REFERENCE DATA" in the header *and* the footer of every page, so that no printed page
can pass for a comparison with real clusters.

Header and footer texts are Excel codes in which "&" starts a command: an organization
called "Games & Media" must be written "Games && Media", or its header breaks.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.properties import PageSetupProperties

from escadesk.domain.benchmarking import format_number
from escadesk.exports.cells import quote_prefixed, safe_text
from escadesk.exports.report_language import english
from escadesk.exports.report_styles import ReportStyles
from escadesk.i18n import N_, Translator

SYNTHETIC_MARK = N_("Synthetic reference data")
SYNTHETIC_HEADER = N_("SYNTHETIC REFERENCE DATA — NOT REAL CLUSTERS")
SYNTHETIC_BANNER = N_(
    "Synthetic reference data — not real clusters. The peers in this report are generated "
    "organizations with realistic distributions, for demonstration only: the figures say "
    "nothing about real clusters."
)
REPORT_NAME = N_("Benchmarking report")
MISSING = "–"
HEADER_NAME_CHARS = 60
LINE_POINTS = 15.0
POINTS_PER_CM = 28.35
DEFAULT_ROW_CM = LINE_POINTS / POINTS_PER_CM


@dataclass(frozen=True)
class PageMarks:
    """What every printed page of one report says about itself."""

    organization: str
    synthetic: bool
    language: Translator = field(default_factory=english)
    """The report's language (the organization's)."""


def prepare_sheet(
    sheet: WriteOnlyWorksheet,
    marks: PageMarks,
    widths: Sequence[float],
    *,
    fit_height: int = 0,
) -> None:
    """Column widths, page setup and header/footer (before the first row is written:
    a write-only sheet writes its columns with the first row)."""
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.fitToWidth = 1
    setup.fitToHeight = fit_height
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    margins = sheet.page_margins
    margins.left = margins.right = 0.5
    margins.top = margins.bottom = 0.75
    margins.header = margins.footer = 0.3
    sheet.print_options.horizontalCentered = True
    sheet.sheet_view.showGridLines = False
    _mark(sheet, marks)


def _mark(sheet: WriteOnlyWorksheet, marks: PageMarks) -> None:
    header, footer = sheet.oddHeader, sheet.oddFooter
    name = marks.organization
    if len(name) > HEADER_NAME_CHARS:
        name = name[: HEADER_NAME_CHARS - 1] + "…"
    header.left.text = header_text(name)
    words = marks.language
    header.right.text = words.gettext(REPORT_NAME)
    footer.left.text = "&A"
    # Translators: a workbook's page footer: &P is the page, &N the number of pages.
    footer.center.text = words.gettext("Page &P of &N")
    confidential = words.gettext("Confidential")
    footer.right.text = confidential
    if marks.synthetic:
        header.center.text = words.gettext(SYNTHETIC_HEADER)
        header.center.font = "Calibri,Bold"
        header.center.color = "9C0006"
        footer.right.text = f"{words.gettext(SYNTHETIC_MARK)} · {confidential}"


def header_text(text: str) -> str:
    """``text`` as a literal in a header or footer ("&" doubled)."""
    return safe_text(text).replace("&", "&&")


# ------------------------------------------------------------------ cells


def text(sheet: WriteOnlyWorksheet, value: str, style: str) -> Cell:
    """A text cell that can never become a formula (see exports.cells)."""
    safe = safe_text(value)
    cell = WriteOnlyCell(sheet, value=safe)
    cell.data_type = "s"
    cell.style = style
    if quote_prefixed(safe):
        cell.quotePrefix = True
    return cell


def number(sheet: WriteOnlyWorksheet, value: object, style: str) -> Cell:
    """A number cell; a float is written as its shortest exact decimal text.

    openpyxl writes numbers with ``"%.16g"``, which prints the binary error of many
    plain decimals: 0.5963 becomes 0.5963000000000001, 16 digits in a row that a
    card-number scan may take for a card (and that no reader needs). The cell keeps its
    number type; only the text in the file is the short one ("0.5963"), which every
    spreadsheet reads back as the same double.
    """
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, float) and math.isfinite(value):
        cell._value = format_number(value)  # openpyxl writes a str value as it is
    cell.style = style
    return cell


def figure_or_missing(
    sheet: WriteOnlyWorksheet, value: float | int | None, style: str, styles: ReportStyles
) -> Cell:
    """A number, or a grey "–" when there is none (never a 0 or an empty cell that a
    reader could take for one)."""
    if value is None:
        return text(sheet, MISSING, styles.missing())
    return number(sheet, value, style)


def blank(sheet: WriteOnlyWorksheet, style: str) -> Cell:
    """An empty but styled cell (fills a banner or a group header across columns)."""
    cell = WriteOnlyCell(sheet, value=None)
    cell.style = style
    return cell


def wide_row(
    sheet: WriteOnlyWorksheet,
    row: int,
    value: str,
    style: str,
    widths: Sequence[float],
) -> None:
    """One text spread over all columns (merged), tall enough for its wrapped lines."""
    total = sum(widths)
    sheet.row_dimensions[row].height = row_height(line_count(value, total) + 0.4)
    last = get_column_letter(len(widths))
    if len(widths) > 1:
        sheet.merged_cells.add(f"A{row}:{last}{row}")
    sheet.append([text(sheet, value, style), *(blank(sheet, style) for _ in widths[1:])])


def banner(
    sheet: WriteOnlyWorksheet,
    row: int,
    marks: PageMarks,
    styles: ReportStyles,
    widths: Sequence[float],
) -> int:
    """The synthetic-data banner at ``row`` when the set is synthetic; the next row."""
    if not marks.synthetic:
        return row
    wide_row(sheet, row, marks.language.gettext(SYNTHETIC_BANNER), styles.banner(), widths)
    return row + 1


def below_banner(marks: PageMarks) -> int:
    """The first row under a sheet's title (row 1) and its banner (row 2, if any).

    Sheets that freeze panes need it in advance: a write-only sheet writes its view
    (and so its frozen panes) with its first row.
    """
    return 3 if marks.synthetic else 2


def skip_to(sheet: WriteOnlyWorksheet, current: int, wanted: int) -> int:
    """Append empty rows until the next row written is ``wanted``."""
    while current < wanted:
        sheet.row_dimensions[current].height = LINE_POINTS  # the height rows_for counts on
        sheet.append([])
        current += 1
    return current


def rows_for(height_cm: float) -> int:
    """Rows of default height that a chart ``height_cm`` tall covers (plus one)."""
    return math.ceil(height_cm / DEFAULT_ROW_CM) + 1


def line_count(value: object, width: float) -> int:
    """Lines ``value`` wraps to in ``width`` (Excel character units); errs long."""
    if not isinstance(value, str) or not value:
        return 1
    chars = max(1, int(width * 1.1) - 1)
    return sum(
        max(1, len(textwrap.wrap(part, chars, break_long_words=True)))
        for part in value.splitlines() or [""]
    )


def header_height(headers: Sequence[str], widths: Sequence[float]) -> float:
    """A header row tall enough for its most wrapped heading (bold: a little wider)."""
    return row_height(
        max(line_count(h, w * 0.9 - 1) for h, w in zip(headers, widths, strict=False))
    )


def columns_cm(widths: Sequence[float]) -> float:
    """How wide columns of these widths are on screen and paper (7 px a character,
    5 px padding, 96 px an inch): charts are sized to the columns they sit over."""
    pixels = sum(7 * width + 5 for width in widths)
    return round(pixels * 2.54 / 96, 2)


def row_height(lines: float) -> float:
    return round(LINE_POINTS * lines + 2, 1)
