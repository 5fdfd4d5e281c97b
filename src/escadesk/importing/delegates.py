"""The conference's delegate list: who may register for the workshop.

Only TCI delegates may register, matched on e-mail, so the list is imported from the
file the conference provides. Every problem is reported with its row and column, and
only clean rows are returned: the caller shows the problems and decides whether to
import the clean rows anyway.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from escadesk.domain.countries import canonical_country
from escadesk.domain.eligibility import is_valid_email, normalize_email
from escadesk.importing.columns import ColumnSpec, map_columns
from escadesk.importing.tables import RawRow, RawTable, TableReadError, read_table

EMAIL = ColumnSpec(
    canonical="email",
    label="E-mail",
    synonyms=(
        "e-mail",
        "email address",
        "e-mail address",
        "mail",
        "courriel",
        "adresse courriel",
        "adresse e-mail",
    ),
    required=True,
)
NAME = ColumnSpec(
    canonical="name",
    label="Name",
    synonyms=(
        "full name",
        "delegate",
        "delegate name",
        "participant",
        "participant name",
        "nom complet",
    ),
)
ORGANIZATION = ColumnSpec(
    canonical="organization",
    label="Organization",
    synonyms=(
        "organisation",
        "organization name",
        "organisation name",
        "company",
        "company name",
        "cluster",
        "cluster organization",
        "cluster organisation",
    ),
)
COUNTRY = ColumnSpec(canonical="country", label="Country", synonyms=("country name", "pays"))

DELEGATE_COLUMNS: tuple[ColumnSpec, ...] = (EMAIL, NAME, ORGANIZATION, COUNTRY)

_PREVIEW_CHARS = 60


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """Something wrong in the file; ``row``/``column`` are None when it is about the whole."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"Row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'" if where else f"Column '{self.column}'")
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass(frozen=True, slots=True)
class DelegateRecord:
    """One delegate from the file, as found (e-mail trimmed) and normalized for matching."""

    row: int
    email: str
    email_normalized: str
    name: str | None
    organization: str | None
    country: str | None
    """Canonical country name (see :mod:`escadesk.domain.countries`)."""


@dataclass(frozen=True, slots=True)
class DelegateImport:
    """The outcome of reading a delegate list.

    ``rows`` holds only the rows without any problem (for a duplicated e-mail, the first
    occurrence); ``problems`` lists everything else, in file order.
    """

    rows: tuple[DelegateRecord, ...]
    problems: tuple[ImportProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def parse_delegates(table: RawTable) -> DelegateImport:
    """Check and convert a table read by :func:`~escadesk.importing.tables.read_table`."""
    mapping = map_columns(table.headers, DELEGATE_COLUMNS)
    if not mapping.ok:
        return DelegateImport(
            rows=(), problems=tuple(ImportProblem(None, None, m) for m in mapping.problems())
        )
    if not table.rows:
        return DelegateImport(
            rows=(),
            problems=(ImportProblem(None, None, "The file has a header row but no delegates."),),
        )

    email_header = mapping.header("email")
    country_header = mapping.header("country")

    def cell(raw: RawRow, canonical: str) -> str | None:
        index = mapping.index(canonical)
        value = None if index is None else raw.get(index)
        return (value.strip() or None) if value is not None else None

    records: list[DelegateRecord] = []
    problems: list[ImportProblem] = []
    first_row_of: dict[str, int] = {}
    for raw in table.rows:
        row_problems: list[ImportProblem] = []
        email = cell(raw, "email")
        normalized = ""
        if email is None:
            row_problems.append(
                ImportProblem(raw.number, email_header, "the e-mail address is missing")
            )
        elif not is_valid_email(email):
            row_problems.append(
                ImportProblem(
                    raw.number, email_header, f"{_quote(email)} is not a valid e-mail address"
                )
            )
        else:
            normalized = normalize_email(email)
            first = first_row_of.setdefault(normalized, raw.number)
            if first != raw.number:
                row_problems.append(
                    ImportProblem(
                        raw.number, email_header, f"{_quote(email)} duplicates row {first}"
                    )
                )

        country_text = cell(raw, "country")
        country = None
        if country_text is not None:
            country = canonical_country(country_text)
            if country is None:
                row_problems.append(
                    ImportProblem(
                        raw.number, country_header, f"{_quote(country_text)} is not a known country"
                    )
                )

        if row_problems:
            problems.extend(row_problems)
            continue
        assert email is not None
        records.append(
            DelegateRecord(
                row=raw.number,
                email=email,
                email_normalized=normalized,
                name=cell(raw, "name"),
                organization=cell(raw, "organization"),
                country=country,
            )
        )
    return DelegateImport(rows=tuple(records), problems=tuple(problems))


def load_delegates(path: Path) -> DelegateImport:
    """Read and check the delegate list at ``path``; a file that cannot be read at all
    gives a single problem (with no row)."""
    try:
        table = read_table(path)
    except TableReadError as error:
        return DelegateImport(rows=(), problems=(ImportProblem(None, None, error.message),))
    return parse_delegates(table)


def _quote(text: str) -> str:
    if len(text) > _PREVIEW_CHARS:
        text = text[: _PREVIEW_CHARS - 1] + "…"
    return f"'{text}'"
