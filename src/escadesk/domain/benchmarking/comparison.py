"""One organization against its peers: per indicator, per area and in one headline.

Peer groups (:class:`PeerGroup`): all clusters of the reference set, those of the same
technology area, those of the same country, and the cluster excellence group (see
:mod:`escadesk.domain.benchmarking.scoring` for its rule). For every indicator and group:
the statistics of the peers that *have* a value (missing values are left out, never
counted as zero; ``summary.count`` says how many were used), the organization's
percentile rank by value, and its *standing*: the same mid-rank percentile but
direction-aware, so 100 is always "better than every peer" (for a lower-is-better
indicator such as member churn, a low value stands high).

Prepare a :class:`Benchmark` once per reference set (it sorts every group's values and
scores every reference organization), then :meth:`Benchmark.compare` each organization;
:func:`compare` does both for a single use.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from escadesk.domain.benchmarking.catalogue import Area, Catalogue, Indicator, Unit
from escadesk.domain.benchmarking.peer_figures import (
    StatisticKind,
    YesShare,
    statistic_kind,
    yes_share,
)
from escadesk.domain.benchmarking.reference import ReferenceOrganization, ReferenceSet
from escadesk.domain.benchmarking.scoring import (
    CompositeScores,
    ExcellenceGroup,
    ExcellenceRule,
    composite_scores,
    excellence_group,
    normalise,
)
from escadesk.domain.benchmarking.statistics import Summary, percentile_rank, summarize_sorted
from escadesk.domain.countries import canonical_country
from escadesk.domain.technology import canonical_technology_area


class PeerGroup(StrEnum):
    """Whom an organization is compared with."""

    ALL = "all"
    TECHNOLOGY_AREA = "technology_area"
    COUNTRY = "country"
    EXCELLENCE = "excellence"


@dataclass(frozen=True, slots=True)
class Subject:
    """The organization being benchmarked: its answers and what picks its peers."""

    name: str
    country: str | None
    technology_area: str | None
    values: Mapping[str, float]
    """Indicator values, {code: value}; an unanswered indicator is absent."""


@dataclass(frozen=True, slots=True)
class PeerGroupInfo:
    group: PeerGroup
    label: str
    """How reports name the group: "all clusters", "Energy and environment clusters",
    "clusters in Germany", "the cluster excellence group"."""
    size: int
    """Reference organizations in the group (some may lack a value for an indicator)."""


@dataclass(frozen=True, slots=True)
class PeerStatistics:
    """One indicator in one peer group."""

    group: PeerGroup
    summary: Summary | None
    """Statistics of the peers with a value; None when no peer has one."""
    percentile_rank: float | None
    """Mid-rank percentile (0-100) of the organization's value among the peers' values
    (0 = lowest value); None without a value or without peers."""
    standing: float | None
    """Direction-aware percentile: 100 = better than every peer, 50 = in the middle."""
    yes_share: YesShare | None = None
    """For a yes/no question, how many of the peers with an answer said yes (None for
    other indicators); see :mod:`escadesk.domain.benchmarking.peer_figures`."""


@dataclass(frozen=True, slots=True)
class IndicatorComparison:
    indicator: Indicator
    value: float | None
    """The organization's value; None when it did not answer."""
    score: float | None
    """The value on the indicator's 0-1 scale (see scoring.normalise)."""
    peers: Mapping[PeerGroup, PeerStatistics]

    @property
    def kind(self) -> StatisticKind:
        """How the peer groups are described: share answering yes, or median/quartiles."""
        return statistic_kind(self.indicator)

    def typical(self, group: PeerGroup) -> float | None:
        """The typical peer of ``group`` in the indicator's unit: the share answering yes
        (0-1) for a yes/no question, the median otherwise; None without peer values."""
        stats = self.peers[group]
        if stats.yes_share is not None:
            return stats.yes_share.share
        return None if stats.summary is None else stats.summary.median

    def in_top(self, group: PeerGroup, share: float) -> bool:
        """True when the organization stands in the top ``share`` (0-1) of ``group``."""
        standing = self.peers[group].standing
        return standing is not None and standing >= 100.0 * (1.0 - share)


@dataclass(frozen=True, slots=True)
class ScoreProfile:
    """A composite score of the organization next to its peer groups' mean scores (one
    axis of the radar chart, or the overall score)."""

    label: str
    area: Area | None
    """None for the overall score."""
    subject: float | None
    peers: Mapping[PeerGroup, float | None]
    """Mean score of the group's organizations that have one; None when none has."""


@dataclass(frozen=True, slots=True)
class Headline:
    """ "top 25% of Energy and environment clusters in 7 of 12 indicators"."""

    group: PeerGroup
    group_label: str
    top_share: float
    in_top: int
    compared: int
    """Indicators where both the organization and some peer have a value."""

    @property
    def text(self) -> str:
        noun = "indicator" if self.compared == 1 else "indicators"
        return (
            f"top {self.top_share:.0%} of {self.group_label} "
            f"in {self.in_top} of {self.compared} {noun}"
        )


@dataclass(frozen=True)
class Comparison:
    """Everything a benchmarking report shows about one organization."""

    subject: Subject
    catalogue: Catalogue
    reference_name: str
    reference_size: int
    synthetic: bool
    """True when the reference set is synthetic: reports must say so on every page."""
    groups: Mapping[PeerGroup, PeerGroupInfo]
    indicators: tuple[IndicatorComparison, ...]
    """In catalogue order."""
    scores: CompositeScores
    area_profiles: tuple[ScoreProfile, ...]
    """One per area, in catalogue order (the radar chart)."""
    overall_profile: ScoreProfile
    excellence: ExcellenceGroup

    def indicator(self, code: str) -> IndicatorComparison:
        for item in self.indicators:
            if item.indicator.code == code:
                return item
        raise KeyError(f"No indicator {code!r} in the comparison")

    def shown_groups(
        self, candidates: Sequence[PeerGroup] = tuple(PeerGroup)
    ) -> tuple[PeerGroup, ...]:
        """The groups of ``candidates`` (in their order) that have at least one cluster.

        An empty group (no cluster of the organization's country or technology area in
        the reference set, or an unknown one) has nothing to show: charts, legends and
        tables leave it out rather than give it a slot of dashes. Every chart and table
        of the page and the reports asks here.
        """
        return tuple(group for group in candidates if self.groups[group].size > 0)

    def headline(self, group: PeerGroup | None = None, top_share: float = 0.25) -> Headline:
        """In how many indicators the organization is in the top ``top_share`` of
        ``group`` (by standing), out of those that could be compared. ``group`` defaults
        to the technology area, or to all clusters when the area has no cluster in the
        reference set (an empty group heads nothing: "in 0 of 0 indicators")."""
        if group is None:
            shown = self.shown_groups((PeerGroup.TECHNOLOGY_AREA, PeerGroup.ALL))
            group = shown[0] if shown else PeerGroup.TECHNOLOGY_AREA
        compared = [item for item in self.indicators if item.peers[group].standing is not None]
        return Headline(
            group=group,
            group_label=self.groups[group].label,
            top_share=top_share,
            in_top=sum(item.in_top(group, top_share) for item in compared),
            compared=len(compared),
        )


@dataclass(frozen=True, slots=True)
class _GroupData:
    """One peer group, ready for queries: sorted values per indicator, mean scores."""

    size: int
    sorted_values: Mapping[str, tuple[float, ...]]
    mean_area_scores: Mapping[str, float | None]
    mean_overall: float | None


_EMPTY_GROUP = _GroupData(0, MappingProxyType({}), MappingProxyType({}), None)


@dataclass(frozen=True)
class Benchmark:
    """A reference set prepared for comparisons (immutable; safe to share between
    threads). Build it with :meth:`prepare`."""

    catalogue: Catalogue
    reference_set: ReferenceSet
    scores: Mapping[str, CompositeScores]
    """Composite scores of every reference organization, by identifier."""
    excellence: ExcellenceGroup
    _all: _GroupData = field(repr=False)
    _excellence: _GroupData = field(repr=False)
    _by_area: Mapping[str, _GroupData] = field(repr=False)
    _by_country: Mapping[str, _GroupData] = field(repr=False)

    @classmethod
    def prepare(
        cls,
        catalogue: Catalogue,
        reference_set: ReferenceSet,
        rule: ExcellenceRule | None = None,
    ) -> Benchmark:
        """Score every reference organization, pick the excellence group, sort values."""
        organizations = reference_set.organizations
        scores = {org.identifier: composite_scores(catalogue, org.values) for org in organizations}
        excellence = excellence_group({key: score.overall for key, score in scores.items()}, rule)
        by_area: dict[str, list[ReferenceOrganization]] = {}
        by_country: dict[str, list[ReferenceOrganization]] = {}
        for org in organizations:
            by_area.setdefault(org.technology_area, []).append(org)
            by_country.setdefault(org.country, []).append(org)
        best = [org for org in organizations if org.identifier in excellence]

        def data(members: Iterable[ReferenceOrganization]) -> _GroupData:
            return _group_data(catalogue, list(members), scores)

        return cls(
            catalogue=catalogue,
            reference_set=reference_set,
            scores=MappingProxyType(scores),
            excellence=excellence,
            _all=data(organizations),
            _excellence=data(best),
            _by_area=MappingProxyType({key: data(group) for key, group in by_area.items()}),
            _by_country=MappingProxyType({key: data(group) for key, group in by_country.items()}),
        )

    def compare(self, subject: Subject) -> Comparison:
        """Compare one organization with every peer group."""
        area = _canonical(subject.technology_area, canonical_technology_area)
        country = _canonical(subject.country, canonical_country)
        groups_data = {
            PeerGroup.ALL: self._all,
            PeerGroup.TECHNOLOGY_AREA: self._by_area.get(area, _EMPTY_GROUP)
            if area
            else _EMPTY_GROUP,
            PeerGroup.COUNTRY: self._by_country.get(country, _EMPTY_GROUP)
            if country
            else _EMPTY_GROUP,
            PeerGroup.EXCELLENCE: self._excellence,
        }
        labels = {
            PeerGroup.ALL: "all clusters",
            PeerGroup.TECHNOLOGY_AREA: f"{area} clusters"
            if area
            else "clusters of the same technology area",
            PeerGroup.COUNTRY: f"clusters in {country}" if country else "clusters of the country",
            PeerGroup.EXCELLENCE: "the cluster excellence group",
        }
        groups = MappingProxyType(
            {
                group: PeerGroupInfo(group, labels[group], data.size)
                for group, data in groups_data.items()
            }
        )
        indicators = tuple(
            _compare_indicator(indicator, subject.values.get(indicator.code), groups_data)
            for indicator in self.catalogue.indicators
        )
        scores = composite_scores(self.catalogue, subject.values)
        area_profiles = tuple(
            ScoreProfile(
                label=area_score.area.name,
                area=area_score.area,
                subject=area_score.score,
                peers=MappingProxyType(
                    {
                        group: data.mean_area_scores.get(area_score.area.code)
                        for group, data in groups_data.items()
                    }
                ),
            )
            for area_score in scores.areas
        )
        overall_profile = ScoreProfile(
            label="Overall",
            area=None,
            subject=scores.overall,
            peers=MappingProxyType(
                {group: data.mean_overall for group, data in groups_data.items()}
            ),
        )
        return Comparison(
            subject=subject,
            catalogue=self.catalogue,
            reference_name=self.reference_set.name,
            reference_size=len(self.reference_set),
            synthetic=self.reference_set.synthetic,
            groups=groups,
            indicators=indicators,
            scores=scores,
            area_profiles=area_profiles,
            overall_profile=overall_profile,
            excellence=self.excellence,
        )


def compare(
    catalogue: Catalogue,
    subject: Subject,
    reference_set: ReferenceSet,
    rule: ExcellenceRule | None = None,
) -> Comparison:
    """Compare one organization (prepares the reference set each time: for several
    organizations, prepare a :class:`Benchmark` once)."""
    return Benchmark.prepare(catalogue, reference_set, rule).compare(subject)


# ------------------------------------------------------------------ helpers


def _compare_indicator(
    indicator: Indicator, value: float | None, groups: Mapping[PeerGroup, _GroupData]
) -> IndicatorComparison:
    peers: dict[PeerGroup, PeerStatistics] = {}
    for group, data in groups.items():
        values = data.sorted_values.get(indicator.code, ())
        rank = None if value is None else percentile_rank(value, values)
        standing = None
        if rank is not None:
            standing = rank if indicator.higher_is_better else 100.0 - rank
        share = yes_share(values) if indicator.unit is Unit.YES_NO else None
        peers[group] = PeerStatistics(group, summarize_sorted(values), rank, standing, share)
    return IndicatorComparison(
        indicator=indicator,
        value=value,
        score=None if value is None else normalise(indicator, value),
        peers=MappingProxyType(peers),
    )


def _group_data(
    catalogue: Catalogue,
    members: list[ReferenceOrganization],
    scores: Mapping[str, CompositeScores],
) -> _GroupData:
    columns: dict[str, list[float]] = {code: [] for code in catalogue.codes}
    for org in members:
        for code, value in org.values.items():
            column = columns.get(code)
            if column is not None:
                column.append(value)
    area_means = {
        area.code: _mean(scores[org.identifier].area(area.code).score for org in members)
        for area in catalogue.areas
    }
    return _GroupData(
        size=len(members),
        sorted_values=MappingProxyType(
            {code: tuple(sorted(values)) for code, values in columns.items()}
        ),
        mean_area_scores=MappingProxyType(area_means),
        mean_overall=_mean(scores[org.identifier].overall for org in members),
    )


def _mean(scores: Iterable[float | None]) -> float | None:
    present = [score for score in scores if score is not None]
    return sum(present) / len(present) if present else None


def _canonical(name: str | None, canonical: Callable[[str], str | None]) -> str | None:
    """The catalogue spelling of a country / technology area (unknown ones as given)."""
    if name is None or not name.strip():
        return None
    return canonical(name) or " ".join(name.split())
