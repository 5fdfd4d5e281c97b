"""The report's charts (openpyxl), each drawn from one block of the Chart data sheet.

Every chart shows scores (0-100 %), on the indicators' own scales: the radar by area,
the overall score, and per area a bar per indicator. Series keep one colour across the
whole report (the organization dark blue, the technology area orange, the excellence
group green, all clusters grey, the country light blue), so a reader learns the legend
once.

Why scores and not raw values in the area charts: an area mixes members, FTE, euros and
yes/no answers, which share no axis; on the indicator's 0-100 % scale they do, the
area's bars add up to the radar's axis, and the recommendations measure their gaps on the
same scale. Each group's bar is the score of its *median* cluster (the typical peer); the
raw values, quartiles and percentile standings are in the tables.

openpyxl 3.1 writes axes as "deleted" unless told otherwise; every axis here is shown
explicitly.
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.chart import BarChart, RadarChart, Reference, Series
from openpyxl.chart.axis import ChartLines
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.marker import DataPoint, Marker
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.chart.text import RichText
from openpyxl.drawing.line import LineProperties
from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from escadesk.exports.report_data import ChartBlock
from escadesk.exports.report_language import english
from escadesk.exports.report_styles import GROUP_COLOURS, ORGANIZATION_COLOUR
from escadesk.i18n import N_, Translator

SCORE_AXIS_TITLE = N_("Score on the indicator's scale (0–100 %)")
RADAR_SIZE_CM = (15.5, 11.0)
OVERALL_SIZE_CM = (11.5, 11.0)
AREA_WIDTH_CM = 25.0
GRID_COLOUR = "D9D9D9"
EMU_PER_POINT = 12700


def series_colour(key: str) -> str:
    """'organization' or a PeerGroup value."""
    return ORGANIZATION_COLOUR if key == "organization" else GROUP_COLOURS[key]


def radar_chart(
    data: WriteOnlyWorksheet,
    block: ChartBlock,
    columns: Sequence[tuple[int, str]],
    title: str,
    language: Translator | None = None,
) -> RadarChart:
    """Area scores on a radar: one axis per area, one line per (column, colour key)."""
    language = language or english()
    chart = RadarChart()
    chart.type = "marker"
    chart.title = title
    chart.style = 2
    for column, key in columns:
        series = _series(data, block, column)
        colour = series_colour(key)
        width = 2.75 if key == "organization" else 1.75
        series.graphicalProperties = GraphicalProperties(
            ln=LineProperties(solidFill=colour, w=int(width * EMU_PER_POINT))
        )
        series.marker = Marker(symbol="circle", size=6 if key == "organization" else 5)
        series.marker.graphicalProperties = GraphicalProperties(solidFill=colour)
        series.marker.graphicalProperties.line.solidFill = colour
        chart.series.append(series)
    _set_categories(chart, data, block)
    _score_axis(chart.y_axis, "Composite score (0–100 %)", step=0.25)
    chart.x_axis.title = language.gettext("Area")
    chart.x_axis.delete = False
    chart.x_axis.txPr = _text_size(10)
    _legend(chart)
    chart.width, chart.height = RADAR_SIZE_CM
    return chart


def overall_chart(
    data: WriteOnlyWorksheet,
    block: ChartBlock,
    keys: Sequence[str],
    title: str,
    language: Translator | None = None,
) -> BarChart:
    """The overall score: one horizontal bar per column of ``block``'s row (the
    organization, then each shown group), named on the axis beside it, in its colour and
    with its value printed on it.

    One series whose categories are the block's headings, not a series per group with a
    legend: the group names are long ("Maritime technologies, water resources clusters")
    and a legend of five of them under a chart this narrow is unreadable in LibreOffice
    (the entries are drawn over each other); on the category axis they wrap.
    """
    language = language or english()
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "clustered"
    chart.title = title
    chart.gapWidth = 40
    last = 1 + len(keys)
    values = Reference(
        data, min_col=2, max_col=last, min_row=block.first_row, max_row=block.first_row
    )
    series = Series(values, title=block.categories[0])
    series.dPt = [
        DataPoint(idx=index, spPr=GraphicalProperties(solidFill=series_colour(key)))
        for index, key in enumerate(keys)
    ]
    series.dLbls = _value_labels(9)
    names = Reference(
        data, min_col=2, max_col=last, min_row=block.header_row, max_row=block.header_row
    )
    series.cat = AxDataSource(strRef=StrRef(f=str(names)))
    chart.series.append(series)
    chart.x_axis.scaling.orientation = "maxMin"  # the organization first, at the top
    chart.x_axis.delete = False
    chart.x_axis.txPr = _text_size(9)
    _score_axis(chart.y_axis, language.gettext("Overall score (0–100 %)"), step=0.25)
    chart.y_axis.crosses = "max"
    chart.legend = None  # each bar is named on the axis
    chart.width, chart.height = OVERALL_SIZE_CM
    return chart


def area_chart(
    data: WriteOnlyWorksheet,
    block: ChartBlock,
    keys: Sequence[str],
    title: str,
    language: Translator | None = None,
) -> BarChart:
    """Horizontal bars, one cluster per indicator (top to bottom in catalogue order):
    the organization's score and the score of each group's median cluster."""
    language = language or english()
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "clustered"
    chart.title = title
    chart.gapWidth = 60
    for column, key in enumerate(keys, start=2):
        series = _series(data, block, column)
        series.graphicalProperties = GraphicalProperties(solidFill=series_colour(key))
        if key == "organization":  # a score of 0 % has no bar: its label shows it
            series.dLbls = _value_labels(8)
        chart.series.append(series)
    _set_categories(chart, data, block)
    # Categories top to bottom as in the tables; the value axis then stays at the bottom.
    chart.x_axis.scaling.orientation = "maxMin"
    chart.x_axis.title = language.gettext("Indicator")
    chart.x_axis.delete = False
    chart.x_axis.txPr = _text_size(9)
    _score_axis(chart.y_axis, language.gettext(SCORE_AXIS_TITLE))
    chart.y_axis.crosses = "max"
    _legend(chart)
    chart.width, chart.height = AREA_WIDTH_CM, area_chart_height(len(block.categories))
    return chart


def area_chart_height(indicators: int) -> float:
    """Tall enough for four readable bars per indicator, plus title, axis and legend."""
    return round(4.5 + 1.05 * indicators, 2)


# ------------------------------------------------------------------ helpers


def _series(data: WriteOnlyWorksheet, block: ChartBlock, column: int) -> Series:
    """The values of one column of ``block``, titled by its header cell."""
    values = Reference(data, min_col=column, min_row=block.header_row, max_row=block.last_row)
    return Series(values, title_from_data=True)


def _set_categories(
    chart: BarChart | RadarChart, data: WriteOnlyWorksheet, block: ChartBlock
) -> None:
    """Category labels are text: a string reference (openpyxl's set_categories makes a
    numeric one, which a strict reader may show as 1, 2, 3)."""
    labels = Reference(data, min_col=1, min_row=block.first_row, max_row=block.last_row)
    for series in chart.series:
        series.cat = AxDataSource(strRef=StrRef(f=str(labels)))


def _score_axis(axis: object, title: str, step: float = 0.2) -> None:
    axis.title = title  # type: ignore[attr-defined]
    axis.scaling.min = 0  # type: ignore[attr-defined]
    axis.scaling.max = 1  # type: ignore[attr-defined]
    axis.majorUnit = step  # type: ignore[attr-defined]
    axis.number_format = "0%"  # type: ignore[attr-defined]
    axis.delete = False  # type: ignore[attr-defined]
    axis.majorGridlines = ChartLines(  # type: ignore[attr-defined]
        spPr=GraphicalProperties(ln=LineProperties(solidFill=GRID_COLOUR))
    )


def _value_labels(points: int) -> DataLabelList:
    """The value (as a percentage) and nothing else: a viewer that is not told shows the
    series and category names too."""
    labels = DataLabelList(
        numFmt="0%",
        dLblPos="outEnd",
        showVal=True,
        showSerName=False,
        showCatName=False,
        showLegendKey=False,
        showPercent=False,
        showBubbleSize=False,
    )
    labels.txPr = _text_size(points)
    return labels


def _legend(chart: BarChart | RadarChart) -> None:
    chart.legend.position = "b"
    chart.legend.overlay = False


def _text_size(points: int) -> RichText:
    size = points * 100
    return RichText(
        p=[
            Paragraph(
                pPr=ParagraphProperties(defRPr=CharacterProperties(sz=size)),
                endParaRPr=CharacterProperties(sz=size),
            )
        ]
    )
