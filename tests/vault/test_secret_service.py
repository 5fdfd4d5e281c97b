"""The rotation and erasure of the device secret against a real OS keychain: a Secret
Service (gnome-keyring-daemon) on a private D-Bus session bus, through ``keyring`` exactly
as the app uses it (SystemKeychain), not only the memory and file keychains.

Needs the Debian packages gnome-keyring and dbus-daemon (or dbus-x11); where they are
missing the test is skipped, which fails under CI (tests/ci_skips.py): CI installs them.
The suite points keyring at its fail backend (tests/conftest.py); this module sets up its
own environment and backend, and puts both back afterwards.
"""

from __future__ import annotations

import base64
import gc
import os
import shutil
import subprocess
import time
import warnings
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import keyring
import pytest
from vaultkit import ANDES, BALTIC, NORTHSHORE, PASSPHRASE, RHINE, WITH_CARDS, visa_form

from escadesk.app import AppConfig, Services, build_services
from escadesk.domain.decision import Outcome
from escadesk.services.clock import FixedClock
from escadesk.services.demo import DEMO_TODAY, seed_demo
from escadesk.services.vault import ErasureScope
from escadesk.vault.kdf import fast_test_params
from escadesk.vault.keychain import SERVICE, KeychainUnavailableError, SystemKeychain

#: keyring's Secret Service backend opens a D-Bus connection per call and leaves it to
#: the garbage collector (its "unclosed socket" warning is keyring's, not escadesk's).
pytestmark = pytest.mark.filterwarnings("ignore:unclosed <socket.socket:ResourceWarning")

DECISION_DAY = datetime(2018, 10, 2, 9, 0, tzinfo=ZoneInfo("America/Toronto"))
REASON = "Workshop cancelled: quorum not reached"
LOGIN_PASSWORD = b"escadesk test login keyring\n"
#: A session bus of its own with no service activation: only the daemon started here can
#: own org.freedesktop.secrets (an activated one would not be unlocked).
BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={runtime}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def secret_service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SystemKeychain]:
    """A private session bus and an unlocked login keyring; keyring's Secret Service
    backend pointed at them. Yields the app's own SystemKeychain on top."""
    missing = [t for t in ("dbus-daemon", "gnome-keyring-daemon") if shutil.which(t) is None]
    if missing:
        pytest.skip(f"no Secret Service to test against: {', '.join(missing)} not installed")
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    monkeypatch.delenv("GNOME_KEYRING_CONTROL", raising=False)
    config = tmp_path / "session-bus.conf"
    config.write_text(BUS_CONFIG.format(runtime=runtime))
    bus = subprocess.Popen(
        ["dbus-daemon", f"--config-file={config}", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
    )
    processes = [bus]
    previous = keyring.get_keyring()
    try:
        assert bus.stdout is not None
        address = bus.stdout.readline().decode().strip()
        assert address, "dbus-daemon printed no address"
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.SecretService.Keyring")
        daemon = subprocess.Popen(
            ["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        processes.append(daemon)
        assert daemon.stdin is not None
        daemon.stdin.write(LOGIN_PASSWORD)
        daemon.stdin.close()
        from keyring.backends.SecretService import Keyring as SecretServiceKeyring

        keyring.set_keyring(SecretServiceKeyring())
        deadline = time.monotonic() + 20
        while True:
            try:
                system = SystemKeychain()
                break
            except KeychainUnavailableError:
                if time.monotonic() > deadline or daemon.poll() is not None:
                    raise
                time.sleep(0.2)
        yield system
    finally:
        keyring.set_keyring(previous)
        with warnings.catch_warnings():  # the connections keyring left open (see above)
            warnings.simplefilter("ignore", ResourceWarning)
            gc.collect()
        for process in reversed(processes):
            _stop(process)
        if bus.stdout is not None:
            bus.stdout.close()


def _stored() -> dict[str, bytes]:
    """The device secrets (and any "next") in the Secret Service, read without escadesk's
    own code (the audit anchor kept beside them is left out)."""
    import secretstorage

    connection = secretstorage.dbus_init()
    try:
        collection = secretstorage.get_default_collection(connection)
        return {
            item.get_attributes()["username"]: base64.b64decode(item.get_secret())
            for item in collection.search_items({"service": SERVICE})
            if "/device-secret" in item.get_attributes()["username"]
        }
    finally:
        connection.close()


@pytest.fixture
def open_services(
    tmp_path: Path, secret_service: SystemKeychain
) -> Iterator[Callable[[], Services]]:
    built: list[Services] = []

    def make() -> Services:
        services = build_services(
            AppConfig.resolve(data_dir=tmp_path / "data"),
            clock=FixedClock(DEMO_TODAY),
            actor="tester",
            keychain=secret_service,
            kdf_profile=fast_test_params,
        )
        built.append(services)
        return services

    try:
        yield make
    finally:
        for services in built:
            services.close()


def _ids(services: Services, workshop: int) -> dict[str, int]:
    return {r.organization: r.id for r in services.registrations.list(workshop)}


def test_every_erasure_rotates_the_device_secret_in_the_secret_service(
    open_services: Callable[[], Services],
) -> None:
    services = open_services()
    workshop = seed_demo(services, vault_passphrase=PASSPHRASE)
    ids = _ids(services, workshop)
    before = _stored()
    assert len(before) == 1 and next(iter(before)).endswith("/device-secret")
    (name,) = before
    services.vault.record(ids[ANDES], visa_form())

    services.vault.erase(ids[ANDES], REASON)
    after = _stored()
    assert after.keys() == {name}  # no "next" left behind
    assert after[name] != before[name] and len(after[name]) == 32
    services.vault.erase(ids[RHINE], "Card charged", ErasureScope.SENSITIVE)
    assert _stored()[name] not in (before[name], after[name])
    # gnome-keyring keeps its items encrypted on disk: neither old secret is there in clear.
    keyrings = Path(os.environ["XDG_DATA_HOME"]) / "keyrings"
    on_disk = b"".join(path.read_bytes() for path in keyrings.rglob("*") if path.is_file())
    assert on_disk, "the Secret Service wrote no keyring file"
    for old in (before[name], after[name]):
        assert old not in on_disk and base64.b64encode(old) not in on_disk

    services.close()
    restarted = open_services()
    restarted.vault.unlock(PASSPHRASE)
    for organization in WITH_CARDS:
        assert restarted.vault.reveal(ids[organization], PASSPHRASE).card_number


def test_a_rotation_cut_off_at_the_swap_is_finished_at_the_next_unlock(
    open_services: Callable[[], Services],
    secret_service: SystemKeychain,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    services = open_services()
    workshop = seed_demo(services, vault_passphrase=PASSPHRASE)
    ids = _ids(services, workshop)
    ((name, first),) = _stored().items()
    real_set = secret_service.set

    def swap_fails(key: str, value: bytes) -> None:
        if key.endswith("/device-secret"):
            raise OSError("The keychain stopped answering.")
        real_set(key, value)

    with monkeypatch.context() as patch, pytest.raises(OSError, match="stopped answering"):
        patch.setattr(secret_service, "set", swap_fails)
        services.vault.erase(ids[BALTIC], REASON)
    half_done = _stored()
    assert half_done[name] == first and name + "-next" in half_done
    services.close()

    restarted = open_services()
    restarted.vault.unlock(PASSPHRASE)
    finished = _stored()
    assert finished.keys() == {name}  # "next" promoted, then removed
    assert finished[name] not in (first, half_done[name + "-next"])  # and rotated again
    assert [e.status for e in restarted.vault.erasures()] == ["complete"]
    assert restarted.vault.reveal(ids[NORTHSHORE], PASSPHRASE).code == "123"


def test_a_cancel_decision_erases_every_card_and_leaves_one_new_secret(
    open_services: Callable[[], Services],
) -> None:
    services = open_services()
    workshop = seed_demo(services, vault_passphrase=PASSPHRASE)
    ((name, first),) = _stored().items()
    assert isinstance(services.clock, FixedClock)
    services.clock.set(DECISION_DAY)
    assert services.decision.confirm(workshop, PASSPHRASE).outcome is Outcome.CANCEL
    report = services.decision.erase_cancelled(workshop)
    assert (report.found, report.destroyed) == (4, 4)
    assert all(erasure.status == "complete" for erasure in report.erasures)
    stored = _stored()
    assert stored.keys() == {name} and stored[name] != first
    assert services.vault.masked(workshop) == {}
