"""The conference's delegate list: who may register for the workshop.

Only TCI delegates may register, matched on e-mail, so the list is imported from the
file the conference provides. Every problem is reported with its row and column, and
only clean rows are returned: the caller shows the problems and decides whether to
import the clean rows anyway. Warnings (a title row skipped, hidden rows left out, a
date where a name belongs) never hold a row back: they tell the user what to check.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from escadesk.domain.eligibility import is_valid_email, normalize_email
from escadesk.domain.localized_names import country_from_any
from escadesk.domain.text_rules import problem_in_text
from escadesk.i18n import N_, _
from escadesk.importing.columns import ColumnSpec, map_columns
from escadesk.importing.tables import RawRow, RawTable, TableReadError, read_table
from escadesk.importing.value_kinds import value_kind
from escadesk.importing.wording import quote

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
        "adresse de courriel",
    ),
    required=True,
    french="Courriel",
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
        "délégué",
        "déléguée",
        "nom du délégué",
        "nom de la déléguée",
        "nom du participant",
        "nom de la personne",
    ),
    french="Nom",
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
        "organisme",
        "nom de l’organisation",
        "nom de l’organisme",
        "entreprise",
        "grappe",
        "organisation de la grappe",
    ),
    french="Organisation",
)
COUNTRY = ColumnSpec(
    canonical="country", label="Country", synonyms=("country name", "nom du pays"), french="Pays"
)

DELEGATE_COLUMNS: tuple[ColumnSpec, ...] = (EMAIL, NAME, ORGANIZATION, COUNTRY)

_PREVIEW_CHARS = 60

# Messages after "Row 12, column 'E-mail': " (see ImportProblem): no capital, no stop.
_NO_DELEGATES = N_("The file has a header row but no delegates.")
_EMAIL_MISSING = N_("the e-mail address is missing")
_EMAIL_INVALID = N_("{value} is not a valid e-mail address")
_DUPLICATE = N_("{value} duplicates row {first}")
_UNKNOWN_COUNTRY = N_("{value} is not a known country")
# Translators: what a cell holds where a text belongs (reported after "Row 3, column 'Name': ").
_THE_CELL = N_("the cell")

TEXT_COLUMNS: tuple[ColumnSpec, ...] = (NAME, ORGANIZATION)
"""Columns of free text: a date or number there is flagged."""
_LOOKS_LIKE = {
    ("name", "a date"): N_("{value} looks like a date, not a name; check this cell."),
    ("name", "a time"): N_("{value} looks like a time, not a name; check this cell."),
    ("name", "a number"): N_("{value} looks like a number, not a name; check this cell."),
    ("organization", "a date"): N_(
        "{value} looks like a date, not an organization; check this cell."
    ),
    ("organization", "a time"): N_(
        "{value} looks like a time, not an organization; check this cell."
    ),
    ("organization", "a number"): N_(
        "{value} looks like a number, not an organization; check this cell."
    ),
}
"""(column, what :func:`value_kind` saw) -> the whole sentence."""


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """Something wrong in the file; ``row``/``column`` are None when it is about the whole."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        """The message with its place, in the user's language (the header as in the file)."""
        if self.row is not None and self.column is not None:
            text = _("Row {row}, column '{column}': {message}")
        elif self.row is not None:
            text = _("Row {row}: {message}")
        elif self.column is not None:
            text = _("Column '{column}': {message}")
        else:
            return self.message
        return text.format(row=self.row, column=self.column, message=self.message)


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
    warnings: tuple[ImportProblem, ...] = ()
    """What the user should know or check; never blocks a row (file notes first)."""
    hidden_rows: tuple[int, ...] = ()
    """Hidden rows of the workbook holding values (skipped unless asked for)."""
    hidden_columns: tuple[str, ...] = ()
    """Letters of hidden columns holding values (skipped unless asked for)."""

    @property
    def ok(self) -> bool:
        return not self.problems


def parse_delegates(table: RawTable) -> DelegateImport:
    """Check and convert a table read by :func:`~escadesk.importing.tables.read_table`."""
    mapping = map_columns(table.headers, DELEGATE_COLUMNS)
    notes = tuple(ImportProblem(None, None, note) for note in table.notes)

    def outcome(
        rows: tuple[DelegateRecord, ...],
        problems: tuple[ImportProblem, ...],
        warnings: tuple[ImportProblem, ...] = (),
    ) -> DelegateImport:
        return DelegateImport(
            rows, problems, notes + warnings, table.hidden_rows, table.hidden_columns
        )

    if not mapping.ok:
        return outcome((), tuple(ImportProblem(None, None, m) for m in mapping.problems()))
    if not table.rows:
        return outcome((), (ImportProblem(None, None, _(_NO_DELEGATES)),))

    email_header = mapping.header("email")
    # str | None: a problem without a column sorts first.
    column_of: dict[str | None, int] = {header: index for index, header in enumerate(table.headers)}
    country_header = mapping.header("country")

    def cell(raw: RawRow, canonical: str) -> str | None:
        index = mapping.index(canonical)
        value = None if index is None else raw.get(index)
        return (value.strip() or None) if value is not None else None

    records: list[DelegateRecord] = []
    problems: list[ImportProblem] = []
    warnings: list[ImportProblem] = []
    first_row_of: dict[str, int] = {}
    the_cell = _(_THE_CELL)
    for raw in table.rows:
        row_problems: list[ImportProblem] = []
        # Control characters and bidi overrides first: such a cell is never quoted in a
        # message (the character would travel with it) nor checked any further.
        refused: set[str] = set()
        for spec in DELEGATE_COLUMNS:
            text = cell(raw, spec.canonical)
            found = None if text is None else problem_in_text(spec.canonical, text, label=the_cell)
            if found is not None:
                refused.add(spec.canonical)
                header = mapping.header(spec.canonical)
                row_problems.append(ImportProblem(raw.number, header, found.message))

        email = cell(raw, "email")
        normalized = ""
        if email is None:
            row_problems.append(ImportProblem(raw.number, email_header, _(_EMAIL_MISSING)))
        elif "email" in refused:
            pass  # already reported, never quoted
        elif not is_valid_email(email):
            message = _(_EMAIL_INVALID).format(value=_quote(email))
            row_problems.append(ImportProblem(raw.number, email_header, message))
        else:
            normalized = normalize_email(email)
            first = first_row_of.setdefault(normalized, raw.number)
            if first != raw.number:
                message = _(_DUPLICATE).format(value=_quote(email), first=first)
                row_problems.append(ImportProblem(raw.number, email_header, message))

        country_text = cell(raw, "country")
        country = None
        if country_text is not None and "country" not in refused:
            country = country_from_any(country_text)  # English or French, stored English
            if country is None:
                message = _(_UNKNOWN_COUNTRY).format(value=_quote(country_text))
                row_problems.append(ImportProblem(raw.number, country_header, message))

        for spec in TEXT_COLUMNS:
            text = cell(raw, spec.canonical)
            kind = None if text is None or spec.canonical in refused else value_kind(text)
            if kind is not None:
                sentence = _(_LOOKS_LIKE[spec.canonical, kind])
                message = sentence.format(value=_quote(str(text)))
                warnings.append(ImportProblem(raw.number, mapping.header(spec.canonical), message))

        if row_problems:
            problems.extend(sorted(row_problems, key=lambda p: column_of.get(p.column, -1)))
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
    return outcome(tuple(records), tuple(problems), tuple(warnings))


def load_delegates(path: Path, *, include_hidden: bool = False) -> DelegateImport:
    """Read and check the delegate list at ``path``; a file that cannot be read at all
    gives a single problem (with no row). Hidden rows and columns of a workbook are
    skipped (and reported) unless ``include_hidden``."""
    try:
        table = read_table(path, columns=DELEGATE_COLUMNS, include_hidden=include_hidden)
    except TableReadError as error:
        return DelegateImport(rows=(), problems=(ImportProblem(None, None, error.message),))
    return parse_delegates(table)


def _quote(text: str) -> str:
    if len(text) > _PREVIEW_CHARS:
        text = text[: _PREVIEW_CHARS - 1] + "…"
    return quote(text)
