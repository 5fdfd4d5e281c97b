"""Which row is the header: the one naming the most known columns among the first rows.

Why: lists are often exported with a title ("TCI 2018 delegates") or a date above the
real header; taking the first row then blamed the header ("Column B has no header").
"""

from __future__ import annotations

from collections.abc import Sequence

from escadesk.i18n import ngettext
from escadesk.importing.columns import ColumnSpec, header_key

HEADER_SEARCH_ROWS = 10
"""The header is looked for among this many first non-empty rows."""


def known_header_keys(columns: Sequence[ColumnSpec]) -> frozenset[str]:
    """Every normalized header spelling of ``columns``."""
    return frozenset(key for spec in columns for key in spec.header_keys())


def header_score(cells: Sequence[object], keys: frozenset[str]) -> int:
    """How many cells of a row are a known column's header."""
    return sum(1 for cell in cells if isinstance(cell, str) and header_key(cell) in keys)


def header_position(rows: Sequence[Sequence[object]], keys: frozenset[str]) -> int:
    """Index in ``rows`` of the header: the first row with the best score, else the first."""
    if not keys or not rows:
        return 0
    scores = [header_score(cells, keys) for cells in rows]
    best = max(scores)
    return scores.index(best) if best else 0


def skipped_note(header_row: int) -> str:
    """What the user is told when non-empty rows above the header were skipped."""
    sentence = ngettext(
        "Header found on row {header}; row 1 above it was skipped.",
        "Header found on row {header}; rows 1–{last} above it were skipped.",
        header_row - 1,
    )
    return sentence.format(header=header_row, last=header_row - 1)
