"""Amounts typed by the user, read in the user interface's locale.

A French user writes "1 500,50" or "1500,50", an English one "1,500.50"; both may
write the plain "1500.50". Babel's strict parsing reads the locale's form (and
refuses a misplaced group separator); the plain form is accepted in every locale.
Anything else is refused, never guessed: "1,500" in French would be 1.5 (more than
two decimals, so refused as unclear), "1.500,50" in English is no amount at all.
Always a Decimal, never a float.
"""

from __future__ import annotations

import re
from decimal import Decimal

from escadesk.i18n.formatting import _babel_locale, _locale
from escadesk.i18n.translator import current, translator

#: What an amount may be made of before Babel reads it: digits, separators, spaces.
_CHARACTERS = re.compile(r"^[0-9.,\u0020\u00a0\u202f\u2009]+$")
_PLAIN = re.compile(r"^[0-9]+(\.[0-9]+)?$")
_SPACES = re.compile(r"[\u0020\u00a0\u202f\u2009]")


def parse_number(
    text: str, field: str | None = None, decimals: int = 2, locale: str | None = None
) -> Decimal:
    """``text`` as an unsigned Decimal with at most ``decimals`` decimals, written in the
    locale's form or the plain "1500.50"; ValueError naming ``field`` otherwise."""
    cleaned = text.strip()
    value = _read(cleaned, _locale(locale)) if cleaned else None
    exponent = value.as_tuple().exponent if value is not None else 0
    if value is None or not isinstance(exponent, int) or -exponent > decimals:
        raise ValueError(_refusal(cleaned, field, locale))
    return value


def parse_amount(text: str, field: str | None = None, locale: str | None = None) -> Decimal:
    """A typed amount of money (at most cents), e.g. fr_CA "1 500,50" -> Decimal("1500.50");
    ValueError whose message names ``field``: « Montant : « 1.500,50 » n'est pas un montant »."""
    return parse_number(text, field, 2, locale)


def amount_input_text(amount: Decimal, locale: str | None = None, grouping: bool = True) -> str:
    """What an amount field shows: en "3,000.00", fr_CA "3 000,00"; without ``grouping``
    "3000.00", "3000,00" (both read back by ``parse_amount``)."""
    from babel.numbers import format_decimal

    pattern = "#,##0.00" if grouping else "0.00"
    return str(format_decimal(amount, format=pattern, locale=_babel_locale(_locale(locale))))


def _read(text: str, locale: str) -> Decimal | None:
    if not _CHARACTERS.match(text):  # no sign, exponent, "NaN" or letters
        return None
    if _PLAIN.match(text):
        return Decimal(text)
    from babel.numbers import NumberFormatError, get_group_symbol, parse_decimal

    group = get_group_symbol(locale)
    if _SPACES.match(group):  # "1 500,50" typed with an ordinary space
        text = _SPACES.sub(group, text)
    try:
        value = parse_decimal(text, locale=_babel_locale(locale), strict=True)
    except NumberFormatError:
        return None
    return value if value.is_finite() else None


def _refusal(text: str, field: str | None, locale: str | None) -> str:
    language = current() if locale is None else translator(locale)
    example = amount_input_text(Decimal("1500.50"), locale)
    if field:
        # Translators: a field's name, then what was typed in it; example is "1,500.50"
        # written in the user's language.
        message = language.gettext("{field}: “{text}” is not an amount (e.g. {example}).")
    else:
        message = language.gettext("“{text}” is not an amount (e.g. {example}).")
    return message.format(field=field, text=text, example=example)
