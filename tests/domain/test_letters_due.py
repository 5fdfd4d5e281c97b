"""domain/letters.py: which letters through the workshop are due, and why."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from escadesk.domain.letters import (
    REMINDER_INTERVAL,
    Document,
    LetterKind,
    LetterRecord,
    RegistrationLetterFacts,
    WorkshopMoments,
    acknowledgement_about,
    details_sequence,
    letters_due,
    reminder_due,
)
from escadesk.domain.registration import RegistrationStatus

TORONTO = ZoneInfo("America/Toronto")
DEADLINE = datetime(2018, 10, 2, 0, 0, tzinfo=TORONTO)  # after the last day, Oct 1
MOMENTS = WorkshopMoments(
    deadline=DEADLINE,
    event_over=datetime(2018, 10, 5, tzinfo=TORONTO),
    decided=False,
    details_version="v1",
)
FORM_AT = datetime(2018, 9, 10, 10, 0, tzinfo=TORONTO)


def _facts(status=RegistrationStatus.FORM_RECEIVED, form=FORM_AT, card=None, **more):
    return RegistrationLetterFacts(1, "Cluster", status, form, card, **more)


def test_one_acknowledgement_per_document_saying_which():
    facts = _facts(RegistrationStatus.COMPLETE, card=FORM_AT + timedelta(days=2))
    due = letters_due(facts, [], MOMENTS, FORM_AT + timedelta(days=3))
    acks = [d for d in due if d.kind is LetterKind.ACKNOWLEDGEMENT]
    assert [d.document for d in acks] == [Document.REGISTRATION_FORM, Document.CARD_AUTHORIZATION]
    assert (
        acks[1].why == "Credit card authorization form received Sep 12, 2018, not acknowledged yet."
    )
    done = [LetterRecord(LetterKind.ACKNOWLEDGEMENT.value, acks[0].about, FORM_AT)]
    left = letters_due(facts, done, MOMENTS, FORM_AT + timedelta(days=3))
    assert [d.document for d in left if d.kind is LetterKind.ACKNOWLEDGEMENT] == [
        Document.CARD_AUTHORIZATION
    ]


def test_a_document_received_again_is_acknowledged_again():
    old = LetterRecord(
        LetterKind.ACKNOWLEDGEMENT.value,
        acknowledgement_about(Document.REGISTRATION_FORM, FORM_AT),
        FORM_AT,
    )
    again = _facts(form=FORM_AT + timedelta(days=1))
    due = letters_due(again, [old], MOMENTS, FORM_AT + timedelta(days=2))
    assert [d.kind for d in due] == [LetterKind.ACKNOWLEDGEMENT]


def test_no_acknowledgement_once_decided_or_withdrawn():
    decided = WorkshopMoments(DEADLINE, MOMENTS.event_over, decided=True)
    assert letters_due(_facts(), [], decided, FORM_AT) == []
    withdrawn = _facts(RegistrationStatus.WITHDRAWN)
    assert letters_due(withdrawn, [], MOMENTS, FORM_AT) == []


def test_reminder_waits_the_interval_after_the_last_contact():
    ack = LetterRecord(LetterKind.ACKNOWLEDGEMENT.value, "x", FORM_AT + timedelta(hours=1))
    assert reminder_due(_facts(), [ack], MOMENTS, FORM_AT + timedelta(days=6)) is None
    due = reminder_due(_facts(), [ack], MOMENTS, FORM_AT + timedelta(days=7, hours=1))
    assert due is not None and due.about == "missing:card_authorization"
    assert "credit card authorization form" in due.why and "7 days ago" in due.why
    sent = LetterRecord(LetterKind.REMINDER.value, due.about, FORM_AT + timedelta(days=8))
    assert reminder_due(_facts(), [ack, sent], MOMENTS, FORM_AT + timedelta(days=14)) is None
    assert reminder_due(_facts(), [ack, sent], MOMENTS, FORM_AT + timedelta(days=15)) is not None


def test_no_reminder_after_the_deadline_or_when_complete():
    registered = _facts(RegistrationStatus.REGISTERED, form=None)
    assert reminder_due(registered, [], MOMENTS, DEADLINE - timedelta(seconds=1)) is not None
    assert reminder_due(registered, [], MOMENTS, DEADLINE) is None
    complete = _facts(RegistrationStatus.COMPLETE, card=FORM_AT)
    assert reminder_due(complete, [], MOMENTS, FORM_AT + timedelta(days=10)) is None


@given(
    days=st.integers(min_value=0, max_value=40),
    contacts=st.lists(st.integers(min_value=0, max_value=40), max_size=4),
)
def test_reminders_never_closer_than_the_interval(days, contacts):
    now = FORM_AT + timedelta(days=days)
    records = [
        LetterRecord(LetterKind.REMINDER.value, "r", FORM_AT + timedelta(days=c))
        for c in contacts
        if FORM_AT + timedelta(days=c) <= now
    ]
    due = reminder_due(_facts(), records, MOMENTS, now)
    last = max([r.at for r in records] + [FORM_AT])
    assert (due is not None) == (now - last >= REMINDER_INTERVAL and now < DEADLINE)


def test_practical_details_for_participants_until_the_event_once_per_version():
    confirmed = _facts(RegistrationStatus.CONFIRMED, card=FORM_AT)
    now = datetime(2018, 10, 2, 9, tzinfo=TORONTO)
    decided = WorkshopMoments(DEADLINE, MOMENTS.event_over, True, "v1")
    (due,) = letters_due(confirmed, [], decided, now)
    assert due.kind is LetterKind.PRACTICAL_DETAILS and due.about == "details:v1"
    sent = [LetterRecord(due.kind.value, due.about, now)]
    assert letters_due(confirmed, sent, decided, now) == []
    changed = WorkshopMoments(DEADLINE, MOMENTS.event_over, True, "v2")
    (update,) = letters_due(confirmed, sent, changed, now)
    assert "changed" in update.why
    assert details_sequence(sent, update.about) == 1
    assert details_sequence(sent, due.about) == 0
    assert letters_due(confirmed, [], decided, MOMENTS.event_over) == []
    waitlisted = _facts(RegistrationStatus.WAITLISTED, card=FORM_AT)
    assert letters_due(waitlisted, [], decided, now) == []


def test_report_after_the_event_and_label_once_awarded():
    after = MOMENTS.event_over + timedelta(days=3)
    decided = WorkshopMoments(DEADLINE, MOMENTS.event_over, True, "v1")
    charged = _facts(
        RegistrationStatus.CHARGED,
        card=FORM_AT,
        report_ready=True,
        label_awarded_on=date(2018, 10, 4),
    )
    kinds = [d.kind for d in letters_due(charged, [], decided, after, report_version="a")]
    assert kinds == [LetterKind.REPORT_DELIVERY, LetterKind.BRONZE_LABEL]
    before = letters_due(charged, [], decided, MOMENTS.event_over - timedelta(hours=1))
    assert LetterKind.REPORT_DELIVERY not in [d.kind for d in before]
    sent = [
        LetterRecord(LetterKind.REPORT_DELIVERY.value, "report:a", after),
        LetterRecord(LetterKind.BRONZE_LABEL.value, "bronze:2018-10-04", after),
    ]
    assert letters_due(charged, sent, decided, after, report_version="a") == []
    assert [d.kind for d in letters_due(charged, sent, decided, after, report_version="b")] == [
        LetterKind.REPORT_DELIVERY
    ]


def test_naive_times_are_refused():
    with pytest.raises(ValueError):
        reminder_due(_facts(), [], MOMENTS, datetime(2018, 9, 20))
