"""A registration's lifecycle inside a caller's transaction: load it, apply one event
(checked by the domain, stored with its history, audited).

Its own module because every use case that changes a registration needs it (registering,
the vault recording a card, charging, the decision), while the registrations desk itself
needs the vault to withdraw: kept apart, neither imports the other.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from escadesk.domain.registration import (
    Registration,
    RegistrationEvent,
    RegistrationStatus,
    Transition,
    TransitionNotAllowedError,
)
from escadesk.domain.text_rules import problem_in_text
from escadesk.domain.validation import FieldProblem, ValidationError
from escadesk.services import audit
from escadesk.services.context import ServiceContext
from escadesk.services.workshop_mapping import calendar_of
from escadesk.storage import models

_EVENT_WORDS = {
    RegistrationEvent.RECEIVE_FORM: "registration form received",
    RegistrationEvent.RECEIVE_AUTHORIZATION: "card authorization received",
    RegistrationEvent.ACCEPT_LATE: "late completion accepted",
    RegistrationEvent.WITHDRAW: "withdrawn",
    RegistrationEvent.CONFIRM: "confirmed",
    RegistrationEvent.WAITLIST: "waitlisted",
    RegistrationEvent.PROMOTE: "promoted from the waitlist",
    RegistrationEvent.CANCEL: "cancelled",
    RegistrationEvent.CHARGE: "charged",
}


def apply_event(
    context: ServiceContext,
    session: Session,
    registration: models.Registration,
    event: RegistrationEvent,
    at: datetime | None,
    reason: str = "",
) -> None:
    """One step of the lifecycle inside the caller's transaction (so a use case such as
    recording a card authorization changes the registration atomically with its own data).
    """
    # Checked here, not in Registration.apply: a history replayed from storage is not
    # refused for text kept before this rule (the reason may take several lines).
    if refused := problem_in_text("reason", reason, multiline=True, label="The reason"):
        raise ValidationError([refused])
    now = context.clock.now()
    if at is not None and (at.tzinfo is None or at.utcoffset() is None):
        raise ValidationError([FieldProblem("at", "The time must include its time zone.")])
    effective = at or now
    if effective > now:
        raise ValidationError([FieldProblem("at", "That date is in the future.")])
    deadline = calendar_of(registration.workshop).deadline
    try:
        updated = domain_registration(registration).apply(
            event, at=effective, by=context.actor, deadline=deadline, reason=reason
        )
    except TransitionNotAllowedError as error:
        raise ValidationError([FieldProblem(event.value, str(error))]) from error
    store_registration(registration, updated, now)
    summary = f"{registration.organization.name}: {_EVENT_WORDS[event]} -> {updated.status.label}"
    if reason.strip():
        summary += f" (reason: {reason.strip()})"
    audit.record_for_registration(
        session, context, registration, f"registration.{event.value}", summary
    )


def workshop_registrations(session: Session, workshop_id: int) -> list[models.Registration]:
    """A workshop's registrations in registration order, organization and contact loaded."""
    query = (
        select(models.Registration)
        .where(models.Registration.workshop_id == workshop_id)
        .options(
            selectinload(models.Registration.organization),
            selectinload(models.Registration.contact),
        )
        .order_by(models.Registration.created_at, models.Registration.id)
    )
    return list(session.scalars(query))


def domain_registration(registration: models.Registration) -> Registration:
    history = tuple(
        Transition(
            event=RegistrationEvent(t.event),
            before=RegistrationStatus(t.before) if t.before else None,
            after=RegistrationStatus(t.after),
            at=t.at,
            by=t.by,
            reason=t.reason,
        )
        for t in registration.transitions
    )
    return Registration(
        status=RegistrationStatus(registration.status),
        history=history,
        form_received_at=registration.form_received_at,
        authorization_received_at=registration.authorization_received_at,
        completed_at=registration.completed_at,
        late_accepted_reason=registration.late_accepted_reason,
    )


def store_registration(row: models.Registration, state: Registration, now: datetime) -> None:
    row.status = state.status.value
    row.form_received_at = state.form_received_at
    row.authorization_received_at = state.authorization_received_at
    row.completed_at = state.completed_at
    row.late_accepted_reason = state.late_accepted_reason
    row.updated_at = now
    for position in range(len(row.transitions), len(state.history)):
        step = state.history[position]
        row.transitions.append(
            models.RegistrationTransition(
                position=position,
                event=step.event.value,
                before=step.before.value if step.before else None,
                after=step.after.value,
                at=step.at,
                by=step.by,
                reason=step.reason,
                recorded_at=now,
            )
        )
