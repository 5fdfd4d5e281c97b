"""The desk through the whole workshop: what each phase shows, gathered in one read.

Read-only. The phase and its next steps are the domain's (domain/lifecycle.py), and so
are the quorum outlook and the dry run (domain/quorum.py, domain/decision.py); this module
counts what they are computed from, in one reading session of one query per table, and
asks the decision service which cards its decision destroys (its rule, kept there).

The registrations desk reads the same facts in its own session (services/desk_view.py:
:func:`gather` with the registrations, charges and cards it has read for its table) and
hands them to :meth:`LifecycleService.overview_from`, so a refresh reads each table once.

What is shown where nothing more is recorded:

- Letters: a letter is logged (audit ``notify.<template>``) when it is sent or saved as a
  draft. One is due when the registration's current letter (by its status) was never
  logged, or its fee changed since it was told (``fee_notice_due``).
- Benchmarking reports: the app writes them as files; sending them is not recorded. A
  report counts as made for a participant when one was written for it (audit
  ``benchmark.report``) or a run for the whole workshop finished after the decision
  (``benchmark.reports``, not cancelled); the screens say "written", never "sent".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import NamedTuple, Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from escadesk.domain.decision import DecisionPlan, Outcome, plan_decision
from escadesk.domain.fees import FeeSchedule
from escadesk.domain.lifecycle import (
    NextStep,
    Phase,
    WorkLeft,
    next_steps,
    phase_of,
)
from escadesk.domain.money import Money
from escadesk.domain.quorum import QuorumEntry, QuorumOutlook, outlook
from escadesk.domain.registration import TAKING_PART, RegistrationStatus
from escadesk.domain.retention import purge_due_on
from escadesk.domain.workshop_calendar import WorkshopCalendar
from escadesk.notifications.letter_kinds import TEMPLATE_FOR, Template
from escadesk.services.context import ServiceContext
from escadesk.services.decision import DecisionService
from escadesk.services.lookups import load_workshop
from escadesk.services.vault import ErasureScope
from escadesk.services.workshop_mapping import calendar_of, schedule_of
from escadesk.storage import models

#: Audit actions read here (written by services/notify.py and services/benchmarking.py).
_LETTER_ACTION = "notify."
_REPORT_ACTION = "benchmark.report"
_REPORTS_ACTION = "benchmark.reports"
_CANCELLED_RUN = "(cancelled)"
#: A batch that skipped organizations (too few answers; benchmark_reports.PARTIAL_RUN):
#: its reports are counted from their own ``benchmark.report`` entries.
_PARTIAL_RUN = "not written (too few answers)"
_SENT = " sent"


class ConfirmedFee(NamedTuple):
    """An organization taking part, its fixed fee and what was charged (None: not yet).
    A named tuple: the desk builds thousands at each refresh of a large event."""

    registration_id: int
    organization: str
    fee: Money | None
    charged: Money | None


@dataclass(frozen=True)
class ChargeTally:
    recorded: int
    expected: int
    charged: Money
    #: The fees of the organizations taking part not charged yet.
    to_charge: Money


@dataclass(frozen=True)
class LetterTally:
    due: int
    sent: int
    drafts: int


@dataclass(frozen=True)
class CardTally:
    """Card authorizations of the workshop: still stored, and what became of the others."""

    held: int
    #: Whole cards destroyed, each with its certificate of destruction.
    destroyed: int
    #: Codes and scans erased after a charge (the number follows after retention).
    codes_erased: int
    #: Erasures started but not finished, and cards the decision destroys still stored.
    pending: int
    #: Charged cards still stored until their retention period ends.
    awaiting_retention: int
    #: After the event: cards of waitlisted and withdrawn organizations (never charged).
    no_longer_needed: int

    @property
    def known(self) -> int:
        """Every card the Institute held: destroyed or still stored."""
        return self.held + self.destroyed


@dataclass(frozen=True)
class ReportTally:
    participants: int
    written: int
    last_written: datetime | None
    labels: int


@dataclass(frozen=True)
class DeskOverview:
    """What the desk shows for one workshop, as plain values."""

    phase: Phase
    calendar: WorkshopCalendar
    currency: str
    now: datetime
    steps: tuple[NextStep, ...]
    #: Today's outlook (before the deadline, and the gauge once it has passed).
    outlook: QuorumOutlook
    #: Decision due: the outcome as it would be if the decision were taken now.
    plan: DecisionPlan | None = None
    #: Decision due: how many stored card authorizations that outcome destroys.
    cards_the_decision_destroys: int = 0
    decided_at: datetime | None = None
    confirmed: tuple[ConfirmedFee, ...] = ()
    waitlist: tuple[str, ...] = ()
    cancelled: int = 0
    withdrawn: int = 0
    charges: ChargeTally | None = None
    letters: LetterTally = field(default_factory=lambda: LetterTally(0, 0, 0))
    cards: CardTally = field(default_factory=lambda: CardTally(0, 0, 0, 0, 0, 0))
    reports: ReportTally = field(default_factory=lambda: ReportTally(0, 0, None, 0))
    paper_to_destroy: int = 0
    personal_data_purge_on: date | None = None
    personal_data_purged: bool = False


class LifecycleService:
    """Read-only: the phase of a workshop, what it shows, and its next steps."""

    def __init__(self, context: ServiceContext, decision: DecisionService) -> None:
        self._context = context
        self._decision = decision

    def phase(self, workshop_id: int) -> Phase:
        with self._context.database.reading() as session:
            workshop = load_workshop(session, workshop_id)
            return phase_of(calendar_of(workshop), _outcome(workshop), self._context.clock.now())

    def next_steps(self, workshop_id: int) -> tuple[NextStep, ...]:
        return self.overview(workshop_id).steps

    def overview(self, workshop_id: int) -> DeskOverview:
        with self._context.database.reading() as session:
            workshop = load_workshop(session, workshop_id)
            gathered = gather(session, workshop, _registrations(session, workshop_id))
        return self.overview_from(gathered)

    def overview_from(
        self, gathered: OverviewFacts, entries: Sequence[QuorumEntry] | None = None
    ) -> DeskOverview:
        """The overview from facts read in a caller's session (:func:`gather`);
        ``entries``: the registrations as the outlook sees them, if the caller has them
        (the desk keeps them from one refresh to the next), else built here."""
        now = self._context.clock.now()
        calendar, schedule = gathered.calendar, gathered.schedule
        phase = phase_of(calendar, gathered.outcome, now)
        if entries is None:
            entries = [
                QuorumEntry(r.id, r.organization, r.status, r.completed_at)
                for r in gathered.registrations
            ]
        today = outlook(entries, calendar, schedule, now)
        if phase is Phase.DECISION_DUE:
            plan = plan_decision(entries, calendar, schedule, now)
            return self._before_decision(phase, calendar, now, today, gathered, plan)
        if phase is Phase.BEFORE_DEADLINE:
            return self._before_decision(phase, calendar, now, today, gathered, None)
        return self._after_decision(phase, calendar, now, today, gathered)

    # -- before the decision ---------------------------------------------------------------

    def _before_decision(
        self,
        phase: Phase,
        calendar: WorkshopCalendar,
        now: datetime,
        today: QuorumOutlook,
        gathered: OverviewFacts,
        plan: DecisionPlan | None,
    ) -> DeskOverview:
        destroys = 0
        if plan is not None:
            destroys = self._decision.planned_erasure_count(gathered.workshop_id, plan)
        reminders = (
            self._reminders_due(gathered.workshop_id, calendar, now)
            if phase is Phase.BEFORE_DEADLINE
            else 0
        )
        work = WorkLeft(
            delegates=gathered.delegates,
            late_pending=len(today.late_pending),
            reminders_due=reminders,
        )
        return DeskOverview(
            phase=phase,
            calendar=calendar,
            currency=gathered.currency,
            now=now,
            steps=next_steps(phase, calendar, work),
            outlook=today,
            plan=plan,
            cards_the_decision_destroys=destroys,
            cards=_cards(gathered, pending=0, no_longer_needed=0),
        )

    def _reminders_due(self, workshop_id: int, calendar: WorkshopCalendar, now: datetime) -> int:
        """Missing-document reminders due (services/letters_due.py: two short queries)."""
        from escadesk.services.letters_due import reminders_due_in

        with self._context.database.reading() as session:
            return reminders_due_in(session, workshop_id, calendar, now)

    # -- after the decision ----------------------------------------------------------------

    def _after_decision(
        self,
        phase: Phase,
        calendar: WorkshopCalendar,
        now: datetime,
        today: QuorumOutlook,
        gathered: OverviewFacts,
    ) -> DeskOverview:
        workshop_id = gathered.workshop_id
        # Once the decision is taken, the cards it still has to destroy.
        decision_left = self._decision.planned_erasure_count(workshop_id)
        after_event = (
            len(self._decision.after_event_erasures(workshop_id))
            if phase is Phase.AFTER_EVENT
            else 0
        )
        cards = _cards(gathered, pending=decision_left, no_longer_needed=after_event)
        groups = _by_status(gathered.registrations)
        taking_part = [r for status in TAKING_PART for r in groups[status]]
        fees: dict[Decimal, Money] = {}  # one Money per fee, not per organization
        currency, charged = gathered.currency, gathered.charges
        confirmed = tuple(
            ConfirmedFee(r.id, r.organization, _fee(fees, r.fee_gross, currency), charged.get(r.id))
            for r in sorted(taking_part, key=lambda r: (r.organization.casefold(), r.id))
        )
        charges = _charge_tally(confirmed, gathered)
        letters = _letters(gathered, groups)
        reports = _reports(gathered, taking_part)
        work = WorkLeft(
            delegates=gathered.delegates,
            letters_due=letters.due,
            uncharged=charges.expected - charges.recorded,
            taking_part=charges.expected,
            decision_erasures=decision_left,
            cards_no_longer_needed=after_event,
            certificates=cards.destroyed,
            paper_to_destroy=gathered.paper_to_destroy,
            reports_missing=reports.participants - reports.written,
            labels_missing=reports.participants - reports.labels,
        )
        waitlist = sorted(
            groups[RegistrationStatus.WAITLISTED], key=lambda r: (r.completed_at or now, r.id)
        )
        return DeskOverview(
            phase=phase,
            calendar=calendar,
            currency=gathered.currency,
            now=now,
            steps=next_steps(phase, calendar, work),
            outlook=today,
            decided_at=gathered.decided_at,
            confirmed=confirmed,
            waitlist=tuple(r.organization for r in waitlist),
            cancelled=len(groups[RegistrationStatus.CANCELLED]),
            withdrawn=len(groups[RegistrationStatus.WITHDRAWN]),
            charges=charges,
            letters=letters,
            cards=cards,
            reports=reports,
            paper_to_destroy=gathered.paper_to_destroy,
            personal_data_purge_on=purge_due_on(calendar.event_date, gathered.retention_months),
            personal_data_purged=gathered.purged,
        )


# -- one read --------------------------------------------------------------------------------


class RegistrationFacts(Protocol):
    """What the overview counts of one registration (the desk's rows have it too)."""

    @property
    def id(self) -> int: ...
    @property
    def organization(self) -> str: ...
    @property
    def status(self) -> RegistrationStatus: ...
    @property
    def fee_gross(self) -> Decimal | None: ...
    @property
    def fee_notice_due(self) -> bool: ...
    @property
    def completed_at(self) -> datetime | None: ...


class _Row(NamedTuple):
    id: int
    organization: str
    status: RegistrationStatus
    fee_gross: Decimal | None
    fee_notice_due: bool
    completed_at: datetime | None


#: Stored status -> member: a dict look-up per row rather than an enum call.
_STATUSES = {status.value: status for status in RegistrationStatus}


@dataclass(frozen=True)
class OverviewFacts:
    """Everything the overview is computed from, read in one session (:func:`gather`)."""

    workshop_id: int
    currency: str
    calendar: WorkshopCalendar
    schedule: FeeSchedule
    outcome: Outcome | None
    decided_at: datetime | None
    retention_months: int | None
    purged: bool
    registrations: Sequence[RegistrationFacts]
    charges: Mapping[int, Money]
    #: Registrations whose card authorization is stored.
    cards: frozenset[int]
    #: Erasures by (scope, status), counted.
    erasures: dict[tuple[ErasureScope, str], int]
    #: Letters logged: (registration, template) -> sent (True) or only saved as a draft.
    letters: dict[tuple[int, Template], bool]
    reports_for: frozenset[int]
    #: When a report run for the whole workshop last finished (None: never).
    full_run_at: datetime | None
    last_report_at: datetime | None
    labels: frozenset[int]
    paper_to_destroy: int
    delegates: int


def _outcome(workshop: models.Workshop) -> Outcome | None:
    return Outcome(workshop.decision) if workshop.decision else None


def _registrations(session: Session, workshop_id: int) -> list[_Row]:
    """The workshop's registrations as the overview counts them: plain columns of one
    query, in registration order (the order the desk lists them in)."""
    query = (
        select(
            models.Registration.id,
            models.Organization.name,
            models.Registration.status,
            models.Registration.fee_gross,
            models.Registration.fee_notice_due,
            models.Registration.completed_at,
        )
        .join(models.Organization, models.Organization.id == models.Registration.organization_id)
        .where(models.Registration.workshop_id == workshop_id)
        .order_by(models.Registration.created_at, models.Registration.id)
    )
    return [
        _Row(key, organization, _STATUSES[status], fee, notice, completed)
        for key, organization, status, fee, notice, completed in session.execute(query)
    ]


def gather(
    session: Session,
    workshop: models.Workshop,
    registrations: Sequence[RegistrationFacts],
    charges: Mapping[int, Money] | None = None,
    cards: frozenset[int] | None = None,
) -> OverviewFacts:
    """Everything counted for the desk, one query per table; ``charges`` (amount by
    registration) and ``cards`` (registrations whose card is stored) are read here unless
    the caller has read them already."""
    workshop_id = workshop.id
    in_workshop = select(models.Registration.id).where(
        models.Registration.workshop_id == workshop_id
    )
    if charges is None:
        charges = {
            registration_id: Money(amount, currency)
            for registration_id, amount, currency in session.execute(
                select(
                    models.Charge.registration_id, models.Charge.amount, models.Charge.currency
                ).where(models.Charge.registration_id.in_(in_workshop))
            )
        }
    if cards is None:
        cards = frozenset(
            session.scalars(
                select(models.CardAuthorization.registration_id).where(
                    models.CardAuthorization.registration_id.in_(in_workshop)
                )
            )
        )
    erasures: dict[tuple[ErasureScope, str], int] = {}
    for scope, status, count in session.execute(
        select(models.Erasure.scope, models.Erasure.status, func.count())
        .where(models.Erasure.workshop_id == workshop_id)
        .group_by(models.Erasure.scope, models.Erasure.status)
    ):
        erasures[(ErasureScope(scope), status)] = count
    letters: dict[tuple[int, Template], bool] = {}
    reports_for: set[int] = set()
    full_run_at: datetime | None = None
    last_report_at: datetime | None = None
    for action, entity_id, summary, at in session.execute(
        select(
            models.AuditEntry.action,
            models.AuditEntry.entity_id,
            models.AuditEntry.summary,
            models.AuditEntry.at,
        )
        .where(
            models.AuditEntry.workshop_id == workshop_id,
            models.AuditEntry.action.startswith(_LETTER_ACTION)
            | models.AuditEntry.action.in_([_REPORT_ACTION, _REPORTS_ACTION]),
        )
        .order_by(models.AuditEntry.id)
    ):
        if action.startswith(_LETTER_ACTION) and entity_id is not None:
            template = _template(action.removeprefix(_LETTER_ACTION))
            if template is not None:
                key = (entity_id, template)
                letters[key] = letters.get(key, False) or summary.endswith(_SENT)
        elif action == _REPORT_ACTION and entity_id is not None:
            reports_for.add(entity_id)
            last_report_at = at
        elif action == _REPORTS_ACTION:
            last_report_at = at
            decided = workshop.decided_at
            full = not summary.endswith(_CANCELLED_RUN) and _PARTIAL_RUN not in summary
            if full and (decided is None or at >= decided):
                full_run_at = at
    # A join, not "IN (the workshop's registrations)": SQLite probes the labels once per
    # registration either way, but builds no list of them first (a third of the time).
    labels = frozenset(
        session.scalars(
            select(models.QualityLabel.registration_id)
            .join(
                models.Registration, models.Registration.id == models.QualityLabel.registration_id
            )
            .where(models.Registration.workshop_id == workshop_id)
        )
    )
    paper = session.scalar(
        select(func.count()).where(
            models.PaperForm.registration_id.in_(in_workshop),
            models.PaperForm.disposed_on.is_(None),
        )
    )
    delegates = session.scalar(
        select(func.count()).where(models.Delegate.workshop_id == workshop_id)
    )
    return OverviewFacts(
        workshop_id=workshop_id,
        currency=workshop.currency,
        calendar=calendar_of(workshop),
        schedule=schedule_of(workshop),
        outcome=_outcome(workshop),
        decided_at=workshop.decided_at,
        retention_months=workshop.retention_months,
        purged=workshop.personal_data_purged_at is not None,
        registrations=registrations,
        charges=charges,
        cards=cards,
        erasures=erasures,
        letters=letters,
        reports_for=frozenset(reports_for),
        full_run_at=full_run_at,
        last_report_at=last_report_at,
        labels=labels,
        paper_to_destroy=paper or 0,
        delegates=delegates or 0,
    )


def _by_status(
    registrations: Iterable[RegistrationFacts],
) -> dict[RegistrationStatus, list[RegistrationFacts]]:
    """The registrations by state, in one pass: after the decision the overview lists
    or counts five states, and tells the letters of four (thousands of rows each at a
    large event, at every refresh of the desk)."""
    groups: dict[RegistrationStatus, list[RegistrationFacts]] = {
        status: [] for status in RegistrationStatus
    }
    for row in registrations:
        groups[row.status].append(row)
    return groups


def _template(value: str) -> Template | None:
    try:
        return Template(value)
    except ValueError:
        return None


def _cards(gathered: OverviewFacts, *, pending: int, no_longer_needed: int) -> CardTally:
    erasures = gathered.erasures
    charged_held = sum(1 for rid in gathered.charges if rid in gathered.cards)
    interrupted = sum(count for (_scope, status), count in erasures.items() if status == "pending")
    return CardTally(
        held=len(gathered.cards),
        destroyed=erasures.get((ErasureScope.FULL, "complete"), 0),
        codes_erased=erasures.get((ErasureScope.SENSITIVE, "complete"), 0),
        pending=pending + interrupted,
        awaiting_retention=charged_held,
        no_longer_needed=no_longer_needed,
    )


def _fee(fees: dict[Decimal, Money], gross: Decimal | None, currency: str) -> Money | None:
    if gross is None:
        return None
    fee = fees.get(gross)
    if fee is None:
        fee = fees[gross] = Money(gross, currency)
    return fee


def _charge_tally(confirmed: Iterable[ConfirmedFee], gathered: OverviewFacts) -> ChargeTally:
    charged: list[Money] = []
    to_charge: list[Money] = []
    expected = 0
    for entry in confirmed:
        expected += 1
        if entry.charged is not None:
            charged.append(entry.charged)
        elif entry.fee is not None:
            to_charge.append(entry.fee)
    currency = gathered.currency
    return ChargeTally(
        len(charged),
        expected,
        _total(charged, currency).rounded(),
        _total(to_charge, currency).rounded(),
    )


def _total(amounts: list[Money], currency: str) -> Money:
    """The sum as Money's addition makes it, in the same order (another currency raises
    there), building one Money instead of one per addition: thousands at a large event."""
    if all(money.currency == currency for money in amounts):
        return Money(sum((money.amount for money in amounts), Decimal(0)), currency)
    total = Money.zero(currency)
    for money in amounts:
        total += money
    return total


def _letters(
    gathered: OverviewFacts, groups: Mapping[RegistrationStatus, list[RegistrationFacts]]
) -> LetterTally:
    """One letter per organization for its current status (see the module's note);
    ``groups``: the registrations by state (:func:`_by_status`)."""
    due = sent = drafts = 0
    logged_letters = gathered.letters
    for status, template in TEMPLATE_FOR.items():
        confirmed = template is Template.CONFIRMED
        for row in groups[status]:
            logged = logged_letters.get((row.id, template))
            if logged is None or (confirmed and row.fee_notice_due):
                due += 1
            elif logged:
                sent += 1
            else:
                drafts += 1
    return LetterTally(due, sent, drafts)


def _reports(gathered: OverviewFacts, taking_part: list[RegistrationFacts]) -> ReportTally:
    ids = {row.id for row in taking_part}
    written = ids if gathered.full_run_at is not None else ids & gathered.reports_for
    return ReportTally(
        participants=len(ids),
        written=len(written),
        last_written=gathered.last_report_at,
        labels=len(ids & gathered.labels),
    )
