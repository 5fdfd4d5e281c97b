"""Rule-based recommendations: where an organization is furthest below its peers.

The *gap* of an indicator is measured on the indicator's own 0-1 scoring scale (see
:func:`escadesk.domain.benchmarking.scoring.normalise`), so members, FTE, euros and
yes/no answers compare::

    gap = normalise(peer median) - normalise(organization's value)

0.25 means "a quarter of the indicator's scale below the typical peer". The scale is
direction-aware, so a churn rate above the peers' is a positive gap too. Only positive
gaps are recommendations; they are ordered by gap (largest first), then by standing
(lowest first), then by catalogue order.

Peers are the organization's technology area. When fewer than :data:`MIN_PEERS` peers of
that area have a value for an indicator (or the area is unknown), the comparison for that
indicator falls back to all clusters, and the recommendation says so: advice based on one
or two peers would be noise. Unanswered indicators get no recommendation.
"""

from __future__ import annotations

from dataclasses import dataclass

from escadesk.domain.benchmarking.catalogue import Indicator
from escadesk.domain.benchmarking.comparison import Comparison, PeerGroup
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
    peer_median: float
    peer_count: int
    """Peers with a value for this indicator."""
    gap: float
    """Shortfall on the indicator's 0-1 scale (> 0)."""
    standing: float
    """The organization's direction-aware percentile among those peers (0-100)."""
    advice: tuple[str, ...]
    """The catalogue's recommendation texts."""


def recommendations(
    comparison: Comparison, *, limit: int | None = None, min_gap: float = 0.0
) -> tuple[Recommendation, ...]:
    """The indicators where the organization falls short of its technology-area peers by
    more than ``min_gap``, largest gap first; at most ``limit`` of them."""
    found: list[tuple[Recommendation, int]] = []
    for position, item in enumerate(comparison.indicators):
        if item.value is None:
            continue
        group = PeerGroup.TECHNOLOGY_AREA
        stats = item.peers[group]
        if stats.summary is None or stats.summary.count < MIN_PEERS:
            group = PeerGroup.ALL
            stats = item.peers[group]
        if stats.summary is None or stats.standing is None:
            continue
        indicator = item.indicator
        gap = normalise(indicator, stats.summary.median) - normalise(indicator, item.value)
        if gap <= min_gap:
            continue
        recommendation = Recommendation(
            indicator=indicator,
            value=item.value,
            peer_group=group,
            peer_label=comparison.groups[group].label,
            peer_median=stats.summary.median,
            peer_count=stats.summary.count,
            gap=gap,
            standing=stats.standing,
            advice=indicator.recommendations,
        )
        found.append((recommendation, position))
    found.sort(key=lambda pair: (-pair[0].gap, pair[0].standing, pair[1]))
    ordered = tuple(recommendation for recommendation, _ in found)
    return ordered if limit is None else ordered[:limit]


def unanswered(comparison: Comparison) -> tuple[Indicator, ...]:
    """Indicators the organization did not answer (no recommendation is possible)."""
    return tuple(item.indicator for item in comparison.indicators if item.value is None)
