"""The decision plan with a set where a tuple was searched entry by entry (issue 17): on
random workshops it is the plan the old quadratic code made, kept here as the oracle."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from escadesk.domain.decision import DecisionPlan, Outcome, plan_decision
from escadesk.domain.fees import FeeSchedule, announcement_fee_schedule
from escadesk.domain.quorum import QuorumEntry, outlook
from escadesk.domain.registration import COUNTS_TOWARD_QUORUM, FINAL, RegistrationStatus
from escadesk.domain.workshop_calendar import WorkshopCalendar

TORONTO = ZoneInfo("America/Toronto")
SCHEDULE = announcement_fee_schedule()
FIRST = datetime(2018, 9, 1, 9, 0, tzinfo=TORONTO)
PROPERTY = settings(max_examples=150, deadline=None, database=None)


def old_plan(
    entries: Iterable[QuorumEntry],
    calendar: WorkshopCalendar,
    schedule: FeeSchedule,
    now: datetime,
) -> DecisionPlan:
    """``plan_decision`` as it was before issue 17 (membership tested in a tuple)."""
    live = [e for e in entries if e.status not in FINAL]
    view = outlook(live, calendar, schedule, now)
    available = calendar.decision_available(now)
    others = tuple(
        sorted(
            (e for e in live if e not in view.counted),
            key=lambda e: (e.organization.casefold(), e.key),
        )
    )
    if view.quorum_reached:
        return DecisionPlan(
            Outcome.PROCEED, now, view.confirmed, view.waitlisted, others, view.fee_now, available
        )
    cancelled = tuple(sorted(live, key=lambda e: (e.organization.casefold(), e.key)))
    return DecisionPlan(Outcome.CANCEL, now, (), (), cancelled, None, available)


@st.composite
def workshops(draw: st.DrawFn) -> tuple[list[QuorumEntry], WorkshopCalendar, datetime]:
    """Up to 40 registrations in any state, with names that tie once case is folded and
    completion times that tie, under a quorum of 4 to 6 (the fee tiers) and a maximum of
    up to 9."""
    count = draw(st.integers(0, 40))
    keys = draw(st.lists(st.integers(1, 10_000), min_size=count, max_size=count, unique=True))
    entries = []
    for key in keys:
        status = draw(st.sampled_from(list(RegistrationStatus)))
        needs_time = status in COUNTS_TOWARD_QUORUM | {RegistrationStatus.LATE}
        hours = draw(st.integers(0, 30) if needs_time else st.none() | st.integers(0, 30))
        completed = None if hours is None else FIRST + timedelta(hours=hours)
        name = draw(st.sampled_from(["Alpha", "alpha", "Beta", "BETA", "Gamma", "Delta"]))
        entries.append(QuorumEntry(key, name, status, completed))
    minimum = draw(st.integers(4, 6))
    maximum = draw(st.integers(minimum, 9))
    calendar = WorkshopCalendar(
        date(2018, 10, 1),
        date(2018, 10, 4),
        "America/Toronto",
        minimum_organizations=minimum,
        maximum_organizations=maximum,
    )
    now = draw(st.sampled_from([FIRST + timedelta(days=29), FIRST + timedelta(days=31)]))
    return entries, calendar, now


@PROPERTY
@given(workshops())
def test_the_plan_is_the_one_the_old_code_made(
    workshop: tuple[list[QuorumEntry], WorkshopCalendar, datetime],
) -> None:
    entries, calendar, now = workshop
    assert plan_decision(entries, calendar, SCHEDULE, now) == old_plan(
        entries, calendar, SCHEDULE, now
    )
