"""Countries and technology areas in the reader's language; stored in English.

The one place that maps a country's or a technology area's English name (what is stored,
validated and compared: ``countries.py``, ``technology.py``) to the name a French reader
sees, and back from what a French user types or a French form returns ("Allemagne",
"États-Unis", "Énergie et environnement") to the English one.

- Countries: CLDR's names through ``escadesk.i18n`` (Babel, on first use), by ISO code;
  ``countries.py`` gives the code of an English name. The domain reaches Babel only
  through that package, as it does for money and dates: no second copy of 250 names.
- Technology areas: the message catalogue (``escadesk.po``), where the translators keep
  their French names for the report, the window and the forms alike.

English lookups never load Babel: a French spelling is looked up only when the English
ones (names, codes, aliases) did not match.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from escadesk.domain.countries import ALPHA2_TO_COUNTRY, canonical_country
from escadesk.domain.technology import TECHNOLOGY_AREAS, canonical_technology_area
from escadesk.i18n import (
    N_,
    Translator,
    reader_locale,
    territory_name,
    territory_spellings,
)

#: The languages besides English whose names are accepted on input (a French value in
#: an English window's import is still French).
OTHER_LANGUAGES = ("fr",)

#: ESCA's technology areas (``technology.py``), marked for the catalogue.
TECHNOLOGY_AREA_MESSAGES = (
    N_("Aviation and space"),
    N_("Biotechnology"),
    N_("Construction"),
    N_("Creative industries"),
    N_("Energy and environment"),
    N_("Food industry"),
    N_("Health and medical science"),
    N_("ICT"),
    N_("Maritime technologies, water resources"),
    N_("Micro, nano and optical technologies"),
    N_("New materials and chemistry"),
    N_("Production and engineering"),
    N_("Sports, leisure and tourism"),
    N_("Transportation and mobility"),
)


def country_from_any(text: str) -> str | None:
    """The stored (English) name of the country ``text`` names, in English (a name, an ISO
    code, an alias) or French ("Allemagne", "etats-unis"); None when unknown."""
    english = canonical_country(text)
    if english is not None or not _spelling_key(text):
        return english
    return _french_countries().get(_spelling_key(text))


def technology_area_from_any(text: str) -> str | None:
    """The stored (English) name of the technology area ``text`` names, in English or
    French ("énergie et environnement"), case, accents and spacing ignored."""
    english = canonical_technology_area(text)
    if english is not None:
        return english
    key = _spelling_key(text)
    return _areas_by_spelling().get(key) if key else None


def country_name(country: str, locale: str | None = None) -> str:
    """How ``locale``'s language (the window's when None) writes the country stored as
    ``country`` (an English name or an ISO alpha-2 code): "Germany" -> fr "Allemagne".
    English gives the stored name; an unknown value comes back as given."""
    english = ALPHA2_TO_COUNTRY.get(country.strip().upper()) or canonical_country(country)
    if english is None:
        return country
    chosen, in_english = reader_locale(locale)
    if in_english:
        return english
    return territory_name(_code(english), chosen) or english


def technology_area_name(area: str, locale: str | None = None) -> str:
    """How ``locale``'s language (the window's when None) writes the technology area
    stored as ``area``: "Energy and environment" -> fr "Énergie et environnement"; an
    unknown value comes back as given."""
    english = canonical_technology_area(area)
    if english is None:
        return area
    chosen, in_english = reader_locale(locale)
    return english if in_english else _translator(chosen).gettext(english)


def country_choices(locale: str | None = None) -> tuple[tuple[str, str], ...]:
    """(shown name, stored name) of every country, in the shown names' alphabetical
    order (accents and case ignored): what a list of countries offers."""
    chosen = reader_locale(locale)[0]
    pairs = [(country_name(code, chosen), english) for code, english in ALPHA2_TO_COUNTRY.items()]
    return tuple(sorted(pairs, key=lambda pair: (_folded(pair[0]), pair[0])))


def technology_area_choices(locale: str | None = None) -> tuple[tuple[str, str], ...]:
    """(shown name, stored name) of ESCA's technology areas, in the shown order."""
    chosen = reader_locale(locale)[0]
    pairs = [(technology_area_name(area, chosen), area) for area in TECHNOLOGY_AREAS]
    return tuple(sorted(pairs, key=lambda pair: (_folded(pair[0]), pair[0])))


@cache
def _codes() -> dict[str, str]:
    return {english: code for code, english in ALPHA2_TO_COUNTRY.items()}


def _code(english: str) -> str:
    return _codes()[english]


@cache
def _french_countries() -> dict[str, str]:
    """Lookup key of every French spelling -> the English name (English spellings win a
    clash: they were tried first)."""
    index: dict[str, str] = {}
    for language in OTHER_LANGUAGES:
        for spelling, code in territory_spellings(language).items():
            english = ALPHA2_TO_COUNTRY.get(code)
            if english is not None:
                index.setdefault(_spelling_key(spelling), english)
    return index


@cache
def _translator(locale: str) -> Translator:
    return Translator(locale)


@cache
def _areas_by_spelling() -> dict[str, str]:
    index: dict[str, str] = {}
    for language in OTHER_LANGUAGES:
        translator = _translator(language)
        for area in TECHNOLOGY_AREAS:
            index.setdefault(_spelling_key(translator.gettext(area)), area)
    return index


def _folded(text: str) -> str:
    """Case, accents and repeated spaces ignored (the order of a list of names)."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.casefold().split())


def _spelling_key(text: str) -> str:
    """Lookup form of a typed name: also without dots, apostrophes, hyphens and commas
    ("Etats unis" = "États-Unis", "Cote d'Ivoire" = "Côte d’Ivoire")."""
    plain = "".join(ch for ch in _folded(text) if ch not in ".'\u2019\u2018`")
    return " ".join("".join(ch if ch.isalnum() else " " for ch in plain).split())
