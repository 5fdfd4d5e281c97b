"""A workshop is read in a fixed number of SQL statements, whatever its number of
registrations (issue 17): the decision's dry run and its confirmation, the roster and
finance data, the pitch order, and the erasures an unlock finishes. Statements are counted
with a SQLAlchemy event on workshops of 10 and of 600 registrations (200 for a
confirmation) built by bench/exports.py's row builder (every state, cards, charges and
erasures). 600 is above SQLAlchemy's batch of 500 ids for a ``selectinload``, which
adds a statement per 500 rows."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from types import ModuleType

import pytest
from sqlalchemy import update

from bench_exports import bench_exports
from escadesk.app import AppConfig, Services, build_services
from escadesk.services.clock import FixedClock
from escadesk.services.demo import announcement_workshop
from escadesk.storage import models
from escadesk.vault.kdf import fast_test_params
from escadesk.vault.keychain import MemoryKeychain
from statement_counter import statements

SMALL, LARGE, CONFIRMED = 10, 600, 200
#: The small workshop to confirm: 12 rows hold every kind of change the decision makes
#: (the builder's first incomplete registration is its 12th), as the 200 do.
FEW_TO_CONFIRM = 12
PASSPHRASE = "correct horse battery staple 17"


@pytest.fixture(scope="module")
def bench() -> Iterator[ModuleType]:
    with bench_exports("escadesk_bench_exports") as module:
        yield module


@pytest.fixture(scope="module")
def built(
    bench: ModuleType, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Services, int, int]]:
    """Two workshops decided to proceed: one of 10 registrations, one of 600."""
    folder = tmp_path_factory.mktemp("scale") / "data"
    services, (small, large) = bench.build(folder, workshops=1, per_workshop=SMALL, large=LARGE)
    yield services, small, large
    services.close()


def set_decided(services: Services, decided: bool) -> None:
    """The built workshops as decided (proceed, as built) or not decided yet."""
    values: dict[str, object] = {"decision": None, "decided_at": None, "decided_by": None}
    if decided:
        values = {"decision": "proceed", "decided_at": services.clock.now(), "decided_by": "x"}
    with services.context.database.transaction() as session:
        session.execute(update(models.Workshop).values(**values))


def _dry_run(services: Services, workshop_id: int) -> None:
    services.decision.preview(workshop_id)
    services.decision.planned_erasures(workshop_id)


READS: dict[str, Callable[[Services, int], object]] = {
    "decision dry run": _dry_run,
    "the wizard's dry run": lambda services, workshop_id: services.decision.dry_run(workshop_id),
    "planned erasures": lambda services, workshop_id: services.decision.planned_erasures(
        workshop_id
    ),
    "masked cards": lambda services, workshop_id: services.vault.masked(workshop_id),
    "roster data": lambda services, workshop_id: services.exports.roster_data(workshop_id),
    "finance data": lambda services, workshop_id: services.exports.finance_data(workshop_id),
    "pitch order": lambda services, workshop_id: services.exports.pitch_order(workshop_id),
}


@pytest.mark.parametrize("decided", [False, True], ids=["before the decision", "decided"])
@pytest.mark.parametrize("read", list(READS))
def test_a_read_does_not_grow_with_the_registrations(
    built: tuple[Services, int, int], read: str, decided: bool
) -> None:
    services, small, large = built
    set_decided(services, decided)
    use_case = READS[read]
    use_case(services, small)  # warm: the first read of a session may load settings
    few = statements(services, lambda: use_case(services, small))
    many = statements(services, lambda: use_case(services, large))
    assert len(many) == len(few), (len(few), len(many))
    assert len(few) <= 12


#: What a card authorization holds encrypted: never read to show, list or count cards.
ENCRYPTED = ("card_key", "sensitive_key", "card_blob", "code_blob", "scan_blob")


@pytest.mark.parametrize("read", ["the wizard's dry run", "planned erasures", "masked cards"])
def test_listing_cards_never_reads_their_encrypted_parts(
    built: tuple[Services, int, int], read: str
) -> None:
    services, _small, large = built
    set_decided(services, False)
    sent = statements(services, lambda: READS[read](services, large))
    cards = [statement for statement in sent if "card_authorization" in statement]
    assert cards, sent
    for statement in cards:
        assert not [column for column in ENCRYPTED if column in statement], statement


def test_an_unlock_reads_once_however_many_workshops_were_decided(
    built: tuple[Services, int, int],
) -> None:
    """Nothing is left to erase in the built workshops (their cards are those of
    registrations taking part or waiting): the hook asks once, not once per workshop."""
    services, _small, _large = built
    set_decided(services, True)
    both = statements(services, services.decision.finish_decided_erasures)
    set_decided(services, False)
    none = statements(services, services.decision.finish_decided_erasures)
    assert len(both) == len(none) == 1


@pytest.fixture
def confirmable(bench: ModuleType, tmp_path: Path) -> Iterator[tuple[Services, dict[int, int]]]:
    """Services with a vault, and two workshops not decided yet, of 12 and of 200
    registrations: the built rows turned into complete or in-progress ones."""
    services = build_services(
        AppConfig.resolve(tmp_path / "data"),
        clock=FixedClock(bench.NOW),
        actor="tester",
        keychain=MemoryKeychain(),
        kdf_profile=fast_test_params,
    )
    services.vault.set_up(PASSPHRASE)
    workshops: dict[int, int] = {}
    for number, size in enumerate((FEW_TO_CONFIRM, CONFIRMED)):
        workshop_id = services.workshops.create(replace(announcement_workshop(), code=f"W{number}"))
        with services.context.database.transaction() as session:
            for index in range(size):
                bench._registration(session, workshop_id, number, index)
        workshops[size] = workshop_id
    with services.context.database.transaction() as session:
        session.execute(
            update(models.Registration)
            .where(models.Registration.status.not_in(["registered", "withdrawn"]))
            .values(status="complete")
        )
    yield services, workshops
    services.close()


def test_confirming_takes_a_fixed_number_of_statements(
    confirmable: tuple[Services, dict[int, int]],
) -> None:
    """Reads and writes alike: the registrations are read once, each kind of change is one
    UPDATE, the new history one insert, the audit entries one append (the chain's head read
    once, one insert of every entry)."""
    services, workshops = confirmable

    def confirm(size: int) -> list[str]:
        return statements(services, lambda: services.decision.confirm(workshops[size], PASSPHRASE))

    few, many = confirm(FEW_TO_CONFIRM), confirm(CONFIRMED)
    assert len(many) == len(few), (len(few), len(many))
    assert len(few) <= 40, "\n".join(statement[:90] for statement in few)
    plan = services.decision.taken(workshops[CONFIRMED])
    assert plan is not None and plan.participants == 6
    statuses = services.registrations.list(workshops[CONFIRMED])
    assert sum(row.status.value == "confirmed" for row in statuses) == 6
    assert services.vault.verify_audit().intact
