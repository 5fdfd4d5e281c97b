"""The report's reading pages: the cover, the summary and the recommendations.

Each writer fills one empty write-only sheet, top to bottom. Charts point at the Chart
data sheet through the blocks of :mod:`escadesk.exports.report_data`.
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.cell.cell import Cell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from escadesk.domain.benchmarking import Comparison, Recommendation
from escadesk.exports import report_layout as lay
from escadesk.exports.report_charts import overall_chart, radar_chart
from escadesk.exports.report_context import ReportContext
from escadesk.exports.report_cover import cover_facts
from escadesk.exports.report_data import (
    ChartLayout,
    radar_groups,
    score,
    standing,
    statistic,
    value_format,
)
from escadesk.exports.report_language import (
    compared_text,
    english,
    long_day,
    no_recommendation,
    share_text,
    unanswered_text,
)
from escadesk.exports.report_styles import ReportStyles
from escadesk.exports.report_texts import (
    headline_note,
    headline_text,
    label_text,
    recommendation_headers,
    recommendations_intro,
    scores_note,
)
from escadesk.exports.styles import Kind
from escadesk.i18n import N_, Translator

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
    subtitle = context.language.gettext("Individual benchmarking report · {workshop}").format(
        workshop=context.workshop_title
    )
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
    language = context.language
    words = language
    text = styles.text()
    english = language.language == "en"
    # Excel shows a date cell in the reader's Excel language: a French report says it in
    # words, "1 oct. 2018", whatever Excel speaks.
    day: object = context.workshop_date if english else long_day(context.workshop_date, language)
    day_style = styles.book.cell(Kind.LONG_DATE, left=True) if english else text
    facts = cover_facts(context)
    rows: list[tuple[str, object, str]] = [
        (label, day if key == "date" else value, day_style if key == "date" else text)
        for key, label, value in facts
    ]
    generated = (
        words.gettext("Generated ({zone})").format(zone=context.zone_text),
        context.generated_local,
        styles.book.cell(Kind.DATETIME, left=True),
    )
    rows.insert(5, generated)
    if context.label is not None:
        rows.append((words.gettext("Quality label"), label_text(context.label, language), text))
    rows += [
        (words.gettext("Prepared by"), context.prepared_by, text),
        (words.gettext("Confidentiality"), context.confidentiality, text),
        (
            words.gettext("Contents"),
            "\n".join(
                words.gettext("{name}: {about}").format(name=name, about=about)
                for name, about in contents
            ),
            text,
        ),
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
    language = context.language
    words = language
    title = words.gettext("Summary — {organization}").format(organization=context.organization)
    sheet.append([lay.text(sheet, title, styles.title())])
    row = lay.banner(sheet, 2, marks, styles, widths)
    headline = headline_text(comparison, language)  # the area, else all clusters
    lay.wide_row(sheet, row, headline, styles.headline(), widths)
    lay.wide_row(sheet, row + 1, headline_note(comparison, language), styles.note(), widths)
    sheet.append([])
    row += 3
    sheet.append([lay.text(sheet, layout.areas_block.caption, styles.caption())])
    header = styles.header()
    headers = (words.gettext("Area"), *layout.areas_block.headers[1:])
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
            lay.text(sheet, words.gettext("Overall"), styles.cell_text(bold=True)),
            *(lay.figure_or_missing(sheet, value, bold, styles) for value in overall),
        ]
    )
    lay.wide_row(sheet, row + 1, scores_note(comparison, language), styles.note(), widths)
    row += 2
    sheet.append([])
    row += 1
    title = words.gettext("Composite score per area")
    block = layout.areas_block
    radar = radar_chart(
        data_sheet,
        block,
        [(2, "organization"), *((block.column(g), g.value) for g in radar_groups(comparison))],
        title,
        language,
    )
    radar.width, radar.height = lay.columns_cm(widths[:3]) - 0.4, CHART_HEIGHT_CM
    sheet.add_chart(radar, f"A{row}")
    overall_block = layout.overall_block
    bars = overall_chart(
        data_sheet,
        overall_block,
        overall_block.keys,
        words.gettext("Overall composite score"),
        language,
    )
    bars.width, bars.height = lay.columns_cm(widths[3:]), CHART_HEIGHT_CM
    sheet.add_chart(bars, f"D{row}")


def _area_names(comparison: Comparison) -> list[str]:
    return [f"{area.code} {area.name}" for area in comparison.catalogue.areas]


# ------------------------------------------------------------------ recommendations

WHAT_TO_DO = N_("What to do")


def recommendation_columns(language: Translator) -> tuple[str, ...]:
    """The PDF's headings and the advice, which the workbook gives its own column."""
    return (*recommendation_headers(language), language.gettext(WHAT_TO_DO))


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
    language = context.language
    columns = recommendation_columns(language)
    title = language.gettext("Recommendations — {organization}").format(
        organization=context.organization
    )
    sheet.append([lay.text(sheet, title, styles.title())])
    row = lay.banner(sheet, 2, marks, styles, widths)
    lay.wide_row(sheet, row, recommendations_intro(context), styles.note(), widths)
    sheet.append([])
    row += 2
    header = styles.header()
    sheet.row_dimensions[row].height = lay.header_height(columns, widths)
    sheet.append([lay.text(sheet, h, header) for h in columns])
    assert row == header_row
    row += 1
    for number, item in enumerate(context.recommendations, start=1):
        cells = recommendation_cells(sheet, number, item, styles, language)
        texts = [(c.value, w) for c, w in zip(cells, widths, strict=True) if c.data_type == "s"]
        lines = max(lay.line_count(value, width) for value, width in texts)
        sheet.row_dimensions[row].height = lay.row_height(lines)
        sheet.append(cells)
        row += 1
    if not context.recommendations:
        message = no_recommendation(context.comparison, context.organization, language)
        lay.wide_row(sheet, row, message, styles.cell_text(), widths)
        row += 1
    missing = unanswered_text(context.comparison, language)
    if missing:
        sheet.append([])
        lay.wide_row(sheet, row + 1, missing, styles.note(), widths)


def recommendation_cells(
    sheet: WriteOnlyWorksheet,
    number: int,
    item: Recommendation,
    styles: ReportStyles,
    language: Translator | None = None,
) -> list[Cell]:
    language = language or english()
    indicator = item.indicator
    advice = "\n".join(f"• {text}" for text in item.advice)
    figure = styles.figure(value_format(indicator, language))
    compared = compared_text(item, language)
    typical = (
        lay.text(sheet, share_text(item.peer_share, language) or "", styles.share())
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
