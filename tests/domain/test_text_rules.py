"""The one rule for text typed into names and free-text fields (issue 15, item 7)."""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from escadesk.domain.card_authorization import CardAuthorizationForm, check_authorization
from escadesk.domain.charging import ChargeEntry
from escadesk.domain.eligibility import DelegateList
from escadesk.domain.registration_form import RegistrationDetails, check_registration
from escadesk.domain.text_rules import (
    BIDI_CONTROLS,
    OUTER_WHITESPACE,
    is_clean_text,
    problem_in_text,
    refused_positions,
)

CONTROLS = [chr(code) for code in (*range(0x20), 0x7F, *range(0x80, 0xA0))]
BIDI = sorted(BIDI_CONTROLS)
#: Marks and joiners that real text needs: LRM, RLM, ALM, ZWNJ, ZWJ, soft hyphen, NBSP.
HARMLESS_INVISIBLES = ["\u200e", "\u200f", "\u061c", "\u200c", "\u200d", "\u00ad", "\u00a0"]
LEGITIMATE = [
    "Société Générale d’Électricité",
    "مجموعة",
    "مجموعة الابتكار في الدوحة",
    "אשכול החדשנות",
    "\u200fאשכול\u200f Ltd",  # noqa: RUF001 (Hebrew between right-to-left marks)
    "میخواهم\u200cبروم",  # Persian with a zero-width non-joiner
    "Rocket 🚀 Cluster 👩\u200d👩\u200d👧",  # a family: emoji joined by ZWJ
    "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f Scotland",  # tag characters
    "O'Brien & D’Arcy – Ærø — Łódź",
    "東京クラスター",
    "Zürich\u00a0AG",
    "  Acme Corp  \r\n",  # outer whitespace: trimmed by every field
]


def _refused_by_oracle(character: str, multiline: bool) -> bool:
    """The rule restated from Unicode's own categories."""
    if multiline and character in "\t\n\u2028\u2029":
        return False
    if character in "\t\n\u2028\u2029":
        return True
    return unicodedata.category(character) in ("Cc", "Cs") or character in BIDI_CONTROLS


@pytest.mark.parametrize("character", CONTROLS + BIDI + ["\ud800", "\udfff"])
@pytest.mark.parametrize("multiline", [False, True])
def test_controls_bidi_overrides_and_surrogates_are_refused(character: str, multiline: bool):
    if multiline and character in "\t\n":
        assert problem_in_text("note", f"a{character}b", multiline) is None
        return
    problem = problem_in_text("note", f"Acme{character}Corp", multiline, label="Note")
    assert problem is not None and problem.field == "note"
    assert problem.message.startswith("Note ")
    assert " at position 5" in problem.message
    assert character not in problem.message


@pytest.mark.parametrize("text", LEGITIMATE)
@pytest.mark.parametrize("multiline", [False, True])
def test_legitimate_text_in_any_script_is_accepted(text: str, multiline: bool) -> None:
    assert problem_in_text("organization", text, multiline) is None


@pytest.mark.parametrize("character", HARMLESS_INVISIBLES)
def test_direction_marks_and_joiners_are_accepted(character: str) -> None:
    assert problem_in_text("organization", f"מכון{character}Acme") is None


def test_the_messages() -> None:
    def message(text: str, multiline: bool = False) -> str:
        problem = problem_in_text("organization", text, multiline, label="Organization")
        assert problem is not None
        return problem.message

    assert message("ACME\x1b[31m") == (
        "Organization contains an invisible control character (ESC, U+001B) at position 5; "
        "type the text again without it."
    )
    assert message("Acme\x00") == (
        "Organization contains an invisible control character (NUL, U+0000) at position 5; "
        "type the text again without it."
    )
    assert message("evil\u202etxt.exe") == (
        "Organization contains a hidden text-direction control (right-to-left override, "
        "U+202E) at position 5, which can make the text display in a misleading order; "
        "type the text again without it."
    )
    assert message("\x1b[31mRed\x1b[0m\x7f") == (
        "Organization contains an invisible control character (ESC, U+001B) at position 1, "
        "and 2 more after it; type the text again without them."
    )
    assert (
        message("Acme\tCorp") == "Organization contains a tab at position 5; use a space instead."
    )
    assert message("Acme\nCorp") == (
        "Organization must be on one line: it contains a line break at position 5; "
        "type the text again on one line."
    )
    assert message("Acme\u2028Corp") == message("Acme\nCorp")
    assert message("a\r\nb", multiline=True).startswith(
        "Organization contains an invisible control character (CR, U+000D) at position 2"
    )
    assert "(DEL, U+007F)" in message("\x7f")
    assert "(CSI, U+009B)" in message("\x9b")
    assert "(NEL, U+0085)" in message("x\x85")
    assert "(half of a surrogate pair, U+D800)" in message("x\ud800")
    # The default label comes from the field's key.
    problem = problem_in_text("contact_name", "\x00")
    assert problem is not None and problem.message.startswith("Contact name contains")


def test_outer_whitespace_is_not_judged_but_positions_count_it() -> None:
    assert problem_in_text("organization", "\t Acme \r\n") is None
    assert problem_in_text("organization", " \t\n") is None
    assert refused_positions("  A\x00") == [3]
    assert refused_positions("\x0bAcme") == [0]  # a vertical tab is no outer space
    assert refused_positions("\x1cAcme") == [0]  # nor a file separator (str.strip() drops it)


@given(
    st.text(
        st.one_of(
            st.characters(exclude_categories=()),
            st.sampled_from([*CONTROLS, *BIDI, *HARMLESS_INVISIBLES, " ", "\u2028", "\u2029"]),
        )
    ),
    st.booleans(),
)
@example("ACME\x1b[31m", False)
@example("\x00", True)
@example("abc\u202edef", True)
@example("\t", False)
def test_the_rule_never_raises_and_accepts_only_clean_text(text: str, multiline: bool) -> None:
    problem = problem_in_text("field", text, multiline, label="Field")
    stored = text.strip(OUTER_WHITESPACE)  # what every caller keeps
    refused = [c for c in stored if _refused_by_oracle(c, multiline)]
    assert (problem is None) == (not refused) == is_clean_text(text, multiline)
    if problem is None:
        assert not any(
            unicodedata.category(c) in ("Cc", "Cs") and c not in ("\t\n" if multiline else "")
            for c in stored
        )
        assert not BIDI_CONTROLS.intersection(stored)
    else:
        assert problem.field == "field" and problem.message.startswith("Field ")
        assert refused[0] not in problem.message
        position = refused_positions(text, multiline)[0]
        assert text[position] == refused[0]
        assert f"at position {position + 1}" in problem.message


# -- the forms that use it ----------------------------------------------------------------------


def _details(**changes: str) -> RegistrationDetails:
    values = {
        "organization": "Cluster 01",
        "country": "Canada",
        "technology_area": "ICT",
        "contact_name": "Contact",
        "contact_email": "delegate1@clusters.example",
        "contact_title": "Cluster Manager",
        "contact_phone": "+1 416 555 0100",
    }
    return RegistrationDetails(**{**values, **changes})


DELEGATES = DelegateList.of(["delegate1@clusters.example"])


@pytest.mark.parametrize(
    "field",
    [
        "organization",
        "country",
        "technology_area",
        "contact_name",
        "contact_email",
        "contact_title",
        "contact_phone",
    ],
)
@pytest.mark.parametrize("character", ["\x00", "\x1b", "\u202e", "\x1f", "\x85"])
def test_a_registration_field_is_refused_once_without_echo(field: str, character: str) -> None:
    problems = check_registration(_details(**{field: f"Can{character}ada"}), DELEGATES)
    assert [p.field for p in problems] == [field]
    assert "contains" in problems[0].message and character not in problems[0].message


def test_a_clean_registration_in_arabic_passes() -> None:
    assert check_registration(_details(organization="مجموعة", contact_name="ليلى"), DELEGATES) == []


def _form(**changes: str) -> CardAuthorizationForm:
    values = {
        "cardholder": "Jordi Puig",
        "card_number": "4012 8888 8888 1881",
        "expiry": "12/2030",
        "code": "321",
        "billing_address": "Carrer 1\nBarcelona",
    }
    return CardAuthorizationForm(**{**values, **changes}, signed_on=date(2018, 9, 27))


def test_card_authorization_texts() -> None:
    def errors(form: CardAuthorizationForm) -> list[tuple[str, str]]:
        found, _warnings = check_authorization(form, date(2018, 10, 2), date(2018, 10, 1))
        return [(p.field, p.message.split(" contains")[0]) for p in found]

    assert errors(_form()) == []
    assert errors(_form(cardholder="Jordi\x1bPuig")) == [("cardholder", "The cardholder's name")]
    assert errors(_form(cardholder="Jordi\nPuig")) == [
        ("cardholder", "The cardholder's name must be on one line: it")
    ]
    assert errors(_form(billing_address="Carrer\u202e1")) == [
        ("billing_address", "The billing address")
    ]
    assert errors(_form(billing_address="Carrer 1\n\tBarcelona\n")) == []


def test_charge_entry_texts() -> None:
    def fields(reference: str, reason: str = "") -> list[str]:
        entry = ChargeEntry(date(2018, 10, 2), reference, Decimal("10"), reason)
        return [p.field for p in entry.problems()]

    assert fields("APPROVAL 884213", "Réduction – membre") == []
    assert fields("APPROVAL\x00884213") == ["reference"]
    assert fields("OK", "early\u2066bird") == ["amount_reason"]
    assert fields("OK", "early\nbird") == ["amount_reason"]
