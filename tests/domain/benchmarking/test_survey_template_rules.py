"""The survey template's pure rules: its form identifier, what an answer may be, and the
unique names of a batch of files."""

from __future__ import annotations

import pytest

from escadesk.benchmark_resources import load_catalogue
from escadesk.domain.benchmarking import survey_template as form
from escadesk.domain.benchmarking.values import answer_choices, expected_answer, with_indicator
from escadesk.domain.file_names import unique_name

CATALOGUE = load_catalogue()


def test_an_identifier_reads_back_and_matches_what_it_was_made_with():
    made = form.form_identifier(1, 3, "2018.1", "Northshore Photonics Cluster")
    assert made.text.startswith("SURVEY-W1-R3-") and len(made.check) == 8
    assert form.parse_form_identifier(made.text) == made
    assert form.parse_form_identifier(f"  {made.text.lower()} ") == made
    assert made.matches("2018.1", "northshore  photonics cluster")


@pytest.mark.parametrize(
    ("version", "organization"),
    [("2019.1", "Northshore Photonics Cluster"), ("2018.1", "Southshore Photonics Cluster")],
)
def test_an_identifier_no_longer_matches_a_changed_version_or_organization(
    version: str, organization: str
):
    made = form.form_identifier(1, 3, "2018.1", "Northshore Photonics Cluster")
    assert not made.matches(version, organization)


def test_identifiers_differ_by_workshop_and_registration():
    checks = {form.form_identifier(w, r, "2018.1", "Cluster").check for w in (1, 2) for r in (3, 4)}
    assert len(checks) == 4


@pytest.mark.parametrize(
    "text", ["", "SURVEY-W1-R3", "SURVEY-WX-R3-ABCDEF12", "FORM-W1-R3-ABCDEF12", "SURVEY-W1-R3-XYZ"]
)
def test_what_is_not_an_identifier(text: str):
    assert form.parse_form_identifier(text) is None


def test_the_layout_names_the_answer_and_code_columns():
    assert form.ANSWER_HEADERS[form.CODE_COLUMN - 1] == form.CODE
    assert form.ANSWER_HEADERS[form.ANSWER_COLUMN - 1] == form.ANSWER
    assert form.FIRST_INDICATOR_ROW == form.HEADER_ROW + 1


@pytest.mark.parametrize(
    ("code", "expected", "choices"),
    [
        ("4.1.1", "yes or no", ("yes", "no")),
        ("2.2.2", "a level from 1 to 5", ("1", "2", "3", "4", "5")),
        ("1.1.2", "a whole number between 0 and 100000", ()),
        ("2.2.1", "a number between 0 and 1000 FTE", ()),
        ("1.1.0", "a number between 0 and 100 %", ()),
    ],
)
def test_what_an_answer_may_be(code: str, expected: str, choices: tuple[str, ...]):
    indicator = CATALOGUE.indicator(code)
    assert expected_answer(indicator) == expected
    assert answer_choices(indicator) == choices


def test_a_problem_names_its_indicator_and_what_is_valid_once():
    fte = CATALOGUE.indicator("2.2.1")
    assert with_indicator(fte, "'x' is not a number") == (
        "2.2.1 Human resources of the management team: 'x' is not a number "
        "(expected a number between 0 and 1000 FTE)"
    )
    assert with_indicator(fte, "must be between 0 and 1000 FTE, not 1200") == (
        "2.2.1 Human resources of the management team: must be between 0 and 1000 FTE, not 1200"
    )


def test_unique_names_within_a_batch():
    used: set[str] = set()
    assert unique_name("Survey - A.xlsx", used) == "Survey - A.xlsx"
    assert unique_name("survey - a.XLSX", used) == "survey - a (2).XLSX"
    assert unique_name("Survey - A.xlsx", used) == "Survey - A (3).xlsx"
    assert unique_name("notes", used) == "notes"
    assert unique_name("Notes", used) == "Notes (2)"
