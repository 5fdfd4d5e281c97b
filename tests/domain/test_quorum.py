"""The quorum outlook for every head-count, the waitlist, late entries and the texts."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from escadesk.domain.fees import announcement_fee_schedule
from escadesk.domain.money import Money, split_tax_included
from escadesk.domain.quorum import QuorumEntry, outlook
from escadesk.domain.registration import RegistrationStatus
from escadesk.domain.workshop_calendar import WorkshopCalendar

S = RegistrationStatus
TORONTO = ZoneInfo("America/Toronto")
BEFORE = datetime(2018, 9, 28, 10, 0, tzinfo=TORONTO)
AFTER = datetime(2018, 10, 2, 9, 0, tzinfo=TORONTO)
FEES = {4: "3000.00", 5: "2780.00", 6: "2650.00"}


@pytest.fixture
def calendar() -> WorkshopCalendar:
    return WorkshopCalendar(date(2018, 10, 1), date(2018, 10, 4), "America/Toronto")


def complete(key: int, minutes: int, status: RegistrationStatus = S.COMPLETE) -> QuorumEntry:
    done = datetime(2018, 9, 1, 9, 0, tzinfo=TORONTO) + timedelta(minutes=minutes)
    return QuorumEntry(key, f"Org {key:02d}", status, done)


@pytest.mark.parametrize("count", range(10))
def test_every_head_count(calendar: WorkshopCalendar, count: int) -> None:
    # Completion order is the reverse of key order, and input order is shuffled.
    entries = [complete(key, minutes=1000 - key * 10) for key in range(1, count + 1)]
    random.Random(count).shuffle(entries)
    result = outlook(entries, calendar, announcement_fee_schedule(), BEFORE)

    by_completion = [f"Org {key:02d}" for key in range(count, 0, -1)]
    assert result.complete_count == count
    assert result.needed == max(0, 4 - count)
    assert result.quorum_reached is (count >= 4)
    assert [e.organization for e in result.counted] == by_completion
    assert [e.organization for e in result.confirmed] == by_completion[:6]
    assert [e.organization for e in result.waitlisted] == by_completion[6:]
    assert len(result.tier_quotes) == 3
    if count < 4:
        assert result.fee_now is None
        assert result.revenue is None
        assert result.participants == 0
    else:
        tier = min(count, 6)
        assert result.participants == tier
        assert result.fee_now is not None
        assert result.fee_now.participants == tier
        per_org = split_tax_included(Money.of(FEES[tier], "CAD"), Decimal("0.13"))
        assert result.fee_now.price == per_org
        assert result.revenue is not None
        assert result.revenue.gross == Money.of(FEES[tier], "CAD").times(tier)
        assert result.revenue.net == per_org.net.times(tier)
        assert result.revenue.tax == per_org.tax.times(tier)
        assert result.revenue.net + result.revenue.tax == result.revenue.gross


def test_revenue_figures_for_the_announcement(calendar: WorkshopCalendar) -> None:
    schedule = announcement_fee_schedule()
    five = outlook([complete(k, k) for k in range(5)], calendar, schedule, BEFORE)
    assert five.revenue is not None
    assert five.revenue.gross == Money.of("13900.00", "CAD")
    assert five.revenue.net == Money.of("12300.90", "CAD")
    assert five.revenue.tax == Money.of("1599.10", "CAD")


def test_ties_in_completion_time_are_broken_by_key(calendar: WorkshopCalendar) -> None:
    same = datetime(2018, 9, 20, 12, 0, tzinfo=UTC)
    entries = [QuorumEntry(key, f"Org {key}", S.COMPLETE, same) for key in (9, 3, 7, 1, 5, 8, 2)]
    result = outlook(entries, calendar, announcement_fee_schedule(), BEFORE)
    assert [e.key for e in result.confirmed] == [1, 2, 3, 5, 7, 8]
    assert [e.key for e in result.waitlisted] == [9]


def test_completion_times_in_different_zones_are_ordered_as_instants(
    calendar: WorkshopCalendar,
) -> None:
    berlin = datetime(2018, 9, 20, 15, 0, tzinfo=ZoneInfo("Europe/Berlin"))  # 13:00 UTC
    toronto = datetime(2018, 9, 20, 8, 30, tzinfo=TORONTO)  # 12:30 UTC
    entries = [
        QuorumEntry(1, "Berlin", S.COMPLETE, berlin),
        QuorumEntry(2, "TO", S.COMPLETE, toronto),
    ]
    result = outlook(entries, calendar, announcement_fee_schedule(), BEFORE)
    assert [e.organization for e in result.counted] == ["TO", "Berlin"]


def test_late_entries_never_count(calendar: WorkshopCalendar) -> None:
    entries = [complete(k, k) for k in range(1, 4)]
    entries += [complete(k, 500 - k, S.LATE) for k in range(10, 15)]
    result = outlook(entries, calendar, announcement_fee_schedule(), AFTER)

    assert result.complete_count == 3
    assert result.needed == 1
    assert not result.quorum_reached
    assert result.fee_now is None
    assert [e.key for e in result.late_pending] == [14, 13, 12, 11, 10]
    assert all(e.status is S.LATE for e in result.late_pending)
    assert not {e.key for e in result.late_pending} & {e.key for e in result.counted}


def test_only_quorum_statuses_count(calendar: WorkshopCalendar) -> None:
    entries = [
        complete(1, 1, S.CONFIRMED),
        complete(2, 2, S.CHARGED),
        complete(3, 3, S.COMPLETE),
        complete(4, 4, S.WITHDRAWN),
        complete(5, 5, S.CANCELLED),
        complete(6, 6, S.WAITLISTED),
        QuorumEntry(7, "Zeta", S.REGISTERED, None),
        QuorumEntry(8, "Alpha", S.FORM_RECEIVED, None),
        QuorumEntry(9, "Mu", S.AUTHORIZATION_RECEIVED, None),
        QuorumEntry(10, "Gone", S.WITHDRAWN, None),
    ]
    result = outlook(entries, calendar, announcement_fee_schedule(), BEFORE)
    assert [e.key for e in result.counted] == [1, 2, 3]
    assert [e.organization for e in result.in_progress] == ["Alpha", "Mu", "Zeta"]
    assert result.late_pending == ()


def test_counting_entry_without_completion_time_is_an_error(calendar: WorkshopCalendar) -> None:
    with pytest.raises(ValueError, match="Broken Org counts toward quorum"):
        outlook(
            [QuorumEntry(1, "Broken Org", S.COMPLETE, None)],
            calendar,
            announcement_fee_schedule(),
            BEFORE,
        )


def test_naive_now_is_refused(calendar: WorkshopCalendar) -> None:
    with pytest.raises(ValueError, match="time zone"):
        outlook([], calendar, announcement_fee_schedule(), datetime(2018, 9, 28, 10, 0))


@pytest.mark.parametrize(
    ("count", "late", "now", "text"),
    [
        (0, 0, BEFORE, "0 of 4 complete — 4 more needed by Oct 1, 2018"),
        (3, 0, BEFORE, "3 of 4 complete — 1 more needed by Oct 1, 2018"),
        (3, 2, BEFORE, "3 of 4 complete — 1 more needed by Oct 1, 2018"),
        (
            2,
            0,
            AFTER,
            "2 of 4 complete — registration closed on Oct 1, 2018, 2 more needed",
        ),
        (
            3,
            1,
            AFTER,
            "3 of 4 complete — registration closed on Oct 1, 2018, 1 more needed "
            "(1 late completion awaiting a decision)",
        ),
        (4, 0, BEFORE, "Quorum reached: 4 complete (fee tier of 4)"),
        (5, 3, AFTER, "Quorum reached: 5 complete (fee tier of 5)"),
        (6, 0, BEFORE, "Quorum reached: 6 complete (fee tier of 6)"),
        (8, 0, AFTER, "Quorum reached: 8 complete, 6 confirmed and 2 waitlisted (fee tier of 6)"),
    ],
)
def test_headline(
    calendar: WorkshopCalendar, count: int, late: int, now: datetime, text: str
) -> None:
    entries = [complete(k, k) for k in range(count)]
    entries += [complete(100 + k, 2000 + k, S.LATE) for k in range(late)]
    assert outlook(entries, calendar, announcement_fee_schedule(), now).headline() == text


def test_headline_switches_at_the_deadline(calendar: WorkshopCalendar) -> None:
    entries = [complete(k, k) for k in range(3)]
    last_second = datetime(2018, 10, 1, 23, 59, 59, tzinfo=TORONTO)
    first_late = datetime(2018, 10, 2, 0, 0, tzinfo=TORONTO)
    schedule = announcement_fee_schedule()
    before = outlook(entries, calendar, schedule, last_second)
    after = outlook(entries, calendar, schedule, first_late)
    assert before.registration_open and not after.registration_open
    assert "needed by Oct 1, 2018" in before.headline()
    assert "registration closed on Oct 1, 2018" in after.headline()


@pytest.mark.parametrize(
    ("now", "text"),
    [
        (datetime(2018, 9, 28, 10, 0, tzinfo=TORONTO), "3 days to the deadline"),
        (datetime(2018, 9, 29, 23, 0, tzinfo=TORONTO), "2 days to the deadline"),
        (datetime(2018, 9, 30, 8, 0, tzinfo=TORONTO), "1 day to the deadline"),
        (datetime(2018, 10, 1, 23, 59, tzinfo=TORONTO), "Last day to register"),
        (datetime(2018, 10, 2, 3, 0, tzinfo=UTC), "Last day to register"),  # 23:00 in Toronto
        (datetime(2018, 10, 2, 0, 0, tzinfo=TORONTO), "Deadline passed 1 day ago"),
        (datetime(2018, 10, 5, 12, 0, tzinfo=TORONTO), "Deadline passed 4 days ago"),
    ],
)
def test_deadline_text(calendar: WorkshopCalendar, now: datetime, text: str) -> None:
    result = outlook([], calendar, announcement_fee_schedule(), now)
    assert result.deadline_text() == text
    assert result.days_to_deadline == calendar.days_to_deadline(now)


def test_minimum_and_maximum_come_from_the_calendar() -> None:
    small = WorkshopCalendar(date(2018, 10, 1), date(2018, 10, 4), "America/Toronto", 4, 5)
    entries = [complete(k, k) for k in range(7)]
    result = outlook(entries, small, announcement_fee_schedule(), BEFORE)
    assert (result.minimum, result.maximum) == (4, 5)
    assert len(result.confirmed) == 5
    assert len(result.waitlisted) == 2
    assert result.fee_now is not None and result.fee_now.participants == 5
