"""Decision day: does the workshop proceed, who takes part, at what price.

Taken from the deadline on, once. Proceed needs at least the minimum of registrations
that count toward quorum (complete on time, or late and accepted). The first ``maximum``
by completion time are confirmed and the rest waitlisted; registrations that never
completed (or whose late completion was not accepted) are cancelled either way, since
they cannot take part. If the workshop does not proceed, every registration is cancelled.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from escadesk.domain.fees import FeeQuote, FeeSchedule
from escadesk.domain.moments import long_date, require_aware
from escadesk.domain.quorum import QuorumEntry, outlook
from escadesk.domain.registration import COUNTS_TOWARD_QUORUM, FINAL
from escadesk.domain.wording import counted, verb
from escadesk.domain.workshop_calendar import WorkshopCalendar


class Outcome(StrEnum):
    PROCEED = "proceed"
    CANCEL = "cancel"


class DecisionNotAvailableError(ValueError):
    """Too early, or already taken."""


@dataclass(frozen=True)
class DecisionPlan:
    """What confirming the decision would do; nothing has changed yet (a dry run)."""

    outcome: Outcome
    at: datetime
    confirmed: tuple[QuorumEntry, ...]
    waitlisted: tuple[QuorumEntry, ...]
    cancelled: tuple[QuorumEntry, ...]
    fee: FeeQuote | None
    available: bool

    @property
    def participants(self) -> int:
        return len(self.confirmed)

    def summary(self) -> str:
        if self.outcome is Outcome.PROCEED:
            assert self.fee is not None
            text = (
                f"The workshop proceeds with {self.participants} organizations at "
                f"{self.fee.price.gross.format()} each ({self.fee.price.rate * 100:.0f}% tax "
                "included)"
            )
            if self.waitlisted:
                text += f"; {len(self.waitlisted)} waitlisted"
            if self.cancelled:
                text += f"; {counted(len(self.cancelled), 'incomplete registration')} cancelled"
            return text + "."
        # What becomes of the cards is said by whoever counts them (the services).
        return (
            f"The workshop does not proceed: {counted(len(self.cancelled), 'registration')} "
            f"{verb(len(self.cancelled), 'is', 'are')} cancelled."
        )


def plan_decision(
    entries: Iterable[QuorumEntry],
    calendar: WorkshopCalendar,
    schedule: FeeSchedule,
    now: datetime,
) -> DecisionPlan:
    """The outcome if the decision were taken at ``now``.

    ``available`` is False before the deadline: the plan is then a read-only preview.
    Registrations already withdrawn (or otherwise final) are left out entirely.
    """
    require_aware(now)
    live = [e for e in entries if e.status not in FINAL]
    view = outlook(live, calendar, schedule, now)
    available = calendar.decision_available(now)
    if view.quorum_reached:
        # The outlook counts exactly the live entries whose status counts toward quorum:
        # the others are found by their status (no hashing of every entry, let alone a
        # search of the counted tuple entry by entry, which was quadratic).
        others = _by_name(e for e in live if e.status not in COUNTS_TOWARD_QUORUM)
        return DecisionPlan(
            Outcome.PROCEED, now, view.confirmed, view.waitlisted, others, view.fee_now, available
        )
    cancelled = _by_name(live)
    return DecisionPlan(Outcome.CANCEL, now, (), (), cancelled, None, available)


def _by_name(entries: Iterable[QuorumEntry]) -> tuple[QuorumEntry, ...]:
    """The order the cancelled are listed in: by organization, case aside, then key."""
    return tuple(sorted(entries, key=lambda e: (e.organization.casefold(), e.key)))


def require_available(calendar: WorkshopCalendar, now: datetime, taken_at: datetime | None) -> None:
    """Refuse a second decision, or one before the deadline, with a clear message."""
    if taken_at is not None:
        day = long_date(taken_at.astimezone(calendar.zone).date())
        raise DecisionNotAvailableError(f"The decision was already taken on {day}.")
    if not calendar.decision_available(now):
        raise DecisionNotAvailableError(
            "The decision can be taken from the end of the last day to register "
            f"({long_date(calendar.registration_deadline)}) on."
        )
