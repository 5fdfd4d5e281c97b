"""The workshop's phases at every boundary (in its own zone, America/Toronto), and the next
steps each phase offers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from escadesk.domain.decision import Outcome
from escadesk.domain.lifecycle import NextStep, Phase, StepKey, WorkLeft, next_steps, phase_of
from escadesk.domain.workshop_calendar import WorkshopCalendar

TORONTO = ZoneInfo("America/Toronto")
#: Last day to register Oct 1, 2018; the event Oct 4, 2018 (the announcement's).
CALENDAR = WorkshopCalendar(date(2018, 10, 1), date(2018, 10, 4), "America/Toronto")
DEADLINE = datetime(2018, 10, 2, 0, 0, tzinfo=TORONTO)  # the first instant too late
TICK = timedelta(microseconds=1)


def _keys(steps: tuple[NextStep, ...]) -> list[StepKey]:
    return [step.key for step in steps]


# -- the deadline ---------------------------------------------------------------------------


def test_the_last_day_to_register_is_before_the_deadline_to_its_last_instant() -> None:
    assert phase_of(CALENDAR, None, datetime(2018, 10, 1, 0, 0, tzinfo=TORONTO)) is (
        Phase.BEFORE_DEADLINE
    )
    assert phase_of(CALENDAR, None, DEADLINE - TICK) is Phase.BEFORE_DEADLINE


def test_exactly_at_the_deadline_the_decision_is_due() -> None:
    assert phase_of(CALENDAR, None, DEADLINE) is Phase.DECISION_DUE


def test_the_deadline_is_toronto_midnight_whatever_the_zone_of_now() -> None:
    # Midnight in Toronto (EDT) is 04:00 UTC; 23:30 UTC on Oct 1 is still Oct 1 there.
    assert phase_of(CALENDAR, None, datetime(2018, 10, 2, 3, 59, 59, tzinfo=UTC)) is (
        Phase.BEFORE_DEADLINE
    )
    assert phase_of(CALENDAR, None, datetime(2018, 10, 2, 4, 0, tzinfo=UTC)) is (Phase.DECISION_DUE)
    berlin = ZoneInfo("Europe/Berlin")  # already Oct 2, 05:59 there: still before
    assert phase_of(CALENDAR, None, datetime(2018, 10, 2, 5, 59, tzinfo=berlin)) is (
        Phase.BEFORE_DEADLINE
    )


def test_an_undecided_workshop_stays_decision_due_after_its_event_date() -> None:
    """The decision is still what cancels the registrations and destroys the cards."""
    later = datetime(2018, 11, 1, 9, 0, tzinfo=TORONTO)
    assert phase_of(CALENDAR, None, later) is Phase.DECISION_DUE


# -- after the decision ---------------------------------------------------------------------


def test_a_workshop_that_proceeds_is_proceeding_through_its_event_day() -> None:
    decided = datetime(2018, 10, 2, 9, 0, tzinfo=TORONTO)
    assert phase_of(CALENDAR, Outcome.PROCEED, decided) is Phase.PROCEEDING
    event_day_end = datetime(2018, 10, 5, 0, 0, tzinfo=TORONTO) - TICK
    assert phase_of(CALENDAR, Outcome.PROCEED, event_day_end) is Phase.PROCEEDING


def test_after_the_event_from_the_midnight_that_ends_the_event_day_in_toronto() -> None:
    assert phase_of(CALENDAR, Outcome.PROCEED, datetime(2018, 10, 5, 0, 0, tzinfo=TORONTO)) is (
        Phase.AFTER_EVENT
    )
    # 02:00 UTC on Oct 5 is 22:00 on Oct 4 in Toronto: still the event day.
    assert phase_of(CALENDAR, Outcome.PROCEED, datetime(2018, 10, 5, 2, 0, tzinfo=UTC)) is (
        Phase.PROCEEDING
    )
    assert phase_of(CALENDAR, Outcome.PROCEED, datetime(2018, 10, 5, 4, 0, tzinfo=UTC)) is (
        Phase.AFTER_EVENT
    )


@pytest.mark.parametrize(
    "now",
    [
        datetime(2018, 10, 2, 9, 0, tzinfo=TORONTO),
        datetime(2018, 10, 4, 12, 0, tzinfo=TORONTO),
        datetime(2019, 1, 1, 0, 0, tzinfo=TORONTO),
    ],
)
def test_a_cancelled_workshop_stays_cancelled(now: datetime) -> None:
    assert phase_of(CALENDAR, Outcome.CANCEL, now) is Phase.CANCELLED


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        phase_of(CALENDAR, None, datetime(2018, 10, 1, 12, 0))


def test_every_phase_has_its_own_heading() -> None:
    headings = [phase.heading for phase in Phase]
    assert len(set(headings)) == len(Phase)
    assert Phase.DECISION_DUE.heading == "Decision due"


# -- next steps -----------------------------------------------------------------------------


def test_before_the_deadline_register_and_preview() -> None:
    steps = next_steps(Phase.BEFORE_DEADLINE, CALENDAR, WorkLeft(delegates=13))
    assert _keys(steps) == [StepKey.NEW_REGISTRATION, StepKey.DECISION]
    assert steps[0].why == "Registration is open until the end of Oct 1, 2018."
    assert steps[1].label == "Preview the decision…"


def test_without_a_delegate_list_importing_it_comes_first() -> None:
    steps = next_steps(Phase.BEFORE_DEADLINE, CALENDAR, WorkLeft(delegates=0))
    assert _keys(steps)[0] is StepKey.IMPORT_DELEGATES


def test_once_the_deadline_has_passed_the_decision_is_the_one_step() -> None:
    (step,) = next_steps(Phase.DECISION_DUE, CALENDAR, WorkLeft(delegates=13))
    assert (step.key, step.label) == (StepKey.DECISION, "Open the decision…")
    (step,) = next_steps(Phase.DECISION_DUE, CALENDAR, WorkLeft(late_pending=1))
    assert step.why.endswith("1 late completion awaits your answer there.")
    (step,) = next_steps(Phase.DECISION_DUE, CALENDAR, WorkLeft(late_pending=2))
    assert step.why.endswith("2 late completions await your answer there.")


def test_proceeding_most_pressing_first_and_only_what_is_left() -> None:
    work = WorkLeft(
        letters_due=6,
        uncharged=4,
        taking_part=6,
        decision_erasures=1,
        paper_to_destroy=2,
        reports_missing=6,
        cards_no_longer_needed=2,
        labels_missing=4,
        certificates=3,
    )
    steps = next_steps(Phase.PROCEEDING, CALENDAR, work)
    assert _keys(steps) == [
        StepKey.FINISH_ERASING,
        StepKey.LETTERS,
        StepKey.CHARGES,
        StepKey.PAPER,
    ]
    whys = {step.key: step.why for step in steps}
    assert whys[StepKey.CHARGES] == "2 of 6 confirmed organizations are charged."
    assert whys[StepKey.FINISH_ERASING] == (
        "1 card authorization the decision destroys is still stored."
    )
    assert next_steps(Phase.PROCEEDING, CALENDAR, WorkLeft(taking_part=6)) == ()


def test_cancelled_letters_certificates_never_charges() -> None:
    work = WorkLeft(letters_due=6, uncharged=3, taking_part=3, certificates=4)
    steps = next_steps(Phase.CANCELLED, CALENDAR, work)
    assert _keys(steps) == [StepKey.LETTERS, StepKey.CERTIFICATES]
    assert steps[1].why == "4 certificates, one for each card destroyed."


def test_after_the_event_reports_then_what_remains() -> None:
    work = WorkLeft(
        letters_due=1,
        uncharged=1,
        taking_part=6,
        cards_no_longer_needed=2,
        reports_missing=5,
        labels_missing=4,
    )
    steps = next_steps(Phase.AFTER_EVENT, CALENDAR, work)
    assert _keys(steps) == [
        StepKey.REPORTS,
        StepKey.LETTERS,
        StepKey.CHARGES,
        StepKey.ERASE_CARDS,
        StepKey.BENCHMARKING,
    ]
    assert steps[0].label == "Benchmarking reports…"
    assert steps[3].label == "Erase cards no longer needed…"
    assert steps[0].why == "5 participants have no report written yet."
    assert next_steps(Phase.AFTER_EVENT, CALENDAR, WorkLeft(taking_part=6)) == ()


def test_one_thing_left_is_said_in_the_singular() -> None:
    work = WorkLeft(letters_due=1, reports_missing=1, labels_missing=1, paper_to_destroy=1)
    whys = [step.why for step in next_steps(Phase.AFTER_EVENT, CALENDAR, work)]
    assert whys == [
        "1 participant has no report written yet.",
        "1 organization has not been written to yet.",
        "1 participant has no Bronze label recorded.",
        "1 signed form received is not recorded as destroyed.",
    ]


def test_step_keys_are_distinct_and_labels_end_with_an_ellipsis() -> None:
    assert len({key.value for key in StepKey}) == len(StepKey)
    everything = WorkLeft(
        delegates=0,
        letters_due=2,
        uncharged=2,
        taking_part=4,
        decision_erasures=2,
        cards_no_longer_needed=2,
        certificates=2,
        paper_to_destroy=2,
        reports_missing=2,
        labels_missing=2,
    )
    for phase in Phase:
        for step in next_steps(phase, CALENDAR, everything):
            assert step.label.endswith("…") and step.why.endswith(".")
            assert "(s)" not in step.why
