"""Honest certificates (issue 14): each says exactly what was checked and where, the files
searched on SQLite, that a server's storage was not, where the device key is kept, the
filesystems involved, and a warning for a key file on a copy-on-write filesystem."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from vaultkit import ANDES, PASSPHRASE, visa_form

from escadesk.app import AppConfig, Services
from escadesk.domain.cards import contains_card_number
from escadesk.services import vault as vault_module
from escadesk.services.clock import FixedClock
from escadesk.services.demo import seed_demo
from escadesk.services.erasure_report import (
    ErasureFacts,
    ScannedFile,
    copy_on_write_warning,
    verification_text,
)
from escadesk.services.vault import VaultService
from escadesk.vault.keychain import FileKeychain, MemoryKeychain
from escadesk.vault.storage_facts import Filesystem, filesystem_of
from postgres_server import SKIP_REASON, fresh_database
from service_factory import service_factory

REASON = "Workshop cancelled: quorum not reached"
FILE_LINE = re.compile(r"(?P<name>[\w./-]+) \((?P<size>[\d,]+) bytes?\)")
OVERSTATEMENT = "no trace of the destroyed data was found in the database files"


def _checked(certificate: str) -> list[str]:
    """The certificate's 'What was checked, and where:' lines."""
    lines = certificate.splitlines()
    start = lines.index("What was checked, and where:") + 1
    checked = []
    for line in lines[start:]:
        if not line.startswith("- "):
            break
        checked.append(line[2:])
    return checked


def _erase(services: Services, registration: Callable[[str], int]) -> str:
    rid = registration(ANDES)
    services.vault.record(rid, visa_form(cardholder="Ottilie Vance"))
    view = services.vault.erase(rid, REASON)
    return services.vault.certificate_text(view.id)


def _fake_filesystem(monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    monkeypatch.setattr(vault_module, "filesystem_of", lambda _path: Filesystem(kind))


# -- SQLite: the files searched ------------------------------------------------------------


@pytest.mark.sqlite_only("the SQLite file and its copies the certificate lists as searched")
def test_a_sqlite_certificate_names_the_files_it_searched(
    services: Services, registration: Callable[[str], int], db_file: Path
) -> None:
    certificate = _erase(services, registration)
    checked = _checked(certificate)

    (searched,) = [line for line in checked if line.startswith("Files searched")]
    listed = {
        match["name"]: int(match["size"].replace(",", "")) for match in FILE_LINE.finditer(searched)
    }
    # SQLite's own files: the database and its companions ("-wal", "-shm", "-journal");
    # the data lock's files beside it (".lock", ".holder") hold no database content.
    real = {
        path.name
        for path in db_file.parent.iterdir()
        if path.name == db_file.name or path.name.startswith(db_file.name + "-")
    }
    # ... and every backup, which the erasure brought in line first (storage/backups.py).
    copies = {f"backups/{path.name}" for path in (db_file.parent / "backups").glob("*.sqlite3")}
    assert copies  # the day's first unlock took one
    assert set(listed) == real | copies  # no other file
    assert db_file.name in listed and listed[db_file.name] > 0
    assert "in the database's folder and its backups" in searched
    assert "No trace of the destroyed data was found in these files." in checked
    assert any("not free space elsewhere on the disk" in line for line in checked)
    assert any(line.startswith("The SQLite database file was compacted") for line in checked)
    assert (
        f"Filesystem of the database folder: {filesystem_of(db_file.parent).describe()}." in checked
    )
    assert any(line.startswith("Device key: kept in the memory") for line in checked)
    assert not any("overwritten in place" in line for line in checked)  # no key file here
    assert not any("not scanned" in line or "did not scan" in line for line in checked)
    assert OVERSTATEMENT not in certificate.lower()
    assert "copy-on-write filesystem (" not in certificate  # ext4/tmpfs here: no warning
    assert not contains_card_number(certificate)


# -- a database server: its storage was not scanned ----------------------------------------


def _server_facts(**changes: object) -> ErasureFacts:
    facts = {
        "database": "postgresql",
        "scanned": None,
        "items": 5,
        "remnants": (),
        "interrupted": False,
        "keychain": "the operating system's keychain (SecretService Keyring)",
        "keychain_kind": "system",
        "database_filesystem": None,
        "key_filesystem": None,
    }
    facts.update(changes)
    return ErasureFacts(**facts)  # type: ignore[arg-type]


def test_a_server_certificate_says_its_storage_was_not_scanned() -> None:
    text = verification_text(_server_facts())
    lines = text.splitlines()
    assert lines[0] == (
        "The database is on a postgresql server. Its storage (data files, write-ahead log, "
        "backups) is not on this computer: escadesk did not scan it and did not compact it."
    )
    assert "data keys of this authorization were deleted and the device key was replaced" in text
    assert "cannot be decrypted without the old device key" in text
    assert "No filesystem was examined" in text
    assert "no trace" not in text.lower()
    assert "searched" not in text.lower() and "compacted" not in text.lower()


def test_a_server_certificate_with_a_key_file_on_a_copy_on_write_filesystem() -> None:
    text = verification_text(
        _server_facts(
            keychain="a key file in the data folder, in its keys folder (the file keychain)",
            keychain_kind="file",
            key_filesystem=Filesystem("zfs"),
        )
    )
    assert "Filesystem of the key folder: zfs (copy-on-write)." in text
    assert text.splitlines()[-1] == copy_on_write_warning(Filesystem("zfs"))
    assert "No filesystem was examined" not in text


def test_the_service_on_a_server_does_not_claim_a_scan(
    services: Services, registration: Callable[[str], int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The service's own path for a non-SQLite database (the dialect stands in for one)."""
    monkeypatch.setattr(VaultService, "_database_kind", lambda self: "postgresql")
    certificate = _erase(services, registration)
    checked = _checked(certificate)

    assert checked[0].startswith("The database is on a postgresql server.")
    assert "escadesk did not scan it and did not compact it" in checked[0]
    assert "No filesystem was examined" in certificate
    assert OVERSTATEMENT not in certificate.lower()
    assert "no trace" not in certificate.lower()
    assert not any(line.startswith("Files searched") for line in checked)
    assert "the database was compacted" not in certificate


@pytest.mark.accepted_skip(SKIP_REASON)
def test_a_certificate_on_a_real_postgresql_server(data_dir: Path, clock: FixedClock) -> None:
    with fresh_database() as url:
        config = AppConfig(data_dir, url)
        with service_factory(config, lambda: clock, MemoryKeychain()) as make:
            services = make()
            seed_demo(services, vault_passphrase=PASSPHRASE)
            (workshop,) = services.workshops.list()
            rows = {r.organization: r.id for r in services.registrations.list(workshop.id)}
            certificate = _erase(services, rows.__getitem__)
    assert "The database is on a postgresql server." in certificate
    assert OVERSTATEMENT not in certificate.lower()
    assert "no trace" not in certificate.lower()


# -- the device key in a file on a copy-on-write filesystem --------------------------------


@pytest.fixture
def open_file_services(config: AppConfig, clock: FixedClock) -> Iterator[Callable[[], Services]]:
    """Services whose device key is kept in the file keychain of the data folder."""
    with service_factory(config, lambda: clock, FileKeychain(config.data_dir / "keys")) as make:
        yield make


@pytest.mark.parametrize("kind", ["btrfs", "zfs", "apfs"])
def test_a_key_file_on_copy_on_write_is_warned_at_set_up_and_in_certificates(
    kind: str,
    open_file_services: Callable[[], Services],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _fake_filesystem(monkeypatch, kind)
    services = open_file_services()
    warning = copy_on_write_warning(Filesystem(kind))
    assert warning is not None
    assert services.vault.storage_warnings() == [warning]
    assert services.vault.set_up(PASSPHRASE) == [warning]
    assert "operating system's keychain" in warning and "full-disk encryption" in warning

    seed_demo(services)  # the vault is set up (and open) already
    (workshop,) = services.workshops.list()
    rows = {r.organization: r.id for r in services.registrations.list(workshop.id)}
    certificate = _erase(services, rows.__getitem__)
    checked = _checked(certificate)
    assert warning in checked
    assert f"Filesystem of the key folder: {kind} (copy-on-write)." in checked
    assert any(
        line.startswith("Device key: kept in a key file in the data folder") for line in checked
    )
    assert not contains_card_number(certificate)


@pytest.mark.parametrize("kind", ["ext4", "tmpfs"])
def test_a_key_file_on_an_in_place_filesystem_is_not_warned(
    kind: str,
    open_file_services: Callable[[], Services],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _fake_filesystem(monkeypatch, kind)
    services = open_file_services()
    assert services.vault.storage_warnings() == []
    seed_demo(services, vault_passphrase=PASSPHRASE)
    (workshop,) = services.workshops.list()
    rows = {r.organization: r.id for r in services.registrations.list(workshop.id)}
    certificate = _erase(services, rows.__getitem__)
    assert f"Filesystem of the key folder: {kind} (not copy-on-write)." in _checked(certificate)
    assert any(
        line.startswith("In the key file the old device key was overwritten in place")
        for line in _checked(certificate)
    )
    assert "Warning" not in certificate and "full-disk encryption" not in certificate


def test_an_unknown_filesystem_is_said_so_without_a_warning(
    open_file_services: Callable[[], Services], monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_filesystem(monkeypatch, "unknown")
    services = open_file_services()
    assert services.vault.storage_warnings() == []
    assert "could not be determined" in verification_text(
        _server_facts(keychain_kind="file", key_filesystem=Filesystem("unknown"))
    )


def test_the_memory_keychain_has_no_key_folder_and_no_warning(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_filesystem(monkeypatch, "btrfs")
    assert services.vault.storage_warnings() == []  # the key is not in a file


def test_every_sentence_is_about_something_done_checked_or_a_limit() -> None:
    """The SQLite composition, interrupted: no search is claimed."""
    text = verification_text(
        ErasureFacts(
            database="sqlite",
            scanned=None,
            items=0,
            remnants=(),
            interrupted=True,
            keychain="the memory of the running program only (a test keychain)",
            keychain_kind="memory",
            database_filesystem=Filesystem("ext4"),
            key_filesystem=None,
        )
    )
    assert text.startswith("Finished after an interruption")
    assert "so no file was searched for it" in text
    assert "no trace" not in text.lower()
    assert "Files searched" not in text


def test_traces_are_listed_file_by_file() -> None:
    text = verification_text(
        ErasureFacts(
            database="sqlite",
            scanned=(ScannedFile("escadesk.sqlite3", 8192), ScannedFile("escadesk.sqlite3-wal", 0)),
            items=3,
            remnants=("escadesk.sqlite3 (1 of 4 destroyed items)",),
            interrupted=False,
            keychain="the memory of the running program only (a test keychain)",
            keychain_kind="memory",
            database_filesystem=Filesystem("btrfs"),
            key_filesystem=None,
        )
    )
    assert "escadesk.sqlite3 (8,192 bytes); escadesk.sqlite3-wal (0 bytes)" in text
    assert "Traces remained in: escadesk.sqlite3 (1 of 4 destroyed items)." in text
    assert "no trace" not in text.lower()
    assert "compaction does not reach the disk blocks" in text  # the database on btrfs
    assert copy_on_write_warning(Filesystem("btrfs")) not in text  # no key file there
