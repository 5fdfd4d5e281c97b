"""The delegate list: good files import, every bad file is explained row by row."""

from __future__ import annotations

from pathlib import Path

import pytest

from escadesk.importing import (
    DelegateImport,
    DelegateRecord,
    ImportProblem,
    RawRow,
    RawTable,
    load_delegates,
    parse_delegates,
)

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "delegates"

EXPECTED_GOOD = [
    (
        "dorinda.so@example.org",
        "Dorinda So",
        "Institute for Competitiveness & Prosperity",
        "Canada",
    ),
    ("o.ziegler@example.eu", "Oliver Ziegler", "ESCA", "Germany"),
    ("v.dugre@example.ca", "Vincent Dugré", "Bivizio, Québec", "Canada"),
    ("m.lindqvist@example.se", "Maja Lindqvist", "Stockholm Life Cluster", "Sweden"),
    ("j.park@example.kr", "Ji-woo Park", "Busan Marine Cluster", "South Korea"),
    ("a.garcia@example.es", "Ana García", "Clúster Aeronáutico", "Spain"),
]


def _table(headers: tuple[str, ...], *rows: tuple[str | None, ...]) -> RawTable:
    return RawTable(
        headers=headers,
        rows=tuple(RawRow(number, cells) for number, cells in enumerate(rows, start=2)),
        source="test.csv",
    )


def _messages(result: DelegateImport) -> list[str]:
    return [str(problem) for problem in result.problems]


@pytest.mark.parametrize(
    ("name", "numbers"),
    [
        ("good_comma.csv", [2, 3, 4, 6, 7, 8]),
        ("good_semicolon_bom.csv", [2, 3, 4, 5, 6, 7]),
        ("good.xlsx", [2, 3, 5, 6, 7, 8]),
    ],
)
def test_good_files(name, numbers):
    result = load_delegates(FIXTURES / name)
    assert result.ok
    assert result.problems == ()
    assert [r.row for r in result.rows] == numbers
    assert [(r.email, r.name, r.organization, r.country) for r in result.rows] == EXPECTED_GOOD
    assert all(r.email_normalized == r.email.casefold() for r in result.rows)


# One entry per malformed fixture: the exact messages, naming the row/column/cell.
BAD_FILES = {
    "bad_empty.csv": ["The file is empty."],
    "bad_header_only.csv": ["The file has a header row but no delegates."],
    "bad_wrong_header.csv": [
        "The required column is missing: 'E-mail'. Columns found: 'Delegate', 'Company', 'Phone'."
    ],
    "bad_cp1252.csv": [
        "The file is not UTF-8 text (line 3). Save it as 'CSV UTF-8' and try again."
    ],
    "bad_invalid_emails.csv": [
        "Row 3, column 'Email': 'bob@' is not a valid e-mail address",
        "Row 4, column 'Email': the e-mail address is missing",
        "Row 5, column 'Email': 'ann at example.org' is not a valid e-mail address",
    ],
    "bad_duplicate_emails.csv": [
        "Row 5, column 'Email': 'O.Ziegler@Example.EU' duplicates row 3",
    ],
    "bad_unknown_country.csv": [
        "Row 3, column 'Country': 'Atlantis' is not a known country",
        "Row 5, column 'Country': 'Cananda' is not a known country",
    ],
    "bad_merged_cells.xlsx": [
        "Merged cells A3:B3 are not supported; unmerge them (worksheet 'Delegates') and try again."
    ],
    "bad_formulas.xlsx": [
        'Cell C5 contains a formula (=UPPER(B5)&" Cluster"); paste values instead '
        "(Paste Special > Values) and try again."
    ],
    "bad_long_text.xlsx": [
        "Cell D4 has 12,600 characters; at most 10,000 are allowed in one cell. "
        "Shorten it and try again."
    ],
    "bad_password_protected.xlsx": [
        "The workbook is password-protected; remove the password in Excel and try again."
    ],
    "bad_corrupt.xlsx": [
        "The file is not a valid Excel workbook (it may be damaged or only partly copied). "
        "Open it in Excel, save it again as 'Excel Workbook (.xlsx)' and try again."
    ],
    "bad_zip_bomb.xlsx": [
        "The workbook's content is too large (60.1 MB; the limit is 50 MB). "
        "Remove unused sheets and columns, or split the list, and try again."
    ],
    "bad_compression_ratio.xlsx": [
        "The workbook is suspiciously compressed (a part expands more than 100 times) and "
        "was not opened. If it is a genuine delegate list, save it again from Excel or as CSV."
    ],
    "bad_wrong_extension.txt": [
        "'.txt' files are not supported. Use an Excel workbook (.xlsx) or a CSV file (.csv)."
    ],
    "bad_duplicate_headers.csv": [
        "Columns A ('Email') and C ('email') have the same header; rename or delete one of them."
    ],
    "bad_empty_header.csv": [
        "Column B has no header (row 1) but has values, first in row 3; "
        "add a header name or delete the column."
    ],
    "bad_too_many_columns.csv": [
        "Row 1 has more than 200 columns (it has a value in GS1); at most 200 are supported."
    ],
    "bad_unterminated_quote.csv": [
        "The CSV file is malformed from line 2 on (unexpected end of data); "
        'probably a quote (") is not closed.'
    ],
}


@pytest.mark.parametrize(("name", "messages"), BAD_FILES.items(), ids=list(BAD_FILES))
def test_bad_file(name, messages):
    result = load_delegates(FIXTURES / name)
    assert not result.ok
    assert _messages(result) == messages


def test_every_bad_fixture_is_covered():
    on_disk = {p.name for p in FIXTURES.iterdir() if p.name.startswith("bad_")}
    tested_elsewhere = {"bad_xls_renamed.xlsx", "bad_xlsx_named_csv.csv"}
    assert on_disk - tested_elsewhere == set(BAD_FILES)
    assert len(BAD_FILES) >= 12


def test_file_level_problems_have_no_row_or_column():
    (problem,) = load_delegates(FIXTURES / "bad_corrupt.xlsx").problems
    assert problem.row is None
    assert problem.column is None


def test_clean_rows_are_kept_alongside_problems():
    result = load_delegates(FIXTURES / "bad_invalid_emails.csv")
    assert [r.row for r in result.rows] == [2, 6]
    duplicates = load_delegates(FIXTURES / "bad_duplicate_emails.csv")
    assert [r.row for r in duplicates.rows] == [2, 3, 4]  # the first occurrence is kept
    countries = load_delegates(FIXTURES / "bad_unknown_country.csv")
    assert [r.row for r in countries.rows] == [2, 4]


def test_problem_positions():
    result = load_delegates(FIXTURES / "bad_invalid_emails.csv")
    assert [(p.row, p.column) for p in result.problems] == [
        (3, "Email"),
        (4, "Email"),
        (5, "Email"),
    ]


def test_only_email_column_is_required():
    result = parse_delegates(_table(("Courriel",), (" Ann@Example.org ",), ("bob@example.org",)))
    assert result.ok
    assert result.rows == (
        DelegateRecord(2, "Ann@Example.org", "ann@example.org", None, None, None),
        DelegateRecord(3, "bob@example.org", "bob@example.org", None, None, None),
    )


def test_email_is_stripped_and_normalized():
    table = _table(("Email", "Name"), ("  Ann.Smith@Example.ORG", "Ann"))
    (record,) = parse_delegates(table).rows
    assert record.email == "Ann.Smith@Example.ORG"
    assert record.email_normalized == "ann.smith@example.org"


def test_country_is_canonicalized():
    table = _table(("Email", "Country"), ("a@example.org", "usa"), ("b@example.org", None))
    assert [r.country for r in parse_delegates(table).rows] == ["United States", None]


def test_duplicates_compare_normalized_emails():
    table = _table(("Email",), ("a@example.org",), ("b@example.org",), ("A@EXAMPLE.ORG",))
    assert _messages(parse_delegates(table)) == [
        "Row 4, column 'Email': 'A@EXAMPLE.ORG' duplicates row 2"
    ]


def test_a_row_can_have_several_problems():
    table = _table(("Email", "Country"), ("nope", "Mordor"))
    assert _messages(parse_delegates(table)) == [
        "Row 2, column 'Email': 'nope' is not a valid e-mail address",
        "Row 2, column 'Country': 'Mordor' is not a known country",
    ]


def test_long_values_are_shortened_in_messages():
    table = _table(("Email",), ("x" * 100,))
    (message,) = _messages(parse_delegates(table))
    assert message == f"Row 2, column 'Email': '{'x' * 59}…' is not a valid e-mail address"


def test_zero_rows():
    result = parse_delegates(_table(("Email", "Name")))
    assert not result.ok
    assert result.rows == ()
    assert result.problems == (
        ImportProblem(None, None, "The file has a header row but no delegates."),
    )


def test_column_problems_come_before_row_checks():
    result = parse_delegates(_table(("Name",), ("Ann",)))
    assert _messages(result) == ["The required column is missing: 'E-mail'. Columns found: 'Name'."]


def test_ambiguous_email_columns():
    result = parse_delegates(_table(("Email", "E-mail address"), ("a@example.org", "b@x.org")))
    assert _messages(result) == [
        "Columns 'Email' and 'E-mail address' all look like the 'E-mail' column; "
        "keep only one of them (or rename the others)."
    ]


@pytest.mark.parametrize(
    ("problem", "text"),
    [
        (
            ImportProblem(7, "E-mail", "'bob@' is not a valid e-mail address"),
            "Row 7, column 'E-mail': 'bob@' is not a valid e-mail address",
        ),
        (ImportProblem(7, None, "is odd"), "Row 7: is odd"),
        (ImportProblem(None, "Country", "is odd"), "Column 'Country': is odd"),
        (ImportProblem(None, None, "The file is empty."), "The file is empty."),
    ],
)
def test_problem_text(problem, text):
    assert str(problem) == text


def test_ok_means_no_problems():
    assert DelegateImport(rows=(), problems=()).ok
    assert not DelegateImport(rows=(), problems=(ImportProblem(None, None, "x"),)).ok
