"""The registration state machine: every (status, event) pair, documents, lateness, replay."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from escadesk.domain.registration import (
    COUNTS_TOWARD_QUORUM,
    FINAL,
    IN_PROGRESS,
    TRANSITIONS,
    Registration,
    RegistrationEvent,
    RegistrationStatus,
    Transition,
    TransitionNotAllowedError,
    allowed_events,
    replay,
)

S = RegistrationStatus
E = RegistrationEvent
TORONTO = ZoneInfo("America/Toronto")
DEADLINE = datetime(2018, 10, 2, 0, 0, tzinfo=TORONTO)
START = datetime(2018, 9, 1, 9, 0, tzinfo=TORONTO)
DIRECTOR = "dorinda"

#: The rules, written out from the announcement rather than copied from TRANSITIONS.
NOT_FINAL = [s for s in S if s not in (S.WITHDRAWN, S.CANCELLED, S.CHARGED)]
EXPECTED_ALLOWED = {
    (S.REGISTERED, E.RECEIVE_FORM),
    (S.REGISTERED, E.RECEIVE_AUTHORIZATION),
    (S.FORM_RECEIVED, E.RECEIVE_AUTHORIZATION),
    (S.AUTHORIZATION_RECEIVED, E.RECEIVE_FORM),
    (S.LATE, E.ACCEPT_LATE),
    (S.COMPLETE, E.CONFIRM),
    (S.COMPLETE, E.WAITLIST),
    (S.WAITLISTED, E.PROMOTE),
    (S.CONFIRMED, E.CHARGE),
    *((status, E.WITHDRAW) for status in NOT_FINAL),
    *((status, E.CANCEL) for status in NOT_FINAL),
}


def at(hours: float) -> datetime:
    return START + timedelta(hours=hours)


def step(
    registration: Registration,
    event: RegistrationEvent,
    moment: datetime,
    reason: str = "",
    by: str = DIRECTOR,
) -> Registration:
    return registration.apply(event, at=moment, by=by, deadline=DEADLINE, reason=reason)


def in_status(status: RegistrationStatus) -> Registration:
    """A registration brought to ``status`` through allowed steps only (all before day 40)."""
    r = Registration.new(at(0), DIRECTOR)
    late = DEADLINE + timedelta(hours=1)
    paths: dict[RegistrationStatus, list[tuple[RegistrationEvent, datetime, str]]] = {
        S.REGISTERED: [],
        S.FORM_RECEIVED: [(E.RECEIVE_FORM, at(1), "")],
        S.AUTHORIZATION_RECEIVED: [(E.RECEIVE_AUTHORIZATION, at(1), "")],
        S.COMPLETE: [(E.RECEIVE_FORM, at(1), ""), (E.RECEIVE_AUTHORIZATION, at(2), "")],
        S.LATE: [(E.RECEIVE_FORM, at(1), ""), (E.RECEIVE_AUTHORIZATION, late, "")],
        S.WITHDRAWN: [(E.WITHDRAW, at(1), "changed plans")],
        S.CANCELLED: [(E.CANCEL, at(1), "")],
        S.CONFIRMED: [
            (E.RECEIVE_FORM, at(1), ""),
            (E.RECEIVE_AUTHORIZATION, at(2), ""),
            (E.CONFIRM, at(3), ""),
        ],
        S.WAITLISTED: [
            (E.RECEIVE_FORM, at(1), ""),
            (E.RECEIVE_AUTHORIZATION, at(2), ""),
            (E.WAITLIST, at(3), ""),
        ],
        S.CHARGED: [
            (E.RECEIVE_FORM, at(1), ""),
            (E.RECEIVE_AUTHORIZATION, at(2), ""),
            (E.CONFIRM, at(3), ""),
            (E.CHARGE, at(4), ""),
        ],
    }
    for event, moment, reason in paths[status]:
        r = step(r, event, moment, reason)
    assert r.status is status
    return r


def test_transition_table_is_the_intended_one() -> None:
    assert set(TRANSITIONS) == EXPECTED_ALLOWED
    assert {S.WITHDRAWN, S.CANCELLED, S.CHARGED} == FINAL
    for status in S:
        assert allowed_events(status) == {e for (s, e) in EXPECTED_ALLOWED if s is status}
    assert allowed_events(S.CHARGED) == frozenset()


ALL_PAIRS = [(status, event) for status in S for event in E]


@pytest.mark.parametrize(("status", "event"), ALL_PAIRS, ids=[f"{s}-{e}" for s, e in ALL_PAIRS])
def test_every_status_event_pair(status: RegistrationStatus, event: RegistrationEvent) -> None:
    registration = in_status(status)
    moment = registration.history[-1].at + timedelta(hours=1)
    if (status, event) in EXPECTED_ALLOWED:
        assert registration.can(event)
        after = step(registration, event, moment, reason="agreed by phone")
        expected = TRANSITIONS[(status, event)]
        if expected is None:  # the second document, here always before the deadline
            assert moment < DEADLINE
            expected = S.COMPLETE
        assert after.status is expected
        assert after.history[-1] == Transition(
            event, status, expected, moment, DIRECTOR, "agreed by phone"
        )
        assert after.history[:-1] == registration.history
    else:
        assert not registration.can(event)
        with pytest.raises(TransitionNotAllowedError) as refused:
            step(registration, event, moment, reason="agreed by phone")
        message = str(refused.value)
        assert message.endswith(".")
        assert len(message) > 20
        if event is E.REGISTER:
            assert "already registered" in message
        elif event is E.RECEIVE_FORM and registration.form_received_at is not None:
            assert "form has already been recorded" in message
        elif event is E.RECEIVE_AUTHORIZATION and registration.authorization_received_at:
            assert "authorization has already been recorded" in message
        elif event is E.ACCEPT_LATE:
            assert "after the deadline" in message
        elif status in FINAL:
            assert status.label.lower() in message
            assert "nothing more can change" in message
        else:
            assert event.value.replace("_", " ") in message
            assert status.label.lower() in message


def test_refusal_leaves_the_registration_as_it_was() -> None:
    registration = in_status(S.FORM_RECEIVED)
    with pytest.raises(TransitionNotAllowedError):
        step(registration, E.RECEIVE_FORM, at(5))
    assert registration.status is S.FORM_RECEIVED
    assert registration.form_received_at == at(1)
    assert len(registration.history) == 2


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (E.RECEIVE_FORM, E.RECEIVE_AUTHORIZATION),
        (E.RECEIVE_AUTHORIZATION, E.RECEIVE_FORM),
    ],
)
def test_both_documents_before_the_deadline_complete_it(
    first: RegistrationEvent, second: RegistrationEvent
) -> None:
    r = Registration.new(at(0), DIRECTOR)
    r = step(r, first, at(1))
    assert r.status is (S.FORM_RECEIVED if first is E.RECEIVE_FORM else S.AUTHORIZATION_RECEIVED)
    assert not r.is_complete
    assert not r.counts_toward_quorum
    second_time = DEADLINE - timedelta(seconds=1)
    r = step(r, second, second_time)

    assert r.status is S.COMPLETE
    assert r.completed_at == second_time
    assert r.form_received_at == (at(1) if first is E.RECEIVE_FORM else second_time)
    assert r.authorization_received_at == (second_time if first is E.RECEIVE_FORM else at(1))
    assert r.is_complete
    assert r.counts_toward_quorum
    assert not r.was_late
    assert [t.after for t in r.history] == [S.REGISTERED, r.history[1].after, S.COMPLETE]


@pytest.mark.parametrize(
    ("first_time", "second_time"),
    [
        (at(1), DEADLINE),  # exactly at the first instant that is too late
        (at(1), DEADLINE + timedelta(days=2)),
        (DEADLINE + timedelta(hours=1), DEADLINE + timedelta(hours=2)),
    ],
)
def test_second_document_after_the_deadline_makes_it_late(
    first_time: datetime, second_time: datetime
) -> None:
    r = step(Registration.new(at(0), DIRECTOR), E.RECEIVE_AUTHORIZATION, first_time)
    r = step(r, E.RECEIVE_FORM, second_time)

    assert r.status is S.LATE
    assert r.completed_at == second_time
    assert r.is_complete
    assert r.was_late
    assert not r.counts_toward_quorum
    assert r.late_accepted_reason is None


def test_deadline_is_compared_as_an_instant_whatever_the_zone() -> None:
    r = step(Registration.new(at(0), DIRECTOR), E.RECEIVE_FORM, at(1))
    on_time = step(r, E.RECEIVE_AUTHORIZATION, datetime(2018, 10, 2, 3, 59, tzinfo=UTC))
    late = step(r, E.RECEIVE_AUTHORIZATION, datetime(2018, 10, 2, 6, 0, tzinfo=ZoneInfo("CET")))
    assert on_time.status is S.COMPLETE
    assert late.status is S.LATE


def test_accept_late_needs_a_reason_and_then_counts() -> None:
    late = in_status(S.LATE)
    for blank in ("", "   ", "\n"):
        with pytest.raises(TransitionNotAllowedError, match="give a reason"):
            step(late, E.ACCEPT_LATE, late.history[-1].at, reason=blank)

    accepted = step(late, E.ACCEPT_LATE, late.history[-1].at, reason="  Flight delayed  ")

    assert accepted.status is S.COMPLETE
    assert accepted.late_accepted_reason == "Flight delayed"
    assert accepted.completed_at == late.completed_at
    assert accepted.counts_toward_quorum
    assert accepted.was_late
    assert accepted.history[-1].reason == "Flight delayed"
    assert accepted.history[-1].before is S.LATE


def test_accepting_an_on_time_registration_as_late_is_refused() -> None:
    with pytest.raises(TransitionNotAllowedError, match="after the deadline"):
        step(in_status(S.COMPLETE), E.ACCEPT_LATE, at(10), reason="why not")


@pytest.mark.parametrize("status", NOT_FINAL)
def test_withdraw_needs_a_reason(status: RegistrationStatus) -> None:
    r = in_status(status)
    moment = r.history[-1].at
    with pytest.raises(TransitionNotAllowedError, match="reason"):
        step(r, E.WITHDRAW, moment)
    withdrawn = step(r, E.WITHDRAW, moment, reason="Budget cut")
    assert withdrawn.status is S.WITHDRAWN
    assert withdrawn.history[-1].reason == "Budget cut"
    assert not withdrawn.counts_toward_quorum


def test_history_records_who_when_and_why() -> None:
    r = Registration.new(at(0), "  alice ")
    r = step(r, E.RECEIVE_FORM, at(1), by="bob")
    r = step(r, E.RECEIVE_AUTHORIZATION, DEADLINE + timedelta(minutes=5), by="carol")
    r = step(r, E.ACCEPT_LATE, DEADLINE + timedelta(hours=1), reason="Courier", by="dorinda")

    assert r.history == (
        Transition(E.REGISTER, None, S.REGISTERED, at(0), "alice"),
        Transition(E.RECEIVE_FORM, S.REGISTERED, S.FORM_RECEIVED, at(1), "bob"),
        Transition(
            E.RECEIVE_AUTHORIZATION,
            S.FORM_RECEIVED,
            S.LATE,
            DEADLINE + timedelta(minutes=5),
            "carol",
        ),
        Transition(
            E.ACCEPT_LATE, S.LATE, S.COMPLETE, DEADLINE + timedelta(hours=1), "dorinda", "Courier"
        ),
    )


@pytest.mark.parametrize("who", ["", "   "])
def test_every_change_says_who(who: str) -> None:
    with pytest.raises(ValueError, match="who"):
        Registration.new(at(0), who)
    with pytest.raises(ValueError, match="who"):
        step(Registration.new(at(0), DIRECTOR), E.RECEIVE_FORM, at(1), by=who)


def test_a_step_before_the_previous_one_is_refused() -> None:
    r = step(Registration.new(at(10), DIRECTOR), E.RECEIVE_FORM, at(20))
    with pytest.raises(TransitionNotAllowedError, match="before the previous step"):
        step(r, E.RECEIVE_AUTHORIZATION, at(19))
    with pytest.raises(TransitionNotAllowedError, match="before the previous step"):
        step(Registration.new(at(10), DIRECTOR), E.RECEIVE_FORM, at(9.99))
    same_time = step(r, E.RECEIVE_AUTHORIZATION, at(20))
    assert same_time.status is S.COMPLETE


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        Registration.new(datetime(2018, 9, 1, 9, 0), DIRECTOR)
    with pytest.raises(ValueError, match="time zone"):
        step(Registration.new(at(0), DIRECTOR), E.RECEIVE_FORM, datetime(2018, 9, 2))


def test_status_sets() -> None:
    assert {S.REGISTERED, S.FORM_RECEIVED, S.AUTHORIZATION_RECEIVED} == IN_PROGRESS
    assert {S.COMPLETE, S.CONFIRMED, S.CHARGED} == COUNTS_TOWARD_QUORUM
    assert S.LATE not in COUNTS_TOWARD_QUORUM
    assert S.FORM_RECEIVED.label == "Form received"
    assert all(status.label for status in S)


def test_replay_reproduces_the_state() -> None:
    r = Registration.new(at(0), "alice")
    r = step(r, E.RECEIVE_AUTHORIZATION, at(3), by="bob")
    r = step(r, E.RECEIVE_FORM, DEADLINE + timedelta(hours=3))
    r = step(r, E.ACCEPT_LATE, DEADLINE + timedelta(hours=4), reason="Approved")
    r = step(r, E.CONFIRM, DEADLINE + timedelta(hours=5))

    rebuilt = replay(list(r.history), DEADLINE)

    assert rebuilt == r
    assert rebuilt.late_accepted_reason == "Approved"
    assert rebuilt.completed_at == DEADLINE + timedelta(hours=3)


def test_replay_refuses_a_bad_history() -> None:
    with pytest.raises(TransitionNotAllowedError, match="start with the registration"):
        replay((), DEADLINE)
    with pytest.raises(TransitionNotAllowedError, match="start with the registration"):
        replay((Transition(E.RECEIVE_FORM, None, S.FORM_RECEIVED, at(0), DIRECTOR),), DEADLINE)
    tampered = (
        Transition(E.REGISTER, None, S.REGISTERED, at(0), DIRECTOR),
        Transition(E.CHARGE, S.REGISTERED, S.CHARGED, at(1), DIRECTOR),
    )
    with pytest.raises(TransitionNotAllowedError, match="not possible while registered"):
        replay(tampered, DEADLINE)


def test_replay_against_another_deadline_reclassifies() -> None:
    r = step(Registration.new(at(0), DIRECTOR), E.RECEIVE_FORM, at(1))
    r = step(r, E.RECEIVE_AUTHORIZATION, at(30))
    assert r.status is S.COMPLETE
    assert replay(r.history, at(2)).status is S.LATE


# -- random sequences -----------------------------------------------------------------------

# Every event can be drawn; the ones that lead deeper into the lifecycle more often.
EVENTS = st.sampled_from(
    [
        *E,
        *(E.RECEIVE_FORM, E.RECEIVE_AUTHORIZATION) * 2,
        *(E.ACCEPT_LATE, E.ACCEPT_LATE, E.CONFIRM, E.WAITLIST, E.PROMOTE, E.CHARGE),
    ]
)
STEPS = st.lists(
    st.tuples(
        EVENTS,
        st.integers(min_value=0, max_value=4 * 24 * 60),  # minutes after the previous step
        st.sampled_from(["", "  ", "Director's decision", "Courier was late"]),
    ),
    max_size=14,
)


def check_consistent(r: Registration) -> None:
    history = r.history
    assert history[0].event is E.REGISTER and history[0].before is None
    assert history[-1].after is r.status
    for earlier, later in pairwise(history):
        assert later.before is earlier.after
        assert later.at >= earlier.at
        target = TRANSITIONS[(later.before, later.event)]
        assert target is later.after or (target is None and later.after in {S.COMPLETE, S.LATE})
    complete_like = {S.COMPLETE, S.LATE, S.CONFIRMED, S.WAITLISTED, S.CHARGED}
    if r.status in complete_like:
        assert r.form_received_at is not None
        assert r.authorization_received_at is not None
        assert r.completed_at == max(r.form_received_at, r.authorization_received_at)
    if r.completed_at is None:
        assert r.status in IN_PROGRESS | {S.WITHDRAWN, S.CANCELLED}
        assert r.late_accepted_reason is None
    if r.status is S.REGISTERED:
        assert r.form_received_at is None and r.authorization_received_at is None
    if r.status is S.FORM_RECEIVED:
        assert r.form_received_at is not None and r.authorization_received_at is None
    if r.status is S.AUTHORIZATION_RECEIVED:
        assert r.form_received_at is None and r.authorization_received_at is not None
    if r.status is S.LATE:
        assert r.completed_at is not None and r.completed_at >= DEADLINE
        assert r.late_accepted_reason is None
    if r.status in COUNTS_TOWARD_QUORUM:
        assert r.completed_at is not None
        assert (r.completed_at < DEADLINE) == (r.late_accepted_reason is None)
    if r.late_accepted_reason is not None:
        assert r.late_accepted_reason.strip() == r.late_accepted_reason != ""
        assert any(t.event is E.ACCEPT_LATE for t in history)
    for t in history:
        if t.event in (E.ACCEPT_LATE, E.WITHDRAW):
            assert t.reason.strip()
    assert r.counts_toward_quorum == (r.status in COUNTS_TOWARD_QUORUM)


@settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(steps=STEPS)
def test_random_event_sequences_stay_consistent(steps) -> None:
    registration = Registration.new(DEADLINE - timedelta(days=5), DIRECTOR)
    moment = registration.history[0].at
    applied = 0
    for event, minutes, reason in steps:
        moment += timedelta(minutes=minutes)
        try:
            after = step(registration, event, moment, reason)
        except TransitionNotAllowedError:
            needs_reason = event in (E.ACCEPT_LATE, E.WITHDRAW) and not reason.strip()
            assert not registration.can(event) or needs_reason
            continue
        assert registration.can(event)
        assert len(after.history) == len(registration.history) + 1
        registration = after
        applied += 1
        check_consistent(registration)
    assert len(registration.history) == applied + 1
    assert replay(registration.history, DEADLINE) == registration


def test_can_is_the_transitions_table_and_only_a_confirmed_registration_is_charged() -> None:
    from escadesk.domain.registration import can

    for status in S:
        for event in E:
            assert can(status, event) is ((status, event) in TRANSITIONS)
    assert [status for status in S if can(status, E.CHARGE)] == [S.CONFIRMED]


def test_taking_part_is_confirmed_or_charged_as_members_and_as_stored_values() -> None:
    from escadesk.domain.registration import TAKING_PART, TAKING_PART_VALUES

    assert {S.CONFIRMED, S.CHARGED} == TAKING_PART
    # The database stores the value: it must be found in the values' set.
    assert "confirmed" in TAKING_PART_VALUES and "charged" in TAKING_PART_VALUES
    assert "complete" not in TAKING_PART_VALUES
