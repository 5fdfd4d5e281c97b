"""Vault fixtures: the real services on a fresh data folder, the demo seeded with its
vault, an in-memory keychain and the deliberately weak test KDF profile."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from vaultkit import PASSPHRASE

from escadesk.app import AppConfig, Services
from escadesk.services.clock import FixedClock
from escadesk.services.demo import DEMO_TODAY, seed_demo
from escadesk.vault.keychain import MemoryKeychain
from raw_sql import plain_sql
from service_factory import service_factory


@pytest.fixture
def keychain() -> MemoryKeychain:
    return MemoryKeychain()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(DEMO_TODAY)


@pytest.fixture
def config(data_dir: Path) -> AppConfig:
    return AppConfig.resolve(data_dir=data_dir)


@pytest.fixture
def open_services(
    config: AppConfig, clock: FixedClock, keychain: MemoryKeychain
) -> Iterator[Callable[[], Services]]:
    """Build (another) set of services on the same folder and keychain: a restart."""
    with service_factory(config, lambda: clock, keychain) as make:
        yield make


@pytest.fixture
def services(open_services: Callable[[], Services]) -> Services:
    """The demo, with its vault set up (unlocked) and its four test cards stored."""
    services = open_services()
    seed_demo(services, vault_passphrase=PASSPHRASE)
    return services


@pytest.fixture
def workshop_id(services: Services) -> int:
    (summary,) = services.workshops.list()
    return summary.id


@pytest.fixture
def registration(services: Services, workshop_id: int) -> Callable[[str], int]:
    """Registration id by organization name. The demo's are read at once: a test that
    closes ``services`` (a restart) still finds them, without reopening the database."""
    known = {row.organization: row.id for row in services.registrations.list(workshop_id)}

    def find(organization: str) -> int:
        if organization not in known:  # registered during the test
            known.update((r.organization, r.id) for r in services.registrations.list(workshop_id))
        return known[organization]

    return find


@pytest.fixture
def db_file(services: Services) -> Path:
    path = services.context.database.file
    assert path is not None
    return path


@pytest.fixture
def sql(services: Services) -> Callable[..., list[tuple]]:
    """Run SQL through a separate plain connection (as an attacker or a bug would): to
    the SQLite file, or to this test's database on a server (tests/postgres_server.py)."""
    return plain_sql(services.config.database_url)
