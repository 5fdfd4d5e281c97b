"""Money as Decimal with a currency, and the tax-included price split.

Rounding rule (stated once, used everywhere): amounts are rounded to the cent with
ROUND_HALF_UP. A tax-included (gross) price is split by rounding the net amount,
gross / (1 + rate), and taking the tax as the remainder, so net + tax == gross always.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from escadesk.i18n import (
    N_,
    Translator,
    format_decimal,
    format_money,
    reader_locale,
)

CENT = Decimal("0.01")
#: In English as stored; translated where shown (the finance workbook).
ROUNDING_RULE_TEXT = N_(
    "Amounts are rounded to the cent, halves rounded up. The tax included in a price is "
    "the price minus its net amount, where the net amount is the price divided by "
    "(1 + tax rate), rounded to the cent; net plus tax always equals the price."
)


class CurrencyMismatchError(ValueError):
    """Two amounts in different currencies were combined."""


def to_decimal(value: Decimal | int | str) -> Decimal:
    """Exact conversion; floats are refused because they cannot carry cents exactly."""
    if isinstance(value, float):
        raise TypeError("Money never comes from a float; pass a str, int or Decimal.")
    try:
        result = Decimal(value)
    except InvalidOperation as error:
        raise ValueError(f"{value!r} is not an amount of money.") from error
    if not result.is_finite():
        raise ValueError(f"{value!r} is not a finite amount of money.")
    return result


def round_cents(amount: Decimal) -> Decimal:
    """Round to the cent, half up (the rule stated in ROUNDING_RULE_TEXT)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, order=True)
class Money:
    """An amount in one currency; arithmetic keeps full precision until ``rounded``."""

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", to_decimal(self.amount))
        if len(self.currency) != 3 or not self.currency.isalpha() or not self.currency.isupper():
            raise ValueError(f"{self.currency!r} is not an ISO 4217 currency code.")

    @classmethod
    def of(cls, amount: Decimal | int | str, currency: str) -> Money:
        return cls(to_decimal(amount), currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(Decimal(0), currency)

    def _same_currency(self, other: Money) -> None:
        if other.currency != self.currency:
            raise CurrencyMismatchError(f"Cannot combine {self.currency} and {other.currency}.")

    def __add__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount - other.amount, self.currency)

    def times(self, factor: Decimal | int) -> Money:
        if isinstance(factor, float):
            raise TypeError("Multiply money by an int or Decimal, never a float.")
        return Money(self.amount * factor, self.currency)

    def rounded(self) -> Money:
        return Money(round_cents(self.amount), self.currency)

    def format(self) -> str:
        """'3,000.00 CAD': grouped, two decimals, currency code after (unambiguous for $)."""
        return f"{round_cents(self.amount):,.2f} {self.currency}"

    def __str__(self) -> str:
        return self.format()


@dataclass(frozen=True)
class TaxSplit:
    """A tax-included price broken into its net amount and the tax it contains."""

    gross: Money
    net: Money
    tax: Money
    rate: Decimal

    def __add__(self, other: TaxSplit) -> TaxSplit:
        if other.rate != self.rate:
            raise ValueError("Cannot add amounts taxed at different rates.")
        return TaxSplit(
            self.gross + other.gross, self.net + other.net, self.tax + other.tax, self.rate
        )

    def times(self, count: int) -> TaxSplit:
        """``count`` identical prices: each line is split first, then summed (invoice-style)."""
        return TaxSplit(
            self.gross.times(count), self.net.times(count), self.tax.times(count), self.rate
        )


def split_tax_included(gross: Money, rate: Decimal) -> TaxSplit:
    """Split a tax-included price: net rounded half up to the cent, tax = gross - net."""
    rate = to_decimal(rate)
    if rate < 0:
        raise ValueError("A tax rate cannot be negative.")
    gross = gross.rounded()
    net = Money(round_cents(gross.amount / (1 + rate)), gross.currency)
    return TaxSplit(gross=gross, net=net, tax=gross - net, rate=rate)


def format_percent(rate: Decimal) -> str:
    """0.13 -> '13%'; 0.14975 -> '14.975%'."""
    percent = (to_decimal(rate) * 100).normalize()
    text = f"{percent:f}"
    return f"{text}%"


def money_text(value: Money, locale: str | None = None) -> str:
    """An amount as a reader of ``locale`` (the window's when None) reads it: English keeps
    the historical "3,000.00 CAD" (the code after the figure: unambiguous for $), another
    language Babel's ("3 000,00 $"). The one rule for the window, letters, forms and the
    decision's sentences; cents rounded half up first (``round_cents``)."""
    chosen, english = reader_locale(locale)
    if english:
        return value.format()
    return format_money(round_cents(value.amount), value.currency, chosen)


def percent_text(rate: Decimal, locale: str | None = None) -> str:
    """A tax rate as ``locale``'s reader (the window's when None) writes it: '13%' /
    '14.975%' in English; '13 %' / '14,975 %' in French (no-break space)."""
    chosen, english = reader_locale(locale)
    if english:
        return format_percent(rate)
    return format_decimal(to_decimal(rate) * 100, chosen, "#,##0.###") + "\u00a0%"


#: The sales taxes a workshop may name (stored in English, a database value): their
#: names in the reader's language; any other name is printed as stored.
TAX_NAMES = {
    # Translators: the Canadian Harmonized Sales Tax (French: TVH).
    "HST": N_("HST"),
    # Translators: the Canadian Goods and Services Tax (French: TPS).
    "GST": N_("GST"),
    # Translators: the Québec Sales Tax (French: TVQ).
    "QST": N_("QST"),
    # Translators: value-added tax (French: TVA).
    "VAT": N_("VAT"),
}


def tax_name_text(name: str, locale: str | None = None) -> str:
    """A workshop's tax name as ``locale``'s reader (the window's when None) knows it:
    'HST' / 'TVH'; a name the app does not know stays as the workshop stores it."""
    known = TAX_NAMES.get(name.strip().upper())
    if known is None:
        return name
    return Translator(reader_locale(locale)[0]).gettext(known)
