"""Benchmarking report: escadesk's writer against a raw openpyxl workbook with the same
cells and charts, measured in the same run; then a batch of six reports.

    python3 run.py python bench/benchmark_report.py [--runs 7] [--batch 6]

Both sides compare with the shipped synthetic reference set (1,300 organizations,
prepared once, outside the timings).

(a) One report. escadesk: ``write_benchmark_report`` (figures laid out from the
    comparison, named styles, text neutralised, numbers written as short decimals, six
    area charts, radar and overall charts, atomic save). Raw: the same workbook written
    straight with openpyxl's write-only API: every cell of escadesk's report (read back
    once beforehand: value, font, fill, alignment, border, number format), the same
    column widths, row heights, merged cells, page setup, header and footer, and the
    same eight charts (same type, series, references, titles, size and place), saved
    with ``Workbook.save``. The raw writer builds each distinct look (font, fill,
    alignment, border, number format) once, as a named style, and gives every cell its
    look's style array, as fast code would: setting four style objects on every cell
    makes openpyxl look each one up again and doubles the baseline's time. The two
    files are checked to hold the same cells before anything is timed. The order of
    the writers alternates from run to run; medians and their ratio are printed
    (target <= 1.5x).
(b) A batch: one report for each of six organizations, one after the other, as the
    batch export writes them (the comparison of each included), against six raw
    workbooks; medians of alternating batches and their ratio.

Prints figures (sizes in MiB) and the machine's load; it asserts nothing.
"""

from __future__ import annotations

import argparse
import copy
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.chart import BarChart, RadarChart, Reference, Series
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.styles import Alignment, Border, Font, NamedStyle
from openpyxl.styles.fills import Fill
from openpyxl.utils import get_column_letter, range_to_tuple
from openpyxl.worksheet.properties import PageSetupProperties

from escadesk.benchmark_resources import load_catalogue, load_synthetic_reference_set
from escadesk.domain.benchmarking import Benchmark, Subject, bronze_validity, recommendations
from escadesk.exports.benchmark_report import ReportContext, write_benchmark_report
from escadesk.exports.data import CONFIDENTIALITY_NOTICE

GENERATED = datetime(2018, 10, 12, 9, 15, tzinfo=ZoneInfo("America/Toronto"))
NAMES = (
    "Northshore Photonics Cluster",
    "Rhine Valley Health Cluster",
    "Lakeside Clean Energy Cluster",
    "Nordic Games & Media Cluster",
    "Baltic Maritime Innovation Network",
    "Andes AgriFood Alliance",
)
EMU_PER_CM = 360_000
MIB = 1024 * 1024


# ------------------------------------------------------------------ escadesk side


def context_for(benchmark: Benchmark, number: int) -> ReportContext:
    """A participant shaped like one of the reference organizations (its answers)."""
    peer = benchmark.reference_set.organizations[97 * number + 11]
    name = NAMES[number % len(NAMES)]
    values = dict(peer.values)
    values.pop("5.3", None)  # one unanswered indicator, as in real surveys
    comparison = benchmark.compare(Subject(name, peer.country, peer.technology_area, values))
    return ReportContext(
        organization=name,
        workshop_title="ESCA Cluster Benchmarking Workshop (TCI 2018)",
        workshop_date=date(2018, 10, 4),
        generated_at=GENERATED,
        comparison=comparison,
        recommendations=recommendations(comparison, limit=6),
        label=bronze_validity(date(2018, 10, 4)),
        confidentiality=CONFIDENTIALITY_NOTICE,
    )


# ------------------------------------------------------------------ raw side


@dataclass
class ChartCopy:
    kind: str
    anchor: str
    width: float
    height: float
    title: str
    bar_type: str | None
    series: list[tuple[str, str, str]]  # values, title cell, categories


@dataclass(frozen=True)
class Look:
    """One distinct look of escadesk's cells: the raw writer builds each once."""

    font: Font
    fill: Fill
    alignment: Alignment
    border: Border
    number_format: str


@dataclass
class SheetCopy:
    title: str
    widths: dict[str, float]
    heights: dict[int, float]
    merged: list[str]
    rows: list[list[tuple[object, int] | None]]  # value, index of its look
    charts: list[ChartCopy] = field(default_factory=list)
    header: tuple[str, str, str] = ("", "", "")
    footer: tuple[str, str, str] = ("", "", "")
    fit_height: int = 0


@dataclass
class BookCopy:
    sheets: list[SheetCopy]
    looks: list[Look]  # distinct, in order of first use


def harvest(path: Path) -> BookCopy:
    """Everything the raw writer must reproduce, read from escadesk's report."""
    book = load_workbook(path)
    sheets = []
    looks: dict[Look, int] = {}

    def look_of(c: Cell) -> int:
        look = Look(
            copy.copy(c.font),
            copy.copy(c.fill),
            copy.copy(c.alignment),
            copy.copy(c.border),
            c.number_format,
        )
        return looks.setdefault(look, len(looks))

    for sheet in book.worksheets:
        sheet_copy = SheetCopy(
            title=sheet.title,
            widths={k: d.width for k, d in sheet.column_dimensions.items() if d.width},
            heights={k: d.height for k, d in sheet.row_dimensions.items() if d.height},
            merged=[str(r) for r in sheet.merged_cells.ranges],
            rows=[
                [
                    None if c.value is None and not c.has_style else (c.value, look_of(c))
                    for c in row
                ]
                for row in sheet.iter_rows()
            ],
            header=(
                sheet.oddHeader.left.text or "",
                sheet.oddHeader.center.text or "",
                sheet.oddHeader.right.text or "",
            ),
            footer=(
                sheet.oddFooter.left.text or "",
                sheet.oddFooter.center.text or "",
                sheet.oddFooter.right.text or "",
            ),
            fit_height=sheet.page_setup.fitToHeight or 0,
        )
        for chart in sheet._charts:
            anchor = chart.anchor
            start = f"{get_column_letter(anchor._from.col + 1)}{anchor._from.row + 1}"
            paragraphs = chart.title.tx.rich.p
            sheet_copy.charts.append(
                ChartCopy(
                    kind=type(chart).__name__,
                    anchor=start,
                    width=anchor.ext.width / EMU_PER_CM,
                    height=anchor.ext.height / EMU_PER_CM,
                    title="".join(r.t for p in paragraphs for r in (p.r or ())),
                    bar_type=getattr(chart, "type", None),
                    series=[(s.val.numRef.f, s.tx.strRef.f, s.cat.strRef.f) for s in chart.series],
                )
            )
        sheets.append(sheet_copy)
    return BookCopy(sheets, list(looks))


def write_raw(copied: BookCopy, target: Path, styled: bool = True) -> None:
    """The same cells and charts, straight through openpyxl's write-only API: each
    distinct look built once as a named style, each cell given its look's style array
    (``styled=False``: values and number formats only, the floor)."""
    book = Workbook(write_only=True)
    arrays = []
    if styled:
        for number, look in enumerate(copied.looks):
            named = NamedStyle(
                name=f"Raw look {number}",
                font=look.font,
                fill=look.fill,
                alignment=look.alignment,
                border=look.border,
                number_format=look.number_format,
            )
            book.add_named_style(named)
            arrays.append(named.as_tuple())
    for sheet_copy in copied.sheets:
        sheet = book.create_sheet(sheet_copy.title)
        for letter, width in sheet_copy.widths.items():
            sheet.column_dimensions[letter].width = width
        for number, height in sheet_copy.heights.items():
            sheet.row_dimensions[number].height = height
        for merged in sheet_copy.merged:
            sheet.merged_cells.add(merged)
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = sheet_copy.fit_height
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        header, footer = sheet.oddHeader, sheet.oddFooter
        header.left.text, header.center.text, header.right.text = sheet_copy.header
        footer.left.text, footer.center.text, footer.right.text = sheet_copy.footer
        for row in sheet_copy.rows:
            cells = []
            for item in row:
                if item is None:
                    cells.append(None)
                    continue
                value, look = item
                if styled:
                    cell = Cell(sheet, row=1, column=1, value=value, style_array=arrays[look])
                else:
                    cell = WriteOnlyCell(sheet, value=value)
                    cell.number_format = copied.looks[look].number_format
                cells.append(cell)
            sheet.append(cells)
        for chart_copy in sheet_copy.charts:
            sheet.add_chart(raw_chart(chart_copy), chart_copy.anchor)
    book.save(target)


def raw_chart(spec: ChartCopy) -> BarChart | RadarChart:
    chart: BarChart | RadarChart
    if spec.kind == "RadarChart":
        chart = RadarChart()
        chart.type = "marker"
    else:
        chart = BarChart()
        chart.type = spec.bar_type or "col"
    chart.title = spec.title
    for values, title, categories in spec.series:
        sheet_name, (col, _first, _, last) = range_to_tuple(values)
        title_row = range_to_tuple(title)[1][1]
        reference = Reference(
            range_string=f"'{sheet_name}'!{get_column_letter(col)}{title_row}:"
            f"{get_column_letter(col)}{last}"
        )
        series = Series(reference, title_from_data=True)
        series.cat = AxDataSource(strRef=StrRef(f=categories))
        chart.series.append(series)
    chart.y_axis.title = "Score (0–100 %)"
    chart.x_axis.title = "Indicator"
    chart.x_axis.delete = chart.y_axis.delete = False
    chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 1
    chart.y_axis.number_format = "0%"
    chart.legend.position = "b"
    chart.width, chart.height = spec.width, spec.height
    return chart


# ------------------------------------------------------------------ timing


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def alternating(actions: dict[str, Callable[[], object]], runs: int) -> dict[str, float]:
    """The median time of each action over ``runs`` rounds; each round starts with the
    next action in turn, so none is always the first (or the last) on a busy machine."""
    names = list(actions)
    times: dict[str, list[float]] = {name: [] for name in names}
    for run in range(runs):
        for name in names[run % len(names) :] + names[: run % len(names)]:
            times[name].append(timed(actions[name]))
    return {name: statistics.median(values) for name, values in times.items()}


_SIDES = ("left", "right", "top", "bottom", "diagonal")
_FLAGS = ("diagonalUp", "diagonalDown", "outline")


def same_cells(ours: Path, raw: Path) -> None:
    """Refuse to time two writers that do not write the same cells (values and looks)."""
    a, b = load_workbook(ours), load_workbook(raw)
    assert a.sheetnames == b.sheetnames, (a.sheetnames, b.sheetnames)

    def edges(border: Border) -> tuple[object, ...]:
        # A side read back as None and an empty Side() draw the same (no line).
        sides = (getattr(border, name) for name in _SIDES)
        drawn = tuple(
            side if side is not None and (side.style or side.color) else None for side in sides
        )
        return (*drawn, *(getattr(border, name) for name in _FLAGS))

    def seen(c: Cell) -> tuple[object, ...]:
        # Copies: openpyxl's style proxies do not compare equal to one another.
        looks = (copy.copy(c.font), copy.copy(c.fill), copy.copy(c.alignment))
        return (c.value, *looks, edges(c.border), c.number_format)

    for name in a.sheetnames:
        left = [[seen(c) for c in row] for row in a[name].iter_rows()]
        right = [[seen(c) for c in row] for row in b[name].iter_rows()]
        assert left == right, f"sheet {name} differs"


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs"


def bench_one(benchmark: Benchmark, folder: Path, runs: int) -> None:
    context = context_for(benchmark, 0)
    ours_path, raw_path = folder / "escadesk.xlsx", folder / "raw.xlsx"
    bare_path = folder / "bare.xlsx"
    write_benchmark_report(context, ours_path)  # warm-up, and the cells to copy
    copied = harvest(ours_path)
    write_raw(copied, raw_path)
    same_cells(ours_path, raw_path)
    medians = alternating(
        {
            "ours": lambda: write_benchmark_report(context, ours_path),
            "raw": lambda: write_raw(copied, raw_path),
            "bare": lambda: write_raw(copied, bare_path, styled=False),
        },
        runs,
    )
    sheets = copied.sheets
    cells = sum(len(row) for s in sheets for row in s.rows)
    charts = sum(len(s.charts) for s in sheets)
    ours_ms, raw_ms, bare_ms = (medians[k] * 1000 for k in ("ours", "raw", "bare"))
    print(
        f"(a) one report: {len(sheets)} sheets, {cells:,} cells in "
        f"{len(copied.looks)} distinct looks, {charts} charts"
    )
    print(f"    escadesk write_benchmark_report:   {ours_ms:7.1f} ms (median of {runs})")
    print(f"    raw openpyxl, same cells/charts:   {raw_ms:7.1f} ms (median of {runs})")
    print(f"    raw, values and formats only:      {bare_ms:7.1f} ms (the floor)")
    print(
        f"    ratio: {ours_ms / raw_ms:.2f}x against raw (target <= 1.5x); "
        f"{ours_ms / bare_ms:.2f}x against the unstyled floor"
    )
    print(
        f"    file sizes: escadesk {ours_path.stat().st_size / MIB:.3f} MiB, "
        f"raw {raw_path.stat().st_size / MIB:.3f} MiB"
    )


def bench_batch(benchmark: Benchmark, folder: Path, count: int) -> None:
    contexts = [context_for(benchmark, n) for n in range(count)]
    copies = []
    for n, context in enumerate(contexts):
        path = folder / f"copy-{n}.xlsx"
        write_benchmark_report(context, path)
        copies.append(harvest(path))

    def ours() -> None:
        for n in range(count):
            context = context_for(benchmark, n)  # compare included, as the batch does
            write_benchmark_report(context, folder / f"report-{n}.xlsx")

    def raw() -> None:
        for n, copied in enumerate(copies):
            write_raw(copied, folder / f"raw-{n}.xlsx")

    medians = alternating({"ours": ours, "raw": raw}, 3)
    ours_t, raw_t = medians["ours"], medians["raw"]
    print(f"(b) batch of {count} reports (median of 3 alternating batches)")
    print(
        f"    escadesk (compare + write each): {ours_t * 1000:7.1f} ms total, "
        f"{ours_t * 1000 / count:.1f} ms per report"
    )
    print(f"    raw openpyxl, same cells/charts: {raw_t * 1000:7.1f} ms total")
    print(f"    ratio: {ours_t / raw_t:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--batch", type=int, default=6)
    args = parser.parse_args()
    print(
        f"Python {platform.python_version()}, openpyxl {openpyxl.__version__}, {platform.machine()}"
    )
    print(f"At the start: {load()}")
    catalogue = load_catalogue()
    start = time.perf_counter()
    reference = load_synthetic_reference_set(catalogue)
    loaded = time.perf_counter()
    benchmark = Benchmark.prepare(catalogue, reference)
    prepared = time.perf_counter()
    print(
        f"Reference set: {len(reference):,} organizations, loaded in "
        f"{(loaded - start) * 1000:.0f} ms, prepared in {(prepared - loaded) * 1000:.0f} ms "
        "(not timed below)"
    )
    with tempfile.TemporaryDirectory() as folder:
        bench_one(benchmark, Path(folder), args.runs)
        bench_batch(benchmark, Path(folder), args.batch)
    print(f"At the end: {load()} (figures measured under load are noisy)")


if __name__ == "__main__":
    main()
