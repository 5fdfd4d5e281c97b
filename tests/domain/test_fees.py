"""The fee schedule of the announcement, tiers, capping, validation and EUR approximations."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from escadesk.domain.fees import (
    EXCHANGE_DISCLAIMER,
    ExchangeRate,
    FeeSchedule,
    FeeScheduleError,
    announcement_fee_schedule,
)
from escadesk.domain.money import Money

HST = Decimal("0.13")


def cad(amount: str) -> Money:
    return Money.of(amount, "CAD")


@pytest.mark.parametrize(
    ("participants", "gross", "net", "tax", "euros", "text"),
    [
        (4, "3000.00", "2654.87", "345.13", "1990", "~1,990 EUR"),
        (5, "2780.00", "2460.18", "319.82", "1840", "~1,840 EUR"),
        (6, "2650.00", "2345.13", "304.87", "1750", "~1,750 EUR"),
    ],
)
def test_announcement_quotes(
    participants: int, gross: str, net: str, tax: str, euros: str, text: str
) -> None:
    quote = announcement_fee_schedule().quote(participants)

    assert quote.participants == participants
    assert quote.price.gross == cad(gross)
    assert quote.price.net == cad(net)
    assert quote.price.tax == cad(tax)
    assert quote.price.rate == HST
    assert quote.approximation == Money.of(euros, "EUR")
    assert quote.approximation_text() == text
    assert quote.rate is not None
    assert quote.rate.rate == Decimal("0.662")


def test_announcement_schedule_shape() -> None:
    schedule = announcement_fee_schedule()
    assert (schedule.minimum, schedule.maximum, schedule.currency) == (4, 6, "CAD")
    assert schedule.tax_name == "HST"
    assert schedule.tax_rate == HST
    assert [q.participants for q in schedule.quotes()] == [4, 5, 6]
    assert [schedule.applies_to(n) for n in (3, 4, 5, 6, 7)] == [False, True, True, True, False]
    assert schedule.rate is not None
    assert schedule.rate.describe() == "1 CAD = 0.662 EUR on 2018-06-01"
    assert "not responsible" in EXCHANGE_DISCLAIMER


@pytest.mark.parametrize("participants", [7, 8, 12, 1000])
def test_head_counts_above_the_maximum_pay_the_lowest_tier(participants: int) -> None:
    quote = announcement_fee_schedule().quote(participants)
    assert quote.participants == 6
    assert quote.price.gross == cad("2650.00")


@pytest.mark.parametrize("participants", [3, 1, 0, -1])
def test_head_counts_below_the_minimum_have_no_fee(participants: int) -> None:
    with pytest.raises(FeeScheduleError, match="at least 4") as refused:
        announcement_fee_schedule().quote(participants)
    assert str(participants) in str(refused.value)


def test_tiers_are_sorted_and_built_from_pairs() -> None:
    schedule = FeeSchedule.from_tiers([(6, cad("2650")), (4, cad("3000")), (5, cad("2780"))], HST)
    assert list(schedule.fees) == [4, 5, 6]
    assert schedule.rate is None
    assert schedule.quote(5).approximation is None
    assert schedule.quote(5).approximation_text() == ""


@pytest.mark.parametrize(
    ("fees", "message"),
    [
        ({}, "at least one tier"),
        ({4: cad("3000"), 6: cad("2650")}, "Every head-count"),
        ({1: cad("10"), 3: cad("10"), 4: cad("10")}, "tiers given: 1, 3, 4"),
        ({0: cad("10"), 1: cad("10")}, "at least one organization"),
        ({4: cad("3000"), 5: Money.of("1840", "EUR")}, "same currency"),
        ({4: cad("3000"), 5: cad("0")}, "greater than zero"),
        ({4: cad("3000"), 5: cad("-1")}, "greater than zero"),
    ],
    ids=["empty", "gap", "gap-message", "zero-tier", "mixed-currency", "zero-fee", "negative"],
)
def test_inconsistent_schedules_are_refused(fees: dict[int, Money], message: str) -> None:
    with pytest.raises(FeeScheduleError, match=message):
        FeeSchedule(fees, HST)


def test_exchange_rate_must_convert_from_the_schedule_currency() -> None:
    rate = ExchangeRate("USD", "EUR", Decimal("0.9"), date(2018, 6, 1))
    with pytest.raises(FeeScheduleError, match="convert from CAD"):
        FeeSchedule({4: cad("3000")}, HST, rate=rate)


def _eur(round_to: Decimal = Decimal(10)) -> ExchangeRate:
    return ExchangeRate("CAD", "EUR", Decimal(1), date(2018, 6, 1), round_to)


def test_exact_half_rounds_up() -> None:
    # 1985 / 10 = 198.5 exactly: half up -> 1990 (banker's rounding would give 1980).
    assert _eur().approximate(cad("1985")) == Money.of("1990", "EUR")
    assert _eur().approximate(cad("1975")) == Money.of("1980", "EUR")


def test_just_below_half_rounds_down() -> None:
    assert _eur().approximate(cad("1984.99")) == Money.of("1980", "EUR")


def test_rounding_step_is_configurable() -> None:
    assert _eur(Decimal(1)).approximate(cad("1984.50")) == Money.of("1985", "EUR")
    assert _eur(Decimal(100)).approximate(cad("1949.99")) == Money.of("1900", "EUR")
    assert _eur(Decimal(100)).approximate(cad("1950")) == Money.of("2000", "EUR")


def test_rate_is_applied_before_rounding() -> None:
    rate = ExchangeRate("CAD", "EUR", Decimal("0.662"), date(2018, 6, 1))
    # 2000 * 0.662 = 1324 -> 1320; 2500 * 0.662 = 1655 (exact half of 10) -> 1660
    assert rate.approximate(cad("2000")) == Money.of("1320", "EUR")
    assert rate.approximate(cad("2500")) == Money.of("1660", "EUR")


def test_a_rate_only_converts_its_base_currency() -> None:
    with pytest.raises(ValueError, match="converts CAD, not EUR"):
        _eur().approximate(Money.of("10", "EUR"))


@pytest.mark.parametrize(
    ("rate", "round_to", "message"),
    [
        (Decimal(0), Decimal(10), "must be positive"),
        (Decimal("-0.5"), Decimal(10), "must be positive"),
        (Decimal(1), Decimal(0), "rounding step"),
    ],
)
def test_exchange_rate_validation(rate: Decimal, round_to: Decimal, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ExchangeRate("CAD", "EUR", rate, date(2018, 6, 1), round_to)


def test_exchange_rate_refuses_float() -> None:
    with pytest.raises(TypeError):
        ExchangeRate("CAD", "EUR", 0.662, date(2018, 6, 1))  # type: ignore[arg-type]


def test_approximation_text_groups_thousands() -> None:
    rate = ExchangeRate("CAD", "EUR", Decimal(1), date(2018, 6, 1))
    schedule = FeeSchedule({1: cad("12345")}, Decimal(0), rate=rate)
    assert schedule.quote(1).approximation_text() == "~12,350 EUR"
