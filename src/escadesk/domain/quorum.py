"""The quorum outlook: where the workshop stands at any moment, and what it would cost.

The first ``maximum`` organizations by completion time are the ones confirmed if the
workshop closed now; later ones are waitlisted. Late completions count only once the
director has accepted them (their status is then COMPLETE).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from escadesk.domain.fees import FeeQuote, FeeSchedule
from escadesk.domain.moments import long_date, require_aware
from escadesk.domain.money import TaxSplit
from escadesk.domain.registration import (
    COUNTS_TOWARD_QUORUM,
    IN_PROGRESS,
    RegistrationStatus,
)
from escadesk.domain.workshop_calendar import WorkshopCalendar
from escadesk.i18n import _, format_decimal, ngettext


@dataclass(frozen=True)
class QuorumEntry:
    """What the outlook needs to know of one registration."""

    key: int
    organization: str
    status: RegistrationStatus
    completed_at: datetime | None


@dataclass(frozen=True)
class QuorumOutlook:
    now: datetime
    calendar: WorkshopCalendar
    counted: tuple[QuorumEntry, ...]
    confirmed: tuple[QuorumEntry, ...]
    waitlisted: tuple[QuorumEntry, ...]
    late_pending: tuple[QuorumEntry, ...]
    in_progress: tuple[QuorumEntry, ...]
    fee_now: FeeQuote | None
    tier_quotes: tuple[FeeQuote, ...]
    revenue: TaxSplit | None

    @property
    def complete_count(self) -> int:
        return len(self.counted)

    @property
    def minimum(self) -> int:
        return self.calendar.minimum_organizations

    @property
    def maximum(self) -> int:
        return self.calendar.maximum_organizations

    @property
    def needed(self) -> int:
        return max(0, self.minimum - self.complete_count)

    @property
    def quorum_reached(self) -> bool:
        return self.needed == 0

    @property
    def registration_open(self) -> bool:
        return self.calendar.registration_open(self.now)

    @property
    def days_to_deadline(self) -> int:
        return self.calendar.days_to_deadline(self.now)

    @property
    def participants(self) -> int:
        """Organizations that would take part if the workshop closed now (0 if it cannot)."""
        return len(self.confirmed) if self.quorum_reached else 0

    def headline(self) -> str:
        """One sentence for the dashboard gauge."""
        deadline = long_date(self.calendar.registration_deadline)
        count, minimum = self.complete_count, self.minimum
        if self.quorum_reached:
            if self.waitlisted:
                return _(
                    "Quorum reached: {count} complete, {confirmed} confirmed and {waitlisted} "
                    "waitlisted (fee tier of {tier})"
                ).format(
                    count=count,
                    confirmed=len(self.confirmed),
                    waitlisted=len(self.waitlisted),
                    tier=self.participants,
                )
            return _("Quorum reached: {count} complete (fee tier of {tier})").format(
                count=count, tier=self.participants
            )
        if self.registration_open:
            return ngettext(
                "{count} of {minimum} complete — {needed} more needed by {deadline}",
                "{count} of {minimum} complete — {needed} more needed by {deadline}",
                self.needed,
            ).format(count=count, minimum=minimum, needed=self.needed, deadline=deadline)
        text = ngettext(
            "{count} of {minimum} complete — registration closed on {deadline}, "
            "{needed} more needed",
            "{count} of {minimum} complete — registration closed on {deadline}, "
            "{needed} more needed",
            self.needed,
        ).format(count=count, minimum=minimum, needed=self.needed, deadline=deadline)
        if late := len(self.late_pending):
            # Translators: added after "… registration closed on …, 2 more needed".
            text += " " + ngettext(
                "({count} late completion awaiting a decision)",
                "({count} late completions awaiting a decision)",
                late,
            ).format(count=format_decimal(late))
        return text

    def deadline_text(self) -> str:
        days = self.days_to_deadline
        if days >= 1:
            return ngettext(
                "{count} day to the deadline", "{count} days to the deadline", days
            ).format(count=days)
        if days == 0:
            return _("Last day to register")
        passed = -days
        return ngettext(
            "Deadline passed {count} day ago", "Deadline passed {count} days ago", passed
        ).format(count=passed)


def _completion_order(entry: QuorumEntry) -> tuple[datetime, int]:
    assert entry.completed_at is not None
    return (entry.completed_at, entry.key)


def outlook(
    entries: Iterable[QuorumEntry],
    calendar: WorkshopCalendar,
    schedule: FeeSchedule,
    now: datetime,
) -> QuorumOutlook:
    """Compute the quorum outlook at ``now``."""
    require_aware(now)
    entries = list(entries)
    for entry in entries:
        if entry.status in COUNTS_TOWARD_QUORUM and entry.completed_at is None:
            raise ValueError(
                f"{entry.organization} counts toward quorum but has no completion time."
            )
    counted = tuple(
        sorted((e for e in entries if e.status in COUNTS_TOWARD_QUORUM), key=_completion_order)
    )
    late = tuple(
        sorted((e for e in entries if e.status is RegistrationStatus.LATE), key=_completion_order)
    )
    in_progress = tuple(
        sorted((e for e in entries if e.status in IN_PROGRESS), key=lambda e: e.organization)
    )
    maximum = calendar.maximum_organizations
    confirmed, waitlisted = counted[:maximum], counted[maximum:]
    fee_now: FeeQuote | None = None
    revenue: TaxSplit | None = None
    if len(counted) >= calendar.minimum_organizations:
        fee_now = schedule.quote(len(confirmed))
        revenue = fee_now.price.times(len(confirmed))
    return QuorumOutlook(
        now=now,
        calendar=calendar,
        counted=counted,
        confirmed=confirmed,
        waitlisted=waitlisted,
        late_pending=late,
        in_progress=in_progress,
        fee_now=fee_now,
        tier_quotes=tuple(schedule.quotes()),
        revenue=revenue,
    )
