"""Text from users made safe for a spreadsheet: no imported name can become a formula.

A text that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is what
spreadsheet programs (and CSV re-imports) read as the start of a formula. Such a text is
written as a string cell (never a formula cell) *and* given a leading apostrophe as a
literal character: ``=HYPERLINK(...)`` is stored and shown as ``'=HYPERLINK(...)``.

Why a literal apostrophe and not Excel's hidden "quote prefix" style alone: the character
stays with the text wherever it goes (copy and paste, Save as CSV, LibreOffice), and if
someone edits the cell and presses Enter, Excel and LibreOffice take the apostrophe as
"this is text" and still do not evaluate it. The visible apostrophe also tells the
reader that the value was altered.

One exception: a phone number such as ``+1 416 555 0100`` (digits, spaces and
``+ - ( ) . /``, optionally "ext 12") is left as typed, with the hidden quote-prefix style
on its string cell so it stays text when edited. Without letters it cannot name a
function, a reference or another program, so nothing harmful can be formed from it.
"""

from __future__ import annotations

import re

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

#: Where a formula may start (OWASP "CSV injection" list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Excel keeps at most this many characters in a cell.
MAX_CELL_CHARS = 32_767

_PHONE = re.compile(
    r"[+-]?[0-9 ().\-/]*[0-9][0-9 ().\-/]*(?:\s*(?:ext\.?|x)\s*[0-9]+)?", re.IGNORECASE
)


def is_phone_like(text: str) -> bool:
    """Digits and phone punctuation only (see the module doc for why these are safe)."""
    return _PHONE.fullmatch(text) is not None


def needs_neutralising(text: str) -> bool:
    return text.startswith(FORMULA_STARTS) and not is_phone_like(text)


def safe_text(value: str) -> str:
    """The text as it may be written to a cell: neutralised, legal in XML, within limits.

    Control characters that XML cannot carry (openpyxl refuses them) are dropped; tab,
    line feed and carriage return are legal and kept (a leading one is neutralised).
    """
    text = ILLEGAL_CHARACTERS_RE.sub("", value)
    if needs_neutralising(text):
        text = "'" + text
    if len(text) > MAX_CELL_CHARS:
        text = text[: MAX_CELL_CHARS - 1] + "…"
    return text


def quote_prefixed(text: str) -> bool:
    """Whether the written cell also gets the hidden quote-prefix style (phone numbers)."""
    return text.startswith(FORMULA_STARTS) and is_phone_like(text)
