"""The hash-chained audit log: intact after vault work; a changed, removed or forged
entry is reported by id, without a crash."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from vaultkit import ANDES, NORTHSHORE, PASSPHRASE, visa_form

from escadesk.app import Services
from escadesk.services import audit
from escadesk.services.vault import ErasureScope
from escadesk.storage.models import AuditEntry
from escadesk.vault.audit_chain import GENESIS, ChainedEntry, entry_hash, verify


@pytest.fixture
def busy(services: Services, registration: Callable[[str], int]) -> Services:
    """Every kind of vault act leaves its entry."""
    andes = registration(ANDES)
    services.vault.record(andes, visa_form())
    services.vault.reveal(andes, PASSPHRASE)
    services.vault.change_passphrase(PASSPHRASE, PASSPHRASE + "!", PASSPHRASE + "!")
    services.vault.erase(andes, "Card charged", ErasureScope.SENSITIVE)
    services.vault.erase(registration(NORTHSHORE), "Withdrawn")
    return services


def _ids(sql: Callable[..., list[tuple]]) -> list[int]:
    return [row[0] for row in sql("SELECT id FROM audit_entry ORDER BY id")]


def test_the_chain_is_intact_after_vault_work(
    busy: Services, sql: Callable[..., list[tuple]]
) -> None:
    report = busy.vault.verify_audit()

    assert report.intact and report.problem is None
    assert report.checked == len(_ids(sql)) > 20
    ((first,),) = sql("SELECT previous_hash FROM audit_entry ORDER BY id LIMIT 1")
    assert first == GENESIS


@pytest.mark.parametrize("column", ["summary", "actor", "action", "entity_id", "at"])
def test_a_changed_entry_is_named(
    busy: Services, sql: Callable[..., list[tuple]], column: str
) -> None:
    ids = _ids(sql)
    target = ids[len(ids) // 2]
    value = {
        "summary": "Nothing happened here.",
        "actor": "someone else",
        "action": "card.view",
        "entity_id": 999,
        "at": "2018-09-01 00:00:00.000000",
    }[column]
    sql(f"UPDATE audit_entry SET {column} = ? WHERE id = ?", value, target)

    report = busy.vault.verify_audit()

    assert not report.intact
    assert report.first_broken_id == target
    assert report.problem == f"Entry #{target} was changed after it was written."
    assert report.checked == ids.index(target) + 1


def test_the_last_entry_changed_is_named(busy: Services, sql: Callable[..., list[tuple]]) -> None:
    last = _ids(sql)[-1]
    sql("UPDATE audit_entry SET summary = summary || '.' WHERE id = ?", last)

    assert busy.vault.verify_audit().first_broken_id == last


def test_a_deleted_entry_breaks_the_next_link(
    busy: Services, sql: Callable[..., list[tuple]]
) -> None:
    ids = _ids(sql)
    removed = ids[5]
    sql("DELETE FROM audit_entry WHERE id = ?", removed)

    report = busy.vault.verify_audit()

    assert report.first_broken_id == ids[6]
    assert report.problem == f"Entry #{ids[6]} does not follow the entry before it."


def test_a_forged_entry_with_a_recomputed_hash_still_breaks_the_chain(
    busy: Services, sql: Callable[..., list[tuple]]
) -> None:
    """Rewriting an entry and its own hash is not enough: the next entry points at the
    old hash."""
    ids = _ids(sql)
    target = ids[3]
    with busy.context.database.reading() as session:
        entry = session.get(AuditEntry, target)
        assert entry is not None
        forged_summary = "A harmless summary."
        forged = entry_hash(
            entry.previous_hash,
            entry.at,
            entry.actor,
            entry.action,
            entry.entity,
            entry.entity_id,
            entry.workshop_id,
            forged_summary,
        )
    sql(
        "UPDATE audit_entry SET summary = ?, entry_hash = ? WHERE id = ?",
        forged_summary,
        forged,
        target,
    )

    report = busy.vault.verify_audit()

    assert report.first_broken_id == ids[4]
    assert "does not follow" in (report.problem or "")


def test_swapped_entries_are_reported(busy: Services, sql: Callable[..., list[tuple]]) -> None:
    ids = _ids(sql)
    a, b = ids[2], ids[3]
    columns = "at, actor, action, entity, entity_id, workshop_id, summary"
    (row_a,) = sql(f"SELECT {columns} FROM audit_entry WHERE id = ?", a)
    (row_b,) = sql(f"SELECT {columns} FROM audit_entry WHERE id = ?", b)
    assignments = ", ".join(f"{c.strip()} = ?" for c in columns.split(","))
    sql(f"UPDATE audit_entry SET {assignments} WHERE id = ?", *row_b, a)
    sql(f"UPDATE audit_entry SET {assignments} WHERE id = ?", *row_a, b)

    assert busy.vault.verify_audit().first_broken_id == a


def test_verify_walks_a_chain_built_by_hand() -> None:
    at = datetime(2018, 9, 28, 14, 0, tzinfo=UTC)
    entries = []
    previous = GENESIS
    for number in range(1, 4):
        digest = entry_hash(previous, at, "me", "act", "vault", None, None, f"step {number}")
        entries.append(
            ChainedEntry(
                number, at, "me", "act", "vault", None, None, f"step {number}", previous, digest
            )
        )
        previous = digest

    assert verify(entries).intact and verify(entries).checked == 3
    assert verify([]).intact
    assert verify(entries[1:]).first_broken_id == 2


def test_the_audit_log_refuses_a_card_number(services: Services) -> None:
    with services.context.database.transaction() as session, pytest.raises(ValueError):
        audit.record(
            session,
            at=datetime(2018, 9, 28, tzinfo=UTC),
            actor="tester",
            action="note",
            entity="vault",
            entity_id=None,
            workshop_id=None,
            summary="Card 4111-1111-1111-1111 charged",
        )
    assert services.vault.verify_audit().intact
