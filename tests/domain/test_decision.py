"""Decision rules for every head-count from 0 to 9."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from escadesk.domain.decision import (
    DecisionNotAvailableError,
    Outcome,
    plan_decision,
    require_available,
)
from escadesk.domain.fees import announcement_fee_schedule
from escadesk.domain.quorum import QuorumEntry
from escadesk.domain.registration import RegistrationStatus as S
from escadesk.domain.workshop_calendar import WorkshopCalendar

TORONTO = ZoneInfo("America/Toronto")
CALENDAR = WorkshopCalendar(date(2018, 10, 1), date(2018, 10, 4), "America/Toronto")
SCHEDULE = announcement_fee_schedule()
AFTER = datetime(2018, 10, 2, 9, 0, tzinfo=TORONTO)
BEFORE = datetime(2018, 9, 30, 9, 0, tzinfo=TORONTO)
FIRST = datetime(2018, 9, 1, 9, 0, tzinfo=TORONTO)


def complete(key: int, hours: int) -> QuorumEntry:
    return QuorumEntry(key, f"Org {key:02d}", S.COMPLETE, FIRST + timedelta(hours=hours))


@pytest.mark.parametrize("count", range(10))
def test_every_head_count(count: int) -> None:
    # Completion order is the reverse of the keys, so order by time is observable.
    entries = [complete(key, hours=100 - key) for key in range(count)]
    plan = plan_decision(entries, CALENDAR, SCHEDULE, AFTER)
    assert plan.available
    if count < 4:
        assert plan.outcome is Outcome.CANCEL
        assert plan.confirmed == () and plan.waitlisted == () and plan.fee is None
        assert {e.key for e in plan.cancelled} == set(range(count))
        return
    assert plan.outcome is Outcome.PROCEED
    by_time = sorted(entries, key=lambda e: e.completed_at)
    assert list(plan.confirmed) == by_time[:6]
    assert list(plan.waitlisted) == by_time[6:]
    assert plan.participants == min(count, 6)
    expected_fee = {4: "3000.00", 5: "2780.00", 6: "2650.00"}[min(count, 6)]
    assert str(plan.fee.price.gross.amount) == expected_fee
    assert plan.cancelled == ()


def test_exactly_four_proceeds_at_the_top_tier() -> None:
    plan = plan_decision([complete(k, k) for k in range(4)], CALENDAR, SCHEDULE, AFTER)
    assert plan.outcome is Outcome.PROCEED
    assert plan.summary().startswith("The workshop proceeds with 4 organizations at 3,000.00 CAD")


def test_a_late_completion_counts_only_once_accepted() -> None:
    three = [complete(k, k) for k in range(3)]
    late = QuorumEntry(9, "Late Org", S.LATE, AFTER - timedelta(hours=1))
    plan = plan_decision([*three, late], CALENDAR, SCHEDULE, AFTER)
    assert plan.outcome is Outcome.CANCEL
    accepted = QuorumEntry(9, "Late Org", S.COMPLETE, AFTER - timedelta(hours=1))
    plan = plan_decision([*three, accepted], CALENDAR, SCHEDULE, AFTER)
    assert plan.outcome is Outcome.PROCEED
    assert plan.confirmed[-1].key == 9  # the latest completion comes last


def test_incomplete_and_unaccepted_late_are_cancelled_when_it_proceeds() -> None:
    four = [complete(k, k) for k in range(4)]
    pending = QuorumEntry(20, "Form Only", S.FORM_RECEIVED, None)
    late = QuorumEntry(21, "Late Org", S.LATE, AFTER - timedelta(hours=1))
    withdrawn = QuorumEntry(22, "Gone", S.WITHDRAWN, None)
    plan = plan_decision([*four, pending, late, withdrawn], CALENDAR, SCHEDULE, AFTER)
    assert plan.outcome is Outcome.PROCEED
    assert {e.key for e in plan.cancelled} == {20, 21}
    assert "2 incomplete registrations cancelled" in plan.summary()


def test_withdrawn_registrations_are_left_out_of_a_cancellation() -> None:
    entries = [complete(1, 1), QuorumEntry(2, "Gone", S.WITHDRAWN, None)]
    plan = plan_decision(entries, CALENDAR, SCHEDULE, AFTER)
    assert [e.key for e in plan.cancelled] == [1]


def test_before_the_deadline_the_plan_is_only_a_preview() -> None:
    plan = plan_decision([complete(k, k) for k in range(5)], CALENDAR, SCHEDULE, BEFORE)
    assert not plan.available
    with pytest.raises(DecisionNotAvailableError, match="from the end of the last day"):
        require_available(CALENDAR, BEFORE, None)


def test_a_decision_cannot_be_taken_twice() -> None:
    require_available(CALENDAR, AFTER, None)
    with pytest.raises(DecisionNotAvailableError, match="already taken on Oct 2, 2018"):
        require_available(CALENDAR, AFTER, AFTER)


def test_ties_in_completion_time_are_broken_by_registration_order() -> None:
    same = FIRST + timedelta(hours=5)
    entries = [QuorumEntry(k, f"Org {k}", S.COMPLETE, same) for k in (7, 3, 5, 1, 6, 2, 4)]
    plan = plan_decision(entries, CALENDAR, SCHEDULE, AFTER)
    assert [e.key for e in plan.confirmed] == [1, 2, 3, 4, 5, 6]
    assert [e.key for e in plan.waitlisted] == [7]
