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
from escadesk.domain.money import Money, money_text
from escadesk.domain.quorum import QuorumEntry, outlook
from escadesk.domain.registration import COUNTS_TOWARD_QUORUM, FINAL
from escadesk.domain.workshop_calendar import WorkshopCalendar
from escadesk.i18n import Translator, _, current_locale, format_decimal


class Outcome(StrEnum):
    PROCEED = "proceed"
    CANCEL = "cancel"


class DecisionNotAvailableError(ValueError):
    """Too early, or already taken (said in the window's language: the services show it)."""


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

    def price_text(self, language: Translator | None = None) -> str:
        """The price each confirmed organization pays (tax included), in ``language``
        (the user interface's by default): "3,000.00 CAD" / "3 000,00 $"; "" if the
        workshop does not proceed."""
        if self.fee is None:
            return ""
        return _money(self.fee.price.gross, _language(language))

    def summary(self, language: Translator | None = None) -> str:
        """One sentence saying what the decision does, in ``language``: the user
        interface's by default (the wizard, the command line); the audit log passes
        English (a legal record, kept as written)."""
        t = _language(language)
        if self.outcome is Outcome.PROCEED:
            return self._proceeds(t)
        # What becomes of the cards is said by whoever counts them (the services).
        cancelled = len(self.cancelled)
        return t.ngettext(
            "The workshop does not proceed: {count} registration is cancelled.",
            "The workshop does not proceed: {count} registrations are cancelled.",
            cancelled,
        ).format(count=_grouped(cancelled, t))

    def _proceeds(self, t: Translator) -> str:
        """Four whole sentences (with or without waitlisted, with or without cancelled),
        each in the plural its counts need. Two counts, two plural choices: the sentence
        is chosen by the number taking part (at least 1 when the workshop proceeds, so
        "1" is the singular in both languages) and ngettext agrees with the cancelled."""
        assert self.fee is not None
        one = self.participants == 1
        waitlisted, cancelled = len(self.waitlisted), len(self.cancelled)
        if waitlisted and cancelled:
            # Translators: the decision's outcome; {rate} is a number ("13"), {price}
            # an amount. The plural agrees with {cancelled}.
            text = (
                t.ngettext(
                    "The workshop proceeds with {count} organization at {price} "
                    "({rate}% tax included); {waitlisted} waitlisted; {cancelled} "
                    "incomplete registration cancelled.",
                    "The workshop proceeds with {count} organization at {price} "
                    "({rate}% tax included); {waitlisted} waitlisted; {cancelled} "
                    "incomplete registrations cancelled.",
                    cancelled,
                )
                if one
                else t.ngettext(
                    "The workshop proceeds with {count} organizations at {price} each "
                    "({rate}% tax included); {waitlisted} waitlisted; {cancelled} "
                    "incomplete registration cancelled.",
                    "The workshop proceeds with {count} organizations at {price} each "
                    "({rate}% tax included); {waitlisted} waitlisted; {cancelled} "
                    "incomplete registrations cancelled.",
                    cancelled,
                )
            )
        elif cancelled:
            # Translators: the decision's outcome; {rate} is a number ("13"), {price}
            # an amount. The plural agrees with {cancelled}.
            text = (
                t.ngettext(
                    "The workshop proceeds with {count} organization at {price} "
                    "({rate}% tax included); {cancelled} incomplete registration cancelled.",
                    "The workshop proceeds with {count} organization at {price} "
                    "({rate}% tax included); {cancelled} incomplete registrations cancelled.",
                    cancelled,
                )
                if one
                else t.ngettext(
                    "The workshop proceeds with {count} organizations at {price} each "
                    "({rate}% tax included); {cancelled} incomplete registration cancelled.",
                    "The workshop proceeds with {count} organizations at {price} each "
                    "({rate}% tax included); {cancelled} incomplete registrations cancelled.",
                    cancelled,
                )
            )
        elif waitlisted:
            # Translators: the decision's outcome; {rate} is a number ("13"), {price}
            # an amount.
            text = t.ngettext(
                "The workshop proceeds with {count} organization at {price} "
                "({rate}% tax included); {waitlisted} waitlisted.",
                "The workshop proceeds with {count} organizations at {price} each "
                "({rate}% tax included); {waitlisted} waitlisted.",
                self.participants,
            )
        else:
            # Translators: the decision's outcome; {rate} is a number ("13"), {price}
            # an amount.
            text = t.ngettext(
                "The workshop proceeds with {count} organization at {price} "
                "({rate}% tax included).",
                "The workshop proceeds with {count} organizations at {price} each "
                "({rate}% tax included).",
                self.participants,
            )
        price = self.fee.price
        return text.format(
            count=_plain(self.participants, t),
            price=self.price_text(t),
            rate=_plain(round(price.rate * 100), t),
            waitlisted=_plain(waitlisted, t),
            cancelled=_grouped(cancelled, t),
        )


def _language(language: Translator | None) -> Translator:
    """``language``, else the user interface's (its catalogue is loaded once, kept)."""
    return language or Translator(current_locale())


def _plain(number: int, t: Translator) -> str:
    """English as the summary always wrote it ("1200"); another language its own way."""
    return str(number) if t.language == "en" else format_decimal(number, t.locale)


def _grouped(number: int, t: Translator) -> str:
    """English with its thousands separator ("1,200"); another language its own way."""
    return f"{number:,}" if t.language == "en" else format_decimal(number, t.locale)


def _money(value: Money, t: Translator) -> str:
    """English keeps its "3,000.00 CAD"; another language writes amounts its own way."""
    return money_text(value, t.locale)


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
        raise DecisionNotAvailableError(
            _("The decision was already taken on {day}.").format(day=day)
        )
    if not calendar.decision_available(now):
        raise DecisionNotAvailableError(
            _(
                "The decision can be taken from the end of the last day to register "
                "({deadline}) on."
            ).format(deadline=long_date(calendar.registration_deadline))
        )
