"""Export figures: 10,000 registrations exported to roster and finance workbooks, against
a raw openpyxl write-only writer of the same cells, measured in the same run.

    python3 run.py python bench/exports.py [--workshops 1000] [--per-workshop 10] [--large 10000]

A temporary database gets ``--workshops`` workshops of ``--per-workshop`` registrations
each (the usual size is at most ~10: confirmed, charged, waitlisted, cancelled,
withdrawn; cards as brand and last four, charges and erasures), plus one workshop of
``--large`` registrations to stress write-only mode.

For every workshop:
(a) the export service end to end (one read of the database, the writers, the atomic
    save with fsync, the audit entry), roster and finance;
(b) the writers alone, from the data already gathered;
(c) the raw baseline: the same cells (values, named styles, number formats, column
    widths, row heights, frozen header, filter, print setup) read back from (b)'s file
    and written by plain openpyxl write-only code, saved with Workbook.save.
(b) and (c) run ``--repeat`` times each, alternating which goes first, and the median run
of each counts (the best run flatters whichever side had a lucky moment). The cells of
(b) and (c) are compared, sheet by sheet, before anything is timed. Prints totals and
ratios (target <= 1.2x for (b)/(c)) and the machine's load; it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles.cell_style import StyleArray
from openpyxl.styles.named_styles import NamedStyle
from openpyxl.worksheet.properties import PageSetupProperties

from escadesk.app import AppConfig, Services, build_services
from escadesk.exports.finance import write_finance
from escadesk.exports.roster import write_roster
from escadesk.services.clock import FixedClock
from escadesk.services.demo import announcement_workshop
from escadesk.services.vault import new_uid
from escadesk.storage import models

TORONTO = ZoneInfo("America/Toronto")
NOW = datetime(2018, 10, 3, 9, 0, tzinfo=TORONTO)
DECIDED = datetime(2018, 10, 2, 9, 0, tzinfo=TORONTO)
STATUSES = (
    ["charged"] * 3
    + ["confirmed"] * 3
    + ["waitlisted"] * 2
    + ["cancelled", "withdrawn", "complete", "registered"]
)


# -- the database --------------------------------------------------------------------------


def build(
    folder: Path, workshops: int, per_workshop: int, large: int
) -> tuple[Services, list[int]]:
    services = build_services(AppConfig.resolve(folder), clock=FixedClock(NOW), actor="bench")
    ids = []
    sizes = [per_workshop] * workshops + ([large] if large else [])
    for number, size in enumerate(sizes):
        data = replace(announcement_workshop(), code=f"BENCH-{number:05d}")
        workshop_id = services.workshops.create(data)
        ids.append(workshop_id)
        with services.context.database.transaction() as session:
            workshop = session.get(models.Workshop, workshop_id)
            assert workshop is not None
            workshop.decision, workshop.decided_at, workshop.decided_by = (
                "proceed",
                DECIDED,
                "bench",
            )
            workshop.decided_participants = 6
            for index in range(size):
                _registration(session, workshop_id, number, index)
    return services, ids


def _registration(session: object, workshop_id: int, workshop: int, index: int) -> None:
    status = STATUSES[index % len(STATUSES)]
    completed = DECIDED - timedelta(days=20, minutes=index * 37 + workshop)
    organization = models.Organization(
        name=f"Cluster {workshop:05d}-{index:05d} Innovation Network",
        country="Canada",
        technology_area="Micro, nano and optical technologies",
        created_at=completed - timedelta(days=3),
    )
    contact = models.Contact(
        organization=organization,
        name=f"Contact {index}",
        title="Cluster Manager",
        email=f"c{workshop}.{index}@clusters.example",
        email_normalized=f"c{workshop}.{index}@clusters.example",
        phone="+1 416 555 0100",
    )
    taking_part = status in ("charged", "confirmed")
    registration = models.Registration(
        workshop_id=workshop_id,
        organization=organization,
        contact=contact,
        status=status,
        form_received_at=None if status == "registered" else completed,
        authorization_received_at=None if status == "registered" else completed,
        completed_at=None if status == "registered" else completed,
        late_accepted_reason="Courier delay; signed on time" if index % 7 == 3 else None,
        fee_gross=Decimal("2650.00") if taking_part else None,
        created_at=completed - timedelta(days=3),
        updated_at=completed,
    )
    session.add(registration)  # type: ignore[attr-defined]
    session.flush()  # type: ignore[attr-defined]
    if status in ("confirmed", "waitlisted", "complete"):
        session.add(  # type: ignore[attr-defined]
            models.CardAuthorization(
                registration_id=registration.id,
                record_uid=new_uid(),
                brand="visa",
                last4="1111",
                state="active",
                recorded_at=completed,
                recorded_by="bench",
                updated_at=completed,
            )
        )
    if status == "charged":
        session.add(  # type: ignore[attr-defined]
            models.Charge(
                registration_id=registration.id,
                cardholder=contact.name,
                brand="mastercard",
                last4="4444",
                amount=Decimal("2650.00"),
                currency="CAD",
                charged_on=date(2018, 10, 2),
                reference=f"APPROVAL {index:06d}",
                card_erase_due=DECIDED,
                recorded_at=DECIDED,
                recorded_by="bench",
            )
        )
    if status in ("charged", "cancelled"):
        session.add(  # type: ignore[attr-defined]
            models.Erasure(
                certificate_uid=new_uid(),
                registration_id=registration.id,
                workshop_id=workshop_id,
                organization=organization.name,
                scope="full",
                destroyed="card number, ...",
                reason="bench",
                erased_at=DECIDED + timedelta(minutes=5),
                erased_by="bench",
                status="complete",
                verification="",
                completed_at=DECIDED + timedelta(minutes=5),
            )
        )


# -- the raw baseline ----------------------------------------------------------------------


@dataclass
class RawSheet:
    title: str
    widths: dict[str, float]
    heights: dict[int, float]
    freeze: str | None
    filter_ref: str | None
    print_titles: str | None
    rows: list[list[tuple[object, str, str, bool] | None]]


def raw_cells(path: Path) -> tuple[list[RawSheet], dict[str, NamedStyle], object]:
    """The cells of a written workbook, to be written again by the raw baseline."""
    book = load_workbook(path)
    styles = {
        style.name: style for style in book._named_styles
    }  # bench only: copy the styles as they are
    sheets = []
    for sheet in book.worksheets:
        rows = []
        for row in sheet.iter_rows():
            rows.append(
                [
                    None
                    if cell.value is None
                    else (cell.value, cell.style, cell.data_type, bool(cell.quotePrefix))
                    for cell in row
                ]
            )
        sheets.append(
            RawSheet(
                title=sheet.title,
                widths={k: d.width for k, d in sheet.column_dimensions.items() if d.width},
                heights={k: d.height for k, d in sheet.row_dimensions.items() if d.height},
                freeze=sheet.freeze_panes,
                filter_ref=sheet.auto_filter.ref,
                print_titles=sheet.print_title_rows,
                rows=rows,
            )
        )
    return sheets, styles, book.properties


def raw_write(path: Path, sheets: list[RawSheet], styles: dict[str, NamedStyle]) -> None:
    """Plain openpyxl write-only code: the fastest public way to the same cells."""
    book = Workbook(write_only=True)
    arrays: dict[str, StyleArray] = {}
    for name, style in styles.items():
        if name == "Normal":
            continue
        copy = NamedStyle(
            name=name,
            font=style.font,
            fill=style.fill,
            border=style.border,
            alignment=style.alignment,
            number_format=style.number_format,
        )
        book.add_named_style(copy)
        arrays[name] = copy.as_tuple()
    for spec in sheets:
        sheet = book.create_sheet(spec.title)
        for letter, width in spec.widths.items():
            sheet.column_dimensions[letter].width = width
        for row, height in spec.heights.items():
            sheet.row_dimensions[row].height = height
        if spec.freeze:
            sheet.freeze_panes = spec.freeze
        if spec.filter_ref:
            sheet.auto_filter.ref = spec.filter_ref
        if spec.print_titles:
            sheet.print_title_rows = spec.print_titles.replace("$", "")
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        for row in spec.rows:
            cells = []
            for item in row:
                if item is None:
                    cells.append(None)
                    continue
                value, style, data_type, quote = item
                cell = Cell(sheet, row=1, column=1, value=value, style_array=arrays.get(style))
                if data_type == "s":
                    cell.data_type = "s"
                if quote:
                    cell.quotePrefix = True
                cells.append(cell)
            sheet.append(cells)
    book.save(path)


def same_cells(ours: Path, raw: Path) -> None:
    """Refuse to time two writers that do not write the same workbook."""
    a, b = load_workbook(ours), load_workbook(raw)
    assert a.sheetnames == b.sheetnames, (a.sheetnames, b.sheetnames)
    for name in a.sheetnames:
        left = [[(c.value, c.style, c.number_format) for c in r] for r in a[name].iter_rows()]
        right = [[(c.value, c.style, c.number_format) for c in r] for r in b[name].iter_rows()]
        assert left == right, f"sheet {name} differs"


# -- timing --------------------------------------------------------------------------------


def timed(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def bench(
    services: Services, ids: list[int], folder: Path, large_id: int | None, repeat: int
) -> None:
    out = folder / "out"
    out.mkdir()
    kinds = {"roster": (write_roster, services.exports.roster_data, services.exports.roster)}
    kinds["finance"] = (write_finance, services.exports.finance_data, services.exports.finance)
    small = [i for i in ids if i != large_id]
    groups = [("per workshop", small)] + ([("one large workshop", [large_id])] if large_id else [])
    for kind, (writer, gather, service) in kinds.items():
        for label, group in groups:
            service_s: list[float] = []
            ours_s: list[float] = []
            raw_s: list[float] = []
            cells = 0
            for number, workshop_id in enumerate(group):
                assert workshop_id is not None
                target = out / f"{kind}-{workshop_id}.xlsx"
                service_s.append(timed(lambda: service(workshop_id, target)))  # noqa: B023
                data = gather(workshop_id)
                ours = out / f"{kind}-{workshop_id}-ours.xlsx"
                raw = out / f"{kind}-{workshop_id}-raw.xlsx"
                writer(data, ours)  # warm, and the source of the raw cells
                sheets, styles, _properties = raw_cells(ours)
                raw_write(raw, sheets, styles)
                if number == 0:
                    same_cells(ours, raw)
                cells += sum(len([c for c in r if c]) for s in sheets for r in s.rows)
                # The median of ``repeat`` runs each, alternating which goes first.
                runs_ours: list[float] = []
                runs_raw: list[float] = []
                for run in range(repeat):
                    order = ("ours", "raw") if (number + run) % 2 == 0 else ("raw", "ours")
                    for which in order:
                        if which == "ours":
                            runs_ours.append(timed(lambda: writer(data, ours)))  # noqa: B023
                        else:
                            runs_raw.append(timed(lambda: raw_write(raw, sheets, styles)))  # noqa: B023
                ours_s.append(statistics.median(runs_ours))
                raw_s.append(statistics.median(runs_raw))
                for path in (target, ours, raw):
                    path.unlink()
            report(kind, label, len(group), cells, service_s, ours_s, raw_s)


def report(
    kind: str,
    label: str,
    workbooks: int,
    cells: int,
    service_s: list[float],
    ours_s: list[float],
    raw_s: list[float],
) -> None:
    total_ours, total_raw, total_service = sum(ours_s), sum(raw_s), sum(service_s)
    ratios = [o / r for o, r in zip(ours_s, raw_s, strict=True)]
    print(
        f"{kind}, {label}: {workbooks} workbook(s), {cells:,} cells "
        f"({cells / workbooks:,.0f} per workbook)"
    )
    print(
        f"  export service (read + write + fsync + audit) {total_service:8.2f} s"
        f"   median {statistics.median(service_s) * 1000:8.1f} ms"
    )
    print(
        f"  writers alone (median of runs)                {total_ours:8.2f} s"
        f"   median {statistics.median(ours_s) * 1000:8.1f} ms"
    )
    print(
        f"  raw openpyxl write-only, same cells           {total_raw:8.2f} s"
        f"   median {statistics.median(raw_s) * 1000:8.1f} ms"
    )
    print(
        f"  ratio writers / raw: {total_ours / total_raw:.2f}x on the totals, "
        f"{statistics.median(ratios):.2f}x median per workbook (target <= 1.2x); "
        f"service / raw: {total_service / total_raw:.2f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workshops", type=int, default=1000)
    parser.add_argument("--per-workshop", type=int, default=10)
    parser.add_argument("--large", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3, help="writer runs per workbook")
    arguments = parser.parse_args()
    print(
        f"escadesk export benchmark — Python {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.system()}, "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    with tempfile.TemporaryDirectory(prefix="escadesk-bench-") as temporary:
        folder = Path(temporary)
        started = time.perf_counter()
        services, ids = build(
            folder / "data", arguments.workshops, arguments.per_workshop, arguments.large
        )
        total = arguments.workshops * arguments.per_workshop + arguments.large
        print(
            f"database: {len(ids)} workshops, {total:,} registrations "
            f"(built in {time.perf_counter() - started:.1f} s)"
        )
        try:
            bench(services, ids, folder, ids[-1] if arguments.large else None, arguments.repeat)
        finally:
            services.close()
    print(f"load average at the end: {os.getloadavg()[0]:.2f} (figures under load are noisy)")


if __name__ == "__main__":
    main()
