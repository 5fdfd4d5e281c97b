"""A reference set typed in French: its countries and technology areas kept in English."""

from __future__ import annotations

import csv
from pathlib import Path

from escadesk.benchmark_resources import load_catalogue
from escadesk.importing.reference import load_reference_set

HEADERS = ["Identifier", "Country", "Technology area", "Year", "1.1.2"]


def _load(tmp_path: Path, rows: list[list[str]]):
    path = tmp_path / "reference.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerows([HEADERS, *rows])
    return load_reference_set(path, load_catalogue())


def test_french_values_of_a_reference_set_are_stored_in_english(tmp_path: Path) -> None:
    result = _load(
        tmp_path,
        [
            ["SYN-1", "Allemagne", "Énergie et environnement", "2018", "70"],
            ["SYN-2", "états-unis", "tic", "2017", "120"],
            ["SYN-3", "Canada", "Aéronautique et espace", "2017", "80"],
        ],
    )
    assert result.ok, [str(problem) for problem in result.problems]
    assert [(org.country, org.technology_area) for org in result.organizations] == [
        ("Germany", "Energy and environment"),
        ("United States", "ICT"),
        ("Canada", "Aviation and space"),
    ]


def test_an_unknown_french_value_names_its_row_and_column(tmp_path: Path) -> None:
    result = _load(tmp_path, [["SYN-1", "Atlantide", "Énergie lunaire", "2018", "70"]])
    assert not result.ok
    assert [(problem.row, problem.column) for problem in result.problems] == [
        (2, "Country"),
        (2, "Technology area"),
    ]
    assert "Atlantide" in str(result.problems[0])
    assert "Énergie lunaire" in str(result.problems[1])
