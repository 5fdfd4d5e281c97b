"""The retention period of a workshop's personal data (issue 15, item 10): kept N months
after the event, counted on the workshop's own calendar; then due to be purged."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from escadesk.domain.retention import (
    DEFAULT_RETENTION_MONTHS,
    MAX_RETENTION_MONTHS,
    MIN_RETENTION_MONTHS,
    add_months,
    local_today,
    purge_due_on,
    purge_is_due,
    retention_months,
    retention_problem,
)

EVENT = date(2018, 10, 4)  # the announcement's workshop, Toronto


def test_the_default_is_two_years_and_a_stored_period_wins() -> None:
    assert DEFAULT_RETENTION_MONTHS == 24
    assert retention_months(None) == 24
    assert retention_months(6) == 6
    assert purge_due_on(EVENT, None) == date(2020, 10, 4)
    assert purge_due_on(EVENT, 6) == date(2019, 4, 4)


def test_due_from_the_day_the_period_ends_not_before() -> None:
    assert not purge_is_due(EVENT, 24, date(2020, 10, 3))
    assert purge_is_due(EVENT, 24, date(2020, 10, 4))
    assert purge_is_due(EVENT, 24, date(2031, 1, 1))
    assert not purge_is_due(EVENT, 24, EVENT)


def test_today_is_the_workshops_date_not_the_computers() -> None:
    """At 02:00 UTC on Oct 4, 2020 it is still Oct 3 in Toronto: not due yet there,
    although a director in Berlin already sees Oct 4."""
    moment = datetime(2020, 10, 4, 2, 0, tzinfo=UTC)
    toronto = local_today(moment, "America/Toronto")
    assert toronto == date(2020, 10, 3)
    assert moment.astimezone(ZoneInfo("Europe/Berlin")).date() == date(2020, 10, 4)
    assert not purge_is_due(EVENT, 24, toronto)
    assert purge_is_due(EVENT, 24, local_today(moment + timedelta(hours=2), "America/Toronto"))
    with pytest.raises(ValueError, match="time zone"):
        local_today(datetime(2020, 10, 4, 12, 0), "America/Toronto")


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2018, 8, 31), 6, date(2019, 2, 28)),
        (date(2019, 8, 31), 6, date(2020, 2, 29)),  # a leap year
        (date(2020, 1, 31), 1, date(2020, 2, 29)),
        (date(2018, 12, 15), 1, date(2019, 1, 15)),
        (date(2018, 10, 4), 120, date(2028, 10, 4)),
    ],
)
def test_months_are_calendar_months_clamped_to_the_months_end(
    day: date, months: int, expected: date
) -> None:
    assert add_months(day, months) == expected


@pytest.mark.parametrize("months", [0, -1, 121, 1000])
def test_a_period_outside_one_month_to_ten_years_is_refused(months: int) -> None:
    problem = retention_problem(months)
    assert problem == "Keep personal data 1 to 120 months after the event."


@pytest.mark.parametrize("months", [None, MIN_RETENTION_MONTHS, 24, MAX_RETENTION_MONTHS])
def test_a_period_in_range_is_accepted(months: int | None) -> None:
    assert retention_problem(months) is None


@pytest.mark.parametrize("months", [True, 2.5, "24"])
def test_a_period_that_is_not_a_whole_number_is_refused(months: object) -> None:
    assert retention_problem(months) == "The retention period is a whole number of months."  # type: ignore[arg-type]


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
    st.integers(MIN_RETENTION_MONTHS, MAX_RETENTION_MONTHS),
)
def test_the_due_date_is_exactly_n_months_on_and_never_early(event: date, months: int) -> None:
    due = purge_due_on(event, months)
    assert (due.year * 12 + due.month) - (event.year * 12 + event.month) == months
    assert due.day <= event.day
    assert due - event >= timedelta(days=28 * months)
    assert not purge_is_due(event, months, due - timedelta(days=1))
    assert purge_is_due(event, months, due)
