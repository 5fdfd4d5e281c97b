"""The report's rules: yes/no questions as a share answering yes (never a median), empty
peer groups left out, and the minimum of answers below which a report is refused."""

from __future__ import annotations

import pytest

from escadesk.benchmark_resources import load_catalogue
from escadesk.domain.benchmarking import (
    Catalogue,
    PeerGroup,
    StatisticKind,
    Subject,
    YesShare,
    answers_needed,
    compare,
    no_recommendation_text,
    recommendations,
    report_readiness,
    statistic_kind,
    yes_share,
)

# ------------------------------------------------------------------ yes/no: share answering yes


def test_the_statistic_kind_follows_the_indicator_kind(catalogue: Catalogue) -> None:
    kinds = {indicator.code: statistic_kind(indicator) for indicator in catalogue.indicators}
    assert kinds["2.1"] is StatisticKind.SHARE_YES  # yes/no
    assert {kinds[code] for code in ("1.1", "1.2", "1.3", "2.2")} == {StatisticKind.MEDIAN}


@pytest.mark.parametrize(
    ("yes", "answered", "text", "share"),
    [
        (4, 6, "4 of 6 (67 %)", 4 / 6),
        (3, 6, "3 of 6 (50 %)", 0.5),  # a tie: a median would be a meaningless 0.5
        (1, 8, "1 of 8 (13 %)", 0.125),  # half up, as a reader rounds
        (868, 1300, "868 of 1,300 (67 %)", 868 / 1300),
        (1, 1300, "1 of 1,300 (<1 %)", 1 / 1300),  # not "0 %": somebody does
        (1299, 1300, "1,299 of 1,300 (>99 %)", 1299 / 1300),  # not "100 %"
        (0, 5, "0 of 5 (0 %)", 0.0),
        (5, 5, "5 of 5 (100 %)", 1.0),
        (0, 0, "no answers", None),
    ],
)
def test_the_share_answering_yes_in_words(
    yes: int, answered: int, text: str, share: float | None
) -> None:
    figure = YesShare(yes, answered)
    assert figure.text == text
    assert figure.share == (None if share is None else pytest.approx(share))


def test_an_impossible_share_is_refused() -> None:
    with pytest.raises(ValueError, match="impossible"):
        YesShare(3, 2)


def test_yes_share_counts_the_ones_of_sorted_values() -> None:
    assert yes_share((0.0, 0.0, 1.0, 1.0, 1.0, 1.0)) == YesShare(4, 6)
    assert yes_share(()) == YesShare(0, 0)


def test_a_comparison_describes_yes_no_questions_by_their_share(
    catalogue: Catalogue, make_org, make_set
) -> None:
    reference = make_set(
        *(make_org(f"Y{i}", {"2.1": 1, "1.1": 10 * i}) for i in range(3)),
        *(make_org(f"N{i}", {"2.1": 0, "1.1": 50}) for i in range(3)),  # 3 of 6: a tie
        make_org("Q", {"1.1": 5}),  # did not answer 2.1: left out, not a "no"
        make_org("F1", {"1.1": 70}, area="Food industry", country="France"),
    )
    comparison = compare(catalogue, Subject("S", "France", "ICT", {"2.1": 0.0}), reference)
    strategy = comparison.indicator("2.1")
    assert strategy.kind is StatisticKind.SHARE_YES
    area = strategy.peers[PeerGroup.TECHNOLOGY_AREA]
    assert area.yes_share == YesShare(3, 6) and area.yes_share.text == "3 of 6 (50 %)"
    assert strategy.typical(PeerGroup.TECHNOLOGY_AREA) == 0.5  # the share, not a median
    # France: one cluster, and it did not answer the question
    country = strategy.peers[PeerGroup.COUNTRY]
    assert country.yes_share == YesShare(0, 0) and country.yes_share.text == "no answers"
    assert strategy.typical(PeerGroup.COUNTRY) is None
    members = comparison.indicator("1.1")  # a number: the median, no share
    assert members.kind is StatisticKind.MEDIAN
    assert members.peers[PeerGroup.ALL].yes_share is None
    assert members.typical(PeerGroup.TECHNOLOGY_AREA) == 20  # 0, 5, 10, 20, 50, 50, 50


def test_a_yes_no_recommendation_measures_the_gap_from_the_share(
    catalogue: Catalogue, make_org, make_set
) -> None:
    def found(yes: int, no: int, answer: float) -> list[object]:
        reference = make_set(
            *(make_org(f"Y{i}", {"2.1": 1}) for i in range(yes)),
            *(make_org(f"N{i}", {"2.1": 0}) for i in range(no)),
        )
        subject = Subject("S", "Germany", "ICT", {"2.1": answer})
        return list(recommendations(compare(catalogue, subject, reference)))

    (advice,) = found(4, 2, 0.0)
    assert advice.peer_share == YesShare(4, 6) and advice.gap == pytest.approx(4 / 6)
    assert found(0, 6, 0.0) == []  # nobody does it: level with the peers
    assert found(6, 0, 1.0) == []  # the organization does it too


# ------------------------------------------------------------------ no recommendation, in words


def test_without_answers_the_wording_never_says_at_or_above_the_median(
    catalogue: Catalogue, make_org, make_set
) -> None:
    reference = make_set(*(make_org(f"R{i}", {"1.1": 10, "2.1": 1}) for i in range(5)))
    nothing = compare(catalogue, Subject("Quiet Cluster", "Germany", "ICT", {}), reference)
    assert recommendations(nothing) == ()
    text = no_recommendation_text(nothing)
    assert text.startswith("Quiet Cluster has not answered any indicator yet")
    assert "median" not in text and "at or above" not in text


def test_level_with_the_peers_says_so_without_a_median_of_yes_no(
    catalogue: Catalogue, make_org, make_set
) -> None:
    reference = make_set(*(make_org(f"R{i}", {"2.1": 1, "1.1": 10}) for i in range(5)))
    subject = Subject("Strong Cluster", "Germany", "ICT", {"2.1": 1.0, "1.1": 40.0})
    comparison = compare(catalogue, subject, reference)
    assert recommendations(comparison) == ()
    text = no_recommendation_text(comparison)
    assert text.startswith("On each of the 2 indicators compared, Strong Cluster is level with")
    assert "for a yes/no question, their share answering yes" in text
    assert "at or above the median" not in text
    nobody = compare(catalogue, subject, make_set(make_org("R", {"1.3": 2})))
    assert no_recommendation_text(nobody).startswith("No peer has a value")


# ------------------------------------------------------------------ empty groups


def test_only_groups_with_clusters_are_shown(catalogue: Catalogue, make_org, make_set) -> None:
    full = {"1.1": 90, "1.2": 2, "1.3": 4, "1.4": 6, "2.1": 1, "2.2": 5}
    reference = make_set(make_org("R1", full), make_org("R2", {**full, "1.1": 20}))
    lonely = compare(catalogue, Subject("S", "Canada", "Biotechnology", {"1.1": 5}), reference)
    assert lonely.groups[PeerGroup.COUNTRY].size == 0
    assert lonely.groups[PeerGroup.TECHNOLOGY_AREA].size == 0
    assert lonely.shown_groups() == (PeerGroup.ALL, PeerGroup.EXCELLENCE)
    assert lonely.shown_groups((PeerGroup.EXCELLENCE, PeerGroup.COUNTRY)) == (PeerGroup.EXCELLENCE,)
    at_home = compare(catalogue, Subject("S", "Germany", "ICT", {"1.1": 5}), reference)
    assert at_home.shown_groups() == tuple(PeerGroup)  # every group has clusters


def test_an_excellence_group_can_be_empty_too(catalogue: Catalogue, make_org, make_set) -> None:
    """Clusters that answered too little have no overall score, so none is excellent."""
    reference = make_set(make_org("R1", {"1.1": 10}), make_org("R2", {"1.1": 20}))
    comparison = compare(catalogue, Subject("S", "Germany", "ICT", {"1.1": 5}), reference)
    assert comparison.groups[PeerGroup.EXCELLENCE].size == 0
    assert comparison.shown_groups() == (
        PeerGroup.ALL,
        PeerGroup.TECHNOLOGY_AREA,
        PeerGroup.COUNTRY,
    )
    assert compare(catalogue, Subject("S", "Germany", "ICT", {}), make_set()).shown_groups() == ()


# ------------------------------------------------------------------ the minimum of answers


def test_the_minimum_is_two_thirds_rounded_up(catalogue: Catalogue) -> None:
    assert answers_needed(catalogue) == 4  # 6 indicators
    assert answers_needed(load_catalogue()) == 24  # the 2018 catalogue's 36


def test_exactly_at_the_minimum_a_report_can_be_made(catalogue: Catalogue) -> None:
    readiness = report_readiness(catalogue, {"1.1": 1, "1.2": 2, "1.3": 3, "2.1": 1})
    assert (readiness.answered, readiness.total, readiness.needed) == (4, 6, 4)
    assert readiness.ready and readiness.reason("Any") is None


def test_one_below_the_minimum_the_report_is_refused_with_the_counts(
    catalogue: Catalogue,
) -> None:
    readiness = report_readiness(catalogue, {"1.1": 1, "1.2": 2, "2.1": 1})
    assert not readiness.ready
    assert readiness.reason("Northshore") == (
        "Northshore has answered 3 of 6 indicators; a report needs at least 4 (two thirds "
        "of the questionnaire) and at least one answer in every area."
    )


def test_every_area_needs_an_answer(catalogue: Catalogue) -> None:
    readiness = report_readiness(catalogue, {"1.1": 1, "1.2": 2, "1.3": 3, "1.4": 4})
    assert readiness.answered == 4 and not readiness.ready
    assert [area.code for area in readiness.empty_areas] == ["B"]
    assert readiness.reason("Northshore") == (
        "Northshore has answered 4 of 6 indicators but none in B Strategy; a report needs "
        "at least 4 (two thirds of the questionnaire) and at least one answer in every area."
    )


def test_the_2018_catalogue_at_and_below_its_minimum() -> None:
    real = load_catalogue()
    by_area = {
        area.code: [i.code for i in real.indicators if i.area == area.code] for area in real.areas
    }
    # one answer in every area first, then the rest in catalogue order
    order = [codes[0] for codes in by_area.values()]
    order += [code for code in real.codes if code not in order]
    at = report_readiness(real, dict.fromkeys(order[:24], 1.0))
    below = report_readiness(real, dict.fromkeys(order[:23], 1.0))
    assert at.ready and not below.ready and below.empty_areas == ()
    assert below.reason("Catalonia Smart Mobility Hub") == (
        "Catalonia Smart Mobility Hub has answered 23 of 36 indicators; a report needs at "
        "least 24 (two thirds of the questionnaire) and at least one answer in every area."
    )
    nothing = report_readiness(real, {})
    assert nothing.reason("Quiet Cluster") == (
        "Quiet Cluster has answered 0 of 36 indicators; a report needs at least 24 (two "
        "thirds of the questionnaire) and at least one answer in every area."
    )
    two_areas_empty = report_readiness(real, dict.fromkeys(real.codes[:18], 1.0))
    reason = two_areas_empty.reason("Catalonia")
    assert reason is not None
    assert reason.startswith(
        "Catalonia has answered 18 of 36 indicators, none in 4 Strategy and services, "
    )
    assert "or 6 Achievements and recognition; a report needs at least 24" in reason
