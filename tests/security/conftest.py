"""Security fixtures: the demo with its vault on a fresh data folder, a private temp folder
for everything the app, SQLite and Qt write there, and a canary scanner over all of it."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from canary import PASSPHRASE, CanaryScanner, TempWatch

from escadesk.app import AppConfig, Services
from escadesk.services.clock import FixedClock
from escadesk.services.demo import DEMO_TODAY, seed_demo
from escadesk.vault.keychain import FileKeychain, Keychain, MemoryKeychain
from service_factory import service_factory


@pytest.fixture
def private_temp(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[TempWatch]:
    """Watch the system temp folder, then send this test's temp files to its own folder
    (Python's tempfile, SQLite and Qt all follow TMPDIR), scanned in full as a root."""
    system = Path(tempfile.gettempdir())
    watch = TempWatch.start(system, skip=(tmp_path_factory.getbasetemp(),))
    own = tmp_path / "tmp"
    own.mkdir()
    for variable in ("TMPDIR", "TEMP", "TMP"):
        monkeypatch.setenv(variable, str(own))
    monkeypatch.setattr(tempfile, "tempdir", None)
    assert Path(tempfile.gettempdir()) == own
    yield watch


@pytest.fixture
def scanner(tmp_path: Path, private_temp: TempWatch) -> CanaryScanner:
    """Everything under tmp_path (data folder, home with its config/cache/state/log
    folders, the private temp folder) and what is new in the system temp folder."""
    return CanaryScanner(roots=[tmp_path], temp=private_temp)


@pytest.fixture(params=["memory", "file"])
def keychain(request: pytest.FixtureRequest, data_dir: Path) -> Keychain:
    """The in-memory keychain, and the documented file fallback (keys/ in the data
    folder, which the scans then cover too)."""
    if request.param == "memory":
        return MemoryKeychain()
    return FileKeychain(data_dir / "keys")


@pytest.fixture
def open_services(
    data_dir: Path, keychain: Keychain, private_temp: TempWatch
) -> Iterator[Callable[[], Services]]:
    config = AppConfig.resolve(data_dir=data_dir)
    with service_factory(config, lambda: FixedClock(DEMO_TODAY), keychain) as make:
        yield make


@pytest.fixture
def services(open_services: Callable[[], Services]) -> Services:
    services = open_services()
    seed_demo(services, vault_passphrase=PASSPHRASE)
    return services
