"""In French (issue 21): the Bronze label's refusals come out in Canadian French, with a
decimal comma; English stays as it was (test_bench_label.py)."""

from __future__ import annotations

from escadesk.domain.benchmarking import Catalogue, bronze_eligibility

ELIGIBLE = {"1.1": 15.0, "1.2": 5.0, "1.3": 0.5, "1.4": 2.0, "2.1": 0.0, "2.2": 1.0}


def test_french_label_says_what_is_short(french: None, catalogue: Catalogue) -> None:
    eligibility = bronze_eligibility(catalogue, ELIGIBLE | {"1.3": 0.4})
    (problem,) = eligibility.problems
    assert problem.message == (
        "Le label exige au moins 0,5 ETP dans l\u2019\u00e9quipe de gestion\u202f; "
        "la r\u00e9ponse est 0,4."
    )


def test_french_label_names_the_unanswered_indicators(french: None, catalogue: Catalogue) -> None:
    values = {code: value for code, value in ELIGIBLE.items() if code != "2.2"}
    (problem,) = bronze_eligibility(catalogue, values).problems
    assert problem.message == (
        "Le questionnaire n\u2019est pas complet\u00a0: 1 indicateur sur 6 est sans "
        "r\u00e9ponse (2.2)."
    )
