"""Decision day as use cases: preview (dry run), confirm once, then erase what must go.

Confirming is one transaction: every registration's new state, each confirmed
organization's fixed fee, the workshop's decision and the audit entry. Erasing the card
authorizations of cancelled registrations follows, one at a time with progress; the work
left is derived from the data (authorizations of cancelled registrations), so a restart
simply finishes an erasure that was cut off.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from escadesk.domain.decision import (
    DecisionNotAvailableError,
    DecisionPlan,
    Outcome,
    plan_decision,
    require_available,
)
from escadesk.domain.money import Money
from escadesk.domain.quorum import QuorumEntry
from escadesk.domain.registration import RegistrationEvent, RegistrationStatus
from escadesk.domain.validation import FieldProblem, ValidationError
from escadesk.services import audit
from escadesk.services.context import ServiceContext
from escadesk.services.registrations import apply_event
from escadesk.services.vault import ErasureScope, ErasureView, VaultService
from escadesk.services.workshop_mapping import calendar_of, schedule_of
from escadesk.services.workshops import load_workshop
from escadesk.storage import models

Progress = Callable[[int, str], None]

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
class DecisionRecord:
    outcome: Outcome
    decided_at: datetime
    decided_by: str
    participants: int


class DecisionService:
    def __init__(self, context: ServiceContext, vault: VaultService) -> None:
        self._context = context
        self._vault = vault

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
        with self._context.database.reading() as session:
            workshop = load_workshop(session, workshop_id)
            return self._plan(session, workshop)

    def confirm(self, workshop_id: int, passphrase: str) -> DecisionPlan:
        """Take the decision: once, from the deadline on, after re-authentication."""
        self._vault.confirm_passphrase(passphrase)
        now = self._context.clock.now()
        with self._context.database.transaction() as session:
            workshop = load_workshop(session, workshop_id)
            try:
                require_available(calendar_of(workshop), now, workshop.decided_at)
            except DecisionNotAvailableError as error:
                raise ValidationError([FieldProblem("decision", str(error))]) from error
            plan = self._plan(session, workshop)
            rows = {r.id: r for r in workshop.registrations}
            gross = plan.fee.price.gross.amount if plan.fee else None
            for entry in plan.confirmed:
                apply_event(
                    self._context, session, rows[entry.key], RegistrationEvent.CONFIRM, None
                )
                rows[entry.key].fee_gross = gross
            for entry in plan.waitlisted:
                apply_event(
                    self._context, session, rows[entry.key], RegistrationEvent.WAITLIST, None
                )
            reason = CANCEL_REASON if plan.outcome is Outcome.CANCEL else NOT_ADMITTED_REASON
            for entry in plan.cancelled:
                apply_event(
                    self._context, session, rows[entry.key], RegistrationEvent.CANCEL, None, reason
                )
            workshop.decided_at = now
            workshop.decided_by = self._context.actor
            workshop.decision = plan.outcome.value
            workshop.decided_participants = plan.participants
            audit.record(
                session,
                at=now,
                actor=self._context.actor,
                action=f"decision.{plan.outcome.value}",
                entity="workshop",
                entity_id=workshop.id,
                workshop_id=workshop.id,
                summary=plan.summary(),
            )
        return plan

    def pending_erasures(self, workshop_id: int) -> list[int]:
        """Registrations whose card authorization must still be destroyed: cancelled ones."""
        with self._context.database.reading() as session:
            query = (
                select(models.CardAuthorization.registration_id)
                .join(models.Registration)
                .where(
                    models.Registration.workshop_id == workshop_id,
                    models.Registration.status == RegistrationStatus.CANCELLED.value,
                )
                .order_by(models.CardAuthorization.registration_id)
            )
            return list(session.scalars(query))

    def erase_cancelled(
        self, workshop_id: int, progress: Progress | None = None
    ) -> list[ErasureView]:
        """Destroy every card authorization of the workshop's cancelled registrations.

        Safe to run again: what was already erased is no longer pending.
        """
        pending = self.pending_erasures(workshop_id)
        decision = self.taken(workshop_id)
        reason = (
            CANCEL_REASON
            if decision and decision.outcome is Outcome.CANCEL
            else (NOT_ADMITTED_REASON)
        )
        return self._erase_all(
            pending,
            reason,
            progress,
            "All card authorizations of cancelled registrations are destroyed.",
        )

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
                    [FieldProblem("decision", "Only a workshop that proceeds has a waitlist.")]
                )
            confirmed = _taking_part(workshop)
            if len(confirmed) >= workshop.maximum_organizations:
                raise ValidationError([FieldProblem("decision", "There is no free place.")])
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
        if not reason.strip():
            raise ValidationError([FieldProblem("reason", "Please say why the price changes.")])
        now = self._context.clock.now()
        with self._context.database.transaction() as session:
            workshop = load_workshop(session, workshop_id)
            if workshop.decision != Outcome.PROCEED.value:
                raise ValidationError(
                    [FieldProblem("decision", "Only a workshop that proceeds has a price.")]
                )
            taking_part = _taking_part(workshop)
            schedule = schedule_of(workshop)
            if len(taking_part) < schedule.minimum:
                raise ValidationError(
                    [
                        FieldProblem(
                            "decision",
                            f"Only {len(taking_part)} organizations take part; there is no fee "
                            f"below {schedule.minimum}.",
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
    ) -> list[ErasureView]:
        return self._erase_all(
            self.after_event_erasures(workshop_id),
            AFTER_EVENT_REASON,
            progress,
            "Card authorizations no longer needed are destroyed.",
        )

    def _erase_all(
        self, pending: list[int], reason: str, progress: Progress | None, finished: str
    ) -> list[ErasureView]:
        """Erase one authorization at a time, reporting progress between them."""
        done: list[ErasureView] = []
        for index, registration_id in enumerate(pending):
            if progress is not None:
                progress(int(100 * index / len(pending)), f"Erasing {index + 1} of {len(pending)}")
            done.append(self._vault.erase(registration_id, reason, ErasureScope.FULL))
        if progress is not None:
            progress(100, finished)
        return done

    def _plan(self, session: Session, workshop: models.Workshop) -> DecisionPlan:
        entries = [
            QuorumEntry(r.id, r.organization.name, RegistrationStatus(r.status), r.completed_at)
            for r in workshop.registrations
        ]
        return plan_decision(
            entries, calendar_of(workshop), schedule_of(workshop), self._context.clock.now()
        )


def _taking_part(workshop: models.Workshop) -> list[models.Registration]:
    """Confirmed organizations, charged or not: the head-count that sets the fee."""
    taking = (RegistrationStatus.CONFIRMED.value, RegistrationStatus.CHARGED.value)
    return [r for r in workshop.registrations if r.status in taking]
