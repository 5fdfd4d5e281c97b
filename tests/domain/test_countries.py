"""Country names: generated ISO 3166-1 data and the lookups delegate imports rely on."""

from __future__ import annotations

import ast
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from escadesk.domain import countries
from escadesk.domain.countries import (
    ALIASES,
    ALPHA2_TO_COUNTRY,
    ALPHA3_TO_COUNTRY,
    COUNTRIES,
    canonical_country,
    is_known_country,
)


def _plain(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def test_every_iso_3166_country_once():
    assert len(COUNTRIES) == 249
    assert len(set(COUNTRIES)) == len(COUNTRIES)
    assert len(ALPHA2_TO_COUNTRY) == len(ALPHA3_TO_COUNTRY) == 249
    assert set(ALPHA2_TO_COUNTRY.values()) == set(COUNTRIES)
    assert set(ALPHA3_TO_COUNTRY.values()) == set(COUNTRIES)


def test_sorted_alphabetically_ignoring_accents():
    assert list(COUNTRIES) == sorted(COUNTRIES, key=_plain)
    assert COUNTRIES.index("Åland Islands") < COUNTRIES.index("Albania")


def test_names_are_the_readable_ones():
    for name in ("Canada", "Germany", "United States", "United Kingdom", "South Korea"):
        assert name in COUNTRIES
    for ugly in (
        "Korea, Republic of",
        "Iran, Islamic Republic of",
        "Viet Nam",
        "Russian Federation",
    ):
        assert ugly not in COUNTRIES
    assert all(name == name.strip() and "  " not in name for name in COUNTRIES)


def test_code_tables_are_well_formed():
    assert all(len(code) == 2 and code.isupper() for code in ALPHA2_TO_COUNTRY)
    assert all(len(code) == 3 and code.isupper() for code in ALPHA3_TO_COUNTRY)
    assert ALPHA2_TO_COUNTRY["CA"] == "Canada"
    assert ALPHA3_TO_COUNTRY["KOR"] == "South Korea"
    assert set(ALIASES.values()) <= set(COUNTRIES)


@pytest.mark.parametrize(
    ("spelling", "expected"),
    [
        ("Canada", "Canada"),
        ("  germany ", "Germany"),
        ("GERMANY", "Germany"),
        ("de", "Germany"),
        ("DEU", "Germany"),
        ("USA", "United States"),
        ("us", "United States"),
        ("U.S.", "United States"),
        ("U.S.A.", "United States"),
        ("United States of America", "United States"),
        ("UK", "United Kingdom"),
        ("u.k.", "United Kingdom"),
        ("GB", "United Kingdom"),
        ("Great Britain", "United Kingdom"),
        ("Korea, Republic of", "South Korea"),
        ("Republic of Korea", "South Korea"),
        ("KR", "South Korea"),
        ("Viet Nam", "Vietnam"),
        ("Russian Federation", "Russia"),
        ("cote d'ivoire", "Côte d'Ivoire"),
        ("Côte d\u2019Ivoire", "Côte d'Ivoire"),
        ("Ivory Coast", "Côte d'Ivoire"),
        ("St. Lucia", "Saint Lucia"),
        ("St Kitts and Nevis", "Saint Kitts and Nevis"),
        ("Trinidad & Tobago", "Trinidad and Tobago"),
        ("the Netherlands", "Netherlands"),
        ("Holland", "Netherlands"),
        ("Turkey", "Türkiye"),
        ("Turkiye", "Türkiye"),
        ("Czech Republic", "Czechia"),
        ("Guinea Bissau", "Guinea-Bissau"),
        ("Congo, The Democratic Republic of the", "Democratic Republic of the Congo"),
        ("Congo", "Congo"),
    ],
)
def test_canonical_country_accepts_names_codes_and_aliases(spelling, expected):
    assert canonical_country(spelling) == expected
    assert is_known_country(spelling)


@pytest.mark.parametrize("spelling", ["", "   ", "Narnia", "Cananda", "XX", "XYZ", "U", "."])
def test_unknown_spellings(spelling):
    assert canonical_country(spelling) is None
    assert not is_known_country(spelling)


def test_every_canonical_name_and_code_round_trips():
    for name in COUNTRIES:
        assert canonical_country(name) == name
        assert canonical_country(f"  {name.upper()}  ") == name
    for table in (ALPHA2_TO_COUNTRY, ALPHA3_TO_COUNTRY, ALIASES):
        for spelling, name in table.items():
            assert canonical_country(spelling) == name
            assert canonical_country(spelling.lower()) == name


@given(st.text(max_size=40))
def test_lookup_never_fails_and_only_returns_canonical_names(text):
    found = canonical_country(text)
    assert found is None or found in COUNTRIES
    assert is_known_country(text) is (found is not None)


def test_module_is_pure_python_with_no_project_imports():
    tree = ast.parse(Path(countries.__file__).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module or "")
    assert imported <= {"__future__", "unicodedata"}
