"""The benchmarking charts (QtCharts): a radar by area and one small bar chart per indicator.

Both draw a domain :class:`~escadesk.domain.benchmarking.Comparison` and nothing else, so
the page decides *what* to compare and these widgets only decide how it looks. The colours
of the peer groups are the same in every chart (and in the legend above the bars), so the
director reads "teal is us, amber the same technology area, purple the excellence group"
once. Unanswered values and groups without a value are left out, never drawn as zero;
a group without any cluster (no peer of the organization's country or technology area in
the reference set) has no line, no bar and no legend entry. A yes/no question shows each
group's share answering yes ("4 of 6 (67 %)"), never a median: the domain's rules
(``Comparison.shown_groups``, ``IndicatorComparison.typical``), as in the reports.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QLineSeries,
    QPolarChart,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QLocale, QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from escadesk.domain.benchmarking import (
    Comparison,
    Indicator,
    IndicatorComparison,
    PeerGroup,
    Unit,
)
from escadesk.exports.report_language import share_text
from escadesk.i18n import N_, _, current_locale, format_decimal, pgettext
from escadesk.i18n.translator import current
from escadesk.ui.style import ACCENT, MUTED, TEXT

#: How chart axes write numbers in English: as the rest of the app does (value_text, the
#: workbooks). ``number_locale`` gives the window's language (French: "1 250", "2,5").
NUMBER_LOCALE = QLocale(QLocale.Language.English, QLocale.Country.Canada)


def number_locale() -> QLocale:
    """The chart axes' number format, in the window's language."""
    locale = current_locale()
    return NUMBER_LOCALE if locale.startswith("en") else QLocale(locale)


SUBJECT_COLOUR = ACCENT
GROUP_COLOURS: dict[PeerGroup, str] = {
    PeerGroup.ALL: "#8a96a3",
    PeerGroup.TECHNOLOGY_AREA: "#d08c00",
    PeerGroup.COUNTRY: "#3f7fbf",
    PeerGroup.EXCELLENCE: "#6a4c93",
}
RADAR_GROUPS = (PeerGroup.TECHNOLOGY_AREA, PeerGroup.EXCELLENCE)
"""Who the radar compares the organization with (the issue's two profiles)."""
BAR_GROUPS = (PeerGroup.ALL, PeerGroup.TECHNOLOGY_AREA, PeerGroup.EXCELLENCE)
"""Whose typical peer (median, or share answering yes) each indicator's bar chart shows
next to the organization's value (those with clusters)."""
BAR_COLUMNS = 3
CHART_HEIGHT = 250

#: Marked for extraction; translated where shown (``short_group_name``).
_SHORT_GROUP_NAMES = {
    # Translators: a bar's name under a small chart: all the peers.
    PeerGroup.ALL: N_("All"),
    # Translators: a bar's name under a small chart: the technology-area peers.
    PeerGroup.TECHNOLOGY_AREA: N_("Area"),
    PeerGroup.COUNTRY: N_("Country"),
    # Translators: a bar's name under a small chart: the excellence group (abbreviated).
    PeerGroup.EXCELLENCE: N_("Exc."),
}


def short_group_name(group: PeerGroup) -> str:
    return _(_SHORT_GROUP_NAMES[group])


def group_name(comparison: Comparison, group: PeerGroup) -> str:
    """The group as the legend names it ("Energy and environment clusters", capitalised)."""
    label = comparison.groups[group].label
    return label[:1].upper() + label[1:]


def percent(score: float | None) -> str:
    """A 0-1 composite score as "63 %" ("—" when there is none)."""
    return "—" if score is None else f"{score * 100:.0f} %"


def value_text(indicator: Indicator, value: float | None) -> str:
    """An indicator value for people: "yes", "45 %", "2.5 FTE", "1,250"; "—" when missing.

    A yes/no value other than 1 or 0 (a share) reads "50 % yes" rather than a fake yes/no;
    peer groups' shares are written by the domain ("4 of 6 (67 %)", see ``Bar.text``).
    """
    if value is None:
        return "—"
    unit = indicator.unit
    if unit is Unit.YES_NO:
        if value in (0.0, 1.0):
            return _("yes") if value else _("no")
        return _("{percent} % yes").format(percent=f"{value * 100:.0f}")
    number = _grouped(value)
    if unit is Unit.PERCENT:
        return f"{number} %"
    if unit in (Unit.FTE, Unit.YEARS, Unit.EUR):
        return f"{number} {unit.symbol}"
    return number


def _grouped(value: float) -> str:
    """Thousands grouped, at most two decimals, no trailing zeros ("350,000", "2.5")."""
    rounded = round(float(value), 2)
    if rounded.is_integer():
        return format_decimal(int(rounded))
    return format_decimal(rounded)


# ---------------------------------------------------------------------------- radar


class RadarChart(QChartView):
    """Composite score per area (0-100 %) of the organization, its technology-area peers
    and the excellence group, as closed polygons on a polar chart."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # A picture, not a control: Tab skips it; the table beside it reads the scores.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAccessibleName(_("Radar chart of the scores by area"))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumSize(380, 340)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.show_comparison(None)

    def show_comparison(self, comparison: Comparison | None) -> None:
        chart = QPolarChart()
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setBackgroundRoundness(6)
        chart.legend().hide()  # a Legend widget beside it never truncates long group names
        if comparison is not None:
            self._draw(chart, comparison)
        old = self.chart()
        self.setChart(chart)
        if old is not None:
            old.deleteLater()

    def series_names(self) -> list[str]:
        """The names of the drawn polygons, in drawing order (for tests and tooltips)."""
        return [series.name() for series in self.chart().series()]

    def series_points(self, name: str) -> list[tuple[float, float]]:
        """The (angle, percent) points of one polygon (closing point included)."""
        for series in self.chart().series():
            if series.name() == name and isinstance(series, QLineSeries):
                return [(point.x(), point.y()) for point in series.points()]
        raise KeyError(name)

    def _draw(self, chart: QPolarChart, comparison: Comparison) -> None:
        profiles = comparison.area_profiles
        count = len(profiles)
        step = 360.0 / count
        angular = QCategoryAxis()
        angular.setRange(0, 360)
        angular.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        # Categories must grow: area 2..n at their angles, area 1 at 360 (= the top).
        for index in range(1, count):
            angular.append(_area_label(profiles[index]), index * step)
        angular.append(_area_label(profiles[0]), 360)
        radial = QValueAxis()
        radial.setRange(0, 100)
        radial.setTickCount(6)
        radial.setLabelFormat("%d %%")
        radial.setLabelsColor(QColor(MUTED))
        chart.addAxis(angular, QPolarChart.PolarOrientation.PolarOrientationAngular)
        chart.addAxis(radial, QPolarChart.PolarOrientation.PolarOrientationRadial)

        polygons: list[tuple[str, list[float | None], str, int]] = [
            (
                comparison.subject.name,
                [profile.subject for profile in profiles],
                SUBJECT_COLOUR,
                3,
            )
        ]
        for group in comparison.shown_groups(RADAR_GROUPS):
            polygons.append(
                (
                    group_name(comparison, group),
                    [profile.peers.get(group) for profile in profiles],
                    GROUP_COLOURS[group],
                    2,
                )
            )
        # Peers first, the organization last: its line is drawn on top.
        for name, scores, colour, width in [*polygons[1:], polygons[0]]:
            series = QLineSeries()
            series.setName(name)
            for index, score in enumerate(scores):
                if score is not None:  # an area without answers has no point
                    series.append(index * step, score * 100)
            if scores[0] is not None:
                series.append(360, scores[0] * 100)
            pen = QPen(QColor(colour))
            pen.setWidth(width)
            series.setPen(pen)
            series.setPointsVisible(True)
            series.setMarkerSize(7 if width > 2 else 5)
            chart.addSeries(series)
            series.attachAxis(angular)
            series.attachAxis(radial)


def _area_label(profile: object) -> str:
    area = getattr(profile, "area", None)
    return area.short_name if area is not None else str(getattr(profile, "label", ""))


# ---------------------------------------------------------------------------- bars


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar of an indicator chart: who, the value (None = nothing to draw), colour."""

    name: str
    short_name: str
    value: float | None
    colour: str
    text: str
    """The value in words, as the line above the chart says it."""


def indicator_bars(comparison: Comparison, item: IndicatorComparison) -> tuple[Bar, ...]:
    """The organization's value, then each shown group's typical peer (None when missing):
    the median, or for a yes/no question the share answering yes (never a median)."""
    indicator = item.indicator
    answer = value_text(indicator, item.value) if item.value is not None else _("not answered")
    bars = [
        Bar(comparison.subject.name, pgettext("chart", "You"), item.value, SUBJECT_COLOUR, answer)
    ]
    for group in comparison.shown_groups(BAR_GROUPS):
        share = item.peers[group].yes_share
        typical = item.typical(group)
        text = (
            share_text(share, current()) or ""  # '4 of 6 (67 %)' in the window's language
            if share is not None
            else value_text(indicator, typical)
        )
        name = (
            _("{group} (share answering yes)") if share is not None else _("{group} (median)")
        ).format(group=group_name(comparison, group))
        bars.append(
            Bar(
                name,
                short_group_name(group),
                typical,
                GROUP_COLOURS[group],
                text,
            )
        )
    return tuple(bars)


class IndicatorChart(QFrame):
    """One indicator: a title, the values in words, and four bars (organization, medians)."""

    def __init__(
        self, comparison: Comparison, item: IndicatorComparison, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.indicator = item.indicator
        self.bars = indicator_bars(comparison, item)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 6)
        layout.setSpacing(2)
        self.title = QLabel(item.indicator.title)
        self.title.setWordWrap(True)
        self.title.setObjectName("fieldLabel")
        self.title.setToolTip(item.indicator.help)
        layout.addWidget(self.title)
        self.values = QLabel(self._values_html(item))
        self.values.setObjectName("muted")
        self.values.setWordWrap(True)
        self.values.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.values)
        self.view = QChartView(self._chart())
        # A picture, not a control: Tab skips it; the line above says the values in words.
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view.setAccessibleName(
            _("Bar chart: {indicator}").format(indicator=item.indicator.title)
        )
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setMinimumHeight(150)
        self.view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        layout.addWidget(self.view, 1)

    def _values_html(self, item: IndicatorComparison) -> str:
        parts = [
            f"<span style='color:{bar.colour}'>■</span>&nbsp;"
            + _html(bar.text).replace(" ", "&nbsp;")
            for bar in self.bars
        ]
        unit = item.indicator.unit_label
        line = (
            unit
            if item.indicator.higher_is_better
            else _("{unit} · lower is better").format(unit=unit)
        )
        return "&nbsp;&nbsp; ".join(parts) + f"<br>{_html(line)}"

    def _chart(self) -> QChart:
        chart = QChart()
        chart.setMargins(QMargins(0, 0, 0, 0))
        chart.setBackgroundVisible(False)
        chart.legend().hide()
        # Axis labels grouped as in the values above the chart ("800,000", not "800000"),
        # whatever the desktop's locale: the app writes its numbers in English throughout.
        chart.setLocale(number_locale())
        chart.setLocalizeNumbers(True)
        series = QStackedBarSeries()
        series.setBarWidth(0.65)
        # One set per bar, each with a single non-zero slot: each bar keeps its colour.
        positions = len(self.bars)
        for index, bar in enumerate(self.bars):
            bar_set = QBarSet(bar.name)
            height = self.height_of(bar)
            bar_set.append([height if slot == index else 0.0 for slot in range(positions)])
            bar_set.setColor(QColor(bar.colour))
            bar_set.setBorderColor(QColor(bar.colour))
            series.append(bar_set)
        chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append([bar.short_name for bar in self.bars])
        categories.setLabelsColor(QColor(TEXT))
        small = QFont(categories.labelsFont())
        small.setPointSizeF(max(7.0, small.pointSizeF() - 1))
        categories.setLabelsFont(small)
        chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(categories)
        values = QValueAxis()
        low, high = self._value_range()
        values.setRange(low, high)
        if self.indicator.unit is Unit.YES_NO:
            values.setTickCount(3)
            # With localized numbers Qt draws nothing for "%d" and keeps "%%" doubled.
            values.setLabelFormat("%.0f %")
        else:
            values.applyNiceNumbers()
            values.setLabelFormat("%.0f" if high - low >= 5 else "%.1f")
        values.setLabelsColor(QColor(MUTED))
        chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(values)
        return chart

    def height_of(self, bar: Bar) -> float:
        """The drawn height: the value (a share of "yes" in per cent); 0 when missing."""
        if bar.value is None:
            return 0.0
        return bar.value * 100 if self.indicator.unit is Unit.YES_NO else bar.value

    def bar_heights(self) -> list[float]:
        """What the chart draws, bar by bar (for tests)."""
        heights = []
        series = self.view.chart().series()[0]
        assert isinstance(series, QStackedBarSeries)
        for index, bar_set in enumerate(series.barSets()):
            heights.append(bar_set.at(index))
        return heights

    def _value_range(self) -> tuple[float, float]:
        indicator = self.indicator
        if indicator.unit is Unit.YES_NO:
            return 0.0, 100.0
        if indicator.unit is Unit.ORDINAL:
            return 0.0, indicator.maximum
        present = [bar.value for bar in self.bars if bar.value is not None]
        high = max(present, default=0.0)
        low = min(0.0, *present) if present else 0.0
        return low, (high * 1.1 if high > 0 else 1.0)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class Legend(QLabel):
    """Colour keys in words (wraps instead of truncating long peer-group names)."""

    def __init__(self, parent: QWidget | None = None, *, vertical: bool = False) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self._separator = "<br>" if vertical else "&nbsp;&nbsp;&nbsp; "

    def set_keys(self, keys: Sequence[tuple[str, str]], note: str = "") -> None:
        """``keys``: (colour, text) pairs, shown in order; ``note`` follows in grey."""
        text = self._separator.join(
            f"<span style='color:{colour}'>■</span>&nbsp;{_html(label)}" for colour, label in keys
        )
        if note:
            text += f"{self._separator}<span style='color:{MUTED}'>{_html(note)}</span>"
        self.setText(text)


def radar_keys(comparison: Comparison) -> list[tuple[str, str]]:
    """The radar's legend: the organization and the groups drawn (those with clusters)."""
    keys = [(SUBJECT_COLOUR, comparison.subject.name)]
    keys += [
        (GROUP_COLOURS[group], group_name(comparison, group))
        for group in comparison.shown_groups(RADAR_GROUPS)
    ]
    return keys


def bar_keys(comparison: Comparison) -> list[tuple[str, str]]:
    """The bars' legend: the organization and the groups drawn (those with clusters)."""
    keys = [(SUBJECT_COLOUR, _("You: {organization}").format(organization=comparison.subject.name))]
    keys += [
        (
            GROUP_COLOURS[group],
            _("{short}: {group}").format(
                short=short_group_name(group), group=comparison.groups[group].label
            ),
        )
        for group in comparison.shown_groups(BAR_GROUPS)
    ]
    return keys


#: Marked for extraction; translated where shown.
BAR_NOTE = N_("Bars: each group's median; for a yes/no question, how many answer yes.")


class IndicatorCharts(QWidget):
    """The bar charts of one area's indicators, in a grid of :data:`BAR_COLUMNS`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(10)
        self.charts: list[IndicatorChart] = []

    def show_area(self, comparison: Comparison | None, area_code: str | None) -> None:
        for chart in self.charts:
            self._grid.removeWidget(chart)
            chart.deleteLater()
        self.charts = []
        if comparison is None or area_code is None:
            return
        items: Sequence[IndicatorComparison] = [
            item for item in comparison.indicators if item.indicator.area == area_code
        ]
        for position, item in enumerate(items):
            chart = IndicatorChart(comparison, item, self)
            chart.setFixedHeight(CHART_HEIGHT)
            self._grid.addWidget(chart, position // BAR_COLUMNS, position % BAR_COLUMNS)
            self.charts.append(chart)
        for column in range(BAR_COLUMNS):
            self._grid.setColumnStretch(column, 1)
        self._grid.setRowStretch(self._grid.rowCount(), 1)
