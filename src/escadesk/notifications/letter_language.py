"""What a letter says in its reader's language besides its template's own text.

A letter goes in the organization's language, whatever the window speaks: its template
comes from ``resources/templates/<language>/`` (English from ``resources/templates``
itself) and the values the services put in words (the documents' titles, the tax's
name, a time of day, the time zone) come from here, through a
:class:`~escadesk.i18n.Translator` of that language. English stays exactly what it was
(the app's own "9:00", "America/Toronto", "3,000.00 CAD").
"""

from __future__ import annotations

from datetime import time
from decimal import Decimal
from functools import cache
from typing import Any

from escadesk.domain.letters import Document
from escadesk.domain.money import Money, money_text, tax_name_text
from escadesk.i18n import N_, Translator, format_decimal, format_time, reader_locale
from escadesk.i18n.locales import DEFAULT_LOCALE, supported

__all__ = [
    "DEFAULT_LOCALE",
    "document_title",
    "is_english",
    "letter_approximation",
    "letter_clock",
    "letter_money",
    "tax_name",
    "template_language",
    "zone_name",
]

#: The documents a registration is made of, as a letter names them (no article).
DOCUMENT_TITLES = {
    Document.REGISTRATION_FORM: N_("registration form"),
    Document.CARD_AUTHORIZATION: N_("credit card authorization form"),
}


def is_english(locale: str) -> bool:
    """Whether a letter for ``locale`` (its closest supported form) is read in English."""
    return reader_locale(supported(locale))[1]


def template_language(locale: str) -> str | None:
    """The templates' sub-folder of ``locale`` ("fr"), None for English (the folder
    itself)."""
    language = supported(locale).partition("_")[0]
    return None if language == "en" else language


@cache
def translator(locale: str) -> Translator:
    return Translator(locale)


def document_title(document: Document, locale: str) -> str:
    """'credit card authorization form' / 'formulaire d'autorisation de paiement ...'."""
    return translator(locale).gettext(DOCUMENT_TITLES[document])


def tax_name(name: str, locale: str) -> str:
    """'HST' / 'TVH'; a name the app does not know stays as the workshop stores it."""
    return tax_name_text(name, locale)


def letter_money(value: Money, locale: str) -> str:
    """English: '3,000.00 CAD' (the letters' historical form); else Babel's ('3 000,00 $')."""
    return money_text(value, locale)


def letter_clock(moment: time, locale: str) -> str:
    """English: '9:00'; French: '09 h 00' (CLDR's short time of the locale)."""
    return format_time(moment, locale)


def zone_name(zone: str, locale: str) -> str:
    """English: the zone's identifier ('America/Toronto'), as the letters always said;
    French: its name ('heure de l’Est'), the identifier if CLDR has none."""
    if is_english(locale):
        return zone
    from babel.dates import get_timezone, get_timezone_name

    try:
        return str(
            get_timezone_name(
                get_timezone(zone), "long", locale=_babel(locale), zone_variant="generic"
            )
        )
    except LookupError:
        return zone


@cache
def _babel(locale: str) -> Any:
    from babel import Locale

    return Locale.parse(supported(locale))


def letter_approximation(approximation: Money | None, locale: str) -> str:
    """A price in another currency, rounded: '~1,990 EUR' (English, as the schedule's
    ``approximation_text``) or '~1 990 EUR'; '' when no rate is set."""
    if approximation is None:
        return ""
    if is_english(locale):
        return f"~{approximation.amount:,.0f} {approximation.currency}"
    whole = Decimal(approximation.amount).quantize(Decimal(1))
    return f"~{format_decimal(whole, locale)}\u00a0{approximation.currency}"


def event_times(start: time, end: time, locale: str) -> str:
    """The day's span: '9:00 to 15:00' / 'de 09 h 00 à 15 h 00'."""
    # Translators: a workshop day's first start and last end ("9:00 to 15:00").
    text = translator(locale).gettext("{start} to {end}")
    return text.format(start=letter_clock(start, locale), end=letter_clock(end, locale))


def pitch_slot(start: time, end: time, number: int, count: int, locale: str) -> str:
    """An organization's pitch: '9:30–9:52, number 2 of 4'."""
    # Translators: an organization's strategy pitch in the day: its times, its turn.
    text = translator(locale).gettext("{start}\u2013{end}, number {number} of {count}")
    return text.format(
        start=letter_clock(start, locale),
        end=letter_clock(end, locale),
        number=number,
        count=count,
    )


def certificate_file_name(locale: str) -> str:
    """The certificate of destruction attached to a letter: 'Certificate of
    destruction.pdf' / 'Certificat de destruction.pdf'."""
    # Translators: a file name (no slash, colon, star or question mark): the certificate.
    return translator(locale).gettext("Certificate of destruction.pdf")


def map_link(url: str, locale: str) -> str:
    """'Map: https://…' under the venue."""
    return translator(locale).gettext("Map: {url}").format(url=url)
