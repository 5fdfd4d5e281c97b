"""The rules of a charge, checked before anything is recorded.

Date: from the decision's day to today, both in the workshop's zone (a confirmed
organization exists from the decision on; a later date has not happened yet).
Amount: the fixed fee unless a reason is given (kept with the charge and in the audit
log); positive, below a cap, and in cents: more decimals are refused rather than rounded
(the terminal charged an exact amount, and a silently different record hides a slip).
Reference (the terminal's approval code) required. Neither the reference nor the reason
may hold a card number: both are kept in clear and the reason goes to the audit log.
Both are one line of text, without control characters (:mod:`escadesk.domain.text_rules`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from decimal import Decimal

from escadesk.domain.cards import contains_card_number
from escadesk.domain.moments import long_date, require_aware
from escadesk.domain.money import CENT, Money, round_cents
from escadesk.domain.registration import RegistrationEvent, RegistrationStatus, can
from escadesk.domain.text_rules import problem_in_text
from escadesk.domain.validation import FieldProblem
from escadesk.i18n import _, current_locale, format_money

MAX_AMOUNT_REASON = 500
#: Far above any fee; only there so a slip of the keyboard is named, not a crash.
MAX_AMOUNT = Decimal("1000000000")


@dataclass(frozen=True)
class ChargeEntry:
    """What the director enters: the date, the terminal's reference, and the amount
    (None: the fixed fee) with the reason for another amount."""

    charged_on: date
    reference: str
    amount: Decimal | None = None
    amount_reason: str = ""

    def problems(self) -> list[FieldProblem]:
        """What is wrong with the entry itself, whatever the registration (a form can
        check these before saving)."""
        return [
            *reference_problems(self.reference),
            *amount_problems(self.amount),
            *reason_problems(self.amount_reason),
        ]


@dataclass(frozen=True)
class ChargeDates:
    """The days a charge may carry, in the workshop's zone."""

    #: The decision's day; None before a decision (no charge yet).
    first: date | None
    #: Today.
    last: date


def charge_dates(decided_at: datetime | None, now: datetime, zone: tzinfo) -> ChargeDates:
    """Both ends in the workshop's zone: 23:30 in Toronto is still that day there."""
    require_aware(now)
    if decided_at is not None:
        require_aware(decided_at)
    first = decided_at.astimezone(zone).date() if decided_at is not None else None
    return ChargeDates(first=first, last=now.astimezone(zone).date())


@dataclass(frozen=True)
class ChargeTerms:
    """What a charge is checked against: its registration and its workshop."""

    #: The registration's status: whether it may be charged is ``registration.can``'s
    #: answer (only a confirmed registration), not a rule of its own here.
    status: RegistrationStatus
    #: The fee fixed for the organization (at the decision, a promotion, a re-pricing).
    fee: Decimal | None
    currency: str
    dates: ChargeDates


def check_charge(entry: ChargeEntry, terms: ChargeTerms) -> list[FieldProblem]:
    """Every problem with the charge, in the order of the form; empty when it may be
    recorded. A registration that is not confirmed is named once, without the rest."""
    problems = entry.problems()
    if not can(terms.status, RegistrationEvent.CHARGE):
        return [
            *problems,
            FieldProblem("registration", _("Only a confirmed organization can be charged.")),
        ]
    return [
        *problems,
        *date_problems(entry.charged_on, terms.dates),
        *fee_problems(terms.fee, entry.amount, entry.amount_reason, terms.currency),
    ]


def reference_problems(reference: str) -> list[FieldProblem]:
    if refused := problem_in_text("reference", reference, label=_("The reference")):
        return [refused]
    if not reference.strip():
        return [FieldProblem("reference", _("The approval or reference code is required."))]
    if contains_card_number(reference):
        return [FieldProblem("reference", _("The reference must not be a card number."))]
    return []


def amount_problems(amount: Decimal | None) -> list[FieldProblem]:
    """A positive amount in cents, below the cap (None, the fixed fee, has none)."""
    if amount is None:
        return []
    if not amount.is_finite() or amount <= 0:
        return [FieldProblem("amount", _("The amount must be greater than zero."))]
    if amount >= MAX_AMOUNT:
        return [FieldProblem("amount", _("That amount is too large for a workshop fee."))]
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        return [
            FieldProblem(
                "amount",
                _(
                    "Give the amount in cents at most (two decimals): {amount} is not rounded."
                ).format(amount=amount),
            )
        ]
    return []


def reason_problems(amount_reason: str) -> list[FieldProblem]:
    """The reason is kept with the charge and written in the audit log (one line)."""
    if refused := problem_in_text(
        "amount_reason", amount_reason, label=_("The reason for the amount")
    ):
        return [refused]
    reason = amount_reason.strip()
    if contains_card_number(reason):
        return [FieldProblem("amount_reason", _("The reason must not hold a card number."))]
    if len(reason) > MAX_AMOUNT_REASON:
        return [
            FieldProblem(
                "amount_reason",
                _("Keep the reason to {limit} characters.").format(limit=MAX_AMOUNT_REASON),
            )
        ]
    return []


def date_problems(charged_on: date, dates: ChargeDates) -> list[FieldProblem]:
    """The decision's day is the first day a confirmed organization exists, so an earlier
    charge date is a slip (or a charge made too soon)."""
    if charged_on > dates.last:
        return [FieldProblem("charged_on", _("That date is in the future."))]
    if dates.first is None:
        return [FieldProblem("charged_on", _("No decision has been taken for this workshop."))]
    if charged_on < dates.first:
        return [
            FieldProblem(
                "charged_on",
                _("The charge cannot be dated before the decision ({day}).").format(
                    day=long_date(dates.first)
                ),
            )
        ]
    return []


def reason_required(fee: Decimal | None, amount: Decimal | None) -> bool:
    """Whether the amount needs a reason: any amount but the fixed fee (any amount at all
    when no fee was fixed). None is the fixed fee itself."""
    return amount is not None and (fee is None or amount != fee)


def fee_problems(
    fee: Decimal | None, amount: Decimal | None, amount_reason: str, currency: str
) -> list[FieldProblem]:
    """The fixed fee needs no words; any other amount (or one with no fee fixed) does."""
    if amount is None:
        if fee is None:
            return [FieldProblem("amount", _("No fee was fixed; give the amount."))]
        return []
    if amount_problems(amount) or not reason_required(fee, amount) or amount_reason.strip():
        return []  # an amount refused as such needs no reason (yet)
    if fee is None:
        return [
            FieldProblem(
                "amount_reason", _("No fee was fixed for this organization: say why this amount.")
            )
        ]
    return [
        FieldProblem(
            "amount_reason",
            _("The fixed fee is {fee}: say why a different amount is charged.").format(
                fee=_fee_text(fee, currency)
            ),
        )
    ]


def _fee_text(fee: Decimal, currency: str) -> str:
    """English keeps its "3,000.00 CAD"; another language writes amounts its own way."""
    if current_locale().startswith("en"):
        return Money(fee, currency).format()
    return format_money(round_cents(fee), currency)


def charged_amount(fee: Decimal | None, amount: Decimal | None) -> Decimal:
    """What is recorded: a given amount exactly (it has two decimals at most, checked
    before); the fixed fee rounded to the cent as it always was."""
    if amount is not None:
        return amount.quantize(CENT)
    if fee is None:
        raise ValueError("No fee was fixed; give the amount.")  # refused by fee_problems
    return round_cents(fee)
