"""One organization against its peer groups, checked by hand on a tiny reference set."""

from __future__ import annotations

import pytest

from escadesk.domain.benchmarking import (
    Benchmark,
    Catalogue,
    ExcellenceRule,
    PeerGroup,
    Subject,
    Summary,
    compare,
)


@pytest.fixture
def reference(make_org, make_set):
    return make_set(
        make_org("R1", {"1.1": 10, "1.2": 10, "2.1": 1}),
        make_org("R2", {"1.1": 20, "1.2": 5, "2.1": 0}),
        make_org("R3", {"1.1": 20, "2.1": 1, "9.9": 5}),  # 1.2 missing; 9.9 not in catalogue
        make_org("R4", {"1.1": 40, "1.2": 15, "2.1": 1}),
        make_org("E1", {"1.1": 100, "1.2": 2, "2.1": 1}, area="Energy and environment",
                 country="France"),
        make_org("F1", {"1.1": 30}, area="Food industry"),
        synthetic=True,
    )  # fmt: skip


def _subject(area="ICT", country="Germany", **values) -> Subject:
    values = values or {"1.1": 20.0, "1.2": 5.0, "2.1": 1.0}
    return Subject("Subject cluster", country, area, values)


def test_statistics_per_group_by_hand(catalogue: Catalogue, reference):
    comparison = compare(catalogue, _subject(), reference)
    members = comparison.indicator("1.1")
    assert members.value == 20 and members.score == 0.2
    area = members.peers[PeerGroup.TECHNOLOGY_AREA]
    assert area.summary == Summary(count=4, mean=22.5, median=20, q1=17.5, q3=25, minimum=10,
                                   maximum=40)  # fmt: skip
    assert area.percentile_rank == 50.0  # 1 below, 2 equal of 4
    assert area.standing == 50.0
    everyone = members.peers[PeerGroup.ALL]
    assert everyone.summary.count == 6  # 10, 20, 20, 30, 40, 100
    assert everyone.summary.median == 25
    assert everyone.percentile_rank == pytest.approx(100 * (1 + 1) / 6)
    country = members.peers[PeerGroup.COUNTRY]
    assert country.summary.count == 5  # Germany: R1-R4 and F1
    assert country.percentile_rank == 40.0


def test_missing_values_are_left_out_never_zero(catalogue: Catalogue, reference):
    churn = compare(catalogue, _subject(), reference).indicator("1.2")
    area = churn.peers[PeerGroup.TECHNOLOGY_AREA]
    assert area.summary.count == 3  # R3 has no value
    assert (area.summary.minimum, area.summary.mean) == (5, 10)
    assert area.percentile_rank == pytest.approx(100 * 0.5 / 3)
    # Lower churn is better: the organization stands high.
    assert area.standing == pytest.approx(100 - 100 * 0.5 / 3)


def test_yes_no_statistics_are_shares_of_yes(catalogue: Catalogue, reference):
    strategy = compare(catalogue, _subject(), reference).indicator("2.1")
    area = strategy.peers[PeerGroup.TECHNOLOGY_AREA]
    assert area.summary.mean == 0.75
    assert area.percentile_rank == 62.5  # 1 "no" below, 3 "yes" equal


def test_an_area_with_a_single_peer(catalogue: Catalogue, reference):
    comparison = compare(catalogue, _subject(area="Energy and environment"), reference)
    assert comparison.groups[PeerGroup.TECHNOLOGY_AREA].size == 1
    members = comparison.indicator("1.1").peers[PeerGroup.TECHNOLOGY_AREA]
    assert members.summary == Summary(1, 100, 100, 100, 100, 100, 100)
    assert members.percentile_rank == 0.0
    churn = comparison.indicator("1.2").peers[PeerGroup.TECHNOLOGY_AREA]
    assert churn.standing == 0.0  # 5 % churn against the peer's 2 %


def test_an_empty_peer_group(catalogue: Catalogue, reference):
    comparison = compare(catalogue, _subject(area="Biotechnology", country=None), reference)
    assert comparison.groups[PeerGroup.TECHNOLOGY_AREA].size == 0
    assert comparison.groups[PeerGroup.TECHNOLOGY_AREA].label == "Biotechnology clusters"
    assert comparison.groups[PeerGroup.COUNTRY].size == 0
    assert comparison.groups[PeerGroup.COUNTRY].label == "clusters of the country"
    for item in comparison.indicators:
        for group in (PeerGroup.TECHNOLOGY_AREA, PeerGroup.COUNTRY):
            stats = item.peers[group]
            assert (stats.summary, stats.percentile_rank, stats.standing) == (None, None, None)
    empty = comparison.headline(PeerGroup.TECHNOLOGY_AREA)
    assert (empty.in_top, empty.compared) == (0, 0)
    # an empty group heads nothing: the headline falls back to all clusters
    headline = comparison.headline()
    assert (headline.group, headline.compared) == (PeerGroup.ALL, 3)
    assert headline.text.startswith("top 25% of all clusters in ")
    assert comparison.area_profiles[0].peers[PeerGroup.TECHNOLOGY_AREA] is None


def test_unanswered_indicators_have_peer_statistics_but_no_rank(catalogue: Catalogue, reference):
    comparison = compare(catalogue, _subject(**{"1.1": 20.0}), reference)
    churn = comparison.indicator("1.2")
    assert churn.value is None and churn.score is None
    stats = churn.peers[PeerGroup.ALL]
    assert stats.summary.count == 4
    assert (stats.percentile_rank, stats.standing) == (None, None)
    focus = comparison.indicator("2.2").peers[PeerGroup.ALL]
    assert focus.summary is None  # no peer answered it either


def test_the_excellence_group_comes_from_the_composites(catalogue: Catalogue, reference):
    benchmark = Benchmark.prepare(catalogue, reference)
    assert benchmark.scores["R1"].overall == pytest.approx((0.1 + 0.5 + 1) / 3)
    assert benchmark.scores["R3"].overall is None  # 2 of 6 answered
    # Nobody reaches 80 % ten times: the top decile of the 4 scored is E1 alone.
    assert benchmark.excellence.members == {"E1"}
    comparison = benchmark.compare(_subject())
    best = comparison.indicator("1.1").peers[PeerGroup.EXCELLENCE]
    assert best.summary.count == 1 and best.percentile_rank == 0.0
    assert comparison.groups[PeerGroup.EXCELLENCE].label == "the cluster excellence group"
    wide = Benchmark.prepare(catalogue, reference, ExcellenceRule(threshold=0.5, min_members=2))
    assert wide.excellence.members == {"R1", "R4", "E1"}


def test_score_profiles_for_the_radar_chart(catalogue: Catalogue, reference):
    comparison = compare(catalogue, _subject(), reference)
    structure, strategy = comparison.area_profiles
    assert structure.label == "Structure"
    assert structure.subject == pytest.approx((0.2 + 0.75) / 2)
    # ICT area A scores: R1 0.3, R2 0.475, R3 0.2, R4 0.325.
    assert structure.peers[PeerGroup.TECHNOLOGY_AREA] == pytest.approx(0.325)
    assert strategy.subject == 1.0
    assert strategy.peers[PeerGroup.TECHNOLOGY_AREA] == 0.75
    assert strategy.peers[PeerGroup.EXCELLENCE] == 1.0
    overall = comparison.overall_profile
    assert overall.area is None and overall.label == "Overall"
    assert overall.subject == pytest.approx((0.2 + 0.75 + 1) / 3)
    assert overall.peers[PeerGroup.TECHNOLOGY_AREA] == pytest.approx(
        ((0.1 + 0.5 + 1) / 3 + (0.2 + 0.75 + 0) / 3 + (0.4 + 0.25 + 1) / 3) / 3
    )


def test_headline(catalogue: Catalogue, reference):
    comparison = compare(catalogue, _subject(), reference)
    headline = comparison.headline()
    # Standings among ICT: members 50, churn 83.3, strategy 62.5.
    assert (headline.in_top, headline.compared) == (1, 3)
    assert headline.text == "top 25% of ICT clusters in 1 of 3 indicators"
    assert comparison.headline(top_share=0.5).in_top == 3
    assert comparison.headline(PeerGroup.COUNTRY).text == (
        "top 25% of clusters in Germany in 1 of 3 indicators"
    )
    single = compare(catalogue, _subject(**{"1.1": 50.0}), reference).headline(PeerGroup.ALL)
    assert single.text == "top 25% of all clusters in 1 of 1 indicator"


def test_names_are_matched_like_the_catalogue_spells_them(catalogue: Catalogue, reference):
    comparison = compare(catalogue, _subject(area="  ict ", country="DEU"), reference)
    assert comparison.groups[PeerGroup.TECHNOLOGY_AREA].label == "ICT clusters"
    assert comparison.groups[PeerGroup.TECHNOLOGY_AREA].size == 4
    assert comparison.groups[PeerGroup.COUNTRY].label == "clusters in Germany"
    assert comparison.groups[PeerGroup.COUNTRY].size == 5


def test_the_comparison_names_its_reference_set(catalogue: Catalogue, reference):
    comparison = compare(catalogue, _subject(), reference)
    assert comparison.synthetic is True
    assert (comparison.reference_name, comparison.reference_size) == ("Test set", 6)
    assert [item.indicator.code for item in comparison.indicators] == list(catalogue.codes)
    with pytest.raises(KeyError):
        comparison.indicator("9.9")
