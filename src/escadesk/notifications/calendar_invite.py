"""The workshop as a calendar invitation (.ics) attached to the practical details.

Made with ``icalendar``: one VEVENT in the workshop's own zone (TZID America/Toronto),
with the VTIMEZONE that defines it (``Timezone.from_tzinfo``, built from the zoneinfo
database), so every client places the day right whatever its own zone. The VTIMEZONE
covers the event's year only: one daylight and one standard observance, no long RDATE
lists (icalendar's default spans 1970-2038, 70 lines that Outlook does not need).

Why ``METHOD:REQUEST`` and not PUBLISH: Outlook, Apple Calendar and Thunderbird all treat
a REQUEST as an invitation to the attendee and, when one arrives later with the same UID
and a higher SEQUENCE (a changed venue or time), update the entry they already have
instead of adding a second one. Outlook imports a PUBLISH as a separate appointment each
time. A REQUEST needs the ORGANIZER (the director) and the ATTENDEE (the contact), which
it has; RSVP is FALSE, so accepting does not send the director a reply she did not ask for.

The text is what RFC 5545 asks for and icalendar writes: CRLF line ends, lines folded at
75 octets, UTF-8.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from escadesk.domain.moments import require_aware
from escadesk.notifications.messages import Recipient, check_no_card_number

METHOD = "REQUEST"
MIME_TYPE = "text/calendar"
FILE_NAME = "invitation.ics"
PRODUCT_ID = "-//escadesk//ESCA benchmarking workshop//EN"


@dataclass(frozen=True, kw_only=True)
class CalendarEvent:
    """Everything the invitation says, as plain values."""

    #: Stable per workshop and registration: updates replace the entry (see above).
    uid: str
    summary: str
    description: str
    location: str
    day: date
    start: time
    end: time
    timezone: str
    organizer: Recipient
    attendee: Recipient
    #: 0 for the first invitation, one more for each changed version after it.
    sequence: int
    #: When the invitation was made (DTSTAMP, written in UTC).
    stamp: datetime


def invitation_uid(workshop_code: str, registration_id: int, domain: str) -> str:
    """ "workshop-TCI2018-registration-7@institute.example": the same for every version
    of one organization's invitation, different for every other."""
    code = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in workshop_code)
    return f"workshop-{code}-registration-{registration_id}@{domain or 'escadesk.invalid'}"


def invitation_ics(event: CalendarEvent) -> bytes:
    """The iCalendar text of ``event`` (CRLF, folded, UTF-8)."""
    from icalendar import Calendar, Event, Timezone, vCalAddress, vText

    require_aware(event.stamp)
    zone = ZoneInfo(event.timezone)
    start = datetime.combine(event.day, event.start, tzinfo=zone)
    end = datetime.combine(event.day, event.end, tzinfo=zone)
    if end <= start:
        raise ValueError("The workshop must end after it starts.")
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", METHOD)
    entry = Event()
    entry.add("uid", event.uid)
    entry.add("dtstamp", event.stamp)
    entry.add("sequence", event.sequence)
    entry.add("dtstart", start)
    entry.add("dtend", end)
    entry.add("summary", event.summary)
    entry.add("location", event.location)
    entry.add("description", event.description)
    entry.add("status", "CONFIRMED")
    entry.add("transp", "OPAQUE")
    organizer = vCalAddress(f"mailto:{event.organizer.email}")
    organizer.params["cn"] = vText(event.organizer.name)
    entry.add("organizer", organizer)
    attendee = vCalAddress(f"mailto:{event.attendee.email}")
    attendee.params["cn"] = vText(event.attendee.name)
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    attendee.params["partstat"] = vText("NEEDS-ACTION")
    attendee.params["rsvp"] = vText("FALSE")
    entry.add("attendee", attendee)
    year = event.day.year
    calendar.add_component(
        Timezone.from_tzinfo(
            zone, tzid=event.timezone, first_date=date(year, 1, 1), last_date=date(year + 1, 1, 1)
        )
    )
    calendar.add_component(entry)
    calendar.add_missing_timezones()  # nothing left to add; kept as the guarantee
    data: bytes = calendar.to_ical()
    check_no_card_number(data.decode("utf-8"))
    return data
