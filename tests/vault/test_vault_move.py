"""Moving the vault desk (issue 20): two computers share one database, each with its own
keychain. The device key exists in exactly one place at every moment: ``move_out`` on
the vault desk replaces it by a new key kept only in the move file (every stored key
re-wrapped, the vault recorded in transit, every key gone from that keychain); while in
transit no desk opens the vault; ``move_in`` (on any desk, the old one included)
replaces it once more, so the file is dead once the move is complete. Each failure
(a crash at each step, a keychain that refuses, a wrong passphrase, a stale or foreign
file) changes nothing.

Runs on the suite's database: a SQLite file, or PostgreSQL with ESCADESK_TEST_DATABASE_URL.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from vaultkit import NORTHSHORE, PASSPHRASE

from escadesk.app import AppConfig, Services, build_services
from escadesk.services import passphrase_delay
from escadesk.services import vault as vault_module
from escadesk.services.clock import FixedClock
from escadesk.services.demo import seed_demo
from escadesk.services.vault import (
    MoveRefusedError,
    NotVaultDeskError,
    VaultError,
    VaultService,
    WrongPassphraseError,
)
from escadesk.services.vault_desk import TRANSIT_SETTING, VAULT_DESK_SETTING
from escadesk.services.vault_generation import is_current
from escadesk.storage.models import AuditEntry, CardAuthorization, Setting, VaultMeta
from escadesk.vault.kdf import KdfParams, derive, fast_test_params
from escadesk.vault.keychain import MemoryKeychain
from escadesk.vault.keys import vault_key
from escadesk.vault.move_file import open_device, read_move_file
from escadesk.vault.secret import SecretKey

OLD_DESK = "vault-pc (director)"
NEW_DESK = "new-pc (director)"

Desks = Callable[[MemoryKeychain, str], Services]


@pytest.fixture
def desks(config: AppConfig, clock: FixedClock) -> Iterator[Desks]:
    """``open_desk(keychain, name)``: one computer's services on the shared data (a
    SQLite file lets one process in at a time, so opening a desk closes the one before:
    each opening is that computer's next start)."""
    opened: list[Services] = []

    def open_desk(keychain: MemoryKeychain, name: str) -> Services:
        for services in opened:
            services.close()
        services = build_services(
            config, clock=clock, actor="tester", keychain=keychain, kdf_profile=fast_test_params
        )
        opened.append(services)
        services.vault.desk_name = name
        return services

    yield open_desk
    for services in opened:
        services.close()


@pytest.fixture
def old_keychain() -> MemoryKeychain:
    return MemoryKeychain()


@pytest.fixture
def old_desk(desks: Desks, old_keychain: MemoryKeychain) -> Services:
    """The vault desk: the demo's vault set up there (left unlocked), four cards stored."""
    services = desks(old_keychain, OLD_DESK)
    seed_demo(services, vault_passphrase=PASSPHRASE)
    return services


@pytest.fixture
def usb(tmp_path: Path) -> Path:
    folder = tmp_path / "usb"
    folder.mkdir()
    return folder


@pytest.fixture
def move_file(old_desk: Services, usb: Path) -> Path:
    target = usb / "vault.move"
    moved = old_desk.vault.move_out(PASSPHRASE, target)
    assert (moved.path, moved.desk, moved.generation, moved.keys_removed) == (
        target,
        OLD_DESK,
        2,
        True,
    )
    return target


def state(services: Services) -> dict[str, object]:
    """Everything a move changes in the database."""
    with services.context.database.reading() as session:
        meta = session.get(VaultMeta, 1)
        assert meta is not None
        settings = {
            key: value
            for key, value in session.execute(
                select(Setting.key, Setting.value).where(
                    Setting.key.in_([VAULT_DESK_SETTING, TRANSIT_SETTING])
                )
            )
        }
        return {
            "generation": meta.key_generation,
            "check": meta.check_blob,
            "kind": meta.keychain_kind,
            "settings": settings,
            "keys": list(
                session.execute(
                    select(CardAuthorization.card_key, CardAuthorization.sensitive_key).order_by(
                        CardAuthorization.id
                    )
                )
            ),
            "audit": session.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1)),
        }


def audit_lines(services: Services, prefix: str) -> list[tuple[str, str]]:
    with services.context.database.reading() as session:
        return [
            (action, summary)
            for action, summary in session.execute(
                select(AuditEntry.action, AuditEntry.summary)
                .where(AuditEntry.action.startswith(prefix))
                .order_by(AuditEntry.id)
            )
        ]


def northshore(services: Services) -> int:
    (workshop,) = services.workshops.list()
    rows = {row.organization: row.id for row in services.registrations.list(workshop.id)}
    return rows[NORTHSHORE]


def _passphrase_key(services: Services) -> SecretKey:
    with services.context.database.reading() as session:
        meta = session.get(VaultMeta, 1)
        assert meta is not None
        return derive(PASSPHRASE, KdfParams.from_json(meta.kdf))


def opens_vault(services: Services, device: bytes) -> bool:
    """Would ``device`` (with the passphrase) open the vault as it is stored now?"""
    with services.context.database.reading() as session:
        meta = session.get(VaultMeta, 1)
        assert meta is not None
        key = vault_key(derive(PASSPHRASE, KdfParams.from_json(meta.kdf)), SecretKey(device))
        return is_current(meta, meta.key_generation, key)


def key_in_file(services: Services, path: Path) -> bytes:
    """The device key a move file carries (the passphrase opens it)."""
    return open_device(_passphrase_key(services), read_move_file(path)).bytes()


def device_keys(keychain: MemoryKeychain) -> dict[str, bytes]:
    """The keychain's device keys and move notes, by the end of their names."""
    return {
        name.split("/", 1)[1]: value
        for name, value in keychain._items.items()
        if not name.endswith("/audit-anchor")
    }


def in_transit(services: Services) -> bool:
    return services.settings.get(TRANSIT_SETTING) is not None


# -- the move --------------------------------------------------------------------------------


def test_move_out_leaves_the_key_in_the_file_only(
    desks: Desks, old_desk: Services, old_keychain: MemoryKeychain, usb: Path
) -> None:
    old_device = device_keys(old_keychain)["device-secret"]
    before = state(old_desk)
    target = usb / "vault.move"
    old_desk.vault.move_out(PASSPHRASE, target)

    # One key, one place: the file's key opens the vault; the old desk keeps no key.
    assert device_keys(old_keychain) == {}
    assert not old_desk.vault.unlocked
    in_file = key_in_file(old_desk, target)
    assert in_file != old_device and b"device" not in target.read_bytes()
    assert opens_vault(old_desk, in_file) and not opens_vault(old_desk, old_device)
    after = state(old_desk)
    assert after["generation"] == 2 and after["keys"] != before["keys"]
    ((_action, summary),) = audit_lines(old_desk, "vault.move")
    assert summary.startswith(
        "Vault on its way to another computer: move file 'vault.move' written on "
        f"{OLD_DESK} (key generation 2); the device key is in that file only"
    )

    # Every desk, the old one included, says where the vault is; none opens it.
    message = (
        "The vault is on its way to another computer: move file written by tester on "
        f"{OLD_DESK} at "
    )
    for keychain, name in ((old_keychain, OLD_DESK), (MemoryKeychain(), NEW_DESK)):
        desk = desks(keychain, name)
        assert not desk.vault.desk().here
        assert desk.vault.desk().message.startswith(message)
        assert "or move it back in here with the same file" in desk.vault.desk().message
        with pytest.raises(NotVaultDeskError, match=re.escape(message)):
            desk.vault.unlock(PASSPHRASE)
        assert desk.vault.retry_after() == 0  # not counted as a wrong passphrase
        with pytest.raises(NotVaultDeskError, match="on its way"):  # no erasure in transit
            desk.vault.erase(northshore(desk), "asked by the organization")
        with pytest.raises(NotVaultDeskError, match="on its way"):
            desk.vault.reveal(northshore(desk), PASSPHRASE)
    assert state(desk) == after


def test_the_vault_moves_in_and_the_file_is_dead(
    desks: Desks, old_desk: Services, old_keychain: MemoryKeychain, move_file: Path
) -> None:
    kept_file = move_file.read_bytes()
    in_file = key_in_file(old_desk, move_file)
    new_keychain = MemoryKeychain()
    new_desk = desks(new_keychain, NEW_DESK)
    moved = new_desk.vault.move_in(move_file, PASSPHRASE)
    assert (moved.desk, moved.from_desk, moved.generation) == (NEW_DESK, OLD_DESK, 3)
    assert moved.file_removed and not move_file.exists()
    assert new_desk.settings.get(VAULT_DESK_SETTING) == NEW_DESK and not in_transit(new_desk)
    ((_action, summary),) = audit_lines(new_desk, "vault.move_in")
    assert summary.startswith(f"Vault moved in on {NEW_DESK} from {OLD_DESK} (move file")
    assert summary.endswith("the move file opens nothing any more")

    new_device = device_keys(new_keychain)["device-secret"]
    assert set(device_keys(new_keychain)) == {"device-secret"}
    assert opens_vault(new_desk, new_device) and not opens_vault(new_desk, in_file)
    assert new_desk.vault.desk().here
    new_desk.vault.unlock(PASSPHRASE)
    assert new_desk.vault.reveal(northshore(new_desk), PASSPHRASE).card_number.endswith("1111")
    new_desk.vault.lock()
    stale = move_file.with_name("copy.move")  # a copy kept of the used file
    stale.write_bytes(kept_file)
    with pytest.raises(MoveRefusedError, match="opens nothing: the vault is not on its way"):
        new_desk.vault.move_in(stale, PASSPHRASE)

    back = desks(old_keychain, OLD_DESK)
    desk = back.vault.desk()
    assert (desk.here, desk.holds_key, desk.name) == (False, False, NEW_DESK)
    assert f"Cards are opened on the vault desk: {NEW_DESK}." in desk.message
    with pytest.raises(NotVaultDeskError, match=re.escape(f"vault desk: {NEW_DESK}.")):
        back.vault.unlock(PASSPHRASE)


def test_moving_back_in_on_the_old_desk_cancels_the_move(
    desks: Desks, old_desk: Services, old_keychain: MemoryKeychain, move_file: Path
) -> None:
    back = desks(old_keychain, OLD_DESK)
    assert back.vault.move_in(move_file, PASSPHRASE).generation == 3
    back.vault.unlock(PASSPHRASE)
    assert back.vault.desk().here and back.settings.get(VAULT_DESK_SETTING) == OLD_DESK
    assert back.vault.reveal(northshore(back), PASSPHRASE).card_number.endswith("1111")


def test_an_erasure_after_the_move_leaves_no_older_key_anywhere(
    desks: Desks, old_desk: Services, move_file: Path
) -> None:
    new_keychain = MemoryKeychain()
    new_desk = desks(new_keychain, NEW_DESK)
    new_desk.vault.move_in(move_file, PASSPHRASE)
    moved_key = device_keys(new_keychain)["device-secret"]
    new_desk.vault.unlock(PASSPHRASE)
    new_desk.vault.erase(northshore(new_desk), "asked by the organization")
    assert not opens_vault(new_desk, moved_key)
    assert opens_vault(new_desk, device_keys(new_keychain)["device-secret"])


# -- move-out: each step cut off -------------------------------------------------------------


def test_move_out_failing_at_its_transaction_changes_nothing(
    old_desk: Services, old_keychain: MemoryKeychain, usb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object) -> None:
        raise OSError("the server went away")

    keys_before = device_keys(old_keychain)
    before = state(old_desk)
    monkeypatch.setattr(vault_module, "record_transit", broken)
    with pytest.raises(OSError, match="the server went away"):
        old_desk.vault.move_out(PASSPHRASE, usb / "vault.move")
    assert state(old_desk) == before and device_keys(old_keychain) == keys_before
    assert list(usb.iterdir()) == []  # the file written ahead is gone (it wrapped nothing)
    assert old_desk.vault.unlocked
    assert old_desk.vault.reveal(northshore(old_desk), PASSPHRASE).card_number.endswith("1111")


def test_a_crash_between_the_file_and_the_transaction_leaves_the_vault_here(
    desks: Desks,
    old_desk: Services,
    old_keychain: MemoryKeychain,
    usb: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The process dies after the move file was written, before the commit: nothing is
    cleaned up by it. The next start cleans the keychain's "next" slot and the note; the
    vault stays on this desk, and the file left behind moves nothing."""

    class Crash(BaseException):
        pass

    def crash(*_args: object) -> None:
        raise Crash

    keys_before = device_keys(old_keychain)
    before = state(old_desk)
    monkeypatch.setattr(vault_module, "record_transit", crash)
    monkeypatch.setattr(VaultService, "_committed", lambda *_args: None)  # no cleanup
    with pytest.raises(Crash):
        old_desk.vault.move_out(PASSPHRASE, usb / "vault.move")
    monkeypatch.undo()
    left = device_keys(old_keychain)
    assert set(left) == {"device-secret", "device-secret-next", "moving-out"}
    assert (usb / "vault.move").exists()

    back = desks(old_keychain, OLD_DESK)  # the next start
    assert back.vault.desk().here
    assert device_keys(old_keychain) == keys_before
    assert state(back) == before
    with pytest.raises(MoveRefusedError, match="opens nothing: the vault is not on its way"):
        desks(MemoryKeychain(), NEW_DESK).vault.move_in(usb / "vault.move", PASSPHRASE)
    back = desks(old_keychain, OLD_DESK)
    back.vault.unlock(PASSPHRASE)
    assert back.vault.reveal(northshore(back), PASSPHRASE).card_number.endswith("1111")


@pytest.mark.parametrize("moved_in_first", [False, True])
def test_a_crash_after_the_commit_leaves_no_key_on_the_old_desk(
    desks: Desks,
    old_desk: Services,
    old_keychain: MemoryKeychain,
    usb: Path,
    monkeypatch: pytest.MonkeyPatch,
    moved_in_first: bool,
) -> None:
    """The move-out committed, then the process died before its keychain let go: the
    next start on the old desk removes both keys, whether the vault is still in transit
    or was moved in elsewhere meanwhile (the old computer stayed off)."""
    monkeypatch.setattr(VaultService, "_drop_keys", staticmethod(lambda *_args: False))
    moved = old_desk.vault.move_out(PASSPHRASE, usb / "vault.move")
    monkeypatch.undo()
    assert not moved.keys_removed
    assert set(device_keys(old_keychain)) == {"device-secret", "device-secret-next", "moving-out"}
    if moved_in_first:
        desks(MemoryKeychain(), NEW_DESK).vault.move_in(usb / "vault.move", PASSPHRASE)
    back = desks(old_keychain, OLD_DESK)  # the next start
    desk = back.vault.desk()
    assert device_keys(old_keychain) == {}
    assert not desk.here
    if moved_in_first:
        assert desk.name == NEW_DESK and not in_transit(back)
    else:
        assert desk.message.startswith("The vault is on its way to another computer")
        assert back.vault.move_in(usb / "vault.move", PASSPHRASE).generation == 3


def test_move_out_needs_the_open_vault_a_new_file_and_the_passphrase(
    desks: Desks, old_desk: Services, tmp_path: Path
) -> None:
    existing = tmp_path / "existing.move"
    existing.write_text("keep me")
    with pytest.raises(MoveRefusedError, match="already exists"):
        old_desk.vault.move_out(PASSPHRASE, existing)
    assert existing.read_text() == "keep me"
    with pytest.raises(WrongPassphraseError):
        old_desk.vault.move_out("not the passphrase", tmp_path / "new.move")
    assert not (tmp_path / "new.move").exists()
    old_desk.vault.lock()
    with pytest.raises(VaultError, match="locked"):
        old_desk.vault.move_out(PASSPHRASE, tmp_path / "new.move")
    front = desks(MemoryKeychain(), NEW_DESK)  # another desk cannot move the vault out
    with pytest.raises(NotVaultDeskError, match=re.escape(f"vault desk: {OLD_DESK}.")):
        front.vault.move_out(PASSPHRASE, tmp_path / "new.move")
    assert audit_lines(front, "vault.move") == []


# -- move-in: refusals change nothing --------------------------------------------------------


def test_a_wrong_passphrase_changes_nothing(
    desks: Desks, old_desk: Services, move_file: Path
) -> None:
    new_keychain = MemoryKeychain()
    new_desk = desks(new_keychain, NEW_DESK)
    before = state(new_desk)
    with pytest.raises(WrongPassphraseError, match="does not open this move file"):
        new_desk.vault.move_in(move_file, "not the passphrase at all")
    assert state(new_desk) == before
    assert new_keychain._items == {} and move_file.exists()
    assert new_desk.vault.retry_after() > 0  # counted, like a wrong unlock
    passphrase_delay.clear(new_desk.context.database)
    new_desk.vault._failures = 0
    new_desk.vault._next_attempt = 0.0
    assert new_desk.vault.move_in(move_file, PASSPHRASE).generation == 3


def test_a_move_file_of_another_vault_is_refused(
    desks: Desks, old_desk: Services, move_file: Path, tmp_path: Path, clock: FixedClock
) -> None:
    other_config = AppConfig.resolve(
        data_dir=tmp_path / "other", database_url=f"sqlite:///{tmp_path / 'other.sqlite'}"
    )
    other_folder = tmp_path / "other-usb"
    other_folder.mkdir()
    other = build_services(
        other_config, clock=clock, keychain=MemoryKeychain(), kdf_profile=fast_test_params
    )
    try:
        other.vault.set_up(PASSPHRASE)
        foreign = other.vault.move_out(PASSPHRASE, other_folder / "other.move")
    finally:
        other.close()
    new_desk = desks(MemoryKeychain(), NEW_DESK)
    before = state(new_desk)
    with pytest.raises(MoveRefusedError, match="for another vault") as refused:
        new_desk.vault.move_in(foreign.path, PASSPHRASE)
    assert "Nothing was changed." in str(refused.value)
    assert state(new_desk) == before
    assert new_desk.vault.retry_after() == 0  # refused before any passphrase was tried


def test_only_the_file_of_the_move_under_way_moves_the_vault(
    desks: Desks,
    old_desk: Services,
    old_keychain: MemoryKeychain,
    usb: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A file left by a move-out cut off before its commit carries the same generation as
    the next move's: its fingerprint tells it apart."""

    class Crash(BaseException):
        pass

    def crash(*_args: object) -> None:
        raise Crash

    monkeypatch.setattr(vault_module, "record_transit", crash)
    monkeypatch.setattr(VaultService, "_committed", lambda *_args: None)
    with pytest.raises(Crash):
        old_desk.vault.move_out(PASSPHRASE, usb / "first.move")
    monkeypatch.undo()
    back = desks(old_keychain, OLD_DESK)
    back.vault.unlock(PASSPHRASE)
    back.vault.move_out(PASSPHRASE, usb / "second.move")
    new_desk = desks(MemoryKeychain(), NEW_DESK)
    before = state(new_desk)
    with pytest.raises(MoveRefusedError) as refused:
        new_desk.vault.move_in(usb / "first.move", PASSPHRASE)
    assert str(refused.value).startswith("This is not the move file of the move under way")
    assert state(new_desk) == before
    assert new_desk.vault.move_in(usb / "second.move", PASSPHRASE).generation == 3


def test_a_damaged_or_edited_move_file_is_refused(
    desks: Desks, old_desk: Services, move_file: Path
) -> None:
    new_desk = desks(MemoryKeychain(), NEW_DESK)
    before = state(new_desk)
    kept = move_file.read_bytes()
    move_file.write_bytes(kept.replace(OLD_DESK.encode(), b"elsewhere-pc"))
    with pytest.raises(MoveRefusedError, match="not the move file of the move under way"):
        new_desk.vault.move_in(move_file, PASSPHRASE)
    move_file.write_bytes(b"%PDF-1.7 not a move file")
    with pytest.raises(MoveRefusedError, match="it is not an escadesk move file"):
        new_desk.vault.move_in(move_file, PASSPHRASE)
    assert state(new_desk) == before
    move_file.write_bytes(kept)
    assert new_desk.vault.move_in(move_file, PASSPHRASE).generation == 3


class RefusingKeychain(MemoryKeychain):
    """A keychain that will not take a new entry (locked, full, denied)."""

    def set(self, name: str, value: bytes) -> None:
        raise PermissionError("the keychain is locked")


def test_a_keychain_that_refuses_changes_nothing(
    desks: Desks, old_desk: Services, move_file: Path
) -> None:
    new_desk = desks(RefusingKeychain(), NEW_DESK)
    before = state(new_desk)
    with pytest.raises(VaultError) as refused:
        new_desk.vault.move_in(move_file, PASSPHRASE)
    assert str(refused.value).startswith(
        "This computer's keychain refused the device key (PermissionError: the keychain is "
        "locked). Nothing was changed; the vault is still on its way, in "
    )
    assert state(new_desk) == before and move_file.exists()
    other = desks(MemoryKeychain(), "third-pc (director)")
    other.vault.move_in(move_file, PASSPHRASE)
    other.vault.unlock(PASSPHRASE)
    assert other.vault.reveal(northshore(other), PASSPHRASE).card_number.endswith("1111")


def test_move_out_with_a_keychain_that_refuses_changes_nothing(
    old_desk: Services, old_keychain: MemoryKeychain, usb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before, keys_before = state(old_desk), device_keys(old_keychain)
    monkeypatch.setattr(old_keychain, "set", RefusingKeychain().set)
    with pytest.raises(PermissionError):
        old_desk.vault.move_out(PASSPHRASE, usb / "vault.move")
    assert state(old_desk) == before and device_keys(old_keychain) == keys_before
    assert list(usb.iterdir()) == []


def test_a_failure_inside_the_move_ins_transaction_changes_nothing(
    desks: Desks, old_desk: Services, move_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The keys are re-wrapped and the desk recorded, then the transaction fails: all of
    it rolls back, the key written ahead is taken out again, and the same file still
    moves the vault afterwards."""

    def broken(*_args: object) -> None:
        raise OSError("the server went away")

    new_keychain = MemoryKeychain()
    new_desk = desks(new_keychain, NEW_DESK)
    before = state(new_desk)
    monkeypatch.setattr(vault_module, "record_desk", broken)
    with pytest.raises(OSError, match="the server went away"):
        new_desk.vault.move_in(move_file, PASSPHRASE)
    assert state(new_desk) == before and in_transit(new_desk)
    assert new_keychain._items == {} and move_file.exists()
    monkeypatch.undo()
    assert new_desk.vault.move_in(move_file, PASSPHRASE).generation == 3


def test_a_move_in_cut_off_before_its_commit_leaves_no_key_behind(
    desks: Desks, old_desk: Services, move_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The process dies with the new key in its keychain's "next" slot: while in transit
    no desk holds a key, so the next start removes it; the file still moves the vault."""

    class Crash(BaseException):
        pass

    def crash(*_args: object) -> None:
        raise Crash

    new_keychain = MemoryKeychain()
    new_desk = desks(new_keychain, NEW_DESK)
    monkeypatch.setattr(vault_module, "record_desk", crash)
    monkeypatch.setattr(VaultService, "_committed", lambda *_args: None)
    with pytest.raises(Crash):
        new_desk.vault.move_in(move_file, PASSPHRASE)
    monkeypatch.undo()
    assert set(device_keys(new_keychain)) == {"device-secret-next"}
    again = desks(new_keychain, NEW_DESK)
    assert not again.vault.desk().here and device_keys(new_keychain) == {}
    assert again.vault.move_in(move_file, PASSPHRASE).generation == 3
