"""The benchmarking report read back: sheets, charts and the cells they draw, the tables
against the domain's figures, the synthetic marks, print setup, no card data, and a
save that leaves nothing behind when cancelled.

The comparison is the real domain's, on the real 2018 catalogue, against a small
hand-made reference set (eight clusters; one indicator missing here and there).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from openpyxl.utils import range_to_tuple
from openpyxl.workbook.workbook import Workbook

from escadesk.benchmark_resources import load_catalogue, load_synthetic_reference_set
from escadesk.domain.benchmarking import (
    Benchmark,
    Catalogue,
    Comparison,
    IndicatorComparison,
    PeerGroup,
    ReferenceOrganization,
    ReferenceSet,
    Subject,
    Unit,
    bronze_validity,
    normalise,
    recommendations,
)
from escadesk.domain.cards import contains_card_number
from escadesk.exports.benchmark_report import (
    ReportContext,
    area_sheet_name,
    write_benchmark_report,
)
from escadesk.exports.data import CONFIDENTIALITY_NOTICE
from escadesk.exports.progress import ExportCancelled
from escadesk.exports.workbook_files import INSTITUTE

TORONTO = ZoneInfo("America/Toronto")
GENERATED = datetime(2018, 10, 12, 9, 15, tzinfo=TORONTO)
ORGANIZATION = "Northshore Photonics Cluster"
SHEETS = [
    "Cover",
    "Summary",
    "Recommendations",
    "1 Structure",
    "2 Management",
    "3 Financing",
    "4 Services",
    "5 Interaction",
    "6 Recognition",
    "Indicators",
    "Chart data",
]
GROUPS = (PeerGroup.ALL, PeerGroup.TECHNOLOGY_AREA, PeerGroup.COUNTRY, PeerGroup.EXCELLENCE)
UNANSWERED = ("2.7", "5.3")
CARD_RUN = re.compile(r"\d(?:[ -]?\d){12,}")  # 13+ digits, as card numbers are written
CARD_WORDS = ("••", "VISA", "Mastercard", "American Express", "Amex", "Diners", "JCB")
DEMO_CARDS = ("4111111111111111", "5555555555554444", "378282246310005", "6011111111111117")
NUMBER_TEXT = re.compile(r"<v>([^<]*)</v>")


# ------------------------------------------------------------------ data


def _value(catalogue: Catalogue, code: str, share: float) -> float:
    """A valid answer ``share`` (0-1) of the way along the indicator's scoring scale."""
    indicator = catalogue.indicator(code)
    raw = indicator.score_zero + (indicator.score_full - indicator.score_zero) * share
    raw = min(indicator.maximum, max(indicator.minimum, raw))
    if indicator.unit is Unit.YES_NO:
        return 1.0 if share >= 0.5 else 0.0
    if indicator.unit.whole:
        return float(round(raw))
    return round(raw, 1)


def _org(
    catalogue: Catalogue,
    identifier: str,
    shares: tuple[float, ...],
    *,
    area: str = "ICT",
    country: str = "Canada",
    missing: tuple[str, ...] = (),
) -> ReferenceOrganization:
    values = {
        code: _value(catalogue, code, shares[n % len(shares)])
        for n, code in enumerate(catalogue.codes)
        if code not in missing
    }
    return ReferenceOrganization(identifier, country, area, 2017, None, MappingProxyType(values))


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def _reference(catalogue: Catalogue, synthetic: bool = True) -> ReferenceSet:
    organizations = (
        _org(catalogue, "ICT-1", (0.2, 0.4, 0.6)),
        _org(catalogue, "ICT-2", (0.5, 0.3, 0.9), missing=("1.2",)),
        _org(catalogue, "ICT-3", (0.7, 0.8, 0.6)),
        _org(catalogue, "ICT-4", (0.1, 0.6, 0.3), country="Germany"),
        _org(catalogue, "ICT-5", (0.9, 0.95, 1.0), country="Germany"),
        _org(catalogue, "ICT-6", (0.4, 0.5, 0.45), missing=("1.2", "3.3")),
        _org(catalogue, "ENE-1", (0.3, 0.7), area="Energy and environment", country="France"),
        _org(catalogue, "ENE-2", (1.0, 0.85), area="Energy and environment", country="France"),
    )
    return ReferenceSet("Hand-made test set", organizations, catalogue.version, synthetic)


def _comparison(catalogue: Catalogue, synthetic: bool = True, **subject: object) -> Comparison:
    values = {
        code: _value(catalogue, code, (0.35, 0.75, 0.55, 0.15)[n % 4])
        for n, code in enumerate(catalogue.codes)
        if code not in UNANSWERED
    }
    fields: dict[str, object] = {
        "name": ORGANIZATION,
        "country": "Canada",
        "technology_area": "ICT",
        "values": values,
    }
    fields.update(subject)
    benchmark = Benchmark.prepare(catalogue, _reference(catalogue, synthetic))
    return benchmark.compare(Subject(**fields))  # type: ignore[arg-type]


def _context(comparison: Comparison, **changes: object) -> ReportContext:
    context = ReportContext(
        organization=comparison.subject.name,
        workshop_title="ESCA Cluster Benchmarking Workshop (TCI 2018)",
        workshop_date=date(2018, 10, 4),
        generated_at=GENERATED,
        comparison=comparison,
        recommendations=recommendations(comparison, limit=6),
        label=bronze_validity(date(2018, 10, 4)),
        confidentiality=CONFIDENTIALITY_NOTICE,
    )
    return replace(context, **changes)


@pytest.fixture(scope="module")
def comparison(catalogue: Catalogue) -> Comparison:
    return _comparison(catalogue)


@pytest.fixture(scope="module")
def context(comparison: Comparison) -> ReportContext:
    return _context(comparison)


@pytest.fixture(scope="module")
def report(context: ReportContext, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_benchmark_report(context, tmp_path_factory.mktemp("report") / "report.xlsx")


@pytest.fixture(scope="module")
def book(report: Path) -> Workbook:
    return load_workbook(report)


# ------------------------------------------------------------------ readers


def _cells(book: Workbook, reference: str) -> list[object]:
    """The values of a one-column range such as "'Chart data'!$B$7:$B$12"."""
    sheet_name, (min_col, min_row, max_col, max_row) = range_to_tuple(reference)
    assert min_col == max_col, reference
    sheet = book[sheet_name]
    return [sheet.cell(row, min_col).value for row in range(min_row, max_row + 1)]


def _row_cells(book: Workbook, reference: str) -> list[object]:
    """The values of a one-row (or one-column) range such as "'Chart data'!$B$16:$F$16"."""
    sheet_name, (min_col, min_row, max_col, max_row) = range_to_tuple(reference)
    assert min_row == max_row or min_col == max_col, reference
    sheet = book[sheet_name]
    return [
        sheet.cell(row, column).value
        for row in range(min_row, max_row + 1)
        for column in range(min_col, max_col + 1)
    ]


def _title(chart_title: object) -> str:
    paragraphs = chart_title.tx.rich.p  # type: ignore[attr-defined]
    return "".join(run.t for paragraph in paragraphs for run in (paragraph.r or ()))


def _rows_by_first_cell(sheet: object) -> dict[object, tuple[object, ...]]:
    return {row[0].value: row for row in sheet.iter_rows() if row[0].value is not None}  # type: ignore[attr-defined]


def _score(value: float | None) -> object:
    return None if value is None else pytest.approx(value, abs=5e-5)


def _typical_score(item: IndicatorComparison, group: PeerGroup) -> float | None:
    """The typical peer's score, worked out here: a yes/no question's share of yes
    (counted from the values), a median otherwise."""
    stats = item.peers[group]
    if stats.summary is None:
        return None
    if item.indicator.unit is Unit.YES_NO:
        # the mean of 1s and 0s is the share answering yes
        return normalise(item.indicator, stats.summary.mean)
    return normalise(item.indicator, stats.summary.median)


def _series_names(book: Workbook, chart: object) -> list[object]:
    """A chart's series in drawing order, by the header cells that title them (its
    legend's entries: one per series)."""
    return [
        s.tx.v if s.tx.strRef is None else _cells(book, s.tx.strRef.f)[0]
        for s in chart.series  # type: ignore[attr-defined]
    ]


def _group_headers(sheet: object) -> list[object]:
    """The Indicators sheet's merged peer-group headers, above the "Code" row."""
    header = next(r for r in sheet.iter_rows() if r[0].value == "Code")  # type: ignore[attr-defined]
    above = next(sheet.iter_rows(min_row=header[0].row - 1))  # type: ignore[attr-defined]
    return [c.value for c in above if c.value]


def _stat(item_unit: Unit, value: float | None) -> object:
    if value is None:
        return "–"
    return pytest.approx(value, abs=0.501 if item_unit is Unit.EUR else 0.00501)


# ------------------------------------------------------------------ sheets and charts


def test_sheets_in_reading_order(book: Workbook) -> None:
    assert book.sheetnames == SHEETS


def test_the_radar_draws_the_area_scores_of_the_domain(
    book: Workbook, comparison: Comparison
) -> None:
    radar, _overall = book["Summary"]._charts
    assert type(radar).__name__ == "RadarChart"
    assert _title(radar.title) == "Composite score per area"
    assert _title(radar.y_axis.title) == "Composite score (0–100 %)"
    assert radar.legend is not None and radar.y_axis.delete is False
    assert (radar.y_axis.scaling.min, radar.y_axis.scaling.max) == (0, 1)
    names = [_cells(book, s.tx.strRef.f)[0] for s in radar.series]
    assert names == [
        ORGANIZATION,
        "ICT clusters (average)",
        "Cluster excellence group (average)",
    ]
    categories = _cells(book, radar.series[0].cat.strRef.f)
    assert categories == [area.short_name for area in comparison.catalogue.areas]
    profiles = comparison.area_profiles
    expected = [
        [p.subject for p in profiles],
        [p.peers[PeerGroup.TECHNOLOGY_AREA] for p in profiles],
        [p.peers[PeerGroup.EXCELLENCE] for p in profiles],
    ]
    for series, values in zip(radar.series, expected, strict=True):
        assert series.val.numRef.f.startswith("'Chart data'!$")
        assert _cells(book, series.val.numRef.f) == [_score(v) for v in values]


def test_the_overall_chart_draws_the_overall_scores(book: Workbook, comparison: Comparison) -> None:
    """One bar per shown group, each named on the axis (no legend of long names)."""
    overall = book["Summary"]._charts[1]
    assert _title(overall.title) == "Overall composite score"
    assert _title(overall.y_axis.title) == "Overall score (0–100 %)"
    assert (overall.type, overall.legend) == ("bar", None)
    (series,) = overall.series
    profile = comparison.overall_profile
    expected = [profile.subject, *(profile.peers[g] for g in GROUPS)]
    assert _row_cells(book, series.val.numRef.f) == [_score(v) for v in expected]
    names = _row_cells(book, series.cat.strRef.f)
    assert names == [
        ORGANIZATION,
        "All clusters (average)",
        "ICT clusters (average)",
        "Clusters in Canada (average)",
        "Cluster excellence group (average)",
    ]
    colours = [point.spPr.solidFill.srgbClr for point in series.dPt]
    assert colours == ["1F3864", "A5A5A5", "ED7D31", "5B9BD5", "70AD47"]


def test_each_area_chart_draws_the_scores_of_its_indicators(
    book: Workbook, comparison: Comparison
) -> None:
    for area, sheet_name in zip(comparison.catalogue.areas, SHEETS[3:9], strict=True):
        charts = book[sheet_name]._charts
        assert len(charts) == 1
        chart = charts[0]
        assert (type(chart).__name__, chart.type) == ("BarChart", "bar")
        assert _title(chart.title) == f"{area.code} {area.name}: score per indicator"
        assert _title(chart.y_axis.title) == "Score on the indicator's scale (0–100 %)"
        assert _title(chart.x_axis.title) == "Indicator"
        assert chart.legend.position == "b"
        assert chart.x_axis.delete is False and chart.y_axis.delete is False
        items = [i for i in comparison.indicators if i.indicator.area == area.code]
        categories = _cells(book, chart.series[0].cat.strRef.f)
        assert categories == [item.indicator.title for item in items]
        names = [_cells(book, s.tx.strRef.f)[0] for s in chart.series]
        assert names == [
            ORGANIZATION,
            "All clusters (median or share yes)",
            "ICT clusters (median or share yes)",
            "Cluster excellence group (median or share yes)",
        ]
        assert _cells(book, chart.series[0].val.numRef.f) == [_score(i.score) for i in items]
        for series, group in zip(
            chart.series[1:],
            (PeerGroup.ALL, PeerGroup.TECHNOLOGY_AREA, PeerGroup.EXCELLENCE),
            strict=True,
        ):
            typical = [_typical_score(i, group) for i in items]
            assert _cells(book, series.val.numRef.f) == [_score(v) for v in typical]


def test_an_unanswered_indicator_has_no_score_in_the_chart_data(
    book: Workbook, comparison: Comparison
) -> None:
    chart = book["2 Management"]._charts[0]
    labels = _cells(book, chart.series[0].cat.strRef.f)
    scores = _cells(book, chart.series[0].val.numRef.f)
    title = comparison.indicator("2.7").indicator.title
    assert scores[labels.index(title)] is None  # empty: not drawn, never a 0


# ------------------------------------------------------------------ tables


def test_indicator_table_holds_the_domain_figures(book: Workbook, comparison: Comparison) -> None:
    sheet = book["Indicators"]
    rows = _rows_by_first_cell(sheet)
    header = next(r for r in sheet.iter_rows() if r[0].value == "Code")
    assert [c.value for c in header[:9]] == [
        "Code", "Indicator", "Unit", "Your value", "n", "Q1", "Median", "Q3", "Standing",
    ]  # fmt: skip
    groups = [c.value for c in next(sheet.iter_rows(min_row=header[0].row - 1)) if c.value]
    assert groups == [
        "All clusters (8)",
        "ICT clusters (6)",
        "Clusters in Canada (4)",
        f"Cluster excellence group ({comparison.groups[PeerGroup.EXCELLENCE].size})",
    ]
    for item in comparison.indicators:
        indicator = item.indicator
        row = rows[indicator.code]
        assert row[1].value == indicator.label and row[2].value == indicator.unit_label
        assert row[3].value == ("–" if item.value is None else item.value)
        for number, group in enumerate(GROUPS):
            n, q1, median, q3, standing = (c.value for c in row[4 + 5 * number : 9 + 5 * number])
            stats = item.peers[group]
            summary = stats.summary
            assert n == (summary.count if summary else 0)
            if indicator.unit is Unit.YES_NO:  # the share answering yes, over Q1-Q3
                assert (median, q3) == (None, None)
                assert q1 == stats.yes_share.text
                continue
            assert q1 == _stat(indicator.unit, summary.q1 if summary else None)
            assert median == _stat(indicator.unit, summary.median if summary else None)
            assert q3 == _stat(indicator.unit, summary.q3 if summary else None)
            expected = "–" if stats.standing is None else pytest.approx(stats.standing, abs=0.0501)
            assert standing == expected, (indicator.code, group)


def test_missing_values_show_a_dash_never_zero(book: Workbook, comparison: Comparison) -> None:
    rows = _rows_by_first_cell(book["Indicators"])
    for code in UNANSWERED:
        row = rows[code]
        assert row[3].value == "–"
        standings = [row[8 + 5 * n].value for n in range(len(GROUPS))]
        assert standings == ["–"] * 4  # no value, no standing
    # 1.2 is missing for two ICT clusters: they are left out of the count
    assert rows["1.2"][9].value == 4
    assert comparison.indicator("1.2").peers[PeerGroup.TECHNOLOGY_AREA].summary.count == 4


def test_figures_carry_their_unit_formats(book: Workbook) -> None:
    rows = _rows_by_first_cell(book["Indicators"])
    yes_no = rows["4.1.1"][3]
    assert yes_no.value in (0, 1) and yes_no.number_format == '[=1]"yes";[=0]"no";General'
    assert rows["3.3"][6].number_format == "#,##0"  # euros
    assert rows["1.1.2"][3].data_type == "n" and rows["1.1.2"][8].number_format == "0"


def test_area_page_lists_its_indicators_in_their_units(
    book: Workbook, comparison: Comparison
) -> None:
    sheet = book["1 Structure"]
    rows = _rows_by_first_cell(sheet)
    for item in (i for i in comparison.indicators if i.indicator.area == "1"):
        row = rows[item.indicator.title]
        unit = item.indicator.unit
        assert row[1].value == item.value and row[2].value == item.indicator.unit_label
        medians = [c.value for c in row[3:6]]
        groups = (PeerGroup.ALL, PeerGroup.TECHNOLOGY_AREA, PeerGroup.EXCELLENCE)
        assert medians == [_stat(unit, item.peers[g].summary.median) for g in groups]
        area_standing = item.peers[PeerGroup.TECHNOLOGY_AREA].standing
        assert row[6].value == pytest.approx(area_standing, abs=0.0501)
        assert row[7].value == _score(item.score) and row[7].number_format == "0%"
    assert rows["1.3 Growth of committed participants"][8].value == (
        "\u22125 → 10 % change in committed members per year"
    )


def test_summary_headline_and_composite_scores(book: Workbook, comparison: Comparison) -> None:
    sheet = book["Summary"]
    texts = [c.value for row in sheet.iter_rows(max_col=1) for c in row if c.value]
    headline = comparison.headline().text
    assert headline.startswith("top 25% of ICT clusters in ")
    assert "T" + headline[1:] in texts
    rows = _rows_by_first_cell(sheet)
    for area, profile in zip(comparison.catalogue.areas, comparison.area_profiles, strict=True):
        row = rows[f"{area.code} {area.name}"]
        expected = [profile.subject, *(profile.peers[g] for g in GROUPS)]
        assert [c.value for c in row[1:6]] == [_score(v) for v in expected]
        assert row[1].number_format == "0%"
    overall = comparison.overall_profile
    assert [c.value for c in rows["Overall"][1:6]] == [
        _score(v) for v in (overall.subject, *(overall.peers[g] for g in GROUPS))
    ]


def test_recommendations_in_gap_order_with_their_advice(
    book: Workbook, context: ReportContext
) -> None:
    sheet = book["Recommendations"]
    assert context.recommendations  # the data has gaps to close
    header = next(r for r in sheet.iter_rows() if r[0].value == "#")
    rows = list(sheet.iter_rows(min_row=header[0].row + 1, max_row=header[0].row + 6))
    for row, item in zip(rows, context.recommendations, strict=True):
        unit = item.indicator.unit
        assert row[1].value == item.indicator.title
        assert row[2].value == item.value
        if unit is Unit.YES_NO:
            assert item.peer_share is not None and row[3].value == item.peer_share.text
        else:
            assert row[3].value == _stat(unit, item.peer_typical)
        assert row[4].value == item.indicator.unit_label
        assert row[5].value == f"ICT clusters ({item.peer_count} with a value)"
        assert row[6].value == _score(item.gap) and row[6].number_format == "0%"
        assert row[7].value == pytest.approx(item.standing, abs=0.0501)
        assert all(advice in row[8].value for advice in item.advice)
        assert row[8].alignment.wrap_text and sheet.row_dimensions[row[0].row].height >= 30
    gaps = [row[6].value for row in rows]
    assert gaps == sorted(gaps, reverse=True)
    notes = [c.value for r in sheet.iter_rows(max_col=1) for c in r if c.value]
    assert any(str(n).startswith("Not answered, so not compared: 2.7 ") for n in notes)


def test_cover_names_the_reference_set_label_and_notice(
    book: Workbook, comparison: Comparison
) -> None:
    sheet = book["Cover"]
    assert sheet["A1"].value == ORGANIZATION
    values = {row[0].value: row[1].value for row in sheet.iter_rows(min_row=3) if row[0].value}
    assert values["Workshop"] == "ESCA Cluster Benchmarking Workshop (TCI 2018)"
    assert values["Workshop date"] == datetime(2018, 10, 4)
    assert values["Generated (EDT, UTC-04:00)"] == datetime(2018, 10, 12, 9, 15)
    assert values["Reference set"] == (
        "Hand-made test set — 8 organizations\nSynthetic reference data — not real clusters."
    )
    assert "ICT clusters: 6 clusters" in values["Peer groups"]
    assert values["Quality label"] == (
        "Bronze label awarded Oct 4, 2018; valid from Oct 1, 2018 to Sep 30, 2020"
    )
    assert values["Confidentiality"] == CONFIDENTIALITY_NOTICE
    assert values["Prepared by"] == INSTITUTE
    answered = len(comparison.catalogue) - len(UNANSWERED)
    assert (
        f"{answered} of {len(comparison.catalogue)} indicators answered"
        in (values["Questionnaire"])
    )
    assert all(name in values["Contents"] for name in SHEETS[1:])


def test_without_a_label_the_cover_says_nothing_of_one(
    comparison: Comparison, tmp_path: Path
) -> None:
    path = write_benchmark_report(_context(comparison, label=None), tmp_path / "r.xlsx")
    cover = load_workbook(path)["Cover"]
    assert "Quality label" not in [row[0].value for row in cover.iter_rows()]


# ------------------------------------------------------------------ marks and print


def test_every_sheet_says_synthetic_in_header_footer_and_at_the_top(book: Workbook) -> None:
    for sheet in book.worksheets:
        assert sheet.oddHeader.center.text == "SYNTHETIC REFERENCE DATA — NOT REAL CLUSTERS"
        assert "Synthetic reference data" in sheet.oddFooter.right.text
        assert sheet.oddHeader.left.text == ORGANIZATION
        top = [c.value for row in sheet.iter_rows(max_row=3, max_col=1) for c in row]
        banner = next(v for v in top if v and v.startswith("Synthetic reference data"))
        assert "not real clusters" in banner, sheet.title


def test_a_real_reference_set_is_not_marked_synthetic(catalogue: Catalogue, tmp_path: Path) -> None:
    comparison = _comparison(catalogue, synthetic=False)
    path = write_benchmark_report(_context(comparison), tmp_path / "real.xlsx")
    with zipfile.ZipFile(path) as archive:
        text = " ".join(archive.read(n).decode() for n in archive.namelist())
    assert "synthetic" not in text.lower()
    assert load_workbook(path)["Summary"].oddHeader.center.text is None


def test_an_ampersand_in_the_name_is_escaped_in_headers(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    comparison = _comparison(catalogue, name="Nordic Games & Media Cluster")
    path = write_benchmark_report(_context(comparison), tmp_path / "amp.xlsx")
    book = load_workbook(path)
    assert book["Summary"].oddHeader.left.text == "Nordic Games && Media Cluster"
    assert book["Cover"]["A1"].value == "Nordic Games & Media Cluster"


def test_print_ready(book: Workbook) -> None:
    for sheet in book.worksheets:
        assert sheet.page_setup.orientation == "landscape", sheet.title
        assert sheet.page_setup.fitToWidth == 1
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.oddFooter.center.text == "Page &P of &N"
    for name in ("Summary", "1 Structure", "Cover"):
        assert book[name].page_setup.fitToHeight == 1  # one page each
    indicators = book["Indicators"]
    header_row = next(r for r in indicators.iter_rows() if r[0].value == "Code")[0].row
    assert indicators.print_title_rows == f"${header_row - 1}:${header_row}"
    assert indicators.freeze_panes == f"E{header_row + 1}"
    assert book["Recommendations"].print_title_rows is not None


def test_document_properties(book: Workbook) -> None:
    properties = book.properties
    assert properties.title == (
        f"ESCA Cluster Benchmarking Workshop (TCI 2018) — benchmarking report — {ORGANIZATION}"
    )
    assert properties.creator == INSTITUTE
    assert properties.created == datetime(2018, 10, 12, 13, 15)  # 9:15 Toronto, in UTC
    assert "synthetic reference data" in properties.keywords


def _assert_no_card_data(path: Path) -> None:
    """Like the other exports' scan (demo numbers, Luhn-valid runs), and stricter: no run
    of 13 or more digits at all, no masked card, no card brand."""
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            text = archive.read(name).decode("utf-8")
            assert not contains_card_number(text), name
            assert not any(number in text for number in DEMO_CARDS), name
            assert not CARD_RUN.search(text), (name, CARD_RUN.search(text))
            assert not [word for word in CARD_WORDS if word in text], name


def test_no_card_data_anywhere_in_the_file(report: Path) -> None:
    _assert_no_card_data(report)


def test_no_number_is_written_with_a_long_run_of_digits(report: Path) -> None:
    """openpyxl alone would write the score 0.5963 as 0.5963000000000001."""
    with zipfile.ZipFile(report) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        numbers = [v for n in sheets for v in NUMBER_TEXT.findall(archive.read(n).decode())]
    assert len(numbers) > 500
    assert any(re.fullmatch(r"0\.\d{3,4}", v) for v in numbers)  # scores are there
    long = [v for v in numbers if max(len(run) for run in re.findall(r"\d+", v)) > 12]
    assert long == []


def test_a_report_against_the_shipped_synthetic_set_is_clean(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    reference = load_synthetic_reference_set(catalogue)
    peer = reference.organizations[17]
    subject = Subject(ORGANIZATION, peer.country, peer.technology_area, dict(peer.values))
    comparison = Benchmark.prepare(catalogue, reference).compare(subject)
    path = write_benchmark_report(_context(comparison), tmp_path / "shipped.xlsx")
    _assert_no_card_data(path)
    book = load_workbook(path)
    assert book["Cover"]["A3"].value.startswith("Synthetic reference data — not real clusters")
    rows = _rows_by_first_cell(book["Indicators"])
    assert (
        rows["1.1.2"][4].value == comparison.indicator("1.1.2").peers[PeerGroup.ALL].summary.count
    )


# ------------------------------------------------------------------ edge cases


def test_an_organization_without_area_peers_leaves_the_empty_groups_out(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    """No cluster of its technology area or country in the set: those groups get no
    column, no chart series and no legend entry, and the cover says why."""
    comparison = _comparison(catalogue, technology_area="Food industry", country=None)
    assert comparison.groups[PeerGroup.TECHNOLOGY_AREA].size == 0
    assert comparison.groups[PeerGroup.COUNTRY].size == 0
    path = write_benchmark_report(_context(comparison), tmp_path / "alone.xlsx")
    book = load_workbook(path)
    shown = ["All clusters", "Cluster excellence group"]
    size = comparison.groups[PeerGroup.EXCELLENCE].size
    assert _group_headers(book["Indicators"]) == ["All clusters (8)", f"{shown[1]} ({size})"]
    row = _rows_by_first_cell(book["Indicators"])["1.1.2"]
    assert len([c for c in row if c.value is not None]) == 4 + 2 * 5  # two groups only
    radar, overall = book["Summary"]._charts
    assert _series_names(book, radar) == [ORGANIZATION, "Cluster excellence group (average)"]
    assert _row_cells(book, overall.series[0].cat.strRef.f) == [
        ORGANIZATION,
        *(f"{name} (average)" for name in shown),
    ]
    for sheet_name in SHEETS[3:9]:
        (chart,) = book[sheet_name]._charts
        assert _series_names(book, chart) == [
            ORGANIZATION,
            *(f"{name} (median or share yes)" for name in shown),
        ]
    header = _rows_by_first_cell(book["1 Structure"])["Indicator"]
    assert [c.value for c in header[3:5]] == shown
    summary = _rows_by_first_cell(book["Summary"])["Overall"]
    assert len([c for c in summary if c.value is not None]) == 1 + 1 + 2
    groups = _rows_by_first_cell(book["Cover"])["Peer groups"][1].value
    assert "Food industry clusters: none in the reference set, so left out" in groups


def test_yes_no_rows_show_the_share_answering_yes_never_a_median(
    catalogue: Catalogue, book: Workbook, comparison: Comparison
) -> None:
    """The share is counted here from the reference set itself, not taken from the domain."""
    reference = _reference(catalogue)
    sheet = book["Indicators"]
    rows = _rows_by_first_cell(sheet)
    merged = {str(span) for span in sheet.merged_cells.ranges}
    services = _rows_by_first_cell(book["4 Services"])
    yes_no = [i for i in comparison.indicators if i.indicator.unit is Unit.YES_NO]
    assert len(yes_no) == 6
    for item in yes_no:
        code = item.indicator.code
        ict = [o.values[code] for o in reference.organizations if o.technology_area == "ICT"]
        yes = sum(1 for value in ict if value == 1)
        expected = f"{yes} of {len(ict)} ({(200 * yes + len(ict)) // (2 * len(ict))} %)"
        row = rows[code]
        area_share = row[10].value  # ICT clusters: n, then the share over Q1-Q3
        assert (row[9].value, area_share, row[11].value, row[12].value) == (
            len(ict),
            expected,
            None,
            None,
        )
        for number in range(len(GROUPS)):  # every group: text, merged, no number
            q1 = row[5 + 5 * number]
            assert isinstance(q1.value, str) and re.fullmatch(r"\d+ of \d+ \(\d+ %\)", q1.value)
            assert f"{q1.coordinate}:{row[7 + 5 * number].coordinate}" in merged
        page_row = services[item.indicator.title]
        assert page_row[4].value == expected  # the area page's ICT column, the same text
        assert all(isinstance(c.value, str) for c in page_row[3:6])


def test_a_tie_shows_half_of_them_not_a_median_of_one_half(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    base = _reference(catalogue)
    answers = (1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0)
    organizations = tuple(
        ReferenceOrganization(
            o.identifier, o.country, o.technology_area, o.year, o.label,
            MappingProxyType({**o.values, "4.1.1": answer}),
        )
        for o, answer in zip(base.organizations, answers, strict=True)
    )  # fmt: skip
    reference = ReferenceSet(base.name, organizations, base.catalogue_version, True)
    subject = Subject(ORGANIZATION, "Canada", "ICT", {code: 1.0 for code in ("4.1.1",)})
    comparison = Benchmark.prepare(catalogue, reference).compare(subject)
    path = write_benchmark_report(_context(comparison), tmp_path / "tie.xlsx")
    row = _rows_by_first_cell(load_workbook(path)["Indicators"])["4.1.1"]
    assert [row[5].value, row[6].value, row[7].value] == ["4 of 8 (50 %)", None, None]
    assert 0.5 not in [c.value for c in row]


CHART_NS = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"


def _chart_xml(path: Path) -> dict[str, ElementTree.Element]:
    """Every chart part of the file, parsed."""
    with zipfile.ZipFile(path) as archive:
        return {
            name: ElementTree.fromstring(archive.read(name))
            for name in sorted(archive.namelist())
            if name.startswith("xl/charts/chart")
        }


def _series_count(chart: ElementTree.Element) -> int:
    return len(chart.findall(f".//{CHART_NS}ser"))


def test_every_chart_has_one_series_and_one_legend_entry_per_shown_group(
    catalogue: Catalogue, report: Path, tmp_path: Path
) -> None:
    """Read from the chart XML itself: one <ser> per drawn series, a legend that hides
    none of them (no <legendEntry> deleting one), so legend entries = shown groups."""
    full = _chart_xml(report)
    # the overall chart is one series (a bar per group, named on its axis, no legend)
    assert sorted(_series_count(chart) for chart in full.values()) == [1, 3, 4, 4, 4, 4, 4, 4]
    lonely = _comparison(catalogue, technology_area="Food industry", country=None)
    path = write_benchmark_report(_context(lonely), tmp_path / "lonely.xlsx")
    charts = _chart_xml(path)
    # radar: organization + excellence; each area: + all clusters; overall: one series
    assert sorted(_series_count(chart) for chart in charts.values()) == [1, 2, 3, 3, 3, 3, 3, 3]
    legends = [chart.find(f".//{CHART_NS}legend") for chart in charts.values()]
    assert len([legend for legend in legends if legend is not None]) == 7  # all but overall
    for chart in charts.values():
        assert chart.find(f".//{CHART_NS}legendEntry") is None
    book = load_workbook(path)
    for sheet in ("Summary", *SHEETS[3:9]):
        for chart in book[sheet]._charts:
            names = _series_names(book, chart) + _row_cells(book, chart.series[0].cat.strRef.f)
            assert not [n for n in names if "Food industry" in str(n) or "country" in str(n)]


def test_without_answers_no_page_says_at_or_above_the_median(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    """The writer itself (the service refuses such a report before it gets here)."""
    nothing = _comparison(catalogue, values={})
    path = write_benchmark_report(_context(nothing), tmp_path / "empty.xlsx")
    sheet = load_workbook(path)["Recommendations"]
    texts = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    expected = (
        f"{ORGANIZATION} has not answered any indicator yet: there is nothing to compare, so "
        "no recommendation."
    )
    assert expected in texts
    assert not [t for t in texts if "at or above" in t]


def test_area_sheet_names_are_valid_excel_names() -> None:
    assert area_sheet_name("1", "Structure") == "1 Structure"
    assert area_sheet_name("7", "R&D: labs/[test]?") == "7 R&D labs test"
    assert len(area_sheet_name("8", "x" * 60)) == 31


# ------------------------------------------------------------------ progress and cancel


def test_progress_rises_to_100(context: ReportContext, tmp_path: Path) -> None:
    seen: list[tuple[int, str]] = []
    write_benchmark_report(context, tmp_path / "p.xlsx", progress=lambda p, m: seen.append((p, m)))
    percents = [p for p, _ in seen]
    assert percents == sorted(percents) and percents[-1] == 100
    assert any("Structure of the cluster" in m for _, m in seen)
    assert seen[-1][1] == "Saved p.xlsx"


def test_cancel_at_any_point_leaves_no_file(
    context: ReportContext, tmp_path: Path, tmp_tempdir: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    asked = [0]

    def count() -> bool:
        asked[0] += 1
        return False

    write_benchmark_report(context, out / "r.xlsx", cancelled=count)
    before = (out / "r.xlsx").read_bytes()
    assert asked[0] >= 8  # at every sheet and every area
    for calls in range(1, asked[0] + 1):
        answers = iter([False] * (calls - 1))
        with pytest.raises(ExportCancelled):
            write_benchmark_report(
                context, out / "r.xlsx", cancelled=lambda a=answers: next(a, True)
            )
        assert sorted(p.name for p in out.iterdir()) == ["r.xlsx"], calls
        assert list(tmp_tempdir.iterdir()) == [], calls
        assert (out / "r.xlsx").read_bytes() == before  # the earlier report is untouched
    (out / "r.xlsx").unlink()
    with pytest.raises(ExportCancelled):
        write_benchmark_report(context, out / "new.xlsx", cancelled=lambda: True)
    assert list(out.iterdir()) == []
