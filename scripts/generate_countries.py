"""Regenerate ``src/escadesk/domain/countries.py`` from ISO 3166-1 (via pycountry).

pycountry is *not* a project dependency; run this in a throwaway environment:

    uv run --no-project --with pycountry python scripts/generate_countries.py
    uv run ruff format src/escadesk/domain/countries.py

The generated module is plain data plus two lookup functions, so the application never
needs pycountry at run time.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pycountry

TARGET = Path(__file__).resolve().parents[1] / "src" / "escadesk" / "domain" / "countries.py"

# Readable names where neither the ISO short name nor pycountry's common_name reads well
# on a delegate list ("Congo, The Democratic Republic of the").
READABLE_NAMES: dict[str, str] = {
    "BN": "Brunei",
    "CD": "Democratic Republic of the Congo",
    "FK": "Falkland Islands",
    "FM": "Micronesia",
    "MF": "Saint Martin",
    "PS": "Palestine",
    "RU": "Russia",
    "SX": "Sint Maarten",
    "VA": "Vatican City",
    "VG": "British Virgin Islands",
    "VI": "U.S. Virgin Islands",
}

# Spellings people actually type, beyond ISO names, official names and codes.
EXTRA_ALIASES: dict[str, str] = {
    "U.S.": "US",
    "U.S.A.": "US",
    "America": "US",
    "UK": "GB",
    "U.K.": "GB",
    "Great Britain": "GB",
    "Britain": "GB",
    "England": "GB",
    "Scotland": "GB",
    "Wales": "GB",
    "Northern Ireland": "GB",
    "Holland": "NL",
    "Korea": "KR",
    "Republic of Korea": "KR",
    "Turkey": "TR",
    "Cape Verde": "CV",
    "Ivory Coast": "CI",
    "Swaziland": "SZ",
    "Macedonia": "MK",
    "Burma": "MM",
    "DR Congo": "CD",
    "DRC": "CD",
    "Congo-Kinshasa": "CD",
    "Congo-Brazzaville": "CG",
    "East Timor": "TL",
    "Vatican": "VA",
    "Holy See": "VA",
    "Macau": "MO",
    "UAE": "AE",
    "Czech Republic": "CZ",
    "Slovak Republic": "SK",
    "Persia": "IR",
}


def key(text: str) -> str:
    """Same normalization as ``countries._key`` (kept in sync by the tests)."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = text.replace("&", " and ")
    text = "".join(ch for ch in text if ch not in ".'\u2019\u2018`")
    text = "".join(ch if ch.isalnum() else " " for ch in text)
    words = ["saint" if w == "st" else w for w in text.split()]
    if words[:1] == ["the"]:
        words = words[1:]
    return " ".join(words)


def sort_key(name: str) -> str:
    """Alphabetical order a reader expects: accents and case ignored."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def main() -> None:
    canonical: dict[str, str] = {}
    alpha3: dict[str, str] = {}
    aliases: dict[str, str] = {}
    for country in pycountry.countries:
        name = READABLE_NAMES.get(country.alpha_2) or getattr(country, "common_name", None)
        name = name or country.name
        canonical[country.alpha_2] = name
        alpha3[country.alpha_3] = name
        for other in (country.name, getattr(country, "official_name", None)):
            if other and other != name:
                aliases[other] = name
    for alias, code in EXTRA_ALIASES.items():
        aliases[alias] = canonical[code]

    # Every spelling must lead to exactly one country.
    seen: dict[str, str] = {}
    spellings = [
        *((n, n) for n in canonical.values()),
        *canonical.items(),
        *alpha3.items(),
        *aliases.items(),
    ]
    for spelling, name in spellings:
        k = key(spelling)
        if seen.setdefault(k, name) != name:
            raise SystemExit(f"ambiguous spelling {spelling!r}: {seen[k]!r} vs {name!r}")

    names = sorted(canonical.values(), key=lambda n: (sort_key(n), n))
    lines = [
        '"""Country names for delegate lists: ISO 3166-1, in readable English.',
        "",
        "GENERATED from ISO 3166-1 via pycountry "
        f"{getattr(pycountry, '__version__', '')} by scripts/generate_countries.py;",
        "edit that script (readable names, aliases) and regenerate rather than editing the data",
        'here by hand. The short names prefer pycountry\'s common names ("South Korea", not',
        '"Korea, Republic of"). Lookups accept the name, the ISO alpha-2 and alpha-3 codes, the',
        'ISO and official names and a few everyday aliases ("USA", "UK", "U.S."),',
        "ignoring case, accents, punctuation and surrounding whitespace.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "import unicodedata",
        "",
        "COUNTRIES: tuple[str, ...] = (",
        *(f"    {n!r}," for n in names),
        ")",
        '"""Canonical country names, sorted alphabetically (ignoring accents and case)."""',
        "",
        "ALPHA2_TO_COUNTRY: dict[str, str] = {",
        *(f"    {c!r}: {n!r}," for c, n in sorted(canonical.items())),
        "}",
        '"""ISO 3166-1 alpha-2 code -> canonical name."""',
        "",
        "ALPHA3_TO_COUNTRY: dict[str, str] = {",
        *(f"    {c!r}: {n!r}," for c, n in sorted(alpha3.items())),
        "}",
        '"""ISO 3166-1 alpha-3 code -> canonical name."""',
        "",
        "ALIASES: dict[str, str] = {",
        *(f"    {a!r}: {n!r}," for a, n in sorted(aliases.items(), key=lambda i: key(i[0]))),
        "}",
        '"""Other spellings (ISO short and official names, everyday aliases) -> canonical name."""',
        "",
        FUNCTIONS,
    ]
    TARGET.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {len(names)} countries, {len(aliases)} aliases to {TARGET}")


FUNCTIONS = '''
def _key(text: str) -> str:
    """Lookup form of a spelling: no accents, case, dots or apostrophes; "St" = "Saint"."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = text.replace("&", " and ")
    text = "".join(ch for ch in text if ch not in ".'\\u2019\\u2018`")
    text = "".join(ch if ch.isalnum() else " " for ch in text)
    words = ["saint" if w == "st" else w for w in text.split()]
    if words[:1] == ["the"]:
        words = words[1:]
    return " ".join(words)


def _build_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for name in COUNTRIES:
        index[_key(name)] = name
    for table in (ALPHA2_TO_COUNTRY, ALPHA3_TO_COUNTRY, ALIASES):
        for spelling, name in table.items():
            index.setdefault(_key(spelling), name)
    return index


_INDEX: dict[str, str] = _build_index()


def canonical_country(name: str) -> str | None:
    """The canonical spelling of ``name`` (a name, ISO code or alias), or None if unknown.

    >>> canonical_country("  usa ")
    'United States'
    >>> canonical_country("KOR")
    'South Korea'
    """
    key = _key(name)
    return _INDEX.get(key) if key else None


def is_known_country(name: str) -> bool:
    """True when ``name`` is a country this module recognizes (see ``canonical_country``)."""
    return canonical_country(name) is not None
'''


if __name__ == "__main__":
    main()
