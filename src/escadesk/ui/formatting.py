"""How dates, times and money read on screen, in the window's language (Babel, CLDR).

English keeps the historical look exactly ("Sep 28, 2018 10:00", "3,000.00"); French reads
"28 sept. 2018 10 h 00" and "3 000,00". Babel is imported on first use, never before the
first paint (escadesk.i18n.formatting).
"""

from __future__ import annotations

from datetime import datetime, time
from decimal import Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo

from escadesk.domain.money import Money
from escadesk.i18n import current_locale, format_date, format_decimal, pgettext


def local_time(moment: datetime | None, zone: ZoneInfo) -> str:
    """'Sep 28, 2018 10:00' in ``zone`` ('28 sept. 2018 10 h 00' in French); '' for None.

    The day and the time of day are each formatted once and kept (a desk of 10,000 rows
    shows a few hundred days and at most 1,440 times of day; Babel takes ~17 µs for a
    whole date and time), then set together by a translatable pattern."""
    if moment is None:
        return ""
    local = moment.astimezone(zone)
    locale = current_locale()
    return _date_and_time(locale).format(
        date=format_date(local.date(), _date_pattern(locale), locale),
        time=_clock(local.hour, local.minute, locale),
    )


def clock_text(moment: time) -> str:
    """A time of day in the window's language: '09:30' (English), '09 h 30' (French)."""
    return _clock(moment.hour, moment.minute, current_locale())


@lru_cache(maxsize=8)
def _date_and_time(locale: str) -> str:
    # Translators: a date and a time of day together on screen: "Sep 28, 2018 10:00".
    return pgettext("date and time", "{date} {time}")


@lru_cache(maxsize=8)
def _date_pattern(locale: str) -> str:
    # Translators: a Unicode (CLDR) date pattern: MMM short month, d day, y year.
    return pgettext("date pattern", "MMM d, y")


@lru_cache(maxsize=4096)
def _clock(hour: int, minute: int, locale: str) -> str:
    from babel.dates import format_time

    # Translators: a Unicode (CLDR) time pattern: HH hours (24-hour clock), mm minutes;
    # text in single quotes is written as is ('h').
    pattern = pgettext("time pattern", "HH:mm")
    # A time of day never breaks across lines ("10 h" then "00" on the next one).
    return str(format_time(time(hour, minute), format=pattern, locale=locale)).replace(
        " ", "\u00a0"
    )


def amount(money: Money) -> str:
    """'3,000.00' (the currency is in the column header); '3 000,00' in French."""
    return fixed(money.rounded().amount, 2)


def fixed(number: Decimal | float, decimals: int) -> str:
    """``number`` with exactly ``decimals`` decimals and grouping: 3.0 -> '3.0' (en),
    '3,0' (fr)."""
    return format_decimal(number, pattern="#,##0" + ("." + "0" * decimals if decimals else ""))
