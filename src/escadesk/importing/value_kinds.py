"""Does a cell's text read as a date, a time or a number?

Why: in a column of names or organizations such a value is almost always a slip (a
shifted column, Excel turning "1E20" into 1E+20 or a name into a date), worth showing
to the user with its row and column. Pure text rules; no I/O.
"""

from __future__ import annotations

import re

_DATE = re.compile(
    r"""
    (?: \d{4} [-/.] \d{1,2} [-/.] \d{1,2}        # 2018-09-01, 2018/9/1
      | \d{1,2} [-/.] \d{1,2} [-/.] \d{2,4} )    # 01/09/2018, 1.9.18
    (?: [ T] \d{1,2} : \d{2} (?: : \d{2} )? )?   # an optional time
    """,
    re.VERBOSE,
)
_TIME = re.compile(r"\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?")
_NUMBER = re.compile(
    r"""
    [+-]?
    (?: \d{1,3} (?: [,\u00a0\u202f ] \d{3} )+ (?: \. \d+ )?   # 1,234,567.5
      | \d+ (?: [.,] \d+ )?                                 # 42, 3.5, 3,5
      | [.,] \d+ )                                          # .5
    (?: [eE] [+-]? \d+ )?                                   # 1e+20
    %?
    """,
    re.VERBOSE,
)


def value_kind(text: str) -> str | None:
    """'a date', 'a time' or 'a number' when all of ``text`` reads as one, else None."""
    text = text.strip()
    if _DATE.fullmatch(text):
        return "a date"
    if _TIME.fullmatch(text):
        return "a time"
    if _NUMBER.fullmatch(text):
        return "a number"
    return None
