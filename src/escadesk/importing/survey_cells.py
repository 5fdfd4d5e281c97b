"""One cell of a filled survey template judged as an answer, and the cell reading both
sheets share (openpyxl's read-only cells, formulas kept as text).

Why apart from the sheet reader: what a cell *means* (a number, a word, a percentage
typed with "%", a formula that is never evaluated) is one job; where the cells are is
another (:mod:`escadesk.importing.survey_template`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from typing import Any

from escadesk.domain.benchmarking import Indicator, Unit
from escadesk.domain.benchmarking.values import (
    check_value,
    expected_answer,
    parse_answer,
    with_indicator,
)
from escadesk.domain.text_rules import problem_in_text
from escadesk.domain.validation import ValidationError
from escadesk.i18n import N_, _

_FORMULA = N_(
    "{title}: the answer is a formula ({formula}), which is never calculated on import; "
    "type the value itself."
)
_ERROR_VALUE = N_("{title}: the answer is the error value {value}; type the value itself.")
_DATE = N_("{title}: the answer is a date (expected {expected}).")
# Translators: {value} is Excel's TRUE or FALSE, as the cell shows it.
_BOOLEAN = N_("{title}: the answer is {value} (expected {expected}).")
_PERCENT_ELSEWHERE = N_(
    "{title}: the answer is formatted as a percentage ({shown}); type the number without %."
)
_FORMULA_CHARS = 40


def answer_value(indicator: Indicator, cell: Any) -> float | None:
    """The value of an answer cell (None when empty); ValueError saying what is wrong.

    Numbers are judged as numbers (never re-read as text: 1.125 typed in a count cell is
    not 1125), rounded to Excel's 15 significant digits; a percentage typed with "%"
    (Excel stores 45 % as 0.45) counts as 45 points. Text is judged as if typed in the
    survey form; booleans as yes and no.
    """
    title, expected = indicator.title, expected_answer(indicator)
    if is_formula(cell):
        raise ValueError(_(_FORMULA).format(title=title, formula=_formula(cell_value(cell))))
    value = cell_value(cell)
    if getattr(cell, "data_type", None) == "e":
        raise ValueError(_(_ERROR_VALUE).format(title=title, value=quoted(str(value))))
    if value is None:
        return None
    if isinstance(value, bool):
        if indicator.unit is Unit.YES_NO:
            return 1.0 if value else 0.0
        shown = "TRUE" if value else "FALSE"
        raise ValueError(_(_BOOLEAN).format(title=title, value=shown, expected=expected))
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        raise ValueError(_(_DATE).format(title=title, expected=expected))
    if isinstance(value, int | float):
        return _number(indicator, float(value), str(getattr(cell, "number_format", "")))
    text = str(value)
    if not text.strip():
        return None
    label = _("The answer to {title}").format(title=title)
    refused = problem_in_text(indicator.code, text, label=label)
    if refused is not None:
        raise ValueError(refused.message)
    try:
        return parse_answer(indicator, text)
    except ValidationError as error:
        raise ValueError(_explained(indicator, error.problems[0].message)) from None


def _number(indicator: Indicator, value: float, number_format: str) -> float:
    title = indicator.title
    if not math.isfinite(value):
        raise ValueError(_explained(indicator, _("the value is not a number")))
    value = float(f"{value:.15g}")
    if "%" in number_format:
        points = float(f"{value * 100:.15g}")
        if indicator.unit is not Unit.PERCENT:
            shown = f"{points:g}%"
            raise ValueError(_(_PERCENT_ELSEWHERE).format(title=title, shown=shown))
        value = points
    value = 0.0 if value == 0 else value  # no "-0"
    problem = check_value(indicator, value)
    if problem is not None:
        raise ValueError(_explained(indicator, problem.message))
    return value


def _explained(indicator: Indicator, message: str) -> str:
    return with_indicator(indicator, message) + "."


# ------------------------------------------------------------------ cells


def cell_rows(sheet: Any, max_row: int, max_col: int) -> Iterator[list[Any]]:
    """The sheet's cells from A1, at most ``max_row`` rows and ``max_col`` columns (the
    stored dimensions are ignored: they may be wrong, and never pad the read)."""
    sheet.reset_dimensions()
    rows = sheet.iter_rows(min_row=1, max_row=max_row, max_col=max_col)
    try:
        for row in rows:
            yield list(row)
    finally:
        rows.close()


def cell_value(cell: Any) -> Any:
    return getattr(cell, "value", None)


def row_number(cell: Any) -> int:
    return int(getattr(cell, "row", 0) or 0)


def is_formula(cell: Any) -> bool:
    return getattr(cell, "data_type", None) == "f"


def is_blank(cell: Any) -> bool:
    value = cell_value(cell)
    return value is None or (isinstance(value, str) and not value.strip())


def _formula(value: Any) -> str:
    formula = str(getattr(value, "text", None) or value)
    if not formula.startswith("="):
        formula = "=" + formula
    return quoted(formula, _FORMULA_CHARS)


def quoted(text: str, limit: int = 40) -> str:
    """A quoted piece of the file kept short, on one line and printable (a control or
    bidi character would travel on into the window, the command line and the log)."""
    text = "".join(char if char.isprintable() else "?" for char in " ".join(text.split()))
    return text if len(text) <= limit else text[: limit - 1] + "…"
