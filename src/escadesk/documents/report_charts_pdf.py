"""The report's charts for the PDF (reportlab.graphics), drawn from the workbook's own
chart blocks (:class:`escadesk.exports.report_data.ChartBlock`): the same scores, the
same series, the same colours (:mod:`escadesk.exports.colours`).

Legibility comes first, where the workbook's charts are weak: the indicator names beside
the bars wrap onto up to three lines (shortened with "…" only past that), the radar's
area names sit outside the rings with room of their own, and a long organization name is
shortened in the legend only (the tables and the cover carry it whole).
"""

from __future__ import annotations

from collections.abc import Sequence
from math import cos, pi, sin

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.spider import SpiderChart
from reportlab.graphics.shapes import Drawing, Polygon, String
from reportlab.lib import colors
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth

from escadesk.exports.colours import GROUP_COLOURS, ORGANIZATION_COLOUR
from escadesk.exports.report_data import TYPICAL_PEER, ChartBlock
from escadesk.exports.report_language import english, score_percent
from escadesk.forms.layout import FONT, FONT_BOLD, INK, MUTED, printable
from escadesk.i18n import N_, Translator

GRID = colors.HexColor("#D9D9D9")
LABEL_SIZE = 7.5
LEGEND_SIZE = 7.5
LEGEND_NAME_CHARS = 48
LABEL_LINES = 2
BAR_HEIGHT = 3.8
RINGS = (0.25, 0.5, 0.75, 1.0)
GROUP_BAR_NOTE = N_("A group's bar: the score of its median cluster, or its share answering yes.")


def series_colour(key: str) -> colors.Color:
    """'organization' or a PeerGroup value, as in the workbook's charts."""
    return colors.HexColor(
        "#" + (ORGANIZATION_COLOUR if key == "organization" else GROUP_COLOURS[key])
    )


def short(text: str, chars: int = LEGEND_NAME_CHARS) -> str:
    """``text`` cut to ``chars`` characters with "…" (a footer's organization name)."""
    text = printable(text)
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"


def wrapped(text: str, width: float, size: float, lines: int = LABEL_LINES) -> list[str]:
    """``text`` wrapped to ``width``; past ``lines`` lines the last one ends with "…"."""
    parts = simpleSplit(printable(text), FONT, size, width)
    if len(parts) <= lines:
        return list(parts)
    last = " ".join(parts[lines - 1 :])
    while last and stringWidth(last + "…", FONT, size) > width:
        last = last[:-1]
    return [*parts[: lines - 1], last.rstrip() + "…"]


def _legend(
    drawing: Drawing,
    x: float,
    y: float,
    names: Sequence[str],
    keys: Sequence[str],
    width: float,
    columns: int = 2,
) -> float:
    """A legend of ``names`` in two columns under ``y``, each name shortened with "…" to
    its column only when it is longer; its height."""
    rows = _legend_rows(names, columns)
    columns = -(-len(names) // rows)
    room = width / columns - 8 - 5 - 10  # the swatch, its gap, a margin
    names = [fitted(name, room, LEGEND_SIZE) for name in names]
    legend = Legend()
    legend.x, legend.y = round(x), round(y)
    legend.alignment = "right"
    legend.fontName, legend.fontSize = FONT, LEGEND_SIZE
    legend.columnMaximum = rows
    legend.dx, legend.dy = 8, 6
    legend.deltay = 11
    legend.deltax = round(width / columns)
    legend.dxTextSpace = 5
    legend.boxAnchor = "nw"
    legend.strokeWidth = 0
    legend.colorNamePairs = [(series_colour(k), n) for k, n in zip(keys, names, strict=True)]
    drawing.add(legend)
    return rows * 11 + 4


def _legend_rows(names: Sequence[str], columns: int = 2) -> int:
    """Rows of a legend in ``columns`` (a long name is shortened to its column)."""
    return -(-len(names) // columns)


def fitted(text: str, width: float, size: float) -> str:
    """``text`` as it fits ``width``: whole, or cut with "…"."""
    text = printable(text)
    if stringWidth(text, FONT, size) <= width:
        return text
    while text and stringWidth(text + "…", FONT, size) > width:
        text = text[:-1]
    return text.rstrip(" ,(") + "…"


def legend_names(
    block: ChartBlock, organization: str, language: Translator | None = None
) -> list[str]:
    """The series names: the organization, then the groups' titles (the chart's note says
    what a group's bar is)."""
    words = language or english()
    suffix = words.gettext("{group} ({typical})").format(
        group="", typical=words.gettext(TYPICAL_PEER)
    )
    return [organization, *(h.removesuffix(suffix) for h in block.headers[2:])]


# ------------------------------------------------------------------ radar


def radar_drawing(
    block: ChartBlock,
    series: Sequence[tuple[int, str]],
    names: Sequence[str],
    width: float,
    size: float = 230.0,
    language: Translator | None = None,
) -> Drawing:
    """The area scores on a radar: one spoke per area, rings at 25 % steps, one line per
    (column of ``block.values`` row, colour key); a missing score is drawn at 0."""
    legend_height = _legend_rows(names, 1) * 11 + 10  # one column: room for long names
    height = size + 40 + legend_height
    drawing = Drawing(width, height)
    radius = size / 2
    cx, cy = round(width / 2), round(legend_height + 20 + radius)  # whole points, as the chart box
    spider = SpiderChart()
    spider.x, spider.y = round(cx - radius), round(cy - radius)
    spider.width = spider.height = round(size)
    rows = [[(row[column] or 0.0) for row in block.values] for column, _ in series]
    spider.data = [*rows, [1.0] * len(block.categories)]  # fixes the scale at 100 %
    spider.labels = [printable(c) for c in block.categories]
    spider.spokes.strokeColor = GRID
    spider.spokes.labelRadius = 1.1
    spider.spokeLabels.fontName = FONT_BOLD
    spider.spokeLabels.fontSize = LABEL_SIZE + 0.5
    spider.spokeLabels.fillColor = INK
    for index, (_, key) in enumerate(series):
        colour = series_colour(key)
        spider.strands[index].strokeColor = colour
        spider.strands[index].strokeWidth = 2.0 if key == "organization" else 1.4
        spider.strands[index].fillColor = None
        spider.strands[index].symbol = "FilledCircle"
        spider.strands[index].symbolSize = 3.5
    scale = len(series)
    spider.strands[scale].strokeColor = None
    spider.strands[scale].fillColor = None
    spider.strands[scale].symbol = None
    spokes = len(block.categories)
    for ring in RINGS:  # under the chart's lines
        points: list[float] = []
        for index in range(spokes):
            angle = pi / 2 - 2 * pi * index / spokes
            points += [cx + cos(angle) * radius * ring, cy + sin(angle) * radius * ring]
        drawing.add(Polygon(points, strokeColor=GRID, strokeWidth=0.5, fillColor=None))
        drawing.add(
            String(
                cx + 3,
                cy + radius * ring - 8,
                score_percent(ring, language or english()),
                fontName=FONT,
                fontSize=6,
                fillColor=MUTED,
            )
        )
    drawing.add(spider)
    keys = [key for _, key in series]
    _legend(drawing, width / 4, legend_height, names, keys, width * 0.75 - 10, columns=1)
    return drawing


# ------------------------------------------------------------------ area bars


def area_drawing(
    block: ChartBlock,
    names: Sequence[str],
    width: float,
    room: float = 10_000.0,
    language: Translator | None = None,
) -> Drawing:
    """One bar per indicator and series (the organization, then each group's typical
    peer), horizontal so that every indicator's name is written out beside its bars.
    The bars are thinner when the chart would be taller than ``room`` (so that an area
    with many indicators keeps its chart and table on one page), never below legible."""
    count = len(block.categories)
    series = len(block.headers) - 1
    legend_height = _legend_rows(names) * 11 + 18  # and the note under it
    label_width = width * 0.32
    label_lines = max(len(wrapped(c, label_width, LABEL_SIZE)) for c in block.categories)
    least = max(label_lines * (LABEL_SIZE + 1) + 3, series * 3.2 + 4)  # names and bars legible
    step = max(series * (BAR_HEIGHT + 0.5) + 6, least)
    step = max(least, min(step, (room - 24 - legend_height) / max(count, 1)))
    bar = min(BAR_HEIGHT, (step - 6) / series - 0.5)
    plot_height = count * step
    height = plot_height + 24 + legend_height
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x = round(label_width + 8)
    chart.y = legend_height + 18
    chart.width = round(width - chart.x - 12)  # whole points: reportlab types them int
    chart.height = round(plot_height)
    plot_height = chart.height
    chart.data = [
        [row[index] for row in block.values]  # None: no bar (never a zero)
        for index in range(series)
    ]
    chart.barWidth = bar  # type: ignore[assignment]  # reportlab draws fractions fine
    chart.groupSpacing = 6
    chart.barSpacing = 0.5  # type: ignore[assignment]
    chart.categoryAxis.categoryNames = list(block.categories)
    chart.categoryAxis.reverseDirection = 1  # the first indicator on top, as in the table
    chart.categoryAxis.visibleLabels = 0  # written below, wrapped
    chart.categoryAxis.strokeColor = MUTED
    chart.categoryAxis.visibleTicks = 0
    value_axis = chart.valueAxis
    value_axis.valueMin, value_axis.valueMax, value_axis.valueStep = 0.0, 1.0, 0.25
    value_axis.labelTextFormat = lambda value: score_percent(value, language or english())
    value_axis.labels.fontName, value_axis.labels.fontSize = FONT, 7
    value_axis.labels.fillColor = MUTED
    value_axis.visibleGrid = 1
    value_axis.gridStrokeColor = GRID
    value_axis.gridStrokeWidth = 0.5
    value_axis.strokeColor = MUTED
    keys = ("organization", *(group.value for group in block.groups))
    for index, key in enumerate(keys):
        chart.bars[index].fillColor = series_colour(key)
        chart.bars[index].strokeColor = None
    drawing.add(chart)
    for index, category in enumerate(block.categories):  # the names, wrapped, on the left
        middle = chart.y + plot_height - (index + 0.5) * plot_height / count
        lines = wrapped(category, label_width, LABEL_SIZE)
        top = middle + (len(lines) - 1) * (LABEL_SIZE + 1) / 2 - LABEL_SIZE / 3
        for number, line in enumerate(lines):
            drawing.add(
                String(
                    label_width,
                    top - number * (LABEL_SIZE + 1),
                    line,
                    fontName=FONT,
                    fontSize=LABEL_SIZE,
                    fillColor=INK,
                    textAnchor="end",
                )
            )
    _legend(drawing, 10, legend_height - 2, names, list(keys), width - 20)
    drawing.add(
        String(width - 12, 2, (language or english()).gettext(GROUP_BAR_NOTE), fontName=FONT,
               fontSize=6.5, fillColor=MUTED, textAnchor="end")
    )  # fmt: skip
    return drawing
