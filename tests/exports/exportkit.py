"""Plain export data (no database) and helpers to read workbooks back."""

from __future__ import annotations

import zipfile
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from escadesk.domain.cards import CardBrand, MaskedCard
from escadesk.domain.fees import announcement_fee_schedule
from escadesk.domain.money import Money, split_tax_included
from escadesk.domain.pitch_schedule import plan_pitches
from escadesk.domain.workshop_calendar import announcement_agenda, announcement_facilitators
from escadesk.exports.data import (
    ChargeLine,
    FinanceData,
    ParticipantLine,
    RosterData,
    WorkshopHeading,
)

TORONTO = ZoneInfo("America/Toronto")
GENERATED = datetime(2018, 10, 2, 9, 15, tzinfo=TORONTO)


def heading() -> WorkshopHeading:
    return WorkshopHeading(
        title="ESCA Cluster Benchmarking Workshop (TCI 2018)",
        code="TCI2018-BENCH",
        venue="Rotman School of Management, Toronto",
        event_date=date(2018, 10, 4),
        timezone="America/Toronto",
        generated_at=GENERATED,
    )


def participant(number: int, **changes: object) -> ParticipantLine:
    values: dict[str, object] = {
        "organization": f"Cluster {number:02d}",
        "country": "Canada",
        "technology_area": "ICT",
        "contact_name": f"Contact {number}",
        "contact_title": "Cluster Manager",
        "contact_email": f"delegate{number}@clusters.example",
        "contact_phone": "+1 416 555 0100",
        "status": "Confirmed",
        "completed_at": datetime(2018, 9, 1, 12, 0, tzinfo=TORONTO) + timedelta(hours=number),
        "late": False,
        "late_accepted_reason": None,
        "waitlist_position": None,
        "pitch_number": number,
    }
    values.update(changes)
    return ParticipantLine(**values)  # type: ignore[arg-type]


def roster_data(count: int = 4, extra: tuple[ParticipantLine, ...] = ()) -> RosterData:
    people = tuple(participant(n) for n in range(1, count + 1)) + extra
    speakers = [p.organization for p in people if p.pitch_number is not None]
    return RosterData(
        heading=heading(),
        participants=people,
        agenda=announcement_agenda(),
        pitches=plan_pitches(announcement_agenda(), speakers),
        facilitators=announcement_facilitators(),
    )


SCHEDULE = announcement_fee_schedule()


def charge_line(number: int, *, fee: bool = True, charged: bool = False) -> ChargeLine:
    quote = SCHEDULE.quote(4)
    split = quote.price if fee else None
    return ChargeLine(
        organization=f"Cluster {number:02d}",
        billing_contact=f"Contact {number}",
        billing_email=f"delegate{number}@clusters.example",
        status="Charged" if charged else ("Confirmed" if fee else "Cancelled"),
        fee=split,
        approximation=quote.approximation if fee else None,
        card=MaskedCard(CardBrand.VISA, "1111"),
        authorization="Recorded" if not charged else "Recorded; code and scan erased",
        charged_on=date(2018, 10, 2) if charged else None,
        charge_reference=f"APPROVAL {880000 + number}" if charged else "",
        charged_amount=split.gross.amount if (charged and split) else None,
        erasure="Code and scan erased" if charged else "",
        erased_at=datetime(2018, 10, 2, 10, 0, tzinfo=TORONTO) if charged else None,
    )


def finance_data(lines: tuple[ChargeLine, ...] | None = None) -> FinanceData:
    if lines is None:
        lines = (
            charge_line(1, charged=True),
            charge_line(2),
            charge_line(3),
            charge_line(4),
            charge_line(5, fee=False),
        )
    return FinanceData(
        heading=heading(),
        currency="CAD",
        tax_name="HST",
        tax_rate=Decimal("0.13"),
        rate=SCHEDULE.rate,
        lines=lines,
        head_count=sum(1 for line in lines if line.fee is not None),
        tier=SCHEDULE.quote(4),
        decision="Proceeds: decided 2018-10-02 09:00 by research director.",
    )


def odd_fee_line(number: int, gross: str) -> ChargeLine:
    """A line whose split has odd cents (to check that totals add the rounded lines)."""
    split = split_tax_included(Money.of(gross, "CAD"), Decimal("0.13"))
    base = charge_line(number)
    return ChargeLine(**{**base.__dict__, "fee": split, "approximation": None})


def read(path: Path) -> Workbook:
    return load_workbook(path)


def xml_parts(path: Path) -> dict[str, str]:
    """Every part of the xlsx package, decoded as UTF-8."""
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


def header(sheet: object) -> list[object]:
    return [cell.value for cell in next(sheet.iter_rows(min_row=1, max_row=1))]  # type: ignore[attr-defined]


def column(sheet: object, title: str) -> list[object]:
    """The data cells under the header ``title`` (the cells, for types and formats)."""
    index = header(sheet).index(title) + 1
    return [row[index - 1] for row in sheet.iter_rows(min_row=2)]  # type: ignore[attr-defined]


#: Landscape Letter with half-inch margins, at 96 dpi; a Calibri 11 digit printed by
#: LibreOffice is 7.4 px (Excel rounds to 7): what fits at 7.5 fits both.
PRINTABLE_PIXELS, PIXELS_PER_CHARACTER = 960, 7.5


def printed_parts(sheet: object) -> list[list[str]]:
    """The column headers of each printed part of a table split for printing, checking
    the page setup on the way: manual breaks, the first column on every page, and a scale
    at which every part fits the page width but one point more would not."""
    from openpyxl.utils import get_column_letter

    setup, breaks = sheet.page_setup, [b.id for b in sheet.col_breaks.brk]
    assert not sheet.sheet_properties.pageSetUpPr.fitToPage  # Excel ignores breaks if set
    assert sheet.print_title_cols == "$A:$A"
    assert all(b.man for b in sheet.col_breaks.brk)
    headers = header(sheet)
    bounds = list(zip([1, *breaks], [*breaks, len(headers)], strict=True))
    parts = [[headers[0], *headers[start:end]] for start, end in bounds]

    def width(index: int) -> float:
        return sheet.column_dimensions[get_column_letter(index + 1)].width

    widest = max(
        (width(0) + sum(width(i) for i in range(start, end))) * PIXELS_PER_CHARACTER
        for start, end in bounds
    )
    assert widest * setup.scale / 100 <= PRINTABLE_PIXELS
    assert setup.scale == 100 or widest * (setup.scale + 1) / 100 > PRINTABLE_PIXELS
    return parts
