"""Issue 14: erased cards must not come back from a raw image of the disk.

The data folder (database and the file keychain) lives on an ext4 file system in a loop-
mounted image file. The demo's cards are stored, the image is carved once as a positive
control (with the passphrase, the carved device key and ciphertexts decrypt them), then
the cards are erased through a cancel decision, the file system is unmounted and the raw
image carved again: nothing may decrypt any more. See carving.py for what is carved.

Needs root and loop devices (losetup, mkfs.ext4 from e2fsprogs, mount). Where they are
missing the test is skipped and says why; with ESCADESK_REQUIRE_LOOP_DEVICES=1 (set by CI,
which has them) that is a failure instead.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from carving import carve, device_candidates

from escadesk.app import AppConfig, Services, build_services
from escadesk.domain.decision import Outcome
from escadesk.services.clock import FixedClock
from escadesk.services.demo import DEMO_PASSPHRASE, DEMO_TODAY, seed_demo
from escadesk.vault.kdf import fast_test_params
from escadesk.vault.keychain import FileKeychain
from loop_images import Ext4Image, loop_devices_missing, skip_or_fail

DECISION_DAY = datetime(2018, 10, 2, 9, 0, tzinfo=ZoneInfo("America/Toronto"))
#: The demo's cards (public test numbers).
NUMBERS = {"4111111111111111", "5555555555554444", "378282246310005", "6011111111111117"}
IMAGE_BYTES = 64 * 1024 * 1024


@pytest.fixture
def image(tmp_path: Path) -> Iterator[Ext4Image]:
    why = loop_devices_missing()
    if why is not None:
        skip_or_fail(why)
    disk = Ext4Image(tmp_path / "disk.img", tmp_path / "mnt", IMAGE_BYTES)
    try:
        try:
            disk.create()
        except OSError as error:
            skip_or_fail(str(error))
        yield disk
    finally:
        disk.remove()


def _open(mountpoint: Path) -> Services:
    data = mountpoint / "data"
    return build_services(
        AppConfig.resolve(data_dir=data),
        clock=FixedClock(DEMO_TODAY),
        actor="tester",
        keychain=FileKeychain(data / "keys"),
        kdf_profile=fast_test_params,
    )


def _current_device_secret(services: Services, mountpoint: Path) -> bytes:
    uid = services.vault._meta().vault_uid
    value = FileKeychain(mountpoint / "data" / "keys").get(f"{uid}/device-secret")
    assert value is not None
    return value


@pytest.mark.accepted_skip("only where loop devices cannot be used (not root, no losetup)")
def test_erased_cards_cannot_be_carved_from_the_raw_disk(
    image: Ext4Image, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # SQLite's and Python's temporary files go to the image too, so they are carved.
    temp = image.mountpoint / "tmp"
    temp.mkdir()
    for variable in ("TMPDIR", "TEMP", "TMP"):
        monkeypatch.setenv(variable, str(temp))
    monkeypatch.setattr(tempfile, "tempdir", None)

    services = _open(image.mountpoint)
    try:
        workshop = seed_demo(services, vault_passphrase=DEMO_PASSPHRASE)
    finally:
        services.close()
    image.unmount()
    before = carve(image.raw(), DEMO_PASSPHRASE, NUMBERS)

    image.mount()
    services = _open(image.mountpoint)
    try:
        services.vault.unlock(DEMO_PASSPHRASE)
        assert isinstance(services.clock, FixedClock)
        services.clock.set(DECISION_DAY)
        assert services.decision.confirm(workshop, DEMO_PASSPHRASE).outcome is Outcome.CANCEL
        report = services.decision.erase_cancelled(workshop)
        assert (report.found, report.destroyed) == (4, 4)
        assert all(erasure.status == "complete" for erasure in report.erasures)
        current = _current_device_secret(services, image.mountpoint)
    finally:
        services.close()
    image.unmount()
    raw = image.raw()
    after = carve(raw, DEMO_PASSPHRASE, NUMBERS)
    # The carving is not blind: it does find the live device secret (it opens nothing).
    assert current in device_candidates(raw)

    with capsys.disabled():
        print(f"\ncarved before the erasure: {before.line()}")
        print(f"carved after the erasure:  {after.line()}")
    assert before.decrypted == NUMBERS, "positive control: the carving must find the cards"
    assert after.decrypted == set(), f"erased cards decrypted from the raw image: {after.line()}"
    assert after.vault_keys_that_unwrap == 0
