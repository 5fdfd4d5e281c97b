"""How dates, times and money read on screen (locale-independent, unambiguous)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from escadesk.domain.moments import long_date
from escadesk.domain.money import Money


def local_time(moment: datetime | None, zone: ZoneInfo) -> str:
    """'Sep 28, 2018 10:00' in the workshop's zone, or an empty string.

    Month names never come from strftime: Qt sets LC_TIME from the desktop's locale.
    """
    if moment is None:
        return ""
    local = moment.astimezone(zone)
    return f"{long_date(local.date())} {local:%H:%M}"


def amount(money: Money) -> str:
    """'3,000.00' (the currency is in the column header)."""
    return f"{money.rounded().amount:,.2f}"
