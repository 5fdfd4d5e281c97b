"""What services hand to the screens: plain, immutable values with no database behind them.

Kept free of SQLAlchemy so the window can be built and painted before the database layer
is even imported (start-up time), and so the UI cannot reach past the services.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from escadesk.domain.fees import FeeSchedule
from escadesk.domain.registration import RegistrationStatus
from escadesk.domain.registration_form import RegistrationDetails
from escadesk.domain.retention import DEFAULT_RETENTION_MONTHS
from escadesk.domain.validation import FieldProblem, ValidationError
from escadesk.domain.workshop_calendar import AgendaItem, Facilitator, WorkshopCalendar
from escadesk.i18n import _


class NotFoundError(LookupError):
    """The workshop or registration asked for does not exist (any more)."""


#: The field of a stale edit's problem: not one of the form's fields, the whole form.
STALE_FIELD = "stale"


class StaleEditError(ValidationError):
    """The row changed on another desk since the form was filled from it; nothing was
    saved (services/row_versions.py). Here, free of SQLAlchemy, for the forms to catch."""

    def __init__(self, what: str, by: str, at: str | None) -> None:
        what = _(what)  # a marked constant (N_) is translated here; a formatted one is kept
        if at:
            message = _(
                "{what} was changed by {by} at {at} — reload to see the change; nothing was saved."
            ).format(what=what, by=by, at=at)
        else:
            message = _(
                "{what} was changed by {by} — reload to see the change; nothing was saved."
            ).format(what=what, by=by)
        super().__init__([FieldProblem(STALE_FIELD, message)])
        self.message = message


@dataclass(frozen=True)
class WorkshopInput:
    """Everything the director sets for a workshop; validated as a whole before saving."""

    code: str
    title: str
    venue: str
    timezone: str
    registration_deadline: date
    event_date: date
    minimum_organizations: int
    maximum_organizations: int
    currency: str
    tax_rate: Decimal
    tax_name: str
    fees: dict[int, Decimal]
    fx_currency: str | None = None
    fx_rate: Decimal | None = None
    fx_as_of: date | None = None
    agenda: tuple[AgendaItem, ...] = ()
    facilitators: tuple[Facilitator, ...] = field(default_factory=tuple)
    #: Months personal data is kept after the event (domain/retention.py; None: the
    #: default period).
    retention_months: int | None = DEFAULT_RETENTION_MONTHS


@dataclass(frozen=True)
class WorkshopSummary:
    id: int
    code: str
    title: str
    event_date: date


@dataclass(frozen=True)
class WorkshopView:
    """A workshop as the domain sees it, plus what the screens show about it."""

    id: int
    code: str
    title: str
    venue: str
    calendar: WorkshopCalendar
    schedule: FeeSchedule
    facilitators: tuple[Facilitator, ...]
    #: Months personal data is kept after the event (domain/retention.py).
    retention_months: int = DEFAULT_RETENTION_MONTHS
    #: The workshop's row version when read (services/row_versions.py): what its form
    #: passes back when saving (None: unknown, not checked). Not part of the equality:
    #: two views of the same settings are equal, whichever save wrote them.
    version: int | None = field(default=None, compare=False)

    def as_input(self) -> WorkshopInput:
        rate = self.schedule.rate
        return WorkshopInput(
            code=self.code,
            title=self.title,
            venue=self.venue,
            timezone=self.calendar.timezone,
            registration_deadline=self.calendar.registration_deadline,
            event_date=self.calendar.event_date,
            minimum_organizations=self.calendar.minimum_organizations,
            maximum_organizations=self.calendar.maximum_organizations,
            currency=self.schedule.currency,
            tax_rate=self.schedule.tax_rate,
            tax_name=self.schedule.tax_name,
            fees={count: fee.amount for count, fee in self.schedule.fees.items()},
            fx_currency=rate.quote if rate else None,
            fx_rate=rate.rate if rate else None,
            fx_as_of=rate.as_of if rate else None,
            agenda=self.calendar.agenda,
            facilitators=self.facilitators,
            retention_months=self.retention_months,
        )


@dataclass(frozen=True)
class RegistrationRow:
    """One line of the registrations table."""

    id: int
    organization: str
    country: str
    technology_area: str
    contact_name: str
    contact_title: str
    contact_email: str
    contact_phone: str
    status: RegistrationStatus
    registered_at: datetime
    form_received_at: datetime | None
    authorization_received_at: datetime | None
    completed_at: datetime | None
    late: bool
    late_accepted_reason: str | None
    waitlist_position: int | None
    #: The fee fixed for this organization by the decision (gross, workshop currency).
    fee_gross: Decimal | None = None
    #: The fee changed (promotion, re-pricing) and the organization has not been told yet.
    fee_notice_due: bool = False
    #: The registration's row version when read (services/row_versions.py): an edit
    #: from this row passes it back, and is refused if another desk changed it since.
    version: int | None = None

    @property
    def details(self) -> RegistrationDetails:
        return RegistrationDetails(
            organization=self.organization,
            country=self.country,
            technology_area=self.technology_area,
            contact_name=self.contact_name,
            contact_email=self.contact_email,
            contact_title=self.contact_title,
            contact_phone=self.contact_phone,
        )
