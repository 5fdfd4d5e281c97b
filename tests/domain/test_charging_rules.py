"""The rules of a charge: date window in the workshop's zone, amount in cents below the
cap, a reason for any amount but the fixed fee, a reference, no card number in clear."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from escadesk.domain.charging import (
    MAX_AMOUNT,
    MAX_AMOUNT_REASON,
    ChargeDates,
    ChargeEntry,
    ChargeTerms,
    amount_problems,
    charge_dates,
    charged_amount,
    check_charge,
    date_problems,
    fee_problems,
    reason_problems,
    reason_required,
    reference_problems,
)
from escadesk.domain.registration import RegistrationStatus
from escadesk.domain.validation import FieldProblem

TORONTO = ZoneInfo("America/Toronto")
DECIDED = datetime(2018, 10, 2, 9, 0, tzinfo=TORONTO)
NOW = datetime(2018, 10, 5, 10, 0, tzinfo=TORONTO)
DATES = ChargeDates(first=date(2018, 10, 2), last=date(2018, 10, 5))
FEE = Decimal("3000.00")
CARD = "4111 1111 1111 1111"
PROPERTY = settings(max_examples=300, deadline=None, database=None)

#: Amounts in cents that may be charged: from one cent to just below the cap.
CENTS = st.integers(min_value=1, max_value=int(MAX_AMOUNT * 100) - 1)
#: The same, written with no, one or two decimals (3000, 3000.0, 3000.00).
AMOUNTS = st.integers(min_value=0, max_value=2).flatmap(
    lambda places: st.integers(min_value=1, max_value=int(MAX_AMOUNT) * 10**places - 1).map(
        lambda units: Decimal(units).scaleb(-places)
    )
)


def terms(**changes: object) -> ChargeTerms:
    values: dict[str, object] = {
        "status": RegistrationStatus.CONFIRMED,
        "fee": FEE,
        "currency": "CAD",
        "dates": DATES,
        **changes,
    }
    return ChargeTerms(**values)  # type: ignore[arg-type]


def messages(problems: list[FieldProblem], field: str) -> list[str]:
    return [problem.message for problem in problems if problem.field == field]


# -- date -----------------------------------------------------------------------------------


def test_the_dates_are_days_in_the_workshops_zone() -> None:
    """23:30 in Toronto is already the next day in UTC: the decision's day is still Oct 2;
    and 01:00 UTC on Oct 6 is still Oct 5 in Toronto."""
    late = datetime(2018, 10, 2, 23, 30, tzinfo=TORONTO)
    now = datetime(2018, 10, 6, 1, 0, tzinfo=UTC)
    assert late.astimezone(UTC).date() == date(2018, 10, 3)
    assert charge_dates(late, now, TORONTO) == ChargeDates(date(2018, 10, 2), date(2018, 10, 5))
    assert charge_dates(None, now, TORONTO) == ChargeDates(None, date(2018, 10, 5))


def test_the_dates_need_aware_times() -> None:
    with pytest.raises(ValueError, match="time zone"):
        charge_dates(DECIDED, datetime(2018, 10, 5, 10, 0), TORONTO)
    with pytest.raises(ValueError, match="time zone"):
        charge_dates(datetime(2018, 10, 2, 9, 0), NOW, TORONTO)


@pytest.mark.parametrize("day", [date(2018, 10, 2), date(2018, 10, 3), date(2018, 10, 5)])
def test_a_charge_is_dated_from_the_decision_to_today(day: date) -> None:
    assert date_problems(day, DATES) == []


def test_a_charge_before_the_decision_or_in_the_future_is_refused() -> None:
    assert date_problems(date(2018, 10, 1), DATES) == [
        FieldProblem("charged_on", "The charge cannot be dated before the decision (Oct 2, 2018).")
    ]
    assert date_problems(date(2018, 10, 6), DATES) == [
        FieldProblem("charged_on", "That date is in the future.")
    ]
    assert date_problems(date(2018, 10, 5), ChargeDates(None, date(2018, 10, 5))) == [
        FieldProblem("charged_on", "No decision has been taken for this workshop.")
    ]


# -- amount ---------------------------------------------------------------------------------


@PROPERTY
@given(amount=AMOUNTS)
def test_an_amount_in_cents_is_accepted_and_recorded_exactly(amount: Decimal) -> None:
    """Whatever its number of decimals up to two (3000, 3000.0, 3000.00), an amount below
    the cap is accepted and recorded as the same value in cents, never rounded."""
    assert amount_problems(amount) == []
    recorded = charged_amount(FEE, amount)
    assert recorded == amount and recorded.as_tuple().exponent == -2


@PROPERTY
@given(cents=CENTS, extra=st.integers(min_value=0, max_value=999))
def test_more_than_two_decimals_are_refused_not_rounded(cents: int, extra: int) -> None:
    """An amount with a third (or later) decimal is refused, named as typed: even a
    trailing zero (3000.000), since the terminal charged an exact amount in cents."""
    amount = Decimal(cents * 1000 + extra).scaleb(-5)
    assert amount.as_tuple().exponent == -5
    assert amount_problems(amount) == [
        FieldProblem(
            "amount", f"Give the amount in cents at most (two decimals): {amount} is not rounded."
        )
    ]


@pytest.mark.parametrize("text", ["3000.000", "2650.005", "0.001"])
def test_the_examples_of_too_many_decimals(text: str) -> None:
    assert messages(amount_problems(Decimal(text)), "amount") == [
        f"Give the amount in cents at most (two decimals): {text} is not rounded."
    ]


@pytest.mark.parametrize(
    "text", ["0", "0.00", "-5", "-0.01", "NaN", "sNaN", "Infinity", "-Infinity"]
)
def test_an_amount_must_be_positive(text: str) -> None:
    assert amount_problems(Decimal(text)) == [
        FieldProblem("amount", "The amount must be greater than zero.")
    ]


@pytest.mark.parametrize("amount", [MAX_AMOUNT, Decimal("1E+30"), Decimal("1000000000.005")])
def test_an_amount_stays_below_the_cap(amount: Decimal) -> None:
    """Named as too large, even with too many decimals (one problem at a time)."""
    assert amount_problems(MAX_AMOUNT - Decimal("0.01")) == []
    assert amount_problems(amount) == [
        FieldProblem("amount", "That amount is too large for a workshop fee.")
    ]


def test_no_amount_is_the_fixed_fee() -> None:
    assert amount_problems(None) == []
    assert charged_amount(Decimal("2650.005"), None) == Decimal("2650.01")  # half up
    assert charged_amount(FEE, None) == FEE
    with pytest.raises(ValueError, match="No fee was fixed"):
        charged_amount(None, None)


# -- reason ---------------------------------------------------------------------------------


@PROPERTY
@given(cents=CENTS)
def test_a_reason_is_required_for_any_amount_but_the_fee(cents: int) -> None:
    amount = Decimal(cents).scaleb(-2)
    assert reason_required(FEE, amount) is (amount != FEE)
    assert reason_required(None, amount)  # no fee fixed: every amount needs words
    assert not reason_required(FEE, None) and not reason_required(None, None)


@pytest.mark.parametrize("amount", ["3000", "3000.0", "3000.00"])
def test_the_fee_in_any_writing_needs_no_reason(amount: str) -> None:
    assert fee_problems(FEE, Decimal(amount), "", "CAD") == []


def test_another_amount_needs_a_reason() -> None:
    problem = FieldProblem(
        "amount_reason", "The fixed fee is 3,000.00 CAD: say why a different amount is charged."
    )
    assert fee_problems(FEE, Decimal("1.00"), "", "CAD") == [problem]
    assert fee_problems(FEE, Decimal("1.00"), "   ", "CAD") == [problem]
    assert fee_problems(FEE, Decimal("1.00"), "Deposit only", "CAD") == []
    assert fee_problems(None, Decimal("1.00"), "", "EUR") == [
        FieldProblem(
            "amount_reason", "No fee was fixed for this organization: say why this amount."
        )
    ]
    assert fee_problems(None, None, "", "CAD") == [
        FieldProblem("amount", "No fee was fixed; give the amount.")
    ]
    # An amount refused as such is named once, not asked a reason as well.
    assert fee_problems(FEE, Decimal("2650.005"), "", "CAD") == []
    assert fee_problems(FEE, Decimal("0"), "", "CAD") == []


def test_the_reason_holds_no_card_number_and_has_a_length_cap() -> None:
    assert reason_problems("") == []
    assert reason_problems("x" * MAX_AMOUNT_REASON) == []
    assert reason_problems(f"  {'x' * MAX_AMOUNT_REASON}  ") == []  # counted trimmed
    assert reason_problems("x" * (MAX_AMOUNT_REASON + 1)) == [
        FieldProblem("amount_reason", f"Keep the reason to {MAX_AMOUNT_REASON} characters.")
    ]
    assert reason_problems(f"paid with {CARD}") == [
        FieldProblem("amount_reason", "The reason must not hold a card number.")
    ]


# -- reference ------------------------------------------------------------------------------


def test_a_reference_is_required_and_not_a_card_number() -> None:
    assert reference_problems("APPROVAL 884213") == []
    assert reference_problems("  ") == [
        FieldProblem("reference", "The approval or reference code is required.")
    ]
    assert reference_problems(CARD) == [
        FieldProblem("reference", "The reference must not be a card number.")
    ]
    assert reference_problems("4111-1111-1111-1111") == reference_problems(CARD)


# -- the whole charge -----------------------------------------------------------------------


def test_a_valid_charge_has_no_problems() -> None:
    assert check_charge(ChargeEntry(date(2018, 10, 2), "R-1"), terms()) == []
    entry = ChargeEntry(date(2018, 10, 5), "R-1", Decimal("1.00"), "Deposit only")
    assert entry.problems() == [] and check_charge(entry, terms()) == []


def test_every_problem_is_named_at_once_in_the_forms_order() -> None:
    entry = ChargeEntry(date(2018, 9, 30), " ", Decimal("2650.005"), f"card {CARD}")
    assert [problem.field for problem in entry.problems()] == [
        "reference",
        "amount",
        "amount_reason",
    ]
    assert [problem.field for problem in check_charge(entry, terms())] == [
        "reference",
        "amount",
        "amount_reason",
        "charged_on",
    ]
    entry = ChargeEntry(date(2018, 10, 6), "R-1", Decimal("1.00"))
    assert [problem.field for problem in check_charge(entry, terms())] == [
        "charged_on",
        "amount_reason",
    ]


def test_only_a_confirmed_organization_is_charged() -> None:
    """Named once: its dates and fee do not matter then."""
    entry = ChargeEntry(date(2018, 9, 1), "R-1", Decimal("1.00"))
    assert check_charge(entry, terms(status=RegistrationStatus.COMPLETE)) == [
        FieldProblem("registration", "Only a confirmed organization can be charged.")
    ]
    entry = ChargeEntry(date(2018, 9, 1), "", Decimal("1.00"))
    assert [p.field for p in check_charge(entry, terms(status=RegistrationStatus.COMPLETE))] == [
        "reference",
        "registration",
    ]
