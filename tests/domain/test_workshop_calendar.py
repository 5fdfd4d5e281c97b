"""The registration deadline across time zones, day counting and the agenda."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pytest

from escadesk.domain.moments import long_date, require_aware
from escadesk.domain.workshop_calendar import (
    AgendaItem,
    AgendaKind,
    CalendarError,
    WorkshopCalendar,
    announcement_agenda,
    announcement_facilitators,
)

TORONTO = ZoneInfo("America/Toronto")
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def calendar() -> WorkshopCalendar:
    return WorkshopCalendar(
        registration_deadline=date(2018, 10, 1),
        event_date=date(2018, 10, 4),
        timezone="America/Toronto",
        agenda=announcement_agenda(),
    )


def test_deadline_is_midnight_after_the_last_day_in_toronto(calendar: WorkshopCalendar) -> None:
    assert calendar.deadline == datetime(2018, 10, 2, 0, 0, tzinfo=TORONTO)
    assert calendar.deadline == datetime(2018, 10, 2, 4, 0, tzinfo=UTC)  # EDT is UTC-4
    assert calendar.deadline.astimezone(UTC).hour == 4
    assert calendar.decision_opens == calendar.deadline


@pytest.mark.parametrize(
    ("moment", "on_time"),
    [
        (datetime(2018, 10, 1, 23, 59, 59, tzinfo=TORONTO), True),
        (datetime(2018, 10, 1, 23, 59, 59, 999999, tzinfo=TORONTO), True),
        (datetime(2018, 10, 2, 0, 0, tzinfo=TORONTO), False),
        (datetime(2018, 10, 2, 0, 0, 1, tzinfo=TORONTO), False),
        (datetime(2018, 9, 1, 9, 0, tzinfo=TORONTO), True),
        # The same instants seen from UTC ...
        (datetime(2018, 10, 2, 3, 59, 59, tzinfo=UTC), True),
        (datetime(2018, 10, 2, 4, 0, tzinfo=UTC), False),
        # ... where it is already October 2 but still October 1 in Toronto.
        (datetime(2018, 10, 2, 1, 0, tzinfo=UTC), True),
        # ... and from Berlin (CEST, UTC+2), six hours ahead of Toronto.
        (datetime(2018, 10, 2, 5, 59, 59, tzinfo=BERLIN), True),
        (datetime(2018, 10, 2, 6, 0, tzinfo=BERLIN), False),
        (datetime(2018, 10, 1, 23, 59, tzinfo=BERLIN), True),
    ],
)
def test_on_time_is_judged_in_the_workshop_zone(
    calendar: WorkshopCalendar, moment: datetime, on_time: bool
) -> None:
    assert calendar.is_on_time(moment) is on_time
    assert calendar.registration_open(moment) is on_time
    assert calendar.decision_available(moment) is (not on_time)


@pytest.mark.parametrize(
    ("now", "days"),
    [
        (datetime(2018, 9, 28, 10, 0, tzinfo=TORONTO), 3),
        (datetime(2018, 9, 30, 23, 59, tzinfo=TORONTO), 1),
        (datetime(2018, 10, 1, 0, 0, tzinfo=TORONTO), 0),
        (datetime(2018, 10, 1, 23, 59, tzinfo=TORONTO), 0),
        (datetime(2018, 10, 2, 0, 0, tzinfo=TORONTO), -1),
        (datetime(2018, 10, 5, 12, 0, tzinfo=TORONTO), -4),
        # 02:00 UTC on Oct 2 is still Oct 1 (22:00) in Toronto: the last day.
        (datetime(2018, 10, 2, 2, 0, tzinfo=UTC), 0),
        # 01:00 in Berlin on Oct 1 is Sep 30 (19:00) in Toronto: one day left.
        (datetime(2018, 10, 1, 1, 0, tzinfo=BERLIN), 1),
    ],
)
def test_days_to_deadline_counts_local_calendar_days(
    calendar: WorkshopCalendar, now: datetime, days: int
) -> None:
    assert calendar.days_to_deadline(now) == days


def test_local_converts_to_the_workshop_zone(calendar: WorkshopCalendar) -> None:
    local = calendar.local(datetime(2018, 10, 2, 4, 0, tzinfo=UTC))
    assert local.replace(tzinfo=None) == datetime(2018, 10, 2, 0, 0)
    assert local.utcoffset() == timedelta(hours=-4)


@pytest.mark.parametrize(
    "method", ["is_on_time", "registration_open", "decision_available", "days_to_deadline", "local"]
)
def test_naive_datetimes_are_refused(calendar: WorkshopCalendar, method: str) -> None:
    with pytest.raises(ValueError, match="time zone"):
        getattr(calendar, method)(datetime(2018, 10, 1, 12, 0))


def test_require_aware_accepts_any_zone() -> None:
    require_aware(datetime(2018, 10, 1, tzinfo=UTC))
    require_aware(datetime(2018, 10, 1, tzinfo=BERLIN))
    with pytest.raises(ValueError):
        require_aware(datetime(2018, 10, 1))


def test_deadline_in_another_zone() -> None:
    berlin = WorkshopCalendar(date(2018, 10, 1), date(2018, 10, 4), "Europe/Berlin")
    assert berlin.deadline == datetime(2018, 10, 1, 22, 0, tzinfo=UTC)
    assert berlin.is_on_time(datetime(2018, 10, 1, 21, 59, tzinfo=UTC))
    assert not berlin.is_on_time(datetime(2018, 10, 1, 22, 0, tzinfo=UTC))


def test_overlapping_agenda_is_refused() -> None:
    agenda = (
        AgendaItem(time(9, 0), time(9, 15), "Welcome"),
        AgendaItem(time(9, 0), time(9, 30), "Introduction to Cluster Excellence"),
    )
    with pytest.raises(CalendarError, match="'Welcome' overlaps 'Introduction"):
        WorkshopCalendar(date(2018, 10, 1), date(2018, 10, 4), "America/Toronto", agenda=agenda)


def test_overlap_is_found_whatever_the_input_order() -> None:
    agenda = (
        AgendaItem(time(13, 0), time(15, 0), "Surveys"),
        AgendaItem(time(9, 0), time(10, 0), "Morning"),
        AgendaItem(time(14, 59), time(16, 0), "Late"),
    )
    with pytest.raises(CalendarError, match="overlaps"):
        WorkshopCalendar(date(2018, 10, 1), date(2018, 10, 4), "America/Toronto", agenda=agenda)


def test_back_to_back_items_are_fine_and_sorted() -> None:
    agenda = (
        AgendaItem(time(10, 0), time(11, 0), "Second"),
        AgendaItem(time(9, 0), time(10, 0), "First"),
    )
    calendar = WorkshopCalendar(
        date(2018, 10, 1), date(2018, 10, 4), "America/Toronto", agenda=agenda
    )
    assert [item.title for item in calendar.agenda] == ["First", "Second"]
    assert calendar.pitch_block() is None


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"event_date": date(2018, 10, 1)}, CalendarError, "after the registration deadline"),
        ({"event_date": date(2018, 9, 30)}, CalendarError, "after the registration deadline"),
        ({"minimum_organizations": 0}, CalendarError, "at least 1"),
        ({"minimum_organizations": 7}, CalendarError, "not above the maximum"),
        ({"timezone": "Mars/Olympus_Mons"}, ZoneInfoNotFoundError, "Mars/Olympus_Mons"),
    ],
)
def test_inconsistent_calendars_are_refused(kwargs: dict, error: type, message: str) -> None:
    values = {
        "registration_deadline": date(2018, 10, 1),
        "event_date": date(2018, 10, 4),
        "timezone": "America/Toronto",
        "minimum_organizations": 4,
        "maximum_organizations": 6,
    } | kwargs
    with pytest.raises(error, match=message):
        WorkshopCalendar(**values)


def test_agenda_item_must_end_after_it_starts() -> None:
    with pytest.raises(ValueError, match="'Break' must end after it starts"):
        AgendaItem(time(11, 0), time(11, 0), "Break", AgendaKind.BREAK)
    assert AgendaItem(time(9, 30), time(11, 0), "Pitches").minutes == 90


def test_announcement_agenda_is_a_valid_day(calendar: WorkshopCalendar) -> None:
    agenda = calendar.agenda
    assert agenda == announcement_agenda()  # already in order
    assert agenda[0].start == time(9, 0)
    assert agenda[-1].end == time(15, 0)
    for earlier, later in pairwise(agenda):
        assert earlier.end == later.start  # no gaps, no overlaps
    assert sum(item.minutes for item in agenda) == 6 * 60
    pitches = calendar.pitch_block()
    assert pitches is not None
    assert (pitches.title, pitches.start, pitches.end) == (
        "Strategy Pitches",
        time(9, 30),
        time(11),
    )
    breaks = [item for item in agenda if item.kind is AgendaKind.BREAK]
    assert [(b.start, b.end) for b in breaks] == [(time(11, 0), time(11, 30))]
    titles = [item.title for item in agenda]
    for title in (
        "Introduction to Cluster Excellence",
        "Discussion of Success Stories",
        "Benchmarking Surveys",
    ):
        assert title in titles


def test_announcement_facilitators() -> None:
    ziegler, dugre = announcement_facilitators()
    assert ziegler.name == "Dr. Oliver Ziegler"
    assert ziegler.role == "Trainer"
    assert "ESCA" in ziegler.affiliation
    assert dugre.name == "Vincent Dugré"
    assert dugre.role == "Facilitator"


@pytest.mark.parametrize(
    ("day", "text"),
    [(date(2018, 10, 1), "Oct 1, 2018"), (date(2019, 1, 31), "Jan 31, 2019")],
)
def test_long_date(day: date, text: str) -> None:
    assert long_date(day) == text


def test_long_date_does_not_follow_the_process_locale() -> None:
    """Qt calls setlocale(LC_ALL, "") at start-up; the announcement's style must not change."""

    class GermanDate(date):
        """A date formatted as strftime would under LC_TIME=de_DE ('Okt')."""

        def strftime(self, fmt: str) -> str:
            return super().strftime(fmt.replace("%b", "Okt"))

    assert long_date(GermanDate(2018, 10, 1)) == "Oct 1, 2018"
    assert [long_date(date(2018, month, 1)).split()[0] for month in range(1, 13)] == [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]  # fmt: skip
