"""Backups (issue 15, item 3): taken at the moments that matter, owner-only, rotated,
listed with what they hold, restored with the current file set aside; and a restore
never brings back an erased card: it shows as erased, with its certificate."""

from __future__ import annotations

import stat
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from vaultkit import NORTHSHORE, PASSPHRASE, RHINE

from escadesk.app import Services
from escadesk.services import audit
from escadesk.services.backups import restore_file
from escadesk.services.clock import FixedClock
from escadesk.storage import backups

#: A server's database is backed up by its administrator (pg_dump): escadesk takes none.
pytestmark = pytest.mark.sqlite_only("backups are copies of the SQLite file")


def _backups(services: Services) -> list[backups.Backup]:
    return services.backups.list()


def _restore(services: Services, backup: backups.Backup) -> Path | None:
    database = services.context.database.file
    assert database is not None
    services.close()
    return restore_file(backup, database, services.clock.now(), "tester")


def test_a_backup_is_owner_only_and_listed_with_what_it_holds(
    services: Services, workshop_id: int
) -> None:
    path = services.backups.back_up()

    (backup, *_older) = _backups(services)
    assert backup.path == path and backup.reason == "manual"
    assert backup.taken_at == services.clock.now().replace(microsecond=0)
    assert backup.workshops == 1
    assert backup.registrations == len(services.registrations.list(workshop_id))
    assert backup.size == path.stat().st_size > 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert not list(path.parent.glob("*.partial"))


def _dailies_on(services: Services) -> list[backups.Backup]:
    today = services.clock.now().astimezone().date()
    return [
        b
        for b in _backups(services)
        if b.reason == "daily" and b.taken_at and b.taken_at.astimezone().date() == today
    ]


def test_the_first_unlock_of_a_day_takes_one_backup(services: Services, clock: FixedClock) -> None:
    for _ in range(2):
        services.vault.lock()
        services.vault.unlock(PASSPHRASE)
    assert len(_dailies_on(services)) == 1

    clock.set(clock.now() + timedelta(days=1))
    assert _dailies_on(services) == []
    services.vault.lock()
    services.vault.unlock(PASSPHRASE)
    assert len(_dailies_on(services)) == 1


def test_only_the_newest_backups_are_kept(services: Services, clock: FixedClock) -> None:
    services.backups.set_keep(3)
    taken = []
    for _ in range(5):
        clock.set(clock.now() + timedelta(seconds=1))
        taken.append(services.backups.back_up())
    assert [b.path for b in _backups(services)] == list(reversed(taken[-3:]))
    assert not any(path.exists() for path in taken[:2])


def test_a_decision_is_preceded_by_a_backup(
    services: Services, workshop_id: int, clock: FixedClock
) -> None:
    clock.set(clock.now() + timedelta(days=4))  # past the registration deadline
    services.decision.confirm(workshop_id, PASSPHRASE)
    reasons = [b.reason for b in _backups(services)]
    assert "before-decision" in reasons
    (before,) = [b for b in _backups(services) if b.reason == "before-decision"]
    assert before.registrations == len(services.registrations.list(workshop_id))


def test_a_round_trip_restores_the_data_and_sets_the_current_file_aside(
    services: Services,
    open_services: Callable[[], Services],
    registration: Callable[[str], int],
    workshop_id: int,
) -> None:
    backup_path = services.backups.back_up()
    states_then = {r.organization: r.status for r in services.registrations.list(workshop_id)}
    services.registrations.withdraw(registration(RHINE), "Changed plans")
    (backup,) = [b for b in _backups(services) if b.path == backup_path]

    aside = _restore(services, backup)

    assert aside is not None and aside.exists() and aside.parent.name == "set-aside"
    restored = open_services()
    states_now = {r.organization: r.status for r in restored.registrations.list(workshop_id)}
    assert states_now == states_then
    with restored.context.database.reading() as session:
        (last, *_) = audit.recent(session, None, limit=1)
    assert last.action == "backup.restored" and backup.path.name in last.summary
    restored.vault.unlock(PASSPHRASE)
    report = restored.vault.verify_audit()
    assert report.intact, report.problem


def test_a_restore_never_brings_back_a_card_erased_since(
    services: Services,
    open_services: Callable[[], Services],
    registration: Callable[[str], int],
    workshop_id: int,
) -> None:
    """The backup was taken while Rhine's card was stored; Rhine then withdrew (its card
    erased, the device key replaced). Restored, the vault opens, Rhine's card is gone and
    its certificate is there; Northshore's card still opens."""
    backup_path = services.backups.back_up()
    rhine = registration(RHINE)
    erased = services.registrations.withdraw(rhine, "Changed plans")
    assert erased is not None
    (backup,) = [b for b in _backups(services) if b.path == backup_path]

    _restore(services, backup)
    restored = open_services()
    restored.vault.unlock(PASSPHRASE)

    assert restored.vault.reveal(registration(NORTHSHORE), PASSPHRASE).card_number
    assert rhine not in restored.vault.masked(workshop_id)
    certificates = [e for e in restored.vault.erasures() if e.registration_id == rhine]
    assert [c.certificate_uid for c in certificates] == [erased.certificate_uid]
    assert "Certificate" in restored.vault.certificate_text(certificates[0].id)


def test_an_erasure_searches_the_backups_and_finds_nothing(
    services: Services, registration: Callable[[str], int]
) -> None:
    services.backups.back_up()
    erased = services.registrations.withdraw(registration(RHINE), "Changed plans")
    assert erased is not None

    text = services.vault.certificate_text(erased.id)

    assert "in the database's folder and its backups" in text
    assert "backups/escadesk-" in text
    assert "No trace of the destroyed data was found in these files." in text


def test_a_damaged_backup_is_refused_and_nothing_moves(
    services: Services,
) -> None:
    path = services.backups.back_up()
    path.write_bytes(b"SQLite format 3\x00" + bytes(200))
    database = services.context.database.file
    assert database is not None
    (backup,) = [b for b in _backups(services) if b.path == path]
    services.close()
    before = database.read_bytes()

    with pytest.raises(Exception, match=r"damaged|not a database|malformed"):
        restore_file(backup, database, services.clock.now(), "tester")

    assert database.read_bytes() == before


def test_a_file_set_aside_by_a_restore_is_searched_and_its_traces_reported(
    services: Services,
    open_services: Callable[[], Services],
    registration: Callable[[str], int],
) -> None:
    """The set-aside file is never changed (it may be damaged): an erasure after the
    restore searches it too and says honestly that the card's encrypted data is there."""
    backup_path = services.backups.back_up()
    (backup,) = [b for b in _backups(services) if b.path == backup_path]
    aside = _restore(services, backup)
    assert aside is not None
    restored = open_services()
    restored.vault.unlock(PASSPHRASE)

    erased = restored.registrations.withdraw(registration(RHINE), "Changed plans")
    assert erased is not None
    text = restored.vault.certificate_text(erased.id)

    assert f"backups/set-aside/{aside.name}" in text
    assert f"Traces remained in: backups/set-aside/{aside.name} (4 of 4 destroyed items)" in text
