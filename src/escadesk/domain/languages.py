"""Which language an organization's letters, forms, invoices and report are written in.

Each organization has a preferred language, English or French. Unless someone chose it,
it follows the organization: French for France, Belgium, Switzerland, Luxembourg, Monaco
and the other countries and territories where French is the language of business
correspondence; in Canada, French for Québec, else English (the institute is in Ontario).
A registration carries no province, so a Canadian organization's is read from its
contact's telephone area code when that is a Québec one (418, 514, 819...): the only
province-wide sign the form holds. Everything else is English.

Pure rules: the organization's row stores the result (``organization.language``); the
director can change it in the registration dialog.
"""

from __future__ import annotations

from escadesk.domain.localized_names import country_from_any

ENGLISH = "en"
FRENCH = "fr"
#: The languages an organization may prefer (codes stored in ``organization.language``).
LANGUAGES: tuple[str, ...] = (ENGLISH, FRENCH)

#: The locale each language is written in: the institute's Canadian usage (dates
#: "1 oct. 2018", amounts "2 650,00 $") for every French-speaking organization.
LOCALES = {ENGLISH: "en_CA", FRENCH: "fr_CA"}

#: Countries and territories (canonical names, domain/countries.py) written to in French:
#: French is their official language or the usual one of business letters (the Maghreb).
FRENCH_SPEAKING: frozenset[str] = frozenset(
    {
        "France",
        "Belgium",
        "Switzerland",
        "Luxembourg",
        "Monaco",
        "Algeria",
        "Benin",
        "Burkina Faso",
        "Burundi",
        "Cameroon",
        "Central African Republic",
        "Chad",
        "Comoros",
        "Congo",
        "Côte d'Ivoire",
        "Democratic Republic of the Congo",
        "Djibouti",
        "Equatorial Guinea",
        "French Guiana",
        "French Polynesia",
        "Gabon",
        "Guadeloupe",
        "Guinea",
        "Haiti",
        "Madagascar",
        "Mali",
        "Martinique",
        "Mauritania",
        "Mayotte",
        "Morocco",
        "New Caledonia",
        "Niger",
        "Réunion",
        "Rwanda",
        "Saint Barthélemy",
        "Saint Martin",
        "Saint Pierre and Miquelon",
        "Senegal",
        "Seychelles",
        "Togo",
        "Tunisia",
        "Vanuatu",
        "Wallis and Futuna",
    }
)

#: Provinces written to in French (Canada Post's codes).
FRENCH_PROVINCES = frozenset({"QC"})

#: Québec's telephone area codes (the North American Numbering Plan's, 2024).
QUEBEC_AREA_CODES = frozenset(
    {"263", "354", "367", "418", "438", "450", "468", "514", "579", "581", "819", "873"}
)


def province_from_phone(phone: str) -> str | None:
    """ "QC" for a North American number with a Québec area code, else None (unknown)."""
    digits = "".join(c for c in phone if c.isdigit())
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) != 10:
        return None
    return "QC" if digits[:3] in QUEBEC_AREA_CODES else None


def default_language(country: str, province: str | None = None) -> str:
    """The language of an organization nobody chose one for: French for a French-speaking
    country, or Canada with a French-speaking province; English otherwise."""
    canonical = country_from_any(country) or " ".join(country.split())
    if canonical == "Canada":
        return FRENCH if (province or "").strip().upper() in FRENCH_PROVINCES else ENGLISH
    return FRENCH if canonical in FRENCH_SPEAKING else ENGLISH


def organization_language(country: str, phone: str = "") -> str:
    """The default from what a registration holds: the country, and for Canada the
    province the contact's telephone tells."""
    return default_language(country, province_from_phone(phone))


def known_language(text: str) -> str | None:
    """The language code a form's answer names ("fr", "French", "Français", "FR-ca",
    "English", "anglais"), or None when it names none (then the default applies)."""
    key = text.strip().casefold().replace("-", "_")
    if not key:
        return None
    key = key.split("_")[0]
    french = {"fr", "fra", "fre", "french", "français", "francais", "française", "francaise"}
    english = {"en", "eng", "english", "anglais", "anglaise"}
    if key in french:
        return FRENCH
    if key in english:
        return ENGLISH
    return None


def locale_of(language: str) -> str:
    """The locale a letter to an organization preferring ``language`` is written in."""
    return LOCALES.get(language, LOCALES[ENGLISH])
