"""Rule-based recommendations: where an organization is furthest below its peers.

The *gap* of an indicator is measured on the indicator's own 0-1 scoring scale (see
:func:`escadesk.domain.benchmarking.scoring.normalise`), so members, FTE, euros and
yes/no answers compare::

    gap = normalise(typical peer) - normalise(organization's value)

The typical peer is the median for numbers and levels and the share answering yes for a
yes/no question (never a median of 1s and 0s; see
:mod:`escadesk.domain.benchmarking.peer_figures`): an organization answering "no" where
4 of 6 peers answer yes is 0.67 below them. 0.25 means "a quarter of the indicator's
scale below the typical peer". The scale is
direction-aware, so a churn rate above the peers' is a positive gap too. Only positive
gaps are recommendations; they are ordered by gap (largest first), then by standing
(lowest first), then by catalogue order.

Peers are the organization's technology area. When fewer than :data:`MIN_PEERS` peers of
that area have a value for an indicator (or the area is unknown), the comparison for that
indicator falls back to all clusters, and the recommendation says so: advice based on one
or two peers would be noise. Unanswered indicators get no recommendation.

When there is none, :func:`no_recommendation_text` says why in words that fit the case:
nothing answered, nothing to compare with, or level with or ahead of the peers (never "at
or above the median" of a yes/no question or of questions not answered).
"""

from __future__ import annotations

from dataclasses import dataclass

from escadesk.domain.benchmarking.catalogue import Indicator
from escadesk.domain.benchmarking.comparison import Comparison, IndicatorComparison, PeerGroup
from escadesk.domain.benchmarking.peer_figures import StatisticKind, YesShare
from escadesk.domain.benchmarking.scoring import normalise

MIN_PEERS = 5
"""Fewest technology-area peers with a value before falling back to all clusters."""


@dataclass(frozen=True, slots=True)
class Recommendation:
    indicator: Indicator
    value: float
    """The organization's value."""
    peer_group: PeerGroup
    """TECHNOLOGY_AREA, or ALL when the area had too few peers."""
    peer_label: str
    peer_typical: float
    """The typical peer in the indicator's unit: the median, or for a yes/no question the
    share answering yes (0-1)."""
    peer_count: int
    """Peers with a value for this indicator."""
    peer_share: YesShare | None
    """For a yes/no question, how many of those peers answer yes; None otherwise."""
    gap: float
    """Shortfall on the indicator's 0-1 scale (> 0)."""
    standing: float
    """The organization's direction-aware percentile among those peers (0-100)."""
    advice: tuple[str, ...]
    """The catalogue's recommendation texts."""

    @property
    def kind(self) -> StatisticKind:
        return StatisticKind.SHARE_YES if self.peer_share is not None else StatisticKind.MEDIAN


def recommendations(
    comparison: Comparison, *, limit: int | None = None, min_gap: float = 0.0
) -> tuple[Recommendation, ...]:
    """The indicators where the organization falls short of its technology-area peers by
    more than ``min_gap``, largest gap first; at most ``limit`` of them."""
    found: list[tuple[Recommendation, int]] = []
    for position, item in enumerate(comparison.indicators):
        if item.value is None:
            continue
        group = peer_group(item)
        stats = item.peers[group]
        typical = item.typical(group)
        if stats.summary is None or stats.standing is None or typical is None:
            continue
        indicator = item.indicator
        gap = normalise(indicator, typical) - normalise(indicator, item.value)
        if gap <= min_gap:
            continue
        recommendation = Recommendation(
            indicator=indicator,
            value=item.value,
            peer_group=group,
            peer_label=comparison.groups[group].label,
            peer_typical=typical,
            peer_count=stats.summary.count,
            peer_share=stats.yes_share,
            gap=gap,
            standing=stats.standing,
            advice=indicator.recommendations,
        )
        found.append((recommendation, position))
    found.sort(key=lambda pair: (-pair[0].gap, pair[0].standing, pair[1]))
    ordered = tuple(recommendation for recommendation, _ in found)
    return ordered if limit is None else ordered[:limit]


def peer_group(item: IndicatorComparison) -> PeerGroup:
    """Whom a recommendation compares with: the technology area, or all clusters when
    fewer than :data:`MIN_PEERS` of the area have a value."""
    summary = item.peers[PeerGroup.TECHNOLOGY_AREA].summary
    if summary is None or summary.count < MIN_PEERS:
        return PeerGroup.ALL
    return PeerGroup.TECHNOLOGY_AREA


def no_recommendation_text(comparison: Comparison, organization: str | None = None) -> str:
    """Why there is no recommendation, in words true for the case."""
    name = organization or comparison.subject.name
    answered = [item for item in comparison.indicators if item.value is not None]
    if not answered:
        return (
            f"{name} has not answered any indicator yet: there is nothing to compare, so "
            "no recommendation."
        )
    compared = [item for item in answered if item.typical(peer_group(item)) is not None]
    if not compared:
        return (
            "No peer has a value for the indicators answered: there is nothing to compare "
            "with, so no recommendation."
        )
    noun = "indicator" if len(compared) == 1 else "indicators"
    return (
        f"On each of the {len(compared)} {noun} compared, {name} is level with or ahead of "
        "its peers (their median; for a yes/no question, their share answering yes): no "
        "recommendation."
    )


def unanswered(comparison: Comparison) -> tuple[Indicator, ...]:
    """Indicators the organization did not answer (no recommendation is possible)."""
    return tuple(item.indicator for item in comparison.indicators if item.value is None)
