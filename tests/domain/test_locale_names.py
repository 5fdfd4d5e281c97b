"""Countries and technology areas: stored in English, shown and accepted in French."""

from __future__ import annotations

import pytest

from escadesk.domain.countries import ALPHA2_TO_COUNTRY, COUNTRIES
from escadesk.domain.languages import default_language
from escadesk.domain.localized_names import (
    TECHNOLOGY_AREA_MESSAGES,
    country_choices,
    country_from_any,
    country_name,
    technology_area_choices,
    technology_area_from_any,
    technology_area_name,
)
from escadesk.domain.registration_form import RegistrationDetails
from escadesk.domain.technology import TECHNOLOGY_AREAS


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Allemagne", "Germany"),
        ("Canada", "Canada"),
        ("États-Unis", "United States"),
        ("etats unis", "United States"),
        ("ÉTATS-UNIS D’AMÉRIQUE", "United States"),
        ("Royaume-Uni", "United Kingdom"),
        ("Angleterre", "United Kingdom"),
        ("Côte d'Ivoire", "Côte d'Ivoire"),
        ("Corée du Sud", "South Korea"),
        ("Bélarus", "Belarus"),  # fr_CA
        ("Biélorussie", "Belarus"),  # fr
        ("Germany", "Germany"),
        ("DEU", "Germany"),
        ("usa", "United States"),
    ],
)
def test_french_country_names_are_stored_in_english(typed: str, stored: str) -> None:
    assert country_from_any(typed) == stored


@pytest.mark.parametrize("typed", ["Atlantide", "", "   ", "Allemagn"])
def test_unknown_countries_stay_unknown_in_french(typed: str) -> None:
    assert country_from_any(typed) is None


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Énergie et environnement", "Energy and environment"),
        ("energie ET  environnement", "Energy and environment"),
        ("TIC", "ICT"),
        ("Micro et nanotechnologies, optique", "Micro, nano and optical technologies"),
        ("Transport et mobilité", "Transportation and mobility"),
        ("ict", "ICT"),
    ],
)
def test_french_technology_areas_are_stored_in_english(typed: str, stored: str) -> None:
    assert technology_area_from_any(typed) == stored


def test_every_french_name_reads_back_as_its_english_one() -> None:
    for english in COUNTRIES:
        assert country_from_any(country_name(english, "fr_CA")) == english
    for area in TECHNOLOGY_AREAS:
        assert technology_area_from_any(technology_area_name(area, "fr_CA")) == area
    assert technology_area_from_any("Unknown area") is None


def test_names_shown_in_french_and_english_unchanged() -> None:
    assert country_name("Germany", "fr_CA") == "Allemagne"
    assert country_name("DE", "fr_CA") == "Allemagne"
    assert country_name("United States", "fr_CA") == "États-Unis"
    assert country_name("Åland Islands", "fr_CA") == "Îles d’Åland"  # capitalised in a list
    assert country_name("Hong Kong", "fr_CA") == "Hong Kong"  # not "R.A.S. chinoise de …"
    assert country_name("Narnia", "fr_CA") == "Narnia"  # not a country: as stored
    assert technology_area_name("Energy and environment", "fr_CA") == "Énergie et environnement"
    assert country_name("Germany", "en_CA") == "Germany"
    assert country_name("KOR", "en_CA") == "South Korea"
    assert technology_area_name("ICT", "en_CA") == "ICT"


def test_the_window_locale_decides_when_none_is_given(french: None) -> None:
    assert country_name("Germany") == "Allemagne"
    assert technology_area_name("ICT") == "TIC"


def test_english_lists_are_the_stored_names_in_their_order() -> None:
    assert [shown for shown, _ in country_choices("en_CA")] == list(COUNTRIES)
    assert all(shown == stored for shown, stored in country_choices("en_CA"))
    assert [shown for shown, _ in technology_area_choices("en_CA")] == list(TECHNOLOGY_AREAS)


def test_french_lists_are_in_french_alphabetical_order() -> None:
    countries = country_choices("fr_CA")
    assert len(countries) == len(ALPHA2_TO_COUNTRY)
    assert ("Allemagne", "Germany") in countries
    shown = [name for name, _ in countries]
    assert shown.index("Égypte") < shown.index("Équateur") < shown.index("Érythrée")
    assert shown.index("Éthiopie") < shown.index("Fidji")
    areas = technology_area_choices("fr_CA")
    assert areas[0] == ("Aéronautique et espace", "Aviation and space")
    assert {stored for _, stored in areas} == set(TECHNOLOGY_AREAS)


def test_the_catalogue_marks_every_technology_area() -> None:
    assert TECHNOLOGY_AREA_MESSAGES == TECHNOLOGY_AREAS


def test_a_french_registration_is_cleaned_to_english_and_gets_its_language() -> None:
    details = RegistrationDetails(
        organization="Pôle Énergie",
        country=" france ",
        technology_area="énergie et environnement",
        contact_name="Anne Roy",
        contact_email="a@x.example",
    ).cleaned()
    assert (details.country, details.technology_area) == ("France", "Energy and environment")
    assert default_language("Allemagne") == "en"
    assert default_language("Belgique") == "fr"
