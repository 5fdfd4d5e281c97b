"""The report's detail pages: one page per area, every indicator, and the chart data."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from escadesk.domain.benchmarking import Area, Comparison, IndicatorComparison, PeerGroup
from escadesk.exports import report_layout as lay
from escadesk.exports.report_charts import area_chart, area_chart_height
from escadesk.exports.report_context import ReportContext
from escadesk.exports.report_data import (
    AREA_CHART_GROUPS,
    TABLE_GROUPS,
    ChartBlock,
    ChartLayout,
    IndicatorRow,
    group_title,
    indicator_rows,
    scale_text,
    score,
    standing,
    statistic,
    value_format,
)
from escadesk.exports.report_styles import ReportStyles

AREA_WIDTHS = (42.0, 11.0, 22.0, 13.0, 13.0, 13.0, 12.0, 9.0, 30.0)
INDICATOR_FIXED_WIDTHS = (7.0, 32.0, 21.0, 10.0)
GROUP_WIDTHS = (5.0, 7.5, 7.5, 7.5, 9.0)  # n, Q1, median, Q3, standing
GROUP_HEADERS = ("n", "Q1", "Median", "Q3", "Standing")
CHART_DATA_WIDTHS = (46.0, 22.0, 22.0, 22.0, 22.0, 22.0)
CHART_ANCHOR_ROW = 5
AREA_HEADERS = (
    "Indicator",
    "Your value",
    "Unit",
    "Median: all clusters",
    "Median: technology area",
    "Median: excellence group",
    "Standing in the technology area (0–100)",
    "Your score",
    "Scale: 0 % → 100 %",
)


# ------------------------------------------------------------------ area pages


def write_area(
    sheet: WriteOnlyWorksheet,
    context: ReportContext,
    area: Area,
    block: ChartBlock,
    styles: ReportStyles,
    marks: lay.PageMarks,
    data_sheet: WriteOnlyWorksheet,
) -> None:
    """One area on one page: the bar chart, then the same indicators in their units."""
    comparison = context.comparison
    widths = AREA_WIDTHS
    lay.prepare_sheet(sheet, marks, widths, fit_height=1)
    sheet.row_dimensions[1].height = 24
    sheet.append([lay.text(sheet, f"{area.code} {area.name}", styles.title())])
    row = lay.banner(sheet, 2, marks, styles, widths)
    lay.wide_row(sheet, row, area_note(context, area), styles.note(), widths)
    row += 1
    items = [item for item in comparison.indicators if item.indicator.area == area.code]
    keys = ["organization", *(group.value for group in AREA_CHART_GROUPS)]
    title = f"{area.code} {area.name}: score per indicator"
    chart = area_chart(data_sheet, block, keys, title)
    chart.width = lay.columns_cm(widths)
    anchor = max(row + 1, CHART_ANCHOR_ROW)
    row = lay.skip_to(sheet, row, anchor)
    sheet.add_chart(chart, f"A{anchor}")
    row = lay.skip_to(sheet, row, anchor + lay.rows_for(area_chart_height(len(items))))
    sheet.append([lay.text(sheet, "The same indicators in their own units", styles.caption())])
    row += 1
    sheet.row_dimensions[row].height = lay.header_height(AREA_HEADERS, widths)
    headers = AREA_HEADERS
    sheet.append([lay.text(sheet, h, styles.header()) for h in headers])
    row += 1
    for item in items:
        lines = max(
            lay.line_count(item.indicator.title, widths[0]),
            lay.line_count(item.indicator.unit_label, widths[2]),
            lay.line_count(scale_text(item.indicator), widths[8]),
        )
        if lines > 1:
            sheet.row_dimensions[row].height = lay.row_height(lines)
        sheet.append(area_cells(sheet, item, styles))
        row += 1


def area_note(context: ReportContext, area: Area) -> str:
    comparison = context.comparison
    profile = next(p for p in comparison.area_profiles if p.area == area)

    def pct(value: float | None) -> str:
        return "–" if value is None else f"{value:.0%}"

    peers = ", ".join(
        f"{group_title(comparison, g)} {pct(profile.peers[g])}" for g in AREA_CHART_GROUPS
    )
    area_group = group_title(comparison, PeerGroup.TECHNOLOGY_AREA)
    return (
        f"Area score: {context.organization} {pct(profile.subject)}; group averages: "
        f"{peers}. Each bar is a score on the indicator's own scale (last column below: "
        "the value that scores 0 % and the value that scores 100 %); a group's bar is the "
        f"score of its median cluster. Technology area: {area_group}. An indicator "
        f"without a figure for {context.organization} was not answered."
    )


def area_cells(
    sheet: WriteOnlyWorksheet, item: IndicatorComparison, styles: ReportStyles
) -> list[object]:
    indicator = item.indicator
    figure_format = value_format(indicator)
    figure = styles.figure(figure_format)
    medians = []
    for group in AREA_CHART_GROUPS:
        summary = item.peers[group].summary
        median = None if summary is None else statistic(indicator, summary.median)
        medians.append(lay.figure_or_missing(sheet, median, figure, styles))
    area_standing = standing(item.peers[PeerGroup.TECHNOLOGY_AREA].standing)
    return [
        lay.text(sheet, indicator.title, styles.cell_text(bold=True)),
        lay.figure_or_missing(sheet, item.value, styles.figure(figure_format, bold=True), styles),
        lay.text(sheet, indicator.unit_label, styles.cell_text()),
        *medians,
        lay.figure_or_missing(sheet, area_standing, styles.standing(), styles),
        lay.figure_or_missing(sheet, score(item.score), styles.score(), styles),
        lay.text(sheet, scale_text(indicator), styles.cell_text()),
    ]


# ------------------------------------------------------------------ every indicator


def indicator_widths() -> tuple[float, ...]:
    return INDICATOR_FIXED_WIDTHS + GROUP_WIDTHS * len(TABLE_GROUPS)


def write_indicators(
    sheet: WriteOnlyWorksheet,
    context: ReportContext,
    styles: ReportStyles,
    marks: lay.PageMarks,
) -> None:
    """Every indicator: the organization's value and, per peer group, how many peers
    have a value, their quartiles and the organization's standing."""
    comparison = context.comparison
    widths = indicator_widths()
    lay.prepare_sheet(sheet, marks, widths)
    group_row = lay.below_banner(marks) + 2  # under the note and a blank row
    sheet.print_title_rows = f"{group_row}:{group_row + 1}"
    sheet.freeze_panes = f"E{group_row + 2}"
    sheet.row_dimensions[1].height = 24
    title = f"Every indicator — {context.organization} and its peers"
    sheet.append([lay.text(sheet, title, styles.title())])
    row = lay.banner(sheet, 2, marks, styles, widths)
    lay.wide_row(sheet, row, INDICATORS_NOTE, styles.note(), widths)
    sheet.append([])
    row += 2
    assert row == group_row
    sheet.row_dimensions[group_row].height = lay.row_height(2)
    sheet.append(group_header_cells(sheet, comparison, styles))
    first = len(INDICATOR_FIXED_WIDTHS) + 1
    for number in range(len(TABLE_GROUPS)):
        start = first + number * len(GROUP_WIDTHS)
        end = start + len(GROUP_WIDTHS) - 1
        sheet.merged_cells.add(
            f"{get_column_letter(start)}{group_row}:{get_column_letter(end)}{group_row}"
        )
    sheet.row_dimensions[group_row + 1].height = lay.row_height(1.3)
    headers = ("Code", "Indicator", "Unit", "Your value", *GROUP_HEADERS * len(TABLE_GROUPS))
    sheet.append([lay.text(sheet, h, styles.header()) for h in headers])
    row = group_row + 2
    rows = indicator_rows(comparison)
    for area in comparison.catalogue.areas:
        sheet.append([lay.text(sheet, f"{area.code} {area.name}", styles.caption())])
        row += 1
        for line in (r for r in rows if r.indicator.area == area.code):
            lines = max(
                lay.line_count(line.indicator.label, widths[1]),
                lay.line_count(line.indicator.unit_label, widths[2]),
            )
            if lines > 1:
                sheet.row_dimensions[row].height = lay.row_height(lines)
            sheet.append(indicator_cells(sheet, line, styles))
            row += 1


INDICATORS_NOTE = (
    "n: clusters of the group with a value for the indicator (missing values are left out, "
    "never counted as zero). Q1, median, Q3: quartiles by the inclusive method (Excel's "
    "QUARTILE.INC), rounded to 2 decimals. Standing: the organization's percentile among "
    "those clusters, direction-aware: 100 = better than every one of them, 50 = in the "
    "middle; for an indicator where lower is better (2.3 member churn) a low value stands "
    "high. '–': no value."
)


def group_header_cells(
    sheet: WriteOnlyWorksheet, comparison: Comparison, styles: ReportStyles
) -> list[object]:
    cells: list[object] = [lay.blank(sheet, styles.header()) for _ in INDICATOR_FIXED_WIDTHS]
    style = styles.group_header()
    for group in TABLE_GROUPS:
        size = comparison.groups[group].size
        cells.append(lay.text(sheet, f"{group_title(comparison, group)} ({size:,})", style))
        cells += [lay.blank(sheet, style) for _ in GROUP_WIDTHS[1:]]
    return cells


def indicator_cells(
    sheet: WriteOnlyWorksheet, line: IndicatorRow, styles: ReportStyles
) -> list[object]:
    indicator = line.indicator
    figure = styles.figure(value_format(indicator))
    cells: list[object] = [
        lay.text(sheet, indicator.code, styles.cell_text(bold=True)),
        lay.text(sheet, indicator.label, styles.cell_text()),
        lay.text(sheet, indicator.unit_label, styles.cell_text()),
        lay.figure_or_missing(
            sheet, line.value, styles.figure(value_format(indicator), bold=True), styles
        ),
    ]
    for figures in line.groups:
        cells += [
            lay.number(sheet, figures.count, styles.count()),
            lay.figure_or_missing(sheet, figures.q1, figure, styles),
            lay.figure_or_missing(sheet, figures.median, figure, styles),
            lay.figure_or_missing(sheet, figures.q3, figure, styles),
            lay.figure_or_missing(sheet, figures.standing, styles.standing(), styles),
        ]
    return cells


# ------------------------------------------------------------------ chart data


CHART_DATA_NOTE = (
    "The charts of this workbook are drawn from these cells. Scores run from 0 % to 100 % "
    "of each indicator's own scale (see the area pages). An empty cell means no value: "
    "a chart leaves it out (it is not a zero)."
)


def write_chart_data(
    sheet: WriteOnlyWorksheet,
    context: ReportContext,
    styles: ReportStyles,
    marks: lay.PageMarks,
    layout: ChartLayout,
) -> None:
    widths = CHART_DATA_WIDTHS
    lay.prepare_sheet(sheet, marks, widths)
    sheet.row_dimensions[1].height = 24
    sheet.append([lay.text(sheet, "Chart data", styles.title())])
    row = lay.banner(sheet, 2, marks, styles, widths)
    lay.wide_row(sheet, row, CHART_DATA_NOTE, styles.note(), widths)
    row += 1
    for block in layout.blocks:
        row = lay.skip_to(sheet, row, block.top)
        row = write_block(sheet, block, styles, widths)


def write_block(
    sheet: WriteOnlyWorksheet,
    block: ChartBlock,
    styles: ReportStyles,
    widths: Sequence[float],
) -> int:
    """Caption, header and rows of one block at ``block.top``; the next row."""
    sheet.append([lay.text(sheet, block.caption, styles.caption())])
    sheet.row_dimensions[block.header_row].height = lay.header_height(block.headers, widths)
    sheet.append([lay.text(sheet, header, styles.header()) for header in block.headers])
    percent = styles.score()
    for category, values in zip(block.categories, block.values, strict=True):
        sheet.append(
            [
                lay.text(sheet, category, styles.cell_text()),
                *(None if v is None else lay.number(sheet, v, percent) for v in values),
            ]
        )
    return block.last_row + 1
