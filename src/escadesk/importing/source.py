"""What a reader (CSV or workbook) hands to the table builder: numbered rows of values.

Kept apart so both readers and :mod:`escadesk.importing.tables` share it without a cycle.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class SourceRows:
    """Rows of one sheet (or CSV file), with what the reader knows about its layout."""

    rows: Iterable[tuple[int, list[object]]]
    """(1-based row number as Excel shows it, cell values) from the top, lazily."""
    sheet: str | None = None
    """Worksheet the rows come from; None for a CSV file."""
    notes: tuple[str, ...] = ()
    """What the reader recognised (encoding, separator line, sheet chosen), for the user."""
    hidden_rows: frozenset[int] = field(default_factory=frozenset)
    hidden_columns: frozenset[int] = field(default_factory=frozenset)
    """0-based positions of the hidden columns."""
    merged: tuple[str, ...] = ()
    """Merged ranges ("A3:B3"), in file order."""


def column_letter(number: int) -> str:
    """1 -> 'A', 27 -> 'AA'."""
    letters = ""
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def cell_name(index: int, row: int) -> str:
    """Excel's name of the cell in 0-based column ``index`` of ``row`` ("C5")."""
    return f"{column_letter(index + 1)}{row}"
