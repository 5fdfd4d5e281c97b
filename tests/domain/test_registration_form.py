"""The registration form's checks and who may register (conference delegates only)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from escadesk.domain.countries import canonical_country, is_known_country
from escadesk.domain.eligibility import DelegateList, is_valid_email, normalize_email
from escadesk.domain.registration_form import (
    MAX_TEXT,
    REQUIRED,
    RegistrationDetails,
    check_registration,
)
from escadesk.domain.technology import TECHNOLOGY_AREAS, canonical_technology_area
from escadesk.domain.validation import FieldProblem, ValidationError

DELEGATES = DelegateList.of(["jane.doe@example.org", "Kaarel.Tamm@bmin.example", "  ", ""])


def details(**changes: str) -> RegistrationDetails:
    base = RegistrationDetails(
        organization="Northshore Photonics Cluster",
        country="Canada",
        technology_area="Micro, nano and optical technologies",
        contact_name="Jane Doe",
        contact_email="jane.doe@example.org",
        contact_title="Cluster Manager",
        contact_phone="+1 416 946 5325",
    )
    return replace(base, **changes)


def fields(problems: list[FieldProblem]) -> list[str]:
    return [problem.field for problem in problems]


def test_a_valid_form_has_no_problems() -> None:
    assert check_registration(details(), DELEGATES) == []
    assert check_registration(details(contact_title="", contact_phone=""), DELEGATES) == []


@pytest.mark.parametrize("name", REQUIRED)
@pytest.mark.parametrize("blank", ["", "   ", "\t\n"])
def test_required_fields(name: str, blank: str) -> None:
    problems = check_registration(details(**{name: blank}), DELEGATES)
    assert fields(problems) == [name]
    assert problems[0].message.endswith("is required.")


def test_all_problems_are_reported_at_once() -> None:
    form = RegistrationDetails("", "Atlantis", "Basket weaving", "", "not-an-email", "", "12")
    problems = check_registration(form, DELEGATES)
    assert sorted(fields(problems)) == sorted(
        [
            "organization",
            "contact_name",
            "country",
            "technology_area",
            "contact_phone",
            "contact_email",
        ]
    )
    error = ValidationError(problems)
    assert error.for_field("country") == ["'Atlantis' is not a known country."]
    assert "is not a valid e-mail address" in str(error)
    assert str(problems[0]) == problems[0].message


@pytest.mark.parametrize(
    "email",
    [
        "jane.doe",
        "jane.doe@",
        "@example.org",
        "jane@example",
        "jane@@example.org",
        "jane doe@example.org",
        "jane@exa mple.org",
        "jane@example.o",
        "jane@.example.org",
        "jane@example..org",
        "jane@example.org.",
        "x" * 65 + "@example.org",
        "jane@" + "a" * 250 + ".org",
    ],
)
def test_invalid_email(email: str) -> None:
    assert not is_valid_email(email)
    problems = check_registration(details(contact_email=email), DELEGATES)
    assert set(fields(problems)) == {"contact_email"}  # (very long ones are also too long)
    assert any("is not a valid e-mail address" in p.message for p in problems)


@pytest.mark.parametrize(
    "email",
    ["jane.doe@example.org", "Jane.Doe+tci@mail.example.co.uk", "x" * 64 + "@example.org"],
)
def test_valid_email(email: str) -> None:
    assert is_valid_email(email)
    assert is_valid_email(f"  {email}\n")


def test_non_delegate_is_refused() -> None:
    problems = check_registration(details(contact_email="someone@else.example"), DELEGATES)
    assert fields(problems) == ["contact_email"]
    assert "not on the conference delegate list" in problems[0].message
    assert "someone@else.example" in problems[0].message


def test_without_a_delegate_list_nobody_can_register() -> None:
    problems = check_registration(details(), None)
    assert fields(problems) == ["contact_email"]
    assert "No delegate list has been imported" in problems[0].message


def test_delegate_match_ignores_case_and_whitespace() -> None:
    form = details(contact_email="  KAAREL.tamm@BMIN.example ")
    assert check_registration(form, DELEGATES) == []
    assert DELEGATES.is_delegate("jane.doe@EXAMPLE.ORG")
    assert not DELEGATES.is_delegate("jane.do@example.org")
    assert len(DELEGATES) == 2  # blank lines are not delegates


def test_already_registered_email_is_refused() -> None:
    taken = frozenset({normalize_email("Jane.Doe@Example.org")})
    problems = check_registration(details(contact_email=" JANE.DOE@example.org"), DELEGATES, taken)
    assert fields(problems) == ["contact_email"]
    assert "already registered" in problems[0].message
    assert check_registration(details(), DELEGATES, frozenset({"other@example.org"})) == []


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("Jane.Doe@Example.ORG", "jane.doe@example.org"),
        ("  jane.doe@example.org\t", "jane.doe@example.org"),
        ("jane. doe@example .org", "jane.doe@example.org"),
        ("STRASSE@EXAMPLE.DE", "strasse@example.de"),
    ],
)
def test_normalize_email(raw: str, normalized: str) -> None:
    assert normalize_email(raw) == normalized


@pytest.mark.parametrize(
    ("given", "canonical"),
    [("Canada", "Canada"), ("  usa ", "United States"), ("DEU", "Germany"), ("kor", "South Korea")],
)
def test_country_is_canonicalised(given: str, canonical: str) -> None:
    assert canonical_country(given) == canonical
    assert is_known_country(given)
    assert check_registration(details(country=given), DELEGATES) == []
    assert details(country=given).cleaned().country == canonical


@pytest.mark.parametrize("country", ["Atlantis", "Narnia", "XX"])
def test_unknown_country(country: str) -> None:
    problems = check_registration(details(country=country), DELEGATES)
    assert fields(problems) == ["country"]
    assert f"'{country}' is not a known country" in problems[0].message
    assert canonical_country(country) is None


def test_technology_area_is_matched_loosely_and_canonicalised() -> None:
    assert canonical_technology_area("  ict ") == "ICT"
    assert canonical_technology_area("food   INDUSTRY") == "Food industry"
    assert check_registration(details(technology_area="food industry"), DELEGATES) == []
    assert details(technology_area=" ict").cleaned().technology_area == "ICT"
    assert all(canonical_technology_area(area) == area for area in TECHNOLOGY_AREAS)


@pytest.mark.parametrize("area", ["Basket weaving", "Foods", "IT"])
def test_unknown_technology_area(area: str) -> None:
    problems = check_registration(details(technology_area=area), DELEGATES)
    assert fields(problems) == ["technology_area"]
    assert "not one of ESCA's technology areas" in problems[0].message


@pytest.mark.parametrize(
    "phone",
    [
        "+1 416 946 5325",
        "1-416-946-5325",
        "(416) 946-5325",
        "+49 30 310078-0",
        "+1 416.946.5325 ext. 12",
        "4169465",
    ],
)
def test_plausible_phone(phone: str) -> None:
    assert check_registration(details(contact_phone=phone), DELEGATES) == []


@pytest.mark.parametrize(
    "phone",
    ["123", "416 946", "call me maybe", "+1 416 946 5325 #7", "1" * 21, "+1 416 946 53 25 a"],
)
def test_implausible_phone(phone: str) -> None:
    problems = check_registration(details(contact_phone=phone), DELEGATES)
    assert fields(problems) == ["contact_phone"]
    assert "does not look like a phone number" in problems[0].message


@pytest.mark.parametrize("name", ["organization", "contact_name", "contact_title"])
def test_overlong_text_is_refused(name: str) -> None:
    assert check_registration(details(**{name: "x" * MAX_TEXT}), DELEGATES) == []
    problems = check_registration(details(**{name: "x" * (MAX_TEXT + 1)}), DELEGATES)
    assert fields(problems) == [name]
    assert f"longer than {MAX_TEXT} characters" in problems[0].message


def test_cleaned_collapses_whitespace() -> None:
    messy = RegistrationDetails(
        organization="  Northshore   Photonics\tCluster ",
        country=" united   states ",
        technology_area=" ICT ",
        contact_name=" Jane   Doe ",
        contact_email="  Jane.Doe@Example.org ",
        contact_title=" Cluster  Manager ",
        contact_phone=" +1  416  946 5325 ",
    )
    assert messy.cleaned() == RegistrationDetails(
        organization="Northshore Photonics Cluster",
        country="United States",
        technology_area="ICT",
        contact_name="Jane Doe",
        contact_email="Jane.Doe@Example.org",  # kept as typed; compared normalized
        contact_title="Cluster Manager",
        contact_phone="+1 416 946 5325",
    )
