"""The retention purge: a workshop's personal data goes when its period has ended.

Each workshop keeps personal data a number of months after its event
(domain/retention.py); then every registration is erased by the erasure's rules
(services/personal_erasure.py) and the workshop's delegate list goes as a whole, keeping
the anonymous totals finance needs. Its own module because it works per workshop, once,
idempotently (run at each unlock and from ``escadesk-cli personal purge``), where the
erasure works per organization on request.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from escadesk.domain.moments import long_date
from escadesk.domain.money import Money
from escadesk.domain.registration import RegistrationStatus
from escadesk.domain.retention import (
    local_today,
    purge_due_on,
    purge_is_due,
    retention_months,
)
from escadesk.i18n import Translator, _, format_decimal, format_money
from escadesk.i18n.translator import current
from escadesk.services import audit
from escadesk.services.context import ServiceContext
from escadesk.services.personal_backup_cleaning import clean_files, note_backups_pending
from escadesk.services.personal_data_records import (
    ErasedCounts,
    card_holders,
    count_registration,
    workshop_registrations,
)
from escadesk.services.personal_erasure import ENGLISH, ErasureWork, erase_registration
from escadesk.storage import models


@dataclass(frozen=True)
class WorkshopPurge:
    """One workshop whose retention period has ended: what its purge keeps and removes."""

    workshop_id: int
    code: str
    event_date: date
    months: int
    due_on: date
    #: How many registrations in each state (the anonymous totals kept).
    by_status: tuple[tuple[str, int], ...]
    fees_charged: Money
    counts: ErasedCounts
    #: Organizations left as they are: a card authorization is still stored for them.
    kept: tuple[str, ...] = ()
    purged_at: datetime | None = None

    @property
    def registrations(self) -> int:
        return sum(count for _status, count in self.by_status)

    @property
    def complete(self) -> bool:
        return not self.kept

    def totals_words(self, language: Translator | None = None) -> str:
        """'3 registrations (2 confirmed, 1 cancelled), fees charged 3,000.00 CAD', in
        ``language``: the user interface's by default; the audit log passes English."""
        t = language or current()
        english = t.language == "en"

        def number(value: int) -> str:
            return f"{value:,}" if english else format_decimal(value, t.locale)

        def state(status: str) -> str:
            if english:
                return status
            try:
                return t.gettext(RegistrationStatus(status).label).lower()
            except ValueError:
                return status

        fees = (
            self.fees_charged.format()
            if english
            else format_money(self.fees_charged.amount, self.fees_charged.currency, t.locale)
        )
        registrations = t.ngettext(
            "{count} registration", "{count} registrations", self.registrations
        ).format(count=number(self.registrations))
        states = ", ".join(f"{number(count)} {state(status)}" for status, count in self.by_status)
        if not states:
            return t.gettext("{registrations}, fees charged {fees}").format(
                registrations=registrations, fees=fees
            )
        return t.gettext("{registrations} ({states}), fees charged {fees}").format(
            registrations=registrations, states=states, fees=fees
        )

    def sentence(self) -> str:
        facts = {
            "code": self.code,
            "months": self.months,
            "event_date": long_date(self.event_date),
            "due_on": long_date(self.due_on),
            "what": self.counts.words(),
            "totals": self.totals_words(),
        }
        if not self.counts.anything:
            text = _(
                "Workshop {code}: personal data kept {months} months after the event of "
                "{event_date}, due on {due_on}; nothing to erase; kept as anonymous totals: "
                "{totals}."
            )
        elif self.purged_at is None:
            text = _(
                "Workshop {code}: personal data kept {months} months after the event of "
                "{event_date}, due on {due_on}; erase {what}; kept as anonymous totals: "
                "{totals}."
            )
        else:
            text = _(
                "Workshop {code}: personal data kept {months} months after the event of "
                "{event_date}, due on {due_on}; erased {what}; kept as anonymous totals: "
                "{totals}."
            )
        text = text.format(**facts)
        if self.kept:
            text += " " + _(
                "Left as they are until their card authorization is erased: {organizations}."
            ).format(organizations=", ".join(self.kept))
        return text


@dataclass(frozen=True)
class Retention:
    """A workshop's retention period as the command line lists it."""

    workshop_id: int
    code: str
    event_date: date
    months: int
    due_on: date
    due: bool
    purged_at: datetime | None

    def words(self) -> str:
        if self.purged_at is not None:
            state = f"purged on {self.purged_at.date().isoformat()} (UTC)"
        elif self.due:
            state = "due now"
        else:
            state = "not due yet"
        return (
            f"kept {self.months} months after the event of {self.event_date.isoformat()}, "
            f"until {self.due_on.isoformat()}: {state}"
        )


def retentions(context: ServiceContext) -> list[Retention]:
    """Every workshop's retention period: until when its personal data is kept."""
    now = context.clock.now()
    with context.database.reading() as session:
        workshops = session.scalars(
            select(models.Workshop).order_by(models.Workshop.event_date, models.Workshop.id)
        )
        return [
            Retention(
                workshop_id=w.id,
                code=w.code,
                event_date=w.event_date,
                months=retention_months(w.retention_months),
                due_on=purge_due_on(w.event_date, w.retention_months),
                due=purge_is_due(w.event_date, w.retention_months, local_today(now, w.timezone)),
                purged_at=w.personal_data_purged_at,
            )
            for w in workshops
        ]


def due_purges(context: ServiceContext, workshop_id: int | None = None) -> list[WorkshopPurge]:
    """The workshops whose personal data is due to go now (a dry run: nothing changes)."""
    now = context.clock.now()
    with context.database.reading() as session:
        return [
            _plan_purge(session, workshop, None)
            for workshop in _due_workshops(session, now, workshop_id)
        ]


def purge_due(context: ServiceContext, workshop_id: int | None = None) -> list[WorkshopPurge]:
    """Purge every workshop whose retention period has ended (idempotent: a purged
    workshop is not purged again); one transaction and one audit entry per workshop."""
    now = context.clock.now()
    with context.database.reading() as session:
        due = [w.id for w in _due_workshops(session, now, workshop_id)]
    done: list[WorkshopPurge] = []
    for due_id in due:
        with context.database.transaction() as session:
            workshop = session.get(models.Workshop, due_id)
            if workshop is None or workshop.personal_data_purged_at is not None:
                continue
            result = _purge_workshop(context, session, workshop, now)
        if result is not None:
            done.append(result)
    if done:
        clean_files(context)
    return done


def _purge_workshop(
    context: ServiceContext, session: Session, workshop: models.Workshop, now: datetime
) -> WorkshopPurge | None:
    """Inside the caller's transaction; None when nothing changed since the last try
    (only registrations still holding a card are left): no new audit entry then."""
    blocked = card_holders(session, workshop.id)
    work = ErasureWork()
    kept: list[str] = []
    for registration in workshop_registrations(session, workshop.id):
        if registration.id in blocked:
            kept.append(registration.organization.name)
            continue
        erase_registration(session, registration, now, work, whole_workshop=True)
    delegates = list(
        session.scalars(select(models.Delegate).where(models.Delegate.workshop_id == workshop.id))
    )
    for delegate in delegates:
        work.delegate_ids.append(delegate.id)
        session.delete(delegate)
    work.counts += ErasedCounts(delegate_entries=len(delegates))
    if kept and not work.counts.anything:
        return None
    if not kept:
        workshop.personal_data_purged_at = now
    note_backups_pending(session, work.delegate_ids)
    plan = _plan_purge(session, workshop, kept, counts=work.counts, purged_at=now)
    audit.record_now(
        session,
        context,
        action="personal_data.purge",
        entity="workshop",
        entity_id=workshop.id,
        workshop_id=workshop.id,
        summary=f"Personal data purged, {plan.months} months after the event "
        f"({plan.event_date.isoformat()}): erased "
        f"{work.counts.words(ENGLISH) if work.counts.anything else 'nothing more'}; kept as "
        f"anonymous totals: {plan.totals_words(ENGLISH)}"
        + (f"; left until their card is erased: {', '.join(kept)}" if kept else ""),
    )
    return plan


def _due_workshops(
    session: Session, now: datetime, workshop_id: int | None
) -> list[models.Workshop]:
    query = (
        select(models.Workshop)
        .where(models.Workshop.personal_data_purged_at.is_(None))
        .order_by(models.Workshop.event_date, models.Workshop.id)
    )
    if workshop_id is not None:
        query = query.where(models.Workshop.id == workshop_id)
    return [
        workshop
        for workshop in session.scalars(query)
        if purge_is_due(
            workshop.event_date,
            workshop.retention_months,
            local_today(now, workshop.timezone),
        )
    ]


def _plan_purge(
    session: Session,
    workshop: models.Workshop,
    kept: list[str] | None,
    *,
    counts: ErasedCounts | None = None,
    purged_at: datetime | None = None,
) -> WorkshopPurge:
    registrations = workshop_registrations(session, workshop.id)
    if kept is None:  # the dry run: count what the purge would do
        blocked = card_holders(session, workshop.id)
        kept = [r.organization.name for r in registrations if r.id in blocked]
        counts = ErasedCounts()
        for registration in registrations:
            if registration.id not in blocked:
                counts += count_registration(session, registration, whole_workshop=True)
        delegates = session.scalar(
            select(func.count())
            .select_from(models.Delegate)
            .where(models.Delegate.workshop_id == workshop.id)
        )
        counts += ErasedCounts(delegate_entries=delegates or 0)
    statuses = Counter(RegistrationStatus(r.status) for r in registrations)
    by_status = tuple(
        (status.label.lower(), statuses[status])
        for status in RegistrationStatus
        if statuses[status]
    )
    charged = session.scalars(
        select(models.Charge.amount)
        .join(models.Registration)
        .where(models.Registration.workshop_id == workshop.id)
    )
    fees = Money(sum(charged, Decimal(0)), workshop.currency)
    months = retention_months(workshop.retention_months)
    return WorkshopPurge(
        workshop_id=workshop.id,
        code=workshop.code,
        event_date=workshop.event_date,
        months=months,
        due_on=purge_due_on(workshop.event_date, months),
        by_status=by_status,
        fees_charged=fees,
        counts=counts or ErasedCounts(),
        kept=tuple(kept),
        purged_at=purged_at,
    )
