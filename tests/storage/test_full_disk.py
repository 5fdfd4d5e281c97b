"""A full disk never crashes escadesk (issue 15, item 4).

The data folder lives on a tiny ext4 file system in a loop-mounted image, filled to the
last block. Before the fix, reading failed with "disk I/O error" (SQLite could not
allocate its memory-mapped ``-shm`` file) and a disk filling while the file was mapped
ended the process with SIGBUS. Now (storage/sqlite_files.py: the WAL index in memory)
reads work, every write says "The disk is full: nothing was saved", nothing stored
changes, and the erasure cut short by the full disk finishes once space is back.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from escadesk.app import AppConfig, build_services
from escadesk.services.clock import FixedClock
from escadesk.services.demo import DEMO_PASSPHRASE, DEMO_TODAY, seed_demo
from escadesk.vault.kdf import fast_test_params
from escadesk.vault.keychain import FileKeychain
from loop_images import Ext4Image, loop_devices_missing, skip_or_fail

IMAGE_BYTES = 24 * 1024 * 1024
CHILD = Path(__file__).with_name("full_disk_child.py")
FULL = "The disk is full: nothing was saved"

pytestmark = pytest.mark.sqlite_only("the SQLite file and its WAL on a full disk")


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Ext4Image]:
    why = loop_devices_missing()
    if why is not None:
        skip_or_fail(why)
    image = Ext4Image(tmp_path / "disk.img", tmp_path / "mnt", IMAGE_BYTES)
    try:
        try:
            image.create()
        except OSError as error:
            skip_or_fail(str(error))
        yield image
    finally:
        image.remove()


def _fill(folder: Path) -> Path:
    """Write until the file system refuses even one more byte."""
    filler = folder / "filler"
    descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for chunk in (1 << 20, 1 << 16, 1 << 12, 1 << 9, 1):
            while True:
                try:
                    if os.write(descriptor, b"\xa5" * chunk) == 0:
                        break
                except OSError as error:
                    assert error.errno == errno.ENOSPC
                    break
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    return filler


def _child(folder: Path, *steps: str) -> dict[str, dict[str, object]]:
    done = subprocess.run(
        [sys.executable, str(CHILD), str(folder), *steps],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, (
        f"the process ended with {done.returncode} (a negative number is a signal: "
        f"-7 is SIGBUS)\n{done.stdout}\n{done.stderr[-2000:]}"
    )
    assert "Traceback" not in done.stderr, done.stderr
    return {r["step"]: r for r in map(json.loads, done.stdout.splitlines())}


def _dump(folder: Path) -> list[tuple]:
    from contextlib import closing

    from escadesk.storage.sqlite_files import connect

    with closing(connect(folder / "escadesk.sqlite3", read_only=True)) as connection:
        return [
            *connection.execute("SELECT id, status FROM registration ORDER BY id"),
            *connection.execute("SELECT key, length(value) FROM setting ORDER BY key"),
            *connection.execute("SELECT id, registration_id FROM card_authorization ORDER BY id"),
        ]


def test_on_a_full_disk_reads_work_writes_say_so_and_nothing_changes(disk: Ext4Image) -> None:
    folder = disk.mountpoint / "data"
    services = build_services(
        AppConfig.resolve(folder),
        clock=FixedClock(DEMO_TODAY),
        keychain=FileKeychain(folder / "keys"),
        kdf_profile=fast_test_params,
    )
    seed_demo(services, vault_passphrase=DEMO_PASSPHRASE)
    services.close()
    before = _dump(folder)
    filler = _fill(disk.mountpoint)

    results = _child(folder, "read", "unlock", "audit", "write", "export", "backup", "withdraw")

    print(json.dumps(results, indent=1))
    assert results["read"]["ok"] and results["unlock"]["ok"] and results["audit"]["ok"]
    for step in ("write", "export", "backup", "withdraw"):
        assert not results[step]["ok"], results[step]
        assert str(results[step]["error"]).startswith(FULL), results[step]
        assert str(folder) in str(results[step]["error"]), results[step]
    assert not (folder / "roster.xlsx").exists()
    assert not list(folder.glob("*.tmp"))
    assert _dump(folder) == before

    filler.unlink()  # space is back: the same work now succeeds
    after = _child(folder, "unlock", "withdraw", "erasures", "audit")
    assert after["withdraw"]["ok"], after["withdraw"]
    assert after["erasures"]["ok"] and "pending" not in str(after["erasures"]["result"])
    assert after["audit"]["ok"] and after["audit"]["result"] == "True"
