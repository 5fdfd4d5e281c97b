"""Helpers for instants: every time in the domain is timezone-aware."""

from __future__ import annotations

from datetime import date, datetime


def require_aware(moment: datetime) -> None:
    """Refuse naive datetimes: a deadline in Toronto and a laptop in Berlin must agree."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("Times must carry a time zone (naive datetimes are ambiguous).")


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def long_date(day: date) -> str:
    """'Oct 1, 2018', the announcement's style, independent of the machine's locale.

    Not strftime's %b: that follows LC_TIME, which Qt sets from the desktop's locale.
    """
    return f"{_MONTHS[day.month - 1]} {day.day}, {day.year}"


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def weekday_date(day: date) -> str:
    """'Monday, Oct 1, 2018': a day a reader must act by (a deadline, the event)."""
    return f"{_WEEKDAYS[day.weekday()]}, {long_date(day)}"
