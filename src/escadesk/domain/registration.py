"""The registration lifecycle as an explicit state machine.

An organization is *complete* only once both its registration form and its signed card
authorization are in. Completing after the deadline makes it *late*: it does not count
toward quorum unless the director accepts it with a reason. Every transition is kept
with its time, who made it and why, so the history can be shown and audited.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

from escadesk.domain.moments import require_aware
from escadesk.i18n import N_, _, pgettext


class RegistrationStatus(StrEnum):
    REGISTERED = "registered"
    FORM_RECEIVED = "form_received"
    AUTHORIZATION_RECEIVED = "authorization_received"
    COMPLETE = "complete"
    LATE = "late"
    WITHDRAWN = "withdrawn"
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"
    CHARGED = "charged"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    RegistrationStatus.REGISTERED: "Registered",
    RegistrationStatus.FORM_RECEIVED: "Form received",
    RegistrationStatus.AUTHORIZATION_RECEIVED: "Authorization received",
    RegistrationStatus.COMPLETE: "Complete",
    RegistrationStatus.LATE: "Late",
    RegistrationStatus.WITHDRAWN: "Withdrawn",
    RegistrationStatus.CONFIRMED: "Confirmed",
    RegistrationStatus.WAITLISTED: "Waitlisted",
    RegistrationStatus.CANCELLED: "Cancelled",
    RegistrationStatus.CHARGED: "Charged",
}

IN_PROGRESS = frozenset(
    {
        RegistrationStatus.REGISTERED,
        RegistrationStatus.FORM_RECEIVED,
        RegistrationStatus.AUTHORIZATION_RECEIVED,
    }
)
COUNTS_TOWARD_QUORUM = frozenset(
    {RegistrationStatus.COMPLETE, RegistrationStatus.CONFIRMED, RegistrationStatus.CHARGED}
)
#: Once the workshop proceeds: the organizations taking part, charged or not (the head
#: count that sets the fee, the participants of the day and of the benchmarking).
TAKING_PART = frozenset({RegistrationStatus.CONFIRMED, RegistrationStatus.CHARGED})
#: The same, as the database stores statuses (a ``StrEnum`` member hashes by its name,
#: so a stored "confirmed" is not found in the set of members).
TAKING_PART_VALUES = frozenset(status.value for status in TAKING_PART)
FINAL = frozenset(
    {RegistrationStatus.WITHDRAWN, RegistrationStatus.CANCELLED, RegistrationStatus.CHARGED}
)


class RegistrationEvent(StrEnum):
    REGISTER = "register"
    RECEIVE_FORM = "receive_form"
    RECEIVE_AUTHORIZATION = "receive_authorization"
    ACCEPT_LATE = "accept_late"
    WITHDRAW = "withdraw"
    CONFIRM = "confirm"
    WAITLIST = "waitlist"
    PROMOTE = "promote"
    CANCEL = "cancel"
    CHARGE = "charge"


S = RegistrationStatus
E = RegistrationEvent

#: (status, event) -> status after the event. Document receipts are resolved at run time
#: (a second document completes the registration, on time or late), marked here as None.
TRANSITIONS: dict[tuple[RegistrationStatus, RegistrationEvent], RegistrationStatus | None] = {
    (S.REGISTERED, E.RECEIVE_FORM): S.FORM_RECEIVED,
    (S.REGISTERED, E.RECEIVE_AUTHORIZATION): S.AUTHORIZATION_RECEIVED,
    (S.FORM_RECEIVED, E.RECEIVE_AUTHORIZATION): None,
    (S.AUTHORIZATION_RECEIVED, E.RECEIVE_FORM): None,
    (S.LATE, E.ACCEPT_LATE): S.COMPLETE,
    (S.COMPLETE, E.CONFIRM): S.CONFIRMED,
    (S.COMPLETE, E.WAITLIST): S.WAITLISTED,
    (S.WAITLISTED, E.PROMOTE): S.CONFIRMED,
    (S.CONFIRMED, E.CHARGE): S.CHARGED,
    **{(status, E.WITHDRAW): S.WITHDRAWN for status in S if status not in FINAL},
    **{(status, E.CANCEL): S.CANCELLED for status in S if status not in FINAL},
}


class TransitionNotAllowedError(ValueError):
    """The event makes no sense in the registration's current state (its message is in
    the window's language: the services show it as the refusal)."""


def _event_name(event: RegistrationEvent) -> str:
    """The event as a refusal names it, in the window's language (English: its code,
    spaced: "receive form")."""
    names = {
        RegistrationEvent.REGISTER: pgettext("registration event", "register"),
        RegistrationEvent.RECEIVE_FORM: pgettext("registration event", "receive form"),
        RegistrationEvent.RECEIVE_AUTHORIZATION: pgettext(
            "registration event", "receive authorization"
        ),
        RegistrationEvent.ACCEPT_LATE: pgettext("registration event", "accept late"),
        RegistrationEvent.WITHDRAW: pgettext("registration event", "withdraw"),
        RegistrationEvent.CONFIRM: pgettext("registration event", "confirm"),
        RegistrationEvent.WAITLIST: pgettext("registration event", "waitlist"),
        RegistrationEvent.PROMOTE: pgettext("registration event", "promote"),
        RegistrationEvent.CANCEL: pgettext("registration event", "cancel"),
        RegistrationEvent.CHARGE: pgettext("registration event", "charge"),
    }
    return names[event]


#: A final status, as a whole sentence each (French agrees the word with « inscription »).
_FINAL_REFUSALS = {
    RegistrationStatus.WITHDRAWN: N_("The registration is withdrawn; nothing more can change."),
    RegistrationStatus.CANCELLED: N_("The registration is cancelled; nothing more can change."),
    RegistrationStatus.CHARGED: N_("The registration is charged; nothing more can change."),
}


@dataclass(frozen=True)
class Transition:
    """One step of the history: what happened, when it took effect, who recorded it."""

    event: RegistrationEvent
    before: RegistrationStatus | None
    after: RegistrationStatus
    at: datetime
    by: str
    reason: str = ""


def allowed_events(status: RegistrationStatus) -> frozenset[RegistrationEvent]:
    return frozenset(event for (source, event) in TRANSITIONS if source is status)


def can(status: RegistrationStatus, event: RegistrationEvent) -> bool:
    """Whether ``event`` may happen to a registration in ``status``: the one rule behind
    every "may this be done now" (the window's commands, the charge's terms, the
    services' refusals), read from ``TRANSITIONS``. Only a confirmed registration can be
    charged, for instance, because ``(CONFIRMED, CHARGE)`` is the only charge transition."""
    return (status, event) in TRANSITIONS


@dataclass(frozen=True)
class Registration:
    """One organization's registration for one workshop, rebuilt from its history."""

    status: RegistrationStatus
    history: tuple[Transition, ...] = field(default_factory=tuple)
    form_received_at: datetime | None = None
    authorization_received_at: datetime | None = None
    completed_at: datetime | None = None
    late_accepted_reason: str | None = None

    @classmethod
    def new(cls, at: datetime, by: str) -> Registration:
        require_aware(at)
        first = Transition(E.REGISTER, None, S.REGISTERED, at, _actor(by))
        return cls(status=S.REGISTERED, history=(first,))

    @property
    def is_complete(self) -> bool:
        """Both documents are in (whether or not they count toward quorum)."""
        return self.completed_at is not None

    @property
    def counts_toward_quorum(self) -> bool:
        return self.status in COUNTS_TOWARD_QUORUM

    @property
    def was_late(self) -> bool:
        return self.late_accepted_reason is not None or self.status is S.LATE

    def can(self, event: RegistrationEvent) -> bool:
        return can(self.status, event)

    def apply(
        self,
        event: RegistrationEvent,
        *,
        at: datetime,
        by: str,
        deadline: datetime,
        reason: str = "",
    ) -> Registration:
        """Return the registration after ``event``, or raise TransitionNotAllowedError."""
        require_aware(at)
        if event is E.REGISTER:
            raise TransitionNotAllowedError(_("The organization is already registered."))
        if (self.status, event) not in TRANSITIONS:
            raise TransitionNotAllowedError(self._refusal(event))
        reason = reason.strip()
        if event in (E.ACCEPT_LATE, E.WITHDRAW) and not reason:
            raise TransitionNotAllowedError(_("Please give a reason; it is kept in the history."))
        if self.history and at < self.history[-1].at:
            raise TransitionNotAllowedError(
                _(
                    "This cannot take effect before the previous step of the registration "
                    "({moment})."
                ).format(moment=self.history[-1].at.isoformat(timespec="minutes"))
            )
        updated = self
        if event is E.RECEIVE_FORM:
            updated = replace(updated, form_received_at=at)
        elif event is E.RECEIVE_AUTHORIZATION:
            updated = replace(updated, authorization_received_at=at)
        elif event is E.ACCEPT_LATE:
            updated = replace(updated, late_accepted_reason=reason)
        target = TRANSITIONS[(self.status, event)]
        if target is None:  # the second document: complete, on time or late
            target = S.COMPLETE if at < deadline else S.LATE
            updated = replace(updated, completed_at=at)
        step = Transition(event, self.status, target, at, _actor(by), reason)
        return replace(updated, status=target, history=(*self.history, step))

    def _refusal(self, event: RegistrationEvent) -> str:
        if event is E.RECEIVE_FORM and self.form_received_at is not None:
            return _("The registration form has already been recorded.")
        if event is E.RECEIVE_AUTHORIZATION and self.authorization_received_at is not None:
            return _("The card authorization has already been recorded.")
        if event is E.ACCEPT_LATE:
            return _("Only a registration completed after the deadline can be accepted as late.")
        if self.status in _FINAL_REFUSALS:
            return _(_FINAL_REFUSALS[self.status])
        # Translators: {event} is an action on a registration ("receive form"), {status}
        # the registration's status as the desk shows it, in lower case ("late").
        return _("'{event}' is not possible while {status}.").format(
            event=_event_name(event),
            status=pgettext("registration status", self.status.label).lower(),
        )


def _actor(by: str) -> str:
    actor = by.strip()
    if not actor:
        raise ValueError("Every change must say who made it.")
    return actor


def replay(history: tuple[Transition, ...] | list[Transition], deadline: datetime) -> Registration:
    """Rebuild a registration from a stored history, checking every step is allowed."""
    if not history or history[0].event is not E.REGISTER:
        raise TransitionNotAllowedError(_("A history must start with the registration."))
    registration = Registration.new(history[0].at, history[0].by)
    for step in history[1:]:
        registration = registration.apply(
            step.event, at=step.at, by=step.by, deadline=deadline, reason=step.reason
        )
    return registration
