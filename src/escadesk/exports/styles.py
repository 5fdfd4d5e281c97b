"""The look of every export: named cell styles, number formats and column kinds.

Cells get a *named* style (one assignment per cell, shared by the whole column), which
keeps write-only export fast and shows up in Excel's cell-style gallery as "escadesk …".
"""

from __future__ import annotations

import functools
from enum import Enum

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray

from escadesk.exports.colours import HEADER_FILL as HEADER_FILL
from escadesk.i18n import current_locale

RULE_COLOUR = "8EA9DB"

DATE_FORMAT = "yyyy-mm-dd"
LONG_DATE_FORMAT = "dddd, mmmm d, yyyy"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
TIME_FORMAT = "h:mm AM/PM"
#: French (Canada): the long date with its words in French whatever the reader's system
#: ([$-C0C] is fr-CA's locale tag, which Excel and LibreOffice both honour), "9 h 00".
FRENCH_LONG_DATE_FORMAT = "[$-C0C]dddd d mmmm yyyy"
FRENCH_TIME_FORMAT = 'h" h "mm'
INTEGER_FORMAT = "0"
RATE_FORMAT = "0.000###"


class Kind(Enum):
    """What a column holds, which sets its cell style and how wide it is measured."""

    TEXT = "text"
    WRAP = "wrap"  # long text, wrapped within a capped width
    INTEGER = "integer"
    MONEY = "money"  # Decimal, in the workbook's currency, 2 decimals
    APPROX = "approx"  # a rounded foreign-currency approximation ("~1,990 EUR")
    RATE = "rate"  # an exchange rate
    PERCENT = "percent"
    DATE = "date"
    LONG_DATE = "long_date"
    DATETIME = "datetime"
    TIME = "time"  # a datetime on the event day, shown as its time of day
    FORMULA_MONEY = "formula_money"


def money_format(currency: str) -> str:
    return f'#,##0.00 "{currency}";-#,##0.00 "{currency}"'


def approx_format(currency: str) -> str:
    return f'"~"#,##0 "{currency}"'


def percent_format(rate_digits: int) -> str:
    """'0%' for 13%, '0.000%' for 14.975%: as many decimals as the rate has."""
    return "0%" if rate_digits <= 0 else "0." + "0" * rate_digits + "%"


#: Dates, times and small counts read best centred under a left-aligned header; amounts
#: stay right-aligned so their decimals line up.
_ALIGN = {
    Kind.MONEY: "right",  # not "general": Excel indents only left or right alignment
    Kind.FORMULA_MONEY: "right",
    Kind.INTEGER: "center",
    Kind.APPROX: "center",
    Kind.DATE: "center",
    Kind.LONG_DATE: "left",
    Kind.DATETIME: "center",
    Kind.TIME: "center",
    Kind.RATE: "center",
    Kind.PERCENT: "center",
}


# Style parts are built once per process and shared by every workbook (openpyxl files
# them by value, and nothing here ever changes them): building them is what costs.
_FONT = Font(name="Calibri", size=11)
_BOLD = Font(name="Calibri", size=11, bold=True)
_HEADER_FONT = Font(name="Calibri", size=11, bold=True, color="FFFFFF")
_TITLE_FONT = Font(name="Calibri", size=16, bold=True, color=HEADER_FILL)
_HEADER_FILL = PatternFill("solid", fgColor=HEADER_FILL)
_HEADER_BORDER = Border(bottom=Side(style="medium", color=RULE_COLOUR))


@functools.cache
def _alignment(horizontal: str | None, vertical: str, wrap: bool, indent: int = 0) -> Alignment:
    return Alignment(horizontal=horizontal, vertical=vertical, wrap_text=wrap, indent=indent)


#: Amounts stand one indent off their column's right edge, so "2,780.00 CAD" never
#: touches the text of the column after it.
_INDENTED = frozenset({Kind.MONEY, Kind.FORMULA_MONEY})


class StyleBook:
    """The named styles of one workbook, registered on first use."""

    def __init__(
        self,
        workbook: Workbook,
        currency: str = "CAD",
        approx_currency: str = "EUR",
        locale: str | None = None,
    ) -> None:
        """``locale``: the language the workbook's dates are written in (default: the
        window's). Numbers keep their format codes: the reader's program shows them with
        its own separators."""
        self._workbook = workbook
        french = (locale or current_locale()).startswith("fr")
        self._formats = {
            Kind.TEXT: None,
            Kind.WRAP: None,
            Kind.INTEGER: INTEGER_FORMAT,
            Kind.MONEY: money_format(currency),
            Kind.FORMULA_MONEY: money_format(currency),
            Kind.APPROX: approx_format(approx_currency),
            Kind.RATE: RATE_FORMAT,
            Kind.PERCENT: percent_format(0),
            Kind.DATE: DATE_FORMAT,
            Kind.LONG_DATE: FRENCH_LONG_DATE_FORMAT if french else LONG_DATE_FORMAT,
            Kind.DATETIME: DATETIME_FORMAT,
            Kind.TIME: FRENCH_TIME_FORMAT if french else TIME_FORMAT,
        }
        self._registered: dict[str, NamedStyle] = {}

    def set_percent_digits(self, digits: int) -> None:
        self._formats[Kind.PERCENT] = percent_format(digits)

    def cell(self, kind: Kind, left: bool = False) -> str:
        """The name of the style for a data cell of ``kind`` (``left``: a form's value,
        aligned under its neighbours instead of as a column of figures)."""
        name = f"escadesk {kind.value}{' left' if left else ''}"
        if name not in self._registered:
            horizontal = "left" if left else _ALIGN.get(kind)
            self._add(
                NamedStyle(
                    name=name,
                    font=_BOLD if kind is Kind.FORMULA_MONEY else _FONT,
                    alignment=_alignment(
                        horizontal,
                        "top",
                        kind is Kind.WRAP,
                        1 if kind in _INDENTED and not left else 0,
                    ),
                    number_format=self._formats[kind] or "General",
                )
            )
        return name

    def header(self) -> str:
        name = "escadesk header"
        if name not in self._registered:
            self._add(
                NamedStyle(
                    name=name,
                    font=_HEADER_FONT,
                    fill=_HEADER_FILL,
                    border=_HEADER_BORDER,
                    alignment=_alignment(None, "center", True),
                )
            )
        return name

    def title(self) -> str:
        name = "escadesk title"
        if name not in self._registered:
            self._add(NamedStyle(name=name, font=_TITLE_FONT))
        return name

    def label(self) -> str:
        name = "escadesk label"
        if name not in self._registered:
            self._add(NamedStyle(name=name, font=_BOLD, alignment=_alignment(None, "top", True)))
        return name

    def array(self, name: str) -> StyleArray:
        """The registered style as the array a new cell can be created with (one copy
        per cell is all it costs, instead of a look-up by name)."""
        return self._registered[name].as_tuple()

    def _add(self, style: NamedStyle) -> None:
        self._workbook.add_named_style(style)
        self._registered[style.name] = style
