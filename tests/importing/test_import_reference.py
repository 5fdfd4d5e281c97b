"""Reference sets from CSV/Excel: all or nothing, every problem with its row and column."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import Workbook

from escadesk.benchmark_resources import load_catalogue
from escadesk.domain.benchmarking import Catalogue
from escadesk.importing.delegates import ImportProblem
from escadesk.importing.reference import ReferenceImport, load_reference_set

HEADERS = [
    "Identifier",
    "Country",
    "Technology area",
    "Year",
    "Label",
    "1.1.2",
    "2.2.1 Human resources of the management team",
    "Share of private funds",
    "4.1.1",
    "Cluster name",
]
GOOD_ROWS = [
    ["SYN-1", "germany", "energy and environment", "2018", "bronze", "70", "3.5", "45", "yes",
     "Alpha"],
    ["SYN-2", "FR", "ICT", "2017", "", "120", "", "60", "no", "Beta"],
]  # fmt: skip


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def _csv(path: Path, headers: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        writer.writerows(rows)
    return path


def _messages(result: ReferenceImport) -> list[str]:
    return [str(problem) for problem in result.problems]


def _check_good(result: ReferenceImport) -> None:
    assert result.ok, _messages(result)
    first, second = result.organizations
    assert (first.identifier, first.country, first.technology_area, first.year, first.label) == (
        "SYN-1",
        "Germany",
        "Energy and environment",
        2018,
        "Bronze",
    )
    assert dict(first.values) == {"1.1.2": 70, "2.2.1": 3.5, "3.2": 45, "4.1.1": 1}
    assert (second.country, second.technology_area, second.label) == ("France", "ICT", None)
    assert dict(second.values) == {"1.1.2": 120, "3.2": 60, "4.1.1": 0}  # 2.2.1 missing
    assert "2.2.1" not in second.values
    assert result.indicator_codes == ("1.1.2", "2.2.1", "3.2", "4.1.1")
    assert result.ignored_columns == ("Cluster name",)


def test_a_good_csv(tmp_path: Path, catalogue: Catalogue):
    _check_good(load_reference_set(_csv(tmp_path / "ref.csv", HEADERS, GOOD_ROWS), catalogue))


def test_a_good_workbook_with_numbers_and_booleans(tmp_path: Path, catalogue: Catalogue):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    sheet.append(["SYN-1", "Germany", "Energy and environment", 2018, "Bronze", 70, 3.5, 45, True,
                  "Alpha"])  # fmt: skip
    sheet.append(["SYN-2", "France", "ICT", 2017, None, 120, None, 60, False, "Beta"])
    path = tmp_path / "ref.xlsx"
    workbook.save(path)
    _check_good(load_reference_set(path, catalogue))


def _load(tmp_path: Path, catalogue: Catalogue, headers=HEADERS, rows=GOOD_ROWS):
    return load_reference_set(_csv(tmp_path / "ref.csv", headers, rows), catalogue)


def test_an_unknown_indicator_column(tmp_path: Path, catalogue: Catalogue):
    headers = [*HEADERS, "9.9.9 Cluster happiness"]
    rows = [[*row, "5"] for row in GOOD_ROWS]
    result = _load(tmp_path, catalogue, headers, rows)
    assert result.organizations == ()
    assert result.problems == (
        ImportProblem(
            None,
            "9.9.9 Cluster happiness",
            "not an indicator of catalogue 2018.1; rename the column to an indicator code "
            "(e.g. '2.2.1') or delete it",
        ),
    )


def _with(row: list[str], **changes: str) -> list[str]:
    changed = list(row)
    for header, value in changes.items():
        changed[HEADERS.index(header.replace("_", " "))] = value
    return changed


def test_every_bad_cell_is_named_and_nothing_is_imported(tmp_path: Path, catalogue: Catalogue):
    rows = [
        GOOD_ROWS[0],
        _with(GOOD_ROWS[1], Share_of_private_funds="140"),
        ["SYN-3", "Germany", "Robotics", "2018", "", "many", "1", "50", "maybe", ""],
        ["syn-1", "Atlantis", "ICT", "1850", "Platinum", "40", "-2", "50", "yes", ""],
        ["", "Spain", "ICT", "2018a", "", "20.5", "2", "50", "no", ""],
    ]
    result = _load(tmp_path, catalogue, HEADERS, rows)
    assert result.organizations == ()
    assert _messages(result) == [
        "Row 3, column 'Share of private funds': must be between 0 and 100 %, not 140",
        "Row 4, column 'Technology area': 'Robotics' is not one of ESCA's technology areas "
        "(e.g. 'Energy and environment', 'ICT', 'Production and engineering')",
        "Row 4, column '1.1.2': 'many' is not a number",
        "Row 4, column '4.1.1': 'maybe' is not yes or no",
        "Row 5, column 'Identifier': 'syn-1' duplicates row 2",
        "Row 5, column 'Country': 'Atlantis' is not a known country",
        "Row 5, column 'Year': 1850 is not a plausible benchmarking year (2000-2100)",
        "Row 5, column 'Label': 'Platinum' is not a label; use Bronze, Silver, Gold or leave "
        "the cell empty",
        "Row 5, column '2.2.1 Human resources of the management team': must be between 0 and "
        "1000 FTE, not -2",
        "Row 6, column 'Identifier': the identifier is missing",
        "Row 6, column 'Year': '2018a' is not a year",
        "Row 6, column '1.1.2': must be a whole number, not 20.5",
    ]


def test_missing_cells_in_required_columns(tmp_path: Path, catalogue: Catalogue):
    rows = [["SYN-9", "", "", "", "", "70", "", "", "", ""]]
    assert _messages(_load(tmp_path, catalogue, HEADERS, rows)) == [
        "Row 2, column 'Country': the country is missing",
        "Row 2, column 'Technology area': the technology area is missing",
        "Row 2, column 'Year': the year is missing",
    ]


def test_a_missing_required_column(tmp_path: Path, catalogue: Catalogue):
    headers = [h for h in HEADERS if h != "Country"]
    rows = [[c for h, c in zip(HEADERS, row, strict=True) if h != "Country"] for row in GOOD_ROWS]
    result = _load(tmp_path, catalogue, headers, rows)
    assert result.organizations == ()
    assert len(result.problems) == 1
    assert result.problems[0].message.startswith("The required column is missing: 'Country'.")


def test_synonyms_and_full_titles_name_the_columns(tmp_path: Path, catalogue: Catalogue):
    headers = ["Cluster ID", "Pays", "Sector", "Benchmarking year", "ESCA label",
               "Total committed participants", "4.1.1 Strategy process"]  # fmt: skip
    rows = [["C-1", "Austria", "Food industry", "2016", "GOLD", "1,500", "Oui"]]
    result = _load(tmp_path, catalogue, headers, rows)
    assert result.ok, _messages(result)
    (org,) = result.organizations
    assert (org.identifier, org.country, org.technology_area, org.label) == (
        "C-1",
        "Austria",
        "Food industry",
        "Gold",
    )
    assert dict(org.values) == {"1.1.2": 1500, "4.1.1": 1}


def test_a_file_without_indicators_or_rows(tmp_path: Path, catalogue: Catalogue):
    no_indicators = _load(tmp_path, catalogue, HEADERS[:5], [row[:5] for row in GOOD_ROWS])
    assert _messages(no_indicators) == [
        "The file has no indicator columns; name them by indicator code, e.g. '2.2.1'."
    ]
    no_rows = _load(tmp_path, catalogue, HEADERS, [])
    assert _messages(no_rows) == ["The file has a header row but no organizations."]


def test_an_unreadable_file(tmp_path: Path, catalogue: Catalogue):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    result = load_reference_set(empty, catalogue)
    assert result.organizations == ()
    assert len(result.problems) == 1
    assert result.problems[0].row is None
