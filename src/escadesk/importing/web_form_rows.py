"""A web form's export read as rows of registration fields.

The file is read by :func:`~escadesk.importing.tables.read_table` (the delegate list's
reader: size limits, encodings, formulas in a workbook, hidden rows, a CSV saved under an
.xlsx name), with the first non-empty row as the header: web forms write their questions
there, and no list of known headers could recognise every form's questions. Each row is
then cut into the registration form's fields by a :class:`ColumnMap`; whether the values
are acceptable is for the registration rules (domain/registration_form.py), applied by the
use case.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from escadesk.domain.registration_form import RegistrationDetails
from escadesk.importing.tables import RawRow, RawTable, read_table
from escadesk.importing.web_form_columns import FIELDS, ColumnMap, form_service

#: What a spreadsheet reads as a formula starts with = + - @ (OWASP's "CSV injection"
#: list). A web form writes what a respondent typed, so a cell may hold one: the import
#: refuses it (exports/cells.py neutralises what is written out).
#: Digits and phone punctuation only ("+1 416 555 0100 ext 12"): cannot form a formula.
_PHONE_LIKE = re.compile(
    r"[+-]?[0-9 ().\-/]*[0-9][0-9 ().\-/]*(?:\s*(?:ext\.?|x)\s*[0-9]+)?", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class FormExport:
    """The table of a web form's export, as read from the file."""

    source: Path
    table: RawTable

    @property
    def name(self) -> str:
        return self.source.name

    @property
    def headers(self) -> tuple[str, ...]:
        return self.table.headers

    @property
    def service(self) -> str | None:
        """'Microsoft Forms', 'Google Forms', 'Typeform', or None when not recognised."""
        return form_service(self.table.headers)


@dataclass(frozen=True, slots=True)
class MappedRow:
    """One response cut into the form's fields: the text as in the file, trimmed, the
    cells of a field made of several columns joined with a space ("" when empty)."""

    number: int
    """The row's number in the file (as Excel shows it)."""
    values: Mapping[str, str]

    def details(self) -> RegistrationDetails:
        return RegistrationDetails(
            organization=self.values["organization"],
            country=self.values["country"],
            technology_area=self.values["technology_area"],
            contact_name=self.values["contact_name"],
            contact_email=self.values["contact_email"],
            contact_title=self.values["contact_title"],
            contact_phone=self.values["contact_phone"],
        )


def read_form_export(path: Path, *, include_hidden: bool = False) -> FormExport:
    """Read the export at ``path``; :class:`~escadesk.importing.tables.TableReadError`
    says why a file cannot be read (its row or cell when it is one of them)."""
    return FormExport(Path(path), read_table(path, include_hidden=include_hidden))


def mapped_rows(export: FormExport, columns: ColumnMap) -> Iterator[MappedRow]:
    """Every data row of ``export``, cut into the fields by ``columns``."""
    position = {header: index for index, header in enumerate(export.headers)}
    for raw in export.table.rows:
        yield MappedRow(
            raw.number,
            MappingProxyType(
                {field: _joined(raw, position, columns.headers(field)) for field in FIELDS}
            ),
        )


def formula_like(text: str) -> bool:
    """Whether a spreadsheet would read ``text`` as a formula: it starts with ``=`` or
    ``@``, or with ``+`` or ``-`` and more than a sign (a phone number, "-" or "- none"
    for an empty answer, are text)."""
    if text.startswith(("=", "@")):
        return True
    if not text.startswith(("+", "-")) or len(text) < 2 or text[1].isspace():
        return False
    return _PHONE_LIKE.fullmatch(text) is None


def _joined(raw: RawRow, position: Mapping[str, int], headers: tuple[str, ...]) -> str:
    cells = (raw.get(position[h]) for h in headers if h in position)
    return " ".join(cell for cell in cells if cell)
