"""Text in: control characters and bidi overrides in a file are refused with their row and
column, never stored and never quoted back (issue 15, items 6 and 7)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import Workbook

from escadesk.benchmark_resources import load_catalogue
from escadesk.domain.benchmarking import Catalogue
from escadesk.importing import ImportProblem, RawRow, TableReadError, load_delegates, read_table
from escadesk.importing.reference import load_reference_set

HEADER = ["E-mail", "Name", "Organisation", "Country"]
GOOD = ["ann@cluster.example", "Ann Smith", "Acme Cluster", "Canada"]
OTHER = ["bob@cluster.example", "Bob Jones", "Beta Cluster", "Germany"]

NUL = "\x00"
ESC_RED = "\x1b[31m"
RLO = "\u202e"

# What each character is called in the message, after "Row 3, column 'X': the cell contains".
CHARACTERS = {
    "NUL": (NUL, "an invisible control character (NUL, U+0000) {at}"),
    "ESC[31m": (ESC_RED, "an invisible control character (ESC, U+001B) {at}"),
    "U+202E": (
        RLO,
        "a hidden text-direction control (right-to-left override, U+202E) {at}, "
        "which can make the text display in a misleading order",
    ),
}


def _csv(path: Path, *rows: list[str]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([HEADER, *rows])
    return path


@pytest.mark.parametrize("character", CHARACTERS)
@pytest.mark.parametrize(
    ("column", "value"),
    [
        (0, "ann{c}@cluster.example"),
        (1, "Ann{c} Smith"),
        (2, "Acme{c}Cluster"),
        (3, "Can{c}ada"),
    ],
)
def test_a_refused_character_in_a_delegate_cell_names_its_row_and_column(
    tmp_path: Path, character: str, column: int, value: str
):
    text, described = CHARACTERS[character]
    bad = list(GOOD)
    bad[column] = value.format(c=text)
    path = _csv(tmp_path / "delegates.csv", bad)

    result = load_delegates(path)

    assert result.rows == ()  # nothing imported
    (problem,) = result.problems
    assert (problem.row, problem.column) == (2, HEADER[column])
    at = f"at position {value.index('{c}') + 1}"
    assert str(problem) == (
        f"Row 2, column '{HEADER[column]}': the cell contains {described.format(at=at)}; "
        "type the text again without it."
    )
    assert text not in str(problem)  # never quoted back
    assert result.warnings == ()


def test_only_the_row_with_the_character_is_held_back(tmp_path: Path):
    bad = ["carl@cluster.example", f"Carl {ESC_RED}Red", f"Gamma{RLO} Cluster{NUL}x", "Spain"]
    path = _csv(tmp_path / "delegates.csv", GOOD, bad, OTHER)

    result = load_delegates(path)

    assert [record.row for record in result.rows] == [2, 4]
    assert [(p.row, p.column) for p in result.problems] == [(3, "Name"), (3, "Organisation")]
    assert "and 1 more after it" in result.problems[1].message
    assert not result.ok


def test_a_refused_email_is_reported_once_and_never_quoted(tmp_path: Path):
    path = _csv(tmp_path / "delegates.csv", [f"{ESC_RED}not an address", "X", "Y", "Narnia"])

    result = load_delegates(path)

    assert [(p.row, p.column) for p in result.problems] == [(2, "E-mail"), (2, "Country")]
    assert "ESC, U+001B" in result.problems[0].message
    assert result.problems[1].message == "'Narnia' is not a known country"


def test_a_refused_name_is_not_also_flagged_as_a_date(tmp_path: Path):
    path = _csv(tmp_path / "delegates.csv", ["ann@cluster.example", f"2018-09-01{RLO}", "", ""])

    result = load_delegates(path)

    assert [(p.row, p.column) for p in result.problems] == [(2, "Name")]
    assert result.warnings == ()


def test_a_line_break_in_a_name_is_refused_as_one_line_text(tmp_path: Path):
    path = _csv(tmp_path / "delegates.csv", ["ann@cluster.example", "Ann\nSmith", "", ""])

    (problem,) = load_delegates(path).problems

    assert problem.row == 2
    assert problem.column == "Name"
    assert "must be on one line" in problem.message


def test_outer_spaces_are_trimmed_not_judged(tmp_path: Path):
    path = _csv(tmp_path / "delegates.csv", ["ann@cluster.example", "\tAnn Smith \t", "", ""])

    result = load_delegates(path)

    assert result.ok
    assert result.rows[0].name == "Ann Smith"


def test_rtl_names_and_their_marks_are_accepted(tmp_path: Path):
    name = "\u200fمريم العلي"  # RLM + Arabic: a mark, not an override
    path = _csv(tmp_path / "delegates.csv", ["m@cluster.example", name, "Cluster ‎ICT", "Egypt"])

    result = load_delegates(path)

    assert result.ok, result.problems
    assert result.rows[0].name == name


def test_a_workbook_cell_with_an_override_is_refused(tmp_path: Path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(GOOD)
    sheet.append(["eve@cluster.example", "Eve", f"{RLO}retsulC ecA", "France"])
    path = tmp_path / "delegates.xlsx"
    workbook.save(path)

    result = load_delegates(path)

    assert [r.row for r in result.rows] == [2]
    assert [(p.row, p.column) for p in result.problems] == [(3, "Organisation")]


# ------------------------------------------------------------------ NUL bytes in CSV files


def test_a_stray_nul_byte_reaches_its_cell(tmp_path: Path):
    path = tmp_path / "delegates.csv"
    path.write_bytes(b"E-mail,Name\nann@cluster.example,Ann\x00Smith\n")

    (problem,) = load_delegates(path).problems

    assert (problem.row, problem.column) == (2, "Name")
    assert "NUL, U+0000" in problem.message


def test_runs_of_nul_bytes_are_still_binary(tmp_path: Path):
    path = tmp_path / "delegates.csv"
    path.write_bytes(b"E-mail,Name\nann@cluster.example,Ann\x00\x00Smith\n")

    with pytest.raises(TableReadError) as caught:
        read_table(path)

    assert caught.value.message == (
        "The file contains binary data (line 2); it is not a CSV text file."
    )


def test_a_nul_in_a_file_that_is_not_utf8_is_binary(tmp_path: Path):
    path = tmp_path / "delegates.csv"
    path.write_bytes(b"E-mail,Name\n\x89PNG\x00\x1a\nann@cluster.example,Ann\n")

    with pytest.raises(TableReadError) as caught:
        read_table(path)

    assert caught.value.message == (
        "The file contains binary data (line 2); it is not a CSV text file."
    )


# ------------------------------------------------------------------ headers


def test_a_header_with_an_override_refuses_the_file(tmp_path: Path):
    path = tmp_path / "delegates.csv"
    path.write_text(f"E-mail,Na{RLO}me\nann@cluster.example,Ann\n", encoding="utf-8")

    result = load_delegates(path)

    assert result.rows == ()
    assert result.problems == (
        ImportProblem(
            None,
            None,
            "The header of column B (row 1) contains a hidden text-direction control "
            "(right-to-left override, U+202E) at position 3, which can make the text "
            "display in a misleading order; type the text again without it.",
        ),
    )


def test_a_header_on_two_lines_is_fine(tmp_path: Path):
    path = tmp_path / "delegates.csv"
    path.write_text('"E-mail\r\naddress",Name\nann@cluster.example,Ann\n', encoding="utf-8")

    table = read_table(path)

    assert table.headers == ("E-mail address", "Name")
    assert table.rows == (RawRow(2, ("ann@cluster.example", "Ann")),)
    assert load_delegates(path).ok


# ------------------------------------------------------------------ reference sets


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


REFERENCE_HEADER = ["Identifier", "Country", "Technology area", "Year", "1.1.2", "Cluster name"]


def _reference(path: Path, *rows: list[str]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([REFERENCE_HEADER, *rows])
    return path


@pytest.mark.parametrize("character", CHARACTERS)
def test_a_refused_identifier_names_its_row_and_column(
    tmp_path: Path, catalogue: Catalogue, character: str
):
    text, described = CHARACTERS[character]
    path = _reference(
        tmp_path / "reference.csv",
        ["SYN-1", "Germany", "ICT", "2018", "70", "Alpha"],
        [f"SYN{text}-2", "France", "ICT", "2018", "80", "Beta"],
    )

    result = load_reference_set(path, catalogue)

    assert result.organizations == ()  # all or nothing
    assert [str(problem) for problem in result.problems] == [
        f"Row 3, column 'Identifier': the cell contains {described.format(at='at position 4')}; "
        "type the text again without it."
    ]


def test_every_reference_cell_is_checked_once(tmp_path: Path, catalogue: Catalogue):
    path = _reference(
        tmp_path / "reference.csv",
        ["SYN-1", f"Germ{ESC_RED}any", f"I{NUL}CT", f"20{RLO}18", f"7{NUL}0", "Alpha"],
    )

    result = load_reference_set(path, catalogue)

    assert [(p.row, p.column) for p in result.problems] == [
        (2, "Country"),
        (2, "Technology area"),
        (2, "Year"),
        (2, "1.1.2"),
    ]
    assert all(text not in str(p) for p in result.problems for text in (NUL, ESC_RED, RLO))
