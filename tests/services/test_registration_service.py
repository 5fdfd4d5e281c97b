"""The registrations desk: register, documents, late acceptance, withdrawal, the outlook."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from escadesk.domain.registration import RegistrationEvent, RegistrationStatus, replay
from escadesk.domain.registration_form import RegistrationDetails
from escadesk.domain.validation import ValidationError
from escadesk.services import audit
from escadesk.services.views import NotFoundError
from raw_sql import query

S = RegistrationStatus
E = RegistrationEvent
DEADLINE = datetime(2018, 10, 2, 4, 0, tzinfo=UTC)  # midnight after Oct 1 in Toronto


def audit_lines(services, workshop_id: int) -> list[audit.AuditLine]:
    with services.context.database.reading() as session:
        return list(reversed(audit.recent(session, workshop_id)))  # oldest first


def row_of(services, workshop_id: int, registration_id: int):
    return next(r for r in services.registrations.list(workshop_id) if r.id == registration_id)


def complete(services, registration_id: int, at: datetime | None = None) -> None:
    services.registrations.record_form(registration_id, at)
    services.registrations.record_authorization(registration_id, at)


# -- registering ----------------------------------------------------------------------------


def test_register_stores_cleaned_details(services, workshop_id, delegates_for_ten, details, today):
    form = details(
        1,
        organization="  Cluster   01 ",
        country=" usa ",
        technology_area="ict",
        contact_email="  DELEGATE1@Clusters.Example ",
    )
    rid = services.registrations.register(workshop_id, form)

    (row,) = services.registrations.list(workshop_id)
    assert row.id == rid
    assert row.organization == "Cluster 01"
    assert row.country == "United States"
    assert row.technology_area == "ICT"
    assert row.contact_email == "DELEGATE1@Clusters.Example"
    assert row.status is S.REGISTERED
    assert row.registered_at == today
    assert row.form_received_at is row.authorization_received_at is row.completed_at is None
    assert not row.late
    assert row.waitlist_position is None
    assert row.details.cleaned() == form.cleaned()


def test_register_without_a_delegate_list_stores_nothing(services, workshop_id, details, snapshot):
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        services.registrations.register(workshop_id, details(1))
    assert "No delegate list" in refused.value.for_field("contact_email")[0]
    assert snapshot() == before


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"contact_email": "stranger@elsewhere.example"}, "contact_email", "not on the conference"),
        ({"contact_email": "delegate1@clusters"}, "contact_email", "not a valid e-mail"),
        ({"contact_email": ""}, "contact_email", "is required"),
        ({"organization": " "}, "organization", "is required"),
        ({"country": "Atlantis"}, "country", "not a known country"),
        ({"technology_area": "Knitting"}, "technology_area", "technology areas"),
        ({"contact_phone": "ring ring"}, "contact_phone", "phone number"),
    ],
)
def test_invalid_registrations_store_nothing(
    services, workshop_id, delegates_for_ten, details, snapshot, changes, field, message
) -> None:
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        services.registrations.register(workshop_id, details(1, **changes))
    assert any(message in text for text in refused.value.for_field(field))
    assert services.registrations.problems(workshop_id, details(1, **changes))
    assert snapshot() == before


def test_same_contact_cannot_register_twice_unless_withdrawn(
    services, workshop_id, delegates_for_ten, details, snapshot
) -> None:
    rid = services.registrations.register(workshop_id, details(1))
    before = snapshot()
    again = details(1, organization="Another name", contact_email="Delegate1@CLUSTERS.example")
    with pytest.raises(ValidationError) as refused:
        services.registrations.register(workshop_id, again)
    assert "already registered" in refused.value.for_field("contact_email")[0]
    assert snapshot() == before

    services.registrations.withdraw(rid, "Registered the wrong organization")
    assert services.registrations.problems(workshop_id, again) == []
    services.registrations.register(workshop_id, again)
    assert len(services.registrations.list(workshop_id)) == 2


def test_delegates_of_one_workshop_cannot_register_for_another(
    services, workshop_id, delegates_for_ten, details
) -> None:
    from dataclasses import replace

    from escadesk.services.demo import announcement_workshop

    other = services.workshops.create(replace(announcement_workshop(), code="OTHER"))
    with pytest.raises(ValidationError, match="No delegate list"):
        services.registrations.register(other, details(1))
    with pytest.raises(NotFoundError):
        services.registrations.register(999, details(1))


def test_update_details(services, workshop_id, delegates_for_ten, details, actor) -> None:
    first = services.registrations.register(workshop_id, details(1))
    second = services.registrations.register(workshop_id, details(2))
    services.registrations.update_details(first, details(1, contact_name="New Contact"))
    assert row_of(services, workshop_id, first).contact_name == "New Contact"
    with pytest.raises(ValidationError, match="already registered"):
        services.registrations.update_details(second, details(1))
    assert audit_lines(services, workshop_id)[-1].action == "registration.edit"


# -- documents, lateness, withdrawal --------------------------------------------------------


def test_form_then_authorization_completes(
    services, workshop_id, delegates_for_ten, details, today, actor
) -> None:
    rid = services.registrations.register(workshop_id, details(1))
    services.registrations.record_form(rid)  # received "now"
    assert row_of(services, workshop_id, rid).status is S.FORM_RECEIVED
    assert row_of(services, workshop_id, rid).form_received_at == today

    services.registrations.record_authorization(rid)
    row = row_of(services, workshop_id, rid)
    assert row.status is S.COMPLETE
    assert row.completed_at == row.authorization_received_at == today

    history = services.registrations.history(rid)
    assert [(t.event, t.before, t.after, t.by) for t in history] == [
        (E.REGISTER, None, S.REGISTERED, actor),
        (E.RECEIVE_FORM, S.REGISTERED, S.FORM_RECEIVED, actor),
        (E.RECEIVE_AUTHORIZATION, S.FORM_RECEIVED, S.COMPLETE, actor),
    ]
    assert replay(history, DEADLINE).status is S.COMPLETE

    lines = audit_lines(services, workshop_id)[-3:]
    assert [(line.action, line.actor) for line in lines] == [
        ("registration.create", actor),
        ("registration.receive_form", actor),
        ("registration.receive_authorization", actor),
    ]
    assert lines[0].summary == "Registered Cluster 01"
    assert lines[1].summary == "Cluster 01: registration form received -> Form received"
    assert lines[2].summary == "Cluster 01: card authorization received -> Complete"


def test_received_at_in_the_past_is_kept(services, workshop_id, delegates_for_ten, details, clock):
    registered = clock.now()
    rid = services.registrations.register(workshop_id, details(1))
    clock.set(registered + timedelta(days=1))
    authorization_at = registered + timedelta(hours=2)
    services.registrations.record_authorization(rid, authorization_at)
    services.registrations.record_form(rid, authorization_at + timedelta(hours=1))
    row = row_of(services, workshop_id, rid)
    assert row.status is S.COMPLETE
    assert row.authorization_received_at == authorization_at
    assert row.completed_at == authorization_at + timedelta(hours=1)


def test_received_at_in_the_future_is_refused(
    services, workshop_id, delegates_for_ten, details, today, snapshot
) -> None:
    rid = services.registrations.register(workshop_id, details(1))
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        services.registrations.record_form(rid, today + timedelta(seconds=1))
    assert refused.value.for_field("at") == ["That date is in the future."]
    assert snapshot() == before


def test_naive_received_at_is_refused(services, workshop_id, delegates_for_ten, details, snapshot):
    rid = services.registrations.register(workshop_id, details(1))
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        services.registrations.record_form(rid, datetime(2018, 9, 27, 12, 0))
    assert refused.value.for_field("at")
    assert snapshot() == before


def test_document_before_the_registration_is_refused(
    services, workshop_id, delegates_for_ten, details, today, snapshot
) -> None:
    rid = services.registrations.register(workshop_id, details(1))
    before = snapshot()
    with pytest.raises(ValidationError, match="before the previous step"):
        services.registrations.record_form(rid, today - timedelta(days=1))
    assert snapshot() == before


def test_recording_a_document_twice_is_refused(
    services, workshop_id, delegates_for_ten, details, snapshot
) -> None:
    rid = services.registrations.register(workshop_id, details(1))
    services.registrations.record_form(rid)
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        services.registrations.record_form(rid)
    assert refused.value.for_field("receive_form") == [
        "The registration form has already been recorded."
    ]
    assert snapshot() == before


def test_late_completion_and_acceptance(
    services, workshop_id, delegates_for_ten, details, clock, actor, snapshot
) -> None:
    rid = services.registrations.register(workshop_id, details(1))
    services.registrations.record_form(rid)
    clock.set(DEADLINE + timedelta(hours=10))
    services.registrations.record_authorization(rid, DEADLINE)  # exactly at midnight: late
    row = row_of(services, workshop_id, rid)
    assert row.status is S.LATE
    assert row.late
    assert row.completed_at == DEADLINE
    outlook = services.registrations.outlook(workshop_id)
    assert outlook.complete_count == 0
    assert [e.key for e in outlook.late_pending] == [rid]

    before = snapshot()
    with pytest.raises(ValidationError, match="give a reason"):
        services.registrations.accept_late(rid, "   ")
    assert snapshot() == before

    services.registrations.accept_late(rid, "  Courier delayed by the storm ")
    row = row_of(services, workshop_id, rid)
    assert row.status is S.COMPLETE
    assert row.late
    assert row.late_accepted_reason == "Courier delayed by the storm"
    assert services.registrations.outlook(workshop_id).complete_count == 1
    last = services.registrations.history(rid)[-1]
    assert (last.event, last.reason, last.by) == (
        E.ACCEPT_LATE,
        "Courier delayed by the storm",
        actor,
    )
    line = audit_lines(services, workshop_id)[-1]
    assert line.action == "registration.accept_late"
    assert line.summary == (
        "Cluster 01: late completion accepted -> Complete (reason: Courier delayed by the storm)"
    )


def test_accepting_an_on_time_registration_is_refused(
    services, workshop_id, delegates_for_ten, details
) -> None:
    rid = services.registrations.register(workshop_id, details(1))
    complete(services, rid)
    with pytest.raises(ValidationError, match="after the deadline"):
        services.registrations.accept_late(rid, "Because")


def test_withdraw_needs_a_reason(
    services, workshop_id, delegates_for_ten, details, snapshot
) -> None:
    rid = services.registrations.register(workshop_id, details(1))
    before = snapshot()
    with pytest.raises(ValidationError, match="reason"):
        services.registrations.withdraw(rid, "")
    assert snapshot() == before

    services.registrations.withdraw(rid, "Travel budget refused")
    assert row_of(services, workshop_id, rid).status is S.WITHDRAWN
    assert audit_lines(services, workshop_id)[-1].summary == (
        "Cluster 01: withdrawn -> Withdrawn (reason: Travel budget refused)"
    )
    with pytest.raises(ValidationError, match="nothing more can change"):
        services.registrations.record_form(rid)


def test_audit_summaries_hold_no_contact_details(
    services, workshop_id, delegates_for_ten, details, clock
) -> None:
    form = details(1, contact_phone="+1 416 946 5325")
    rid = services.registrations.register(workshop_id, form)
    services.registrations.update_details(rid, form)
    services.registrations.record_form(rid)
    clock.set(DEADLINE + timedelta(days=1))
    services.registrations.record_authorization(rid)
    services.registrations.accept_late(rid, "Approved")
    services.registrations.withdraw(rid, "Cancelled trip")
    summaries = [line.summary for line in audit_lines(services, workshop_id)]
    assert len(summaries) == 2 + 6  # workshop, delegate import, every registration step
    for summary in summaries:
        assert "delegate1" not in summary.lower()
        assert "@" not in summary
        assert "416" not in summary


def test_transitions_are_stored_with_positions(
    services, workshop_id, delegates_for_ten, details, db_url, today, actor
) -> None:
    rid = services.registrations.register(workshop_id, details(1))
    complete(services, rid)
    rows = query(
        db_url,
        'SELECT position, event, "before", "after", by, CAST(recorded_at AS TEXT) '
        "FROM registration_transition WHERE registration_id = :rid ORDER BY position",
        rid=rid,
    )
    stamp = today.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    assert [row[:5] for row in rows] == [
        (0, "register", None, "registered", actor),
        (1, "receive_form", "registered", "form_received", actor),
        (2, "receive_authorization", "form_received", "complete", actor),
    ]
    assert all(row[5].startswith(stamp) for row in rows)


def test_unknown_registration(services, workshop_id) -> None:
    with pytest.raises(NotFoundError, match="no registration #77"):
        services.registrations.record_form(77)
    with pytest.raises(NotFoundError):
        services.registrations.history(77)


@pytest.mark.parametrize(
    "use_case",
    [
        lambda s, rid: s.registrations.record_form(rid),
        lambda s, rid: s.registrations.withdraw(rid, "Changed plans"),
        lambda s, rid: s.registrations.update_details(
            rid, RegistrationDetails("Renamed", "Canada", "ICT", "X", "delegate1@clusters.example")
        ),
    ],
    ids=["record_form", "withdraw", "update_details"],
)
def test_failure_mid_use_case_leaves_the_database_as_it_was(
    services, workshop_id, delegates_for_ten, details, snapshot, monkeypatch, use_case
) -> None:
    rid = services.registrations.register(workshop_id, details(1))
    before = snapshot()

    def broken(*args, **kwargs) -> None:
        raise RuntimeError("audit disk full")

    monkeypatch.setattr(audit, "record", broken)
    with pytest.raises(RuntimeError, match="audit disk full"):
        use_case(services, rid)
    assert snapshot() == before
    monkeypatch.undo()
    assert row_of(services, workshop_id, rid).status is S.REGISTERED


def test_failure_while_registering_leaves_nothing(
    services, workshop_id, delegates_for_ten, details, snapshot, monkeypatch
) -> None:
    before = snapshot()

    def broken(*args, **kwargs) -> None:
        raise RuntimeError("audit disk full")

    monkeypatch.setattr(audit, "record", broken)
    with pytest.raises(RuntimeError):
        services.registrations.register(workshop_id, details(1))
    assert snapshot() == before


# -- the outlook ----------------------------------------------------------------------------


def test_outlook_reaches_quorum_and_the_fee_tier_moves(
    services, workshop_id, delegates_for_ten, details, clock, today
) -> None:
    ids = [services.registrations.register(workshop_id, details(n)) for n in range(1, 6)]
    for minutes, rid in enumerate(ids[:3]):
        clock.set(today + timedelta(minutes=minutes + 1))
        complete(services, rid)
    outlook = services.registrations.outlook(workshop_id)
    assert outlook.headline() == "3 of 4 complete — 1 more needed by Oct 1, 2018"
    assert outlook.fee_now is None
    assert outlook.deadline_text() == "3 days to the deadline"

    clock.set(today + timedelta(minutes=10))
    complete(services, ids[3])
    outlook = services.registrations.outlook(workshop_id)
    assert outlook.quorum_reached
    assert outlook.headline() == "Quorum reached: 4 complete (fee tier of 4)"
    assert outlook.fee_now is not None
    assert outlook.fee_now.participants == 4
    assert outlook.fee_now.price.gross.format() == "3,000.00 CAD"
    assert outlook.revenue is not None and outlook.revenue.gross.format() == "12,000.00 CAD"

    clock.set(today + timedelta(minutes=20))
    complete(services, ids[4])
    outlook = services.registrations.outlook(workshop_id)
    assert outlook.fee_now is not None and outlook.fee_now.participants == 5
    assert outlook.fee_now.price.gross.format() == "2,780.00 CAD"
    assert outlook.fee_now.approximation_text() == "~1,840 EUR"


def test_list_gives_waitlist_positions_beyond_six(
    services, workshop_id, delegates_for_ten, details, clock, today
) -> None:
    ids = [services.registrations.register(workshop_id, details(n)) for n in range(1, 10)]
    # Complete them in reverse registration order, one minute apart; leave one in progress.
    order = list(reversed(ids[1:]))
    for minute, rid in enumerate(order, start=1):
        clock.set(today + timedelta(minutes=minute))
        complete(services, rid)

    rows = {row.id: row for row in services.registrations.list(workshop_id)}
    assert [rows[rid].waitlist_position for rid in order] == [None] * 6 + [1, 2]
    assert rows[ids[0]].waitlist_position is None
    assert rows[ids[0]].status is S.REGISTERED
    outlook = services.registrations.outlook(workshop_id)
    assert [e.key for e in outlook.confirmed] == order[:6]
    assert [e.key for e in outlook.waitlisted] == order[6:]
    assert outlook.headline() == (
        "Quorum reached: 8 complete, 6 confirmed and 2 waitlisted (fee tier of 6)"
    )
    # The list itself is in registration order.
    assert [row.id for row in services.registrations.list(workshop_id)] == ids
