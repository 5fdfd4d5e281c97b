"""Read a user's spreadsheet (CSV or Excel) into plain rows of text, or say precisely why not.

Everything here is defensive: the files come from outside (a conference's delegate list,
exported by whoever), so only regular files are opened, size limits are checked *before*
anything is decompressed or parsed, and every refusal is a :class:`TableReadError` whose
message is written for the person who has to fix the file ("Cell C5 contains a formula
...").

Messy but honest files are read, and what was done is said in :attr:`RawTable.notes`:
a title above the header, Excel's ``sep=`` line, UTF-16 text, a CSV file named .xlsx,
a list on another sheet, hidden rows and columns (skipped unless asked for).

Rows keep their true 1-based number in the file (the number Excel shows), so later
messages can send the user to the right line even when empty rows were skipped.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from escadesk.domain.text_rules import problem_in_text
from escadesk.i18n import N_, _, format_decimal, ngettext
from escadesk.importing.columns import ColumnSpec
from escadesk.importing.csv_text import csv_rows, looks_like_markup, looks_like_text
from escadesk.importing.errors import TableReadError
from escadesk.importing.files import file_size, open_regular, read_at_most
from escadesk.importing.headers import (
    HEADER_SEARCH_ROWS,
    header_position,
    known_header_keys,
    skipped_note,
)
from escadesk.importing.limits import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_COMPRESSION_RATIO,
    MAX_FILE_BYTES,
    MAX_ROWS,
    RATIO_CHECK_MIN_BYTES,
    too_large_message,
)
from escadesk.importing.source import SourceRows, cell_name, column_letter
from escadesk.importing.workbooks import CORRUPT_WORKBOOK, OLE2_MAGIC, ZIP_MAGIC, read_workbook

__all__ = [
    "CSV_SUFFIXES",
    "EXCEL_SUFFIXES",
    "MAX_CELL_CHARS",
    "MAX_COLUMNS",
    "MAX_COMPRESSION_RATIO",
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "RATIO_CHECK_MIN_BYTES",
    "RawRow",
    "RawTable",
    "TableReadError",
    "read_table",
]

CSV_SUFFIXES = frozenset({".csv"})
EXCEL_SUFFIXES = frozenset({".xlsx", ".xlsm"})

_UNSUPPORTED_OFFICE = N_(
    "'{suffix}' files are not supported. Save the file as 'Excel Workbook (.xlsx)' "
    "or 'CSV UTF-8 (.csv)' and try again."
)
_UNSUPPORTED = N_(
    "'{suffix}' files are not supported. Use an Excel workbook (.xlsx) or a CSV file (.csv)."
)
_NO_SUFFIX = N_(
    "Files without an extension are not supported. "
    "Use an Excel workbook (.xlsx) or a CSV file (.csv)."
)
_CANNOT_OPEN = N_("The file '{name}' cannot be opened: {reason}.")
_EMPTY = N_("The file is empty.")
_EMPTY_SHEET = N_("The worksheet '{sheet}' is empty.")
_CSV_NAMED_XLSX = N_(
    "'{name}' is a CSV text file with an {suffix} name; it was read as CSV. "
    "Rename it to .csv to avoid surprises."
)
_CSV_NAMED_XLSX_REFUSED = N_(
    "'{name}' is a CSV text file with an {suffix} name, and it cannot be read: {reason}"
)
_MARKUP_NAMED_XLSX = N_(
    "This is a web page or XML file with an {suffix} name, not an Excel workbook. "
    "Open it in Excel, save it as 'Excel Workbook (.xlsx)' and try again."
)
_WORKBOOK_NAMED_CSV = N_(
    "This is an Excel workbook with a .csv name. Rename it to .xlsx, or save it "
    "from Excel as 'CSV UTF-8 (.csv)', and try again."
)
_TOO_MANY_COLUMNS = N_(
    "Row {row} has more than {limit} columns (it has a value in {cell}); "
    "at most {limit} are supported."
)
_TOO_MANY_ROWS = N_(
    "The table has more than {limit} rows (row {row} is one too many); "
    "split the file and import the parts one by one."
)
_NO_HEADER = N_(
    "Column {column} has no header (row {row}) but has values, first in row {first}; "
    "add a header name or delete the column."
)
_SAME_HEADER = N_(
    "Columns {first} ('{first_name}') and {second} ('{second_name}') have the same header; "
    "rename or delete one of them."
)
_MERGED = N_(
    "Merged cells {ref} are not supported; unmerge them (worksheet '{sheet}') and try again."
)
_CELL_TOO_LONG = N_(
    "Cell {cell} has {length} characters; at most {limit} are allowed in one cell. "
    "Shorten it and try again."
)
_HEADER_LABEL = N_("The header of column {column} (row {row})")

_LISTED = 10
"""Hidden rows or columns named one by one in a note; the rest are counted."""
_RANGE_ROWS = re.compile(r"\d+")


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
    """Row number of the header (empty rows and title rows above it are skipped)."""
    notes: tuple[str, ...] = ()
    """What the reader recognised or skipped, in sentences for the user (never errors)."""
    sheet: str | None = None
    """The worksheet read (None for a CSV file)."""
    hidden_rows: tuple[int, ...] = ()
    """Hidden rows holding values; skipped unless :attr:`include_hidden`."""
    hidden_columns: tuple[str, ...] = ()
    """Letters of hidden columns holding values; skipped unless :attr:`include_hidden`."""
    include_hidden: bool = False
    """Whether hidden rows and columns were read (the caller asked for them)."""

    @property
    def skipped_hidden(self) -> bool:
        """Hidden rows or columns with values were left out: the user may want them."""
        return not self.include_hidden and bool(self.hidden_rows or self.hidden_columns)


def read_table(
    path: Path, *, columns: Sequence[ColumnSpec] = (), include_hidden: bool = False
) -> RawTable:
    """Read the CSV file, or the worksheet of the Excel workbook holding the list, at ``path``.

    ``columns`` are the columns the caller understands: the header is the row naming the
    most of them among the first rows (title rows above it are skipped), and in a
    workbook the first visible sheet naming one of them is read. Without ``columns`` the
    first non-empty row is the header. Hidden rows and columns of a workbook are skipped
    (and reported) unless ``include_hidden``.

    Raises :class:`TableReadError` with a message for the user when the file cannot be
    used. A file with a header row but no data rows gives a table with no rows: what that
    means is the caller's decision.
    """
    path = Path(path)
    suffix = path.suffix.casefold()
    if suffix not in CSV_SUFFIXES | EXCEL_SUFFIXES:
        if suffix in {".xls", ".xlsb", ".ods", ".numbers"}:
            raise TableReadError(_(_UNSUPPORTED_OFFICE).format(suffix=suffix))
        message = _(_UNSUPPORTED).format(suffix=suffix) if suffix else _(_NO_SUFFIX)
        raise TableReadError(message)
    options = _Options(path.name, known_header_keys(columns), include_hidden)
    try:
        with open_regular(path) as handle:
            size = file_size(handle)
            if size > MAX_FILE_BYTES:
                raise TableReadError(too_large_message(size))
            if suffix in CSV_SUFFIXES:
                return _read_csv(handle, options)
            return _read_excel(handle, options, suffix)
    except OSError as error:
        reason = error.strerror or str(error)
        raise TableReadError(_(_CANNOT_OPEN).format(name=path.name, reason=reason)) from error


@dataclass(frozen=True, slots=True)
class _Options:
    name: str
    keys: frozenset[str]
    include_hidden: bool


# ------------------------------------------------------------------ the two kinds


def _read_bounded(handle: BinaryIO) -> bytes:
    data = read_at_most(handle, MAX_FILE_BYTES)
    if len(data) > MAX_FILE_BYTES:  # it grew since its size was checked
        raise TableReadError(too_large_message(len(data)))
    return data


def _read_csv(handle: BinaryIO, options: _Options) -> RawTable:
    data = _read_bounded(handle)
    if data.startswith((ZIP_MAGIC, OLE2_MAGIC)):
        raise TableReadError(_(_WORKBOOK_NAMED_CSV))
    return _build_table(csv_rows(data), options)


def _read_excel(handle: BinaryIO, options: _Options, suffix: str) -> RawTable:
    head = handle.read(8)
    if not head:
        raise TableReadError(_(_EMPTY))
    handle.seek(0)
    if head.startswith((ZIP_MAGIC, OLE2_MAGIC)):
        return read_workbook(handle, options.keys, lambda source: _build_table(source, options))
    # Not a workbook at all: a CSV file saved under an .xlsx name is read (its content
    # is unambiguous, and Excel itself opens it); anything else is refused.
    data = _read_bounded(handle)
    if not looks_like_text(data):
        raise TableReadError(_(CORRUPT_WORKBOOK))
    if looks_like_markup(data):
        raise TableReadError(_(_MARKUP_NAMED_XLSX).format(suffix=suffix))
    note = _(_CSV_NAMED_XLSX).format(name=options.name, suffix=suffix)
    try:
        source = csv_rows(data)
        return _build_table(SourceRows(rows=source.rows, notes=(note, *source.notes)), options)
    except TableReadError as error:
        reason = _(_CSV_NAMED_XLSX_REFUSED).format(
            name=options.name, suffix=suffix, reason=error.message
        )
        raise TableReadError(reason) from error


# ------------------------------------------------------------------ both kinds


def _build_table(source: SourceRows, options: _Options) -> RawTable:
    hidden_rows: list[int] = []
    hidden_columns: set[int] = set()
    pending: list[tuple[int, list[str | None]]] = []
    header: tuple[int, list[str | None]] | None = None
    data: list[tuple[int, list[str | None]]] = []
    notes = list(source.notes)

    def take(rows: list[tuple[int, list[str | None]]]) -> tuple[int, list[str | None]]:
        """The header among ``rows`` (the first rows); the rows below it become data."""
        index = header_position([cells for _, cells in rows], options.keys)
        if any(cells for _, cells in rows[:index]):
            notes.append(skipped_note(rows[index][0]))
        for number, cells in rows[index + 1 :]:
            _add_row(data, number, cells)
        return rows[index]

    for number, raw in source.rows:
        cells = [_cell_text(value, index, number) for index, value in enumerate(raw)]
        _trim(cells)
        if not cells:
            continue
        if number in source.hidden_rows:
            hidden_rows.append(number)
            if not options.include_hidden:
                continue
        for index in source.hidden_columns:
            if index < len(cells) and cells[index] is not None:
                hidden_columns.add(index)
                if not options.include_hidden:
                    cells[index] = None
        _trim(cells)
        if not cells:
            continue
        if len(cells) > MAX_COLUMNS:
            raise TableReadError(
                _(_TOO_MANY_COLUMNS).format(
                    row=number, limit=MAX_COLUMNS, cell=cell_name(len(cells) - 1, number)
                )
            )
        if header is not None:
            _add_row(data, number, cells)
            continue
        pending.append((number, cells))
        if not options.keys or len(pending) >= HEADER_SEARCH_ROWS:
            header = take(pending)
    if header is None and pending:
        header = take(pending)

    if header is None:
        if source.sheet is not None:
            raise TableReadError(_(_EMPTY_SHEET).format(sheet=source.sheet))
        raise TableReadError(_(_EMPTY))
    header_row, header_cells = header
    _check_merged(source, header_row)
    letters = tuple(column_letter(i + 1) for i in sorted(hidden_columns))
    hidden_note = _hidden_note(hidden_rows, letters, included=options.include_hidden)
    if hidden_note:
        notes.append(hidden_note)

    headers, keep = _header_columns(header_row, header_cells, data)
    return RawTable(
        headers=headers,
        rows=tuple(
            RawRow(number=number, cells=tuple(_at(cells, i) for i in keep))
            for number, cells in data
        ),
        source=options.name,
        header_row=header_row,
        notes=tuple(notes),
        sheet=source.sheet,
        hidden_rows=tuple(hidden_rows),
        hidden_columns=letters,
        include_hidden=options.include_hidden,
    )


def _add_row(
    data: list[tuple[int, list[str | None]]], number: int, cells: list[str | None]
) -> None:
    if len(data) >= MAX_ROWS:
        raise TableReadError(_(_TOO_MANY_ROWS).format(limit=format_decimal(MAX_ROWS), row=number))
    data.append((number, cells))


def _header_columns(
    header_row: int,
    header_cells: list[str | None],
    data: list[tuple[int, list[str | None]]],
) -> tuple[tuple[str, ...], list[int]]:
    """The headers kept and their positions; refuses unnamed or repeated columns."""
    width = max([len(header_cells), *(len(cells) for _, cells in data)])
    header_cells = header_cells + [None] * (width - len(header_cells))
    keep: list[int] = []
    seen: dict[str, int] = {}
    for index, name in enumerate(header_cells):
        if name is None:
            first = next((number for number, cells in data if _at(cells, index) is not None), None)
            if first is not None:
                raise TableReadError(
                    _(_NO_HEADER).format(
                        column=column_letter(index + 1), row=header_row, first=first
                    )
                )
            continue  # an empty spacer column: ignore it
        # Headers are quoted in every later message: a control character or a bidi
        # override there would travel into the window, the CLI and the audit log. What
        # is checked is the header as used (line breaks and runs of spaces made one).
        label = _(_HEADER_LABEL).format(column=column_letter(index + 1), row=header_row)
        refused = problem_in_text("header", " ".join(name.split()), label=label)
        if refused is not None:
            raise TableReadError(refused.message)
        key = " ".join(name.split()).casefold()
        if key in seen:
            first = seen[key]
            raise TableReadError(
                _(_SAME_HEADER).format(
                    first=column_letter(first + 1),
                    first_name=header_cells[first],
                    second=column_letter(index + 1),
                    second_name=name,
                )
            )
        seen[key] = index
        keep.append(index)
    return tuple(" ".join(str(header_cells[i]).split()) for i in keep), keep


def _check_merged(source: SourceRows, header_row: int) -> None:
    """Merged cells in the header or the data are refused; a merged title above is fine."""
    for ref in source.merged:
        rows = [int(number) for number in _RANGE_ROWS.findall(ref)]
        if not rows or max(rows) >= header_row:
            raise TableReadError(_(_MERGED).format(ref=ref, sheet=source.sheet))


def _hidden_note(rows: Sequence[int], letters: Sequence[str], *, included: bool) -> str | None:
    """What was done with hidden rows and columns: one whole sentence per case."""
    row_count, column_count = len(rows), len(letters)
    hidden_rows = ngettext(
        "{count} hidden row ({listing})", "{count} hidden rows ({listing})", row_count
    ).format(count=format_decimal(row_count), listing=_listing(rows))
    hidden_columns = ngettext(
        "{count} hidden column ({listing})", "{count} hidden columns ({listing})", column_count
    ).format(count=format_decimal(column_count), listing=_listing(letters))
    if rows and letters:
        sentence = (
            _("{rows} and {columns} were read, as asked.")
            if included
            else _(
                "{rows} and {columns} were skipped; "
                "include hidden rows and columns only if they belong to the list."
            )
        )
        return sentence.format(rows=hidden_rows, columns=hidden_columns)
    if rows:
        count, what = row_count, hidden_rows
    elif letters:
        count, what = column_count, hidden_columns
    else:
        return None
    if included:
        sentence = ngettext("{what} was read, as asked.", "{what} were read, as asked.", count)
    else:
        sentence = ngettext(
            "{what} was skipped; include hidden rows and columns only if they belong to the list.",
            "{what} were skipped; include hidden rows and columns only if they belong to the list.",
            count,
        )
    return sentence.format(what=what)


def _listing(items: Sequence[object]) -> str:
    shown = ", ".join(str(item) for item in items[:_LISTED])
    more = len(items) - _LISTED
    if more <= 0:
        return shown
    return ngettext("{shown} and {more} more", "{shown} and {more} more", more).format(
        shown=shown, more=format_decimal(more)
    )


def _trim(cells: list[str | None]) -> None:
    while cells and cells[-1] is None:
        cells.pop()


def _at(cells: Sequence[str | None], index: int) -> str | None:
    return cells[index] if index < len(cells) else None


def _cell_text(value: object, index: int, row: int) -> str | None:
    text = _format_value(value)
    if text is None:
        return None
    if len(text) > MAX_CELL_CHARS:
        raise TableReadError(
            _(_CELL_TOO_LONG).format(
                cell=cell_name(index, row),
                length=format_decimal(len(text)),
                limit=format_decimal(MAX_CELL_CHARS),
            )
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
