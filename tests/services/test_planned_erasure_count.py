"""How many cards the decision destroys, counted (issue 17): the desk shows the number at
every refresh, so ``DecisionService.planned_erasure_count`` counts in the database instead
of masking each card of the dry run's list. The list (``planned_erasures``, which the
wizard and the command line still show) is the oracle: on random workshops, in every
state, decided or not, the count is the list's length, with or without the caller's plan.
The list and the plan themselves are compared with the previous code's (which planned
every registration, final ones too, and masked every stored card before choosing).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from types import ModuleType

import pytest
from sqlalchemy import delete, select, update

from bench_exports import bench_exports
from escadesk.app import Services
from escadesk.domain.cards import CardBrand, MaskedCard
from escadesk.domain.decision import DecisionPlan, Outcome, plan_decision
from escadesk.domain.quorum import QuorumEntry
from escadesk.domain.registration import RegistrationStatus
from escadesk.services.clock import FixedClock
from escadesk.services.vault import new_uid
from escadesk.services.workshop_mapping import calendar_of, schedule_of
from escadesk.storage import models
from statement_counter import statements

SMALL, LARGE = 10, 200
SEEDS = range(12)


@pytest.fixture(scope="module")
def bench() -> Iterator[ModuleType]:
    with bench_exports("escadesk_bench_exports_erasure_count") as module:
        yield module


@pytest.fixture(scope="module")
def built(
    bench: ModuleType, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Services, int, int]]:
    """Two workshops, of 10 and of 200 registrations, each test shuffles as it likes."""
    folder = tmp_path_factory.mktemp("erasure-count") / "data"
    services, (small, large) = bench.build(folder, workshops=1, per_workshop=SMALL, large=LARGE)
    yield services, small, large
    services.close()


def shuffle(services: Services, bench: ModuleType, workshop_id: int, seed: int) -> None:
    """A random workshop: each registration in a random state (completed at a random
    moment), none, a tenth or half of them with a card stored, a random decision or none, and the
    clock before the deadline, on it, or after the event."""
    chance = random.Random(seed)
    statuses = list(RegistrationStatus)
    with services.context.database.transaction() as session:
        ids = list(
            session.scalars(
                select(models.Registration.id).where(models.Registration.workshop_id == workshop_id)
            )
        )
        for registration_id in ids:
            completed = bench.DECIDED - timedelta(days=20, minutes=chance.randrange(10_000))
            session.execute(
                update(models.Registration)
                .where(models.Registration.id == registration_id)
                .values(status=chance.choice(statuses).value, completed_at=completed)
            )
        session.execute(
            delete(models.CardAuthorization).where(
                models.CardAuthorization.registration_id.in_(ids)
            )
        )
        for registration_id in chance.sample(ids, int(len(ids) * chance.choice([0, 0.1, 0.5]))):
            session.add(
                models.CardAuthorization(
                    registration_id=registration_id,
                    record_uid=new_uid(),
                    brand="visa",
                    last4="1111",
                    state="active",
                    recorded_at=bench.DECIDED,
                    recorded_by="test",
                    updated_at=bench.DECIDED,
                )
            )
        decision = chance.choice([None, "proceed", "cancel"])
        session.execute(
            update(models.Workshop)
            .where(models.Workshop.id == workshop_id)
            .values(
                decision=decision,
                decided_at=None if decision is None else bench.DECIDED,
                decided_by=None if decision is None else "test",
            )
        )
    clock = services.clock
    assert isinstance(clock, FixedClock)
    clock.set(bench.NOW + timedelta(days=chance.choice([-6, 0, 3])))


@pytest.mark.parametrize("seed", SEEDS)
def test_the_count_is_the_length_of_the_list(
    built: tuple[Services, int, int], bench: ModuleType, seed: int
) -> None:
    services, small, large = built
    decision = services.decision
    for workshop_id in (small, large):
        shuffle(services, bench, workshop_id, seed * 2 + (workshop_id == large))
        listed = decision.planned_erasures(workshop_id)
        assert decision.planned_erasure_count(workshop_id) == len(listed), seed
        plan = decision.preview(workshop_id)  # as the desk's overview passes it
        assert decision.planned_erasure_count(workshop_id, plan) == len(listed), seed


def test_the_shuffles_cover_every_outcome(
    built: tuple[Services, int, int], bench: ModuleType
) -> None:
    """The random workshops above: decided either way and not, with cards to destroy
    and without (a count of 0 everywhere would prove nothing)."""
    services, _small, large = built
    seen: set[tuple[str | None, bool]] = set()
    for seed in SEEDS:
        shuffle(services, bench, large, seed * 2 + 1)
        taken = services.decision.taken(large)
        outcome = taken.outcome.value if taken is not None else None
        seen.add((outcome, services.decision.planned_erasure_count(large) > 0))
    assert {outcome for outcome, _some in seen} == {None, "proceed", "cancel"}
    assert {some for _outcome, some in seen} == {True, False}


@pytest.mark.parametrize("decision", [None, "proceed", "cancel"])
def test_the_count_reads_as_many_statements_for_200_registrations_as_for_10(
    built: tuple[Services, int, int], bench: ModuleType, decision: str | None
) -> None:
    services, small, large = built
    for workshop_id in (small, large):
        shuffle(services, bench, workshop_id, 7)
    with services.context.database.transaction() as session:
        session.execute(
            update(models.Workshop).values(
                decision=decision, decided_at=bench.DECIDED if decision else None
            )
        )
    count = services.decision.planned_erasure_count
    count(small)  # warm: the first read of a session may load settings
    few = statements(services, lambda: count(small))
    many = statements(services, lambda: count(large))
    assert len(many) == len(few) <= 6, (len(few), len(many))


def previous_dry_run(services: Services, workshop_id: int) -> tuple[DecisionPlan, list[str]]:
    """The plan and the masked list as the code before this change made them: every
    registration of the workshop planned (the final ones too, which the plan leaves out),
    every stored card masked, then the decision's rule applied to each."""
    with services.context.database.reading() as session:
        workshop = session.get_one(models.Workshop, workshop_id)
        rows = session.execute(
            select(
                models.Registration.id,
                models.Organization.name,
                models.Registration.status,
                models.Registration.completed_at,
            )
            .join(
                models.Organization, models.Organization.id == models.Registration.organization_id
            )
            .where(models.Registration.workshop_id == workshop_id)
            .order_by(models.Registration.id)
        )
        entries = [QuorumEntry(k, name, RegistrationStatus(s), at) for k, name, s, at in rows]
        plan = plan_decision(
            entries, calendar_of(workshop), schedule_of(workshop), services.clock.now()
        )
        cards = session.execute(
            select(
                models.CardAuthorization.registration_id,
                models.CardAuthorization.brand,
                models.CardAuthorization.last4,
                models.Registration.status,
                models.Organization.name,
            )
            .join(
                models.Registration,
                models.Registration.id == models.CardAuthorization.registration_id,
            )
            .join(
                models.Organization, models.Organization.id == models.Registration.organization_id
            )
            .where(models.Registration.workshop_id == workshop_id)
            .order_by(models.CardAuthorization.registration_id)
        )
        masked = [
            (key, name, RegistrationStatus(status), str(MaskedCard(CardBrand(brand), last4)))
            for key, brand, last4, status, name in cards
        ]
        if workshop.decision is None:
            outcome, cancelled = plan.outcome, {entry.key for entry in plan.cancelled}
        else:
            outcome, cancelled = Outcome(workshop.decision), set()
        useless = (RegistrationStatus.CANCELLED, RegistrationStatus.WITHDRAWN)
        listed = [
            f"{key} {name} {status.value} {card}"
            for key, name, status, card in masked
            if outcome is Outcome.CANCEL or status in useless or key in cancelled
        ]
    return plan, listed


@pytest.mark.parametrize("seed", SEEDS)
def test_the_dry_run_is_the_one_the_previous_code_made(
    built: tuple[Services, int, int], bench: ModuleType, seed: int
) -> None:
    """The plan reads only the live registrations and masks only the cards it lists: the
    same plan and the same list as before, for the wizard's dry run, the preview and the
    list alone."""
    services, small, large = built
    decision = services.decision
    for workshop_id in (small, large):
        shuffle(services, bench, workshop_id, seed * 2 + (workshop_id == large))
        plan, listed = previous_dry_run(services, workshop_id)
        dry_run = decision.dry_run(workshop_id)
        assert dry_run.plan == plan == decision.preview(workshop_id), seed
        for cards in (dry_run.cards, decision.planned_erasures(workshop_id)):
            shown = [
                f"{c.registration_id} {c.organization} {c.status.value} {c.card}" for c in cards
            ]
            assert shown == listed, seed


def test_the_same_dry_run_on_the_test_database(bench: ModuleType, tmp_path: Path) -> None:
    """The oracle above on a workshop built for this test alone: on the server when the
    suites run on PostgreSQL (the module's workshops are built before a test's database
    is chosen, so on SQLite)."""
    services, (small, large) = bench.build(
        tmp_path / "data", workshops=1, per_workshop=SMALL, large=60
    )
    try:
        for seed in range(4):
            for workshop_id in (small, large):
                shuffle(services, bench, workshop_id, seed * 2 + (workshop_id == large))
                plan, listed = previous_dry_run(services, workshop_id)
                dry_run = services.decision.dry_run(workshop_id)
                assert dry_run.plan == plan, seed
                shown = [
                    f"{c.registration_id} {c.organization} {c.status.value} {c.card}"
                    for c in dry_run.cards
                ]
                assert shown == listed, seed
    finally:
        services.close()
