"""The report's reading pages: the cover, the summary and the recommendations.

Each writer fills one empty write-only sheet, top to bottom. Charts point at the Chart
data sheet through the blocks of :mod:`escadesk.exports.report_data`.
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.cell.cell import Cell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from escadesk.domain.benchmarking import (
    Comparison,
    Recommendation,
    no_recommendation_text,
    unanswered,
)
from escadesk.exports import report_layout as lay
from escadesk.exports.report_charts import overall_chart, radar_chart
from escadesk.exports.report_context import ReportContext
from escadesk.exports.report_data import (
    ChartLayout,
    radar_groups,
    score,
    standing,
    statistic,
    value_format,
)
from escadesk.exports.report_styles import ReportStyles
from escadesk.exports.report_texts import (
    RECOMMENDATION_HEADERS,
    TOP_SHARE,
    headline_note,
    label_text,
    peer_groups_text,
    recommendations_intro,
    scores_note,
)
from escadesk.exports.styles import Kind

COVER_WIDTHS = (28.0, 100.0)
SUMMARY_WIDTHS = (44.0, 18.0, 18.0, 18.0, 18.0, 18.0)
RECOMMENDATION_WIDTHS = (4.0, 30.0, 10.0, 13.0, 18.0, 24.0, 8.0, 10.0, 59.0)
CHART_HEIGHT_CM = 10.0


def write_cover(
    sheet: WriteOnlyWorksheet,
    context: ReportContext,
    styles: ReportStyles,
    marks: lay.PageMarks,
    contents: Sequence[tuple[str, str]],
) -> None:
    """Who, what, when, against which reference set, the label and the notice."""
    widths = COVER_WIDTHS
    lay.prepare_sheet(sheet, marks, widths, fit_height=1)
    sheet.row_dimensions[1].height = 32
    sheet.append([lay.text(sheet, context.organization, styles.cover_title())])
    sheet.row_dimensions[2].height = 20
    subtitle = f"Individual benchmarking report · {context.workshop_title}"
    sheet.append([lay.text(sheet, subtitle, styles.subtitle())])
    row = lay.banner(sheet, 3, marks, styles, widths)
    sheet.append([])
    row += 1
    for label, value, style in cover_rows(context, styles, contents):
        if isinstance(value, str):
            lines = max(lay.line_count(value, widths[1]), lay.line_count(label, widths[0]))
            if lines > 1:
                sheet.row_dimensions[row].height = lay.row_height(lines)
            cell = lay.text(sheet, value, style)
        else:
            cell = lay.number(sheet, value, style)
        sheet.append([lay.text(sheet, label, styles.label()), cell])
        row += 1


def cover_rows(
    context: ReportContext, styles: ReportStyles, contents: Sequence[tuple[str, str]]
) -> list[tuple[str, object, str]]:
    comparison = context.comparison
    subject = comparison.subject
    text = styles.text()
    catalogue = comparison.catalogue
    answered = sum(1 for item in comparison.indicators if item.value is not None)
    reference = f"{comparison.reference_name} — {comparison.reference_size:,} organizations"
    if comparison.synthetic:
        reference += "\nSynthetic reference data — not real clusters."
    rows: list[tuple[str, object, str]] = [
        ("Organization", context.organization, text),
        ("Technology area", subject.technology_area or "Not given", text),
        ("Country", subject.country or "Not given", text),
        ("Workshop", context.workshop_title, text),
        ("Workshop date", context.workshop_date, styles.book.cell(Kind.LONG_DATE, left=True)),
        (
            f"Generated ({context.zone_text})",
            context.generated_local,
            styles.book.cell(Kind.DATETIME, left=True),
        ),
        ("Reference set", reference, text),
        ("Peer groups", peer_groups_text(comparison), text),
        (
            "Questionnaire",
            f"{catalogue.title} (version {catalogue.version}); {answered} of "
            f"{len(catalogue)} indicators answered",
            text,
        ),
    ]
    if context.label is not None:
        rows.append(("Quality label", label_text(context.label), text))
    rows += [
        ("Prepared by", context.prepared_by, text),
        ("Confidentiality", context.confidentiality, text),
        ("Contents", "\n".join(f"{name}: {about}" for name, about in contents), text),
    ]
    return rows


# ------------------------------------------------------------------ summary


def write_summary(
    sheet: WriteOnlyWorksheet,
    context: ReportContext,
    styles: ReportStyles,
    marks: lay.PageMarks,
    layout: ChartLayout,
    data_sheet: WriteOnlyWorksheet,
) -> None:
    """The headline position, the composite scores and the radar and overall charts."""
    comparison = context.comparison
    widths = SUMMARY_WIDTHS
    lay.prepare_sheet(sheet, marks, widths, fit_height=1)
    sheet.row_dimensions[1].height = 24
    sheet.append([lay.text(sheet, f"Summary — {context.organization}", styles.title())])
    row = lay.banner(sheet, 2, marks, styles, widths)
    headline = comparison.headline(top_share=TOP_SHARE).text  # the area, else all clusters
    lay.wide_row(sheet, row, headline[:1].upper() + headline[1:], styles.headline(), widths)
    lay.wide_row(sheet, row + 1, headline_note(comparison), styles.note(), widths)
    sheet.append([])
    row += 3
    sheet.append([lay.text(sheet, layout.areas_block.caption, styles.caption())])
    header = styles.header()
    headers = ("Area", *layout.areas_block.headers[1:])
    sheet.row_dimensions[row + 1].height = lay.header_height(headers, widths)
    sheet.append([lay.text(sheet, h, header) for h in headers])
    row += 2
    percent, bold = styles.score(), styles.score(bold=True)
    for name, values in zip(_area_names(comparison), layout.areas_block.values, strict=True):
        cells = [lay.text(sheet, name, styles.cell_text())]
        cells += [lay.figure_or_missing(sheet, value, percent, styles) for value in values]
        sheet.append(cells)
        row += 1
    (overall,) = layout.overall_block.values
    sheet.append(
        [
            lay.text(sheet, "Overall", styles.cell_text(bold=True)),
            *(lay.figure_or_missing(sheet, value, bold, styles) for value in overall),
        ]
    )
    lay.wide_row(sheet, row + 1, scores_note(comparison), styles.note(), widths)
    row += 2
    sheet.append([])
    row += 1
    title = "Composite score per area"
    block = layout.areas_block
    radar = radar_chart(
        data_sheet,
        block,
        [(2, "organization"), *((block.column(g), g.value) for g in radar_groups(comparison))],
        title,
    )
    radar.width, radar.height = lay.columns_cm(widths[:3]) - 0.4, CHART_HEIGHT_CM
    sheet.add_chart(radar, f"A{row}")
    overall_block = layout.overall_block
    bars = overall_chart(data_sheet, overall_block, overall_block.keys, "Overall composite score")
    bars.width, bars.height = lay.columns_cm(widths[3:]), CHART_HEIGHT_CM
    sheet.add_chart(bars, f"D{row}")


def _area_names(comparison: Comparison) -> list[str]:
    return [f"{area.code} {area.name}" for area in comparison.catalogue.areas]


# ------------------------------------------------------------------ recommendations

#: The PDF's headings and the advice, which the workbook gives its own column.
RECOMMENDATION_COLUMNS = (*RECOMMENDATION_HEADERS, "What to do")


def write_recommendations(
    sheet: WriteOnlyWorksheet,
    context: ReportContext,
    styles: ReportStyles,
    marks: lay.PageMarks,
) -> None:
    """The indicators furthest below the peers, largest gap first, with the advice."""
    widths = RECOMMENDATION_WIDTHS
    lay.prepare_sheet(sheet, marks, widths)
    header_row = lay.below_banner(marks) + 2  # under the introduction and a blank row
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.row_dimensions[1].height = 24
    title = f"Recommendations — {context.organization}"
    sheet.append([lay.text(sheet, title, styles.title())])
    row = lay.banner(sheet, 2, marks, styles, widths)
    lay.wide_row(sheet, row, recommendations_intro(context), styles.note(), widths)
    sheet.append([])
    row += 2
    header = styles.header()
    sheet.row_dimensions[row].height = lay.header_height(RECOMMENDATION_COLUMNS, widths)
    sheet.append([lay.text(sheet, h, header) for h in RECOMMENDATION_COLUMNS])
    assert row == header_row
    row += 1
    for number, item in enumerate(context.recommendations, start=1):
        cells = recommendation_cells(sheet, number, item, styles)
        texts = [(c.value, w) for c, w in zip(cells, widths, strict=True) if c.data_type == "s"]
        lines = max(lay.line_count(value, width) for value, width in texts)
        sheet.row_dimensions[row].height = lay.row_height(lines)
        sheet.append(cells)
        row += 1
    if not context.recommendations:
        message = no_recommendation_text(context.comparison, context.organization)
        lay.wide_row(sheet, row, message, styles.cell_text(), widths)
        row += 1
    missing = unanswered(context.comparison)
    if missing:
        sheet.append([])
        names = "; ".join(indicator.title for indicator in missing)
        lay.wide_row(
            sheet, row + 1, f"Not answered, so not compared: {names}.", styles.note(), widths
        )


def recommendation_cells(
    sheet: WriteOnlyWorksheet,
    number: int,
    item: Recommendation,
    styles: ReportStyles,
) -> list[Cell]:
    indicator = item.indicator
    advice = "\n".join(f"• {text}" for text in item.advice)
    figure = styles.figure(value_format(indicator))
    peers = item.peer_label.removeprefix("the ")
    compared = f"{peers[:1].upper()}{peers[1:]} ({item.peer_count} with a value)"
    typical = (
        lay.text(sheet, item.peer_share.text, styles.share())
        if item.peer_share is not None
        else lay.number(sheet, statistic(indicator, item.peer_typical), figure)
    )
    return [
        lay.number(sheet, number, styles.count()),
        lay.text(sheet, indicator.title, styles.cell_text(bold=True)),
        lay.number(sheet, item.value, figure),
        typical,
        lay.text(sheet, indicator.unit_label, styles.cell_text()),
        lay.text(sheet, compared, styles.cell_text()),
        lay.number(sheet, score(item.gap), styles.score()),
        lay.number(sheet, standing(item.standing), styles.standing()),
        lay.text(sheet, advice, styles.cell_text()),
    ]
