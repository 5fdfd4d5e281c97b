"""The pitch block divided into equal whole-minute slots, breaks respected."""

from __future__ import annotations

from datetime import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from escadesk.domain.pitch_schedule import OpenTime, PitchSlot, plan_pitches
from escadesk.domain.workshop_calendar import AgendaItem, AgendaKind, announcement_agenda

NAMES = ("Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot")


def _times(slots: tuple[PitchSlot, ...]) -> list[tuple[str, str, str]]:
    return [(s.organization, f"{s.start:%H:%M}", f"{s.end:%H:%M}") for s in slots]


def test_four_organizations_get_22_minutes_and_2_are_left() -> None:
    schedule = plan_pitches(announcement_agenda(), NAMES[:4])
    assert schedule.slot_minutes == 22
    assert _times(schedule.slots) == [
        ("Alpha", "09:30", "09:52"),
        ("Bravo", "09:52", "10:14"),
        ("Charlie", "10:14", "10:36"),
        ("Delta", "10:36", "10:58"),
    ]
    assert [s.number for s in schedule.slots] == [1, 2, 3, 4]
    assert schedule.open_time == (OpenTime(time(10, 58), time(11, 0)),)
    assert schedule.leftover_minutes == 2
    assert schedule.summary() == "4 pitches of 22 minutes; 2 minutes left for open discussion."
    assert schedule.entries()[-1] == OpenTime(time(10, 58), time(11, 0))


def test_five_organizations_get_18_minutes_with_nothing_left() -> None:
    schedule = plan_pitches(announcement_agenda(), NAMES[:5])
    assert schedule.slot_minutes == 18
    assert _times(schedule.slots)[-1] == ("Echo", "10:42", "11:00")
    assert schedule.open_time == ()
    assert schedule.summary() == "5 pitches of 18 minutes, no time left over."


def test_six_organizations_get_15_minutes_in_the_given_order() -> None:
    order = tuple(reversed(NAMES))
    schedule = plan_pitches(announcement_agenda(), order)
    assert schedule.slot_minutes == 15
    assert [s.organization for s in schedule.slots] == list(order)
    assert [f"{s.start:%H:%M}" for s in schedule.slots] == [
        "09:30",
        "09:45",
        "10:00",
        "10:15",
        "10:30",
        "10:45",
    ]
    assert schedule.leftover_minutes == 0


def test_no_organization_leaves_the_block_undivided() -> None:
    schedule = plan_pitches(announcement_agenda(), [])
    assert schedule.slots == () and schedule.open_time == ()
    assert schedule.block_minutes == 90
    assert schedule.summary().startswith("No organization takes part yet")


def test_an_agenda_without_a_pitch_block() -> None:
    agenda = [item for item in announcement_agenda() if item.kind is not AgendaKind.PITCHES]
    schedule = plan_pitches(agenda, NAMES[:4])
    assert schedule.slots == () and schedule.stretches == ()
    assert schedule.summary() == "The agenda has no strategy-pitch block."


def test_more_organizations_than_minutes() -> None:
    agenda = [AgendaItem(time(9, 0), time(9, 3), "Lightning pitches", AgendaKind.PITCHES)]
    schedule = plan_pitches(agenda, NAMES[:4])
    assert schedule.slots == ()
    assert schedule.summary() == "The pitch block (3 min) is too short for 4 organizations."


def test_a_break_inside_the_block_is_never_crossed() -> None:
    agenda = [
        AgendaItem(time(9, 30), time(10, 10), "Strategy Pitches I", AgendaKind.PITCHES),
        AgendaItem(time(10, 10), time(10, 20), "Coffee", AgendaKind.BREAK),
        AgendaItem(time(10, 20), time(11, 0), "Strategy Pitches II", AgendaKind.PITCHES),
    ]
    schedule = plan_pitches(agenda, NAMES[:5])
    # 40 + 40 minutes: 20-minute slots hold only 4; 13 minutes hold 3 + 3 >= 5.
    assert schedule.slot_minutes == 13
    assert _times(schedule.slots) == [
        ("Alpha", "09:30", "09:43"),
        ("Bravo", "09:43", "09:56"),
        ("Charlie", "09:56", "10:09"),
        ("Delta", "10:20", "10:33"),
        ("Echo", "10:33", "10:46"),
    ]
    assert schedule.open_time == (
        OpenTime(time(10, 9), time(10, 10)),
        OpenTime(time(10, 46), time(11, 0)),
    )
    assert schedule.leftover_minutes == 15
    for slot in schedule.slots:
        assert not (slot.start < time(10, 20) and slot.end > time(10, 10))


def test_pitch_items_that_touch_are_one_stretch() -> None:
    agenda = [
        AgendaItem(time(9, 30), time(10, 0), "Pitches, part 1", AgendaKind.PITCHES),
        AgendaItem(time(10, 0), time(11, 0), "Pitches, part 2", AgendaKind.PITCHES),
    ]
    schedule = plan_pitches(agenda, NAMES[:4])
    assert schedule.stretches == ((time(9, 30), time(11, 0)),)
    assert schedule.slot_minutes == 22


def test_a_later_stretch_nobody_needs_is_open_discussion() -> None:
    agenda = [
        AgendaItem(time(9, 0), time(10, 0), "Pitches", AgendaKind.PITCHES),
        AgendaItem(time(14, 0), time(14, 30), "More pitches", AgendaKind.PITCHES),
    ]
    schedule = plan_pitches(agenda, NAMES[:1])
    assert schedule.slot_minutes == 60
    assert schedule.open_time == (OpenTime(time(14, 0), time(14, 30)),)
    assert schedule.summary() == "1 pitch of 60 minutes; 30 minutes left for open discussion."


@given(
    count=st.integers(min_value=1, max_value=12),
    first=st.integers(min_value=1, max_value=120),
    gap=st.integers(min_value=1, max_value=60),
    second=st.integers(min_value=0, max_value=120),
)
def test_every_minute_is_accounted_for_and_slots_are_equal(
    count: int, first: int, gap: int, second: int
) -> None:
    start = 8 * 60
    minutes = [(start, start + first)]
    if second:
        minutes.append((start + first + gap, start + first + gap + second))
    agenda = [
        AgendaItem(time(a // 60, a % 60), time(b // 60, b % 60), "P", AgendaKind.PITCHES)
        for a, b in minutes
    ]
    names = [f"Org {n}" for n in range(count)]
    schedule = plan_pitches(agenda, names)
    if count > first + second:
        assert schedule.slots == ()
        return
    assert [s.organization for s in schedule.slots] == names
    assert {s.minutes for s in schedule.slots} == {schedule.slot_minutes}
    covered = sum(e.minutes for e in schedule.entries())
    assert covered == first + second
    # No longer slot would fit everyone.
    longer = schedule.slot_minutes + 1
    assert sum(length // longer for length in (first, second)) < count


def test_slot_and_open_time_report_their_minutes() -> None:
    assert PitchSlot(1, "A", time(9, 30), time(9, 52)).minutes == 22
    assert OpenTime(time(10, 58), time(11, 0)).minutes == 2
    with pytest.raises(ValueError):
        AgendaItem(time(10, 0), time(9, 0), "Backwards", AgendaKind.PITCHES)
