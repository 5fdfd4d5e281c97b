"""Read a user's spreadsheet (CSV or Excel) into plain rows of text, or say precisely why not.

Everything here is defensive: the files come from outside (a conference's delegate list,
exported by whoever), so size limits are checked *before* anything is decompressed or
parsed, and every refusal is a :class:`TableReadError` whose message is written for the
person who has to fix the file ("Cell C5 contains a formula ...").

Rows keep their true 1-based number in the file (the number Excel shows), so later
messages can send the user to the right line even when empty rows were skipped.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import posixpath
import warnings
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import ParseError, iterparse

MAX_FILE_BYTES = 50 * 1024 * 1024
"""Largest CSV file accepted, and largest total uncompressed size of a workbook."""
MAX_COMPRESSION_RATIO = 100
"""A workbook part larger than RATIO_CHECK_MIN_BYTES may not be compressed more than this."""
RATIO_CHECK_MIN_BYTES = 1024 * 1024
MAX_ROWS = 100_000
"""Most data rows (not counting the header) in one table."""
MAX_COLUMNS = 200
MAX_CELL_CHARS = 10_000

CSV_SUFFIXES = frozenset({".csv"})
EXCEL_SUFFIXES = frozenset({".xlsx", ".xlsm"})

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
# Directory entry names (UTF-16LE) of an encrypted OOXML package inside its OLE2 container.
_ENCRYPTION_MARKERS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))
_FORMULA_PREVIEW_CHARS = 40

_CORRUPT_WORKBOOK = (
    "The file is not a valid Excel workbook (it may be damaged or only partly copied). "
    "Open it in Excel, save it again as 'Excel Workbook (.xlsx)' and try again."
)


class TableReadError(ValueError):
    """The file cannot be read as a table; ``message`` says why, for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class RawRow:
    """One non-empty data row: its 1-based row number in the file and its cells.

    ``cells`` line up with :attr:`RawTable.headers`; an empty cell is ``None``, any other
    cell is stripped text.
    """

    number: int
    cells: tuple[str | None, ...]

    def get(self, index: int) -> str | None:
        """The cell in column ``index`` (0-based), or None when the row is shorter."""
        return self.cells[index] if 0 <= index < len(self.cells) else None


@dataclass(frozen=True, slots=True)
class RawTable:
    """A header row and the non-empty data rows below it, all as text."""

    headers: tuple[str, ...]
    rows: tuple[RawRow, ...]
    source: str
    """File name the table was read from (for messages)."""
    header_row: int = 1
    """Row number of the header (leading empty rows are skipped)."""


def read_table(path: Path) -> RawTable:
    """Read the CSV file or the first worksheet of the Excel workbook at ``path``.

    Raises :class:`TableReadError` with a message for the user when the file cannot be
    used. A file with a header row but no data rows gives a table with no rows: what that
    means is the caller's decision.
    """
    path = Path(path)
    suffix = path.suffix.casefold()
    if suffix in CSV_SUFFIXES:
        reader = _read_csv
    elif suffix in EXCEL_SUFFIXES:
        reader = _read_excel
    elif suffix in {".xls", ".xlsb", ".ods", ".numbers"}:
        raise TableReadError(
            f"'{suffix}' files are not supported. Save the file as 'Excel Workbook (.xlsx)' "
            "or 'CSV UTF-8 (.csv)' and try again."
        )
    else:
        kind = f"'{suffix}' files are" if suffix else "Files without an extension are"
        raise TableReadError(
            f"{kind} not supported. Use an Excel workbook (.xlsx) or a CSV file (.csv)."
        )
    try:
        return reader(path)
    except OSError as error:
        reason = error.strerror or str(error)
        raise TableReadError(f"The file '{path.name}' cannot be opened: {reason}.") from error


# --------------------------------------------------------------------------- CSV


def _read_csv(path: Path) -> RawTable:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise TableReadError(_too_large_message(size))
    data = path.read_bytes()
    if data.startswith((_ZIP_MAGIC, _OLE2_MAGIC)):
        raise TableReadError(
            "This is an Excel workbook with a .csv name. Rename it to .xlsx, or save it "
            "from Excel as 'CSV UTF-8 (.csv)', and try again."
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise TableReadError(
            "The file is UTF-16 text ('Unicode Text'). Save it as 'CSV UTF-8' and try again."
        )
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise TableReadError(
            f"The file contains binary data (line {line}); it is not a CSV text file."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise TableReadError(
            f"The file is not UTF-8 text (line {line}). Save it as 'CSV UTF-8' and try again."
        ) from error
    if not text.strip():
        raise TableReadError("The file is empty.")

    delimiter = _detect_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    return _build_table(_csv_rows(reader), source=path.name)


def _detect_delimiter(text: str) -> str:
    """Comma, semicolon (Excel in many European locales) or tab, judged on the header."""
    header = next(line for line in text.splitlines() if line.strip())
    unquoted = header.split('"')[::2]  # ignore delimiters inside quoted header names
    counts = {sep: sum(part.count(sep) for part in unquoted) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _csv_rows(reader: Iterator[list[str]]) -> Iterator[tuple[int, list[object]]]:
    number = 0
    while True:
        first_line = getattr(reader, "line_num", 0) + 1  # where the next record starts
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            detail = str(error)
            if "field larger than field limit" in detail:
                raise TableReadError(
                    f"Line {first_line} has a cell longer than {MAX_CELL_CHARS:,} characters; "
                    "shorten it and try again."
                ) from error
            raise TableReadError(
                f"The CSV file is malformed from line {first_line} on ({detail}); "
                'probably a quote (") is not closed.'
            ) from error
        number += 1
        yield number, list(row)


# ------------------------------------------------------------------------ Excel


def _read_excel(path: Path) -> RawTable:
    # One handle for everything: whatever openpyxl leaves open is closed with it.
    with path.open("rb") as handle:
        head = handle.read(8)
        if not head:
            raise TableReadError("The file is empty.")
        if head.startswith(_OLE2_MAGIC):
            raise TableReadError(_ole2_message(handle))
        handle.seek(0)
        try:
            with zipfile.ZipFile(handle) as archive:
                _check_zip_sizes(archive)
                merged = _merged_ranges_of_first_sheet(archive)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ParseError, KeyError, EOFError) as error:
            raise TableReadError(_CORRUPT_WORKBOOK) from error
        handle.seek(0)
        with warnings.catch_warnings():
            # openpyxl warns about features it drops (data validation, conditional
            # formatting extensions ...): irrelevant when reading plain values.
            warnings.simplefilter("ignore")
            return _read_first_worksheet(handle, merged, source=path.name)


def _read_first_worksheet(handle: IO[bytes], merged: list[str] | None, *, source: str) -> RawTable:
    try:
        from openpyxl import load_workbook  # heavy: imported only when a workbook is read

        workbook = load_workbook(handle, read_only=True, data_only=False, keep_links=False)
    except Exception as error:  # openpyxl raises many kinds on damaged files
        raise TableReadError(_CORRUPT_WORKBOOK) from error
    rows = None
    try:
        if not workbook.worksheets:
            raise TableReadError("The workbook has no worksheet.")
        sheet = workbook.worksheets[0]
        if merged:
            raise TableReadError(
                f"Merged cells {merged[0]} are not supported; unmerge them "
                f"(worksheet '{sheet.title}') and try again."
            )
        sheet.reset_dimensions()  # the stored size may be wrong; never pad rows to it
        rows = sheet.iter_rows()
        return _build_table(_excel_rows(rows), source=source, sheet=sheet.title)
    except TableReadError:
        raise
    except Exception as error:
        raise TableReadError(_CORRUPT_WORKBOOK) from error
    finally:
        if rows is not None:
            rows.close()  # a refusal mid-sheet leaves openpyxl's reader suspended
        workbook.close()


def _ole2_message(handle: IO[bytes]) -> str:
    handle.seek(0)
    start = handle.read(1024 * 1024)
    if any(marker in start for marker in _ENCRYPTION_MARKERS):
        return "The workbook is password-protected; remove the password in Excel and try again."
    return (
        "This is an old Excel 97-2003 workbook (.xls) or a password-protected one. "
        "Remove any password and save it as 'Excel Workbook (.xlsx)', then try again."
    )


def _check_zip_sizes(archive: zipfile.ZipFile) -> None:
    """Refuse zip bombs before openpyxl decompresses anything.

    Python's zipfile never inflates an entry beyond its declared size (it fails the CRC
    check instead), so the declared sizes are a safe upper bound.
    """
    infos = archive.infolist()
    total = sum(info.file_size for info in infos)
    if total > MAX_FILE_BYTES:
        raise TableReadError(_too_large_message(total, uncompressed=True))
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_CHECK_MIN_BYTES and ratio > MAX_COMPRESSION_RATIO:
            raise TableReadError(
                "The workbook is suspiciously compressed (a part expands more than "
                f"{MAX_COMPRESSION_RATIO} times) and was not opened. If it is a genuine "
                "delegate list, save it again from Excel or as CSV."
            )


def _merged_ranges_of_first_sheet(archive: zipfile.ZipFile) -> list[str] | None:
    """``ref`` of every merged range of the first worksheet, in file order.

    openpyxl's read-only mode (used for its low memory) does not report merged cells, so
    the sheet's XML is scanned here. None when the sheet cannot be located; openpyxl then
    reports the damage.
    """
    part = _first_worksheet_part(archive)
    if part is None or part not in archive.namelist():
        return None
    refs: list[str] = []
    with archive.open(part) as source:
        for _, element in iterparse(source):
            name = _local(element.tag)
            if name == "mergeCell":
                ref = element.get("ref")
                if ref:
                    refs.append(ref)
            elif name in {"row", "mergeCells", "cols"}:
                element.clear()
    return refs


def _first_worksheet_part(archive: zipfile.ZipFile) -> str | None:
    """Path inside the package of the first *worksheet* (chart sheets are skipped)."""
    workbook_part = None
    for rel in _relationships(archive, "_rels/.rels"):
        if rel.get("Type", "").endswith("/officeDocument"):
            workbook_part = _resolve("", rel.get("Target", ""))
            break
    if workbook_part is None:
        return None
    base = posixpath.dirname(workbook_part)
    rels_part = posixpath.join(base, "_rels", posixpath.basename(workbook_part) + ".rels")
    targets = {
        rel.get("Id"): rel
        for rel in _relationships(archive, rels_part)
        if rel.get("Type", "").endswith("/worksheet")
    }
    with archive.open(workbook_part) as source:
        for _, element in iterparse(source):
            if _local(element.tag) != "sheet":
                continue
            rel_id = next((v for k, v in element.attrib.items() if _local(k) == "id"), None)
            if rel_id in targets:
                return _resolve(base, targets[rel_id].get("Target", ""))
    return None


def _relationships(archive: zipfile.ZipFile, part: str) -> Iterator[dict[str, str]]:
    if part not in archive.namelist():
        return
    with archive.open(part) as source:
        for _, element in iterparse(source):
            if _local(element.tag) == "Relationship":
                yield dict(element.attrib)


def _resolve(base: str, target: str) -> str:
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(base, target))


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _excel_rows(rows: Iterable[Sequence[object]]) -> Iterator[tuple[int, list[object]]]:
    # Rows come from A1 down with missing rows filled in, so the position is the number.
    for number, row in enumerate(rows, start=1):
        values: list[object] = []
        for index, cell in enumerate(row):
            value = getattr(cell, "value", None)
            if getattr(cell, "data_type", None) == "f":
                formula = str(getattr(value, "text", None) or value)
                if not formula.startswith("="):
                    formula = "=" + formula
                if len(formula) > _FORMULA_PREVIEW_CHARS:
                    formula = formula[: _FORMULA_PREVIEW_CHARS - 1] + "…"
                raise TableReadError(
                    f"Cell {_cell_name(index, number)} contains a formula ({formula}); "
                    "paste values instead (Paste Special > Values) and try again."
                )
            values.append(value)
        yield number, values


# ------------------------------------------------------------------ both kinds


def _build_table(
    rows: Iterable[tuple[int, list[object]]], *, source: str, sheet: str | None = None
) -> RawTable:
    header: tuple[int, list[str | None]] | None = None
    data: list[tuple[int, list[str | None]]] = []
    for number, raw in rows:
        cells = [_cell_text(value, index, number) for index, value in enumerate(raw)]
        while cells and cells[-1] is None:
            cells.pop()
        if not cells:
            continue
        if len(cells) > MAX_COLUMNS:
            raise TableReadError(
                f"Row {number} has more than {MAX_COLUMNS} columns "
                f"(it has a value in {_cell_name(len(cells) - 1, number)}); "
                f"at most {MAX_COLUMNS} are supported."
            )
        if header is None:
            header = (number, cells)
            continue
        if len(data) >= MAX_ROWS:
            raise TableReadError(
                f"The table has more than {MAX_ROWS:,} rows (row {number} is one too many); "
                "split the file and import the parts one by one."
            )
        data.append((number, cells))

    if header is None:
        where = f"The first worksheet ('{sheet}')" if sheet is not None else "The file"
        raise TableReadError(f"{where} is empty.")
    header_row, header_cells = header
    width = max([len(header_cells), *(len(cells) for _, cells in data)])
    header_cells = header_cells + [None] * (width - len(header_cells))

    keep: list[int] = []
    seen: dict[str, int] = {}
    for index, name in enumerate(header_cells):
        if name is None:
            first = next((number for number, cells in data if _at(cells, index) is not None), None)
            if first is not None:
                raise TableReadError(
                    f"Column {_column_letter(index + 1)} has no header (row {header_row}) "
                    f"but has values, first in row {first}; add a header name or delete "
                    "the column."
                )
            continue  # an empty spacer column: ignore it
        key = " ".join(name.split()).casefold()
        if key in seen:
            first = seen[key]
            raise TableReadError(
                f"Columns {_column_letter(first + 1)} ('{header_cells[first]}') and "
                f"{_column_letter(index + 1)} ('{name}') have the same header; "
                "rename or delete one of them."
            )
        seen[key] = index
        keep.append(index)

    headers = tuple(" ".join(str(header_cells[i]).split()) for i in keep)
    table_rows = tuple(
        RawRow(number=number, cells=tuple(_at(cells, i) for i in keep)) for number, cells in data
    )
    return RawTable(headers=headers, rows=table_rows, source=source, header_row=header_row)


def _at(cells: Sequence[str | None], index: int) -> str | None:
    return cells[index] if index < len(cells) else None


def _cell_text(value: object, index: int, row: int) -> str | None:
    text = _format_value(value)
    if text is None:
        return None
    if len(text) > MAX_CELL_CHARS:
        raise TableReadError(
            f"Cell {_cell_name(index, row)} has {len(text):,} characters; at most "
            f"{MAX_CELL_CHARS:,} are allowed in one cell. Shorten it and try again."
        )
    text = text.strip()
    return text or None


def _format_value(value: object) -> str | None:
    """Text of a cell value as a person would read it in the sheet."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.15g}"  # 15 significant digits, like Excel; drops float noise
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _cell_name(index: int, row: int) -> str:
    return f"{_column_letter(index + 1)}{row}"


def _too_large_message(size: int, *, uncompressed: bool = False) -> str:
    what = "The workbook's content" if uncompressed else "The file"
    megabytes = math.ceil(size * 10 / (1024 * 1024)) / 10  # never round down to the limit
    return (
        f"{what} is too large ({megabytes:g} MB; the limit is "
        f"{MAX_FILE_BYTES // (1024 * 1024)} MB). "
        "Remove unused sheets and columns, or split the list, and try again."
    )


def _column_letter(number: int) -> str:
    """1 -> 'A', 27 -> 'AA' (openpyxl's helper, imported lazily to keep start-up light)."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(number)
