"""The one error of the importing layer: a file that cannot be read as a table.

Its own module so that every reader (files, CSV, workbooks) can raise it without
importing :mod:`escadesk.importing.tables`, which imports them all.
"""

from __future__ import annotations


class TableReadError(ValueError):
    """The file cannot be read as a table; ``message`` says why, for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
