"""An organization's preferred language by default: French for French-speaking countries
and Québec (read from the telephone area code), English elsewhere."""

from __future__ import annotations

import pytest

from escadesk.domain.countries import canonical_country
from escadesk.domain.languages import (
    FRENCH_SPEAKING,
    default_language,
    known_language,
    locale_of,
    organization_language,
    province_from_phone,
)
from escadesk.domain.registration_form import RegistrationDetails


@pytest.mark.parametrize(
    ("country", "province", "language"),
    [
        ("France", None, "fr"),
        ("belgium", None, "fr"),
        ("CH", None, "fr"),
        ("Luxembourg", None, "fr"),
        ("Monaco", None, "fr"),
        ("Senegal", None, "fr"),
        ("Canada", "QC", "fr"),
        ("Canada", "qc", "fr"),
        ("Canada", "ON", "en"),
        ("Canada", None, "en"),
        ("Germany", None, "en"),
        ("United States", None, "en"),
        ("Narnia", None, "en"),
    ],
)
def test_the_default_language(country, province, language):
    assert default_language(country, province) == language


def test_a_canadian_organization_s_province_from_its_telephone():
    assert province_from_phone("+1 418 555 0142") == "QC"
    assert province_from_phone("(514) 555-0199") == "QC"
    assert province_from_phone("+1 416 555 0100") is None
    assert province_from_phone("") is None
    assert organization_language("Canada", "819-555-0101") == "fr"
    assert organization_language("Canada", "613-555-0101") == "en"
    assert organization_language("France", "") == "fr"


def test_every_french_speaking_name_is_a_canonical_country():
    assert {canonical_country(name) for name in FRENCH_SPEAKING} == FRENCH_SPEAKING


def test_a_forms_answer_names_a_language():
    assert known_language("Français") == "fr"
    assert known_language(" fr-CA ") == "fr"
    assert known_language("English") == "en"
    assert known_language("anglais") == "en"
    assert known_language("") is None
    assert known_language("Deutsch") is None
    assert locale_of("fr") == "fr_CA" and locale_of("en") == "en_CA"
    assert (
        RegistrationDetails("A", "Canada", "", "B", "b@x.org", language="French").cleaned().language
        == "fr"
    )
