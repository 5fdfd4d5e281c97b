"""How wide text prints in the exports' font, and how many lines it wraps to.

One width model for every sheet: the advance widths of Calibri 11 (and its metric twin
Carlito, which LibreOffice uses where Calibri is missing) in thousandths of an em, measured
in *digit widths* — the unit of a column's width in Excel and LibreOffice. Counting
characters instead undercounts "W" and "@" and overcounts "i" and "l": names wrapped a
line early left blank gaps under them, and amounts ran into the next column.

Neither Excel nor LibreOffice grows a row for wrapped text in a file it did not lay out
itself, so row heights are set from :func:`wrapped_lines`.
"""

from __future__ import annotations

import math

#: Advance widths (1/1000 em) of Calibri regular, grouped (each group at its widest);
#: bold adds ~3 %.
_GROUPS = {
    221: "'",
    226: " ",
    230: "il",
    239: "j",
    252: ",.I",
    268: ":;",
    291: "`",
    320: "f()[]{}-J",
    326: "!",
    335: "t",
    349: "r",
    395: "s/\\z",
    401: '"',
    423: "cL",
    460: "xvykFS",
    490: "|?ZgTYE",
    480: "a",
    498: "e#*+<=>^_~",
    507: "0123456789$",
    525: "PXKbdhnpqu",
    545: "oCRB",
    580: "VA",
    631: "DHG",
    646: "UN",
    682: "OQ&",
    715: "w%",
    800: "m",
    860: "M",
    895: "W@",
}
_WIDTHS = {char: width for width, chars in _GROUPS.items() for char in chars}
_DIGIT = 507
#: A letter outside the table (accented, other scripts): as wide as an "o"; wide scripts
#: (CJK) are counted twice that.
_OTHER = 530
_BOLD = 1.03
#: A column's width beyond its text: the cell margins plus a gap off the next column.
PADDING = 1.6
#: Points per printed line of Calibri 11 (Excel's default row height).
LINE_POINTS = 15.0


def text_units(text: str, bold: bool = False) -> float:
    """The printed width of one line of ``text``, in digit widths."""
    total = 0
    for char in text:
        width = _WIDTHS.get(char)
        if width is None:
            width = _OTHER * (2 if ord(char) >= 0x2E80 else 1)
        total += width
    return total / _DIGIT * (_BOLD if bold else 1.0)


def widest_line(text: str, bold: bool = False) -> float:
    return max((text_units(line, bold) for line in text.split("\n")), default=0.0)


def column_width(text: float) -> float:
    """The column width (digit widths) that shows ``text`` digit widths with a gap, in
    quarters: exact in binary, so the file holds "9.75", never "9.699999999999999" (a
    long digit run that a card-number leak scan would flag)."""
    return math.ceil((text + PADDING) * 4) / 4


def wrapped_lines(value: object, width: float, bold: bool = False) -> int:
    """How many lines ``value`` wraps to in a column ``width`` digit widths wide (greedy,
    by words, as both programs wrap; a word longer than a line is broken)."""
    if not isinstance(value, str) or not value:
        return 1
    room = max(1.0, width - PADDING + 0.6)  # the text area: the cell margins are ~1 unit
    space = text_units(" ", bold)
    lines = 0
    for paragraph in value.split("\n"):
        lines += 1
        used = -1.0
        for word in paragraph.split():
            size = text_units(word, bold)
            if used >= 0 and used + space + size <= room:
                used += space + size
                continue
            if used >= 0:
                lines += 1
            while size > room:  # broken across lines
                lines += 1
                size -= room
            used = size
    return lines


def row_height(lines: int) -> float:
    """A row's height (points) for ``lines`` lines of text."""
    return LINE_POINTS * lines + 1
