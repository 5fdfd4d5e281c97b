"""Excel workbooks (.xlsx, .xlsm): which sheet holds the list, and its rows as values.

Why it is careful: the package is checked for zip bombs before anything is decompressed;
openpyxl's read-only mode (chosen for its low memory) says nothing of merged cells or
hidden rows and columns, so the sheet's XML is scanned for them here; and the sheet read
is the one holding the list (a cover page or an empty first sheet is common), with the
choice said to the user.
"""

from __future__ import annotations

import posixpath
import warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any, TypeVar
from xml.etree.ElementTree import ParseError, iterparse

from escadesk.i18n import N_, _, ngettext
from escadesk.importing.errors import TableReadError
from escadesk.importing.headers import HEADER_SEARCH_ROWS, header_score
from escadesk.importing.limits import (
    MAX_COMPRESSION_RATIO,
    MAX_FILE_BYTES,
    RATIO_CHECK_MIN_BYTES,
    too_large_message,
)
from escadesk.importing.source import SourceRows, cell_name
from escadesk.importing.wording import and_list, quote, quoted_list

#: Marked for the catalogue: raise it as ``_(CORRUPT_WORKBOOK)``.
CORRUPT_WORKBOOK = N_(
    "The file is not a valid Excel workbook (it may be damaged or only partly copied). "
    "Open it in Excel, save it again as 'Excel Workbook (.xlsx)' and try again."
)
_PASSWORD = N_("The workbook is password-protected; remove the password in Excel and try again.")
_OLD_XLS = N_(
    "This is an old Excel 97-2003 workbook (.xls) or a password-protected one. "
    "Remove any password and save it as 'Excel Workbook (.xlsx)', then try again."
)
_COMPRESSED = N_(
    "The workbook is suspiciously compressed (a part expands more than "
    "{ratio} times) and was not opened. If it is a genuine "
    "delegate list, save it again from Excel or as CSV."
)
_FORMULA = N_(
    "Cell {cell} contains a formula ({formula}); "
    "paste values instead (Paste Special > Values) and try again."
)
_NO_WORKSHEET = N_("The workbook has no worksheet.")
_ONLY_SHEET_EMPTY = N_("The first worksheet ('{sheet}') is empty.")
_ALL_SHEETS_EMPTY = N_("Every worksheet of the workbook is empty ({sheets}).")
_FIRST_EMPTY = N_("The first sheet, '{first}', is empty; the list was read from sheet '{chosen}'.")
_FIRST_WITHOUT_HEADER = N_(
    "The first sheet, '{first}', has no header row with known columns; "
    "the list was read from sheet '{chosen}'."
)

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
# Directory entry names (UTF-16LE) of an encrypted OOXML package inside its OLE2 container.
_ENCRYPTION_MARKERS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))
_FORMULA_PREVIEW_CHARS = 40
_TRUE = {"1", "true"}

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class _Layout:
    """What openpyxl's read-only mode does not report about a worksheet."""

    merged: tuple[str, ...] = ()
    hidden_rows: frozenset[int] = frozenset()
    hidden_columns: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class _Probe:
    """A quick look at a sheet's first rows: has it values, does it name known columns?"""

    has_values: bool
    score: int


def read_workbook(handle: IO[bytes], keys: frozenset[str], build: Callable[[SourceRows], T]) -> T:
    """Open the workbook in ``handle``, choose its sheet and hand its rows to ``build``.

    ``keys`` are the known headers (see :mod:`escadesk.importing.headers`): the first
    visible sheet naming one of them is read; without one, the first visible sheet with
    values. The rows stay lazy, so ``build`` runs while the workbook is open.
    """
    head = handle.read(8)
    if head.startswith(OLE2_MAGIC):
        raise TableReadError(ole2_message(handle))
    handle.seek(0)
    try:
        with zipfile.ZipFile(handle) as archive:
            check_zip_sizes(archive)
            parts = _worksheet_parts(archive)
            with warnings.catch_warnings():
                # openpyxl warns about features it drops (data validation, conditional
                # formatting extensions ...): irrelevant when reading plain values.
                warnings.simplefilter("ignore")
                return _read_chosen_sheet(handle, archive, parts, keys, build)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ParseError, KeyError, EOFError) as error:
        raise TableReadError(_(CORRUPT_WORKBOOK)) from error


def _read_chosen_sheet(
    handle: IO[bytes],
    archive: zipfile.ZipFile,
    parts: dict[str, str],
    keys: frozenset[str],
    build: Callable[[SourceRows], T],
) -> T:
    handle.seek(0)
    try:
        from openpyxl import load_workbook  # heavy: imported only when a workbook is read

        workbook = load_workbook(handle, read_only=True, data_only=False, keep_links=False)
    except Exception as error:  # openpyxl raises many kinds on damaged files
        raise TableReadError(_(CORRUPT_WORKBOOK)) from error
    rows = None
    try:
        sheet, notes = _choose_sheet(workbook.worksheets, keys)
        part = parts.get(sheet.title)
        layout = _layout(archive, part) if part in archive.namelist() else _Layout()
        sheet.reset_dimensions()  # the stored size may be wrong; never pad rows to it
        rows = sheet.iter_rows()
        return build(
            SourceRows(
                rows=_values(rows),
                sheet=sheet.title,
                notes=notes,
                hidden_rows=layout.hidden_rows,
                hidden_columns=layout.hidden_columns,
                merged=layout.merged,
            )
        )
    except TableReadError:
        raise
    except Exception as error:
        raise TableReadError(_(CORRUPT_WORKBOOK)) from error
    finally:
        if rows is not None:
            rows.close()  # a refusal mid-sheet leaves openpyxl's reader suspended
        workbook.close()


# ------------------------------------------------------------------ which sheet


def _choose_sheet(sheets: Sequence[Any], keys: frozenset[str]) -> tuple[Any, tuple[str, ...]]:
    """The sheet holding the list, and what the user is told about the choice.

    Hidden sheets are never chosen (Excel users do not see them; they often hold lookup
    lists), unless the workbook has no visible sheet at all.
    """
    if not sheets:
        raise TableReadError(_(_NO_WORKSHEET))
    visible = [s for s in sheets if getattr(s, "sheet_state", "visible") == "visible"] or list(
        sheets
    )
    probes = [_probe(sheet, keys) for sheet in visible]
    with_values = [i for i, probe in enumerate(probes) if probe.has_values]
    if not with_values:
        if len(visible) == 1:
            raise TableReadError(_(_ONLY_SHEET_EMPTY).format(sheet=visible[0].title))
        names = quoted_list([s.title for s in visible])
        raise TableReadError(_(_ALL_SHEETS_EMPTY).format(sheets=names))
    chosen = next((i for i in with_values if probes[i].score), with_values[0])
    title = visible[chosen].title
    notes: list[str] = []
    explained = set()
    if chosen != 0:
        first = visible[0].title
        message = _FIRST_WITHOUT_HEADER if probes[0].has_values else _FIRST_EMPTY
        notes.append(_(message).format(first=first, chosen=title))
        explained.add(0)
    others = [visible[i].title for i in with_values if i != chosen and i not in explained]
    if others:
        message = ngettext(
            "Only sheet '{chosen}' was read; sheet {others} also holds values.",
            "Only sheet '{chosen}' was read; sheets {others} also hold values.",
            len(others),
        )
        names = and_list([quote(name) for name in others])
        notes.append(message.format(chosen=title, others=names))
    return visible[chosen], tuple(notes)


def _probe(sheet: Any, keys: frozenset[str]) -> _Probe:
    """Values of the first few non-empty rows only: cheap even for a long sheet."""
    sheet.reset_dimensions()
    rows = sheet.iter_rows(values_only=True)
    try:
        seen = best = 0
        for values in rows:
            if not any(_has_value(value) for value in values):
                continue
            seen += 1
            best = max(best, header_score(values, keys))
            if not keys or seen >= HEADER_SEARCH_ROWS:
                break
        return _Probe(has_values=seen > 0, score=best)
    finally:
        rows.close()


def _has_value(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


# ------------------------------------------------------------------ rows


def _values(rows: Iterable[Sequence[object]]) -> Iterator[tuple[int, list[object]]]:
    # Rows come from A1 down with missing rows filled in, so the position is the number.
    for number, row in enumerate(rows, start=1):
        values: list[object] = []
        for index, cell in enumerate(row):
            value = getattr(cell, "value", None)
            if getattr(cell, "data_type", None) == "f":
                raise TableReadError(
                    _(_FORMULA).format(cell=cell_name(index, number), formula=_formula(value))
                )
            values.append(value)
        yield number, values


def _formula(value: object) -> str:
    formula = str(getattr(value, "text", None) or value)
    if not formula.startswith("="):
        formula = "=" + formula
    if len(formula) > _FORMULA_PREVIEW_CHARS:
        formula = formula[: _FORMULA_PREVIEW_CHARS - 1] + "…"
    return formula


# ------------------------------------------------------------------ the package


def ole2_message(handle: IO[bytes]) -> str:
    """Why an OLE2 file is refused: a password-protected workbook or an old .xls."""
    handle.seek(0)
    start = handle.read(1024 * 1024)
    if any(marker in start for marker in _ENCRYPTION_MARKERS):
        return _(_PASSWORD)
    return _(_OLD_XLS)


def check_zip_sizes(archive: zipfile.ZipFile) -> None:
    """Refuse zip bombs before openpyxl decompresses anything.

    Python's zipfile never inflates an entry beyond its declared size (it fails the CRC
    check instead), so the declared sizes are a safe upper bound.
    """
    infos = archive.infolist()
    total = sum(info.file_size for info in infos)
    if total > MAX_FILE_BYTES:
        raise TableReadError(too_large_message(total, uncompressed=True))
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_CHECK_MIN_BYTES and ratio > MAX_COMPRESSION_RATIO:
            raise TableReadError(_(_COMPRESSED).format(ratio=MAX_COMPRESSION_RATIO))


def _layout(archive: zipfile.ZipFile, part: str) -> _Layout:
    """Merged ranges, hidden rows (filtered-out rows too) and hidden columns of a sheet."""
    merged: list[str] = []
    hidden_rows: set[int] = set()
    hidden_columns: set[int] = set()
    row_number = 0
    with archive.open(part) as source:
        for _, element in iterparse(source):
            name = _local(element.tag)
            if name == "row":
                reference = element.get("r")
                row_number = int(reference) if reference and reference.isdigit() else row_number + 1
                if element.get("hidden", "").lower() in _TRUE:
                    hidden_rows.add(row_number)
                element.clear()
            elif name == "col":
                if element.get("hidden", "").lower() in _TRUE:
                    first, last = int(element.get("min", "0")), int(element.get("max", "0"))
                    hidden_columns.update(range(first - 1, min(last, 16384)))
            elif name == "mergeCell":
                reference = element.get("ref")
                if reference:
                    merged.append(reference)
            elif name in {"mergeCells", "cols"}:
                element.clear()
    return _Layout(tuple(merged), frozenset(hidden_rows), frozenset(hidden_columns))


def _worksheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> path inside the package, for every *worksheet* (not chart sheets)."""
    workbook_part = None
    for rel in _relationships(archive, "_rels/.rels"):
        if rel.get("Type", "").endswith("/officeDocument"):
            workbook_part = _resolve("", rel.get("Target", ""))
            break
    if workbook_part is None or workbook_part not in archive.namelist():
        return {}
    base = posixpath.dirname(workbook_part)
    rels_part = posixpath.join(base, "_rels", posixpath.basename(workbook_part) + ".rels")
    targets = {
        rel.get("Id"): rel
        for rel in _relationships(archive, rels_part)
        if rel.get("Type", "").endswith("/worksheet")
    }
    parts: dict[str, str] = {}
    with archive.open(workbook_part) as source:
        for _, element in iterparse(source):
            if _local(element.tag) != "sheet":
                continue
            rel_id = next((v for k, v in element.attrib.items() if _local(k) == "id"), None)
            name = element.get("name")
            if rel_id in targets and name is not None:
                parts[name] = _resolve(base, targets[rel_id].get("Target", ""))
    return parts


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
