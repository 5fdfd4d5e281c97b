"""The Bronze label: eligibility and its validity from the month of the interview."""

from __future__ import annotations

from datetime import date

import pytest

from escadesk.domain.benchmarking import (
    BRONZE,
    Catalogue,
    QualityLabelAward,
    award_bronze,
    bronze_eligibility,
    bronze_validity,
)
from escadesk.domain.validation import FieldProblem, ValidationError

ELIGIBLE = {"1.1": 15.0, "1.2": 5.0, "1.3": 0.5, "1.4": 2.0, "2.1": 0.0, "2.2": 1.0}


def test_complete_and_at_the_minimums_is_eligible(catalogue: Catalogue):
    eligibility = bronze_eligibility(catalogue, ELIGIBLE)
    assert eligibility.complete and eligibility.eligible
    assert eligibility.problems == () and eligibility.missing == ()


@pytest.mark.parametrize(
    ("code", "value", "message"),
    [
        ("1.1", 14.0, "The label needs at least 15 committed members; the answer is 14."),
        ("1.3", 0.4, "The label needs at least 0.5 FTE in the management team; the answer is 0.4."),
        ("1.4", 1.0, "The label needs at least 2 member types; the answer is 1."),
    ],
)
def test_each_rule_says_what_is_short(catalogue: Catalogue, code, value, message):
    eligibility = bronze_eligibility(catalogue, ELIGIBLE | {code: value})
    assert eligibility.complete and not eligibility.eligible
    assert eligibility.problems == (FieldProblem(code, message),)


def test_an_incomplete_questionnaire_is_not_eligible(catalogue: Catalogue):
    values = {code: value for code, value in ELIGIBLE.items() if code not in {"1.2", "2.2"}}
    eligibility = bronze_eligibility(catalogue, values | {"1.1": 3.0})
    assert eligibility.missing == ("1.2", "2.2")
    assert not eligibility.complete
    assert [p.message for p in eligibility.problems] == [
        "The questionnaire is not complete: 2 of 6 indicators are unanswered (1.2, 2.2).",
        "The label needs at least 15 committed members; the answer is 3.",
    ]
    one_missing = bronze_eligibility(catalogue, {k: v for k, v in ELIGIBLE.items() if k != "2.2"})
    assert one_missing.problems[0].message == (
        "The questionnaire is not complete: 1 of 6 indicator is unanswered (2.2)."
    )
    assert one_missing.problems[0].field == "questionnaire"


@pytest.mark.parametrize(
    ("interview", "valid_from", "valid_until"),
    [
        (date(2026, 3, 17), date(2026, 3, 1), date(2028, 2, 29)),  # leap February
        (date(2027, 3, 31), date(2027, 3, 1), date(2029, 2, 28)),
        (date(2026, 1, 1), date(2026, 1, 1), date(2027, 12, 31)),
        (date(2026, 12, 31), date(2026, 12, 1), date(2028, 11, 30)),
    ],
)
def test_valid_two_years_from_the_month_of_the_interview(interview, valid_from, valid_until):
    award = bronze_validity(interview)
    assert award == QualityLabelAward(BRONZE, interview, valid_from, valid_until)
    assert award.is_valid_on(valid_from) and award.is_valid_on(valid_until)
    assert not award.is_valid_on(date.fromordinal(valid_from.toordinal() - 1))
    assert not award.is_valid_on(date.fromordinal(valid_until.toordinal() + 1))


def test_award_bronze(catalogue: Catalogue):
    award = award_bronze(catalogue, ELIGIBLE, date(2026, 6, 3))
    assert (award.label, award.awarded_on, award.valid_until) == (
        "Bronze",
        date(2026, 6, 3),
        date(2028, 5, 31),
    )
    with pytest.raises(ValidationError) as caught:
        award_bronze(catalogue, ELIGIBLE | {"1.1": 10.0, "1.4": 1.0}, date(2026, 6, 3))
    assert [p.field for p in caught.value.problems] == ["1.1", "1.4"]
