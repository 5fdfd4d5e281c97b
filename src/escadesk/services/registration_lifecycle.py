"""A registration's lifecycle inside a caller's transaction: load it, apply one event
(checked by the domain, stored with its history, audited), or the same event to many
registrations at once (the decision: a fixed number of statements, whatever their number).

Its own module because every use case that changes a registration needs it (registering,
the vault recording a card, charging, the decision), while the registrations desk itself
needs the vault to withdraw: kept apart, neither imports the other.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import BindParameter, bindparam, insert, select, update
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
from escadesk.i18n import _
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
    if refused := problem_in_text("reason", reason, multiline=True, label=_("The reason")):
        raise ValidationError([refused])
    now = context.clock.now()
    if at is not None and (at.tzinfo is None or at.utcoffset() is None):
        raise ValidationError([FieldProblem("at", _("The time must include its time zone."))])
    effective = at or now
    if effective > now:
        raise ValidationError([FieldProblem("at", _("That date is in the future."))])
    deadline = calendar_of(registration.workshop).deadline
    try:
        updated = domain_registration(registration).apply(
            event, at=effective, by=context.actor, deadline=deadline, reason=reason
        )
    except TransitionNotAllowedError as error:
        raise ValidationError([FieldProblem(event.value, str(error))]) from error
    store_registration(registration, updated, now)
    summary = _summary(registration.organization.name, event, updated, reason)
    audit.record_for_registration(
        session, context, registration, f"registration.{event.value}", summary
    )


def _summary(
    organization: str, event: RegistrationEvent, updated: Registration, reason: str
) -> str:
    """The audit entry's words for one step (the same from both ways of applying it)."""
    summary = f"{organization}: {_EVENT_WORDS[event]} -> {updated.status.label}"
    if reason.strip():
        summary += f" (reason: {reason.strip()})"
    return summary


@dataclass(frozen=True)
class Step:
    """One registration's event for :func:`apply_steps`, with the columns set with it
    (``values``, e.g. the fixed fee: the same for every registration given them)."""

    registration_id: int
    event: RegistrationEvent
    reason: str = ""
    values: tuple[tuple[str, object], ...] = ()


def apply_steps(
    context: ServiceContext,
    session: Session,
    workshop: models.Workshop,
    steps: Sequence[Step],
    now: datetime,
) -> list[audit.Entry]:
    """:func:`apply_event` for many registrations of one workshop at once (the decision),
    inside the caller's transaction, all taking effect ``now``: the same checks, history
    and audit entries, in a number of statements that does not grow with the steps (one
    read of the registrations, one of their histories, one UPDATE per set of identical
    new values, one insert of the new history). A refused step raises before anything is
    written. The audit entries are returned in order, for :func:`audit.record_many`.

    Registration objects already loaded in ``session`` are not refreshed (the callers
    load none)."""
    for reason in {step.reason for step in steps}:
        if refused := problem_in_text("reason", reason, multiline=True, label=_("The reason")):
            raise ValidationError([refused])
    states = _stored_states(session, workshop.id)
    deadline = calendar_of(workshop).deadline
    updates: dict[tuple[tuple[str, object], ...], list[int]] = {}
    history: list[dict[str, object]] = []
    entries: list[audit.Entry] = []
    for step in steps:
        organization, before = states[step.registration_id]
        try:
            after = before.apply(
                step.event, at=now, by=context.actor, deadline=deadline, reason=step.reason
            )
        except TransitionNotAllowedError as error:
            raise ValidationError([FieldProblem(step.event.value, str(error))]) from error
        states[step.registration_id] = (organization, after)
        changed = (*_changed_columns(before, after), ("updated_at", now), *step.values)
        updates.setdefault(changed, []).append(step.registration_id)
        history.extend(_history_rows(step.registration_id, before, after, now))
        entries.append(
            audit.registration_entry(
                context,
                step.registration_id,
                workshop.id,
                f"registration.{step.event.value}",
                _summary(organization, step.event, after, step.reason),
                at=now,
            )
        )
    for values, ids in updates.items():
        # The ids inline (integers only): no limit on bound parameters, whatever the count.
        chosen: BindParameter[int] = bindparam("ids", ids, expanding=True, literal_execute=True)
        session.execute(
            update(models.Registration)
            .where(models.Registration.id.in_(chosen))
            # The row's version too (storage/models.py Versioned): a form opened before
            # this change is then refused rather than overwrite it.
            .values({**dict(values), "version": models.Registration.version + 1})
            .execution_options(synchronize_session=False)
        )
    if history:
        session.execute(insert(_TRANSITIONS), history)
    return entries


#: The history's table itself, for one insert of many rows (no object per row).
_TRANSITIONS = models.Base.metadata.tables[models.RegistrationTransition.__tablename__]

_STATE_COLUMNS = (
    "form_received_at",
    "authorization_received_at",
    "completed_at",
    "late_accepted_reason",
)


def _changed_columns(before: Registration, after: Registration) -> list[tuple[str, object]]:
    """What :func:`store_registration` would change: the status and any date it set."""
    changed: list[tuple[str, object]] = [("status", after.status.value)]
    for column in _STATE_COLUMNS:
        if getattr(after, column) != getattr(before, column):
            changed.append((column, getattr(after, column)))
    return changed


def _history_rows(
    registration_id: int, before: Registration, after: Registration, now: datetime
) -> Iterable[dict[str, object]]:
    """The new steps of the history, as rows (positions following the stored ones)."""
    for position in range(len(before.history), len(after.history)):
        step = after.history[position]
        yield {
            "registration_id": registration_id,
            "position": position,
            "event": step.event.value,
            "before": step.before.value if step.before else None,
            "after": step.after.value,
            "at": step.at,
            "by": step.by,
            "reason": step.reason,
            "recorded_at": now,
        }


def _stored_states(session: Session, workshop_id: int) -> dict[int, tuple[str, Registration]]:
    """Every registration of the workshop as the domain sees it, with its organization's
    name: two reads of plain columns, no objects."""
    histories: dict[int, list[Transition]] = {}
    steps = (
        select(
            models.RegistrationTransition.registration_id,
            models.RegistrationTransition.event,
            models.RegistrationTransition.before,
            models.RegistrationTransition.after,
            models.RegistrationTransition.at,
            models.RegistrationTransition.by,
            models.RegistrationTransition.reason,
        )
        .join(models.Registration)
        .where(models.Registration.workshop_id == workshop_id)
        .order_by(
            models.RegistrationTransition.registration_id, models.RegistrationTransition.position
        )
    )
    for registration_id, event, before, after, at, by, reason in session.execute(steps):
        histories.setdefault(registration_id, []).append(
            _transition(event, before, after, at, by, reason)
        )
    rows = (
        select(
            models.Registration.id,
            models.Organization.name,
            models.Registration.status,
            models.Registration.form_received_at,
            models.Registration.authorization_received_at,
            models.Registration.completed_at,
            models.Registration.late_accepted_reason,
        )
        .join(models.Organization, models.Organization.id == models.Registration.organization_id)
        .where(models.Registration.workshop_id == workshop_id)
    )
    return {
        row.id: (
            row.name,
            Registration(
                status=RegistrationStatus(row.status),
                history=tuple(histories.get(row.id, ())),
                form_received_at=row.form_received_at,
                authorization_received_at=row.authorization_received_at,
                completed_at=row.completed_at,
                late_accepted_reason=row.late_accepted_reason,
            ),
        )
        for row in session.execute(rows)
    }


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
        _transition(t.event, t.before, t.after, t.at, t.by, t.reason)
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


def _transition(
    event: str, before: str | None, after: str, at: datetime, by: str, reason: str
) -> Transition:
    """One stored step of a history, as the domain sees it."""
    return Transition(
        event=RegistrationEvent(event),
        before=RegistrationStatus(before) if before else None,
        after=RegistrationStatus(after),
        at=at,
        by=by,
        reason=reason,
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
