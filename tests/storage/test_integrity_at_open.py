"""A database that is damaged, not a database, cut short or emptied is refused at open
in plain words, and left exactly as it was (issue 15, items 1 and 2)."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from escadesk.app import AppConfig, Services, build_services
from escadesk.services.clock import FixedClock
from escadesk.services.demo import DEMO_TODAY, seed_demo
from escadesk.storage.damage import Damage, DataUnreadableError
from escadesk.storage.integrity import integrity_check, quick_check
from escadesk.storage.lock_holder import DataInUseError
from escadesk.vault.kdf import fast_test_params
from escadesk.vault.keychain import FileKeychain

PASSPHRASE = "correct horse battery staple"

pytestmark = pytest.mark.sqlite_only("damaged, foreign, cut short or emptied SQLite files")


@pytest.fixture
def open_folder(data_dir: Path) -> Callable[[], Services]:
    opened: list[Services] = []

    def make() -> Services:
        services = build_services(
            AppConfig.resolve(data_dir),
            clock=FixedClock(DEMO_TODAY),
            keychain=FileKeychain(data_dir / "keys"),
            kdf_profile=fast_test_params,
        )
        opened.append(services)
        return services

    yield make
    for services in opened:
        services.close()


@pytest.fixture
def demo_file(data_dir: Path, open_folder: Callable[[], Services]) -> Path:
    """A closed demo database with its vault (and so a key file beside it)."""
    services = open_folder()
    seed_demo(services, vault_passphrase=PASSPHRASE)
    services.close()
    return data_dir / "escadesk.sqlite3"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _refused(open_folder: Callable[[], Services], damage: Damage) -> DataUnreadableError:
    with pytest.raises(DataUnreadableError) as refused:
        open_folder()
    assert refused.value.damage == damage, str(refused.value)
    assert "Traceback" not in str(refused.value)
    return refused.value


def test_a_healthy_database_passes_both_checks(demo_file: Path) -> None:
    assert quick_check(demo_file) == [] and integrity_check(demo_file) == []


def test_flipped_bytes_in_the_middle_are_found_and_nothing_is_changed(
    demo_file: Path, open_folder: Callable[[], Services]
) -> None:
    """The issue's case: 256 bytes flipped in the middle used to open, unlock and say
    "Audit log intact"."""
    data = bytearray(demo_file.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 256] = bytes(b ^ 0xFF for b in data[middle : middle + 256])
    demo_file.write_bytes(bytes(data))
    before = _digest(demo_file)
    try:  # SQLite itself sees the damage: a list of problems, or no answer at all
        assert integrity_check(demo_file)
    except DataUnreadableError as error:
        assert error.damage == Damage.DAMAGED

    error = _refused(open_folder, Damage.DAMAGED)

    assert str(error).startswith(f"The database {demo_file} is damaged")
    assert "Nothing was changed" in str(error)
    assert _digest(demo_file) == before
    assert not demo_file.with_name(demo_file.name + "-wal").exists()


def test_a_truncated_database_is_said_to_be_cut_short(
    demo_file: Path, open_folder: Callable[[], Services]
) -> None:
    size = demo_file.stat().st_size
    with demo_file.open("r+b") as handle:
        handle.truncate(size // 2)

    error = _refused(open_folder, Damage.NOT_A_DATABASE)

    assert f"it has {size // 2:,} bytes where its header says {size:,} bytes" in str(error)
    assert demo_file.stat().st_size == size // 2


def test_a_zeroed_header_is_named(demo_file: Path, open_folder: Callable[[], Services]) -> None:
    with demo_file.open("r+b") as handle:
        handle.write(bytes(4096))

    error = _refused(open_folder, Damage.NOT_A_DATABASE)

    assert "its first bytes are all zeros" in str(error)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"PK\x03\x04" + bytes(200), "it is a ZIP archive"),
        (b"organization,country\nNorthshore,Canada\n" * 10, "does not start like a SQLite"),
    ],
)
def test_another_kind_of_file_is_named(
    data_dir: Path, open_folder: Callable[[], Services], content: bytes, words: str
) -> None:
    (data_dir / "escadesk.sqlite3").write_bytes(content)

    error = _refused(open_folder, Damage.NOT_A_DATABASE)

    assert "is not an escadesk database" in str(error) and words in str(error)
    assert (data_dir / "escadesk.sqlite3").read_bytes() == content


@pytest.mark.parametrize("how", ["emptied", "deleted"])
def test_an_empty_or_missing_database_beside_a_vault_is_damage_not_a_first_run(
    demo_file: Path, open_folder: Callable[[], Services], how: str
) -> None:
    """It used to become a new vault, asking for a new passphrase beside the old key."""
    if how == "emptied":
        demo_file.write_bytes(b"")
    else:
        demo_file.unlink()

    error = _refused(open_folder, Damage.EMPTIED)

    state = "is empty" if how == "emptied" else "is missing"
    assert f"The database {demo_file} {state}, but this folder held escadesk data" in str(error)
    assert str(demo_file.parent / "keys") in str(error)
    assert demo_file.exists() == (how == "emptied")
    assert demo_file.exists() is False or demo_file.stat().st_size == 0


def test_a_first_run_in_an_empty_folder_still_opens(
    data_dir: Path, open_folder: Callable[[], Services]
) -> None:
    (data_dir / "escadesk.sqlite3").write_bytes(b"")  # created empty by an earlier crash
    services = open_folder()
    assert services.workshops.list() == []


def test_another_program_holding_the_file_is_in_use_not_damage(
    demo_file: Path, open_folder: Callable[[], Services]
) -> None:
    """SQLite's own exclusive lock (storage/sqlite_files.py): a second process is kept
    out even when escadesk's lock file is gone."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; "
            "from escadesk.storage.sqlite_files import connect; "
            "c = connect(Path(sys.argv[1])); "
            "c.execute('SELECT count(*) FROM workshop').fetchall(); "
            "print('holding', flush=True); time.sleep(60)",
            str(demo_file),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        with pytest.raises(DataInUseError) as refused:
            open_folder()
        assert "already in use by another escadesk" in str(refused.value)
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()


def test_a_sqlite_without_unix_excl_falls_back_to_the_default_vfs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from escadesk.storage import sqlite_files

    monkeypatch.setattr(sqlite_files, "VFS", "no-such-vfs-here")
    with closing(sqlite_files.connect(tmp_path / "x.sqlite3")) as connection:
        assert connection.execute("SELECT 1").fetchone() == (1,)
    assert sqlite_files.VFS is None
