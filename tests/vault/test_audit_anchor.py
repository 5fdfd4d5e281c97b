"""The audit chain's anchor outside the database (issue 14, item 6): entries removed from
the end, or a whole log replaced by a fresh self-consistent chain, are reported; normal
work (locking, erasures with their device-key rotation, a new passphrase, a restart)
keeps the anchor valid."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from vaultkit import ANDES, NORTHSHORE, PASSPHRASE, visa_form

from escadesk import cli
from escadesk.app import KEYCHAIN_SETTING, AppConfig, Services, build_services
from escadesk.services import audit
from escadesk.services.clock import FixedClock
from escadesk.services.demo import DEMO_TODAY, seed_demo
from escadesk.services.vault import ErasureScope
from escadesk.vault.audit_chain import GENESIS, Anchor, ChainedEntry, entry_hash, verify
from escadesk.vault.kdf import fast_test_params
from escadesk.vault.keychain import FileKeychain, MemoryKeychain
from raw_sql import plain_sql

COLUMNS = "at, actor, action, entity, entity_id, workshop_id, summary, previous_hash, entry_hash"


def _anchor(keychain: MemoryKeychain) -> Anchor:
    (value,) = [v for name, v in keychain._items.items() if name.endswith("/audit-anchor")]
    return Anchor.from_bytes(value)


def _count(sql: Callable[..., list[tuple]]) -> int:
    ((count,),) = sql("SELECT count(*) FROM audit_entry")
    return count


def test_entries_removed_from_the_end_are_reported(
    services: Services, sql: Callable[..., list[tuple]], keychain: MemoryKeychain
) -> None:
    services.vault.lock()  # a checkpoint: the anchor now reaches the last entry
    total = _count(sql)
    anchor = _anchor(keychain)
    assert (anchor.count, anchor.last_id) == (total, sql("SELECT max(id) FROM audit_entry")[0][0])
    keep = total - 5
    ((last_kept,),) = sql("SELECT id FROM audit_entry ORDER BY id LIMIT 1 OFFSET ?", keep - 1)
    sql("DELETE FROM audit_entry WHERE id > ?", last_kept)

    report = services.vault.verify_audit()

    assert not report.intact
    assert report.checked == keep
    assert report.problem is not None
    assert report.problem.startswith(f"Entries were removed after #{last_kept}:")
    assert f"the log had {total} entries, up to #{anchor.last_id}" in report.problem


def test_an_unlock_after_the_removal_does_not_bless_it(
    services: Services, sql: Callable[..., list[tuple]], keychain: MemoryKeychain
) -> None:
    services.vault.lock()
    anchored = _anchor(keychain)
    sql("DELETE FROM audit_entry WHERE id > ?", anchored.last_id - 3)

    services.vault.unlock(PASSPHRASE)  # a checkpoint, which must not move the anchor
    services.vault.lock()

    assert _anchor(keychain) == anchored
    assert "Entries were removed" in (services.vault.verify_audit().problem or "")


def test_a_whole_log_replaced_by_a_fresh_chain_is_reported(
    services: Services, sql: Callable[..., list[tuple]], keychain: MemoryKeychain
) -> None:
    """Rebuilt from scratch with every hash recomputed: every link holds, and it even has
    more entries than anchored; only the anchor can tell."""
    services.vault.lock()
    rows = sql(f"SELECT id, {COLUMNS} FROM audit_entry ORDER BY id")
    sql("DELETE FROM audit_entry")
    previous = GENESIS
    for number, row in enumerate([*rows, *rows[:3]], start=1):
        # stored text on SQLite, a timestamp (naive UTC) on a server
        stored = row[1] if isinstance(row[1], datetime) else datetime.fromisoformat(row[1])
        at = stored.replace(tzinfo=UTC)
        summary = f"{row[7]} (rewritten)"
        digest = entry_hash(previous, at, row[2], row[3], row[4], row[5], row[6], summary)
        sql(
            f"INSERT INTO audit_entry (id, {COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            number,
            row[1],
            *row[2:7],
            summary,
            previous,
            digest,
        )
        previous = digest

    report = services.vault.verify_audit()

    assert not report.intact
    assert report.problem is not None and report.problem.startswith("The log was replaced")
    assert report.first_broken_id == _anchor(keychain).last_id


def test_normal_work_keeps_the_anchor_valid(
    services: Services,
    registration: Callable[[str], int],
    open_services: Callable[[], Services],
    keychain: MemoryKeychain,
    sql: Callable[..., list[tuple]],
) -> None:
    andes = registration(ANDES)
    services.vault.record(andes, visa_form())
    services.vault.lock()
    services.vault.unlock(PASSPHRASE)
    services.vault.erase(andes, "Card charged", ErasureScope.SENSITIVE)  # rotates the device key
    services.vault.change_passphrase(PASSPHRASE, PASSPHRASE + "!", PASSPHRASE + "!")
    services.vault.erase(registration(NORTHSHORE), "Withdrawn")
    assert _anchor(keychain).count == _count(sql)  # the erasure was a checkpoint
    services.vault.lock()
    services.close()

    restarted = open_services()
    restarted.vault.unlock(PASSPHRASE + "!")
    report = restarted.vault.verify_audit()

    assert report.intact, report.problem
    assert report.checked == _count(sql) == _anchor(keychain).count
    assert "match the anchor kept in this computer's keychain" in report.coverage
    assert "not yet anchored" not in report.coverage


def _note(services: Services, count: int) -> None:
    """``count`` audit entries in one committed transaction (one use case)."""
    with services.context.database.transaction() as session:
        for number in range(count):
            audit.record(
                session,
                at=DEMO_TODAY,
                actor="tester",
                action="note",
                entity="vault",
                entity_id=None,
                workshop_id=None,
                summary=f"note {number}",
            )


def test_every_commit_moves_the_anchor_so_a_removal_while_open_is_reported(
    services: Services,
    registration: Callable[[str], int],
    sql: Callable[..., list[tuple]],
    keychain: MemoryKeychain,
) -> None:
    """The issue's case, with the desk open (no lock, no checkpoint): entries written by
    ordinary use cases, then removed from the end, are reported."""
    before = _count(sql)
    services.vault.record(registration(ANDES), visa_form())  # the vault's own commit
    _note(services, 2)  # any other use case's transaction
    total = _count(sql)
    assert total > before
    assert _anchor(keychain).count == total
    sql("DELETE FROM audit_entry WHERE id > (SELECT max(id) - ? FROM audit_entry)", total - before)

    report = services.vault.verify_audit()

    assert not report.intact
    assert f"the log had {total} entries" in (report.problem or "")


def test_a_failed_transaction_moves_nothing(
    services: Services, keychain: MemoryKeychain, sql: Callable[..., list[tuple]]
) -> None:
    anchored = _anchor(keychain)
    with pytest.raises(RuntimeError), services.context.database.transaction() as session:
        audit.record(
            session,
            at=DEMO_TODAY,
            actor="tester",
            action="note",
            entity="vault",
            entity_id=None,
            workshop_id=None,
            summary="never committed",
        )
        raise RuntimeError("the use case failed")

    assert _anchor(keychain) == anchored and _count(sql) == anchored.count


@pytest.mark.parametrize(
    ("written", "words"), [(1, "the entry after it is"), (3, "the 3 entries after it are")]
)
def test_entries_written_after_the_anchor_are_named_as_not_anchored(
    services: Services, keychain: MemoryKeychain, written: int, words: str
) -> None:
    """A process killed between a commit and its anchor write (the hook never runs): the
    report says how far the anchor reaches; the next unlock catches up."""
    anchored = _anchor(keychain).count
    hooks = list(services.context.database.after_audited_commit)
    services.context.database.after_audited_commit.clear()
    _note(services, written)
    services.context.database.after_audited_commit.extend(hooks)
    assert _anchor(keychain).count == anchored

    report = services.vault.verify_audit()

    assert report.intact
    assert f"The first {anchored} entries" in report.coverage
    assert f"{words} not yet anchored" in report.coverage
    assert _anchor(keychain).count == anchored + written  # an intact verification moves it on


def test_the_next_unlock_catches_up_an_anchor_left_behind(
    services: Services, keychain: MemoryKeychain, sql: Callable[..., list[tuple]]
) -> None:
    hooks = list(services.context.database.after_audited_commit)
    services.context.database.after_audited_commit.clear()
    _note(services, 2)
    services.vault.lock()
    services.context.database.after_audited_commit.extend(hooks)
    services.vault.unlock(PASSPHRASE)

    assert _anchor(keychain).count == _count(sql)


def test_a_log_without_an_anchor_says_so(services: Services, keychain: MemoryKeychain) -> None:
    for name in [n for n in keychain._items if n.endswith("/audit-anchor")]:
        keychain.delete(name)

    first = services.vault.verify_audit()
    second = services.vault.verify_audit()

    assert first.intact and "had no anchor of the log yet" in first.coverage
    assert second.intact and "match the anchor" in second.coverage


def test_the_cli_reports_removed_entries_with_exit_code_4(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    services = build_services(
        AppConfig.resolve(folder),
        clock=FixedClock(DEMO_TODAY),
        keychain=FileKeychain(folder / "keys"),
        kdf_profile=fast_test_params,
    )
    services.settings.set(KEYCHAIN_SETTING, "file")
    seed_demo(services, vault_passphrase=PASSPHRASE)
    sql = plain_sql(services.config.database_url)
    services.close()  # a checkpoint: the anchor reaches the last entry

    def verify() -> tuple[int, str]:
        out = io.StringIO()
        code = cli.main(
            ["--data-dir", str(folder), "audit", "verify"], stdin=io.StringIO(), out=out
        )
        return code, out.getvalue()

    code, text = verify()
    assert code == cli.OK and text.startswith("Audit log intact"), text
    assert "match the anchor kept in this computer's keychain" in text

    ((total,),) = sql("SELECT count(*) FROM audit_entry")
    sql("DELETE FROM audit_entry WHERE id IN (SELECT id FROM audit_entry ORDER BY id DESC LIMIT 4)")

    code, text = verify()
    assert code == cli.DAMAGED == 4
    assert text.startswith("Audit log damaged: Entries were removed after #")
    assert f"now it has {total - 4}" in text


@pytest.mark.parametrize("removed", [1, 20])
def test_removal_is_reported_whatever_its_size(
    services: Services, sql: Callable[..., list[tuple]], removed: int
) -> None:
    services.vault.lock()
    sql(
        "DELETE FROM audit_entry WHERE id IN (SELECT id FROM audit_entry ORDER BY id DESC LIMIT ?)",
        removed,
    )
    assert "Entries were removed" in (services.vault.verify_audit().problem or "")


def test_an_unreadable_anchor_is_reported_not_ignored(
    services: Services, keychain: MemoryKeychain
) -> None:
    (name,) = [n for n in keychain._items if n.endswith("/audit-anchor")]
    keychain.set(name, b"not an anchor")

    report = services.vault.verify_audit()

    assert not report.intact and "cannot be read" in (report.problem or "")


def test_verify_checks_a_hand_built_chain_against_its_anchor() -> None:
    at = datetime(2018, 9, 28, 14, 0, tzinfo=UTC)

    def chain(label: str, length: int) -> list[ChainedEntry]:
        entries, previous = [], GENESIS
        for number in range(1, length + 1):
            summary = f"{label} {number}"
            digest = entry_hash(previous, at, "me", "act", "vault", None, None, summary)
            entries.append(
                ChainedEntry(
                    number, at, "me", "act", "vault", None, None, summary, previous, digest
                )
            )
            previous = digest
        return entries

    log = chain("step", 4)
    anchor = Anchor(3, log[2].entry_hash, 3)

    assert Anchor.from_bytes(anchor.to_bytes()) == anchor
    assert verify(log, anchor).intact
    assert "the entry after it is not yet anchored" in verify(log, anchor).coverage
    assert verify(log[:3], anchor).intact
    assert (verify(log[:2], anchor).problem or "").startswith("Entries were removed after #2:")
    assert (verify([], anchor).problem or "").startswith("Entries were removed after the start")
    replaced = verify(chain("forged", 5), anchor)
    assert replaced.first_broken_id == 3
    assert (replaced.problem or "").startswith("The log was replaced")
