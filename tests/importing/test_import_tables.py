"""read_table: CSV and Excel into plain text rows, and every refusal with a precise message."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from escadesk.importing.tables import (
    MAX_CELL_CHARS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    RawRow,
    RawTable,
    TableReadError,
    read_table,
)

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "delegates"


def _read_error(path: Path) -> str:
    with pytest.raises(TableReadError) as caught:
        read_table(path)
    assert isinstance(caught.value, ValueError)
    assert str(caught.value) == caught.value.message
    return caught.value.message


def _write_csv(tmp_path: Path, content: str, name: str = "list.csv") -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8", newline="")
    return path


def _write_xlsx(tmp_path: Path, rows: list[list[object]], name: str = "list.xlsx") -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    workbook.save(path)
    return path


# ---------------------------------------------------------------------- good files


def test_csv_with_commas():
    table = read_table(FIXTURES / "good_comma.csv")
    assert isinstance(table, RawTable)
    assert table.source == "good_comma.csv"
    assert table.headers == ("Email", "Name", "Organization", "Country")
    assert table.header_row == 1
    # Row 5 is empty in the file: skipped, and the numbers stay true to the file.
    assert [row.number for row in table.rows] == [2, 3, 4, 6, 7, 8]
    assert table.rows[2] == RawRow(
        4, ("v.dugre@example.ca", "Vincent Dugré", "Bivizio, Québec", "Canada")
    )


def test_csv_with_semicolons_bom_and_crlf():
    table = read_table(FIXTURES / "good_semicolon_bom.csv")
    assert table.headers == ("E-mail address", "Full name", "Organisation", "Country")
    assert [row.number for row in table.rows] == [2, 3, 4, 5, 6, 7]
    assert table.rows[0].cells[2] == "Institute for Competitiveness & Prosperity"
    assert table.rows[-1].cells == (
        "a.garcia@example.es",
        "Ana García",
        "Clúster Aeronáutico",
        "ESP",
    )


def test_xlsx_values_become_text():
    table = read_table(FIXTURES / "good.xlsx")
    assert table.headers == (
        "E-mail",
        "Delegate name",
        "Cluster organization",
        "Country",
        "Registered",
        "Phone",
    )
    assert [row.number for row in table.rows] == [2, 3, 5, 6, 7, 8]
    assert table.rows[0].cells[4:] == ("2018-09-12", "4169465325")
    assert table.rows[1].cells[4:] == ("2018-09-14", "493031007800")  # stored as a float
    assert table.rows[2].cells[5] is None


def test_xlsx_cell_formatting(tmp_path):
    path = _write_xlsx(
        tmp_path,
        [
            ["Value"],
            [12.0],
            [0.1 + 0.2],
            [-3.25],
            [True],
            [dt.datetime(2018, 10, 1, 9, 30)],
            [dt.datetime(2018, 10, 1)],
            [dt.date(2018, 10, 1)],
            ["  padded text  "],
            ["   "],
            [1234567890123],
        ],
    )
    cells = [row.cells[0] for row in read_table(path).rows]
    assert cells == [
        "12",
        "0.3",
        "-3.25",
        "TRUE",
        "2018-10-01 09:30:00",
        "2018-10-01",
        "2018-10-01",
        "padded text",
        "1234567890123",
    ]


def test_xlsm_is_read_like_xlsx(tmp_path):
    path = _write_xlsx(tmp_path, [["Email"], ["a@example.org"]], name="list.xlsm")
    assert read_table(path).rows == (RawRow(2, ("a@example.org",)),)


def test_leading_empty_rows_and_spacer_columns_are_skipped(tmp_path):
    path = _write_xlsx(
        tmp_path,
        [[], [], ["Email", None, "Name"], ["a@example.org", None, "Ann"], [None, None, None]],
    )
    table = read_table(path)
    assert table.header_row == 3
    assert table.headers == ("Email", "Name")
    assert table.rows == (RawRow(4, ("a@example.org", "Ann")),)


def test_short_rows_are_padded(tmp_path):
    table = read_table(_write_csv(tmp_path, "Email,Name,Country\na@example.org\n"))
    assert table.rows == (RawRow(2, ("a@example.org", None, None)),)
    assert table.rows[0].get(1) is None
    assert table.rows[0].get(7) is None


def test_header_only_gives_a_table_without_rows():
    table = read_table(FIXTURES / "bad_header_only.csv")
    assert table.headers == ("Email", "Name", "Organization", "Country")
    assert table.rows == ()


def test_csv_row_numbers_count_records_not_lines(tmp_path):
    # A quoted cell spanning two lines is one row, as Excel shows it.
    path = _write_csv(tmp_path, 'Email,Note\na@example.org,"two\nlines"\nb@example.org,x\n')
    table = read_table(path)
    assert [(row.number, row.cells[1]) for row in table.rows] == [(2, "two\nlines"), (3, "x")]


@pytest.mark.parametrize(
    ("content", "headers"),
    [
        ("Email\ta name\tCountry\n", ("Email", "a name", "Country")),
        ('"Name; first";Email\n', ("Name; first", "Email")),
        ('"Name, first",Email\n', ("Name, first", "Email")),
        ("Email\n", ("Email",)),
    ],
)
def test_delimiter_detected_from_header(tmp_path, content, headers):
    assert read_table(_write_csv(tmp_path, content)).headers == headers


def test_headers_whitespace_is_collapsed(tmp_path):
    table = read_table(_write_csv(tmp_path, " E-mail \t address ,Name\n"))
    assert table.headers == ("E-mail address", "Name")


# ------------------------------------------------------------------ refused files


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "bad_wrong_extension.txt",
            "'.txt' files are not supported. Use an Excel workbook (.xlsx) or a CSV file (.csv).",
        ),
        ("bad_empty.csv", "The file is empty."),
        (
            "bad_cp1252.csv",
            "The file is not UTF-8 text (line 3). Save it as 'CSV UTF-8' and try again.",
        ),
        (
            "bad_merged_cells.xlsx",
            "Merged cells A3:B3 are not supported; unmerge them (worksheet 'Delegates') "
            "and try again.",
        ),
        (
            "bad_formulas.xlsx",
            'Cell C5 contains a formula (=UPPER(B5)&" Cluster"); paste values instead '
            "(Paste Special > Values) and try again.",
        ),
        (
            "bad_long_text.xlsx",
            "Cell D4 has 12,600 characters; at most 10,000 are allowed in one cell. "
            "Shorten it and try again.",
        ),
        (
            "bad_password_protected.xlsx",
            "The workbook is password-protected; remove the password in Excel and try again.",
        ),
        (
            "bad_duplicate_headers.csv",
            "Columns A ('Email') and C ('email') have the same header; "
            "rename or delete one of them.",
        ),
        (
            "bad_empty_header.csv",
            "Column B has no header (row 1) but has values, first in row 3; "
            "add a header name or delete the column.",
        ),
        (
            "bad_too_many_columns.csv",
            "Row 1 has more than 200 columns (it has a value in GS1); at most 200 are supported.",
        ),
        (
            "bad_unterminated_quote.csv",
            "The CSV file is malformed from line 2 on (unexpected end of data); "
            'probably a quote (") is not closed.',
        ),
    ],
)
def test_refused_fixture(name, message):
    assert _read_error(FIXTURES / name) == message


def test_old_xls_renamed_to_xlsx():
    message = _read_error(FIXTURES / "bad_xls_renamed.xlsx")
    assert message.startswith("This is an old Excel 97-2003 workbook (.xls)")


@pytest.mark.parametrize("name", ["bad_corrupt.xlsx"])
def test_corrupt_workbook(name):
    assert _read_error(FIXTURES / name).startswith(
        "The file is not a valid Excel workbook (it may be damaged or only partly copied)."
    )


def test_text_file_named_xlsx_is_read_as_csv(tmp_path):
    # Used to be called a damaged workbook; see test_import_messy.py for the details.
    path = _write_csv(tmp_path, "Email\na@example.org\n", name="list.xlsx")
    table = read_table(path)
    assert table.rows == (RawRow(2, ("a@example.org",)),)
    assert table.notes[0].startswith("'list.xlsx' is a CSV text file with an .xlsx name")


def test_empty_xlsx_file(tmp_path):
    path = tmp_path / "list.xlsx"
    path.write_bytes(b"")
    assert _read_error(path) == "The file is empty."


def test_workbook_named_csv():
    assert _read_error(FIXTURES / "bad_xlsx_named_csv.csv").startswith(
        "This is an Excel workbook with a .csv name."
    )


def test_xls_extension_names_the_fix(tmp_path):
    path = tmp_path / "list.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    assert _read_error(path) == (
        "'.xls' files are not supported. Save the file as 'Excel Workbook (.xlsx)' "
        "or 'CSV UTF-8 (.csv)' and try again."
    )


def test_missing_extension(tmp_path):
    path = tmp_path / "delegates"
    path.write_text("Email\n")
    assert _read_error(path).startswith("Files without an extension are not supported.")


def test_missing_file(tmp_path):
    assert _read_error(tmp_path / "nowhere.csv").startswith(
        "The file 'nowhere.csv' cannot be opened:"
    )


def test_empty_worksheet(tmp_path):
    assert _read_error(_write_xlsx(tmp_path, [])) == "The first worksheet ('Sheet') is empty."


def test_blank_csv(tmp_path):
    assert _read_error(_write_csv(tmp_path, "\n\r\n  \n")) == "The file is empty."


def test_csv_with_only_empty_cells(tmp_path):
    assert _read_error(_write_csv(tmp_path, ",,\n,,\n")) == "The file is empty."


def test_text_that_merely_starts_with_equals_is_not_a_formula(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet["A1"] = "Note"
    sheet["A2"] = "=not a formula"
    sheet["A2"].data_type = "s"  # what Excel stores for '=not a formula
    path = tmp_path / "list.xlsx"
    workbook.save(path)
    assert read_table(path).rows[0].cells == ("=not a formula",)


def test_long_formula_is_shortened_in_the_message(tmp_path):
    formula = "=" + "+".join(f"A{i}" for i in range(1, 60))
    path = _write_xlsx(tmp_path, [["Total"], [1], [formula]])
    message = _read_error(path)
    assert message.startswith("Cell A3 contains a formula (=A1+A2+A3+")
    assert "…); paste values instead" in message


def test_xlsx_with_value_beyond_column_200(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet["A1"] = "Email"
    sheet["A2"] = "a@example.org"
    sheet.cell(row=2, column=250, value="stray")
    path = tmp_path / "wide.xlsx"
    workbook.save(path)
    assert _read_error(path) == (
        "Row 2 has more than 200 columns (it has a value in IP2); at most 200 are supported."
    )


def test_value_without_header_in_xlsx(tmp_path):
    path = _write_xlsx(tmp_path, [["Email", "Name"], ["a@example.org", "Ann", "note"]])
    assert _read_error(path) == (
        "Column C has no header (row 1) but has values, first in row 2; "
        "add a header name or delete the column."
    )


def test_long_csv_cell_is_named(tmp_path):
    text = "x" * (MAX_CELL_CHARS + 1)
    path = _write_csv(tmp_path, f"Email,Note\na@example.org,ok\nb@example.org,{text}\n")
    assert _read_error(path) == (
        "Cell B3 has 10,001 characters; at most 10,000 are allowed in one cell. "
        "Shorten it and try again."
    )


def test_cell_at_the_limit_is_fine(tmp_path):
    text = "x" * MAX_CELL_CHARS
    path = _write_csv(tmp_path, f"Email,Note\na@example.org,{text}\n")
    assert read_table(path).rows[0].cells[1] == text


def test_csv_cell_beyond_the_csv_module_limit(tmp_path):
    path = _write_csv(tmp_path, "Email,Note\na@example.org," + "x" * 200_000 + "\n")
    assert _read_error(path) == (
        "Line 2 has a cell longer than 10,000 characters; shorten it and try again."
    )


def test_nul_bytes_in_csv(tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes(b"Email\na@example.org\n\x00\x00junk\n")
    assert _read_error(path) == (
        "The file contains binary data (line 3); it is not a CSV text file."
    )


def test_csv_over_the_size_limit_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: nothing is actually written
    assert _read_error(path) == (
        "The file is too large (50.1 MB; the limit is 50 MB). "
        "Remove unused sheets and columns, or split the list, and try again."
    )


def test_row_limit(tmp_path):
    ok = _write_csv(tmp_path, "Email\n" + "a\n" * MAX_ROWS, name="ok.csv")
    assert len(read_table(ok).rows) == MAX_ROWS
    too_many = _write_csv(tmp_path, "Email\n" + "a\n" * (MAX_ROWS + 1), name="big.csv")
    assert _read_error(too_many) == (
        "The table has more than 100,000 rows (row 100002 is one too many); "
        "split the file and import the parts one by one."
    )


def test_zip_bomb_is_refused_before_decompression():
    path = FIXTURES / "bad_zip_bomb.xlsx"
    assert path.stat().st_size < 200 * 1024
    with zipfile.ZipFile(path) as archive:
        assert sum(info.file_size for info in archive.infolist()) > MAX_FILE_BYTES
    assert _read_error(path) == (
        "The workbook's content is too large (60.1 MB; the limit is 50 MB). "
        "Remove unused sheets and columns, or split the list, and try again."
    )


def test_highly_compressed_part_is_refused():
    assert _read_error(FIXTURES / "bad_compression_ratio.xlsx") == (
        "The workbook is suspiciously compressed (a part expands more than 100 times) and "
        "was not opened. If it is a genuine delegate list, save it again from Excel or as CSV."
    )
