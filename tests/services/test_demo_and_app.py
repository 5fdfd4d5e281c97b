"""The demo seed, the settings it leaves behind, and how the app finds its data."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from escadesk.app import DATABASE_FILE, AppConfig, build_services, default_data_dir
from escadesk.domain.registration import RegistrationStatus
from escadesk.services import audit
from escadesk.services.clock import FixedClock, SystemClock
from escadesk.services.demo import DEMO_CODE, DEMO_TODAY, demo_delegates, seed_demo
from escadesk.services.settings import FIXED_CLOCK_SETTING
from escadesk.storage.engine import sqlite_path, sqlite_url

S = RegistrationStatus


@pytest.fixture
def demo(data_dir: Path):
    services = build_services(
        AppConfig.resolve(data_dir=data_dir), clock=FixedClock(DEMO_TODAY), actor="tester"
    )
    workshop_id = seed_demo(services)
    yield services, workshop_id
    services.close()


def test_seed_demo_states(demo) -> None:
    services, workshop_id = demo
    rows = services.registrations.list(workshop_id)

    assert len(rows) == 7
    assert Counter(row.status for row in rows) == {
        S.COMPLETE: 3,
        S.FORM_RECEIVED: 1,
        S.AUTHORIZATION_RECEIVED: 1,
        S.REGISTERED: 1,
        S.WITHDRAWN: 1,
    }
    by_name = {row.organization: row for row in rows}
    assert by_name["Andes AgriFood Alliance"].status is S.FORM_RECEIVED
    assert by_name["Lakeside Clean Energy Cluster"].status is S.AUTHORIZATION_RECEIVED
    assert by_name["Catalonia Smart Mobility Hub"].status is S.REGISTERED
    assert by_name["Nordic Games & Media Cluster"].status is S.WITHDRAWN
    for row in rows:
        assert not row.late
        if row.status is S.COMPLETE:
            assert row.completed_at is not None and row.completed_at < DEMO_TODAY
            assert row.completed_at == row.authorization_received_at
    assert [w.code for w in services.workshops.list()] == [DEMO_CODE]
    assert services.delegates.count(workshop_id) == len(demo_delegates()) == 13


def test_seed_demo_outlook(demo) -> None:
    services, workshop_id = demo
    outlook = services.registrations.outlook(workshop_id)

    assert outlook.headline() == "3 of 4 complete — 1 more needed by Oct 1, 2018"
    assert outlook.deadline_text() == "3 days to the deadline"
    assert [e.organization for e in outlook.counted] == [
        "Northshore Photonics Cluster",
        "Baltic Maritime Innovation Network",
        "Rhine Valley Health Cluster",
    ]
    assert [e.organization for e in outlook.in_progress] == [
        "Andes AgriFood Alliance",
        "Catalonia Smart Mobility Hub",
        "Lakeside Clean Energy Cluster",
    ]


def test_seed_demo_fixes_the_clock_and_audits_every_step(demo) -> None:
    services, workshop_id = demo
    assert services.clock.now() == DEMO_TODAY
    assert services.context.actor == "tester"  # whoever seeded acts again afterwards
    assert services.settings.get(FIXED_CLOCK_SETTING) == DEMO_TODAY.isoformat()
    with services.context.database.reading() as session:
        lines = audit.recent(session, workshop_id)
    actions = Counter(line.action for line in lines)
    assert actions == {
        "workshop.create": 1,
        "delegates.import": 1,
        "registration.create": 7,
        "registration.receive_form": 4,
        "registration.receive_authorization": 4,
        "registration.withdraw": 1,
        "benchmark.answers": 6,
        "benchmark.interview_date": 5,
        "benchmark.label": 2,
    }
    assert all(line.at <= DEMO_TODAY for line in lines)


def test_demo_data_dir_reopens_with_its_fixed_clock(data_dir: Path, demo) -> None:
    services, workshop_id = demo
    services.close()

    reopened = build_services(AppConfig.resolve(data_dir=data_dir), actor="tester")
    try:
        assert isinstance(reopened.clock, FixedClock)
        assert reopened.clock.now() == DEMO_TODAY
        headline = reopened.registrations.outlook(workshop_id).headline()
        assert headline == "3 of 4 complete — 1 more needed by Oct 1, 2018"
    finally:
        reopened.close()


def test_a_normal_data_dir_uses_the_system_clock(data_dir: Path) -> None:
    services = build_services(AppConfig.resolve(data_dir=data_dir))
    try:
        assert isinstance(services.clock, SystemClock)
        assert abs(services.clock.now() - datetime.now().astimezone()) < timedelta(minutes=1)
        assert services.context.actor  # whoever runs the tests
    finally:
        services.close()


def test_seed_demo_needs_a_fixed_clock(data_dir: Path) -> None:
    services = build_services(AppConfig.resolve(data_dir=data_dir), clock=SystemClock())
    try:
        with pytest.raises(RuntimeError, match="fixed clock"):
            seed_demo(services)
        assert services.workshops.list() == []
    finally:
        services.close()


def test_settings_round_trip(services) -> None:
    assert services.settings.get("ui.theme") is None
    assert services.settings.get("ui.theme", "light") == "light"
    services.settings.set("ui.theme", "dark")
    services.settings.set("ui.theme", "high-contrast")
    assert services.settings.get("ui.theme") == "high-contrast"


def test_fixed_clock_refuses_naive_times() -> None:
    with pytest.raises(ValueError):
        FixedClock(datetime(2018, 9, 28, 10, 0))
    clock = FixedClock(DEMO_TODAY)
    with pytest.raises(ValueError):
        clock.set(datetime(2018, 9, 28, 10, 0))
    assert clock.now() == DEMO_TODAY


# -- AppConfig.resolve ----------------------------------------------------------------------


@pytest.fixture
def default_dir(tmp_path: Path) -> Path:
    """Where platformdirs points once the root conftest has redirected HOME and XDG."""
    return default_data_dir()


def test_default_data_dir_is_inside_the_isolated_home(tmp_path: Path, default_dir: Path) -> None:
    assert default_dir.name == "escadesk"
    assert default_dir.is_relative_to(tmp_path / "home")


@pytest.mark.sqlite_only("the SQLite file's default place")
def test_default_config(default_dir: Path) -> None:
    config = AppConfig.resolve()
    assert config.data_dir == default_dir
    assert config.database_url == sqlite_url(default_dir / DATABASE_FILE)
    assert config.backup_dir == default_dir / "backups"


@pytest.mark.sqlite_only("the SQLite file's default place")
def test_demo_without_a_folder_lives_beside_the_real_data(default_dir: Path) -> None:
    config = AppConfig.resolve(demo=True)
    assert config.data_dir == default_dir / "demo"
    assert sqlite_path(config.database_url) == default_dir / "demo" / DATABASE_FILE


def test_environment_beats_the_default(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("ESCADESK_DATA_DIR", str(tmp_path / "from-env"))
    assert AppConfig.resolve().data_dir == tmp_path / "from-env"
    assert AppConfig.resolve(demo=True).data_dir == tmp_path / "from-env"  # explicit folder


def test_environment_path_expands_the_home_folder(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("ESCADESK_DATA_DIR", "~/escadesk-data")
    assert AppConfig.resolve().data_dir == tmp_path / "home" / "escadesk-data"


def test_blank_environment_is_ignored(default_dir: Path, monkeypatch) -> None:
    monkeypatch.setenv("ESCADESK_DATA_DIR", "   ")
    monkeypatch.setenv("ESCADESK_DATABASE_URL", "")
    config = AppConfig.resolve()
    assert config.data_dir == default_dir
    assert config.database_url == sqlite_url(default_dir / DATABASE_FILE)


def test_option_beats_the_environment(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("ESCADESK_DATA_DIR", str(tmp_path / "from-env"))
    monkeypatch.setenv("ESCADESK_DATABASE_URL", sqlite_url(tmp_path / "env.sqlite3"))
    config = AppConfig.resolve(
        data_dir=tmp_path / "from-option", database_url=sqlite_url(tmp_path / "option.sqlite3")
    )
    assert config.data_dir == tmp_path / "from-option"
    assert config.database_url == sqlite_url(tmp_path / "option.sqlite3")


def test_database_url_from_the_environment_is_used(tmp_path: Path, monkeypatch) -> None:
    elsewhere = tmp_path / "server-share" / "institute.sqlite3"
    monkeypatch.setenv("ESCADESK_DATABASE_URL", sqlite_url(elsewhere))
    config = AppConfig.resolve(data_dir=tmp_path / "data")
    assert config.database_url == sqlite_url(elsewhere)

    services = build_services(config, clock=FixedClock(DEMO_TODAY))
    try:
        assert services.context.database.file == elsewhere
        services.settings.set("where", "here")
    finally:
        services.close()
    assert elsewhere.exists()
    assert not (tmp_path / "data" / DATABASE_FILE).exists()
