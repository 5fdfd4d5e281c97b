"""The benchmarking report's look: named styles on top of the exports' StyleBook.

The report reuses the exports' header, title and label styles, and adds what a report
needs and a data table does not: the synthetic-data banner, notes, captions, figures in
each indicator's unit, scores and the "–" of a missing value. Table cells share a faint
rule under each row so that a printed row reads across 20 columns.
"""

from __future__ import annotations

from collections.abc import Callable

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

from escadesk.exports.colours import GROUP_COLOURS as GROUP_COLOURS
from escadesk.exports.colours import ORGANIZATION_COLOUR as ORGANIZATION_COLOUR
from escadesk.exports.report_data import (
    EUR_FORMAT,
    GENERAL_FORMAT,
    YES_NO_FORMAT,
    YES_NO_FORMAT_FR,
)
from escadesk.exports.styles import HEADER_FILL, RULE_COLOUR, StyleBook

BANNER_FILL = "FFEB9C"  # amber: reads as "caution" on screen and in grey print
BANNER_TEXT = "7F4F00"
NOTE_TEXT = "595959"
MISSING_TEXT = "808080"
ROW_RULE = "D9D9D9"
FONT = "Calibri"


_RULE = Border(bottom=Side(style="thin", color=ROW_RULE))
_CENTRE_TOP = Alignment(horizontal="center", vertical="top")
_FIGURE_FORMATS = {
    "general": GENERAL_FORMAT,
    "eur": EUR_FORMAT,
    "yes-no": YES_NO_FORMAT,
    "oui-non": YES_NO_FORMAT_FR,
}


class ReportStyles:
    """Style names for the report's cells, registered on first use."""

    def __init__(self, workbook: Workbook) -> None:
        self.book = StyleBook(workbook)
        self._workbook = workbook
        self._registered: set[str] = set()

    # -- from the exports' StyleBook
    def title(self) -> str:
        return self.book.title()

    def header(self) -> str:
        return self.book.header()

    def label(self) -> str:
        return self.book.label()

    # -- the report's own
    def cover_title(self) -> str:
        return self._style("cover title", lambda s: _font(s, size=22, bold=True, color=HEADER_FILL))

    def subtitle(self) -> str:
        return self._style("subtitle", lambda s: _font(s, size=13, color=HEADER_FILL))

    def headline(self) -> str:
        def make(style: NamedStyle) -> None:
            _font(style, size=14, bold=True, color=HEADER_FILL)
            style.alignment = Alignment(vertical="top", wrap_text=True)

        return self._style("headline", make)

    def caption(self) -> str:
        return self._style("caption", lambda s: _font(s, size=12, bold=True, color=HEADER_FILL))

    def banner(self) -> str:
        def make(style: NamedStyle) -> None:
            _font(style, bold=True, color=BANNER_TEXT)
            style.fill = PatternFill("solid", fgColor=BANNER_FILL)
            style.alignment = Alignment(vertical="center", wrap_text=True)

        return self._style("banner", make)

    def note(self) -> str:
        def make(style: NamedStyle) -> None:
            _font(style, size=10, italic=True, color=NOTE_TEXT)
            style.alignment = Alignment(vertical="top", wrap_text=True)

        return self._style("note", make)

    def text(self) -> str:
        """Wrapped text in a form (cover values)."""

        def make(style: NamedStyle) -> None:
            _font(style)
            style.alignment = Alignment(vertical="top", wrap_text=True)

        return self._style("text", make)

    def group_header(self) -> str:
        """A header centred over the (merged) columns of one peer group."""

        def make(style: NamedStyle) -> None:
            _font(style, bold=True, color="FFFFFF")
            style.fill = PatternFill("solid", fgColor=HEADER_FILL)
            style.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            style.border = Border(
                bottom=Side(style="thin", color=RULE_COLOUR),
                left=Side(style="thin", color=RULE_COLOUR),
            )

        return self._style("group header", make)

    def cell_text(self, bold: bool = False) -> str:
        """Text in a table row."""

        def make(style: NamedStyle) -> None:
            _font(style, bold=bold)
            style.alignment = Alignment(vertical="top", wrap_text=True)
            style.border = _RULE

        return self._style("table text" + (" bold" if bold else ""), make)

    def figure(self, number_format: str, bold: bool = False) -> str:
        """An indicator value or statistic, formatted for its unit."""
        kind = next(k for k, f in _FIGURE_FORMATS.items() if f == number_format)

        def make(style: NamedStyle) -> None:
            _font(style, bold=bold)
            style.alignment = _CENTRE_TOP
            style.number_format = number_format
            style.border = _RULE

        return self._style(f"figure {kind}" + (" bold" if bold else ""), make)

    def count(self) -> str:
        return self._number("count", "0")

    def standing(self) -> str:
        return self._number("standing", "0")

    def score(self, bold: bool = False) -> str:
        return self._number("score" + (" bold" if bold else ""), "0%", bold)

    def share(self) -> str:
        """A yes/no question's share answering yes ("4 of 6 (67 %)"): centred like the
        figures beside it, wrapped when the column is narrow."""

        def make(style: NamedStyle) -> None:
            _font(style)
            style.alignment = Alignment(horizontal="center", vertical="top", wrap_text=True)
            style.border = _RULE

        return self._style("share", make)

    def missing(self) -> str:
        """The "–" of a missing value: centred, grey, so it is never read as a zero."""

        def make(style: NamedStyle) -> None:
            _font(style, color=MISSING_TEXT)
            style.alignment = _CENTRE_TOP
            style.border = _RULE

        return self._style("missing", make)

    def _number(self, name: str, number_format: str, bold: bool = False) -> str:
        def make(style: NamedStyle) -> None:
            _font(style, bold=bold)
            style.alignment = _CENTRE_TOP
            style.number_format = number_format
            style.border = _RULE

        return self._style(name, make)

    def _style(self, name: str, make: Callable[[NamedStyle], None]) -> str:
        full = f"escadesk report {name}"
        if full not in self._registered:
            style = NamedStyle(name=full)
            make(style)
            self._workbook.add_named_style(style)
            self._registered.add(full)
        return full


def _font(
    style: NamedStyle,
    *,
    size: float = 11,
    bold: bool = False,
    italic: bool = False,
    color: str | None = None,
) -> None:
    style.font = Font(name=FONT, size=size, bold=bold, italic=italic, color=color)
