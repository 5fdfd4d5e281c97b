"""The language a blank form is printed in: the organization's (or the invitation's
reader's), never the window's, so the caller passes the locale down.

Labels and sentences come from the catalogue through a :class:`~escadesk.i18n.Translator`;
amounts, percentages and dates through Babel. English keeps the forms' historical look
exactly ("3,000.00 CAD", "13%", "~2,220 USD", "Oct 1, 2018"); French reads "3 000,00 $",
"13 %", "~2 220 USD", "1 oct. 2018".
"""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

from escadesk.domain.confidentiality import confidentiality_notice
from escadesk.domain.fees import EXCHANGE_DISCLAIMER, ExchangeRate, FeeQuote
from escadesk.domain.institute import InstituteIdentity
from escadesk.domain.moments import long_date
from escadesk.domain.money import Money, money_text, percent_text, tax_name_text
from escadesk.forms.stamp import FormKind
from escadesk.i18n import Translator, format_decimal, format_time
from escadesk.i18n.locales import DEFAULT_LOCALE

#: Canada's sales taxes (and VAT) under their names in the reader's language; the same
#: messages as the letters' and invoices' (stored in English, a database value).
#: A non-breaking space: an amount and its currency, a number and its % stay together.
NBSP = "\u00a0"


class FormWords:
    """Messages, amounts and dates of one form in one locale (``fr_CA``, ``en_CA``...)."""

    def __init__(self, locale: str = DEFAULT_LOCALE) -> None:
        self.t = Translator(locale)
        self.locale = self.t.locale
        self.english = self.t.language == "en"

    @property
    def pdf_lang(self) -> str:
        """The PDF's /Lang tag: 'en', 'fr-CA'."""
        return "en" if self.english else self.locale.replace("_", "-")

    def gettext(self, message: str) -> str:
        return self.t.gettext(message)

    def title(self, kind: FormKind) -> str:
        return kind.title_in(self.t)

    def date(self, day: date) -> str:
        """'Oct 1, 2018' / '1 oct. 2018' (CLDR's medium date)."""
        return long_date(day, self.locale)

    def clock(self, moment: time) -> str:
        """'9:00' / '09 h 00' (CLDR's short time of the locale)."""
        return format_time(moment, self.locale)

    def money(self, value: Money) -> str:
        """'3,000.00 CAD' (English, as ever) / '3 000,00 $' (Babel)."""
        return money_text(value, self.locale)

    def percent(self, rate: Decimal) -> str:
        """'13%' / '13 %'; '14.975%' / '14,975 %'."""
        return percent_text(rate, self.locale)

    def approximation(self, quote: FeeQuote) -> str:
        """'~2,220 USD' / '~2 220 USD'; '' without a rate."""
        return quote.approximation_text(self.locale)

    def tax_name(self, name: str) -> str:
        """'HST' / 'TVH'; a name the app does not know stays as the workshop stores it."""
        return tax_name_text(name, self.locale)

    def tax_line(self, institute: InstituteIdentity, tax_name: str) -> str:
        """'HST registration number: 123456782 RT0001' / 'Numéro d'inscription à la TVH :
        ...'; '' when Settings has no number."""
        if self.english or not institute.tax_number:
            return institute.tax_line(tax_name)
        # Translators: under the card form's fee table; {tax} is the tax's name (HST).
        text = self.t.gettext("{tax} registration number: {number}")
        return text.format(tax=self.tax_name(tax_name), number=institute.tax_number)

    def exchange(self, rate: ExchangeRate) -> str:
        """The approximations' dated rate and the disclaimer (the invitation's words)."""
        if self.english:
            return f"{rate.quote} amounts at {rate.describe('en_CA')}. {EXCHANGE_DISCLAIMER}"
        text = self.t.gettext(
            "{quote} amounts at 1 {base} = {rate} {quote} on {date}. Approximate; the "
            "Institute is not responsible for any exchange rate fees."
        )
        return text.format(
            quote=rate.quote,
            base=rate.base,
            rate=format_decimal(rate.rate, self.locale),
            date=self.date(rate.as_of),
        )

    def confidentiality(self, institute_name: str) -> str:
        return confidentiality_notice(institute_name, self.locale)
