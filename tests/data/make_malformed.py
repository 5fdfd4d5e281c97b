"""Write the delegate-list fixtures in tests/data/delegates/ (good and malformed files).

The files are committed; this script documents exactly how each was made and rebuilds
them when a case is added:

    python3 run.py python tests/data/make_malformed.py            # into tests/data/delegates/
    python3 run.py python tests/data/make_malformed.py /tmp/out   # anywhere else

Output is reproducible: fixed contents, fixed zip timestamps and document properties
(compressed bytes may still differ between zlib builds; the test compares contents).
Every file stays under 200 KB on disk; the zip-bomb-like workbooks are tiny on disk but
expand far beyond the reader's limits.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "delegates"
FIXED_ZIP_TIME = (2018, 9, 1, 0, 0, 0)
FIXED_DOC_TIME = datetime(2018, 9, 1)

HEADER = ["Email", "Name", "Organization", "Country"]
DELEGATES = [
    ["dorinda.so@example.org", "Dorinda So", "Institute for Competitiveness & Prosperity", "CA"],
    ["o.ziegler@example.eu", "Oliver Ziegler", "ESCA", "Germany"],
    ["v.dugre@example.ca", "Vincent Dugré", "Bivizio, Québec", "Canada"],
    ["m.lindqvist@example.se", "Maja Lindqvist", "Stockholm Life Cluster", "Sweden"],
    ["j.park@example.kr", "Ji-woo Park", "Busan Marine Cluster", "South Korea"],
    ["a.garcia@example.es", "Ana García", "Clúster Aeronáutico", "ESP"],
]


def _csv(rows: list[list[str]], *, sep: str = ",", newline: str = "\n") -> str:
    def field(value: str) -> str:
        if any(ch in value for ch in (sep, '"', "\n", "\r")):
            return '"' + value.replace('"', '""') + '"'
        return value

    return "".join(sep.join(field(v) for v in row) + newline for row in rows)


def _save_xlsx(workbook: Workbook, path: Path) -> None:
    buffer = io.BytesIO()
    workbook.properties.creator = "escadesk tests"
    workbook.properties.created = FIXED_DOC_TIME
    workbook.save(buffer)
    _rezip(buffer.getvalue(), path)


def _rezip(data: bytes, path: Path, replace: dict[str, bytes] | None = None) -> None:
    """Copy a zip with fixed timestamps (and a fixed modified date), replacing parts."""
    replace = replace or {}
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for info in source.infolist():
            content = replace.get(info.filename, source.read(info.filename))
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>2018-09-01T00:00:00Z\g<2>",
                    content,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, content)


def _workbook(rows: list[list[object]]) -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Delegates"
    for row in rows:
        sheet.append(row)
    return workbook


def _bomb_sheet(megabytes: int) -> bytes:
    """A valid worksheet padded with `megabytes` MB of whitespace: deflates ~1000:1."""
    head = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Email</t></is></c></row>'
    )
    padding = b" " * (megabytes * 1024 * 1024)
    tail = b"</sheetData></worksheet>"
    return head + padding + tail


def build(out: Path) -> list[Path]:
    """Write every fixture into `out`; returns the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def text(name: str, content: str, encoding: str = "utf-8") -> None:
        path = out / name
        path.write_bytes(content.encode(encoding))
        written.append(path)

    def raw(name: str, content: bytes) -> None:
        path = out / name
        path.write_bytes(content)
        written.append(path)

    def xlsx(name: str, workbook: Workbook) -> None:
        path = out / name
        _save_xlsx(workbook, path)
        written.append(path)

    # ---- good files -------------------------------------------------------------------
    # Comma, UTF-8 without BOM, LF, a quoted field with a comma, an empty line (row 5).
    good = [HEADER, *DELEGATES[:3], ["", "", "", ""], *DELEGATES[3:]]
    text("good_comma.csv", _csv(good))
    # Semicolon, UTF-8 with BOM, CRLF, other header spellings (as Excel in Europe saves).
    text(
        "good_semicolon_bom.csv",
        _csv(
            [["E-mail address", "Full name", "Organisation", "Country"], *DELEGATES],
            sep=";",
            newline="\r\n",
        ),
        encoding="utf-8-sig",
    )
    # Excel: other headers, extra columns (a date, a phone number), an empty row 4.
    workbook = _workbook(
        [
            ["E-mail", "Delegate name", "Cluster organization", "Country", "Registered", "Phone"],
            [*DELEGATES[0], date(2018, 9, 12), 4169465325],
            [*DELEGATES[1], date(2018, 9, 14), 493031007800.0],
            [],
            *([*d, date(2018, 9, 20), None] for d in DELEGATES[2:]),
        ]
    )
    xlsx("good.xlsx", workbook)

    # ---- malformed files --------------------------------------------------------------
    raw("bad_empty.csv", b"")
    text("bad_header_only.csv", _csv([HEADER]))
    text(
        "bad_wrong_header.csv",
        _csv([["Delegate", "Company", "Phone"], ["Dorinda So", "ICP", "416-946-5325"]]),
    )
    # Saved as "CSV" (Windows-1252) instead of "CSV UTF-8": the é on line 3 is one byte.
    text("bad_cp1252.csv", _csv([HEADER, DELEGATES[0], DELEGATES[2]]), encoding="cp1252")
    text(
        "bad_invalid_emails.csv",
        _csv(
            [
                HEADER,
                DELEGATES[0],  # row 2: fine
                ["bob@", "Bob Tremblay", "Montréal InVivo", "Canada"],  # row 3
                ["", "No Address", "Somewhere", "Canada"],  # row 4: missing
                ["ann at example.org", "Ann Smith", "Cluster X", "USA"],  # row 5
                DELEGATES[1],  # row 6: fine
            ]
        ),
    )
    text(
        "bad_duplicate_emails.csv",
        _csv(
            [
                HEADER,
                DELEGATES[0],  # row 2
                DELEGATES[1],  # row 3
                DELEGATES[2],  # row 4
                [" O.Ziegler@Example.EU ", "Oliver Z.", "ESCA Berlin", "DE"],  # row 5 = row 3
            ]
        ),
    )
    text(
        "bad_unknown_country.csv",
        _csv(
            [
                HEADER,
                DELEGATES[0],  # row 2
                ["k.ito@example.jp", "Kenji Ito", "Kansai Cluster", "Atlantis"],  # row 3
                DELEGATES[1],  # row 4
                ["l.roy@example.ca", "Louise Roy", "Aéro Montréal", "Cananda"],  # row 5
            ]
        ),
    )
    text("bad_wrong_extension.txt", _csv([HEADER, *DELEGATES]))
    text(
        "bad_duplicate_headers.csv",
        _csv([["Email", "Name", "email"], ["a@example.org", "A", "b@example.org"]]),
    )
    text(
        "bad_empty_header.csv",
        _csv(
            [
                ["Email", "", "Country"],
                ["a@example.org", "", "Canada"],
                ["b@example.org", "Bea", "Canada"],  # row 3 has a value in column B
            ]
        ),
    )
    text(
        "bad_too_many_columns.csv",
        _csv([["Email", *(f"Extra {i}" for i in range(1, 201))], ["a@example.org"] * 201]),
    )
    text(
        "bad_unterminated_quote.csv",
        'Email,Name\na@example.org,"Ann\nb@example.org,Bob\n',
    )

    workbook = _workbook([HEADER, DELEGATES[0], ["", "", "", ""], DELEGATES[1]])
    sheet = workbook.active
    assert sheet is not None
    sheet["A3"] = "c.merged@example.org"
    sheet.merge_cells("A3:B3")
    xlsx("bad_merged_cells.xlsx", workbook)

    workbook = _workbook([HEADER, *DELEGATES[:4]])
    sheet = workbook.active
    assert sheet is not None
    sheet["C5"] = '=UPPER(B5)&" Cluster"'
    xlsx("bad_formulas.xlsx", workbook)

    workbook = _workbook([HEADER, *DELEGATES[:2], [*DELEGATES[2][:3], "Canada " * 1800]])
    xlsx("bad_long_text.xlsx", workbook)  # D4: 12,600 characters

    # An encrypted workbook is an OLE2 compound file holding these streams.
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    streams = "EncryptionInfo".encode("utf-16-le") + "EncryptedPackage".encode("utf-16-le")
    raw("bad_password_protected.xlsx", ole2 + streams + bytes(range(256)) * 8)
    # An Excel 97-2003 workbook renamed to .xlsx: OLE2 without encryption streams.
    raw("bad_xls_renamed.xlsx", ole2 + "Workbook".encode("utf-16-le") + bytes(range(256)) * 8)

    good_bytes = (out / "good.xlsx").read_bytes()
    raw("bad_corrupt.xlsx", good_bytes[: len(good_bytes) // 2])  # an interrupted copy
    raw("bad_xlsx_named_csv.csv", good_bytes)

    # Zip bombs: a 60 MB sheet (over the 50 MB total) and a 3 MB one (over the ratio).
    _rezip(good_bytes, out / "bad_zip_bomb.xlsx", {"xl/worksheets/sheet1.xml": _bomb_sheet(60)})
    written.append(out / "bad_zip_bomb.xlsx")
    _rezip(
        good_bytes, out / "bad_compression_ratio.xlsx", {"xl/worksheets/sheet1.xml": _bomb_sheet(3)}
    )
    written.append(out / "bad_compression_ratio.xlsx")

    for path in written:
        assert path.stat().st_size < 200 * 1024, f"{path.name} is too big for the repo"
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUT
    for path in build(target):
        print(f"{path.stat().st_size:>8} {path.name}")
