"""The report's detail pages: one page per area, every indicator, and the chart data.

A yes/no question shows each group's share answering yes ("4 of 6 (67 %)") where the
other indicators show a median and quartiles; a group without any cluster has no column.
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from escadesk.domain.benchmarking import Area, Comparison, IndicatorComparison, PeerGroup
from escadesk.exports import report_layout as lay
from escadesk.exports.report_charts import area_chart, area_chart_height
from escadesk.exports.report_context import ReportContext
from escadesk.exports.report_data import (
    ChartBlock,
    ChartLayout,
    IndicatorRow,
    area_chart_groups,
    group_title,
    indicator_rows,
    scale_text,
    score,
    share_text,
    standing,
    statistic,
    table_groups,
    value_format,
)
from escadesk.exports.report_language import english
from escadesk.exports.report_language import number as grouped
from escadesk.exports.report_styles import ReportStyles
from escadesk.exports.report_texts import AREA_TABLE_CAPTION, area_headers, area_note
from escadesk.i18n import N_, Translator

AREA_FIXED_WIDTHS = (36.0, 11.0, 20.0)
AREA_GROUP_WIDTH = 20.0  # "1,076 of 1,273 (85 %)" on one line
AREA_END_WIDTHS = (12.0, 9.0, 26.0)
INDICATOR_FIXED_WIDTHS = (7.0, 32.0, 21.0, 10.0)
GROUP_WIDTHS = (5.0, 7.5, 7.5, 7.5, 9.0)  # n, Q1, median, Q3, standing
GROUP_HEADERS = ("n", "Q1", N_("Median"), "Q3", N_("Standing"))
CHART_DATA_WIDTHS = (46.0, 22.0, 22.0, 22.0, 22.0, 22.0)
CHART_ANCHOR_ROW = 5


def area_widths(groups: int) -> tuple[float, ...]:
    """The area page's columns with ``groups`` peer-group columns."""
    return AREA_FIXED_WIDTHS + (AREA_GROUP_WIDTH,) * groups + AREA_END_WIDTHS


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
    language = context.language
    groups = area_chart_groups(comparison)
    widths = area_widths(len(groups))
    lay.prepare_sheet(sheet, marks, widths, fit_height=1)
    sheet.row_dimensions[1].height = 24
    sheet.append([lay.text(sheet, f"{area.code} {area.name}", styles.title())])
    row = lay.banner(sheet, 2, marks, styles, widths)
    lay.wide_row(sheet, row, area_note(context, area), styles.note(), widths)
    row += 1
    items = [item for item in comparison.indicators if item.indicator.area == area.code]
    title = language.gettext("{code} {area}: score per indicator").format(
        code=area.code, area=area.name
    )
    chart = area_chart(data_sheet, block, block.keys, title, language)
    chart.width = lay.columns_cm(widths)
    anchor = max(row + 1, CHART_ANCHOR_ROW)
    row = lay.skip_to(sheet, row, anchor)
    sheet.add_chart(chart, f"A{anchor}")
    row = lay.skip_to(sheet, row, anchor + lay.rows_for(area_chart_height(len(items))))
    sheet.append([lay.text(sheet, language.gettext(AREA_TABLE_CAPTION), styles.caption())])
    row += 1
    headers = area_headers(comparison, groups, language)
    sheet.row_dimensions[row].height = lay.header_height(headers, widths)
    sheet.append([lay.text(sheet, h, styles.header()) for h in headers])
    row += 1
    for item in items:
        cells = area_cells(sheet, item, styles, groups, language)
        texts = [(c.value, w) for c, w in zip(cells, widths, strict=True) if c.data_type == "s"]
        lines = max(lay.line_count(value, width) for value, width in texts)
        if lines > 1:
            sheet.row_dimensions[row].height = lay.row_height(lines)
        sheet.append(cells)
        row += 1


def area_cells(
    sheet: WriteOnlyWorksheet,
    item: IndicatorComparison,
    styles: ReportStyles,
    groups: Sequence[PeerGroup],
    language: Translator | None = None,
) -> list[Cell]:
    language = language or english()
    indicator = item.indicator
    figure_format = value_format(indicator, language)
    figure = styles.figure(figure_format)
    peers = [peer_cell(sheet, item, group, figure, styles, language) for group in groups]
    area_standing = standing(item.peers[PeerGroup.TECHNOLOGY_AREA].standing)
    return [
        lay.text(sheet, indicator.title, styles.cell_text(bold=True)),
        lay.figure_or_missing(sheet, item.value, styles.figure(figure_format, bold=True), styles),
        lay.text(sheet, indicator.unit_label, styles.cell_text()),
        *peers,
        lay.figure_or_missing(sheet, area_standing, styles.standing(), styles),
        lay.figure_or_missing(sheet, score(item.score), styles.score(), styles),
        lay.text(sheet, scale_text(indicator, language), styles.cell_text()),
    ]


def peer_cell(
    sheet: WriteOnlyWorksheet,
    item: IndicatorComparison,
    group: PeerGroup,
    figure: str,
    styles: ReportStyles,
    language: Translator | None = None,
) -> Cell:
    """A group's typical peer: its median in the indicator's unit, or for a yes/no
    question its share answering yes as text; "–" without peer values."""
    stats = item.peers[group]
    share = share_text(stats, language)
    if share is not None:
        return lay.text(sheet, share, styles.share())
    median = None if stats.summary is None else statistic(item.indicator, stats.summary.median)
    return lay.figure_or_missing(sheet, median, figure, styles)


# ------------------------------------------------------------------ every indicator


def indicator_widths(groups: int) -> tuple[float, ...]:
    return INDICATOR_FIXED_WIDTHS + GROUP_WIDTHS * groups


def write_indicators(
    sheet: WriteOnlyWorksheet,
    context: ReportContext,
    styles: ReportStyles,
    marks: lay.PageMarks,
) -> None:
    """Every indicator: the organization's value and, per peer group, how many peers
    have a value, their quartiles and the organization's standing."""
    comparison = context.comparison
    language = context.language
    words = language
    groups = table_groups(comparison)
    widths = indicator_widths(len(groups))
    lay.prepare_sheet(sheet, marks, widths)
    group_row = lay.below_banner(marks) + 2  # under the note and a blank row
    sheet.print_title_rows = f"{group_row}:{group_row + 1}"
    sheet.freeze_panes = f"E{group_row + 2}"
    sheet.row_dimensions[1].height = 24
    title = words.gettext("Every indicator — {organization} and its peers").format(
        organization=context.organization
    )
    sheet.append([lay.text(sheet, title, styles.title())])
    row = lay.banner(sheet, 2, marks, styles, widths)
    lay.wide_row(sheet, row, words.gettext(INDICATORS_NOTE), styles.note(), widths)
    sheet.append([])
    row += 2
    assert row == group_row
    sheet.row_dimensions[group_row].height = lay.row_height(2)
    sheet.append(group_header_cells(sheet, comparison, styles, language))
    first = len(INDICATOR_FIXED_WIDTHS) + 1
    for number in range(len(groups)):
        start = first + number * len(GROUP_WIDTHS)
        end = start + len(GROUP_WIDTHS) - 1
        sheet.merged_cells.add(
            f"{get_column_letter(start)}{group_row}:{get_column_letter(end)}{group_row}"
        )
    sheet.row_dimensions[group_row + 1].height = lay.row_height(1.3)
    group_headers = tuple(words.gettext(h) for h in GROUP_HEADERS)
    # Translators: a column: an indicator's code ("2.2.1").
    fixed = (language.pgettext("column", "Code"), words.gettext("Indicator"), words.gettext("Unit"))
    headers = (*fixed, words.gettext("Your value"), *group_headers * len(groups))
    sheet.append([lay.text(sheet, h, styles.header()) for h in headers])
    row = group_row + 2
    rows = indicator_rows(comparison, language)
    for area in comparison.catalogue.areas:
        sheet.append([lay.text(sheet, f"{area.code} {area.name}", styles.caption())])
        row += 1
        for line in (r for r in rows if r.indicator.area == area.code):
            lines = max(
                lay.line_count(line.indicator.label, widths[1]),
                lay.line_count(line.indicator.unit_label, widths[2]),
                *(lay.line_count(g.share, SHARE_WIDTH) for g in line.groups if g.share),
            )
            if lines > 1:
                sheet.row_dimensions[row].height = lay.row_height(lines)
            sheet.append(indicator_cells(sheet, line, styles, language))
            for number, figures in enumerate(line.groups):
                if figures.share is not None:  # the share spans Q1, median and Q3
                    start = first + number * len(GROUP_WIDTHS) + 1
                    span = f"{get_column_letter(start)}{row}:{get_column_letter(start + 2)}{row}"
                    sheet.merged_cells.add(span)
            row += 1


INDICATORS_NOTE = N_(
    "n: clusters of the group with a value for the indicator (missing values are left out, "
    "never counted as zero). Q1, median, Q3: quartiles by the inclusive method (Excel's "
    "QUARTILE.INC), rounded to 2 decimals; for a yes/no question, how many of them answer "
    'yes instead ("4 of 6 (67 %)"). Standing: the organization\'s percentile among '
    "those clusters, direction-aware: 100 = better than every one of them, 50 = in the "
    "middle; for an indicator where lower is better (2.3 member churn) a low value stands "
    "high. '–': no value. A peer group without any cluster in the reference set has no "
    "columns."
)
#: Q1 + median + Q3, the columns a yes/no share spans.
SHARE_WIDTH = sum(GROUP_WIDTHS[1:4])


def group_header_cells(
    sheet: WriteOnlyWorksheet,
    comparison: Comparison,
    styles: ReportStyles,
    language: Translator | None = None,
) -> list[object]:
    language = language or english()
    cells: list[object] = [lay.blank(sheet, styles.header()) for _ in INDICATOR_FIXED_WIDTHS]
    style = styles.group_header()
    for group in table_groups(comparison):
        size = comparison.groups[group].size
        title = f"{group_title(comparison, group)} ({grouped(size, language)})"
        cells.append(lay.text(sheet, title, style))
        cells += [lay.blank(sheet, style) for _ in GROUP_WIDTHS[1:]]
    return cells


def indicator_cells(
    sheet: WriteOnlyWorksheet,
    line: IndicatorRow,
    styles: ReportStyles,
    language: Translator | None = None,
) -> list[object]:
    indicator = line.indicator
    figure = styles.figure(value_format(indicator, language))
    cells: list[object] = [
        lay.text(sheet, indicator.code, styles.cell_text(bold=True)),
        lay.text(sheet, indicator.label, styles.cell_text()),
        lay.text(sheet, indicator.unit_label, styles.cell_text()),
        lay.figure_or_missing(
            sheet, line.value, styles.figure(value_format(indicator, language), bold=True), styles
        ),
    ]
    for figures in line.groups:
        cells.append(lay.number(sheet, figures.count, styles.count()))
        if figures.share is not None:  # merged over Q1, median and Q3 by the caller
            share = styles.share()
            cells += [
                lay.text(sheet, figures.share, share),
                *(lay.blank(sheet, share) for _ in range(2)),
            ]
        else:
            cells += [
                lay.figure_or_missing(sheet, figures.q1, figure, styles),
                lay.figure_or_missing(sheet, figures.median, figure, styles),
                lay.figure_or_missing(sheet, figures.q3, figure, styles),
            ]
        cells.append(lay.figure_or_missing(sheet, figures.standing, styles.standing(), styles))
    return cells


# ------------------------------------------------------------------ chart data


CHART_DATA_NOTE = N_(
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
    words = context.language
    sheet.append([lay.text(sheet, words.gettext("Chart data"), styles.title())])
    row = lay.banner(sheet, 2, marks, styles, widths)
    lay.wide_row(sheet, row, words.gettext(CHART_DATA_NOTE), styles.note(), widths)
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
