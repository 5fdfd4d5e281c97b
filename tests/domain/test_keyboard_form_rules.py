"""The rules behind the forms that help (issue 16, item 6): what Tab completes to, which
delegates a refused address was meant to be, what differs from the delegate list, how a
card number is grouped while typed, and what a programme may not contain."""

from __future__ import annotations

from datetime import time

import pytest

from escadesk.domain.cards import grouped_digits
from escadesk.domain.completion import best_completion
from escadesk.domain.countries import COUNTRIES
from escadesk.domain.delegate_match import (
    DelegateEntry,
    close_delegates,
    find_delegate,
    record_differences,
)
from escadesk.domain.registration_form import RegistrationDetails
from escadesk.domain.technology import TECHNOLOGY_AREAS
from escadesk.domain.validation import FieldProblem
from escadesk.domain.workshop_calendar import (
    AgendaItem,
    AgendaKind,
    Facilitator,
    agenda_problems,
    agenda_timing_problem,
    facilitator_problems,
)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Cana", "Canada"),
        ("cana", "Canada"),
        ("  canada ", "Canada"),
        ("aland", "Åland Islands"),  # accents ignored
        ("Korea", "North Korea"),  # a word of the name, in the list's order
        ("zeal", "New Zealand"),  # inside the name
        ("", None),
        ("Atlantis", None),
    ],
)
def test_keyboard_tab_completes_a_country(typed: str, expected: str | None) -> None:
    assert best_completion(typed, COUNTRIES) == expected


def test_keyboard_tab_prefers_the_start_of_a_name() -> None:
    # "Ice" starts Iceland; it is inside no earlier name, but the start wins regardless.
    assert best_completion("ice", COUNTRIES) == "Iceland"
    assert best_completion("ict", TECHNOLOGY_AREAS) == "ICT"
    assert best_completion("micro", TECHNOLOGY_AREAS) == "Micro, nano and optical technologies"
    assert best_completion("nano", TECHNOLOGY_AREAS) == "Micro, nano and optical technologies"


DELEGATES = (
    DelegateEntry("wei.chen@prict.example", "Wei Chen", "Pearl River ICT Cluster", "China"),
    DelegateEntry("smunoz@andes-agrifood.example", "Sofía Muñoz", "Andes AgriFood Alliance"),
    DelegateEntry("j.becker@rhinehealth.example", "Dr. Jana Becker", "Rhine Valley Health"),
    DelegateEntry("grace.mensah@adh.example", "Grace Mensah", "Accra Digital Hub", "Ghana"),
    DelegateEntry("li.wang@prict.example", "Li Wang", "Pearl River ICT Cluster", "China"),
)


def _emails(entries: list[DelegateEntry]) -> list[str]:
    return [entry.email for entry in entries]


def test_keyboard_a_typo_in_the_address_finds_the_delegate() -> None:
    assert _emails(close_delegates("wei.chen@prict.exmaple", "", DELEGATES))[0] == (
        "wei.chen@prict.example"
    )


def test_keyboard_a_colleague_at_the_same_domain_is_suggested() -> None:
    found = _emails(close_delegates("someone@prict.example", "", DELEGATES))
    assert set(found) == {"wei.chen@prict.example", "li.wang@prict.example"}


def test_keyboard_an_address_that_spells_the_name_finds_the_delegate() -> None:
    assert _emails(close_delegates("sofia.munoz@gmail.com", "", DELEGATES)) == [
        "smunoz@andes-agrifood.example"
    ]
    assert _emails(close_delegates("gmensah@gmail.com", "", DELEGATES)) == [
        "grace.mensah@adh.example"
    ]


def test_keyboard_the_contact_name_typed_finds_the_delegate() -> None:
    assert _emails(close_delegates("jana@private.example", "Jana Becker", DELEGATES)) == [
        "j.becker@rhinehealth.example"
    ]


def test_keyboard_nobody_close_is_nobody() -> None:
    assert close_delegates("zz@nowhere.example", "Someone Else", DELEGATES) == []
    assert len(close_delegates("x@prict.example", "", DELEGATES, limit=1)) == 1


def test_keyboard_the_delegate_is_found_by_address_whatever_its_case() -> None:
    assert find_delegate(DELEGATES, "  Wei.Chen@PRICT.example ") == DELEGATES[0]
    assert find_delegate(DELEGATES, "") is None


def _details(name: str, organization: str) -> RegistrationDetails:
    return RegistrationDetails(organization, "Chile", "Food industry", name, "x@y.example")


def test_keyboard_only_a_real_difference_from_the_record_is_flagged() -> None:
    sofia = DELEGATES[1]
    same = _details("Sofia  MUNOZ", "Andes Agrifood Alliance")  # accents, case, spaces
    assert record_differences(same, sofia) == []
    assert record_differences(_details("", ""), sofia) == []  # nothing typed yet
    assert record_differences(_details("Sofía Muñoz", "Andes Fruit Growers"), sofia) == [
        FieldProblem(
            "organization",
            "The delegate list gives the organization \u201cAndes AgriFood Alliance\u201d "
            "for smunoz@andes-agrifood.example.",
        )
    ]
    jana = DELEGATES[2]
    assert [p.field for p in record_differences(_details("Jana Becker", ""), jana)] == [
        "contact_name"
    ]
    nameless = DelegateEntry("n@x.example")
    assert record_differences(_details("Anyone", "Anything"), nameless) == []


@pytest.mark.parametrize(
    ("digits", "shown"),
    [
        ("4", "4"),
        ("4111", "4111"),
        ("41111", "4111 1"),
        ("4111111111111111", "4111 1111 1111 1111"),
        ("4111111111111111111", "4111 1111 1111 1111 111"),
        ("3782", "3782"),
        ("37828", "3782 8"),
        ("3782822463", "3782 822463"),
        ("378282246310005", "3782 822463 10005"),
        ("", ""),
    ],
)
def test_keyboard_card_digits_are_grouped_as_typed(digits: str, shown: str) -> None:
    assert grouped_digits(digits) == shown


def test_keyboard_a_programme_needs_titles_and_no_overlaps() -> None:
    agenda = (
        AgendaItem(time(9), time(10), "Opening"),
        AgendaItem(time(9, 30), time(11), " ", AgendaKind.PITCHES),
        AgendaItem(time(11), time(12), "Lunch", AgendaKind.BREAK),
    )
    assert agenda_problems(agenda) == [
        "The agenda item 9:30\u201311:00 needs a title.",
        "'Opening' overlaps ' '.",
    ]
    assert agenda_problems(agenda[2:]) == []
    assert agenda_timing_problem(time(10), time(9, 45)) == (
        "The agenda item from 10:00 must end after it starts."
    )
    assert agenda_timing_problem(time(10), time(10)) is not None
    assert agenda_timing_problem(time(10), time(10, 1)) is None


def test_keyboard_a_facilitator_needs_a_name() -> None:
    people = (Facilitator("Ana", ""), Facilitator(" ", "ESCA", "Trainer"))
    assert facilitator_problems(people) == ["Facilitator 2 needs a name."]
    assert Facilitator("Ana", "").role == "Facilitator"
