"""The responses of a web-form export checked as registrations, before anything is stored.

Each response goes through the registration form's own rules (domain/registration_form.py:
required fields, a known country and technology area, a delegate's e-mail, ...), and
through what only a batch can get wrong:

- the same e-mail or organization twice in the file (a respondent who submitted twice);
- an e-mail or organization already registered for the workshop with other details: a
  conflict the director must settle by hand;
- a response that *is* a registration already (same e-mail, same organization): a later
  export of the same form holds every earlier response, so it is recognised and skipped,
  never registered twice;
- a cell a spreadsheet would read as a formula (a respondent can type one).

Every problem names the row (as the spreadsheet numbers it) and the column (the file's
header), so the director can find the cell. Pure functions of the rows; no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from escadesk.domain.completion import folded
from escadesk.domain.eligibility import DelegateList, normalize_email
from escadesk.domain.registration_form import FIELD_LABELS, RegistrationDetails, check_registration
from escadesk.i18n import N_, _
from escadesk.importing.web_form_columns import FIELDS, ColumnMap, mapping_problems, shortened
from escadesk.importing.web_form_rows import MappedRow, formula_like

#: The most responses imported at once: a workshop takes 4 to 6 organizations, so a
#: longer file is not this workshop's registrations (or not only them).
MAX_RESPONSES = 1000

_NO_RESPONSES = N_("The file has a header row but no responses.")
_TOO_MANY = N_(
    "The file holds {count:,} responses; at most {limit:,} are imported at once. "
    "Keep only this workshop's responses and try again."
)
_NO_DELEGATES = N_(
    "No delegate list has been imported for this workshop yet; import it first "
    "(File > Import delegate list): only conference delegates may register."
)
_FORMULA = N_(
    "'{value}' starts like a spreadsheet formula; registrations are imported from typed "
    "answers only. Correct the cell in the file."
)
_SAME_EMAIL_IN_FILE = N_("E-mail {value} is also on row {first}; keep one of the two responses.")
_SAME_ORGANIZATION_IN_FILE = N_(
    "Organization {value} is also on row {first}; keep one of the two responses."
)
_EMAIL_TAKEN = N_("{value} is already registered for this workshop, for {organization}.")
_ORGANIZATION_TAKEN = N_("{value} is already registered for this workshop (contact {email}).")
_QUOTED_CHARS = 60


class RowStatus(StrEnum):
    NEW = "new"
    """Registered by the import."""
    ALREADY = "already registered"
    """The same e-mail and organization are registered already: skipped."""
    PROBLEM = "problem"


@dataclass(frozen=True, slots=True)
class RowProblem:
    """Something wrong; ``row`` None: the file or the choice of columns as a whole."""

    row: int | None
    column: str | None
    """The file's header of the column (or columns: "First name + Last name")."""
    field: str | None
    """The registration form's field (``contact_email``), when the problem is about one."""
    message: str

    def __str__(self) -> str:
        column = shortened(self.column) if self.column is not None else None
        if self.row is not None and column is not None:
            return _("Row {row}, column '{column}': {message}").format(
                row=self.row, column=column, message=self.message
            )
        if self.row is not None:
            return _("Row {row}: {message}").format(row=self.row, message=self.message)
        if column is not None:
            return _("Column '{column}': {message}").format(column=column, message=self.message)
        return self.message


@dataclass(frozen=True, slots=True)
class CheckedRow:
    """One response: the registration it makes (cleaned), its status and its problems."""

    number: int
    details: RegistrationDetails
    status: RowStatus
    problems: tuple[RowProblem, ...] = ()

    def problem_fields(self) -> frozenset[str]:
        return frozenset(p.field for p in self.problems if p.field is not None)


@dataclass(frozen=True, slots=True)
class Registered:
    """A registration of the workshop that still counts (not withdrawn or cancelled)."""

    organization: str
    email: str


@dataclass(frozen=True, slots=True)
class CheckedRows:
    rows: tuple[CheckedRow, ...]
    problems: tuple[RowProblem, ...]
    """About the file and the columns first, then every row's, in file order."""


def check_rows(
    rows: Sequence[MappedRow],
    columns: ColumnMap,
    delegates: DelegateList | None,
    registered: Iterable[Registered],
    header_order: Sequence[str] = (),
) -> CheckedRows:
    """Check every response of the file against the rules and one another.

    ``delegates`` None: no list was imported (said once, not on every row);
    ``header_order`` orders a row's problems as the columns stand in the file.
    """
    # The choice of columns: each message names its field and column itself.
    general = [RowProblem(None, None, p.field, p.message) for p in mapping_problems(columns)]
    unmapped = frozenset(f for f in FIELDS if not columns.headers(f))
    if not rows:
        general.append(RowProblem(None, None, None, _(_NO_RESPONSES)))
    if len(rows) > MAX_RESPONSES:
        general.append(
            RowProblem(None, None, None, _(_TOO_MANY).format(count=len(rows), limit=MAX_RESPONSES))
        )
        rows = rows[:MAX_RESPONSES]
    if delegates is None:
        general.append(RowProblem(None, None, "contact_email", _(_NO_DELEGATES)))
        # Every other rule still applies; the list's absence is said once, above.
        delegates = DelegateList.of(row.values["contact_email"] for row in rows)
    by_email = {normalize_email(r.email): r for r in registered}
    by_organization = {folded(r.organization): r for r in by_email.values()}
    order = {header: index for index, header in enumerate(header_order)}
    seen_email: dict[str, int] = {}
    seen_organization: dict[str, int] = {}
    checked: list[CheckedRow] = []
    problems = list(general)
    for row in rows:
        result = _check_row(
            row, columns, delegates, by_email, by_organization, seen_email, seen_organization
        )
        kept = tuple(
            sorted(
                (p for p in result.problems if p.field not in unmapped),
                key=lambda p: _position(p, columns, order),
            )
        )
        result = replace(result, problems=kept)
        if not kept and result.status is RowStatus.PROBLEM:
            result = replace(result, status=RowStatus.NEW)
        checked.append(result)
        problems.extend(kept)
    return CheckedRows(tuple(checked), tuple(problems))


def _check_row(
    row: MappedRow,
    columns: ColumnMap,
    delegates: DelegateList,
    by_email: dict[str, Registered],
    by_organization: dict[str, Registered],
    seen_email: dict[str, int],
    seen_organization: dict[str, int],
) -> CheckedRow:
    def problem(field: str, message: str) -> RowProblem:
        return RowProblem(row.number, columns.column_name(field), field, message)

    found: list[RowProblem] = []
    values = dict(row.values)
    for field in FIELDS:
        if formula_like(values[field]):
            found.append(problem(field, _(_FORMULA).format(value=_cut(values[field]))))
            values[field] = ""  # checked no further: never quoted again
    details = RegistrationDetails(
        organization=values["organization"],
        country=values["country"],
        technology_area=values["technology_area"],
        contact_name=values["contact_name"],
        contact_email=values["contact_email"],
        contact_title=values["contact_title"],
        contact_phone=values["contact_phone"],
    )
    rules = [p for p in check_registration(details, delegates) if p.field in FIELD_LABELS]
    refused = {p.field for p in found}
    found.extend(problem(p.field, p.message) for p in rules if p.field not in refused)
    cleaned = details.cleaned()
    email = normalize_email(cleaned.contact_email)
    organization = folded(cleaned.organization)
    bad = {p.field for p in found}

    same = by_email.get(email) if email and "contact_email" not in bad else None
    if same is not None and folded(same.organization) == organization:
        # The same registration, from an earlier export of the form: not again.
        _remember(seen_email, email, row.number)
        _remember(seen_organization, organization, row.number)
        return CheckedRow(row.number, cleaned, RowStatus.ALREADY)
    if same is not None:
        found.append(
            problem(
                "contact_email",
                _(_EMAIL_TAKEN).format(value=cleaned.contact_email, organization=same.organization),
            )
        )
    taken = by_organization.get(organization) if organization else None
    if taken is not None and "organization" not in bad:
        found.append(
            problem(
                "organization",
                _(_ORGANIZATION_TAKEN).format(value=cleaned.organization, email=taken.email),
            )
        )
    if email and "contact_email" not in bad:
        first = _remember(seen_email, email, row.number)
        if first != row.number:
            message = _(_SAME_EMAIL_IN_FILE).format(value=cleaned.contact_email, first=first)
            found.append(problem("contact_email", message))
    if organization and "organization" not in bad:
        first = _remember(seen_organization, organization, row.number)
        if first != row.number:
            message = _(_SAME_ORGANIZATION_IN_FILE).format(value=cleaned.organization, first=first)
            found.append(problem("organization", message))
    status = RowStatus.PROBLEM if found else RowStatus.NEW
    return CheckedRow(row.number, cleaned, status, tuple(found))


def _position(problem: RowProblem, columns: ColumnMap, order: dict[str, int]) -> int:
    """Where the problem's column stands in the file (a row's problems left to right)."""
    headers = columns.headers(problem.field) if problem.field else ()
    return order.get(headers[0], -1) if headers else -1


def _remember(seen: dict[str, int], key: str, number: int) -> int:
    """The first row with ``key`` (``number`` itself when it is the first)."""
    return seen.setdefault(key, number)


def _cut(text: str) -> str:
    return text if len(text) <= _QUOTED_CHARS else text[: _QUOTED_CHARS - 1] + "…"
