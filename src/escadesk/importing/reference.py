"""A reference set of benchmarked clusters, from a spreadsheet (CSV or Excel).

Columns: identifier, country, technology area, year, label (optional) and one column per
indicator, named by its code ("2.2.1"), by its label ("Human resources of the management
team") or by both ("2.2.1 Human resources of the management team"). An empty indicator
cell is a missing value (never zero). A column whose header looks like an indicator code
but is not one of the catalogue's is an error; other unknown columns (a cluster's name,
notes) are ignored and listed.

All or nothing: when anything is wrong the result has no organizations, only problems,
each naming its row and column, so a reference set is never half imported.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from escadesk.domain.benchmarking.catalogue import Catalogue, Indicator
from escadesk.domain.benchmarking.reference import (
    QUALITY_LABELS,
    ReferenceOrganization,
    canonical_label,
)
from escadesk.domain.benchmarking.values import parse_answer
from escadesk.domain.localized_names import country_from_any, technology_area_from_any
from escadesk.domain.text_rules import problem_in_text
from escadesk.domain.validation import ValidationError
from escadesk.i18n import N_, _
from escadesk.importing.columns import ColumnMapping, ColumnSpec, map_columns
from escadesk.importing.delegates import ImportProblem
from escadesk.importing.tables import RawRow, RawTable, TableReadError, read_table
from escadesk.importing.wording import quote

IDENTIFIER = ColumnSpec(
    canonical="identifier",
    label="Identifier",
    synonyms=(
        "id",
        "cluster id",
        "organization id",
        "organisation id",
        "reference id",
        "cluster identifier",
        "identifiant de la grappe",
        "identifiant de l’organisation",
        "id de la grappe",
    ),
    required=True,
    french="Identifiant",
)
COUNTRY = ColumnSpec(
    canonical="country",
    label="Country",
    synonyms=("country name", "nom du pays"),
    required=True,
    french="Pays",
)
TECHNOLOGY_AREA = ColumnSpec(
    canonical="technology_area",
    label="Technology area",
    synonyms=(
        "technology field",
        "technology",
        "sector",
        "comparative portfolio",
        "domaine",
        "technologie",
        "secteur",
        "portefeuille comparatif",
    ),
    required=True,
    french="Domaine technologique",
)
YEAR = ColumnSpec(
    canonical="year",
    label="Year",
    synonyms=(
        "benchmarking year",
        "year of benchmarking",
        "benchmark year",
        "année de l’analyse comparative",
        "année d’analyse comparative",
    ),
    required=True,
    french="Année",
)
LABEL = ColumnSpec(
    canonical="label",
    label="Label",
    synonyms=("quality label", "esca label", "cluster label", "label de qualité", "label ESCA"),
)
REFERENCE_COLUMNS: tuple[ColumnSpec, ...] = (IDENTIFIER, COUNTRY, TECHNOLOGY_AREA, YEAR, LABEL)
"""The descriptive columns (the indicator columns come from the catalogue)."""

MIN_YEAR = 2000
MAX_YEAR = 2100
MAX_IDENTIFIER_CHARS = 60

# "2.2.1", "1.1.1a", "4.3" possibly followed by a label: looks like an indicator column.
_CODE_LIKE = re.compile(r"^\d+(\.\d+)+[a-z]?\b", re.IGNORECASE)
_PREVIEW_CHARS = 60
# Translators: what a cell holds where a text belongs (reported after "Row 3, column 'Year': ").
_THE_CELL = N_("the cell")


@dataclass(frozen=True, slots=True)
class ReferenceImport:
    """The outcome of reading a reference set: organizations *or* problems, never both."""

    organizations: tuple[ReferenceOrganization, ...]
    problems: tuple[ImportProblem, ...]
    indicator_codes: tuple[str, ...] = ()
    """Indicators that have a column in the file, in catalogue order."""
    ignored_columns: tuple[str, ...] = ()
    """Headers that are neither a known column nor code-like (not imported)."""
    warnings: tuple[ImportProblem, ...] = ()
    """What the reader recognised or skipped (a title row, hidden rows ...); never blocks."""
    hidden_rows: tuple[int, ...] = ()
    """Hidden rows of the workbook holding values (skipped unless ``include_hidden``)."""
    hidden_columns: tuple[str, ...] = ()
    """Letters of hidden columns holding values (skipped unless ``include_hidden``)."""
    include_hidden: bool = False
    """Whether hidden rows and columns were read (the caller asked for them)."""

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def skipped_hidden(self) -> bool:
        """Hidden rows or columns with values were left out: the user may want them."""
        return not self.include_hidden and bool(self.hidden_rows or self.hidden_columns)


def indicator_columns(catalogue: Catalogue) -> tuple[ColumnSpec, ...]:
    """One column per indicator: its code, its label, or "code label" (the label in
    English or in French)."""
    french = {indicator.code: indicator for indicator in catalogue.localized("fr").indicators}

    def spellings(indicator: Indicator) -> tuple[str, ...]:
        other = french.get(indicator.code, indicator)
        both = (indicator.label, indicator.title, other.label, other.title)
        return tuple(dict.fromkeys(both))  # French where missing is the English again

    return tuple(
        ColumnSpec(canonical=indicator.code, label=indicator.code, synonyms=spellings(indicator))
        for indicator in catalogue.indicators
    )


def parse_reference_set(table: RawTable, catalogue: Catalogue) -> ReferenceImport:
    """Check and convert a table read by :func:`~escadesk.importing.tables.read_table`."""
    indicator_specs = indicator_columns(catalogue)
    mapping = map_columns(table.headers, (*REFERENCE_COLUMNS, *indicator_specs))
    problems = [ImportProblem(None, None, message) for message in mapping.problems()]
    ignored: list[str] = []
    for header in mapping.ignored:
        if _CODE_LIKE.match(header):
            problems.append(
                ImportProblem(
                    None,
                    header,
                    _(
                        "not an indicator of catalogue {version}; rename the column "
                        "to an indicator code (e.g. '2.2.1') or delete it"
                    ).format(version=catalogue.version),
                )
            )
        else:
            ignored.append(header)
    codes = tuple(
        spec.canonical for spec in indicator_specs if mapping.index(spec.canonical) is not None
    )
    if not codes and not problems:
        problems.append(
            ImportProblem(
                None,
                None,
                _("The file has no indicator columns; name them by indicator code, e.g. '2.2.1'."),
            )
        )
    if not problems and not table.rows:
        problems.append(
            ImportProblem(None, None, _("The file has a header row but no organizations."))
        )
    warnings = tuple(ImportProblem(None, None, note) for note in table.notes)

    def outcome(
        organizations: tuple[ReferenceOrganization, ...], problems: tuple[ImportProblem, ...]
    ) -> ReferenceImport:
        return ReferenceImport(
            organizations,
            problems,
            codes,
            tuple(ignored),
            warnings,
            table.hidden_rows,
            table.hidden_columns,
            table.include_hidden,
        )

    if problems:
        return outcome((), tuple(problems))

    organizations: list[ReferenceOrganization] = []
    first_row_of: dict[str, int] = {}
    indicators = [catalogue.indicator(code) for code in codes]
    for raw in table.rows:
        organization, row_problems = _parse_row(raw, mapping, indicators, first_row_of)
        problems.extend(row_problems)
        if organization is not None:
            organizations.append(organization)
    if problems:
        return outcome((), tuple(problems))
    return outcome(tuple(organizations), ())


def load_reference_set(
    path: Path, catalogue: Catalogue, *, include_hidden: bool = False
) -> ReferenceImport:
    """Read and check the reference set at ``path``; a file that cannot be read at all
    gives a single problem (with no row). Hidden rows and columns of a workbook are
    skipped (and reported) unless ``include_hidden``."""
    columns = (*REFERENCE_COLUMNS, *indicator_columns(catalogue))
    try:
        table = read_table(path, columns=columns, include_hidden=include_hidden)
    except TableReadError as error:
        problem = ImportProblem(None, None, error.message)
        return ReferenceImport((), (problem,), include_hidden=include_hidden)
    return parse_reference_set(table, catalogue)


# ------------------------------------------------------------------ rows


def _parse_row(
    raw: RawRow,
    mapping: ColumnMapping,
    indicators: list[Indicator],
    first_row_of: dict[str, int],
) -> tuple[ReferenceOrganization | None, list[ImportProblem]]:
    problems: list[ImportProblem] = []

    refused: set[str] = set()
    the_cell = _(_THE_CELL)

    def problem(canonical: str, message: str) -> None:
        if canonical not in refused:  # a refused cell has had its one problem
            problems.append(ImportProblem(raw.number, mapping.header(canonical), message))

    # Control characters and bidi overrides first (the identifier is stored, the other
    # cells are quoted in messages): such a cell is reported once and read no further.
    canonicals = (*(spec.canonical for spec in REFERENCE_COLUMNS), *(i.code for i in indicators))
    for canonical in canonicals:
        index = mapping.index(canonical)
        text = None if index is None else raw.get(index)
        found = None if text is None else problem_in_text(canonical, text, label=the_cell)
        if found is not None:
            problem(canonical, found.message)
            refused.add(canonical)

    def cell(canonical: str) -> str | None:
        """The cell's text (None when empty, or refused above)."""
        index = mapping.index(canonical)
        return None if index is None or canonical in refused else raw.get(index)

    identifier = cell("identifier")
    if identifier is None:
        problem("identifier", _("the identifier is missing"))
    elif len(identifier) > MAX_IDENTIFIER_CHARS:
        message = _("the identifier is longer than {limit} characters")
        problem("identifier", message.format(limit=MAX_IDENTIFIER_CHARS))
    else:
        first = first_row_of.setdefault(identifier.casefold(), raw.number)
        if first != raw.number:
            message = _("{value} duplicates row {first}")
            problem("identifier", message.format(value=_quote(identifier), first=first))

    country_text = cell("country")
    # English or French names ("Allemagne", "Énergie et environnement"), kept in English.
    country = None if country_text is None else country_from_any(country_text)
    if country_text is None:
        problem("country", _("the country is missing"))
    elif country is None:
        message = _("{value} is not a known country")
        problem("country", message.format(value=_quote(country_text)))

    area_text = cell("technology_area")
    area = None if area_text is None else technology_area_from_any(area_text)
    if area_text is None:
        problem("technology_area", _("the technology area is missing"))
    elif area is None:
        # The examples are the spellings the file may use (matched as written).
        message = _(
            "{value} is not one of ESCA's technology areas "
            "(e.g. 'Energy and environment', 'ICT', 'Production and engineering')"
        )
        problem("technology_area", message.format(value=_quote(area_text)))

    year = _year(cell("year"), lambda message: problem("year", message))

    label_text = cell("label")
    label = None if label_text is None else canonical_label(label_text)
    if label_text is not None and label is None:
        message = _("{value} is not a label; use {labels} or leave the cell empty")
        labels = ", ".join(QUALITY_LABELS)
        problem("label", message.format(value=_quote(label_text), labels=labels))

    values: dict[str, float] = {}
    for indicator in indicators:
        try:
            value = parse_answer(indicator, cell(indicator.code))
        except ValidationError as error:
            for field_problem in error.problems:
                problem(indicator.code, field_problem.message)
            continue
        if value is not None:
            values[indicator.code] = value

    if problems:
        column_of: dict[str | None, int] = {
            header: index for index, header in enumerate(mapping.headers)
        }
        return None, sorted(problems, key=lambda p: column_of.get(p.column, -1))  # file order
    assert identifier is not None and country is not None and area is not None
    assert year is not None
    organization = ReferenceOrganization(
        identifier=identifier,
        country=country,
        technology_area=area,
        year=year,
        label=label,
        values=MappingProxyType(values),
    )
    return organization, problems


def _year(text: str | None, report: Callable[[str], None]) -> int | None:
    if text is None:
        report(_("the year is missing"))
        return None
    try:
        year = int(text)
    except ValueError:
        report(_("{value} is not a year").format(value=_quote(text)))
        return None
    if not MIN_YEAR <= year <= MAX_YEAR:
        message = _("{year} is not a plausible benchmarking year ({first}-{last})")
        report(message.format(year=year, first=MIN_YEAR, last=MAX_YEAR))
        return None
    return year


def _quote(text: str) -> str:
    if len(text) > _PREVIEW_CHARS:
        text = text[: _PREVIEW_CHARS - 1] + "…"
    return quote(text)
