"""The strategy-pitch schedule: the pitch block cut into equal slots, one per organization.

The announcement gives 9:30-11:00 to "Strategy Pitches". The rules, so that the roster
shows every minute of the block and every organization is treated alike:

- The pitch time is the agenda's PITCHES items, in time order. Items that touch form one
  stretch; a slot never runs from one stretch into the next, so it never crosses a break
  (or any other agenda item) that separates them.
- Every organization gets the same whole number of minutes: the longest length for which
  the stretches hold a slot for everyone.
- Organizations pitch in the order given (the director's), filling the stretches in time
  order, each stretch from its start.
- Minutes a stretch has left after its slots are not spread or hidden: they are an
  "open discussion" entry at the end of that stretch (90 minutes for 4 organizations:
  4 pitches of 22 minutes, then 2 minutes of open discussion from 10:58).
- No pitch block, no organization, or more organizations than minutes: no slots, and
  ``summary()`` says why (an export still shows the block itself).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import time

from escadesk.domain.workshop_calendar import AgendaItem, AgendaKind
from escadesk.i18n import _, format_decimal, ngettext


@dataclass(frozen=True)
class PitchSlot:
    """One organization's pitch: ``number`` counts from 1 in speaking order."""

    number: int
    organization: str
    start: time
    end: time

    @property
    def minutes(self) -> int:
        return _minute_of(self.end) - _minute_of(self.start)


@dataclass(frozen=True)
class OpenTime:
    """Minutes of a pitch stretch left after its slots: open discussion."""

    start: time
    end: time

    @property
    def minutes(self) -> int:
        return _minute_of(self.end) - _minute_of(self.start)


@dataclass(frozen=True)
class PitchSchedule:
    stretches: tuple[tuple[time, time], ...]
    slots: tuple[PitchSlot, ...]
    open_time: tuple[OpenTime, ...]
    slot_minutes: int
    organizations: int

    @property
    def block_minutes(self) -> int:
        return sum(_minute_of(end) - _minute_of(start) for start, end in self.stretches)

    @property
    def leftover_minutes(self) -> int:
        return sum(entry.minutes for entry in self.open_time)

    def entries(self) -> tuple[PitchSlot | OpenTime, ...]:
        """Slots and open discussion together, in time order (for a printed programme)."""
        return tuple(sorted((*self.slots, *self.open_time), key=lambda entry: entry.start))

    def summary(self) -> str:
        """One sentence for the programme: the slot length and the minutes left over."""
        if not self.stretches:
            return _("The agenda has no strategy-pitch block.")
        if self.organizations == 0:
            return _(
                "No organization takes part yet: the pitch block ({minutes} min) is not divided."
            ).format(minutes=self.block_minutes)
        if not self.slots:
            return ngettext(
                "The pitch block ({minutes} min) is too short for {count} organization.",
                "The pitch block ({minutes} min) is too short for {count} organizations.",
                self.organizations,
            ).format(minutes=self.block_minutes, count=format_decimal(self.organizations))
        # Translators: {length} is "30 minutes" (translated on its own, for the plural).
        length = _minutes(self.slot_minutes)
        if self.leftover_minutes:
            return ngettext(
                "{count} pitch of {length}; {left} left for open discussion.",
                "{count} pitches of {length}; {left} left for open discussion.",
                len(self.slots),
            ).format(count=len(self.slots), length=length, left=_minutes(self.leftover_minutes))
        return ngettext(
            "{count} pitch of {length}, no time left over.",
            "{count} pitches of {length}, no time left over.",
            len(self.slots),
        ).format(count=len(self.slots), length=length)


def _minutes(count: int) -> str:
    """ "1 minute", "30 minutes": a length inside the summary's sentences."""
    return ngettext("{count} minute", "{count} minutes", count).format(count=format_decimal(count))


def plan_pitches(agenda: Iterable[AgendaItem], organizations: Sequence[str]) -> PitchSchedule:
    """Divide the agenda's pitch time into equal whole-minute slots (rules: module doc)."""
    stretches = _stretches(agenda)
    count = len(organizations)
    lengths = [end - start for start, end in stretches]
    slot = _longest_slot(lengths, count)
    if not stretches or count == 0 or slot == 0:
        return PitchSchedule(_as_times(stretches), (), (), 0, count)
    slots: list[PitchSlot] = []
    open_time: list[OpenTime] = []
    speakers = iter(enumerate(organizations, start=1))
    for start, end in stretches:
        cursor = start
        while cursor + slot <= end and len(slots) < count:
            number, organization = next(speakers)
            slots.append(PitchSlot(number, organization, _time_of(cursor), _time_of(cursor + slot)))
            cursor += slot
        if cursor < end:
            open_time.append(OpenTime(_time_of(cursor), _time_of(end)))
    return PitchSchedule(_as_times(stretches), tuple(slots), tuple(open_time), slot, count)


def _stretches(agenda: Iterable[AgendaItem]) -> list[tuple[int, int]]:
    """The PITCHES items as (start, end) minutes of the day, touching ones merged."""
    items = sorted(
        (item for item in agenda if item.kind is AgendaKind.PITCHES), key=lambda i: i.start
    )
    merged: list[tuple[int, int]] = []
    for item in items:
        # Seconds are not part of a programme; keep the stretch inside the item.
        start = _minute_of(item.start) + (1 if item.start.second or item.start.microsecond else 0)
        end = _minute_of(item.end)
        if end <= start:
            continue
        if merged and merged[-1][1] == start:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _longest_slot(lengths: list[int], count: int) -> int:
    """The longest whole-minute slot such that the stretches hold ``count`` of them."""
    if count == 0:
        return 0
    for slot in range(max(lengths, default=0), 0, -1):
        if sum(length // slot for length in lengths) >= count:
            return slot
    return 0


def _minute_of(moment: time) -> int:
    return moment.hour * 60 + moment.minute


def _time_of(minute: int) -> time:
    return time(minute // 60, minute % 60)


def _as_times(stretches: list[tuple[int, int]]) -> tuple[tuple[time, time], ...]:
    return tuple((_time_of(start), _time_of(end)) for start, end in stretches)
