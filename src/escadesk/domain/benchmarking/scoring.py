"""Composite scores (per area and overall) and the cluster excellence group.

Normalisation is absolute, not relative to a reference set: each indicator's catalogue
scale maps a value to 0.0-1.0 (``score_zero`` -> 0, ``score_full`` -> 1, linear between,
clamped outside; for a lower-is-better indicator ``score_zero`` is the larger value, so
the direction is built in). An organization's score therefore does not change with the
reference set it is compared with, like ESCA's Gold label score ("80 % of the points").

* area score: weighted mean of the normalised scores of the area's *answered* indicators
  (None when none with a weight is answered); a missing answer is left out, never scored
  as zero.
* overall score: weighted mean over all answered indicators (each indicator is worth its
  weight in points, so an area with more indicators weighs more, as in ESCA's point
  count). None when less than :data:`MIN_OVERALL_COVERAGE` of the total weight is
  answered: a score from a few answers would not be comparable.

Excellence group rule (:class:`ExcellenceRule`, defaults): the reference organizations
with an overall score of at least 80 %. When fewer than 10 reach it (a small or weak
reference set), the group is instead the top 10 % by overall score (at least one
organization; ties at the cut-off are all included). Organizations without an overall
score are never in it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from escadesk.domain.benchmarking.catalogue import Area, Catalogue, Indicator

MIN_OVERALL_COVERAGE = 0.5
"""Share of the catalogue's total weight that must be answered for an overall score."""


def normalise(indicator: Indicator, value: float) -> float:
    """``value`` on the indicator's 0.0-1.0 scale (direction-aware, clamped)."""
    fraction = (value - indicator.score_zero) / (indicator.score_full - indicator.score_zero)
    return min(1.0, max(0.0, fraction))


@dataclass(frozen=True, slots=True)
class AreaScore:
    area: Area
    score: float | None
    """0.0-1.0, or None when no (weighted) indicator of the area is answered."""
    answered: int
    total: int


@dataclass(frozen=True, slots=True)
class CompositeScores:
    """One organization's scores: per area (catalogue order) and overall."""

    areas: tuple[AreaScore, ...]
    overall: float | None
    """0.0-1.0, or None when too little is answered (see :data:`MIN_OVERALL_COVERAGE`)."""
    coverage: float
    """Answered share of the total weight, 0.0-1.0."""

    def area(self, code: str) -> AreaScore:
        for area_score in self.areas:
            if area_score.area.code == code:
                return area_score
        raise KeyError(f"No area {code!r}")


def composite_scores(catalogue: Catalogue, values: Mapping[str, float]) -> CompositeScores:
    """Area and overall scores of one organization's ``values`` ({code: value})."""
    area_points: dict[str, float] = {area.code: 0.0 for area in catalogue.areas}
    area_weight: dict[str, float] = dict.fromkeys(area_points, 0.0)
    area_answered: dict[str, int] = dict.fromkeys(area_points, 0)
    area_total: dict[str, int] = dict.fromkeys(area_points, 0)
    total_weight = 0.0
    for indicator in catalogue.indicators:
        area_total[indicator.area] += 1
        total_weight += indicator.weight
        value = values.get(indicator.code)
        if value is None:
            continue
        area_answered[indicator.area] += 1
        area_points[indicator.area] += indicator.weight * normalise(indicator, value)
        area_weight[indicator.area] += indicator.weight

    areas = tuple(
        AreaScore(
            area=area,
            score=_ratio(area_points[area.code], area_weight[area.code])
            if area_weight[area.code]
            else None,
            answered=area_answered[area.code],
            total=area_total[area.code],
        )
        for area in catalogue.areas
    )
    answered_weight = math.fsum(area_weight.values())
    coverage = answered_weight / total_weight if total_weight else 0.0
    overall = (
        _ratio(math.fsum(area_points.values()), answered_weight)
        if answered_weight and coverage >= MIN_OVERALL_COVERAGE
        else None
    )
    return CompositeScores(areas=areas, overall=overall, coverage=coverage)


def _ratio(points: float, weight: float) -> float:
    return min(1.0, max(0.0, points / weight))  # clamp: never outside by rounding


@dataclass(frozen=True, slots=True)
class ExcellenceRule:
    """How the cluster excellence group is picked from the overall scores."""

    threshold: float = 0.80
    """Overall score (0-1) that qualifies."""
    min_members: int = 10
    """Below this many qualifying organizations, use the top share instead."""
    fallback_share: float = 0.10
    """The top share (0-1) used then: the top decile."""


@dataclass(frozen=True, slots=True)
class ExcellenceGroup:
    """The reference organizations that are the "cluster excellence group"."""

    rule: ExcellenceRule
    by_threshold: bool
    """True when the threshold rule applied, False when the top-share fallback did."""
    cutoff: float | None
    """Lowest overall score in the group (None when the group is empty)."""
    members: frozenset[str]
    """Identifiers of the member organizations."""
    scored: int
    """How many reference organizations had an overall score."""

    def __contains__(self, identifier: object) -> bool:
        return identifier in self.members

    def __len__(self) -> int:
        return len(self.members)

    @property
    def description(self) -> str:
        """The rule as applied, for report footnotes."""
        if self.by_threshold:
            return (
                f"Clusters with an overall score of at least {self.rule.threshold:.0%} "
                f"({len(self.members)} of {self.scored})."
            )
        if not self.members:
            return "No cluster of the reference set has an overall score."
        return (
            f"Fewer than {self.rule.min_members} clusters score {self.rule.threshold:.0%} or "
            f"more, so the group is the top {self.rule.fallback_share:.0%} by overall score "
            f"({len(self.members)} of {self.scored}, from {self.cutoff:.0%})."
        )


def excellence_group(
    overall_scores: Mapping[str, float | None], rule: ExcellenceRule | None = None
) -> ExcellenceGroup:
    """Apply ``rule`` to ``{identifier: overall score}`` (None = no overall score)."""
    rule = rule or ExcellenceRule()
    scored = {key: score for key, score in overall_scores.items() if score is not None}
    qualifying = {key for key, score in scored.items() if score >= rule.threshold}
    if len(qualifying) >= rule.min_members:
        cutoff = min(scored[key] for key in qualifying)
        return ExcellenceGroup(rule, True, cutoff, frozenset(qualifying), len(scored))
    if not scored:
        return ExcellenceGroup(rule, False, None, frozenset(), 0)
    size = max(1, math.ceil(rule.fallback_share * len(scored)))
    cutoff = sorted(scored.values(), reverse=True)[size - 1]
    members = frozenset(key for key, score in scored.items() if score >= cutoff)
    return ExcellenceGroup(rule, False, cutoff, members, len(scored))
