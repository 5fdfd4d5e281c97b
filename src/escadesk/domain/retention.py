"""How long a workshop's personal data is kept, and when it is due to go (PIPEDA 4.5).

Personal data here is what is known about people and what an organization confided:
contacts, delegate-list entries, questionnaire answers and notes, typed reasons, the
cardholder's name on a charge. It is kept for a number of months after the event, then
purged; the anonymous figures (how many registrations in which state, the fees charged)
stay, so finance's totals still add up.

The default is 24 months: the Bronze label a participant earns is valid 2 years from
its interview (domain/benchmarking/label.py), and its answers are what a renewal or a
question about the label is checked against; PIPEDA asks for a limit, not a particular
one, and a yearly workshop's follow-up edition comes well within it.

Dates are the workshop's own: "N months after the event" is counted on the calendar of
the workshop's time zone, so a purge never comes a day early for a director elsewhere.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime
from zoneinfo import ZoneInfo

#: Months kept after the event when the director sets nothing.
DEFAULT_RETENTION_MONTHS = 24
#: At least one month: the reports and letters of after the event are made from the data.
MIN_RETENTION_MONTHS = 1
#: At most ten years: a limit, not "for ever" under another name.
MAX_RETENTION_MONTHS = 120


def retention_months(months: int | None) -> int:
    """The period in force: ``months`` as stored, or the default when none is stored."""
    return DEFAULT_RETENTION_MONTHS if months is None else months


def retention_problem(months: int | None) -> str | None:
    """Why ``months`` cannot be a retention period (None: it can, or it is the default)."""
    if months is None:
        return None
    if isinstance(months, bool) or not isinstance(months, int):
        return "The retention period is a whole number of months."
    if not MIN_RETENTION_MONTHS <= months <= MAX_RETENTION_MONTHS:
        return (
            f"Keep personal data {MIN_RETENTION_MONTHS} to {MAX_RETENTION_MONTHS} months "
            "after the event."
        )
    return None


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole calendar months; a day the month lacks becomes its last
    (Aug 31 + 6 months = Feb 28, or 29 in a leap year)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def purge_due_on(event_date: date, months: int | None) -> date:
    """The first day on which the workshop's personal data is due to go: ``months``
    (the default when None) after the event day, in the workshop's calendar."""
    return add_months(event_date, retention_months(months))


def local_today(now: datetime, timezone: str) -> date:
    """Today's date in the workshop's time zone (``now`` must be aware)."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("Times must carry a time zone (naive datetimes are ambiguous).")
    return now.astimezone(ZoneInfo(timezone)).date()


def purge_is_due(event_date: date, months: int | None, today: date) -> bool:
    """Whether the personal data of a workshop held on ``event_date`` must go by
    ``today`` (a date in the workshop's own time zone)."""
    return today >= purge_due_on(event_date, months)
