"""The fee per organization, set by how many organizations take part.

Prices are tax-included (the announcement's "13% Harmonized Sales Tax included"). A
foreign-currency figure is only ever an approximation from a dated rate, rounded the way
the announcement rounds (to 10 EUR), and always shown with the exchange-rate disclaimer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from escadesk.domain.money import Money, TaxSplit, split_tax_included, to_decimal
from escadesk.i18n import N_, Translator, _, format_decimal, ngettext, reader_locale

#: Shown under approximate amounts; translate where shown (``_(EXCHANGE_DISCLAIMER)``).
EXCHANGE_DISCLAIMER = N_(
    "Approximate; the Institute is not responsible for any exchange rate fees."
)


@dataclass(frozen=True)
class ExchangeRate:
    """How many units of ``quote`` one unit of ``base`` buys, as published on ``as_of``."""

    base: str
    quote: str
    rate: Decimal
    as_of: date
    round_to: Decimal = Decimal(10)

    def __post_init__(self) -> None:
        object.__setattr__(self, "rate", to_decimal(self.rate))
        object.__setattr__(self, "round_to", to_decimal(self.round_to))
        if self.rate <= 0:
            raise ValueError("An exchange rate must be positive.")
        if self.round_to <= 0:
            raise ValueError("The rounding step of an approximation must be positive.")

    def approximate(self, amount: Money) -> Money:
        """Convert and round half up to ``round_to`` units (10 EUR by default)."""
        if amount.currency != self.base:
            raise ValueError(f"This rate converts {self.base}, not {amount.currency}.")
        converted = amount.amount * self.rate / self.round_to
        steps = converted.quantize(Decimal(1), rounding=ROUND_HALF_UP)
        return Money(steps * self.round_to, self.quote)

    def describe(self, locale: str | None = None) -> str:
        """'1 CAD = 0.662 EUR on 2018-06-01' for ``locale``'s reader (the window's when
        None): French writes the rate with its decimal comma ('0,662 EUR au …')."""
        chosen, english = reader_locale(locale)
        if english:
            return f"1 {self.base} = {self.rate} {self.quote} on {self.as_of.isoformat()}"
        # Translators: an exchange rate and the day it was taken; {date} is ISO (2018-06-01).
        text = Translator(chosen).gettext("1 {base} = {rate} {quote} on {date}")
        return text.format(
            base=self.base,
            rate=format_decimal(self.rate, chosen, "0.##########"),
            quote=self.quote,
            date=self.as_of.isoformat(),
        )


@dataclass(frozen=True)
class FeeQuote:
    """What one organization pays when ``participants`` organizations take part."""

    participants: int
    price: TaxSplit
    approximation: Money | None
    rate: ExchangeRate | None

    def approximation_text(self, locale: str | None = None) -> str:
        """'~1,990 EUR' ('~1 990 EUR' in French: ``locale``'s reader, the window's when
        None), or '' when no rate is configured."""
        if self.approximation is None:
            return ""
        chosen, english = reader_locale(locale)
        if english:
            return f"~{self.approximation.amount:,.0f} {self.approximation.currency}"
        whole = Decimal(self.approximation.amount).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        return f"~{format_decimal(whole, chosen)}\u00a0{self.approximation.currency}"


class FeeScheduleError(ValueError):
    """The fee schedule is inconsistent (gaps, wrong currency, non-positive fee); said in
    the window's language (the workshop dialog shows it)."""


@dataclass(frozen=True)
class FeeSchedule:
    """Participants -> tax-included fee per organization, for one workshop."""

    fees: Mapping[int, Money]
    tax_rate: Decimal
    tax_name: str = "HST"
    rate: ExchangeRate | None = None

    def __post_init__(self) -> None:
        if not self.fees:
            raise FeeScheduleError(_("A fee schedule needs at least one tier."))
        counts = sorted(self.fees)
        if counts[0] < 1:
            raise FeeScheduleError(_("A tier must be for at least one organization."))
        if counts != list(range(counts[0], counts[-1] + 1)):
            raise FeeScheduleError(
                _(
                    "Every head-count between the minimum and the maximum needs a fee "
                    "(tiers given: {tiers})."
                ).format(tiers=", ".join(map(str, counts)))
            )
        currencies = {fee.currency for fee in self.fees.values()}
        if len(currencies) != 1:
            raise FeeScheduleError(_("All tiers must be in the same currency."))
        if any(fee.amount <= 0 for fee in self.fees.values()):
            raise FeeScheduleError(_("Every fee must be greater than zero."))
        if self.rate is not None and self.rate.base not in currencies:
            raise FeeScheduleError(
                _("The exchange rate must convert from {currency}.").format(
                    currency=currencies.pop()
                )
            )
        object.__setattr__(self, "fees", dict(sorted(self.fees.items())))
        object.__setattr__(self, "tax_rate", to_decimal(self.tax_rate))

    @classmethod
    def from_tiers(
        cls,
        tiers: Iterable[tuple[int, Money]],
        tax_rate: Decimal,
        tax_name: str = "HST",
        rate: ExchangeRate | None = None,
    ) -> FeeSchedule:
        return cls(dict(tiers), tax_rate, tax_name, rate)

    @property
    def currency(self) -> str:
        return next(iter(self.fees.values())).currency

    @property
    def minimum(self) -> int:
        return min(self.fees)

    @property
    def maximum(self) -> int:
        return max(self.fees)

    def applies_to(self, participants: int) -> bool:
        return participants in self.fees

    def quote(self, participants: int) -> FeeQuote:
        """The fee per organization for a head-count; counts above the maximum are capped."""
        if participants < self.minimum:
            raise FeeScheduleError(
                ngettext(
                    "The workshop needs at least {minimum} organization; "
                    "there is no fee for {participants}.",
                    "The workshop needs at least {minimum} organizations; "
                    "there is no fee for {participants}.",
                    self.minimum,
                ).format(minimum=self.minimum, participants=participants)
            )
        tier = min(participants, self.maximum)
        gross = self.fees[tier]
        approximation = self.rate.approximate(gross) if self.rate else None
        return FeeQuote(tier, split_tax_included(gross, self.tax_rate), approximation, self.rate)

    def quotes(self) -> list[FeeQuote]:
        return [self.quote(count) for count in self.fees]


def announcement_fee_schedule() -> FeeSchedule:
    """The announcement's tiers: 4 -> 3,000; 5 -> 2,780; 6 -> 2,650 CAD, 13% HST included.

    The rate 0.662 EUR per CAD is the one that reproduces all three of the announcement's
    approximations (~1,990 / ~1,840 / ~1,750 EUR) when rounded to 10 EUR.
    """
    return FeeSchedule(
        fees={
            4: Money.of("3000.00", "CAD"),
            5: Money.of("2780.00", "CAD"),
            6: Money.of("2650.00", "CAD"),
        },
        tax_rate=Decimal("0.13"),
        tax_name="HST",
        rate=ExchangeRate("CAD", "EUR", Decimal("0.662"), date(2018, 6, 1)),
    )
