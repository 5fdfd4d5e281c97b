"""Messy but honest files: read when the intent is clear, and the user is told what was done.

Each case is built here, in a temporary folder, so the test shows exactly what the file
holds: a title above the header, Excel's ``sep=`` line, UTF-16 without a byte-order mark,
a CSV named .xlsx, a list on the second sheet, hidden rows and columns, a date or number
where a name belongs.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from escadesk.benchmark_resources import load_catalogue
from escadesk.importing.delegates import DELEGATE_COLUMNS, load_delegates
from escadesk.importing.reference import load_reference_set
from escadesk.importing.tables import RawRow, TableReadError, read_table

HEADER = ["Email", "Name", "Organization", "Country"]
ANN = ["ann@example.org", "Ann Lee", "Alpha Cluster", "Canada"]
BOB = ["bob@example.org", "Bob Roy", "Beta Cluster", "France"]
CAT = ["cat@example.org", "Cat Wu", "Gamma Cluster", "Spain"]


def _workbook(*sheets: tuple[str, list[list[object]]]) -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    return workbook


def _save(workbook: Workbook, tmp_path: Path, name: str = "list.xlsx") -> Path:
    path = tmp_path / name
    workbook.save(path)
    return path


def _error(path: Path, **options: object) -> str:
    with pytest.raises(TableReadError) as caught:
        read_table(path, **options)  # type: ignore[arg-type]
    return caught.value.message


# ------------------------------------------------------------------ title rows


def test_title_rows_above_the_header_are_skipped_and_said(tmp_path):
    workbook = _workbook(
        ("Delegates", [["TCI 2018 delegate list"], ["as of 1 September", None, "page 1"], HEADER,
                       ANN, BOB]),
    )  # fmt: skip
    table = read_table(_save(workbook, tmp_path), columns=DELEGATE_COLUMNS)
    assert table.header_row == 3
    assert table.headers == tuple(HEADER)
    assert [row.number for row in table.rows] == [4, 5]
    assert table.notes == ("Header found on row 3; rows 1–2 above it were skipped.",)


def test_title_row_in_csv(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("Delegates (TCI 2018),,\n" + ",".join(HEADER) + "\n" + ",".join(ANN) + "\n")
    table = read_table(path, columns=DELEGATE_COLUMNS)
    assert table.headers == tuple(HEADER)
    assert table.rows == (RawRow(3, tuple(ANN)),)
    assert table.notes == ("Header found on row 2; row 1 above it was skipped.",)


def test_merged_title_above_the_header_is_fine(tmp_path):
    workbook = _workbook(("Delegates", [["TCI 2018 delegates"], [], HEADER, ANN]))
    workbook["Delegates"].merge_cells("A1:D1")
    table = read_table(_save(workbook, tmp_path), columns=DELEGATE_COLUMNS)
    assert table.header_row == 3
    assert table.rows == (RawRow(4, tuple(ANN)),)


def test_merged_cells_below_a_found_header_are_still_refused(tmp_path):
    workbook = _workbook(("Delegates", [["Title"], HEADER, ANN, BOB]))
    workbook["Delegates"].merge_cells("B3:C3")
    assert _error(_save(workbook, tmp_path), columns=DELEGATE_COLUMNS) == (
        "Merged cells B3:C3 are not supported; unmerge them (worksheet 'Delegates') and try again."
    )


def test_without_known_columns_the_first_row_is_the_header(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("Title\nEmail\na@example.org\n")
    table = read_table(path)
    assert table.headers == ("Title",)
    assert table.notes == ()


def test_empty_rows_above_the_header_need_no_note(tmp_path):
    workbook = _workbook(("Delegates", [[], [], HEADER, ANN]))
    table = read_table(_save(workbook, tmp_path), columns=DELEGATE_COLUMNS)
    assert table.header_row == 3
    assert table.notes == ()


def test_header_is_looked_for_in_the_first_ten_rows_only(tmp_path):
    rows = [[f"note {i}"] for i in range(1, 11)] + [HEADER, ANN]
    workbook = _workbook(("Delegates", rows))
    result = load_delegates(_save(workbook, tmp_path))
    # Not found: the first row is taken as before, and its message points at the header.
    assert [str(p) for p in result.problems] == [
        "Column B has no header (row 1) but has values, first in row 11; "
        "add a header name or delete the column."
    ]


def test_title_row_in_a_delegate_list_no_longer_hides_the_header(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("TCI delegates,\n" + ",".join(HEADER) + "\n" + ",".join(ANN) + "\n")
    result = load_delegates(path)
    assert result.ok
    assert [r.email for r in result.rows] == ["ann@example.org"]
    assert [str(w) for w in result.warnings] == [
        "Header found on row 2; row 1 above it was skipped."
    ]


def test_title_row_in_a_reference_set(tmp_path):
    path = tmp_path / "reference.csv"
    path.write_text(
        "Synthetic reference set 2018\n"
        "Identifier,Country,Technology area,Year,1.1.2\n"
        "SYN-1,Germany,ICT,2018,70\n"
    )
    result = load_reference_set(path, load_catalogue())
    assert result.ok, result.problems
    assert [o.identifier for o in result.organizations] == ["SYN-1"]
    assert [str(w) for w in result.warnings] == [
        "Header found on row 2; row 1 above it was skipped."
    ]


# ------------------------------------------------------------------ sep= line


@pytest.mark.parametrize(
    ("content", "encoding"),
    [
        ("sep=;\nEmail;Name\na@example.org;Lee, Ann\n", "utf-8"),
        ("SEP=;\r\nEmail;Name\r\na@example.org;Lee, Ann\r\n", "utf-8-sig"),
        ('sep=,\nEmail,Name\na@example.org,"Lee, Ann"\n', "utf-8"),
        ("sep=|\nEmail|Name\na@example.org|Lee, Ann\n", "utf-8"),
    ],
)
def test_excel_separator_line_is_followed(tmp_path, content, encoding):
    path = tmp_path / "list.csv"
    path.write_bytes(content.encode(encoding))
    table = read_table(path)
    assert table.headers == ("Email", "Name")
    # Excel hides the sep= line: the header is its row 1, the first delegate row 2.
    assert table.header_row == 1
    assert table.rows == (RawRow(2, ("a@example.org", "Lee, Ann")),)
    hint = content.splitlines()[0]
    assert table.notes == (
        f"Line 1 ('{hint}') is Excel's separator hint; it was followed and, as in Excel, "
        "it is not counted as a row.",
    )


def test_separator_line_in_a_delegate_list(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("sep=;\n" + ";".join(HEADER) + "\n" + ";".join(ANN) + "\n")
    result = load_delegates(path)
    assert result.ok, result.problems
    assert [r.row for r in result.rows] == [2]


def test_a_header_named_sep_is_not_a_hint(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("sep=x,Email\n1,a@example.org\n")
    assert read_table(path).headers == ("sep=x", "Email")


# ------------------------------------------------------------------ UTF-16


@pytest.mark.parametrize(
    ("encoding", "bom", "note"),
    [
        ("utf-16-le", b"", "The file is UTF-16 text without a byte-order mark; it was read as "
                           "UTF-16 (little-endian)."),
        ("utf-16-be", b"", "The file is UTF-16 text without a byte-order mark; it was read as "
                           "UTF-16 (big-endian)."),
        ("utf-16-le", b"\xff\xfe", None),
        ("utf-16-be", b"\xfe\xff", None),
    ],
)  # fmt: skip
def test_utf16_text_is_read(tmp_path, encoding, bom, note):
    text = "Email\tName\tOrganization\r\nv.dugre@example.ca\tVincent Dugré\tBivizio, Québec\r\n"
    path = tmp_path / "list.csv"
    path.write_bytes(bom + text.encode(encoding))
    table = read_table(path)
    assert table.headers == ("Email", "Name", "Organization")
    assert table.rows == (RawRow(2, ("v.dugre@example.ca", "Vincent Dugré", "Bivizio, Québec")),)
    assert table.notes == (() if note is None else (note,))


def test_utf16_of_non_latin_names_is_still_recognised(tmp_path):
    text = "Email,Name\n" + "".join(f"p{i}@example.kr,박지우{i}\n" for i in range(20))
    path = tmp_path / "list.csv"
    path.write_bytes(text.encode("utf-16-le"))
    table = read_table(path)
    assert table.rows[0].cells == ("p0@example.kr", "박지우0")


def test_binary_data_is_still_binary(tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes(b"Email\na@example.org\n\x00\x00junk\x00\x01\x02\n")
    assert _error(path) == "The file contains binary data (line 3); it is not a CSV text file."


def test_damaged_utf16_is_named(tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes("Email\na@example.org\n".encode("utf-16-le") + b"\x00\xd8A\x00")
    assert _error(path) == (
        "The file is UTF-16 text but is damaged on line 3. Save it as 'CSV UTF-8' and try again."
    )


# ------------------------------------------------------------------ CSV named .xlsx


def test_csv_named_xlsx_is_read_as_csv_and_explained(tmp_path):
    path = tmp_path / "list.xlsx"
    path.write_text(",".join(HEADER) + "\n" + ",".join(ANN) + "\n", encoding="utf-8")
    table = read_table(path)
    assert table.headers == tuple(HEADER)
    assert table.rows == (RawRow(2, tuple(ANN)),)
    assert table.notes == (
        "'list.xlsx' is a CSV text file with an .xlsx name; it was read as CSV. "
        "Rename it to .csv to avoid surprises.",
    )


def test_broken_csv_named_xlsx_says_what_it_is(tmp_path):
    path = tmp_path / "list.xlsx"
    path.write_text('Email,Name\na@example.org,"Ann\n', encoding="utf-8")
    assert _error(path) == (
        "'list.xlsx' is a CSV text file with an .xlsx name, and it cannot be read: "
        "The CSV file is malformed from line 2 on (unexpected end of data); "
        'probably a quote (") is not closed.'
    )


@pytest.mark.parametrize("start", ["<html><body><table>", '<?xml version="1.0"?><Workbook>'])
def test_web_page_named_xlsx(tmp_path, start):
    path = tmp_path / "list.xlsx"
    path.write_text(start + "<tr><td>Email</td></tr>", encoding="utf-8")
    assert _error(path) == (
        "This is a web page or XML file with an .xlsx name, not an Excel workbook. "
        "Open it in Excel, save it as 'Excel Workbook (.xlsx)' and try again."
    )


def test_random_bytes_named_xlsx_are_a_damaged_workbook(tmp_path):
    path = tmp_path / "list.xlsx"
    path.write_bytes(bytes(range(256)) * 4)
    assert _error(path).startswith("The file is not a valid Excel workbook")


# ------------------------------------------------------------------ sheets


def test_list_on_the_second_sheet_when_the_first_is_empty(tmp_path):
    workbook = _workbook(("Cover", []), ("Delegates", [HEADER, ANN]))
    table = read_table(_save(workbook, tmp_path), columns=DELEGATE_COLUMNS)
    assert table.sheet == "Delegates"
    assert table.rows == (RawRow(2, tuple(ANN)),)
    assert table.notes == (
        "The first sheet, 'Cover', is empty; the list was read from sheet 'Delegates'.",
    )


def test_list_on_the_second_sheet_behind_a_cover_page(tmp_path):
    workbook = _workbook(
        ("Cover", [["TCI 2018"], ["The delegates are on the next sheet."]]),
        ("Delegates", [HEADER, ANN]),
    )
    table = read_table(_save(workbook, tmp_path), columns=DELEGATE_COLUMNS)
    assert table.sheet == "Delegates"
    assert table.notes == (
        "The first sheet, 'Cover', has no header row with known columns; the list was read "
        "from sheet 'Delegates'.",
    )


def test_several_sheets_with_values_say_which_was_read(tmp_path):
    workbook = _workbook(
        ("Delegates", [HEADER, ANN]), ("Notes", [["call Bob"]]), ("Empty", []), ("Old", [HEADER])
    )
    table = read_table(_save(workbook, tmp_path), columns=DELEGATE_COLUMNS)
    assert table.sheet == "Delegates"
    assert table.notes == (
        "Only sheet 'Delegates' was read; sheets 'Notes' and 'Old' also hold values.",
    )


def test_one_other_sheet_with_values(tmp_path):
    workbook = _workbook(("Cover", []), ("Delegates", [HEADER, ANN]), ("Notes", [["x"]]))
    table = read_table(_save(workbook, tmp_path), columns=DELEGATE_COLUMNS)
    assert table.notes == (
        "The first sheet, 'Cover', is empty; the list was read from sheet 'Delegates'.",
        "Only sheet 'Delegates' was read; sheet 'Notes' also holds values.",
    )


def test_without_known_columns_the_first_non_empty_sheet_is_read(tmp_path):
    workbook = _workbook(("Cover", []), ("Data", [["Anything"], ["x"]]))
    table = read_table(_save(workbook, tmp_path))
    assert (table.sheet, table.headers) == ("Data", ("Anything",))


def test_a_hidden_sheet_is_never_chosen(tmp_path):
    workbook = _workbook(("Lookup", [HEADER, BOB]), ("Delegates", [HEADER, ANN]))
    workbook["Lookup"].sheet_state = "hidden"
    workbook.active = 1
    table = read_table(_save(workbook, tmp_path), columns=DELEGATE_COLUMNS)
    assert table.sheet == "Delegates"
    assert table.rows == (RawRow(2, tuple(ANN)),)
    assert table.notes == ()


def test_every_sheet_empty(tmp_path):
    workbook = _workbook(("One", []), ("Two", []))
    assert _error(_save(workbook, tmp_path)) == (
        "Every worksheet of the workbook is empty ('One', 'Two')."
    )


def test_formula_on_an_unread_sheet_does_not_matter(tmp_path):
    workbook = _workbook(("Delegates", [HEADER, ANN]), ("Sums", [["=1+1"]]))
    table = read_table(_save(workbook, tmp_path), columns=DELEGATE_COLUMNS)
    assert table.rows == (RawRow(2, tuple(ANN)),)


# ------------------------------------------------------------------ hidden rows, columns


def _with_hidden(tmp_path: Path) -> Path:
    workbook = _workbook(
        ("Delegates", [[*HEADER, "Internal"], [*ANN, "x"], [*BOB, "y"], [], [*CAT, "z"]])
    )
    sheet = workbook["Delegates"]
    sheet.row_dimensions[3].hidden = True  # Bob
    sheet.row_dimensions[4].hidden = True  # empty: nothing to report
    sheet.column_dimensions["E"].hidden = True
    return _save(workbook, tmp_path)


def test_hidden_rows_and_columns_are_skipped_and_reported(tmp_path):
    table = read_table(_with_hidden(tmp_path), columns=DELEGATE_COLUMNS)
    assert table.headers == tuple(HEADER)
    assert table.rows == (RawRow(2, tuple(ANN)), RawRow(5, tuple(CAT)))
    assert (table.hidden_rows, table.hidden_columns) == ((3,), ("E",))
    assert not table.include_hidden
    assert table.notes == (
        "1 hidden row (3) and 1 hidden column (E) were skipped; include hidden rows and "
        "columns only if they belong to the list.",
    )


def test_hidden_rows_and_columns_are_read_when_asked(tmp_path):
    table = read_table(_with_hidden(tmp_path), columns=DELEGATE_COLUMNS, include_hidden=True)
    assert table.headers == (*HEADER, "Internal")
    assert [row.number for row in table.rows] == [2, 3, 5]
    assert (table.hidden_rows, table.hidden_columns) == ((3,), ("E",))
    assert table.include_hidden
    assert table.notes == ("1 hidden row (3) and 1 hidden column (E) were read, as asked.",)


def test_many_hidden_rows_are_counted(tmp_path):
    rows = [HEADER] + [[f"p{i}@example.org", f"P {i}"] for i in range(2, 30)]
    workbook = _workbook(("Delegates", rows))
    for number in range(5, 20):
        workbook["Delegates"].row_dimensions[number].hidden = True
    table = read_table(_save(workbook, tmp_path))
    assert len(table.hidden_rows) == 15
    assert table.notes == (
        "15 hidden rows (5, 6, 7, 8, 9, 10, 11, 12, 13, 14 and 5 more) were skipped; include "
        "hidden rows and columns only if they belong to the list.",
    )


def test_filtered_out_rows_count_as_hidden(tmp_path):
    workbook = _workbook(("Delegates", [HEADER, ANN, BOB]))
    sheet = workbook["Delegates"]
    sheet.auto_filter.ref = "A1:D3"
    sheet.row_dimensions[2].hidden = True
    table = read_table(_save(workbook, tmp_path))
    assert table.rows == (RawRow(3, tuple(BOB)),)
    assert table.hidden_rows == (2,)


def test_hidden_rows_reach_the_delegate_import(tmp_path):
    path = _with_hidden(tmp_path)
    skipped = load_delegates(path)
    assert [r.row for r in skipped.rows] == [2, 5]
    assert (skipped.hidden_rows, skipped.hidden_columns) == ((3,), ("E",))
    assert [str(w) for w in skipped.warnings] == [
        "1 hidden row (3) and 1 hidden column (E) were skipped; include hidden rows and "
        "columns only if they belong to the list."
    ]
    included = load_delegates(path, include_hidden=True)
    assert [r.row for r in included.rows] == [2, 3, 5]


# ------------------------------------------------------------------ dates and numbers


def test_dates_and_numbers_in_text_columns_are_flagged(tmp_path):
    workbook = _workbook(
        (
            "Delegates",
            [
                HEADER,
                ANN,
                ["d1@example.org", dt.datetime(2018, 9, 1), "Delta", "Canada"],
                ["d2@example.org", "2018-09-01", 1e20, "Canada"],
                ["d3@example.org", "Dee", "1e+20", "Canada"],
                ["d4@example.org", "Dee Four", 42, "Canada"],
                ["d5@example.org", "01/09/2018", "3M Canada", "Canada"],
            ],
        )
    )
    result = load_delegates(_save(workbook, tmp_path))
    assert result.ok  # warnings, not problems: the e-mail is what decides eligibility
    assert [r.row for r in result.rows] == [2, 3, 4, 5, 6, 7]
    assert [str(w) for w in result.warnings] == [
        "Row 3, column 'Name': '2018-09-01' looks like a date, not a name; check this cell.",
        "Row 4, column 'Name': '2018-09-01' looks like a date, not a name; check this cell.",
        "Row 4, column 'Organization': '1e+20' looks like a number, not an organization; "
        "check this cell.",
        "Row 5, column 'Organization': '1e+20' looks like a number, not an organization; "
        "check this cell.",
        "Row 6, column 'Organization': '42' looks like a number, not an organization; "
        "check this cell.",
        "Row 7, column 'Name': '01/09/2018' looks like a date, not a name; check this cell.",
    ]
    assert [(w.row, w.column) for w in result.warnings][:3] == [
        (3, "Name"),
        (4, "Name"),
        (4, "Organization"),
    ]


def test_good_fixtures_have_no_warnings():
    fixtures = Path(__file__).resolve().parents[1] / "data" / "delegates"
    for name in ("good.xlsx", "good_comma.csv", "good_semicolon_bom.csv"):
        result = load_delegates(fixtures / name)
        assert result.ok
        assert result.warnings == (), name
