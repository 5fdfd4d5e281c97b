"""The practical details' calendar invitation, parsed back with icalendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import icalendar
import pytest

from escadesk.notifications.calendar_invite import (
    METHOD,
    CalendarEvent,
    invitation_ics,
    invitation_uid,
)
from escadesk.notifications.messages import CardDataLeakError, Recipient

STAMP = datetime(2018, 9, 28, 14, 0, tzinfo=UTC)


def _event(day: date, **changes: object) -> CalendarEvent:
    values: dict[str, object] = {
        "uid": invitation_uid("TCI 2018", 7, "competeprosper.example"),
        "summary": "ESCA Cluster Benchmarking Workshop",
        "description": "9:00–9:15 Welcome and introductions\n9:15–9:30 Introduction",
        "location": "Rotman School of Management, 105 St George St, Toronto",
        "day": day,
        "start": time(9, 0),
        "end": time(15, 0),
        "timezone": "America/Toronto",
        "organizer": Recipient("Dorinda So", "dorinda.so@competeprosper.example"),
        "attendee": Recipient("Amélie Tremblay", "amelie@northshore.example"),
        "sequence": 0,
        "stamp": STAMP,
    }
    values.update(changes)
    return CalendarEvent(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("day", "utc_start", "utc_end"),
    [
        (
            date(2018, 10, 4),
            datetime(2018, 10, 4, 13, 0, tzinfo=UTC),
            datetime(2018, 10, 4, 19, 0, tzinfo=UTC),
        ),  # EDT, UTC-4
        (
            date(2018, 12, 6),
            datetime(2018, 12, 6, 14, 0, tzinfo=UTC),
            datetime(2018, 12, 6, 20, 0, tzinfo=UTC),
        ),  # EST, UTC-5
    ],
)
def test_parsed_back_the_times_are_right_in_utc(day, utc_start, utc_end):
    data = invitation_ics(_event(day))
    calendar = icalendar.Calendar.from_ical(data)
    assert calendar["METHOD"] == METHOD == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start.astimezone(UTC) == utc_start and end.astimezone(UTC) == utc_end
    assert event["DTSTART"].params["TZID"] == "America/Toronto"
    (zone,) = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "America/Toronto"
    names = {str(part["TZNAME"]) for part in zone.subcomponents}
    assert names == {"EST", "EDT"}
    assert event.decoded("DTSTAMP") == STAMP
    assert event["SEQUENCE"] == 0
    assert str(event["ORGANIZER"]) == "mailto:dorinda.so@competeprosper.example"
    assert str(event["ATTENDEE"]) == "mailto:amelie@northshore.example"
    assert event["UID"] == "workshop-TCI-2018-registration-7@competeprosper.example"


def test_rfc_5545_line_ends_and_folding():
    data = invitation_ics(_event(date(2018, 10, 4), description="x" * 300))
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    assert b"\r\n " in data  # a folded line


def test_the_uid_is_stable_per_workshop_and_registration():
    assert invitation_uid("TCI 2018", 7, "a.example") == invitation_uid("TCI 2018", 7, "a.example")
    assert invitation_uid("TCI 2018", 7, "a.example") != invitation_uid("TCI 2018", 8, "a.example")
    assert invitation_uid("TCI 2018", 7, "a.example") != invitation_uid("TCI 2019", 7, "a.example")


def test_a_card_number_never_reaches_the_invitation():
    with pytest.raises(CardDataLeakError):
        invitation_ics(_event(date(2018, 10, 4), description="Card 4111111111111111"))


def test_an_empty_day_is_refused():
    with pytest.raises(ValueError, match="end after it starts"):
        invitation_ics(_event(date(2018, 10, 4), end=time(9, 0)))
