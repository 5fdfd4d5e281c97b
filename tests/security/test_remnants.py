"""Remnant test: copies of the database taken before an erasure, with the right
passphrase and the keychain as it is now, cannot decrypt anything that was erased; and
no piece of the destroyed ciphertexts or wrapped keys is left in the live database."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import pytest
from canary import (
    ANDES,
    CARDHOLDER,
    PASSPHRASE,
    canary_form,
    canary_scan,
    registration_id,
)

from escadesk.app import AppConfig, Services, build_services
from escadesk.services.clock import FixedClock
from escadesk.services.demo import DEMO_TODAY
from escadesk.services.vault import ErasureScope, WrongPassphraseError, _device_name, _next_name
from escadesk.storage.migrate import backup_sqlite
from escadesk.storage.sqlite_files import connect as sqlite_connect
from escadesk.vault.envelope import TamperedError, associated_data, open_sealed, unwrap
from escadesk.vault.kdf import KdfParams, derive, fast_test_params
from escadesk.vault.keychain import Keychain
from escadesk.vault.keys import vault_key
from escadesk.vault.remnants import database_files, samples
from escadesk.vault.secret import SecretKey

CATALONIA = "Catalonia Smart Mobility Hub"
NORTHSHORE = "Northshore Photonics Cluster"
BALTIC = "Baltic Maritime Innovation Network"
RHINE = "Rhine Valley Health Cluster"
#: What each erasure destroys: (registration, scope).
ERASED = {
    ANDES: ErasureScope.FULL,
    NORTHSHORE: ErasureScope.FULL,
    BALTIC: ErasureScope.SENSITIVE,
    CATALONIA: ErasureScope.SENSITIVE,
}
COLUMNS = ("card_key", "sensitive_key", "card_blob", "code_blob", "scan_blob")


@dataclass(frozen=True)
class Row:
    registration_id: int
    uid: str
    card_key: bytes | None
    sensitive_key: bytes | None
    card_blob: bytes | None
    code_blob: bytes | None
    scan_blob: bytes | None

    def destroyed_by(self, scope: ErasureScope) -> dict[str, bytes]:
        names = COLUMNS if scope is ErasureScope.FULL else COLUMNS[1:2] + COLUMNS[3:]
        return {name: getattr(self, name) for name in names if getattr(self, name)}


def _read(database: Path) -> tuple[tuple[str, str, bytes], dict[int, Row]]:
    with closing(sqlite_connect(database)) as connection:
        meta = connection.execute("SELECT vault_uid, kdf, check_blob FROM vault").fetchone()
        rows = connection.execute(
            f"SELECT registration_id, record_uid, {', '.join(COLUMNS)} FROM card_authorization"
        ).fetchall()
    return meta, {row[0]: Row(*row) for row in rows}


def _current_secrets(keychain: Keychain, uid: str) -> list[bytes]:
    """Every device secret the keychain holds for this vault right now."""
    found = [keychain.get(_device_name(uid)), keychain.get(_next_name(uid))]
    return [secret for secret in found if secret is not None]


@dataclass
class Outcome:
    attempts: int = 0
    refused: int = 0  # attempts that failed with TamperedError (anything else raises)
    opened: list[str] = field(default_factory=list)


def _attack(
    database: Path, keychain: Keychain, passphrase_keys: list[SecretKey], targets: dict
) -> Outcome:
    """Try to open the vault check and each targeted item of a copy.

    ``targets`` maps registration id -> scope; every wrapped key that scope destroyed is
    tried with every passphrase key (the copy's parameters, plus any given) and every
    device secret the keychain holds now; what unwraps is decrypted.
    """
    (uid, kdf, check_blob), rows = _read(database)
    keys = [*passphrase_keys, derive(PASSPHRASE, KdfParams.from_json(kdf))]
    secrets = _current_secrets(keychain, uid)
    assert secrets, "the keychain holds no device secret for this vault"
    outcome = Outcome()

    def attempt(action: Callable[[], object]) -> object | None:
        outcome.attempts += 1
        try:
            return action()
        except TamperedError:
            outcome.refused += 1
            return None

    for passphrase_key in keys:
        for secret in secrets:
            key = vault_key(passphrase_key, SecretKey(secret))
            check_aad = associated_data("vault", "check")
            if attempt(partial(open_sealed, key, check_blob, check_aad)) is not None:
                outcome.opened.append("vault check")
            for registration, scope in targets.items():
                row = rows[registration]
                items = row.destroyed_by(scope)
                for wrapped_name, blob_names in (
                    ("card_key", ("card_blob",)),
                    ("sensitive_key", ("code_blob", "scan_blob")),
                ):
                    if wrapped_name not in items:
                        continue
                    aad = associated_data(row.uid, wrapped_name.replace("_", "-"))
                    data_key = attempt(partial(unwrap, key, items[wrapped_name], aad))
                    if data_key is None:
                        continue
                    for name in blob_names:
                        if name in items:
                            part = name.removesuffix("_blob")
                            plain = open_sealed(
                                data_key, items[name], associated_data(row.uid, part)
                            )
                            outcome.opened.append(
                                f"registration {registration}: {part} ({len(plain)} bytes)"
                            )
    assert outcome.attempts > len(targets)
    return outcome


def _aligned_pieces(blob: bytes, size: int = 32) -> set[bytes]:
    return {blob[start : start + size] for start in range(0, len(blob) - size + 1, size)}


def _pieces_found(data: bytes, pieces: set[bytes], size: int = 32) -> int:
    """How many offsets of ``data`` start one of ``pieces``: any surviving stretch of 63
    bytes or more of a destroyed blob contains one of its aligned 32-byte pieces."""
    return sum(data[offset : offset + size] in pieces for offset in range(len(data) - size + 1))


@pytest.fixture
def erased_world(
    services: Services, data_dir: Path, tmp_path: Path, keychain: Keychain
) -> dict[str, object]:
    """The demo plus two canaries with scans, copied (whole folder, database files,
    and a backup) before four erasures."""
    ids = {name: registration_id(services, name) for name in (*ERASED, RHINE)}
    services.vault.record(ids[ANDES], canary_form(DEMO_TODAY.date()))
    services.vault.record(ids[CATALONIA], canary_form(DEMO_TODAY.date(), scan=canary_scan(64_000)))
    database = services.context.database.file
    assert database is not None
    backup = backup_sqlite(
        database, services.config.backup_dir, datetime(2018, 9, 28, tzinfo=UTC), "erasure"
    )
    folder_copy = tmp_path / "copy-of-data-folder"
    shutil.copytree(data_dir, folder_copy)
    files_copy = tmp_path / "copy-of-database-files"
    files_copy.mkdir()
    for path in database_files(database):
        shutil.copy2(path, files_copy / path.name)
    _, rows_before = _read(folder_copy / database.name)
    copies = [folder_copy / database.name, files_copy / database.name]

    # Positive control: before the erasure, a copy and today's keychain do open.
    targets = {ids[name]: scope for name, scope in ERASED.items()}
    for copy in [*copies, backup]:
        opened = _attack(copy, keychain, [], targets).opened
        assert "vault check" in opened and len(opened) > 1 + len(targets)

    views = {
        name: services.vault.erase(ids[name], f"Remnant test ({scope.value})", scope)
        for name, scope in ERASED.items()
    }
    return {
        "ids": ids,
        "views": views,
        "copies": copies,
        "backup": backup,
        "targets": targets,
        "rows_before": rows_before,
        "database": database,
    }


def test_copies_from_before_the_erasure_cannot_decrypt_what_was_erased(
    erased_world: dict, keychain: Keychain, services: Services
) -> None:
    live_key = derive(PASSPHRASE, KdfParams.from_json(_read_live_kdf(services)))
    for copy in erased_world["copies"]:
        outcome = _attack(copy, keychain, [live_key], erased_world["targets"])
        assert outcome.opened == [], copy
        assert outcome.refused == outcome.attempts  # every one a TamperedError


def test_escadesk_backups_lose_the_erased_cards_and_keep_the_others_openable(
    erased_world: dict, keychain: Keychain
) -> None:
    """A backup in the data folder's backups is kept in line with the vault at each
    erasure (storage/backups.py): the erased records and every byte of them are gone, the
    survivors open with the current keys, so a restore gives them back and nothing more."""
    backup: Path = erased_world["backup"]
    _, rows = _read(backup)
    for registration, scope in erased_world["targets"].items():
        before = erased_world["rows_before"][registration]
        if scope is ErasureScope.FULL:
            assert registration not in rows
        else:
            assert rows[registration].destroyed_by(scope) == {}
        data = backup.read_bytes()
        for blob in before.destroyed_by(scope).values():
            assert _pieces_found(data, _aligned_pieces(blob)) == 0
    rhine = erased_world["ids"][RHINE]
    outcome = _attack(backup, keychain, [], {rhine: ErasureScope.FULL})
    assert "vault check" in outcome.opened and len(outcome.opened) > 1


def test_copies_cannot_decrypt_the_survivors_either(erased_world: dict, keychain: Keychain) -> None:
    """The rotation makes the whole old copy useless, not just the erased records."""
    rhine = erased_world["ids"][RHINE]
    for copy in erased_world["copies"]:
        outcome = _attack(copy, keychain, [], {rhine: ErasureScope.FULL})
        assert outcome.opened == [] and outcome.refused == outcome.attempts


def test_the_copied_folder_does_not_open_as_a_vault(
    erased_world: dict, keychain: Keychain, tmp_path: Path
) -> None:
    copy = erased_world["copies"][0].parent
    shutil.rmtree(copy / "keys", ignore_errors=True)  # "the keychain as it is now"
    services = build_services(
        AppConfig.resolve(data_dir=copy),
        clock=FixedClock(DEMO_TODAY),
        actor="attacker",
        keychain=keychain,
        kdf_profile=fast_test_params,
    )
    try:
        with pytest.raises(WrongPassphraseError):
            services.vault.unlock(PASSPHRASE)
    finally:
        services.close()


def test_the_erasures_verified_no_remnants(erased_world: dict) -> None:
    for name, view in erased_world["views"].items():
        assert view.status == "complete", name
        lines = view.verification.splitlines()
        assert "No trace of the destroyed data was found in these files." in lines, name
        assert any(line.startswith("Files searched") for line in lines), name


def test_no_piece_of_the_destroyed_bytes_is_left_in_the_live_database(
    erased_world: dict,
) -> None:
    database: Path = erased_world["database"]
    destroyed: list[bytes] = []
    for registration, scope in erased_world["targets"].items():
        destroyed += erased_world["rows_before"][registration].destroyed_by(scope).values()
    # Andes: all five; Northshore (demo, no scan): four; Baltic (no scan): key and code;
    # Catalonia: key, code and scan.
    assert len(destroyed) == 5 + 4 + 2 + 3
    pieces = set().union(*(_aligned_pieces(blob) for blob in destroyed))
    sampled = {piece for blob in destroyed for piece in samples(blob)}
    live = database_files(database)
    assert database in live
    for path in live:
        data = path.read_bytes()
        assert _pieces_found(data, pieces) == 0, path.name
        assert not any(piece in data for piece in sampled), path.name
        assert CARDHOLDER.encode() not in data


def test_what_survives_still_opens(erased_world: dict, services: Services) -> None:
    ids = erased_world["ids"]
    services.vault.lock()
    services.vault.unlock(PASSPHRASE)
    assert services.vault.reveal(ids[RHINE], PASSPHRASE).code == "7890"
    baltic = services.vault.reveal(ids[BALTIC], PASSPHRASE)
    assert baltic.card_number == "5555555555554444" and baltic.code is None
    catalonia = services.vault.reveal(ids[CATALONIA], PASSPHRASE)
    assert catalonia.cardholder == CARDHOLDER and catalonia.scan is None


def _read_live_kdf(services: Services) -> str:
    database = services.context.database.file
    assert database is not None
    with closing(sqlite_connect(database)) as connection:
        return connection.execute("SELECT kdf FROM vault").fetchone()[0]
