"""Answers: text as typed to checked values, and back."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from escadesk.domain.benchmarking import (
    Catalogue,
    check_value,
    completion,
    format_number,
    format_value,
    parse_answer,
    parse_answers,
    range_text,
)
from escadesk.domain.validation import FieldProblem, ValidationError


@pytest.mark.parametrize(
    ("code", "text", "expected"),
    [
        ("1.1", "70", 70.0),
        ("1.1", " 1 250 ", 1250.0),
        ("1.1", "1,250", 1250.0),  # whole-number unit: thousands
        ("1.1", "1.250", 1250.0),
        ("1.3", "1,250", 1.25),  # FTE: a decimal comma
        ("1.3", "2,5", 2.5),
        ("1.3", "0.5", 0.5),
        ("1.3", ".5", 0.5),
        ("1.3", "1.234,5", None),  # out of range, checked below
        ("1.2", "45 %", 45.0),
        ("1.2", "12,5%", 12.5),
        ("1.2", "-0", 0.0),
        ("2.1", "Yes", 1.0),
        ("2.1", "no", 0.0),
        ("2.1", "TRUE", 1.0),  # Excel booleans
        ("2.1", "FALSE", 0.0),
        ("2.1", "ja", 1.0),
        ("2.1", "non", 0.0),
        ("2.2", "4", 4.0),
        ("1.1", "", None),
        ("1.1", "   ", None),
    ],
)
def test_answers_are_read_as_people_type_them(catalogue: Catalogue, code, text, expected):
    indicator = catalogue.indicator(code)
    if expected is None and text.strip():
        with pytest.raises(ValidationError):
            parse_answer(indicator, text)
    else:
        assert parse_answer(indicator, text) == expected
    assert parse_answer(indicator, None) is None


@pytest.mark.parametrize(
    ("code", "text", "message"),
    [
        ("1.1", "many", "'many' is not a number"),
        ("1.1", "2.5", "must be a whole number, not 2.5"),
        ("1.1", "-1", "must be between 0 and 100000, not -1"),
        ("1.1", "1.2.3", "'1.2.3' is not a number"),
        ("1.1", "1e3", "'1e3' is not a number"),
        ("1.1", "nan", "'nan' is not a number"),
        ("1.1", "45%", "'45%' is not a number"),  # a percent sign only for percentages
        ("1.2", "140", "must be between 0 and 100 %, not 140"),
        ("1.3", "1.234,5", "must be between 0 and 100 FTE, not 1234.5"),
        ("2.1", "maybe", "'maybe' is not yes or no"),
        ("2.2", "7", "must be a level from 1 to 5, not 7"),
        ("2.2", "3.5", "must be a whole level, not 3.5"),
    ],
)
def test_invalid_answers_say_what_is_wrong(catalogue: Catalogue, code, text, message):
    with pytest.raises(ValidationError) as caught:
        parse_answer(catalogue.indicator(code), text)
    assert caught.value.problems == (FieldProblem(code, message),)


def test_long_texts_are_shortened_in_messages(catalogue: Catalogue):
    with pytest.raises(ValidationError) as caught:
        parse_answer(catalogue.indicator("1.1"), "x" * 100)
    assert caught.value.problems[0].message == f"'{'x' * 39}…' is not a number"


def test_check_value(catalogue: Catalogue):
    assert check_value(catalogue.indicator("1.1"), 15.0) is None
    assert check_value(catalogue.indicator("2.1"), 0.5) == FieldProblem("2.1", "must be yes or no")
    assert check_value(catalogue.indicator("1.3"), float("inf")) == FieldProblem(
        "1.3", "must be a number"
    )


def test_a_whole_questionnaire(catalogue: Catalogue):
    parsed = parse_answers(
        catalogue, {"1.1": "70", "1.2": "", "2.1": "maybe", "2.2": "9", "7.7": "1"}
    )
    assert dict(parsed.values) == {"1.1": 70.0}
    assert not parsed.ok
    assert parsed.problems == (
        FieldProblem("2.1", "'maybe' is not yes or no"),
        FieldProblem("2.2", "must be a level from 1 to 5, not 9"),
        FieldProblem("7.7", "7.7 is not an indicator of catalogue test.1"),
    )


def test_completion_counts_answers_not_zeros(catalogue: Catalogue):
    progress = completion(catalogue, {"1.1": 0.0, "2.1": 0.0})
    assert (progress.answered, progress.total) == (2, 6)
    assert progress.missing == ("1.2", "1.3", "1.4", "2.2")
    assert progress.share == pytest.approx(1 / 3)
    assert not progress.complete
    full = completion(catalogue, dict.fromkeys(catalogue.codes, 1.0))
    assert full.complete and full.share == 1.0


def test_formatting(catalogue: Catalogue):
    assert format_value(catalogue.indicator("2.1"), 1.0) == "yes"
    assert format_value(catalogue.indicator("2.1"), 0.0) == "no"
    assert format_value(catalogue.indicator("1.1"), 350000.0) == "350000"
    assert format_value(catalogue.indicator("1.3"), 2.5) == "2.5"
    assert format_number(1e-7) == "0.0000001"
    assert range_text(catalogue.indicator("1.2")) == "0 and 100 %"
    assert range_text(catalogue.indicator("1.1")) == "0 and 100000"


@given(
    code=st.sampled_from(["1.1", "1.2", "1.3", "1.4", "2.1", "2.2"]),
    fraction=st.floats(min_value=0, max_value=1),
    decimals=st.integers(min_value=0, max_value=4),
)
def test_formatted_values_parse_back(catalogue: Catalogue, code, fraction, decimals):
    indicator = catalogue.indicator(code)
    value = indicator.minimum + fraction * (indicator.maximum - indicator.minimum)
    value = round(value) if indicator.unit.whole else round(value, decimals)
    value = min(max(value, indicator.minimum), indicator.maximum)
    assert parse_answer(indicator, format_value(indicator, float(value))) == value


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12))
def test_format_number_is_plain_and_exact(value):
    text = format_number(value)
    assert "e" not in text
    assert float(text) == value
