"""The individual benchmarking report: one workbook per organization.

Sheets, in reading order: Cover; Summary (headline position, composite scores, radar and
overall charts); Recommendations; one page per area (a bar chart of the indicator scores
against all clusters, the technology area and the excellence group, then the same
indicators in their units); Indicators (every indicator with the quartiles and the
standing in each peer group); Chart data (the cells every chart is drawn from).

Each sheet prints landscape, fitted to the page width, with the organization in the
header; a report made against a synthetic reference set says "Synthetic reference data"
in the header and footer of every page and in a banner at the top of every sheet.

The workbook is written in write-only mode (openpyxl streams each sheet, charts
included) and saved atomically by :func:`escadesk.exports.workbook_files.write_workbook`:
cancelling or failing leaves no file. It holds no card data of any kind.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook

from escadesk.domain.benchmarking import Catalogue
from escadesk.exports import report_layout as lay
from escadesk.exports.progress import Cancelled, Monitor, Progress
from escadesk.exports.report_context import ReportContext
from escadesk.exports.report_cover import DOCUMENT_SUBJECT, document_title
from escadesk.exports.report_data import chart_layout
from escadesk.exports.report_front import write_cover, write_recommendations, write_summary
from escadesk.exports.report_language import english
from escadesk.exports.report_styles import ReportStyles
from escadesk.exports.report_tables import write_area, write_chart_data, write_indicators
from escadesk.exports.workbook_files import DocumentInfo, workbook_bytes, write_workbook
from escadesk.i18n import N_, Translator, _

__all__ = [
    "ReportContext",
    "area_sheet_name",
    "benchmark_report_bytes",
    "sheet_names",
    "write_benchmark_report",
]

# Translators: sheet names of the benchmarking report (at most 31 characters).
COVER, SUMMARY, RECOMMENDATIONS = N_("Cover"), N_("Summary"), N_("Recommendations")
INDICATORS, CHART_DATA = N_("Indicators"), N_("Chart data")
_SHEET_NAME_CHARS = 31
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\']")


def area_sheet_name(code: str, short_name: str) -> str:
    """'1 Structure': what Excel allows in a sheet name (31 characters, no []:*?/\\')."""
    name = _NOT_IN_SHEET_NAMES.sub(" ", f"{code} {short_name}")
    return " ".join(name.split())[:_SHEET_NAME_CHARS]


def sheet_names(catalogue: Catalogue, language: Translator | None = None) -> dict[str, str]:
    """{key: sheet name} in reading order, in ``language``; area keys are 'area:<code>'."""
    words = language or english()
    names = {
        "cover": words.gettext(COVER),
        "summary": words.gettext(SUMMARY),
        "recommendations": words.gettext(RECOMMENDATIONS),
    }
    used = set(names.values()) | {words.gettext(INDICATORS), words.gettext(CHART_DATA)}
    for area in catalogue.areas:
        name = area_sheet_name(area.code, area.short_name)
        while name in used:  # two areas with the same short name: keep both
            name = name[: _SHEET_NAME_CHARS - 1] + "_"
        used.add(name)
        names[f"area:{area.code}"] = name
    names["indicators"] = words.gettext(INDICATORS)
    names["chart data"] = words.gettext(CHART_DATA)
    return names


def contents(context: ReportContext, names: dict[str, str]) -> list[tuple[str, str]]:
    """The cover's table of contents."""
    words = context.language
    entries = [
        (
            names["summary"],
            words.gettext("position among the peers, composite scores, radar chart"),
        ),
        (names["recommendations"], words.gettext("where to improve first, with advice")),
    ]
    for area in context.comparison.catalogue.areas:
        about = words.gettext("{area}: chart and figures").format(area=area.name)
        entries.append((names[f"area:{area.code}"], about))
    entries += [
        (
            names["indicators"],
            words.gettext(
                "every indicator with the peer groups' quartiles (yes/no questions: the share "
                "answering yes) and the standing"
            ),
        ),
        (names["chart data"], words.gettext("the figures behind the charts")),
    ]
    return entries


def write_benchmark_report(
    context: ReportContext,
    target: Path,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Path:
    """Write the report to ``target`` (atomically); raises ExportCancelled if cancelled."""
    monitor = Monitor(progress, cancelled)
    info, build = _report_builder(context, monitor)
    return write_workbook(target, info, build, monitor)


def benchmark_report_bytes(
    context: ReportContext,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> bytes:
    """The same workbook as :func:`write_benchmark_report`, as the content of its file
    (to attach to a letter without writing a file)."""
    monitor = Monitor(progress, cancelled)
    info, build = _report_builder(context, monitor)
    return workbook_bytes(info, build, monitor)


def _report_builder(
    context: ReportContext, monitor: Monitor
) -> tuple[DocumentInfo, Callable[[Workbook], None]]:
    """The workbook's properties and the function that fills it with every sheet."""
    comparison = context.comparison
    language = context.language
    info = DocumentInfo(
        title=document_title(context),
        subject=language.gettext(DOCUMENT_SUBJECT),
        created=context.generated_at,
        author=context.prepared_by,
    )
    layout = chart_layout(comparison, context.organization, language)
    names = sheet_names(comparison.catalogue, language)
    marks = lay.PageMarks(context.organization, context.synthetic, language)

    def build(workbook: Workbook) -> None:
        properties = workbook.properties
        properties.keywords = "benchmarking; cluster excellence; ESCA"
        properties.description = (
            f"Compared with {comparison.reference_name} ({comparison.reference_size:,} "
            "organizations)"
            + (": synthetic reference data, not real clusters." if context.synthetic else ".")
        )
        if context.synthetic:
            properties.keywords += "; synthetic reference data"
        styles = ReportStyles(workbook)
        # Every sheet exists from the start, in reading order; each is then filled once.
        sheets = {key: workbook.create_sheet(name) for key, name in names.items()}
        data_sheet = sheets["chart data"]
        monitor.report(5, _("Writing the cover"))
        write_cover(sheets["cover"], context, styles, marks, contents(context, names))
        monitor.report(15, _("Writing the summary"))
        write_summary(sheets["summary"], context, styles, marks, layout, data_sheet)
        monitor.report(25, _("Writing the recommendations"))
        write_recommendations(sheets["recommendations"], context, styles, marks)
        areas = comparison.catalogue.areas
        span = monitor.span(30, 75)
        for number, (area, block) in enumerate(zip(areas, layout.area_blocks, strict=True)):
            span.report(number, len(areas), _("Writing {area}").format(area=area.name))
            write_area(sheets[f"area:{area.code}"], context, area, block, styles, marks, data_sheet)
        monitor.report(75, _("Writing the indicator table"))
        write_indicators(sheets["indicators"], context, styles, marks)
        monitor.report(88, _("Writing the chart data"))
        write_chart_data(data_sheet, context, styles, marks, layout)

    return info, build
