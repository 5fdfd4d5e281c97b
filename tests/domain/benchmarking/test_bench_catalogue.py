"""The indicator catalogue: the shipped 2018 file's shape, and clear errors for bad data."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from escadesk.domain.benchmarking import Catalogue, CatalogueError, Unit, parse_catalogue

SHIPPED = Path(__file__).resolve().parents[3] / "resources" / "benchmarking" / "catalogue-2018.toml"


@pytest.fixture(scope="module")
def shipped() -> Catalogue:
    with SHIPPED.open("rb") as handle:
        return parse_catalogue(tomllib.load(handle))


def test_the_shipped_catalogue_has_36_indicators_in_six_areas(shipped: Catalogue):
    assert shipped.version == "2018.1"
    assert shipped.year == 2018
    assert len(shipped) == 36
    assert [area.name for area in shipped.areas] == [
        "Structure of the cluster",
        "Cluster management and governance",
        "Financing of the cluster management",
        "Strategy and services",
        "Contacts and interaction within the cluster",
        "Achievements and recognition",
    ]
    assert [len(shipped.in_area(area.code)) for area in shipped.areas] == [6, 8, 4, 11, 4, 3]


def test_the_shipped_catalogue_covers_the_ecei_quality_indicators(shipped: Catalogue):
    ecei = {
        *("1.1.0", "1.1.1a", "1.1.1b", "1.1.2", "1.2"),
        *("2.1", "2.2.1", "2.2.2", "2.2.3", "2.2.4", "2.3", "2.4", "2.5", "2.6", "2.7"),
        *("3.1", "3.2"),
        *("4.1.1", "4.1.2", "4.1.3", "4.1.4", "4.1.5", "4.1.6", "4.2", "4.3.1", "4.3.2"),
        *("4.4", "4.5", "4.6.1", "4.6.2"),
        *("5.1", "5.2"),
    }
    assert ecei <= set(shipped.codes)
    assert {shipped.indicator(code).unit for code in ("4.1.1", "4.1.6")} == {Unit.YES_NO}
    assert shipped.indicator("2.2.2").unit is Unit.ORDINAL
    assert (shipped.indicator("2.2.2").minimum, shipped.indicator("2.2.2").maximum) == (1, 5)
    churn = shipped.indicator("2.3")
    assert churn.higher_is_better is False
    assert churn.score_zero > churn.score_full
    eligibility = shipped.eligibility
    assert shipped.indicator(eligibility.committed_members).label == "Total committed participants"
    assert shipped.indicator(eligibility.management_fte).unit is Unit.FTE
    assert shipped.indicator(eligibility.member_types).label == "Member types represented"


def test_every_shipped_indicator_has_help_a_range_and_advice(shipped: Catalogue):
    for indicator in shipped.indicators:
        assert indicator.help, indicator.code
        assert indicator.recommendations, indicator.code
        assert indicator.minimum < indicator.maximum, indicator.code
        assert indicator.weight == 1.0
        assert len(indicator.code) <= 20  # the storage column's width


def test_lookups(catalogue: Catalogue):
    assert catalogue.codes == ("1.1", "1.2", "1.3", "1.4", "2.1", "2.2")
    assert catalogue.indicator("1.2").label == "Member churn"
    assert catalogue.indicator("1.2").title == "1.2 Member churn"
    assert catalogue.find("9.9") is None
    assert "1.1" in catalogue and "9.9" not in catalogue
    assert catalogue.area("A").short_name == "Struct"
    assert catalogue.area("B").short_name == "Strategy"  # defaults to the name
    assert [i.code for i in catalogue.in_area("B")] == ["2.1", "2.2"]
    with pytest.raises(KeyError, match=r"No indicator '9\.9' in catalogue test\.1"):
        catalogue.indicator("9.9")


def test_ranges_and_scales_default_from_the_unit(catalogue: Catalogue):
    yes_no = catalogue.indicator("2.1")
    assert (yes_no.minimum, yes_no.maximum, yes_no.score_zero, yes_no.score_full) == (0, 1, 0, 1)
    ordinal = catalogue.indicator("2.2")
    assert (ordinal.minimum, ordinal.maximum) == (1, 5)
    assert (ordinal.score_zero, ordinal.score_full) == (1, 5)
    churn = catalogue.indicator("1.2")
    assert (churn.minimum, churn.maximum) == (0, 100)


def test_a_lower_is_better_default_scale_runs_from_max_to_min(catalogue_data):
    churn = catalogue_data["indicators"][1]
    del churn["score_zero"], churn["score_full"]
    indicator = parse_catalogue(catalogue_data).indicator("1.2")
    assert (indicator.score_zero, indicator.score_full) == (100, 0)


def _problems(data) -> tuple[str, ...]:
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue(data)
    return caught.value.problems


def test_every_problem_is_reported_with_its_indicator(catalogue_data):
    indicators = catalogue_data["indicators"]
    indicators[0]["unit"] = "metres"
    indicators[1]["higher_is_better"] = True  # but score_full (0) is below score_zero (20)
    indicators[2]["min"], indicators[2]["max"] = 5, 5
    indicators[3]["area"] = "Z"
    indicators[4]["recommendations"] = []
    del indicators[5]["label"]
    problems = _problems(catalogue_data)
    assert problems == (
        "indicator 1.1: unit 'metres' is not one of count, number, percent, years, fte, eur, "
        "yes_no, ordinal",
        "indicator 1.2: higher_is_better is true, so score_full must be above score_zero",
        "indicator 1.3: min (5) must be below max (5)",
        "indicator 1.4: area 'Z' is not one of the [[areas]]",
        "indicator 2.1: give at least one recommendation",
        "indicator 2.2: label is missing or not a text",
    )


def test_areas_without_indicators_and_unknown_eligibility_codes(catalogue_data):
    catalogue_data["areas"].append({"code": "C", "name": "Empty"})
    catalogue_data["eligibility"]["member_types"] = "9.9"
    assert _problems(catalogue_data) == (
        "area C: no indicator belongs to it",
        "[eligibility]: member_types names '9.9', which is not an indicator",
    )


def test_duplicate_codes_and_a_missing_head(catalogue_data):
    catalogue_data["indicators"].append(dict(catalogue_data["indicators"][0]))
    del catalogue_data["catalogue"]
    problems = _problems(catalogue_data)
    assert "[catalogue] is missing" in problems
    assert "indicator 1.1: the code is used twice" in problems


def test_nothing_at_all():
    assert _problems({}) == (
        "[catalogue] is missing",
        "[catalogue]: version is missing or not a text",
        "[catalogue]: year must be a whole number",
        "[catalogue]: title is missing or not a text",
        "[[areas]] is missing or empty",
        "[[indicators]] is missing or empty",
        "[eligibility] is missing",
    )


def test_numbers_must_be_numbers(catalogue_data):
    catalogue_data["indicators"][0]["score_full"] = "100"
    catalogue_data["indicators"][0]["weight"] = -1
    problems = _problems(catalogue_data)
    assert problems == (
        "indicator 1.1: score_full must be a number",
        "indicator 1.1: weight must not be negative",
    )
