"""Decision day as use cases: preview (dry run), confirm once, then erase what must go.

Confirming is one transaction: every registration's new state, each confirmed
organization's fixed fee, the workshop's decision and the audit entry. Erasing the card
authorizations the decision makes useless follows, one at a time with progress: after a
cancel, every card of the workshop, whatever its registration's state; after a proceed,
those of the cancelled (and any withdrawn) registrations. The work left is derived from
the data, so a restart simply finishes an erasure that was cut off; the dry run lists the
same cards, and what is said afterwards is counted from what was actually destroyed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session, joinedload

from escadesk.domain.cards import CardBrand, MaskedCard
from escadesk.domain.decision import (
    DecisionNotAvailableError,
    DecisionPlan,
    Outcome,
    plan_decision,
    require_available,
)
from escadesk.domain.money import Money
from escadesk.domain.quorum import QuorumEntry
from escadesk.domain.registration import (
    FINAL,
    TAKING_PART_VALUES,
    RegistrationEvent,
    RegistrationStatus,
)
from escadesk.domain.text_rules import problem_in_text
from escadesk.domain.validation import FieldProblem, ValidationError
from escadesk.i18n import _, format_decimal, ngettext
from escadesk.i18n.translator import translator
from escadesk.services import audit
from escadesk.services.collector_pause import collector_paused
from escadesk.services.context import ServiceContext
from escadesk.services.lookups import load_workshop
from escadesk.services.registration_lifecycle import Step, apply_event, apply_steps
from escadesk.services.registrations import WITHDRAWN_REASON
from escadesk.services.vault import ErasureScope, ErasureView, VaultService
from escadesk.services.workshop_mapping import calendar_of, schedule_of
from escadesk.storage import models

Progress = Callable[[int, str], None]

#: Stored status -> member: a dict look-up, where calling the enum costs microseconds a row.
_STATUSES = {status.value: status for status in RegistrationStatus}
#: The statuses a plan leaves out, as stored (sorted: the same SQL text every time).
_FINAL_VALUES = sorted(status.value for status in FINAL)
_BRANDS = {brand.value: brand for brand in CardBrand}

CANCEL_REASON = "The workshop did not proceed: fewer than the minimum of organizations completed."
AFTER_EVENT_REASON = "The workshop is over; this authorization will never be charged."
NOT_ADMITTED_REASON = (
    "Registration not completed by the deadline; the workshop proceeded without it."
)


@dataclass(frozen=True)
class Repriced:
    """The new fee per organization and who must be told (confirmed, not yet charged)."""

    fee: Money
    flagged: tuple[str, ...]


@dataclass(frozen=True)
class CardToDestroy:
    """A card authorization the decision destroys, as the dry run lists it (masked)."""

    registration_id: int
    organization: str
    status: RegistrationStatus  # the registration's state now
    card: str  # "VISA •••• 1111", never more


@dataclass(frozen=True)
class ErasureReport:
    """What an erasure run did. The sentence shown afterwards is counted from it, never a
    fixed "all destroyed": an authorization that could not be destroyed, or whose traces
    remained in the database files, is said so."""

    found: int
    erasures: tuple[ErasureView, ...]
    #: "Organization: why", one per authorization that could not be destroyed.
    failures: tuple[str, ...] = ()

    @property
    def destroyed(self) -> int:
        return sum(1 for erasure in self.erasures if erasure.status == "complete")

    def sentence(self) -> str:
        """In the window's language (the wizard, the CLI and the progress line show it)."""
        if not self.found:
            return _("No card authorization was found to destroy.")
        found, destroyed = format_decimal(self.found), self.destroyed
        if destroyed == self.found:
            return ngettext(
                "{destroyed} of {found} card authorization found was destroyed, with its "
                "certificate of destruction.",
                "{destroyed} of {found} card authorizations found were destroyed, each with "
                "its certificate of destruction.",
                self.found,
            ).format(destroyed=destroyed, found=found)
        # Translators: some, not all, of the card authorizations found were destroyed;
        # the plural follows {destroyed} (two messages: one found, several found).
        if self.found == 1:
            text = ngettext(
                "{destroyed} of {found} card authorization found was destroyed.",
                "{destroyed} of {found} card authorization found were destroyed.",
                destroyed,
            )
        else:
            text = ngettext(
                "{destroyed} of {found} card authorizations found was destroyed.",
                "{destroyed} of {found} card authorizations found were destroyed.",
                destroyed,
            )
        notes = [text.format(destroyed=destroyed, found=found)]
        traces = len(self.erasures) - self.destroyed
        if traces:
            notes.append(
                ngettext(
                    "{count} erased, but traces remained in the database files (see the "
                    "certificate).",
                    "{count} erased, but traces remained in the database files (see the "
                    "certificate).",
                    traces,
                ).format(count=traces)
            )
        if self.failures:
            notes.append(
                ngettext(
                    "{count} could not be destroyed: {failures}. Try again; an erasure cut "
                    "off half-way is finished at the next unlock.",
                    "{count} could not be destroyed: {failures}. Try again; an erasure cut "
                    "off half-way is finished at the next unlock.",
                    len(self.failures),
                ).format(count=len(self.failures), failures="; ".join(self.failures))
            )
        return " ".join(notes)


@dataclass(frozen=True)
class DryRun:
    """What confirming now would do, and the card authorizations it would destroy."""

    plan: DecisionPlan
    cards: list[CardToDestroy]


@dataclass(frozen=True)
class DecisionRecord:
    outcome: Outcome
    decided_at: datetime
    decided_by: str
    participants: int


class DecisionService:
    def __init__(self, context: ServiceContext, vault: VaultService) -> None:
        self._context = context
        self._vault = vault
        vault.after_unlock.append(self.finish_decided_erasures)
        #: Run after the passphrase is confirmed, before the decision is written (the
        #: backup taken before each decision); a hook that raises stops the decision.
        self.before_decision: list[Callable[[], object]] = []

    def finish_decided_erasures(self) -> int:
        """A decision's durable intent is the cards it condemned: an erase loop cut off
        between cards (a crash, a closed window) is finished at the next unlock. Returns
        how many were destroyed; a failure stays pending for the next unlock (the wizard's
        "Finish erasing" shows it) and never keeps the director out."""
        with self._context.database.reading() as session:
            decided = list(
                session.scalars(
                    select(models.Registration.workshop_id)
                    .join(
                        models.CardAuthorization,
                        models.CardAuthorization.registration_id == models.Registration.id,
                    )
                    .join(models.Workshop, models.Workshop.id == models.Registration.workshop_id)
                    .where(models.Workshop.decided_at.is_not(None), _still_to_destroy())
                    .distinct()
                )
            )
        destroyed = 0
        for workshop_id in decided:
            try:
                destroyed += self.erase_cancelled(workshop_id).destroyed
            except Exception:  # whatever stops it, the vault stays open; it is still pending
                continue
        return destroyed

    def taken(self, workshop_id: int) -> DecisionRecord | None:
        with self._context.database.reading() as session:
            workshop = load_workshop(session, workshop_id)
            if workshop.decided_at is None or workshop.decision is None:
                return None
            return DecisionRecord(
                Outcome(workshop.decision),
                workshop.decided_at,
                workshop.decided_by or "",
                workshop.decided_participants or 0,
            )

    def preview(self, workshop_id: int) -> DecisionPlan:
        """The dry run: what confirming now would do. Changes nothing."""
        with collector_paused(), self._context.database.reading() as session:
            workshop = load_workshop(session, workshop_id)
            return self._plan(session, workshop)

    def dry_run(self, workshop_id: int) -> DryRun:
        """:meth:`preview` and :meth:`planned_erasures` from one plan (the wizard shows
        both; planning reads every registration of the workshop)."""
        with collector_paused(), self._context.database.reading() as session:
            workshop = load_workshop(session, workshop_id)
            plan = self._plan(session, workshop)
            return DryRun(plan, _planned_cards(session, workshop, plan))

    def confirm(self, workshop_id: int, passphrase: str) -> DecisionPlan:
        """Take the decision: once, from the deadline on, after re-authentication."""
        self._vault.confirm_passphrase(passphrase)
        for hook in list(self.before_decision):
            hook()
        now = self._context.clock.now()
        with self._context.database.transaction() as session:
            workshop = load_workshop(session, workshop_id)
            try:
                require_available(calendar_of(workshop), now, workshop.decided_at)
            except DecisionNotAvailableError as error:
                raise ValidationError([FieldProblem("decision", str(error))]) from error
            plan = self._plan(session, workshop)
            # Every registration at once (one statement per kind of change, not per row),
            # then every audit entry, the decision's last, in one append.
            entries = apply_steps(self._context, session, workshop, _decision_steps(plan), now)
            workshop.decided_at = now
            workshop.decided_by = self._context.actor
            workshop.decision = plan.outcome.value
            workshop.decided_participants = plan.participants
            decided = audit.Entry(
                at=now,
                actor=self._context.actor,
                action=f"decision.{plan.outcome.value}",
                entity="workshop",
                entity_id=workshop.id,
                workshop_id=workshop.id,
                # English whatever the window speaks: a legal record, kept as written.
                summary=plan.summary(translator("en_CA")),
            )
            audit.record_many(session, [*entries, decided])
        return plan

    def planned_erasures(self, workshop_id: int) -> list[CardToDestroy]:
        """The dry run's list: each card authorization that confirming the decision now
        would destroy, whatever its registration's state (once the decision is taken: each
        one it still has to destroy)."""
        with self._context.database.reading() as session:
            workshop = load_workshop(session, workshop_id)
            plan = self._plan(session, workshop) if workshop.decision is None else None
            return _planned_cards(session, workshop, plan)

    def planned_erasure_count(self, workshop_id: int, plan: DecisionPlan | None = None) -> int:
        """``len(planned_erasures(workshop_id))``, counted without masking each card: the
        desk shows this number at every refresh, thousands of cards at a large event.
        ``plan``: the dry run the caller has just made from the same registrations (the
        desk's overview), used before the decision instead of planning again."""
        with self._context.database.reading() as session:
            workshop = load_workshop(session, workshop_id)
            if workshop.decision is not None:  # the rule as SQL: one count
                return session.scalar(_count_still_to_destroy(workshop_id)) or 0
            if plan is None:
                plan = self._plan(session, workshop)
            cancelled = {entry.key for entry in plan.cancelled}
            return sum(
                1
                for registration_id, status in session.execute(_stored_statuses(workshop_id))
                if _destroyed_by(plan.outcome, registration_id, _STATUSES[status], cancelled)
            )

    def pending_erasures(self, workshop_id: int) -> list[int]:
        """Registrations whose card authorization the decision taken must still destroy:
        after a cancel every one of the workshop; after a proceed the cancelled and the
        withdrawn ones. None before the decision."""
        if self.taken(workshop_id) is None:
            return []
        return [card.registration_id for card in self.planned_erasures(workshop_id)]

    def erase_cancelled(self, workshop_id: int, progress: Progress | None = None) -> ErasureReport:
        """Destroy every card authorization the decision taken makes useless (see
        :meth:`pending_erasures`), each with the reason that fits its registration.

        Safe to run again: what was already erased is no longer pending.
        """
        decision = self.taken(workshop_id)
        if decision is None:
            return ErasureReport(0, ())
        work = [
            (card.registration_id, card.organization, _reason(decision.outcome, card.status))
            for card in self.planned_erasures(workshop_id)
        ]
        return self._erase_all(work, progress)

    # -- after a proceed decision -----------------------------------------------------------

    def promote_next(self, workshop_id: int) -> int | None:
        """Offer a freed place to the first waitlisted organization (by completion time).

        The fee stays as notified: the promoted organization gets the decided tier's fee.
        Returns the promoted registration, or None when nobody is waitlisted.
        """
        with self._context.database.transaction() as session:
            workshop = load_workshop(session, workshop_id)
            if workshop.decision != Outcome.PROCEED.value:
                raise ValidationError(
                    [FieldProblem("decision", _("Only a workshop that proceeds has a waitlist."))]
                )
            confirmed = _taking_part(session, workshop_id)
            if len(confirmed) >= workshop.maximum_organizations:
                raise ValidationError([FieldProblem("decision", _("There is no free place."))])
            waiting = sorted(
                (
                    r
                    for r in workshop.registrations
                    if r.status == RegistrationStatus.WAITLISTED.value
                ),
                key=lambda r: (r.completed_at, r.id),
            )
            if not waiting:
                return None
            promoted = waiting[0]
            apply_event(self._context, session, promoted, RegistrationEvent.PROMOTE, None)
            fees = {tier.participants: tier.gross for tier in workshop.fee_tiers}
            promoted.fee_gross = fees.get(workshop.decided_participants or 0)
            promoted.fee_notice_due = True
            return promoted.id

    def reprice(self, workshop_id: int, reason: str) -> Repriced:
        """Explicitly re-price for the current head-count (recorded with a reason); every
        confirmed organization not yet charged is flagged for a new notification."""
        if refused := problem_in_text("reason", reason, multiline=True, label=_("The reason")):
            raise ValidationError([refused])
        if not reason.strip():
            raise ValidationError([FieldProblem("reason", _("Please say why the price changes."))])
        now = self._context.clock.now()
        with self._context.database.transaction() as session:
            workshop = load_workshop(session, workshop_id)
            if workshop.decision != Outcome.PROCEED.value:
                raise ValidationError(
                    [FieldProblem("decision", _("Only a workshop that proceeds has a price."))]
                )
            taking_part = _taking_part(session, workshop_id)
            schedule = schedule_of(workshop)
            if len(taking_part) < schedule.minimum:
                raise ValidationError(
                    [
                        FieldProblem(
                            "decision",
                            ngettext(
                                "Only {count} organization takes part; there is no fee "
                                "below {minimum}.",
                                "Only {count} organizations take part; there is no fee "
                                "below {minimum}.",
                                len(taking_part),
                            ).format(
                                count=format_decimal(len(taking_part)), minimum=schedule.minimum
                            ),
                        )
                    ]
                )
            quote = schedule.quote(len(taking_part))
            gross = quote.price.gross.amount
            flagged: list[str] = []
            for registration in taking_part:
                if registration.status == RegistrationStatus.CONFIRMED.value:
                    registration.fee_gross = gross
                    registration.fee_notice_due = True
                    flagged.append(registration.organization.name)
            old = workshop.decided_participants
            workshop.decided_participants = quote.participants
            audit.record(
                session,
                at=now,
                actor=self._context.actor,
                action="decision.reprice",
                entity="workshop",
                entity_id=workshop.id,
                workshop_id=workshop.id,
                summary=(
                    f"Re-priced from the tier of {old} to the tier of {quote.participants}: "
                    f"{quote.price.gross.format()} per organization (reason: {reason.strip()}); "
                    f"flagged for a new letter: {', '.join(flagged) or 'nobody'}"
                ),
            )
            return Repriced(quote.price.gross, tuple(flagged))

    def after_event_erasures(self, workshop_id: int) -> list[int]:
        """Once the event is over: authorizations of waitlisted and withdrawn registrations,
        which will never be charged (the app offers to erase them, with this list)."""
        with self._context.database.reading() as session:
            workshop = load_workshop(session, workshop_id)
            if self._context.clock.now().astimezone(calendar_of(workshop).zone).date() <= (
                workshop.event_date
            ):
                return []
            query = (
                select(models.CardAuthorization.registration_id)
                .join(models.Registration)
                .where(
                    models.Registration.workshop_id == workshop_id,
                    models.Registration.status.in_(
                        [RegistrationStatus.WAITLISTED.value, RegistrationStatus.WITHDRAWN.value]
                    ),
                )
                .order_by(models.CardAuthorization.registration_id)
            )
            return list(session.scalars(query))

    def erase_after_event(
        self, workshop_id: int, progress: Progress | None = None
    ) -> ErasureReport:
        pending = set(self.after_event_erasures(workshop_id))
        with self._context.database.reading() as session:
            cards = _stored_cards(session, workshop_id, lambda id_, _status: id_ in pending)
        work = [(c.registration_id, c.organization, AFTER_EVENT_REASON) for c in cards]
        return self._erase_all(work, progress)

    def _erase_all(
        self, work: list[tuple[int, str, str]], progress: Progress | None
    ) -> ErasureReport:
        """Erase one authorization at a time (registration, organization, reason),
        reporting progress between them. One that cannot be destroyed does not keep the
        others: it is counted and named in the report."""
        done: list[ErasureView] = []
        failures: list[str] = []
        for index, (registration_id, organization, reason) in enumerate(work):
            if progress is not None:
                progress(
                    int(100 * index / len(work)),
                    _("Erasing {number} of {count}").format(number=index + 1, count=len(work)),
                )
            try:
                done.append(self._vault.erase(registration_id, reason, ErasureScope.FULL))
            except Exception as error:  # a keychain or disk error, the vault locked...
                failures.append(
                    _("{organization}: {problem}").format(
                        organization=organization, problem=str(error).rstrip(".")
                    )
                )
        report = ErasureReport(len(work), tuple(done), tuple(failures))
        if progress is not None:
            progress(100, report.sentence())
        return report

    def _plan(self, session: Session, workshop: models.Workshop) -> DecisionPlan:
        # Plain columns in one query: no registration objects, no query per organization;
        # only the live registrations, since the plan leaves the final ones out (once
        # decided, every withdrawn, cancelled and charged one: thousands at a large event).
        query = (
            select(
                models.Registration.id,
                models.Organization.name,
                models.Registration.status,
                models.Registration.completed_at,
            )
            .join(
                models.Organization, models.Organization.id == models.Registration.organization_id
            )
            .where(
                models.Registration.workshop_id == workshop.id,
                models.Registration.status.not_in(_FINAL_VALUES),
            )
            .order_by(models.Registration.id)
        )
        entries = [
            QuorumEntry(key, organization, _STATUSES[status], completed_at)
            for key, organization, status, completed_at in session.execute(query)
        ]
        return plan_decision(
            entries, calendar_of(workshop), schedule_of(workshop), self._context.clock.now()
        )


def _decision_steps(plan: DecisionPlan) -> list[Step]:
    """What the decision does to each registration, in the plan's order: the confirmed
    get the fixed fee, the cancelled the reason they were not admitted."""
    gross = plan.fee.price.gross.amount if plan.fee else None
    reason = CANCEL_REASON if plan.outcome is Outcome.CANCEL else NOT_ADMITTED_REASON
    return [
        *(
            Step(entry.key, RegistrationEvent.CONFIRM, values=(("fee_gross", gross),))
            for entry in plan.confirmed
        ),
        *(Step(entry.key, RegistrationEvent.WAITLIST) for entry in plan.waitlisted),
        *(Step(entry.key, RegistrationEvent.CANCEL, reason) for entry in plan.cancelled),
    ]


def _planned_cards(
    session: Session, workshop: models.Workshop, plan: DecisionPlan | None
) -> list[CardToDestroy]:
    """The cards the decision destroys: as ``plan`` would before it is taken; once taken
    (meanwhile, from another desk), the ones it still has to destroy (``plan`` unused)."""
    if workshop.decision is None:
        assert plan is not None
        outcome, cancelled = plan.outcome, {entry.key for entry in plan.cancelled}
    else:
        outcome, cancelled = Outcome(workshop.decision), set()
    return _stored_cards(
        session,
        workshop.id,
        lambda registration_id, status: _destroyed_by(outcome, registration_id, status, cancelled),
    )


def _stored_cards(
    session: Session,
    workshop_id: int,
    keep: Callable[[int, RegistrationStatus], bool],
) -> list[CardToDestroy]:
    """The card authorizations stored for the workshop that ``keep`` keeps (told the
    registration and its state), masked, by registration: only the columns it needs,
    never the encrypted blobs, whatever their size; only the cards kept are masked."""
    query = (
        select(
            models.CardAuthorization.registration_id,
            models.CardAuthorization.brand,
            models.CardAuthorization.last4,
            models.Registration.status,
            models.Organization.name,
        )
        .join(
            models.Registration, models.Registration.id == models.CardAuthorization.registration_id
        )
        .join(models.Organization, models.Organization.id == models.Registration.organization_id)
        .where(models.Registration.workshop_id == workshop_id)
        .order_by(models.CardAuthorization.registration_id)
    )
    cards: list[CardToDestroy] = []
    for registration_id, brand, last4, stored_status, organization in session.execute(query):
        status = _STATUSES[stored_status]
        if keep(registration_id, status):
            masked = str(MaskedCard(_BRANDS[brand], last4))
            cards.append(CardToDestroy(registration_id, organization, status, masked))
    return cards


#: After a proceed: the cards that will never be charged (cancelled, and any withdrawn
#: registration's card that a withdrawal did not destroy, e.g. stored before that rule).
_USELESS_AFTER_PROCEED = (RegistrationStatus.CANCELLED, RegistrationStatus.WITHDRAWN)


def _destroyed_by(
    outcome: Outcome, registration_id: int, status: RegistrationStatus, cancelled: set[int]
) -> bool:
    """Whether the decision destroys the card of this registration (``status``: the
    registration's now; ``cancelled``: registrations the plan cancels, before the
    decision is taken)."""
    if outcome is Outcome.CANCEL:
        return True
    return status in _USELESS_AFTER_PROCEED or registration_id in cancelled


def _still_to_destroy() -> ColumnElement[bool]:
    """:func:`_destroyed_by` for a decision already taken, as SQL: the workshops with a
    card left to destroy, so an unlock does not plan every decided workshop of the years."""
    return or_(
        models.Workshop.decision == Outcome.CANCEL.value,
        models.Registration.status.in_([status.value for status in _USELESS_AFTER_PROCEED]),
    )


def _count_still_to_destroy(workshop_id: int) -> Select[int]:
    """How many stored cards of a decided workshop its decision still has to destroy."""
    return (
        select(func.count())
        .select_from(models.CardAuthorization)
        .join(
            models.Registration, models.Registration.id == models.CardAuthorization.registration_id
        )
        .join(models.Workshop, models.Workshop.id == models.Registration.workshop_id)
        .where(models.Registration.workshop_id == workshop_id, _still_to_destroy())
    )


def _stored_statuses(workshop_id: int) -> Select[int, str]:
    """Each stored card's registration and its stored status: what
    :func:`_destroyed_by` needs, no more."""
    return (
        select(models.CardAuthorization.registration_id, models.Registration.status)
        .join(
            models.Registration, models.Registration.id == models.CardAuthorization.registration_id
        )
        .where(models.Registration.workshop_id == workshop_id)
    )


def _reason(outcome: Outcome, status: RegistrationStatus) -> str:
    """The reason written on the certificate: why this organization's card went."""
    if status is RegistrationStatus.WITHDRAWN:
        return WITHDRAWN_REASON
    return CANCEL_REASON if outcome is Outcome.CANCEL else NOT_ADMITTED_REASON


def _taking_part(session: Session, workshop_id: int) -> list[models.Registration]:
    """Confirmed organizations, charged or not: the head-count that sets the fee (their
    organizations loaded with them: a re-pricing names each one)."""
    query = (
        select(models.Registration)
        .where(
            models.Registration.workshop_id == workshop_id,
            models.Registration.status.in_(sorted(TAKING_PART_VALUES)),
        )
        .options(joinedload(models.Registration.organization))
        .order_by(models.Registration.id)
    )
    return list(session.scalars(query))
