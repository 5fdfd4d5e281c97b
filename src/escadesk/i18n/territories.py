"""Country names in a language, by ISO 3166-1 alpha-2 code: Babel's CLDR territory names.

The domain keeps countries by their English names (``domain/countries.py``: stored,
validated and compared in English); this module only knows codes. It answers two
questions: how a language writes a country ("DE" -> "Allemagne"), and which codes the
French spellings people type stand for ("États-Unis", "Royaume-Uni", "Angleterre").
CLDR is the source (already shipped with Babel for money and dates, kept current by the
Unicode consortium), so no second copy of 250 names lives in the project.

Babel is imported on the first call, never at import (see ``formatting``).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from types import MappingProxyType

from escadesk.i18n.translator import current, translator

#: Shorter names where CLDR's standard one reads like a treaty on a delegate list
#: ("R.A.S. chinoise de Hong Kong"); CLDR's own name stays accepted on input.
_SHORT_NAMES: dict[str, dict[str, str]] = {
    "fr": {"HK": "Hong Kong", "MO": "Macao", "PS": "Palestine"},
}

#: Spellings people type beyond CLDR's names (as ``domain/countries.py``'s English
#: aliases: "UK", "Holland").
_ALIASES: dict[str, dict[str, str]] = {
    "fr": {
        "Amérique": "US",
        "É.-U.": "US",
        "États-Unis d’Amérique": "US",
        "Angleterre": "GB",
        "Écosse": "GB",
        "Pays de Galles": "GB",
        "Irlande du Nord": "GB",
        "Grande-Bretagne": "GB",
        "Hollande": "NL",
        "Corée": "KR",
        "République de Corée": "KR",
        "République tchèque": "CZ",
        "Birmanie": "MM",
        "République démocratique du Congo": "CD",
        "RDC": "CD",
        "République du Congo": "CG",
        "Vatican": "VA",
        "Russie": "RU",
        "Palestine": "PS",
        "Hong Kong": "HK",
        "Macao": "MO",
        "Macédoine": "MK",
        "Swaziland": "SZ",
    },
}


def territory_name(code: str, locale: str | None = None) -> str | None:
    """How ``locale``'s language (the window's when None) names the country ``code``
    ("DE" -> "Allemagne"), capitalised as the first word of a list item; None when CLDR
    has no name for it."""
    chosen = current().locale if locale is None else translator(locale).locale
    return _names(chosen).get(code.upper())


def territory_spellings(language: str) -> Mapping[str, str]:
    """Every spelling of ``language`` ("fr") that names a country -> its code: CLDR's
    names in Canada's and the language's own locale (fr_CA and fr write some
    differently: "Bélarus", "Biélorussie"), the short names and the aliases above."""
    return _spellings(language)


@cache
def _names(locale: str) -> Mapping[str, str]:
    from babel import Locale

    territories = Locale.parse(locale).territories
    names = {
        code: _capitalised(str(name))
        for code, name in territories.items()
        if len(code) == 2 and code.isalpha()
    }
    names.update(_SHORT_NAMES.get(locale.partition("_")[0], {}))
    return MappingProxyType(names)


@cache
def _spellings(language: str) -> Mapping[str, str]:
    from babel import Locale

    spellings: dict[str, str] = {}
    for name in (f"{language}_CA", language):
        for code, text in Locale.parse(name).territories.items():
            if len(code) == 2 and code.isalpha():
                spellings.setdefault(str(text), code)
    for text, code in {**_SHORT_NAMES.get(language, {}), **_ALIASES.get(language, {})}.items():
        spellings.setdefault(text, code)
    return MappingProxyType(spellings)


def _capitalised(name: str) -> str:
    """fr_CA writes "îles Cook", "la Réunion" for use inside a sentence; a list starts
    them with a capital."""
    return name[:1].upper() + name[1:]
