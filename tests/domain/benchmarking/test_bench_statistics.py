"""Peer statistics: inclusive (type 7) quartiles and mid-rank percentile ranks."""

from __future__ import annotations

import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from escadesk.domain.benchmarking import (
    Summary,
    percentile_rank,
    quantile_sorted,
    summarize,
    summarize_sorted,
)

finite = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)


def test_quartiles_are_excels_quartile_inc():
    # QUARTILE.INC({1,2,3,4}, 1) = 1.75, median 2.5, QUARTILE.INC(..., 3) = 3.25
    assert summarize([4, 1, 3, 2]) == Summary(
        count=4, mean=2.5, median=2.5, q1=1.75, q3=3.25, minimum=1, maximum=4
    )
    # Five values: the quartiles are values themselves (positions 1 and 3 of 0..4).
    summary = summarize([10, 20, 30, 40, 1000])
    assert (summary.q1, summary.median, summary.q3) == (20, 30, 40)
    assert summary.mean == 220
    assert summary.iqr == 20


def test_one_value_is_every_statistic():
    assert summarize([7.5]) == Summary(1, 7.5, 7.5, 7.5, 7.5, 7.5, 7.5)


def test_no_values_no_statistics():
    assert summarize([]) is None
    assert summarize_sorted(()) is None
    assert percentile_rank(3.0, ()) is None


def test_ties_in_quantiles():
    summary = summarize([2, 2, 2, 9])
    assert (summary.q1, summary.median, summary.q3) == (2, 2, 3.75)


def test_percentile_rank_counts_ties_half():
    peers = (1.0, 2.0, 2.0, 3.0)
    assert percentile_rank(2.0, peers) == 50.0  # 1 below + half of 2 equal, of 4
    assert percentile_rank(3.0, peers) == 87.5  # 3 below + half of 1 equal
    assert percentile_rank(2.5, peers) == 75.0  # not one of them: 3 below
    assert percentile_rank(0.0, peers) == 0.0
    assert percentile_rank(9.0, peers) == 100.0
    assert percentile_rank(2.0, (2.0, 2.0, 2.0)) == 50.0


def test_non_finite_values_are_refused():
    with pytest.raises(ValueError, match="finite"):
        summarize([1.0, float("nan")])
    with pytest.raises(ValueError, match="outside 0-1"):
        quantile_sorted([1.0], 1.5)
    with pytest.raises(ValueError, match="No values"):
        quantile_sorted([], 0.5)


@given(st.lists(finite, min_size=1, max_size=60))
def test_matches_pythons_inclusive_quantiles(values):
    summary = summarize(values)
    assert summary is not None
    assert summary.count == len(values)
    if len(values) >= 2:
        q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
        assert summary.q1 == pytest.approx(q1, rel=1e-9, abs=1e-6)
        assert summary.median == pytest.approx(median, rel=1e-9, abs=1e-6)
        assert summary.q3 == pytest.approx(q3, rel=1e-9, abs=1e-6)
    assert summary.median == pytest.approx(statistics.median(values), rel=1e-9, abs=1e-6)
    assert summary.mean == pytest.approx(statistics.fmean(values), rel=1e-9, abs=1e-6)


@given(st.lists(finite, min_size=1, max_size=60))
def test_statistics_are_ordered(values):
    s = summarize(values)
    assert s.minimum <= s.q1 <= s.median <= s.q3 <= s.maximum
    assert s.minimum <= s.mean <= s.maximum


@given(finite, st.lists(finite, min_size=1, max_size=60))
def test_percentile_rank_is_symmetric(value, values):
    rank = percentile_rank(value, sorted(values))
    mirrored = percentile_rank(-value, sorted(-v for v in values))
    assert 0.0 <= rank <= 100.0
    assert rank + mirrored == pytest.approx(100.0)


@given(st.lists(finite, min_size=1, max_size=60), finite, finite)
def test_percentile_rank_grows_with_the_value(values, a, b):
    low, high = sorted((a, b))
    peers = sorted(values)
    assert percentile_rank(low, peers) <= percentile_rank(high, peers)
