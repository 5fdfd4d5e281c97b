"""Money, numbers and dates per locale, through Babel (CLDR data).

Babel is imported on the first call, never at import: it costs about 80 ms of imports
plus 15 ms for a locale's data, and nothing formats a date before the first paint.
``locale`` None means the user interface's current locale.

English keeps the app's historical look exactly ("Oct 1, 2018", "Monday, Oct 1, 2018",
"$2,650.00"): CLDR's English medium date is that already; the weekday form is a pattern
of the catalogue (msgctxt "date pattern"), so French reads "lundi 1 oct. 2018".
"""

from __future__ import annotations

from datetime import date, datetime, time, tzinfo
from decimal import Decimal
from functools import cache, lru_cache
from typing import Any

from escadesk.i18n.translator import current, translator


def _locale(locale: str | None) -> str:
    return current().locale if locale is None else translator(locale).locale


@cache
def _babel_locale(locale: str) -> Any:
    """Babel's Locale object, kept (parsing the name costs half of a date's formatting)."""
    from babel import Locale

    return Locale.parse(locale)


def format_money(amount: Decimal, currency: str, locale: str | None = None) -> str:
    """fr_CA: "2 650,00 $" (no-break spaces); en_CA: "$2,650.00"; EUR: "2 650,00 €",
    "€2,650.00". Canadian dollars written "$" in both Canadian locales."""
    from babel.numbers import format_currency

    return str(format_currency(amount, currency, locale=_babel_locale(_locale(locale))))


def format_decimal(
    number: Decimal | int | float, locale: str | None = None, pattern: str | None = None
) -> str:
    """fr_CA: "1 234,5"; en_CA: "1,234.5"; a CLDR ``pattern`` ("#,##0.0") fixes the
    decimals shown."""
    from babel.numbers import format_decimal as babel_format_decimal

    return str(babel_format_decimal(number, format=pattern, locale=_babel_locale(_locale(locale))))


def format_date(day: date, length: str = "medium", locale: str | None = None) -> str:
    """CLDR's ``length`` ("short", "medium", "long", "full") or a pattern ("d MMM y").
    Medium: fr_CA "1 oct. 2018", en_CA "Oct 1, 2018"."""
    return _format_date(day, length, _locale(locale))


@lru_cache(maxsize=4096)
def _format_date(day: date, length: str, locale: str) -> str:
    """Cached: a desk shows the same few days on many rows (Babel takes ~15 µs a date)."""
    from babel.dates import format_date as babel_format_date

    return str(babel_format_date(day, format=length, locale=_babel_locale(locale)))


def format_weekday_date(day: date, locale: str | None = None) -> str:
    """A day to act by: en "Monday, Oct 1, 2018"; fr_CA "lundi 1 oct. 2018"."""
    language = translator(_locale(locale))
    # Translators: a Unicode (CLDR) date pattern: EEEE weekday, MMM short month, d day, y year.
    pattern = language.pgettext("date pattern", "EEEE, MMM d, y")
    return format_date(day, pattern, language.locale)


def format_time(moment: time, locale: str | None = None) -> str:
    """A time of day as a message says it: English keeps the agenda's 24-hour "9:00"
    (CLDR's en_CA would say "9:00 a.m."); another language CLDR's short time, fr_CA
    "09 h 00"."""
    locale = _locale(locale)
    if locale.startswith("en"):
        return f"{moment.hour}:{moment.minute:02d}"
    return _format_time(moment.hour, moment.minute, locale)


@lru_cache(maxsize=4096)
def _format_time(hour: int, minute: int, locale: str) -> str:
    from babel.dates import format_time as babel_format_time

    return str(babel_format_time(time(hour, minute), "short", locale=_babel_locale(locale)))


def format_datetime(
    moment: datetime, zone: tzinfo, length: str = "medium", locale: str | None = None
) -> str:
    """An aware instant as read in ``zone``: fr_CA "1 oct. 2018, 09 h 00 min 00 s HAE"-like
    per CLDR for "medium" with the zone's name; "short" for the time without seconds."""
    from babel.dates import format_datetime as babel_format_datetime

    if moment.tzinfo is None:
        raise ValueError("Times must carry a time zone (naive datetimes are ambiguous).")
    return str(
        babel_format_datetime(
            moment, format=length, tzinfo=zone, locale=_babel_locale(_locale(locale))
        )
    )
