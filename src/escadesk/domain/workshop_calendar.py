"""When things happen: the registration deadline, the decision, the event and its agenda.

The deadline is a local calendar day ("Last day to register: October 1, 2018"): a
registration counts as on time up to the end of that day in the workshop's time zone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from itertools import pairwise
from zoneinfo import ZoneInfo

from escadesk.domain.moments import require_aware
from escadesk.i18n import _, format_time


class AgendaKind(StrEnum):
    SESSION = "session"
    PITCHES = "pitches"
    BREAK = "break"


@dataclass(frozen=True)
class AgendaItem:
    start: time
    end: time
    title: str
    kind: AgendaKind = AgendaKind.SESSION

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise ValueError(_("'{title}' must end after it starts.").format(title=self.title))

    @property
    def minutes(self) -> int:
        start = datetime.combine(date.min, self.start)
        return int((datetime.combine(date.min, self.end) - start).total_seconds() // 60)


#: The role of a facilitator for whom none is given.
DEFAULT_ROLE = "Facilitator"


@dataclass(frozen=True)
class Facilitator:
    name: str
    affiliation: str
    role: str = DEFAULT_ROLE


class CalendarError(ValueError):
    """The workshop's dates or limits contradict each other (said in the window's
    language: the workshop dialog shows it)."""


@dataclass(frozen=True)
class WorkshopCalendar:
    """Deadline, decision and event of one workshop, in its own time zone."""

    registration_deadline: date
    event_date: date
    timezone: str
    minimum_organizations: int = 4
    maximum_organizations: int = 6
    agenda: tuple[AgendaItem, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        ZoneInfo(self.timezone)  # raises for an unknown zone
        if self.event_date <= self.registration_deadline:
            raise CalendarError(_("The event must take place after the registration deadline."))
        if not 1 <= self.minimum_organizations <= self.maximum_organizations:
            raise CalendarError(_("The minimum must be at least 1 and not above the maximum."))
        overlaps = agenda_overlaps(self.agenda)
        if overlaps:
            raise CalendarError(overlaps[0])
        object.__setattr__(self, "agenda", tuple(sorted(self.agenda, key=lambda i: i.start)))

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def deadline(self) -> datetime:
        """The first instant that is too late: midnight after the last day to register."""
        next_day = self.registration_deadline + timedelta(days=1)
        return datetime.combine(next_day, time(0, 0), tzinfo=self.zone)

    @property
    def decision_opens(self) -> datetime:
        """The decision may be taken from the deadline on."""
        return self.deadline

    def is_on_time(self, moment: datetime) -> bool:
        require_aware(moment)
        return moment < self.deadline

    def registration_open(self, now: datetime) -> bool:
        return self.is_on_time(now)

    def decision_available(self, now: datetime) -> bool:
        require_aware(now)
        return now >= self.decision_opens

    def days_to_deadline(self, now: datetime) -> int:
        """Whole calendar days left, counted in the workshop's zone (0 on the last day)."""
        require_aware(now)
        today = now.astimezone(self.zone).date()
        return (self.registration_deadline - today).days

    def local(self, moment: datetime) -> datetime:
        require_aware(moment)
        return moment.astimezone(self.zone)

    def pitch_block(self) -> AgendaItem | None:
        return next((item for item in self.agenda if item.kind is AgendaKind.PITCHES), None)


def agenda_overlaps(agenda: Sequence[AgendaItem]) -> list[str]:
    """A message ("'One' overlaps 'Two'.") for each item that starts before the previous ends."""
    ordered = sorted(agenda, key=lambda item: item.start)
    return [
        _("'{earlier}' overlaps '{later}'.").format(earlier=earlier.title, later=later.title)
        for earlier, later in pairwise(ordered)
        if later.start < earlier.end
    ]


def clock(moment: time) -> str:
    """9:05 as "9:05", 13:00 as "13:00": how the agenda writes its times in English (a
    message in the window's language uses ``escadesk.i18n.format_time``)."""
    return f"{moment.hour}:{moment.minute:02d}"


def agenda_timing_problem(start: time, end: time) -> str | None:
    """The check an item's times must pass before it can be an ``AgendaItem`` (items are
    named by their times: numbers would change as the agenda is sorted)."""
    if end <= start:
        return _("The agenda item from {start} must end after it starts.").format(
            start=format_time(start)
        )
    return None


def agenda_problems(agenda: Sequence[AgendaItem]) -> list[str]:
    """Everything wrong with a programme: an item without a title, items that overlap."""
    untitled = [
        # Translators: {start}–{end} are the item's times ("9:00–9:15"; "09 h 00").
        _("The agenda item {start}\u2013{end} needs a title.").format(
            start=format_time(item.start), end=format_time(item.end)
        )
        for item in agenda
        if not item.title.strip()
    ]
    return untitled + agenda_overlaps(agenda)


def facilitator_problems(facilitators: Sequence[Facilitator]) -> list[str]:
    """A facilitator needs a name; the affiliation may be empty and the role defaults."""
    return [
        _("Facilitator {number} needs a name.").format(number=number)
        for number, person in enumerate(facilitators, 1)
        if not person.name.strip()
    ]


def announcement_agenda() -> tuple[AgendaItem, ...]:
    """The announcement's programme.

    The announcement lists 9:00-9:15 (untitled) and 9:00-9:30 "Introduction to Cluster
    Excellence", which overlap; read as a 9:00-9:15 welcome followed by the introduction
    until 9:30. The untitled 11:00-11:30 slot is the morning break.
    """
    return (
        AgendaItem(time(9, 0), time(9, 15), "Welcome and introductions"),
        AgendaItem(time(9, 15), time(9, 30), "Introduction to Cluster Excellence"),
        AgendaItem(time(9, 30), time(11, 0), "Strategy Pitches", AgendaKind.PITCHES),
        AgendaItem(time(11, 0), time(11, 30), "Break", AgendaKind.BREAK),
        AgendaItem(time(11, 30), time(13, 0), "Discussion of Success Stories"),
        AgendaItem(time(13, 0), time(15, 0), "Benchmarking Surveys"),
    )


def announcement_facilitators() -> tuple[Facilitator, ...]:
    return (
        Facilitator(
            "Dr. Oliver Ziegler",
            "European Secretariat for Cluster Analysis (ESCA)",
            "Trainer",
        ),
        Facilitator("Vincent Dugré", "Bivizio; TCI Network Board of Directors"),
    )
