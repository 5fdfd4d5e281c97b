"""Sheets as a finance officer or a host expects them: a table, or a short form.

A table has a styled header row that is frozen, filtered and repeated on every printed
page, columns as wide as their content (long text wraps within a cap), real numbers and
dates with formats, and a landscape page setup fitted to the page width. A table too wide
for that (fitted, it would print at half size) is printed in parts instead: a column
marked ``new_printed_page`` starts another page, the first column (the organization) is
repeated on each, and one scale makes the widest part fit a Letter page (A4 is wider).

Dates and times are written as full date-times (a time of day on the event's day):
a bare time is a fraction whose 16 printed digits a card-number leak scan could mistake
for a card number, while a date-time's serial has at most 12 digits after its point.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties

from escadesk.exports.cells import quote_prefixed, safe_text
from escadesk.exports.progress import Span
from escadesk.exports.styles import Kind, StyleBook
from escadesk.exports.text_width import (
    column_width,
    row_height,
    text_units,
    widest_line,
    wrapped_lines,
)
from escadesk.i18n import _, ngettext, pgettext

TEXT_KINDS = frozenset({Kind.TEXT, Kind.WRAP})
#: Typical printed width (in Excel's character units) of a value of each fixed kind.
_FIXED_WIDTHS = {
    Kind.DATE: 11,
    Kind.LONG_DATE: 27,
    Kind.DATETIME: 16,
    Kind.TIME: 9,
    Kind.RATE: 8,
    Kind.PERCENT: 7,
}
MIN_WIDTH = 6
#: Money columns are wide enough for this amount at least.
MONEY_AT_LEAST = Decimal("12345.00")
MAX_ROW_INDEX = 1_048_575
#: Printable width of a landscape Letter page with half-inch margins, in pixels at 96 dpi
#: (A4 landscape is wider, so what fits Letter fits A4).
PRINTABLE_PIXELS = 10 * 96
ROWS_PER_REPORT = 250


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind = Kind.TEXT
    #: The widest the column gets (characters); longer text wraps.
    cap: int = 40
    #: Printing, this column starts another page (after the repeated first column).
    new_printed_page: bool = False


@dataclass(frozen=True)
class FormRow:
    """One line of a form sheet (cover, summary): label, value and an optional note."""

    label: str
    value: object = None
    kind: Kind = Kind.TEXT
    note: str = ""


def write_table(
    workbook: Workbook,
    styles: StyleBook,
    title: str,
    columns: Sequence[Column],
    rows: Sequence[Sequence[object]],
    span: Span,
) -> WriteOnlyWorksheet:
    """One table sheet; ``rows`` hold plain values in column order (None = empty)."""
    sheet = workbook.create_sheet(title)
    kinds = [column.kind for column in columns]
    contents = _contents(columns, rows)
    widths = _widths(columns, contents)
    for index, (column, width) in enumerate(zip(columns, widths, strict=True), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        if column.kind is Kind.TEXT and column_width(contents[index - 1]) > width:
            kinds[index - 1] = Kind.WRAP
    header_lines = max(
        wrapped_lines(c.header, w, bold=True) for c, w in zip(columns, widths, strict=True)
    )
    sheet.row_dimensions[1].height = row_height(header_lines) + 4
    last = get_column_letter(len(columns))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{last}{max(2, len(rows) + 1)}"
    sheet.print_title_rows = "1:1"
    _print_setup(sheet, landscape=True, scale=_split_for_print(sheet, columns, widths))

    header = styles.array(styles.header())
    sheet.append([_plain(sheet, safe_text(c.header), header) for c in columns])
    converters = [_converter(sheet, kind, styles.array(styles.cell(kind))) for kind in kinds]
    wrapped = [(i, widths[i]) for i, kind in enumerate(kinds) if kind is Kind.WRAP]
    width = len(columns)
    total = len(rows)
    for number, row in enumerate(rows):
        if number % ROWS_PER_REPORT == 0:
            span.report(
                number,
                total,
                _("{title}: row {number} of {total}").format(
                    title=title, number=number + 1, total=total
                ),
            )
        if len(row) != width:
            raise ValueError(f"{title}: row {number + 1} has {len(row)} values, not {width}.")
        lines = max((wrapped_lines(row[i], w) for i, w in wrapped), default=1)
        if lines > 1:
            sheet.row_dimensions[number + 2].height = row_height(lines)
        sheet.append([convert(value) for convert, value in zip(converters, row, strict=True)])
    span.report(
        total,
        total,
        ngettext("{title}: {count} row written", "{title}: {count} rows written", total).format(
            title=title, count=total
        ),
    )
    return sheet


def write_form(
    workbook: Workbook,
    styles: StyleBook,
    title: str,
    heading: str,
    rows: Sequence[FormRow],
    widths: tuple[int, int, int] = (30, 60, 50),
) -> WriteOnlyWorksheet:
    """A sheet of labelled values under a large heading (no filter: it is not a table)."""
    sheet = workbook.create_sheet(title)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    _print_setup(sheet, landscape=True)
    sheet.row_dimensions[1].height = 24
    sheet.append([_plain(sheet, safe_text(heading), styles.array(styles.title()))])
    sheet.append([])
    label = styles.array(styles.label())
    note = styles.array(styles.cell(Kind.WRAP))
    for number, row in enumerate(rows, start=3):
        value_kind = Kind.WRAP if row.kind is Kind.TEXT else row.kind
        array = styles.array(styles.cell(value_kind, left=True))
        lines = max(
            wrapped_lines(row.label, widths[0], bold=True),
            wrapped_lines(row.value, widths[1]) if value_kind is Kind.WRAP else 1,
            wrapped_lines(row.note, widths[2]),
        )
        if lines > 1:
            sheet.row_dimensions[number].height = row_height(lines)
        sheet.append(
            [
                _plain(sheet, safe_text(row.label), label),
                _converter(sheet, value_kind, array)(row.value),
                _converter(sheet, Kind.WRAP, note)(row.note or None),
            ]
        )
    return sheet


def _split_for_print(
    sheet: WriteOnlyWorksheet, columns: Sequence[Column], widths: Sequence[float]
) -> int | None:
    """Page breaks before the columns marked ``new_printed_page``, the first column
    repeated on every page; returns the print scale (%) that fits the widest part, or
    None when the table is not split (it is then fitted to the page width)."""
    starts = [i for i, column in enumerate(columns) if column.new_printed_page and i > 0]
    if not starts:
        return None
    parts = zip([1, *starts], [*starts, len(columns)], strict=True)
    widest = max(
        column_pixels(widths[0]) + sum(column_pixels(w) for w in widths[start:end])
        for start, end in parts
    )
    for start in starts:
        # A break's id is the zero-based index of the column it is left of.
        sheet.col_breaks.append(Break(id=start, max=MAX_ROW_INDEX, man=True))
    sheet.print_title_cols = "A:A"
    return max(10, min(100, int(PRINTABLE_PIXELS * 100 / widest)))


def pages_wide(widths: Sequence[float], starts: Sequence[int], scale: int | None) -> int:
    """How many pages wide a table prints (Excel's arithmetic, which LibreOffice shares):
    one per part between breaks (``starts``: zero-based columns that start a part, the
    first column repeated on each), more if a part is wider than the page at ``scale`` %.
    A table fitted to the page width (``scale`` None) prints one page wide."""
    if scale is None:
        return 1
    bounds = zip([1, *starts], [*starts, len(widths)], strict=True)
    pages = 0
    for start, end in bounds:
        used = column_pixels(widths[0]) * scale / 100
        pages += 1
        for width in widths[start:end]:
            pixels = column_pixels(width) * scale / 100
            if used + pixels > PRINTABLE_PIXELS:
                pages += 1
                used = column_pixels(widths[0]) * scale / 100
            used += pixels
    return pages


def column_pixels(width: float) -> float:
    """A column's printed width (pixels at 96 dpi). Widths count Calibri 11 digits: Excel
    rounds one to 7 pixels, LibreOffice (Carlito) keeps its true 7.4; the larger wins, so
    a part fits its page in both."""
    return width * 7.5


def _print_setup(sheet: WriteOnlyWorksheet, landscape: bool, scale: int | None = None) -> None:
    """Fitted to the page width, or at ``scale`` % (Excel ignores manual page breaks on
    a sheet fitted to its page)."""
    setup = sheet.page_setup
    setup.orientation = "landscape" if landscape else "portrait"
    if scale is None:
        setup.fitToWidth = 1
        setup.fitToHeight = 0
    else:
        setup.scale = scale
    if sheet.sheet_properties.pageSetUpPr is None:
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=scale is None)
    else:
        sheet.sheet_properties.pageSetUpPr.fitToPage = scale is None
    margins = sheet.page_margins
    margins.left = margins.right = 0.5
    margins.top = margins.bottom = 0.75
    margins.header = margins.footer = 0.3
    sheet.print_options.gridLines = False
    sheet.oddFooter.left.text = "&A"
    # Translators: a printed page's footer; &P is the page number and &N the page count
    # (Excel's codes: keep them as they are).
    sheet.oddFooter.center.text = _("Page &P of &N")
    sheet.oddFooter.right.text = pgettext("page footer", "Confidential")


def _plain(sheet: WriteOnlyWorksheet, text: str, style: StyleArray) -> Cell:
    """A string cell of our own words (headers, labels), already made safe."""
    cell = Cell(sheet, row=1, column=1, value=text, style_array=style)
    cell.data_type = "s"
    return cell


def _converter(
    sheet: WriteOnlyWorksheet, kind: Kind, style: StyleArray
) -> Callable[[object], Cell | None]:
    """The function that turns a value of a column of ``kind`` into its cell.

    Made once per column, so each cell costs one type check and one cell; a value of the
    wrong type is a programming error and stops the export.
    """
    if kind in TEXT_KINDS:

        def text(value: object) -> Cell | None:
            if value is None:
                return None
            if type(value) is not str:
                raise TypeError(f"A text cell needs str, not {type(value).__name__}.")
            safe = safe_text(value)
            cell = Cell(sheet, row=1, column=1, value=safe, style_array=style)
            cell.data_type = "s"  # never a formula, whatever the text
            if quote_prefixed(safe):
                cell.quotePrefix = True
            return cell

        return text
    accepts, expected = _ACCEPTS[kind]

    def other(value: object) -> Cell | None:
        if value is None:
            return None
        if not accepts(value):
            raise TypeError(f"A {kind.value} column needs {expected}, not {value!r}.")
        return Cell(sheet, row=1, column=1, value=value, style_array=style)

    return other


def _naive_datetime(value: object) -> bool:
    return type(value) is datetime and value.tzinfo is None


_ACCEPTS: dict[Kind, tuple[Callable[[object], bool], str]] = {
    Kind.FORMULA_MONEY: (lambda v: type(v) is str and v.startswith("="), "a formula"),
    Kind.MONEY: (lambda v: type(v) is Decimal, "a Decimal (never a float)"),
    Kind.APPROX: (lambda v: type(v) is Decimal, "a Decimal (never a float)"),
    Kind.RATE: (lambda v: type(v) is Decimal, "a Decimal (never a float)"),
    Kind.PERCENT: (lambda v: type(v) is Decimal, "a Decimal (never a float)"),
    Kind.INTEGER: (lambda v: type(v) is int, "an integer"),
    Kind.DATE: (lambda v: type(v) is date, "a date"),
    Kind.LONG_DATE: (lambda v: type(v) is date, "a date"),
    Kind.DATETIME: (_naive_datetime, "a naive local date-time"),
    Kind.TIME: (_naive_datetime, "a naive local date-time on the event day"),
}


def _contents(columns: Sequence[Column], rows: Sequence[Sequence[object]]) -> list[float]:
    """How wide (digit widths, see exports.text_width) the widest value of each column
    prints."""
    if not rows:
        return [0.0] * len(columns)
    contents: list[float] = []
    for column, values in zip(columns, zip(*rows, strict=True), strict=True):
        present = [v for v in values if v is not None]
        if not present:
            contents.append(0.0)
        elif column.kind in _FIXED_WIDTHS:
            contents.append(float(_FIXED_WIDTHS[column.kind]))
        elif column.kind is Kind.MONEY or column.kind is Kind.FORMULA_MONEY:
            # At least "12,345.00 CAD", and a digit of room off the column after it.
            amounts = [abs(v) for v in present if isinstance(v, Decimal)]
            widest = max([*amounts, MONEY_AT_LEAST])
            contents.append(text_units(f"-{widest:,.2f} CAD") + 1)
        elif column.kind is Kind.APPROX:
            amounts = [abs(v) for v in present if isinstance(v, Decimal)]
            widest = max([*amounts, Decimal("10000")])
            contents.append(text_units(f"~{widest:,.0f} EUR") + 1)
        else:
            contents.append(max(widest_line(str(v)) for v in present))
    return contents


def _widths(columns: Sequence[Column], contents: list[float]) -> list[float]:
    """Content plus padding, at least the header's longest word, at most the cap."""
    widths: list[float] = []
    for column, content in zip(columns, contents, strict=True):
        word = max((text_units(w, bold=True) for w in column.header.split()), default=0)
        wanted = max(column_width(content), column_width(word), MIN_WIDTH)
        widths.append(float(min(wanted, max(column.cap, column_width(word)))))
    return widths
