"""Amounts typed in the user's locale (escadesk.i18n.amounts): the locale's form and the
plain "1500.50" are read exactly, as Decimals; anything unclear is refused by name."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from escadesk.i18n import amount_input_text, parse_amount, parse_number, set_locale

NBSP = "\u00a0"


@pytest.fixture(autouse=True)
def _english_afterwards() -> Iterator[None]:
    yield
    set_locale("en_CA")


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1 500,50", "1500.50"),  # an ordinary space, as typed
        (f"1{NBSP}500,50", "1500.50"),  # as Babel writes it
        ("1\u202f500,50", "1500.50"),  # narrow no-break space (France)
        ("1500,50", "1500.50"),
        ("150,5", "150.5"),
        ("1500.50", "1500.50"),  # the plain form, in every locale
        (" 2780 ", "2780"),
        ("0,01", "0.01"),
    ],
)
def test_french_amounts_are_read_exactly(text: str, amount: str) -> None:
    set_locale("fr_CA")
    value = parse_amount(text, "Montant")
    assert isinstance(value, Decimal)
    assert value == Decimal(amount) and str(value) == amount


@pytest.mark.parametrize(
    "text", ["1,5,0", "1.500,50", "1,500.50", "1,500", "1.500", "150,505", "1 50,5", "-5", "1e3"]
)
def test_unclear_french_amounts_are_refused_naming_the_field(text: str) -> None:
    """ "1,500" would be 1.5 in French: three decimals is no amount of money, never guessed."""
    set_locale("fr_CA")
    with pytest.raises(ValueError) as refused:
        parse_amount(text, "Montant du remboursement")
    assert str(refused.value) == (
        f"Montant du remboursement{NBSP}: «{NBSP}{text.strip()}{NBSP}» n'est pas un montant "
        f"(p. ex. 1{NBSP}500,50)."
    )


@pytest.mark.parametrize(
    ("text", "amount"),
    [("1,500.50", "1500.50"), ("1500.50", "1500.50"), ("150.5", "150.5"), ("2,780", "2780")],
)
def test_english_amounts_are_read_exactly(text: str, amount: str) -> None:
    set_locale("en_CA")
    assert str(parse_amount(text)) == amount


@pytest.mark.parametrize(
    "text", ["1 500,50", "1500,50", "150,5", "1,5,0", "1.500,50", "1.500", "NaN", "", "  "]
)
def test_unclear_english_amounts_are_refused_naming_the_field(text: str) -> None:
    set_locale("en_CA")
    with pytest.raises(ValueError) as refused:
        parse_amount(text, "Amount refunded")
    assert str(refused.value) == (
        f"Amount refunded: “{text.strip()}” is not an amount (e.g. 1,500.50)."
    )


def test_an_explicit_locale_is_read_whatever_the_window_speaks() -> None:
    set_locale("en_CA")
    assert parse_amount("1 500,50", locale="fr_CA") == Decimal("1500.50")
    with pytest.raises(ValueError, match="n'est pas un montant"):
        parse_amount("1,500.50", "Montant", locale="fr_CA")


def test_more_decimals_for_rates_and_the_field_text_reads_back() -> None:
    set_locale("fr_CA")
    assert parse_number("14,975", decimals=4) == Decimal("14.975")
    assert amount_input_text(Decimal("2780")) == f"2{NBSP}780,00"
    assert amount_input_text(Decimal("2780"), grouping=False) == "2780,00"
    assert parse_amount(amount_input_text(Decimal("1234567.8"))) == Decimal("1234567.80")
    set_locale("en_CA")
    assert amount_input_text(Decimal("2780")) == "2,780.00"
    assert amount_input_text(Decimal("2780"), grouping=False) == "2780.00"
