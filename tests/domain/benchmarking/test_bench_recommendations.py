"""Recommendations: furthest below the technology-area peers first, on a common scale."""

from __future__ import annotations

import pytest

from escadesk.domain.benchmarking import (
    MIN_PEERS,
    Catalogue,
    PeerGroup,
    StatisticKind,
    Subject,
    YesShare,
    compare,
    recommendations,
    unanswered,
)


@pytest.fixture
def reference(make_org, make_set):
    members = [20, 50, 60, 70, 80]
    churn = [2, 3, 4, 5, 6]
    staff = [2, 3, 3, 4, 5]
    strategy = [1, 1, 1, 0, 1]
    focus = [3, 4, 4, 4, 5]
    ict = [
        make_org(f"P{i}", {"1.1": m, "1.2": c, "1.3": s, "2.1": y, "2.2": f})
        for i, (m, c, s, y, f) in enumerate(
            zip(members, churn, staff, strategy, focus, strict=True)
        )
    ]
    others = [
        make_org(f"O{i}", {"1.4": types}, area="Food industry") for i, types in enumerate([3, 4, 5])
    ]
    return make_set(*ict, *others)


SUBJECT = Subject(
    name="Subject",
    country="Germany",
    technology_area="ICT",
    values={"1.1": 30, "1.2": 10, "1.3": 4, "1.4": 2, "2.1": 0, "2.2": 4},
)


def test_ordered_by_gap_then_standing(catalogue: Catalogue, reference):
    found = recommendations(compare(catalogue, SUBJECT, reference))
    assert [r.indicator.code for r in found] == ["2.1", "1.4", "1.2", "1.1"]
    strategy, types, churn, members = found
    # A yes/no question: 4 of the 5 ICT peers answer yes, the subject no; the gap is
    # measured from the share answering yes (0.8), not from a median of 1s and 0s.
    assert (strategy.gap, strategy.peer_typical, strategy.value) == (pytest.approx(0.8), 0.8, 0)
    assert strategy.peer_share == YesShare(4, 5) and strategy.kind is StatisticKind.SHARE_YES
    assert strategy.advice == ("Write it down.",)
    # 1.4: no ICT peer has a value, so all clusters: median 4 -> 0.6, 2 -> 0.2.
    assert types.peer_group is PeerGroup.ALL
    assert types.peer_label == "all clusters"
    assert types.gap == pytest.approx(0.4)
    assert types.peer_count == 3
    # 1.2 and 1.1 both fall 0.3 short; 1.2 stands lower (0 vs 20) so it comes first.
    assert churn.gap == pytest.approx(0.8 - 0.5)
    assert members.gap == pytest.approx(0.6 - 0.3)
    assert (churn.standing, members.standing) == (0.0, 20.0)
    assert churn.peer_group is PeerGroup.TECHNOLOGY_AREA
    assert churn.peer_label == "ICT clusters"
    assert churn.peer_count == 5


def test_at_or_above_the_peers_gives_no_recommendation(catalogue: Catalogue, reference):
    codes = {r.indicator.code for r in recommendations(compare(catalogue, SUBJECT, reference))}
    assert "2.2" not in codes  # equal to the median
    assert "1.3" not in codes  # above it


def test_limit_and_minimum_gap(catalogue: Catalogue, reference):
    comparison = compare(catalogue, SUBJECT, reference)
    assert [r.indicator.code for r in recommendations(comparison, limit=2)] == ["2.1", "1.4"]
    assert [r.indicator.code for r in recommendations(comparison, min_gap=0.35)] == ["2.1", "1.4"]


def test_unanswered_indicators_get_none(catalogue: Catalogue, reference):
    subject = Subject("S", "Germany", "ICT", {"1.1": 30})
    comparison = compare(catalogue, subject, reference)
    assert [r.indicator.code for r in recommendations(comparison)] == ["1.1"]
    assert [i.code for i in unanswered(comparison)] == ["1.2", "1.3", "1.4", "2.1", "2.2"]


def test_too_few_area_peers_fall_back_to_all_clusters(catalogue: Catalogue, make_org, make_set):
    assert MIN_PEERS == 5
    reference = make_set(
        make_org("A1", {"1.1": 90}, area="Biotechnology"),  # the only Biotechnology peer
        *(make_org(f"X{i}", {"1.1": 50}) for i in range(4)),
    )
    subject = Subject("S", "Germany", "Biotechnology", {"1.1": 10})
    (found,) = recommendations(compare(catalogue, subject, reference))
    assert found.peer_group is PeerGroup.ALL
    assert found.peer_typical == 50 and found.peer_share is None
    assert found.gap == pytest.approx(0.4)
    nobody = compare(catalogue, subject, make_set())
    assert recommendations(nobody) == ()
