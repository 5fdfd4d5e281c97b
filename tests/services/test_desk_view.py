"""The desk's one read per refresh (services/desk_view.py, issue 17): a fixed number of
SQL statements whatever the number of registrations, and the same values as the separate
reads the window made before (the list, the outlook, the masked cards, the charges, the
overview, the decision, the erasures due, the pitch order, the delegates).

Statements are counted with a SQLAlchemy event on workshops of 10 and of 200 registrations
built by bench/exports.py's row builder (every state, cards, charges and erasures), in
every phase of the workshop's life.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from types import ModuleType

import pytest
from sqlalchemy import delete, update

from bench_exports import bench_exports
from escadesk.app import Services
from escadesk.domain.decision import Outcome
from escadesk.domain.registration import RegistrationStatus
from escadesk.domain.registration_form import RegistrationDetails
from escadesk.services.clock import FixedClock
from escadesk.services.desk_view import DeskSnapshot
from escadesk.services.registration_lifecycle import workshop_registrations
from escadesk.services.views import RegistrationRow
from escadesk.storage import models
from statement_counter import statements

SMALL, LARGE = 10, 200


@pytest.fixture(scope="module")
def bench() -> Iterator[ModuleType]:
    with bench_exports("escadesk_bench_exports_desk") as module:
        yield module


@pytest.fixture
def built(bench: ModuleType, tmp_path: Path) -> Iterator[tuple[Services, int, int]]:
    """Two workshops decided to proceed: one of 10 registrations, one of 200."""
    services, (small, large) = bench.build(
        tmp_path / "data", workshops=1, per_workshop=SMALL, large=LARGE
    )
    yield services, small, large
    services.close()


#: Where the workshops stand: (decision stored, days after the bench's "now").
PHASES: dict[str, tuple[str | None, int]] = {
    "before the deadline": (None, -6),
    "decision due": (None, 0),
    "decision due after the event": (None, 3),
    "proceeding": ("proceed", 0),
    "after the event": ("proceed", 3),
    "cancelled": ("cancel", 0),
}


def put_in_phase(services: Services, bench: ModuleType, phase: str) -> None:
    decision, days = PHASES[phase]
    values: dict[str, object] = {"decision": None, "decided_at": None, "decided_by": None}
    if decision is not None:
        values = {"decision": decision, "decided_at": bench.DECIDED, "decided_by": "x"}
    with services.context.database.transaction() as session:
        session.execute(update(models.Workshop).values(**values))
    clock = services.clock
    assert isinstance(clock, FixedClock)
    clock.set(bench.NOW + timedelta(days=days))


@pytest.mark.parametrize("phase", list(PHASES))
def test_a_refresh_reads_as_many_statements_for_200_registrations_as_for_10(
    built: tuple[Services, int, int], bench: ModuleType, phase: str
) -> None:
    services, small, large = built
    put_in_phase(services, bench, phase)
    desk = services.desk_view
    desk.load(small)  # warm: the first read of a session may load settings
    few = statements(services, lambda: desk.load(small))
    many = statements(services, lambda: desk.load(large))
    assert len(many) == len(few), (len(few), len(many))
    assert len(few) <= 20, few
    # After a change to one registration: only its rows are read again.
    for workshop in (small, large):
        snapshot = desk.load(workshop)
        one = snapshot.rows[3].id
        counted = statements(services, lambda s=snapshot, o=one: desk.update(s, [o]))
        assert len(counted) == len(few), (phase, len(counted))


@pytest.mark.parametrize("read", ["list", "outlook"])
def test_the_registrations_list_and_outlook_do_not_grow_either(
    built: tuple[Services, int, int], read: str
) -> None:
    services, small, large = built
    use_case = getattr(services.registrations, read)
    use_case(small)
    few = statements(services, lambda: use_case(small))
    many = statements(services, lambda: use_case(large))
    assert len(many) == len(few) <= 5, (len(few), len(many))


# -- the same values as the separate reads ---------------------------------------------------


def listed_before(services: Services, workshop_id: int) -> list[RegistrationRow]:
    """RegistrationService.list as it was before issue 17 (ORM objects, one per row)."""
    with services.context.database.reading() as session:
        workshop = session.get(models.Workshop, workshop_id)
        assert workshop is not None
        rows = workshop_registrations(session, workshop_id)
        waiting = sorted(
            (r for r in rows if r.status == RegistrationStatus.WAITLISTED.value),
            key=lambda r: (r.completed_at, r.id),
        )
        if waiting or workshop.decision is not None:
            keys = [r.id for r in waiting]
        else:
            keys = [entry.key for entry in services.registrations.outlook(workshop_id).waitlisted]
        places = {key: position for position, key in enumerate(keys, 1)}
        return [
            RegistrationRow(
                id=r.id,
                organization=r.organization.name,
                country=r.organization.country,
                technology_area=r.organization.technology_area,
                contact_name=r.contact.name,
                contact_title=r.contact.title,
                contact_email=r.contact.email,
                contact_phone=r.contact.phone,
                status=RegistrationStatus(r.status),
                registered_at=r.created_at,
                form_received_at=r.form_received_at,
                authorization_received_at=r.authorization_received_at,
                completed_at=r.completed_at,
                late=r.status == "late" or r.late_accepted_reason is not None,
                late_accepted_reason=r.late_accepted_reason,
                waitlist_position=places.get(r.id),
                fee_gross=r.fee_gross,
                fee_notice_due=r.fee_notice_due,
                version=r.version,
            )
            for r in rows
        ]


def assert_as_read_separately(services: Services, snapshot: DeskSnapshot) -> None:
    workshop_id = snapshot.workshop_id
    assert [row.registration() for row in snapshot.rows] == listed_before(services, workshop_id)
    assert [row.registration() for row in snapshot.rows] == services.registrations.list(workshop_id)
    assert snapshot.outlook == services.registrations.outlook(workshop_id)
    assert snapshot.overview == services.lifecycle.overview(workshop_id)
    assert dict(snapshot.cards) == services.vault.masked(workshop_id)
    charges = {charge.registration_id: charge for charge in services.charging.charges(workshop_id)}
    assert {row.id: row.charge for row in snapshot.rows if row.charge} == charges
    taken = services.decision.taken(workshop_id)
    assert snapshot.proceeded == (taken is not None and taken.outcome is Outcome.PROCEED)
    assert snapshot.erasures_due == bool(services.decision.after_event_erasures(workshop_id))
    assert snapshot.has_pitch_order == bool(services.exports.pitch_order(workshop_id))
    assert snapshot.delegates == services.delegates.count(workshop_id)


@pytest.mark.parametrize("phase", list(PHASES))
def test_the_snapshot_holds_what_the_separate_reads_said(
    built: tuple[Services, int, int], bench: ModuleType, phase: str
) -> None:
    services, small, large = built
    put_in_phase(services, bench, phase)
    for workshop_id in (small, large):
        assert_as_read_separately(services, services.desk_view.load(workshop_id))


def test_an_update_after_a_change_equals_a_fresh_read(
    built: tuple[Services, int, int], bench: ModuleType
) -> None:
    """Before the deadline: a form recorded, a late completion accepted, a registration
    added and one withdrawn, each followed by an update of that registration only."""
    services, _small, large = built
    put_in_phase(services, bench, "before the deadline")
    desk, registrations = services.desk_view, services.registrations
    snapshot = desk.load(large)
    by_status = {row.status: row.id for row in snapshot.rows}

    def form() -> int:
        registrations.record_form(by_status[RegistrationStatus.REGISTERED])
        return by_status[RegistrationStatus.REGISTERED]

    def new() -> int:
        with services.context.database.transaction() as session:  # a delegate may register
            email = "new@clusters.example"
            session.add(
                models.Delegate(
                    workshop_id=large, email=email, email_normalized=email, imported_at=bench.NOW
                )
            )
        details = RegistrationDetails(
            organization="Zürich Straße Cluster",
            country="Switzerland",
            technology_area="ICT",
            contact_name="Ærin Øster",
            contact_email="new@clusters.example",
        )
        return registrations.register(large, details)

    def withdraw() -> int:
        registrations.withdraw(by_status[RegistrationStatus.REGISTERED], "No budget")
        return by_status[RegistrationStatus.REGISTERED]

    for change in (form, new, withdraw):
        touched = change()
        updated = desk.update(snapshot, [touched])
        assert updated == desk.load(large), change.__name__
        assert_as_read_separately(services, updated)
        snapshot = updated


@pytest.mark.parametrize("phase", list(PHASES))
def test_an_update_equals_a_fresh_read_in_every_phase(
    built: tuple[Services, int, int], bench: ModuleType, phase: str
) -> None:
    """One registration changed in the database at a time (its state, its fee notice,
    its card gone), as a charge, a promotion or a withdrawal changes one, then one
    deleted: each update of that registration only equals a fresh read, the overview
    and its counts too."""
    services, _small, large = built
    put_in_phase(services, bench, phase)
    desk, chance = services.desk_view, random.Random(phase)
    snapshot = desk.load(large)
    for step in range(12):
        row = chance.choice(snapshot.rows)
        with services.context.database.transaction() as session:
            if step % 3 == 2:
                session.execute(
                    delete(models.CardAuthorization).where(
                        models.CardAuthorization.registration_id == row.id
                    )
                )
            session.execute(
                update(models.Registration)
                .where(models.Registration.id == row.id)
                .values(
                    status=chance.choice(list(RegistrationStatus)).value,
                    completed_at=row.completed_at or bench.DECIDED - timedelta(days=30),
                    fee_notice_due=not row.fee_notice_due,
                )
            )
        updated = desk.update(snapshot, [row.id])
        assert updated == desk.load(large), (phase, step)
        snapshot = updated
    # One gone (the app never deletes one; an update names it all the same).
    gone = next(row for row in snapshot.rows if row.card is None and row.charge is None)
    with services.context.database.transaction() as session:
        session.execute(delete(models.Erasure).where(models.Erasure.registration_id == gone.id))
        session.execute(delete(models.Registration).where(models.Registration.id == gone.id))
    updated = desk.update(snapshot, [gone.id])
    assert gone.id not in {row.id for row in updated.rows}
    assert updated == desk.load(large), phase
    last = updated.rows[-1]  # found at its new index
    with services.context.database.transaction() as session:
        session.execute(
            update(models.Registration)
            .where(models.Registration.id == last.id)
            .values(fee_notice_due=not last.fee_notice_due)
        )
    assert desk.update(updated, [last.id]) == desk.load(large), phase
