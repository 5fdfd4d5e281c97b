"""CSV files: the bytes decoded, Excel's ``sep=`` line followed, the rows numbered.

Why each step: Excel saves "CSV UTF-8" (with or without a byte-order mark), "Unicode
Text" (UTF-16, sometimes without its mark), and in many locales a semicolon-separated
file, sometimes announced by a first line ``sep=;`` that Excel follows and hides. A
file that is none of these gets a message naming the line to look at.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

from escadesk.i18n import N_, _, format_decimal
from escadesk.importing.errors import TableReadError
from escadesk.importing.limits import MAX_CELL_CHARS
from escadesk.importing.source import SourceRows

# Translated where raised (``_()``): the user's language at the time of the import.
_EMPTY = N_("The file is empty.")
_BINARY = N_("The file contains binary data (line {line}); it is not a CSV text file.")
_NOT_UTF8 = N_("The file is not UTF-8 text (line {line}). Save it as 'CSV UTF-8' and try again.")
_UTF16_DAMAGED = N_(
    "The file is UTF-16 text but is damaged on line {line}. Save it as 'CSV UTF-8' and try again."
)
_UTF16_WITHOUT_BOM = {
    "little-endian": N_(
        "The file is UTF-16 text without a byte-order mark; it was read as UTF-16 (little-endian)."
    ),
    "big-endian": N_(
        "The file is UTF-16 text without a byte-order mark; it was read as UTF-16 (big-endian)."
    ),
}
_SEPARATOR_HINT = N_(
    "Line 1 ('{line}') is Excel's separator hint; it was followed and, as in Excel, "
    "it is not counted as a row."
)
_CELL_TOO_LONG = N_(
    "Line {line} has a cell longer than {limit} characters; shorten it and try again."
)
# Translators: {detail} is Python's csv module's own (English) description of the fault.
_MALFORMED = N_(
    'The CSV file is malformed from line {line} on ({detail}); probably a quote (") is not closed.'
)

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_SAMPLE_BYTES = 64 * 1024
_SEPARATOR_LINE = re.compile(r"sep=([^\"\r\n])[ \t]*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class DecodedText:
    """The text of a file and what the user should know about how it was decoded."""

    text: str
    notes: tuple[str, ...] = ()


def csv_rows(data: bytes) -> SourceRows:
    """The numbered rows of a CSV file's bytes; refusals as :class:`TableReadError`."""
    decoded = decode_text(data)
    text, delimiter, hint = _separator_hint(decoded.text)
    if not text.strip():
        raise TableReadError(_(_EMPTY))
    notes = decoded.notes
    if hint is not None:
        notes = (*notes, _(_SEPARATOR_HINT).format(line=hint))
    if delimiter is None:
        delimiter = _detect_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    lines_before = 0 if hint is None else 1  # messages name lines of the file itself
    return SourceRows(rows=_numbered(reader, lines_before), notes=notes)


def decode_text(data: bytes) -> DecodedText:
    """UTF-8 (with or without BOM) or UTF-16 (with or without BOM) text of ``data``."""
    order = _utf16_without_bom(data)
    if data.startswith(_UTF16_BOMS) or order is not None:
        encoding = "utf-16" if order is None else f"utf-16-{order[0]}e"
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as error:
            # Two bytes per character: count the newlines in the good part.
            line = data[: error.start].decode(encoding, "replace").count("\n") + 1
            raise TableReadError(_(_UTF16_DAMAGED).format(line=line)) from error
        if "\x00" in text:
            line = text.count("\n", 0, text.index("\x00")) + 1
            raise TableReadError(_(_BINARY).format(line=line))
        notes = () if order is None else (_(_UTF16_WITHOUT_BOM[order]),)
        return DecodedText(text.removeprefix("\ufeff"), notes)
    # Binary formats hold runs of zero bytes; a text file may carry a stray NUL in a
    # cell (pasted from another program): that is read, and refused with its row and
    # column by the text rule of the field it lands in.
    if b"\x00\x00" in data:
        raise TableReadError(_binary(data, data.index(b"\x00\x00")))
    try:
        return DecodedText(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        if b"\x00" in data:
            raise TableReadError(_binary(data, data.index(b"\x00"))) from error
        line = data.count(b"\n", 0, error.start) + 1
        raise TableReadError(_(_NOT_UTF8).format(line=line)) from error


def _binary(data: bytes, at: int) -> str:
    return _(_BINARY).format(line=data.count(b"\n", 0, at) + 1)


def looks_like_text(data: bytes) -> bool:
    """Whether ``data`` reads as text (any encoding) rather than as a binary format."""
    if data.startswith(_UTF16_BOMS) or _utf16_without_bom(data) is not None:
        return True
    sample = data[:_SAMPLE_BYTES]
    if not sample or b"\x00" in sample:
        return False
    control = sum(1 for byte in sample if byte < 0x20 and byte not in b"\t\r\n\f")
    return control <= len(sample) // 100


def looks_like_markup(data: bytes) -> bool:
    """A web page or XML file (what Excel's "Web Page" and "XML Spreadsheet" save)."""
    # Zero bytes dropped (UTF-16), byte-order marks stripped as their Latin-1 letters.
    start = data[:1024].replace(b"\x00", b"").decode("latin-1")
    return start.lstrip("\xef\xbb\xbf\xff\xfe \t\r\n").startswith("<")


def _utf16_without_bom(data: bytes) -> str | None:
    """'little-endian' or 'big-endian' when ``data`` is UTF-16 text without a BOM.

    In UTF-16 every character of the Latin alphabets, digits and punctuation (what any
    CSV file is mostly made of: separators, e-mail addresses, numbers) has one zero byte,
    always on the same side; text in a one-byte encoding has no zero byte at all, and
    binary data has them on both sides.
    """
    sample = data[:_SAMPLE_BYTES]
    pairs = len(sample) // 2
    if pairs == 0 or len(data) % 2 or data.startswith(_UTF16_BOMS):
        return None
    even = sample[0 : 2 * pairs : 2].count(0)
    odd = sample[1 : 2 * pairs : 2].count(0)
    # The zero side holds at least 30 % of the bytes and ten times the other side's zeros
    # (U+0100, U+4E00 ... have a zero on the other side: rare, never that rare).
    if odd * 10 >= pairs * 3 and even * 10 <= odd:
        return "little-endian"
    if even * 10 >= pairs * 3 and odd * 10 <= even:
        return "big-endian"
    return None


def _separator_hint(text: str) -> tuple[str, str | None, str | None]:
    """(text without the hint line, the separator it names, the hint line as written)."""
    first, newline, rest = text.partition("\n")
    line = first.rstrip("\r")
    match = _SEPARATOR_LINE.fullmatch(line)
    if match is None:
        return text, None, None
    return (rest if newline else ""), match.group(1), line


def _detect_delimiter(text: str) -> str:
    """Comma, semicolon (Excel in many European locales) or tab, judged on the header."""
    header = next(line for line in text.splitlines() if line.strip())
    unquoted = header.split('"')[::2]  # ignore delimiters inside quoted header names
    counts = {sep: sum(part.count(sep) for part in unquoted) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _numbered(reader: Iterator[list[str]], lines_before: int) -> Iterator[tuple[int, list[object]]]:
    number = 0
    while True:
        # The file line where the next record starts.
        first_line = getattr(reader, "line_num", 0) + 1 + lines_before
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            detail = str(error)
            if "field larger than field limit" in detail:
                raise TableReadError(
                    _(_CELL_TOO_LONG).format(line=first_line, limit=format_decimal(MAX_CELL_CHARS))
                ) from error
            message = _(_MALFORMED).format(line=first_line, detail=detail)
            raise TableReadError(message) from error
        number += 1
        yield number, list(row)
