"""Create, edit and read workshops (several can live in one database)."""

from __future__ import annotations

from decimal import InvalidOperation
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from escadesk.domain.fees import FeeSchedule, FeeScheduleError
from escadesk.domain.money import Money
from escadesk.domain.retention import retention_months, retention_problem
from escadesk.domain.text_rules import problem_in_text
from escadesk.domain.validation import FieldProblem, ValidationError
from escadesk.domain.workshop_calendar import (
    DEFAULT_ROLE,
    CalendarError,
    Facilitator,
    WorkshopCalendar,
    agenda_problems,
    facilitator_problems,
)
from escadesk.i18n import _
from escadesk.services import audit
from escadesk.services.context import ServiceContext
from escadesk.services.lookups import load_workshop
from escadesk.services.row_versions import Edited, VersionedEdit
from escadesk.services.views import (
    WorkshopInput,
    WorkshopSummary,
    WorkshopView,
)
from escadesk.services.workshop_mapping import calendar_of, schedule_of
from escadesk.storage.models import AgendaEntry, FacilitatorEntry, FeeTier, Workshop


def check_workshop(data: WorkshopInput) -> list[FieldProblem]:
    """All problems with a workshop's settings, each tied to its field."""
    refused = _text_problems(data)
    problems: list[FieldProblem] = list(refused.values())
    if not data.code.strip() and "code" not in refused:
        problems.append(FieldProblem("code", _("A short code is required (e.g. TCI2018).")))
    if not data.title.strip() and "title" not in refused:
        problems.append(FieldProblem("title", _("A title is required.")))
    if "timezone" in refused:
        return problems
    try:
        ZoneInfo(data.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(
            FieldProblem(
                "timezone",
                _("'{timezone}' is not a known time zone.").format(timezone=data.timezone),
            )
        )
        return problems
    try:  # the dates and limits; the programme is checked on its own, by its fields
        WorkshopCalendar(
            data.registration_deadline,
            data.event_date,
            data.timezone,
            data.minimum_organizations,
            data.maximum_organizations,
        )
    except CalendarError as error:
        problems.append(FieldProblem("calendar", str(error)))
    problems += [FieldProblem("agenda", text) for text in agenda_problems(data.agenda)]
    problems += [
        FieldProblem("facilitators", text) for text in facilitator_problems(data.facilitators)
    ]
    currency_ok = _is_currency(data.currency)
    if not currency_ok and "currency" not in refused:
        problems.append(
            FieldProblem(
                "currency",
                _("'{currency}' is not an ISO 4217 code (e.g. CAD).").format(
                    currency=data.currency
                ),
            )
        )
    if data.fx_currency and not _is_currency(data.fx_currency) and "fx_currency" not in refused:
        problems.append(
            FieldProblem(
                "fx_currency",
                _("'{fx_currency}' is not an ISO 4217 code (e.g. EUR).").format(
                    fx_currency=data.fx_currency
                ),
            )
        )
    if not (0 <= data.tax_rate < 1):
        problems.append(FieldProblem("tax_rate", _("The tax rate must be between 0% and 100%.")))
    expected = set(range(data.minimum_organizations, data.maximum_organizations + 1))
    if set(data.fees) != expected:
        problems.append(
            FieldProblem(
                "fees",
                _(
                    "Give a fee for each head-count from {minimum_organizations} to "
                    "{maximum_organizations}."
                ).format(
                    minimum_organizations=data.minimum_organizations,
                    maximum_organizations=data.maximum_organizations,
                ),
            )
        )
    try:
        if currency_ok:  # a bad currency is reported once, on its own field
            FeeSchedule(
                {n: Money.of(fee, data.currency) for n, fee in data.fees.items()}, data.tax_rate
            )
    except (FeeScheduleError, ValueError, InvalidOperation) as error:
        problems.append(FieldProblem("fees", str(error)))
    if data.fx_currency and (data.fx_rate is None or data.fx_rate <= 0 or data.fx_as_of is None):
        problems.append(
            FieldProblem(
                "fx_rate", _("An approximate currency needs a positive rate and its date.")
            )
        )
    if refused_period := retention_problem(data.retention_months):
        problems.append(FieldProblem("retention_months", refused_period))
    return problems


def _text_problems(data: WorkshopInput) -> dict[str, FieldProblem]:
    """Every text of the workshop checked for control and bidi characters (one problem per
    field, the first refused text), before any other message could quote them."""
    texts: list[tuple[str, str, str]] = [
        ("code", data.code, _("The code")),
        ("title", data.title, _("The title")),
        ("venue", data.venue, _("The venue")),
        ("timezone", data.timezone, _("The time zone")),
        ("currency", data.currency, _("The currency")),
        ("fx_currency", data.fx_currency or "", _("The approximate currency")),
        ("tax_name", data.tax_name, _("The tax name")),
    ]
    for number, item in enumerate(data.agenda, 1):
        texts.append(
            ("agenda", item.title, _("The title of agenda item {number}").format(number=number))
        )
    for number, person in enumerate(data.facilitators, 1):
        texts.append(
            (
                "facilitators",
                person.name,
                _("The name of facilitator {number}").format(number=number),
            )
        )
        texts.append(
            (
                "facilitators",
                person.affiliation,
                _("The affiliation of facilitator {number}").format(number=number),
            )
        )
        texts.append(
            (
                "facilitators",
                person.role,
                _("The role of facilitator {number}").format(number=number),
            )
        )
    refused: dict[str, FieldProblem] = {}
    for field, text, label in texts:
        if field not in refused and (problem := problem_in_text(field, text, label=label)):
            refused[field] = problem
    return refused


class WorkshopService:
    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    def list(self) -> list[WorkshopSummary]:
        with self._context.database.reading() as session:
            # Four plain columns, not a workshop object each (an institute keeps years of
            # them: 1,000 took 30 ms as objects, issue 17).
            query = select(Workshop.id, Workshop.code, Workshop.title, Workshop.event_date)
            rows = session.execute(query.order_by(Workshop.event_date, Workshop.id))
            return [WorkshopSummary(*row) for row in rows]

    def get(self, workshop_id: int) -> WorkshopView:
        with self._context.database.reading() as session:
            return view_of(load_workshop(session, workshop_id))

    def create(self, data: WorkshopInput) -> int:
        problems = check_workshop(data)
        with self._context.database.transaction() as session:
            if _code_checked(problems) and _code_taken(session, data.code, None):
                problems.append(
                    FieldProblem(
                        "code", _("The code '{code}' is already used.").format(code=data.code)
                    )
                )
            if problems:
                raise ValidationError(problems)
            now = self._context.clock.now()
            workshop = Workshop(created_at=now, updated_at=now)
            _apply(workshop, data)
            session.add(workshop)
            session.flush()
            audit.record(
                session,
                at=now,
                actor=self._context.actor,
                action="workshop.create",
                entity="workshop",
                entity_id=workshop.id,
                workshop_id=workshop.id,
                summary=f"Created workshop {data.code}: {data.title}",
            )
            return workshop.id

    def update(
        self, workshop_id: int, data: WorkshopInput, *, expected_version: int | None = None
    ) -> None:
        """Store the edited workshop; ``expected_version``: the version its form was
        filled from (WorkshopView.version): refused (StaleEditError, nothing saved) when
        another desk changed the workshop since."""
        problems = check_workshop(data)
        edit = VersionedEdit(self._context.database)
        with edit.transaction() as session:
            workshop = load_workshop(session, workshop_id)
            edited = Edited(
                _("The workshop {workshop_code}").format(workshop_code=workshop.code),
                "workshop",
                workshop.id,
                workshop.id,
            )
            edit.claim(session, workshop, expected_version, edited)
            if _code_checked(problems) and _code_taken(session, data.code, workshop_id):
                problems.append(
                    FieldProblem(
                        "code", _("The code '{code}' is already used.").format(code=data.code)
                    )
                )
            if problems:
                raise ValidationError(problems)
            # Delete the old tiers first: the unit of work inserts before it deletes, so
            # re-adding a tier for the same head-count would break the unique constraint.
            workshop.fee_tiers.clear()
            session.flush()
            _apply(workshop, data)
            workshop.updated_at = self._context.clock.now()
            audit.record(
                session,
                at=workshop.updated_at,
                actor=self._context.actor,
                action="workshop.update",
                entity="workshop",
                entity_id=workshop.id,
                workshop_id=workshop.id,
                summary=f"Edited workshop {data.code}",
            )


def view_of(workshop: Workshop) -> WorkshopView:
    return WorkshopView(
        id=workshop.id,
        code=workshop.code,
        title=workshop.title,
        venue=workshop.venue,
        calendar=calendar_of(workshop),
        schedule=schedule_of(workshop),
        facilitators=tuple(
            Facilitator(f.name, f.affiliation, f.role) for f in workshop.facilitators
        ),
        retention_months=retention_months(workshop.retention_months),
        version=workshop.version,
    )


def _is_currency(code: str) -> bool:
    """The same rule as Money: three upper-case letters."""
    return len(code) == 3 and code.isalpha() and code.isupper()


def _code_checked(problems: list[FieldProblem]) -> bool:
    """Whether the code passed its own checks, so it may be looked up: a code refused for
    what it holds (a NUL byte, which PostgreSQL cannot even compare) is never taken."""
    return all(problem.field != "code" for problem in problems)


def _code_taken(session: Session, code: str, except_id: int | None) -> bool:
    query = (
        select(func.count())
        .select_from(Workshop)
        .where(func.lower(Workshop.code) == code.strip().lower())
    )
    if except_id is not None:
        query = query.where(Workshop.id != except_id)
    return bool(session.scalar(query))


def _apply(workshop: Workshop, data: WorkshopInput) -> None:
    workshop.code = data.code.strip()
    workshop.title = data.title.strip()
    workshop.venue = data.venue.strip()
    workshop.timezone = data.timezone
    workshop.registration_deadline = data.registration_deadline
    workshop.event_date = data.event_date
    workshop.minimum_organizations = data.minimum_organizations
    workshop.maximum_organizations = data.maximum_organizations
    workshop.currency = data.currency
    workshop.tax_rate = data.tax_rate
    workshop.tax_name = data.tax_name.strip() or "Tax"
    workshop.fx_currency = data.fx_currency or None
    workshop.fx_rate = data.fx_rate if data.fx_currency else None
    workshop.fx_as_of = data.fx_as_of if data.fx_currency else None
    workshop.fee_tiers = [
        FeeTier(participants=n, gross=fee) for n, fee in sorted(data.fees.items())
    ]
    workshop.agenda = [
        AgendaEntry(start=item.start, end=item.end, title=item.title.strip(), kind=item.kind.value)
        for item in data.agenda
    ]
    workshop.facilitators = [
        FacilitatorEntry(
            position=i,
            name=f.name.strip(),
            affiliation=f.affiliation.strip(),
            role=f.role.strip() or DEFAULT_ROLE,
        )
        for i, f in enumerate(data.facilitators)
    ]
    # Written out, the default too: a later default never shortens a workshop's period.
    workshop.retention_months = retention_months(data.retention_months)
