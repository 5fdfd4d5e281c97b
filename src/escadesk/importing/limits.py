"""How much of a user's file is read at most, and the message when a file is over it.

The limits keep a hostile or mistaken file (a zip bomb, a 2 GB export) from exhausting
memory; they are far above any real delegate list or reference set.
"""

from __future__ import annotations

import math

from escadesk.i18n import _, format_decimal

MAX_FILE_BYTES = 50 * 1024 * 1024
"""Largest file accepted, and largest total uncompressed size of a workbook."""
MAX_COMPRESSION_RATIO = 100
"""A workbook part larger than RATIO_CHECK_MIN_BYTES may not be compressed more than this."""
RATIO_CHECK_MIN_BYTES = 1024 * 1024
MAX_ROWS = 100_000
"""Most data rows (not counting the header) in one table."""
MAX_COLUMNS = 200
MAX_CELL_CHARS = 10_000


def too_large_message(size: int, *, uncompressed: bool = False) -> str:
    """The refusal of a file (or a workbook's content) of ``size`` bytes."""
    if uncompressed:
        sentence = _(
            "The workbook's content is too large ({megabytes} MB; the limit is {limit} MB). "
            "Remove unused sheets and columns, or split the list, and try again."
        )
    else:
        sentence = _(
            "The file is too large ({megabytes} MB; the limit is {limit} MB). "
            "Remove unused sheets and columns, or split the list, and try again."
        )
    megabytes = math.ceil(size * 10 / (1024 * 1024)) / 10  # never round down to the limit
    return sentence.format(
        megabytes=format_decimal(megabytes), limit=MAX_FILE_BYTES // (1024 * 1024)
    )
