"""The numbers of a benchmarking report, laid out before any sheet is written.

Everything the sheets show comes from one :class:`~escadesk.domain.benchmarking.Comparison`
and is computed here, as plain values: which groups appear where, the rounded figures,
and where each chart's data sits on the "Chart data" sheet (the charts and the sheet are
written from the same :class:`ChartBlock`, so a chart can only point at its own cells).

Figures are rounded once, here, to what a reader can use (the sheet says so): peer
statistics to 2 decimals (euros to whole euros), standings to 1 decimal, scores to 0.01
percentage points. Short numbers also keep the file free of long digit runs, which a
card-number leak scan would flag. An organization's own answers are written as given.
A missing value stays ``None`` (shown as "–"), never 0.

Two rules come from the domain and apply to every sheet and chart: a yes/no question is
described by the share answering yes ("4 of 6 (67 %)"), never by a median or quartiles
(:mod:`escadesk.domain.benchmarking.peer_figures`); and a peer group without any cluster
is left out of the charts, their legends and the tables
(:meth:`~escadesk.domain.benchmarking.Comparison.shown_groups`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from escadesk.domain.benchmarking import (
    Comparison,
    Indicator,
    IndicatorComparison,
    PeerGroup,
    PeerStatistics,
    Unit,
    format_number,
    format_value,
    normalise,
)
from escadesk.exports.report_language import english, number, yes_no
from escadesk.exports.report_language import share_text as language_share_text
from escadesk.i18n import N_, Translator

#: The peer groups of the indicator table, in reading order (those with clusters).
TABLE_GROUPS = (
    PeerGroup.ALL,
    PeerGroup.TECHNOLOGY_AREA,
    PeerGroup.COUNTRY,
    PeerGroup.EXCELLENCE,
)
#: The groups each area chart compares the organization with.
AREA_CHART_GROUPS = (PeerGroup.ALL, PeerGroup.TECHNOLOGY_AREA, PeerGroup.EXCELLENCE)
#: The groups drawn on the radar chart (the summary table shows all four).
RADAR_GROUPS = (PeerGroup.TECHNOLOGY_AREA, PeerGroup.EXCELLENCE)
#: Where the Chart data sheet's first block starts (title, banner and a note above it).
CHART_DATA_FIRST_ROW = 5

STAT_DECIMALS = 2
SCORE_DECIMALS = 4  # a 0-1 fraction: 0.01 percentage points
STANDING_DECIMALS = 1
#: Number formats of indicator values, by unit (General keeps 70 as "70", 70.5 as "70.5").
YES_NO_FORMAT = '[=1]"yes";[=0]"no";General'
YES_NO_FORMAT_FR = '[=1]"oui";[=0]"non";General'
EUR_FORMAT = "#,##0"
GENERAL_FORMAT = "General"
MINUS = "\u2212"
#: What an area chart's group bar shows, in its legend.
TYPICAL_PEER = N_("median or share yes")


def group_title(comparison: Comparison, group: PeerGroup) -> str:
    """'All clusters', 'ICT clusters', 'Clusters in Canada', 'Cluster excellence group'."""
    label = comparison.groups[group].label.removeprefix("the ")
    return label[:1].upper() + label[1:]


def value_format(indicator: Indicator, language: Translator | None = None) -> str:
    if indicator.unit is Unit.YES_NO:
        french = language is not None and language.language == "fr"
        return YES_NO_FORMAT_FR if french else YES_NO_FORMAT
    if indicator.unit is Unit.EUR:
        return EUR_FORMAT
    return GENERAL_FORMAT


def statistic(indicator: Indicator, value: float | None) -> float | None:
    """A peer statistic as printed (rounded; see the module doc)."""
    if value is None:
        return None
    digits = 0 if indicator.unit is Unit.EUR else STAT_DECIMALS
    return _tidy(round(value, digits))


def score(value: float | None) -> float | None:
    """A 0-1 score as written (shown as a percentage)."""
    return None if value is None else _tidy(round(value, SCORE_DECIMALS))


def standing(value: float | None) -> float | None:
    return None if value is None else _tidy(round(value, STANDING_DECIMALS))


def typical_score(item: IndicatorComparison, group: PeerGroup) -> float | None:
    """Where the group's typical peer stands on the indicator's scale: the score of its
    median value, or for a yes/no question of its share answering yes (the
    recommendations measure their gaps from the same point)."""
    typical = item.typical(group)
    return None if typical is None else normalise(item.indicator, typical)


def table_groups(comparison: Comparison) -> tuple[PeerGroup, ...]:
    """The groups of the tables, the summary and the overall chart: those with clusters."""
    return comparison.shown_groups(TABLE_GROUPS)


def area_chart_groups(comparison: Comparison) -> tuple[PeerGroup, ...]:
    return comparison.shown_groups(AREA_CHART_GROUPS)


def radar_groups(comparison: Comparison) -> tuple[PeerGroup, ...]:
    return comparison.shown_groups(RADAR_GROUPS)


def share_text(stats: PeerStatistics, language: Translator | None = None) -> str | None:
    """A yes/no question's figure for a group ("4 of 6 (67 %)"); None for other kinds."""
    return language_share_text(stats.yes_share, language or english())


def scale_text(indicator: Indicator, language: Translator | None = None) -> str:
    """The indicator's scoring scale in its own unit: '15 → 100 committed members',
    '50,000 → 1,000,000 EUR per year'.

    A negative end is written with a true minus sign: a text starting with "-" would be
    neutralised as a possible formula (and shown with an apostrophe).
    """
    zero, full = indicator.score_zero, indicator.score_full
    language = language or english()
    if indicator.unit is Unit.YES_NO:
        if language.language == "en":
            return f"{format_value(indicator, zero)} → {format_value(indicator, full)}"
        return f"{yes_no(zero, language)} → {yes_no(full, language)}"
    unit = f" {indicator.unit_label}" if indicator.unit_label else ""
    return f"{_signed(zero, language)} → {_signed(full, language)}{unit}"


def _signed(value: float, language: Translator) -> str:
    """A scale's end with thousands separators ("350,000", as the euro figures show;
    fr_CA "350 000" and a decimal comma)."""
    whole, dot, decimals = format_number(abs(value)).partition(".")
    if language.language == "en":
        grouped = f"{int(whole):,}{dot}{decimals}"
    else:
        grouped = number(int(whole), language) + ("," + decimals if dot else "")
    return MINUS + grouped if value < 0 else grouped


def _tidy(value: float) -> float:
    return 0.0 if value == 0 else float(value)  # no "-0"


# ------------------------------------------------------------------ indicator table


@dataclass(frozen=True, slots=True)
class GroupFigures:
    count: int
    q1: float | None
    median: float | None
    q3: float | None
    """Quartiles of a number or level; all three None for a yes/no question."""
    standing: float | None
    share: str | None = None
    """A yes/no question's share answering yes ("4 of 6 (67 %)"); None otherwise."""


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    indicator: Indicator
    value: float | None
    groups: tuple[GroupFigures, ...]
    """In :func:`table_groups` order."""


def indicator_rows(
    comparison: Comparison, language: Translator | None = None
) -> tuple[IndicatorRow, ...]:
    groups = table_groups(comparison)
    return tuple(
        IndicatorRow(
            indicator=item.indicator,
            value=item.value,
            groups=tuple(_figures(item.indicator, item.peers[g], language) for g in groups),
        )
        for item in comparison.indicators
    )


def _figures(
    indicator: Indicator, stats: PeerStatistics, language: Translator | None
) -> GroupFigures:
    summary = stats.summary
    if stats.yes_share is not None:  # never a median or quartiles of yes/no answers
        count = 0 if summary is None else summary.count
        share = share_text(stats, language)
        return GroupFigures(count, None, None, None, standing(stats.standing), share)
    if summary is None:
        return GroupFigures(0, None, None, None, standing(stats.standing))
    return GroupFigures(
        count=summary.count,
        q1=statistic(indicator, summary.q1),
        median=statistic(indicator, summary.median),
        q3=statistic(indicator, summary.q3),
        standing=standing(stats.standing),
    )


# ------------------------------------------------------------------ chart data


@dataclass(frozen=True)
class ChartBlock:
    """One chart's data on the Chart data sheet: a caption row, a header row (category
    heading, then one heading per series) and one row per category."""

    key: str
    caption: str
    headers: tuple[str, ...]
    categories: tuple[str, ...]
    values: tuple[tuple[float | None, ...], ...]
    """Per category, one value per series (a 0-1 score, or None)."""
    top: int
    """Row of the caption."""
    groups: tuple[PeerGroup, ...] = field(default=())
    """The peer groups of the series after the organization's, in column order (only
    groups with clusters: an empty one has no series, so no slot and no legend entry)."""

    @property
    def keys(self) -> tuple[str, ...]:
        """Colour keys of the series: 'organization', then each group's value."""
        return ("organization", *(group.value for group in self.groups))

    def column(self, group: PeerGroup) -> int:
        """The sheet column (1-based) of ``group``'s series."""
        return 3 + self.groups.index(group)

    @property
    def header_row(self) -> int:
        return self.top + 1

    @property
    def first_row(self) -> int:
        return self.top + 2

    @property
    def last_row(self) -> int:
        return self.top + 1 + len(self.categories)

    @property
    def series_count(self) -> int:
        return len(self.headers) - 1

    @property
    def next_top(self) -> int:
        """Where the next block goes (one blank row between blocks)."""
        return self.last_row + 2

    def series(self, header: str) -> tuple[float | None, ...]:
        """The values of one series, by its heading (for readers and tests)."""
        index = self.headers.index(header) - 1
        return tuple(row[index] for row in self.values)


@dataclass(frozen=True)
class ChartLayout:
    """All blocks of the Chart data sheet."""

    areas_block: ChartBlock
    """Area scores: the organization and the groups' mean scores (the radar draws the
    first series and those of :func:`radar_groups`)."""
    overall_block: ChartBlock
    """The overall score: one row, the same series as :attr:`areas_block`."""
    area_blocks: tuple[ChartBlock, ...]
    """Per area, in catalogue order: scores per indicator (the organization, then each
    group's typical peer: median, or share answering yes)."""

    @property
    def blocks(self) -> tuple[ChartBlock, ...]:
        return (self.areas_block, self.overall_block, *self.area_blocks)


def chart_layout(
    comparison: Comparison, organization: str | None = None, language: Translator | None = None
) -> ChartLayout:
    """The Chart data sheet's blocks; series are headed by ``organization`` (default: the
    comparison's subject) and the groups' titles, in ``language`` (default English)."""
    organization = organization or comparison.subject.name
    words = language or english()
    groups = table_groups(comparison)
    score_headers = (
        organization,
        # Translators: a chart series: a peer group's average score ("All clusters (average)").
        *(
            words.gettext("{group} (average)").format(group=group_title(comparison, g))
            for g in groups
        ),
    )
    areas = ChartBlock(
        key="areas",
        caption=words.gettext(
            "Composite score per area, 0–100 % (groups: average score of their clusters)"
        ),
        headers=(words.gettext("Area"), *score_headers),
        categories=tuple(area.short_name for area in comparison.catalogue.areas),
        values=tuple(
            (score(profile.subject), *(score(profile.peers[g]) for g in groups))
            for profile in comparison.area_profiles
        ),
        top=CHART_DATA_FIRST_ROW,
        groups=groups,
    )
    overall_profile = comparison.overall_profile
    overall = ChartBlock(
        key="overall",
        caption=words.gettext("Overall composite score, 0–100 %"),
        headers=(words.gettext("Score"), *score_headers),
        categories=(words.gettext("Overall score"),),
        values=(
            (
                score(overall_profile.subject),
                *(score(overall_profile.peers[g]) for g in groups),
            ),
        ),
        top=areas.next_top,
        groups=groups,
    )
    bar_groups = area_chart_groups(comparison)
    blocks: list[ChartBlock] = []
    top = overall.next_top
    for area in comparison.catalogue.areas:
        items = [i for i in comparison.indicators if i.indicator.area == area.code]
        block = ChartBlock(
            key=area.code,
            caption=words.gettext("{code} {area}: score per indicator, 0–100 %").format(
                code=area.code, area=area.name
            ),
            headers=(
                words.gettext("Indicator"),
                organization,
                *(
                    words.gettext("{group} ({typical})").format(
                        group=group_title(comparison, g), typical=words.gettext(TYPICAL_PEER)
                    )
                    for g in bar_groups
                ),
            ),
            categories=tuple(item.indicator.title for item in items),
            values=tuple(
                (score(item.score), *(score(typical_score(item, g)) for g in bar_groups))
                for item in items
            ),
            top=top,
            groups=bar_groups,
        )
        blocks.append(block)
        top = block.next_top
    return ChartLayout(areas, overall, tuple(blocks))
