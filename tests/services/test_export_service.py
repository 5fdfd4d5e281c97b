"""Exports through the real services: the demo before and after decision day."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from escadesk.app import AppConfig, Services, build_services
from escadesk.domain.validation import ValidationError
from escadesk.services import audit
from escadesk.services.clock import FixedClock
from escadesk.services.demo import (
    DEMO_PASSPHRASE,
    DEMO_TODAY,
    announcement_workshop,
    seed_demo,
)
from escadesk.services.exports import ExportCancelledError, pitch_order_key
from escadesk.vault.kdf import fast_test_params
from escadesk.vault.keychain import MemoryKeychain

TORONTO = ZoneInfo("America/Toronto")
DECISION_DAY = datetime(2018, 10, 2, 9, 0, tzinfo=TORONTO)
NORTHSHORE, BALTIC, RHINE = (
    "Northshore Photonics Cluster",
    "Baltic Maritime Innovation Network",
    "Rhine Valley Health Cluster",
)
ANDES = "Andes AgriFood Alliance"


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    """The demo a few days before the deadline: three complete, cards in the vault."""
    built = build_services(
        AppConfig.resolve(tmp_path / "data"),
        clock=FixedClock(DEMO_TODAY),
        keychain=MemoryKeychain(),
        kdf_profile=fast_test_params,
        actor="dorinda.so",
    )
    seed_demo(built, vault_passphrase=DEMO_PASSPHRASE)
    yield built
    built.close()


@pytest.fixture
def workshop(services: Services) -> int:
    (summary,) = services.workshops.list()
    return summary.id


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "exports"
    folder.mkdir()
    return folder


def _ids(services: Services, workshop: int) -> dict[str, int]:
    return {r.organization: r.id for r in services.registrations.list(workshop)}


def _decide(services: Services, workshop: int) -> None:
    """Andes completes, the workshop proceeds with four; Northshore is charged."""
    ids = _ids(services, workshop)
    services.registrations.record_authorization(ids[ANDES])
    clock = services.clock
    assert isinstance(clock, FixedClock)
    clock.set(DECISION_DAY)
    services.decision.confirm(workshop, DEMO_PASSPHRASE)
    services.decision.erase_cancelled(workshop)
    services.charging.record_charge(ids[NORTHSHORE], date(2018, 10, 2), "APPROVAL 884213")


def _audit(services: Services, workshop: int, action: str) -> list[str]:
    with services.context.database.reading() as session:
        return [e.summary for e in audit.recent(session, workshop) if e.action == action]


def _rows(path: Path, sheet: str) -> list[dict[str, object]]:
    rows = list(load_workbook(path)[sheet].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_pitch_order_before_the_decision_is_completion_order(
    services: Services, workshop: int
) -> None:
    assert [name for _id, name in services.exports.pitch_order(workshop)] == [
        NORTHSHORE,
        BALTIC,
        RHINE,
    ]


def test_the_director_sets_the_order_and_the_roster_follows_it(
    services: Services, workshop: int, out: Path
) -> None:
    ids = _ids(services, workshop)
    chosen = [ids[RHINE], ids[NORTHSHORE], ids[BALTIC]]
    services.exports.set_pitch_order(workshop, chosen)
    assert [rid for rid, _name in services.exports.pitch_order(workshop)] == chosen
    assert json.loads(services.settings.get(pitch_order_key(workshop)) or "") == chosen
    assert _audit(services, workshop, "export.pitch_order") == [
        f"Pitch order set: {RHINE}, {NORTHSHORE}, {BALTIC}"
    ]

    path = services.exports.roster(workshop, out / "roster.xlsx")
    pitches = [r for r in _rows(path, "Programme") if r["Kind"] == "Pitch"]
    assert [(r["Item"], r["Organization"]) for r in pitches] == [
        ("Pitch 1", RHINE),
        ("Pitch 2", NORTHSHORE),
        ("Pitch 3", BALTIC),
    ]
    assert [r["Start"].time().isoformat("minutes") for r in pitches] == ["09:30", "10:00", "10:30"]
    participants = _rows(path, "Participants")
    assert [r["Organization"] for r in participants[:3]] == [RHINE, NORTHSHORE, BALTIC]
    assert [r["Pitch"] for r in participants[:3]] == [1, 2, 3]


@pytest.mark.parametrize(
    "change",
    ["missing", "stranger", "duplicate"],
)
def test_a_wrong_pitch_order_is_refused_and_changes_nothing(
    services: Services, workshop: int, change: str
) -> None:
    ids = _ids(services, workshop)
    good = [ids[NORTHSHORE], ids[BALTIC], ids[RHINE]]
    services.exports.set_pitch_order(workshop, good)
    wrong = {
        "missing": good[:2],
        "stranger": [*good, ids["Catalonia Smart Mobility Hub"]],
        "duplicate": [*good[:2], good[0]],
    }[change]
    with pytest.raises(ValidationError, match="exactly once"):
        services.exports.set_pitch_order(workshop, wrong)
    assert json.loads(services.settings.get(pitch_order_key(workshop)) or "") == good
    assert len(_audit(services, workshop, "export.pitch_order")) == 1


def test_after_the_decision_the_participants_are_the_confirmed_ones(
    services: Services, workshop: int, out: Path
) -> None:
    _decide(services, workshop)
    assert [name for _id, name in services.exports.pitch_order(workshop)] == [
        NORTHSHORE,
        BALTIC,
        RHINE,
        ANDES,
    ]
    path = services.exports.roster(workshop, out / "roster.xlsx")
    people = {r["Organization"]: r for r in _rows(path, "Participants")}
    assert people[NORTHSHORE]["Status"] == "Charged"
    assert people["Catalonia Smart Mobility Hub"]["Status"] == "Cancelled"
    assert people["Catalonia Smart Mobility Hub"]["Pitch"] is None
    assert people[NORTHSHORE]["Completed (Toronto time)"] == datetime(2018, 9, 8, 10, 30)
    assert people[NORTHSHORE]["Phone"] == "+1 418 555 0142"
    slots = [r for r in _rows(path, "Programme") if r["Kind"] in ("Pitch", "Open discussion")]
    assert [r["Minutes"] for r in slots] == [22, 22, 22, 22, 2]
    cover = {r[0]: r[1] for r in load_workbook(path)["Cover"].iter_rows(values_only=True)}
    assert cover["Generated"] == datetime(2018, 10, 2, 9, 0)
    assert cover["Organizations taking part"] == 4
    assert _audit(services, workshop, "export.roster") == [
        "Exported the roster (7 organizations) as 'roster.xlsx'"
    ]


def test_finance_after_the_decision_and_a_charge(
    services: Services, workshop: int, out: Path
) -> None:
    _decide(services, workshop)
    path = services.exports.finance(workshop, out / "finance.xlsx")
    lines = {r["Organization"]: r for r in _rows(path, "Charges")}
    assert list(lines) == sorted(lines, key=str.casefold)
    northshore = lines[NORTHSHORE]
    assert northshore["Status"] == "Charged"
    assert (northshore["Fee gross (CAD)"], northshore["Net (CAD)"]) == (3000, 2654.87)
    assert northshore["HST (CAD)"] == 345.13
    assert northshore["~EUR at 0.662 (2018-06-01)"] == 1990
    assert northshore["Card"] == "VISA •••• 1111"  # from the charge: the card itself is gone
    assert northshore["Authorization"] == "Erased"
    assert northshore["Charged on"] == datetime(2018, 10, 2)
    assert northshore["Charge reference"] == "APPROVAL 884213"
    assert northshore["Charged (CAD)"] == 3000
    assert northshore["Card data erasure"] == "Card data erased"
    assert lines[BALTIC]["Card"] == "Mastercard •••• 4444"
    assert lines[BALTIC]["Authorization"] == "Recorded"
    assert lines[BALTIC]["Charged on"] is None
    assert lines[ANDES]["Authorization"] == "Received, not in vault"
    lakeside = lines["Lakeside Clean Energy Cluster"]
    assert lakeside["Status"] == "Cancelled" and lakeside["Fee gross (CAD)"] is None
    assert lakeside["Authorization"] == "Erased"
    assert lakeside["Erased (Toronto time)"] == datetime(2018, 10, 2, 9, 0)
    assert lines["Nordic Games & Media Cluster"]["Authorization"] == "None"
    gross = sum(Decimal(str(r["Fee gross (CAD)"] or 0)) for r in lines.values())
    assert gross == Decimal("12000.00")

    summary = {
        r[0]: r[1] for r in load_workbook(path)["Summary"].iter_rows(min_row=3, values_only=True)
    }
    assert summary["Organizations taking part"] == 4
    assert summary["Fee tier"] == "4 organizations"
    assert summary["Total fees, gross (CAD)"] == "=SUM(Charges!E2:E8)"
    assert summary["Decision"] == "Proceeds: decided 2018-10-02 09:00 by dorinda.so."
    assert _audit(services, workshop, "export.finance") == [
        "Exported the finance workbook (7 organizations) as 'finance.xlsx'"
    ]


def test_a_cancelled_workshop_has_nobody_to_pitch(
    services: Services, workshop: int, out: Path
) -> None:
    clock = services.clock
    assert isinstance(clock, FixedClock)
    clock.set(DECISION_DAY)
    services.decision.confirm(workshop, DEMO_PASSPHRASE)  # three complete: cancelled
    assert services.exports.pitch_order(workshop) == []
    path = services.exports.roster(workshop, out / "roster.xlsx")
    notes = [r["Notes"] for r in _rows(path, "Programme") if r["Notes"]]
    assert notes == ["No organization takes part yet: the pitch block (90 min) is not divided."]
    summary = services.exports.finance_data(workshop)
    assert summary.head_count == 0 and summary.tier is None
    assert summary.decision.startswith("Does not proceed")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("roster.csv", "as an .xlsx file"),
        ("missing/roster.xlsx", "does not exist"),
        ("folder.xlsx", "is a folder"),
        ("4111 1111 1111 1111.xlsx", "looks like a card number"),
    ],
)
def test_a_bad_target_is_refused_before_anything_is_written(
    services: Services, workshop: int, out: Path, name: str, message: str
) -> None:
    (out / "folder.xlsx").mkdir()
    with pytest.raises(ValidationError, match=message):
        services.exports.roster(workshop, out / name)
    assert sorted(p.name for p in out.iterdir()) == ["folder.xlsx"]
    assert _audit(services, workshop, "export.roster") == []


def test_cancelling_writes_nothing_and_logs_nothing(
    services: Services, workshop: int, out: Path
) -> None:
    target = out / "finance.xlsx"
    with pytest.raises(ExportCancelledError, match="no file was written"):
        services.exports.finance(workshop, target, cancelled=lambda: True)
    assert not target.exists() and list(out.iterdir()) == []
    assert _audit(services, workshop, "export.finance") == []


def test_progress_is_reported_from_reading_to_saving(
    services: Services, workshop: int, out: Path
) -> None:
    seen: list[tuple[int, str]] = []
    services.exports.roster(workshop, out / "r.xlsx", progress=lambda p, m: seen.append((p, m)))
    assert seen[0] == (0, "Reading the workshop")
    assert seen[-1] == (100, "Saved r.xlsx")


def test_suggested_file_names_are_safe_everywhere(services: Services, workshop: int) -> None:
    """From the workshop's title and date, never its code (issue 16)."""
    title = "ESCA Cluster Benchmarking Workshop (TCI 2018) 2018-10-04"
    assert services.exports.suggested_file_name(workshop, "roster") == f"{title} roster.xlsx"
    assert services.exports.suggested_file_name(workshop, "finance") == f"{title} finance.xlsx"
    other = services.workshops.create(
        replace(announcement_workshop(), code="OTHER", title='Atelier: "Réseaux/Grappes" 2019?')
    )
    name = services.exports.suggested_file_name(other, "roster")
    assert name == "Atelier - 'Réseaux-Grappes' 2019 2018-10-04 roster.xlsx"
    assert not set(name) & set('<>:"/\\|?*')


def test_an_unreadable_stored_order_falls_back_to_completion_order(
    services: Services, workshop: int
) -> None:
    services.settings.set(pitch_order_key(workshop), "not json [")
    assert [name for _id, name in services.exports.pitch_order(workshop)] == [
        NORTHSHORE,
        BALTIC,
        RHINE,
    ]
