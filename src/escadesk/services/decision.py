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
NOT_ADMITTED_REASON = (
    "Registration not completed by the deadline; the workshop proceeded without it."
)


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
        done: list[ErasureView] = []
        for index, registration_id in enumerate(pending):
            if progress is not None:
                progress(int(100 * index / len(pending)), f"Erasing {index + 1} of {len(pending)}")
            done.append(self._vault.erase(registration_id, reason, ErasureScope.FULL))
        if progress is not None:
            progress(100, "All card authorizations of cancelled registrations are destroyed.")
        return done

    def _plan(self, session: Session, workshop: models.Workshop) -> DecisionPlan:
        entries = [
            QuorumEntry(r.id, r.organization.name, RegistrationStatus(r.status), r.completed_at)
            for r in workshop.registrations
        ]
        return plan_decision(
            entries, calendar_of(workshop), schedule_of(workshop), self._context.clock.now()
        )
