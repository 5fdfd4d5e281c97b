"""Helpers for instants: every time in the domain is timezone-aware."""

from __future__ import annotations

from datetime import date, datetime

from escadesk.i18n import format_date, format_weekday_date


def require_aware(moment: datetime) -> None:
    """Refuse naive datetimes: a deadline in Toronto and a laptop in Berlin must agree."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("Times must carry a time zone (naive datetimes are ambiguous).")


def long_date(day: date, locale: str | None = None) -> str:
    """'Oct 1, 2018' in English, '1 oct. 2018' in French: CLDR's medium date (Babel).

    Never strftime's %b: that follows LC_TIME, which Qt sets from the desktop's locale.
    ``locale`` None is the user interface's language; a letter passes its reader's.
    """
    return format_date(day, "medium", locale)


def weekday_date(day: date, locale: str | None = None) -> str:
    """'Monday, Oct 1, 2018' ('lundi 1 oct. 2018'): a day a reader must act by."""
    return format_weekday_date(day, locale)
