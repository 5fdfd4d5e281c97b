"""Money, numbers and dates per locale (escadesk.i18n.formatting, Babel's CLDR data)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from escadesk.domain.moments import long_date, weekday_date
from escadesk.i18n import (
    current_locale,
    format_date,
    format_datetime,
    format_decimal,
    format_money,
    set_locale,
)

NBSP = "\u00a0"


@pytest.fixture(autouse=True)
def _english_afterwards():
    yield
    set_locale("en_CA")


def test_money_in_canadian_french_and_english():
    assert format_money(Decimal("2650"), "CAD", "fr_CA") == f"2{NBSP}650,00{NBSP}$"
    assert format_money(Decimal("2650"), "CAD", "en_CA") == "$2,650.00"
    assert format_money(Decimal("2650.5"), "EUR", "fr_CA") == f"2{NBSP}650,50{NBSP}€"
    assert format_money(Decimal("2650.5"), "EUR", "en_CA") == "€2,650.50"


def test_numbers_per_locale():
    assert format_decimal(Decimal("1234.5"), "fr_CA") == f"1{NBSP}234,5"
    assert format_decimal(Decimal("1234.5"), "en_CA") == "1,234.5"


def test_dates_per_locale():
    day = date(2018, 10, 1)
    assert format_date(day, locale="fr_CA") == "1 oct. 2018"
    assert format_date(day, locale="en_CA") == "Oct 1, 2018"
    assert weekday_date(day, "fr_CA") == "lundi 1 oct. 2018"


def test_english_dates_keep_the_apps_historical_look():
    """Every month as the app printed it before Babel ("Sep", not "Sept.")."""
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    for month, name in enumerate(months, start=1):
        day = date(2018, month, 28)
        assert long_date(day) == f"{name} 28, 2018"
        assert weekday_date(day) == f"{day.strftime('%A')}, {name} 28, 2018"


def test_the_domains_dates_follow_the_interface_language():
    set_locale("fr_CA")
    assert current_locale() == "fr_CA"
    assert long_date(date(2018, 9, 5)) == "5 sept. 2018"
    assert long_date(date(2018, 9, 5), "en_CA") == "Sep 5, 2018"


def test_a_datetime_is_shown_in_the_zone_given():
    moment = datetime(2018, 10, 1, 13, 30, tzinfo=UTC)
    toronto = ZoneInfo("America/Toronto")
    assert format_datetime(moment, toronto, "short", "en_CA").startswith("2018-10-01, 9:30")
    assert format_datetime(moment, toronto, "short", "fr_CA") == "2018-10-01 09 h 30"
    with pytest.raises(ValueError, match="time zone"):
        format_datetime(datetime(2018, 10, 1), toronto)
