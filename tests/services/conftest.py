"""Services built on a fresh data folder with a fixed clock, and helpers around them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from escadesk.app import AppConfig, Services, build_services
from escadesk.domain.registration_form import RegistrationDetails
from escadesk.services.clock import FixedClock
from escadesk.services.demo import DEMO_PASSPHRASE, announcement_workshop, seed_demo
from escadesk.vault.keychain import MemoryKeychain
from raw_sql import dump
from service_factory import demo_services

TORONTO = ZoneInfo("America/Toronto")
#: A few days before the announcement's deadline (Oct 1, 2018, Toronto).
TODAY = datetime(2018, 9, 28, 10, 0, tzinfo=TORONTO)
ACTOR = "dorinda.so"


@pytest.fixture
def today() -> datetime:
    """Where the services' clock stands unless a test moves it."""
    return TODAY


@pytest.fixture
def actor() -> str:
    """Who the services say is acting."""
    return ACTOR


@pytest.fixture
def clock(today: datetime) -> FixedClock:
    return FixedClock(today)


@pytest.fixture
def config(data_dir: Path) -> AppConfig:
    return AppConfig.resolve(data_dir=data_dir)


@pytest.fixture
def services(config: AppConfig, clock: FixedClock, actor: str) -> Iterator[Services]:
    built = build_services(config, clock=clock, actor=actor)
    yield built
    built.close()


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Services]:
    """The demo seeded on a fresh data folder, on its own day (DEMO_TODAY), its device key
    in memory."""
    services = demo_services(tmp_path / "data", MemoryKeychain())
    seed_demo(services, vault_passphrase=DEMO_PASSPHRASE)
    yield services
    services.close()


@pytest.fixture
def db_url(services: Services) -> str:
    """The database the services use: the SQLite file's URL, or this test's database on
    a PostgreSQL server (tests/postgres_server.py)."""
    return services.config.database_url


@pytest.fixture
def snapshot(db_url: str) -> Callable[[], list[str]]:
    """Every table's schema and rows, read through a separate plain connection."""

    def take() -> list[str]:
        return dump(db_url)

    return take


@pytest.fixture
def workshop_id(services: Services) -> int:
    return services.workshops.create(announcement_workshop())


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[[str, str], Path]:
    def write(name: str, content: str) -> Path:
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        return path

    return write


@pytest.fixture
def add_delegates(
    services: Services, write_csv: Callable[[str, str], Path]
) -> Callable[[int, list[str]], None]:
    """Import a delegate list (e-mails only) through a real CSV file."""
    counter = iter(range(1, 1000))

    def add(workshop: int, emails: list[str]) -> None:
        lines = "\n".join(["E-mail,Name", *(f"{email},Delegate {email}" for email in emails)])
        path = write_csv(f"delegates-{next(counter)}.csv", lines + "\n")
        preview = services.delegates.preview(workshop, path)
        assert preview.problems == (), preview.problems
        services.delegates.commit(preview)

    return add


def org_details(number: int, **changes: str) -> RegistrationDetails:
    """A valid form for organization ``number`` (its contact: delegate{number}@...)."""
    base = RegistrationDetails(
        organization=f"Cluster {number:02d}",
        country="Canada",
        technology_area="ICT",
        contact_name=f"Contact {number}",
        contact_email=f"delegate{number}@clusters.example",
        contact_title="Cluster Manager",
        contact_phone="+1 416 555 0100",
    )
    return replace(base, **changes)


@pytest.fixture
def details() -> Callable[..., RegistrationDetails]:
    return org_details


@pytest.fixture
def delegates_for_ten(workshop_id: int, add_delegates) -> list[str]:
    emails = [org_details(n).contact_email for n in range(1, 11)]
    add_delegates(workshop_id, emails)
    return emails
