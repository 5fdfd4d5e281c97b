"""The individual benchmarking report as a PDF, beside its workbook.

Pages, in reading order: the cover (who, which workshop, when, by whom, against which
reference set, the confidentiality notice); the summary (the headline, the composite
scores and the radar chart of the areas); one page per area (its bar chart, then the
same indicators in their units: the rows and figures of the workbook's area sheet); the
recommendations; the Bronze label when it is awarded.

Every figure is a value of :mod:`escadesk.exports.report_data`, printed as the workbook's
number format shows it (:mod:`escadesk.documents.report_figures`); every sentence that
explains them is the workbook's own (:mod:`escadesk.exports.report_texts`). A report made
against a synthetic reference set says so in a banner on every section and in the footer
of every page. The PDF holds no card data of any kind.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Paragraph, Table, TableStyle
from reportlab.platypus.flowables import KeepTogether

from escadesk.documents import report_charts_pdf as charts
from escadesk.documents.report_figures import (
    area_lines,
    percent,
    recommendation_line,
)
from escadesk.domain.benchmarking import BRONZE, Area
from escadesk.domain.institute import InstituteIdentity
from escadesk.exports.report_context import ReportContext
from escadesk.exports.report_cover import DOCUMENT_SUBJECT, document_title
from escadesk.exports.report_cover import cover_facts as workbook_cover_facts
from escadesk.exports.report_data import (
    ChartBlock,
    ChartLayout,
    area_chart_groups,
    chart_layout,
    radar_groups,
)
from escadesk.exports.report_language import long_day, no_recommendation, unanswered_text
from escadesk.exports.report_texts import (
    AREA_TABLE_CAPTION,
    area_headers,
    area_note,
    headline_note,
    headline_text,
    label_text,
    recommendation_headers,
    recommendations_intro,
    scores_note,
)
from escadesk.forms.content import PageSize
from escadesk.forms.layout import (
    ACCENT,
    BODY,
    CELL,
    CELL_BOLD,
    FONT_BOLD,
    HEADING,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    RULE,
    SMALL,
    SUBTITLE,
    TABLE_HEAD,
    TITLE,
    Document,
    Rule,
    build,
    content_width,
    gap,
    markup,
    masthead,
    paragraph,
)
from escadesk.i18n import N_, Translator

SYNTHETIC_BANNER = N_(
    "Synthetic reference data — not real clusters. The peers in this report are generated "
    "organizations with realistic distributions, for demonstration only: the figures say "
    "nothing about real clusters."
)
SYNTHETIC_BRIEF = N_(
    "Synthetic reference data — not real clusters: the peers are generated organizations, "
    "for demonstration only."
)
BANNER_FILL = colors.HexColor("#FFEB9C")
NBSP = "\u00a0"
BANNER_TEXT = colors.HexColor("#7F4F00")
FIGURE = ParagraphStyle(
    "report_figure", parent=CELL, fontSize=7.2, leading=8.8, alignment=1, splitLongWords=0
)  # a number is never broken across lines
FIGURE_BOLD = ParagraphStyle("report_figure_bold", parent=FIGURE, fontName=FONT_BOLD)
TEXT = ParagraphStyle("report_text", parent=CELL, fontSize=7.2, leading=8.8)
TEXT_BOLD = ParagraphStyle("report_text_bold", parent=TEXT, fontName=FONT_BOLD)
HEAD = ParagraphStyle("report_head", parent=TEXT_BOLD, alignment=1)
HEAD_LEFT = ParagraphStyle("report_head_left", parent=TEXT_BOLD)
HEADLINE = ParagraphStyle(
    "report_headline", parent=BODY, fontName=FONT_BOLD, fontSize=12, leading=15, textColor=ACCENT
)
CAPTION = ParagraphStyle("report_caption", parent=HEADING, fontSize=9, leading=11.5)
SECTION = ParagraphStyle("report_section", parent=TITLE, fontSize=15, leading=19, spaceAfter=4)
BANNER = ParagraphStyle("report_banner", parent=SMALL, fontName=FONT_BOLD, textColor=BANNER_TEXT)
#: Shares of the text width taken by an area table's columns (indicator, value, unit,
#: one per group, standing, score, scale).
AREA_SHARES = (0.195, 0.075, 0.115, 0.115, 0.1, 0.065, 0.13)
RECOMMENDATION_SHARES = (0.04, 0.22, 0.09, 0.12, 0.13, 0.2, 0.08, 0.12)


def report_pdf(context: ReportContext, page: PageSize, institute: InstituteIdentity) -> bytes:
    """The report's PDF, laid out on ``page`` under the institute's masthead."""
    width = content_width(page)
    comparison = context.comparison
    words = context.language
    layout = chart_layout(comparison, context.organization, context.language)
    story: list[Flowable] = []
    story += cover(context, institute, width)
    story.append(PageBreak())
    story += summary(context, layout, width)
    for area, block in zip(comparison.catalogue.areas, layout.area_blocks, strict=True):
        story.append(PageBreak())
        story += area_page(context, area, block, page)
    story.append(PageBreak())
    story += recommendations(context, width)
    if context.label is not None:
        story.append(CondPageBreak(170))  # the label section stays whole
        story += label_section(context)
    footer = words.gettext("{organization} · Benchmarking report · Confidential").format(
        organization=charts.short(context.organization, 60)
    )
    if context.synthetic:
        footer = f"{words.gettext('SYNTHETIC REFERENCE DATA — NOT REAL CLUSTERS')} · {footer}"
    document = Document(
        page=page,
        title=document_title(context),
        subject=words.gettext(DOCUMENT_SUBJECT),
        author=context.prepared_by,
        footer=footer,
    )
    return build(document, story)


# ------------------------------------------------------------------ shared pieces


def banner(context: ReportContext, width: float, *, brief: bool = False) -> list[Flowable]:
    """The synthetic-data banner (nothing for a real reference set); ``brief``: its one
    line version, on the area pages (the footer of every page says it too)."""
    if not context.synthetic:
        return []
    text = context.language.gettext(SYNTHETIC_BRIEF if brief else SYNTHETIC_BANNER)
    table = Table([[paragraph(text, BANNER)]], colWidths=[width])
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), BANNER_FILL),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return [table, gap(6)]


def lines_paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    """Plain text whose line breaks are kept."""
    return Paragraph("<br/>".join(markup(line) for line in text.splitlines()), style)


def ruled_table(
    header: Sequence[str],
    rows: Sequence[list[Any]],
    widths: Sequence[float],
    *,
    bold_last: bool = False,
    extra: Sequence[tuple[Any, ...]] = (),
) -> Table:
    """A ruled table with a shaded header row that repeats on a new page."""
    first_left = [paragraph(header[0], HEAD_LEFT), *(paragraph(h, HEAD) for h in header[1:])]
    table = Table([first_left, *rows], colWidths=list(widths), hAlign="LEFT", repeatRows=1)
    style: list[Any] = [  # reportlab's table commands
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
        ("BACKGROUND", (0, 0), (-1, 0), TABLE_HEAD),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
        ("LINEABOVE", (0, 0), (-1, 0), 0.5, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.2),
        *extra,
    ]
    if bold_last:
        style.append(("LINEABOVE", (0, -1), (-1, -1), 0.9, ACCENT))
    table.setStyle(TableStyle(style))
    return table


def figure_cell(text: str, style: ParagraphStyle = FIGURE) -> Paragraph:
    """A figure; a yes/no share ("1,076 of 1,273 (85 %)") on two fixed lines, the counts
    over the percentage, so that a narrow column never breaks it elsewhere."""
    counts, bracket, rest = text.partition(" (")
    if not bracket:
        return paragraph(text, style)
    lines = (counts, f"({rest}")
    return Paragraph("<br/>".join(markup(line).replace(" ", NBSP) for line in lines), style)


def pdf_text(text: str, to: str = "to") -> str:
    """The workbook's text as the PDF's standard font can print it: its arrow (not in
    the font) becomes "to" ("15 → 100 committed members": "15 to 100 committed members";
    French "à")."""
    return text.replace(" → ", f" {to} ").replace("→", to)


def scaled(shares: Sequence[float], width: float) -> list[float]:
    total = sum(shares)
    return [width * share / total for share in shares]


# ------------------------------------------------------------------ cover


def cover(context: ReportContext, institute: InstituteIdentity, width: float) -> list[Flowable]:
    words = context.language
    titles = [
        paragraph(words.gettext("Individual benchmarking report"), SUBTITLE),
        gap(3),
        paragraph(context.organization, TITLE),
    ]
    story: list[Flowable] = [masthead(institute, titles, width), Rule(8, 10)]
    story.append(paragraph(context.workshop_title, HEADLINE))
    story.append(gap(8))
    story += banner(context, width)
    label_width = 118.0
    rows = [
        [paragraph(label, CELL_BOLD), lines_paragraph(value, CELL)]
        for label, value in cover_facts(context)
    ]
    facts = Table(rows, colWidths=[label_width, width - label_width], hAlign="LEFT")
    facts.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LINEBELOW", (0, 0), (-1, -2), 0.4, RULE),
            ]
        )
    )
    story += [facts, gap(14)]
    story.append(paragraph(words.gettext("Confidentiality"), HEADING))
    story.append(paragraph(context.confidentiality, SMALL))
    story.append(gap(10))
    story.append(paragraph(words.gettext("Contents"), HEADING))
    for name, about in contents(context):
        story.append(paragraph(about, SMALL, bold_lead=f"{name}:"))
    return story


def cover_facts(context: ReportContext) -> list[tuple[str, str]]:
    """The cover's facts, the workbook cover's rows (the notice and contents follow)."""
    words = context.language
    generated = context.generated_local.strftime("%Y-%m-%d %H:%M")
    facts = [(label, value) for _key, label, value in workbook_cover_facts(context)]
    facts[5:5] = [
        (words.gettext("Prepared by"), context.prepared_by),
        (words.gettext("Generated ({zone})").format(zone=context.zone_text), generated),
    ]
    if context.label is not None:
        facts.append((words.gettext("Quality label"), label_text(context.label, context.language)))
    return facts


#: A quality label's name in the contents, per label (ESCA's labels are names of their own).
LABEL_NAMES = {BRONZE: N_("Bronze label")}


def label_name(label: str, language: Translator) -> str:
    """'Bronze label' in ``language``."""
    name = LABEL_NAMES.get(label)
    return language.gettext(name) if name else label


def contents(context: ReportContext) -> list[tuple[str, str]]:
    words = context.language
    entries = [
        (
            words.gettext("Summary"),
            words.gettext("position among the peers, composite scores, radar chart"),
        )
    ]
    for area in context.comparison.catalogue.areas:
        about = words.gettext("{area}: chart and figures").format(area=area.name)
        entries.append((f"{area.code} {area.short_name}", about))
    entries.append(
        (words.gettext("Recommendations"), words.gettext("where to improve first, with advice"))
    )
    if context.label is not None:
        entries.append(
            (
                label_name(context.label.label, words),
                words.gettext("the label awarded and its validity"),
            )
        )
    entries.append(
        (
            words.gettext("The workbook"),
            words.gettext(
                "the same figures, with every indicator's quartiles per peer group and the "
                "data behind the charts"
            ),
        )
    )
    return entries


# ------------------------------------------------------------------ summary


def summary(context: ReportContext, layout: ChartLayout, width: float) -> list[Flowable]:
    comparison = context.comparison
    language = context.language
    words = language
    title = words.gettext("Summary — {organization}").format(organization=context.organization)
    story: list[Flowable] = [paragraph(title, SECTION)]
    story += banner(context, width)
    story.append(paragraph(headline_text(comparison, language), HEADLINE))
    story.append(gap(3))
    story.append(paragraph(headline_note(comparison, language), SMALL))
    story.append(gap(8))
    block = layout.areas_block
    story.append(paragraph(block.caption, HEADING))
    story.append(summary_table(context, layout, width))
    story.append(gap(4))
    story.append(paragraph(scores_note(comparison, language), SMALL))
    story.append(gap(6))
    series = [(0, "organization")]
    series += [(1 + block.groups.index(g), g.value) for g in radar_groups(comparison)]
    names = [context.organization, *(block.headers[1 + column] for column, _ in series[1:])]
    drawing = charts.radar_drawing(block, series, names, width, language=language)
    heading = paragraph(words.gettext("Composite score per area"), HEADING)
    story.append(KeepTogether([heading, drawing]))
    return story


def summary_table(context: ReportContext, layout: ChartLayout, width: float) -> Table:
    block = layout.areas_block
    areas = [f"{area.code} {area.name}" for area in context.comparison.catalogue.areas]
    first = width * 0.3
    others = (width - first) / max(1, len(block.headers) - 1)
    rows = [
        [paragraph(name, TEXT), *(paragraph(percent(v, context.language), FIGURE) for v in values)]
        for name, values in zip(areas, block.values, strict=True)
    ]
    (overall,) = layout.overall_block.values
    rows.append(
        [
            paragraph(context.language.gettext("Overall"), TEXT_BOLD),
            *(paragraph(percent(v, context.language), FIGURE_BOLD) for v in overall),
        ]
    )
    header = (context.language.gettext("Area"), *block.headers[1:])
    return ruled_table(header, rows, [first, *[others] * (len(header) - 1)], bold_last=True)


# ------------------------------------------------------------------ areas


def area_page(
    context: ReportContext, area: Area, block: ChartBlock, page: PageSize
) -> list[Flowable]:
    """The area's title and note, its chart, its table: on one page (the chart gives up
    the height the rest needs)."""
    width = content_width(page)
    comparison = context.comparison
    language = context.language
    to = language.gettext("to")
    top: list[Flowable] = [paragraph(f"{area.code} {area.name}", SECTION)]
    top += banner(context, width, brief=True)
    top += [paragraph(area_note(context, area), SMALL), gap(4)]
    below: list[Flowable] = [gap(4), paragraph(language.gettext(AREA_TABLE_CAPTION), CAPTION)]
    groups = area_chart_groups(comparison)
    header = tuple(pdf_text(h, to) for h in area_headers(comparison, groups, language))
    shares = (*AREA_SHARES[:3], *(AREA_SHARES[3],) * len(groups), *AREA_SHARES[4:])
    rows = []
    for line in area_lines(comparison, area, language):
        cells = line.cells
        rows.append(
            [
                paragraph(cells[0], TEXT_BOLD),
                paragraph(cells[1], FIGURE_BOLD),
                paragraph(cells[2], TEXT),
                *(figure_cell(cell) for cell in cells[3:-1]),
                paragraph(pdf_text(cells[-1], to), TEXT),
            ]
        )
    below.append(ruled_table(header, rows, scaled(shares, width)))
    room = frame_height(page) - sum(height(flowable, width) for flowable in (*top, *below))
    names = charts.legend_names(block, context.organization, language)
    return [*top, charts.area_drawing(block, names, width, room - 4, language), *below]


def frame_height(page: PageSize) -> float:
    """The height of the text frame (platypus pads its frame by 6 points each side)."""
    return page.points[1] - MARGIN_TOP - MARGIN_BOTTOM - 12


def height(flowable: Flowable, width: float) -> float:
    """How tall ``flowable`` is at ``width``, with its space before and after."""
    _, tall = flowable.wrap(width, 100_000)
    return float(tall + flowable.getSpaceBefore() + flowable.getSpaceAfter())


# ------------------------------------------------------------------ recommendations


def recommendations(context: ReportContext, width: float) -> list[Flowable]:
    language = context.language
    words = language
    title = words.gettext("Recommendations — {organization}").format(
        organization=context.organization
    )
    story: list[Flowable] = [paragraph(title, SECTION)]
    story += banner(context, width)
    story.append(paragraph(recommendations_intro(context), SMALL))
    story.append(gap(8))
    widths = scaled(RECOMMENDATION_SHARES, width)
    rows: list[list[Any]] = []
    extra: list[tuple[Any, ...]] = []
    for number, item in enumerate(context.recommendations, start=1):
        line = recommendation_line(number, item, language)
        cells = line.cells
        rows.append(
            [
                paragraph(cells[0], FIGURE),
                paragraph(cells[1], TEXT_BOLD),
                paragraph(cells[2], FIGURE),
                figure_cell(cells[3]),
                paragraph(cells[4], TEXT),
                paragraph(cells[5], TEXT),
                paragraph(cells[6], FIGURE),
                paragraph(cells[7], FIGURE),
            ]
        )
        advice = "<br/>".join(f"• {markup(text)}" for text in line.advice)
        what = markup(words.gettext("What to do:"))
        rows.append(["", Paragraph(f"<b>{what}</b><br/>{advice}", TEXT)] + [""] * 6)
        index = len(rows)  # the advice row (the header is row 0)
        extra += [
            ("SPAN", (1, index), (-1, index)),
            ("LINEBELOW", (0, index - 1), (-1, index - 1), 0, colors.white),
            ("BOTTOMPADDING", (0, index), (-1, index), 6),
        ]
    if rows:
        headers = recommendation_headers(language)
        story.append(ruled_table(headers, rows, widths, extra=extra))
    else:
        message = no_recommendation(context.comparison, context.organization, language)
        story.append(paragraph(message, BODY))
    missing = unanswered_text(context.comparison, language)
    if missing:
        story += [gap(8), paragraph(missing, SMALL)]
    return story


# ------------------------------------------------------------------ the label


def label_section(context: ReportContext) -> list[Flowable]:
    award = context.label
    assert award is not None
    language = context.language
    words = language
    valid = words.gettext("from {start} to {end}").format(
        start=long_day(award.valid_from, language), end=long_day(award.valid_until, language)
    )
    return [
        gap(14),
        paragraph(words.gettext("The {label} label").format(label=award.label), SECTION),
        paragraph(
            words.gettext(
                "{organization} took part in the ESCA benchmarking exercise and is awarded "
                "the {label} Label of the European Cluster Excellence Initiative (ECEI) for "
                "cluster management excellence."
            ).format(organization=context.organization, label=award.label),
            BODY,
        ),
        gap(6),
        facts_block(
            [
                (
                    words.gettext("Label"),
                    words.gettext("{label} — European Cluster Excellence Initiative").format(
                        label=award.label
                    ),
                ),
                (words.gettext("Awarded"), long_day(award.awarded_on, language)),
                (words.gettext("Valid"), valid),
                (words.gettext("Organization"), context.organization),
            ]
        ),
    ]


def facts_block(facts: Sequence[tuple[str, str]]) -> Table:
    table = Table(
        [[paragraph(label, CELL_BOLD), paragraph(value, CELL)] for label, value in facts],
        colWidths=[90, 330],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOX", (0, 0), (-1, -1), 0.8, ACCENT),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table
