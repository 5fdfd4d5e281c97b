"""Composite scores (direction-aware, missing never zero) and the excellence group rule."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from escadesk.domain.benchmarking import (
    Catalogue,
    ExcellenceRule,
    composite_scores,
    excellence_group,
    normalise,
    parse_catalogue,
)


def test_normalise_follows_the_scale_and_clamps(catalogue: Catalogue):
    members = catalogue.indicator("1.1")  # 0 -> 0 %, 100 -> 100 %
    assert normalise(members, 25) == 0.25
    assert normalise(members, 250) == 1.0
    churn = catalogue.indicator("1.2")  # lower is better: 20 % -> 0, 0 % -> 1
    assert normalise(churn, 5) == 0.75
    assert normalise(churn, 20) == 0.0
    assert normalise(churn, 60) == 0.0
    types = catalogue.indicator("1.4")  # 1 -> 0, 6 -> 1
    assert normalise(types, 0) == 0.0
    assert normalise(types, 3.5) == 0.5
    assert normalise(catalogue.indicator("2.1"), 1) == 1.0
    assert normalise(catalogue.indicator("2.2"), 2) == 0.25


def test_composite_scores_by_hand(catalogue: Catalogue):
    values = {"1.1": 50, "1.2": 10, "1.3": 5, "1.4": 6, "2.1": 0, "2.2": 4}
    scores = composite_scores(catalogue, values)
    # Area A: (0.5 + 0.5 + 1 + 1) / 4; area B: (0 + 0.75) / 2; overall: 3.75 / 6.
    assert scores.area("A").score == pytest.approx(0.75)
    assert scores.area("B").score == pytest.approx(0.375)
    assert scores.overall == pytest.approx(0.625)
    assert scores.coverage == 1.0
    assert [(s.area.code, s.answered, s.total) for s in scores.areas] == [("A", 4, 4), ("B", 2, 2)]


def test_missing_answers_are_left_out_not_scored_zero(catalogue: Catalogue):
    scores = composite_scores(catalogue, {"1.1": 50, "1.3": 5, "2.2": 4, "1.4": 1})
    # Area A: (0.5 + 1 + 0) / 3 answered; area B: 0.75 / 1 answered.
    assert scores.area("A").score == pytest.approx(0.5)
    assert scores.area("A").answered == 3
    assert scores.area("B").score == pytest.approx(0.75)
    assert scores.overall == pytest.approx(2.25 / 4)
    assert scores.coverage == pytest.approx(4 / 6)


def test_too_few_answers_give_no_overall_score(catalogue: Catalogue):
    scores = composite_scores(catalogue, {"1.1": 100, "2.1": 1})
    assert scores.coverage == pytest.approx(2 / 6)
    assert scores.overall is None
    assert scores.area("A").score == 1.0
    three = composite_scores(catalogue, {"1.1": 100, "2.1": 1, "2.2": 1})
    assert three.overall == pytest.approx(2 / 3)  # exactly half the weight answered
    empty = composite_scores(catalogue, {})
    assert empty.overall is None
    assert [s.score for s in empty.areas] == [None, None]


def test_weights_count_in_the_composites(catalogue_data):
    catalogue_data["indicators"][0]["weight"] = 3
    catalogue_data["indicators"][4]["weight"] = 0
    weighted = parse_catalogue(catalogue_data)
    values = {"1.1": 100, "1.2": 20, "1.3": 0, "1.4": 1, "2.1": 1, "2.2": 5}
    scores = composite_scores(weighted, values)
    assert scores.area("A").score == pytest.approx(3 / 6)
    assert scores.area("B").score == 1.0  # only 2.2 weighs
    assert scores.overall == pytest.approx(4 / 7)
    only_unweighted = composite_scores(weighted, {"2.1": 1})
    assert only_unweighted.area("B").score is None


@given(
    st.dictionaries(
        st.sampled_from(["1.1", "1.2", "1.3", "1.4", "2.1", "2.2"]),
        st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    )
)
def test_scores_stay_between_0_and_1(catalogue: Catalogue, values):
    scores = composite_scores(catalogue, values)
    for area_score in scores.areas:
        assert area_score.score is None or 0.0 <= area_score.score <= 1.0
    assert scores.overall is None or 0.0 <= scores.overall <= 1.0
    assert 0.0 <= scores.coverage <= 1.0


def test_excellence_group_by_threshold():
    scores = {f"R{i:02d}": 0.80 + i / 1000 for i in range(10)}
    scores |= {"low": 0.79, "none": None}
    group = excellence_group(scores)
    assert group.by_threshold
    assert group.members == frozenset(f"R{i:02d}" for i in range(10))
    assert group.cutoff == 0.80
    assert group.scored == 11
    assert "R00" in group and "low" not in group and len(group) == 10
    assert group.description == "Clusters with an overall score of at least 80% (10 of 11)."


def test_too_few_at_80_percent_gives_the_top_decile_with_ties():
    scores = {f"R{i:02d}": i / 100 for i in range(1, 21)}  # 0.01 .. 0.20
    scores["tie"] = 0.19
    group = excellence_group(scores)
    # 21 scored -> top ceil(2.1) = 3: 0.20, 0.19 and the tie at 0.19.
    assert not group.by_threshold
    assert group.members == {"R20", "R19", "tie"}
    assert group.cutoff == 0.19
    assert group.description == (
        "Fewer than 10 clusters score 80% or more, so the group is the top 10% by overall "
        "score (3 of 21, from 19%)."
    )


def test_excellence_rule_is_configurable_and_copes_with_nothing():
    rule = ExcellenceRule(threshold=0.5, min_members=2, fallback_share=0.5)
    assert excellence_group({"a": 0.6, "b": 0.5, "c": 0.1}, rule).members == {"a", "b"}
    assert excellence_group({"a": 0.6, "c": 0.1}, rule).members == {"a"}  # fallback: top half
    empty = excellence_group({"a": None})
    assert empty.members == frozenset() and empty.cutoff is None
    assert empty.description == "No cluster of the reference set has an overall score."
    assert excellence_group({"only": 0.3}).members == {"only"}
