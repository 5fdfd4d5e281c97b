"""Money, rounding and the split of a tax-included price."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from escadesk.domain.money import (
    CurrencyMismatchError,
    Money,
    TaxSplit,
    format_percent,
    round_cents,
    split_tax_included,
    to_decimal,
)

PROPERTY = settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
HST = Decimal("0.13")


def cad(amount: str) -> Money:
    return Money.of(amount, "CAD")


@pytest.mark.parametrize(
    ("gross", "net", "tax"),
    [
        ("3000.00", "2654.87", "345.13"),
        ("2780.00", "2460.18", "319.82"),
        ("2650.00", "2345.13", "304.87"),
    ],
)
def test_announcement_prices_split_exactly(gross: str, net: str, tax: str) -> None:
    split = split_tax_included(cad(gross), HST)

    assert split.gross == cad(gross)
    assert split.net.amount == Decimal(net)
    assert split.tax.amount == Decimal(tax)
    assert str(split.net.amount) == net  # two decimals, not just an equal value
    assert str(split.tax.amount) == tax
    assert split.net.currency == split.tax.currency == "CAD"
    assert split.rate == HST


def _half_up_cents(value: Fraction) -> Fraction:
    """An independent oracle: round a non-negative exact fraction to the cent, half up."""
    return Fraction(math.floor(value * 100 + Fraction(1, 2)), 100)


@PROPERTY
@given(
    cents=st.integers(min_value=0, max_value=10**9),
    rate_units=st.integers(min_value=0, max_value=30_000),
)
def test_split_is_exact_and_rounds_net_half_up(cents: int, rate_units: int) -> None:
    gross = Money(Decimal(cents).scaleb(-2), "EUR")
    rate = Decimal(rate_units).scaleb(-5)  # 0 .. 0.30000, up to 5 places

    split = split_tax_included(gross, rate)

    assert split.net + split.tax == split.gross == gross
    assert split.net.amount.as_tuple().exponent == -2
    assert split.tax.amount.as_tuple().exponent == -2
    assert split.gross.amount.as_tuple().exponent == -2
    assert Decimal(0) <= split.net.amount <= split.gross.amount
    assert split.tax.amount >= 0
    exact_net = Fraction(cents, 100) / (1 + Fraction(rate))
    assert Fraction(split.net.amount) == _half_up_cents(exact_net)


def test_half_cent_net_rounds_up() -> None:
    # 0.25 / (1 + 1) = 0.125 exactly: half up gives 0.13 where half even would give 0.12.
    split = split_tax_included(Money.of("0.25", "CAD"), Decimal(1))
    assert split.net.amount == Decimal("0.13")
    assert split.tax.amount == Decimal("0.12")


def test_gross_with_sub_cent_precision_is_rounded_first() -> None:
    split = split_tax_included(cad("100.005"), Decimal(0))
    assert split.gross.amount == Decimal("100.01")
    assert split.net.amount == Decimal("100.01")
    assert split.tax.amount == Decimal("0.00")


def test_zero_rate_means_no_tax() -> None:
    split = split_tax_included(cad("2650"), Decimal(0))
    assert split.net == cad("2650.00")
    assert split.tax == Money.zero("CAD")


def test_negative_rate_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        split_tax_included(cad("100"), Decimal("-0.01"))


@pytest.mark.parametrize(
    "make",
    [
        lambda: Money.of(3000.0, "CAD"),  # type: ignore[arg-type]
        lambda: Money(2650.5, "CAD"),  # type: ignore[arg-type]
        lambda: to_decimal(0.13),  # type: ignore[arg-type]
        lambda: cad("10").times(1.5),  # type: ignore[arg-type]
        lambda: split_tax_included(cad("3000"), 0.13),  # type: ignore[arg-type]
    ],
    ids=["of", "constructor", "to_decimal", "times", "rate"],
)
def test_floats_are_refused(make) -> None:
    with pytest.raises(TypeError, match="float"):
        make()


@pytest.mark.parametrize("text", ["abc", "", "1,000.00", "NaN", "Infinity", "-Infinity"])
def test_non_amounts_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="amount of money"):
        Money.of(text, "CAD")


@pytest.mark.parametrize("code", ["cad", "CA", "CADX", "C4D", "", "€UR"])
def test_currency_must_be_an_iso_code(code: str) -> None:
    with pytest.raises(ValueError, match="ISO 4217"):
        Money.of("1", code)


def test_arithmetic_keeps_currency_and_precision() -> None:
    total = cad("0.10") + cad("0.20")
    assert total == cad("0.30")
    assert (cad("1") - cad("0.005")).amount == Decimal("0.995")
    assert cad("1.005").rounded().amount == Decimal("1.01")
    assert cad("2650").times(3) == cad("7950")
    assert cad("2650").times(Decimal("0.5")) == cad("1325")


@pytest.mark.parametrize("operation", ["add", "sub"])
def test_currency_mismatch_is_refused(operation: str) -> None:
    eur = Money.of("1", "EUR")
    with pytest.raises(CurrencyMismatchError, match="CAD and EUR"):
        _ = cad("1") + eur if operation == "add" else cad("1") - eur


def test_tax_splits_of_different_rates_do_not_add() -> None:
    a = split_tax_included(cad("100"), HST)
    b = split_tax_included(cad("100"), Decimal("0.05"))
    with pytest.raises(ValueError, match="different rates"):
        _ = a + b


def test_tax_split_times_and_sum_are_line_by_line() -> None:
    one = split_tax_included(cad("3000"), HST)
    four = one.times(4)
    assert four == TaxSplit(cad("12000.00"), cad("10619.48"), cad("1380.52"), HST)
    assert one + one + one + one == four
    assert four.net + four.tax == four.gross


@pytest.mark.parametrize(
    ("amount", "currency", "text"),
    [
        ("3000", "CAD", "3,000.00 CAD"),
        ("2654.87", "CAD", "2,654.87 CAD"),
        ("1234567.005", "EUR", "1,234,567.01 EUR"),
        ("0.004", "CAD", "0.00 CAD"),
        ("-12.5", "CAD", "-12.50 CAD"),
        ("999.995", "CAD", "1,000.00 CAD"),
    ],
)
def test_format(amount: str, currency: str, text: str) -> None:
    money = Money.of(amount, currency)
    assert money.format() == text
    assert str(money) == text


def test_round_cents_is_half_up() -> None:
    assert round_cents(Decimal("0.125")) == Decimal("0.13")
    assert round_cents(Decimal("0.135")) == Decimal("0.14")
    assert round_cents(Decimal("0.1249999")) == Decimal("0.12")
    assert round_cents(Decimal("-0.125")) == Decimal("-0.13")


@pytest.mark.parametrize(
    ("rate", "text"),
    [("0.13", "13%"), ("0.14975", "14.975%"), ("0.10", "10%"), ("0", "0%"), ("0.05", "5%")],
)
def test_format_percent(rate: str, text: str) -> None:
    assert format_percent(Decimal(rate)) == text
