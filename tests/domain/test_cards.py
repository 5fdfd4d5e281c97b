"""Card number checks, brands, masking and the leak guard (public TEST numbers only)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from escadesk.domain.cards import (
    ISSUER_RANGES,
    UNKNOWN_LENGTHS,
    CardBrand,
    MaskedCard,
    allowed_lengths,
    check_card,
    check_card_number,
    check_cardholder,
    check_code,
    check_expiry,
    code_length,
    contains_card_number,
    detect_brand,
    digits_only,
    expiry_last_day,
    find_card_numbers,
    last4,
    luhn_valid,
    mask,
    masked,
    parse_expiry,
)
from escadesk.domain.validation import FieldProblem

PROPERTY = settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

# The networks' published test numbers: never a real card, in tests or anywhere else.
TEST_CARDS: dict[str, CardBrand] = {
    "4111111111111111": CardBrand.VISA,
    "4012888888881881": CardBrand.VISA,
    "4222222222222": CardBrand.VISA,
    "5555555555554444": CardBrand.MASTERCARD,
    "5105105105105100": CardBrand.MASTERCARD,
    "2223003122003222": CardBrand.MASTERCARD,
    "378282246310005": CardBrand.AMEX,
    "371449635398431": CardBrand.AMEX,
    "6011111111111117": CardBrand.DISCOVER,
    "6011000990139424": CardBrand.DISCOVER,
    "30569309025904": CardBrand.DINERS,
    "38520000023237": CardBrand.DINERS,
    "3530111333300000": CardBrand.JCB,
    "3566002020360505": CardBrand.JCB,
    "6200000000000005": CardBrand.UNIONPAY,
    "6759649826438453": CardBrand.MAESTRO,
}
NUMBERS = sorted(TEST_CARDS)
VISA = "4111111111111111"
CHARGE = date(2018, 10, 2)
LUHN_MESSAGE = "This card number is not valid (check digit). Please re-check it against the form."


def messages(problems: list[FieldProblem]) -> list[str]:
    return [problem.message for problem in problems]


def oracle_check_digit(payload: str) -> str:
    """An independent Luhn: the digit that makes ``payload + digit`` valid, by search."""
    doubled = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)
    for candidate in "0123456789":
        number = payload + candidate
        total = sum(
            doubled[int(digit)] if index % 2 else int(digit)
            for index, digit in enumerate(reversed(number))
        )
        if total % 10 == 0:
            return candidate
    raise AssertionError("some check digit always fits")


def group(number: str, separator: str, size: int = 4) -> str:
    return separator.join(number[index : index + size] for index in range(0, len(number), size))


# --- brands and the issuer table -------------------------------------------------------


@pytest.mark.parametrize(("number", "brand"), sorted(TEST_CARDS.items()))
def test_each_test_number_is_its_brand_and_valid(number: str, brand: CardBrand) -> None:
    assert detect_brand(number) is brand
    assert luhn_valid(number)
    assert len(number) in allowed_lengths(number)
    assert check_card_number(number) == []
    assert check_card_number(group(number, " ")) == []
    assert check_card_number(group(number, "-")) == []


@pytest.mark.parametrize(
    ("prefix", "brand"),
    [
        ("2220", CardBrand.UNKNOWN),
        ("2221", CardBrand.MASTERCARD),
        ("2720", CardBrand.MASTERCARD),
        ("2721", CardBrand.UNKNOWN),
        ("50", CardBrand.MAESTRO),
        ("51", CardBrand.MASTERCARD),
        ("55", CardBrand.MASTERCARD),
        ("56", CardBrand.MAESTRO),
        ("58", CardBrand.MAESTRO),
        ("59", CardBrand.UNKNOWN),
        ("34", CardBrand.AMEX),
        ("37", CardBrand.AMEX),
        ("35", CardBrand.UNKNOWN),
        ("3527", CardBrand.UNKNOWN),
        ("3528", CardBrand.JCB),
        ("3589", CardBrand.JCB),
        ("3590", CardBrand.UNKNOWN),
        ("300", CardBrand.DINERS),
        ("305", CardBrand.DINERS),
        ("306", CardBrand.UNKNOWN),
        ("36", CardBrand.DINERS),
        ("38", CardBrand.DINERS),
        ("39", CardBrand.DINERS),
        ("6011", CardBrand.DISCOVER),
        ("6012", CardBrand.MAESTRO),
        ("643", CardBrand.MAESTRO),
        ("644", CardBrand.DISCOVER),
        ("649", CardBrand.DISCOVER),
        ("65", CardBrand.DISCOVER),
        ("62", CardBrand.UNIONPAY),
        ("622125", CardBrand.UNIONPAY),
        ("622126", CardBrand.DISCOVER),
        ("622925", CardBrand.DISCOVER),
        ("622926", CardBrand.UNIONPAY),
        ("63", CardBrand.MAESTRO),
        ("67", CardBrand.MAESTRO),
        ("4", CardBrand.VISA),
        ("1", CardBrand.UNKNOWN),
        ("7", CardBrand.UNKNOWN),
        ("9", CardBrand.UNKNOWN),
        ("0", CardBrand.UNKNOWN),
        ("", CardBrand.UNKNOWN),
    ],
)
def test_issuer_range_edges(prefix: str, brand: CardBrand) -> None:
    # Padded to a full length so only the prefix decides; the brand ignores the length.
    assert detect_brand(prefix + "0" * (16 - len(prefix))) is brand
    if len(prefix) >= 2:
        assert detect_brand(prefix + "0" * 20) is brand


def test_a_partial_prefix_does_not_guess_a_brand() -> None:
    assert detect_brand("22") is CardBrand.UNKNOWN  # could become 2221.. or not
    assert detect_brand("3") is CardBrand.UNKNOWN
    assert detect_brand("4") is CardBrand.VISA


def test_brand_detection_ignores_separators_and_refuses_non_ascii_digits() -> None:
    assert detect_brand("5555 5555-5555 4444") is CardBrand.MASTERCARD
    assert detect_brand("\u0665" * 16) is CardBrand.UNKNOWN  # Arabic-Indic fives
    assert detect_brand("2:21000000000000") is CardBrand.UNKNOWN  # ':' sorts after '9'


def test_issuer_table_is_consistent() -> None:
    for issuer in ISSUER_RANGES:
        assert issuer.brand is not CardBrand.UNKNOWN
        assert issuer.lengths == tuple(sorted(set(issuer.lengths)))
        assert set(issuer.lengths) <= set(UNKNOWN_LENGTHS)
    # Same-width ranges never overlap, so "longest prefix wins" is never a tie.
    for first in ISSUER_RANGES:
        for second in ISSUER_RANGES:
            if first is not second and first.width == second.width:
                assert first.high < second.low or second.high < first.low
    assert {issuer.brand for issuer in ISSUER_RANGES} == set(CardBrand) - {CardBrand.UNKNOWN}


def test_issuer_range_refuses_malformed_prefixes() -> None:
    issuer_type = type(ISSUER_RANGES[0])
    with pytest.raises(ValueError, match="same width"):
        issuer_type(CardBrand.VISA, "4", "45", (16,))
    with pytest.raises(ValueError, match="same width"):
        issuer_type(CardBrand.VISA, "4a", "4b", (16,))
    with pytest.raises(ValueError, match="must not exceed"):
        issuer_type(CardBrand.VISA, "55", "51", (16,))


def test_labels() -> None:
    assert {brand: brand.label for brand in CardBrand} == {
        CardBrand.VISA: "VISA",
        CardBrand.MASTERCARD: "Mastercard",
        CardBrand.AMEX: "Amex",
        CardBrand.DISCOVER: "Discover",
        CardBrand.DINERS: "Diners Club",
        CardBrand.JCB: "JCB",
        CardBrand.UNIONPAY: "UnionPay",
        CardBrand.MAESTRO: "Maestro",
        CardBrand.UNKNOWN: "Card",
    }


def test_allowed_lengths_per_brand() -> None:
    assert allowed_lengths(VISA) == (13, 16, 19)
    assert allowed_lengths("5555") == (16,)
    assert allowed_lengths("3782") == (15,)
    assert allowed_lengths("6011") == (16, 17, 18, 19)
    assert allowed_lengths("3056") == (14, 15, 16, 17, 18, 19)
    assert allowed_lengths("6759") == tuple(range(12, 20))
    assert allowed_lengths("9") == UNKNOWN_LENGTHS == tuple(range(12, 20))


# --- digits_only and Luhn ---------------------------------------------------------------


def test_digits_only_strips_spaces_and_dashes_only() -> None:
    assert digits_only("4111 1111-1111 1111") == VISA
    assert digits_only(" - ") == ""
    assert digits_only("4111.1111\t1111/1111") == "4111.1111\t1111/1111"


def test_luhn_refuses_what_is_not_plain_ascii_digits() -> None:
    assert not luhn_valid("")
    assert not luhn_valid("4111 1111 1111 1111")
    assert not luhn_valid("\u0664" + "\u0661" * 15)  # Arabic-Indic 4111...: isdigit() but not 0-9
    assert not luhn_valid("4111111111111112")
    assert luhn_valid("0")


@PROPERTY
@given(st.sampled_from(NUMBERS), st.data())
def test_changing_any_one_digit_breaks_luhn(number: str, data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(number) - 1))
    replacement = data.draw(st.sampled_from("0123456789").filter(lambda d: d != number[index]))
    changed = number[:index] + replacement + number[index + 1 :]

    assert not luhn_valid(changed)
    assert check_card_number(changed) != []
    if index >= 6:  # the issuer prefix is intact, so only the check digit can complain
        assert messages(check_card_number(changed)) == [LUHN_MESSAGE]


@PROPERTY
@given(st.sampled_from(NUMBERS), st.data())
def test_swapping_two_different_neighbours_is_usually_caught(
    number: str, data: st.DataObject
) -> None:
    index = data.draw(st.integers(0, len(number) - 2))
    pair = number[index : index + 2]
    # Luhn's one blind spot among adjacent swaps: 09 <-> 90.
    assume(pair[0] != pair[1] and pair not in ("09", "90"))
    swapped = number[:index] + pair[::-1] + number[index + 2 :]

    assert not luhn_valid(swapped)


@PROPERTY
@given(st.text(alphabet="0123456789", min_size=1, max_size=30))
def test_a_generated_valid_number_passes_luhn(payload: str) -> None:
    number = payload + oracle_check_digit(payload)

    assert luhn_valid(number)
    wrong = str((int(number[-1]) + 1) % 10)
    assert not luhn_valid(number[:-1] + wrong)


@PROPERTY
@given(st.text(alphabet="0123456789", min_size=14, max_size=14))
def test_a_generated_visa_number_is_accepted(middle: str) -> None:
    payload = "4" + middle
    number = payload + oracle_check_digit(payload)

    assert detect_brand(number) is CardBrand.VISA
    assert check_card_number(number) == []


# --- check_card_number ------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", " ", "   ", "-", " - - "])
def test_a_card_number_is_required(text: str) -> None:
    assert check_card_number(text) == [FieldProblem("card_number", "Card number is required.")]


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("4111.1111.1111.1111", "“.” is"),
        ("4111 1111 1111 111O", "“O” is"),
        ("4111/1111_1111 1111", "“/” and “_” are"),
        ("4111\u00a01111 1111 1111", "a no-break space is"),
        ("4111\t1111 1111 1111", "a tab is"),
        ("4111–1111–1111–1111", "“–” is"),  # en dash, as word processors type it
        ("4111\u200b1111", "a zero width space is"),
        ("4111\U000f0000", "an invisible character is"),  # private use: its code has 5 digits
        ("a4b1c1d1e", "“a”, “b”, “c” and other characters are"),
        ("\u0664" + "\u0661" * 15, "“\u0664” and “\u0661” are"),  # Arabic-Indic 4111...
    ],
)
def test_a_refused_character_is_named_without_the_number(text: str, named: str) -> None:
    problems = check_card_number(text)

    assert fields(problems) == ["card_number"]
    message = problems[0].message
    assert message.startswith("A card number may contain only digits, spaces and dashes; ")
    assert named in message
    assert message.endswith(" not allowed.")
    assert "1111" not in message


def fields(problems: list[FieldProblem]) -> list[str]:
    return [problem.field for problem in problems]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("411111111111111", "A Visa number has 13, 16 or 19 digits; this one has 15."),
        ("41111111111111111", "A Visa number has 13, 16 or 19 digits; this one has 17."),
        ("555555555555444", "A Mastercard number has 16 digits; this one has 15."),
        ("3782822463100055", "An Amex number has 15 digits; this one has 16."),
        ("601111111111111", "A Discover number has 16 to 19 digits; this one has 15."),
        ("3056930902590", "A Diners Club number has 14 to 19 digits; this one has 13."),
        ("353011133330000", "A JCB number has 16 to 19 digits; this one has 15."),
        ("620000000000000", "A UnionPay number has 16 to 19 digits; this one has 15."),
        ("67596498264", "A Maestro number has 12 to 19 digits; this one has 11."),
        ("9111111111", "A card number has 12 to 19 digits; this one has 10."),
        ("4" * 25, "A Visa number has 13, 16 or 19 digits; this one has 25."),
    ],
)
def test_a_wrong_length_names_the_brand_and_the_count(text: str, message: str) -> None:
    assert check_card_number(text) == [FieldProblem("card_number", message)]


def test_a_bad_check_digit_is_reported() -> None:
    assert check_card_number("4111 1111 1111 1112") == [FieldProblem("card_number", LUHN_MESSAGE)]


def test_an_unknown_issuer_is_judged_by_length_and_check_digit_only() -> None:
    payload = "9" * 15
    assert check_card_number(payload + oracle_check_digit(payload)) == []


@PROPERTY
@given(
    st.one_of(
        st.text(alphabet="0123456789", max_size=40),
        st.text(alphabet="0123456789 -", max_size=40),
        st.text(alphabet=st.sampled_from("0123456789 -./Oxl\u00a0\t\u0663"), max_size=40),
        st.text(max_size=40),
        st.sampled_from(NUMBERS).map(lambda number: number[:-1]),
    ),
    st.text(alphabet="0123456789 /-", max_size=8),
    st.text(alphabet="0123456789 ", max_size=6),
)
def test_no_message_ever_quotes_the_number(number: str, expiry: str, code: str) -> None:
    typed = re.sub(r"[^0-9]", "", number)  # only digits can leak a number (not 'xpiry')
    stretches = {typed[index : index + 5] for index in range(len(typed) - 4)}
    errors, warnings = check_card(number, expiry, code, "Jane Doe", CHARGE)
    for message in messages(check_card_number(number)) + messages(errors + warnings):
        assert not any(stretch in message for stretch in stretches), message
        # Stronger: no run of 5+ digits (of any script) at all.
        assert re.search(r"\d{5}", message) is None, message
    for brand in CardBrand:
        for message in messages(check_code(code, brand)):
            assert re.search(r"\d{2}", message) is None, message  # the code is never echoed


# --- expiry ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("09/18", (9, 2018)),
        ("09/2018", (9, 2018)),
        ("09-18", (9, 2018)),
        ("09-2018", (9, 2018)),
        ("0918", (9, 2018)),
        ("9/18", (9, 2018)),
        (" 12 / 21 ", (12, 2021)),
        ("01/00", (1, 2000)),
        ("12/99", (12, 2099)),
    ],
)
def test_expiry_formats(text: str, parsed: tuple[int, int]) -> None:
    assert parse_expiry(text) == parsed


@pytest.mark.parametrize(
    "text",
    [
        "",
        "13/18",
        "00/18",
        "9/8",
        "09/018",
        "092018",
        "09.18",
        "Sep 2018",
        "09/18/20",
        "\uff10\uff19/\uff11\uff18",  # full-width 09/18
        "\u0660\u0669/\u0661\u0668",  # Arabic-Indic 09/18
    ],
)
def test_not_an_expiry(text: str) -> None:
    assert parse_expiry(text) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Expiry date is required."),
        ("  ", "Expiry date is required."),
        ("Sep 2018", "Enter the expiry date as on the card, MM/YY (for example 09/21)."),
        ("13/18", "The expiry month must be between 01 and 12."),
        ("00/2019", "The expiry month must be between 01 and 12."),
        ("01/0000", "The expiry year is not valid."),
    ],
)
def test_expiry_errors(text: str, message: str) -> None:
    assert check_expiry(text, CHARGE) == ([FieldProblem("expiry", message)], [])


def test_a_card_expiring_before_the_charge_date_is_a_warning() -> None:
    errors, warnings = check_expiry("09/18", CHARGE)

    assert errors == []
    assert warnings == [
        FieldProblem(
            "expiry",
            "The card expires 09/2018, before the planned charge date (Oct 2, 2018).",
        )
    ]


def test_a_long_expired_card_is_still_only_a_warning() -> None:
    errors, warnings = check_expiry("03/2016", CHARGE, today=date(2018, 9, 20))

    assert errors == []
    assert messages(warnings) == [
        "The card expired 03/2016, before the planned charge date (Oct 2, 2018)."
    ]


def test_a_card_that_expired_after_a_past_charge_date_is_a_warning() -> None:
    errors, warnings = check_expiry("10/18", CHARGE, today=date(2018, 11, 5))

    assert errors == []
    assert messages(warnings) == ["The card expired 10/2018 and can no longer be charged."]


@pytest.mark.parametrize(
    ("expiry", "last_ok", "first_warned"),
    [
        ("10/18", date(2018, 10, 31), date(2018, 11, 1)),
        ("09/18", date(2018, 9, 30), date(2018, 10, 1)),
        ("02/20", date(2020, 2, 29), date(2020, 3, 1)),  # leap year
        ("02/19", date(2019, 2, 28), date(2019, 3, 1)),
        ("12/18", date(2018, 12, 31), date(2019, 1, 1)),  # year end
    ],
)
def test_a_card_is_good_through_the_end_of_its_month(
    expiry: str, last_ok: date, first_warned: date
) -> None:
    assert check_expiry(expiry, last_ok) == ([], [])
    assert check_expiry(expiry, last_ok, today=last_ok) == ([], [])
    errors, warnings = check_expiry(expiry, first_warned)
    assert errors == []
    assert fields(warnings) == ["expiry"]


@PROPERTY
@given(
    st.integers(1, 12),
    st.integers(2000, 2099),
    st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
    st.sampled_from(["{m:02d}/{y2:02d}", "{m:02d}/{y}", "{m:02d}-{y2:02d}", "{m:02d}{y2:02d}"]),
)
def test_the_warning_follows_the_last_day_of_the_month(
    month: int, year: int, charge: date, pattern: str
) -> None:
    text = pattern.format(m=month, y=year, y2=year % 100)
    assert parse_expiry(text) == (month, year)

    errors, warnings = check_expiry(text, charge)

    last_day = expiry_last_day(month, year)
    assert last_day.month == month
    assert (last_day + timedelta(days=1)).day == 1
    assert errors == []
    assert bool(warnings) == (charge > last_day)


# --- security code ---------------------------------------------------------------------


def test_code_lengths() -> None:
    assert code_length(CardBrand.AMEX) == 4
    for brand in set(CardBrand) - {CardBrand.AMEX}:
        assert code_length(brand) == 3


@pytest.mark.parametrize(
    ("code", "brand", "message"),
    [
        ("", CardBrand.VISA, "Security code is required."),
        ("   ", CardBrand.AMEX, "Security code is required."),
        ("12a", CardBrand.VISA, "The security code may contain only digits."),
        ("1 23", CardBrand.VISA, "The security code may contain only digits."),
        ("\u0661\u0662\u0663", CardBrand.VISA, "The security code may contain only digits."),
        ("123", CardBrand.AMEX, "An Amex card has a 4-digit code on the front."),
        ("12345", CardBrand.AMEX, "An Amex card has a 4-digit code on the front."),
        ("1234", CardBrand.VISA, "A Visa card has a 3-digit code on the back."),
        ("12", CardBrand.MASTERCARD, "A Mastercard card has a 3-digit code on the back."),
        ("12", CardBrand.UNKNOWN, "The security code has 3 digits (on the back of the card)."),
    ],
)
def test_code_problems(code: str, brand: CardBrand, message: str) -> None:
    assert check_code(code, brand) == [FieldProblem("code", message)]


@pytest.mark.parametrize(("code", "brand"), [("737", CardBrand.VISA), (" 7373 ", CardBrand.AMEX)])
def test_good_codes(code: str, brand: CardBrand) -> None:
    assert check_code(code, brand) == []


# --- cardholder and the whole form -------------------------------------------------------


def test_cardholder_checks() -> None:
    assert check_cardholder("  Jane   Doe ") == []
    assert messages(check_cardholder(" ")) == ["Cardholder name is required."]
    assert messages(check_cardholder("J" * 101)) == [
        "Cardholder name is longer than 100 characters."
    ]
    assert messages(check_cardholder(f"Jane Doe {group(VISA, ' ')}")) == [
        "The cardholder name seems to contain a card number; enter the name as printed on the card."
    ]


def test_check_card_collects_every_field() -> None:
    assert check_card(group("378282246310005", " "), "12/21", "1234", "J Doe", CHARGE) == (
        [],
        [],
    )

    errors, warnings = check_card("4111 1111 1111 1112", "09/18", "12", "", CHARGE)

    assert fields(errors) == ["card_number", "cardholder"]  # no code length from a bad number
    assert fields(warnings) == ["expiry"]

    errors, _ = check_card(VISA, "13/18", "1234", "Jane Doe", CHARGE)
    assert messages(errors) == [
        "A Visa card has a 3-digit code on the back.",
        "The expiry month must be between 01 and 12.",
    ]
    errors, _ = check_card("", "", "", "", CHARGE)
    assert fields(errors) == ["card_number", "code", "expiry", "cardholder"]


# --- masking ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "shown"),
    [
        ("4111111111111111", "VISA •••• 1111"),
        ("5555555555554444", "Mastercard •••• 4444"),
        ("378282246310005", "Amex •••• 0005"),
        ("6011111111111117", "Discover •••• 1117"),
        ("30569309025904", "Diners Club •••• 5904"),
        ("3530111333300000", "JCB •••• 0000"),
        ("6200000000000005", "UnionPay •••• 0005"),
        ("6759649826438453", "Maestro •••• 8453"),
        ("9111111111111111", "Card •••• 1111"),
        ("4111 1111 1111 1111", "VISA •••• 1111"),
        ("4111-1111-1111-1111", "VISA •••• 1111"),
    ],
)
def test_mask(number: str, shown: str) -> None:
    assert mask(number) == shown
    assert str(masked(number)) == shown
    assert masked(number) == MaskedCard(detect_brand(number), shown[-4:])


def test_mask_with_a_given_brand_and_short_input() -> None:
    assert mask(VISA, CardBrand.UNKNOWN) == "Card •••• 1111"
    assert mask("", CardBrand.AMEX) == "Amex ••••"
    assert mask("12") == "Card •••• 12"
    assert last4(VISA) == "1111"
    assert last4("4111-1111-1111-0005") == "0005"
    assert last4("") == ""


def test_a_masked_card_refuses_more_than_four_digits() -> None:
    with pytest.raises(ValueError, match="at most its last four digits") as raised:
        MaskedCard(CardBrand.VISA, VISA)
    assert VISA not in str(raised.value)
    with pytest.raises(ValueError, match="at most its last four digits"):
        MaskedCard(CardBrand.VISA, "11a1")
    assert str(MaskedCard(CardBrand.UNKNOWN, "")) == "Card ••••"


@PROPERTY
@given(st.sampled_from(NUMBERS))
def test_a_mask_never_holds_more_than_the_last_four(number: str) -> None:
    shown = mask(number)
    assert re.findall(r"\d+", shown.removeprefix(detect_brand(number).label)) == [number[-4:]]
    assert not contains_card_number(shown)


# --- the leak guard --------------------------------------------------------------------


@pytest.mark.parametrize("number", NUMBERS)
@pytest.mark.parametrize(
    "written",
    [
        "{n}",
        "Card: {n}.",
        "card={n}&exp=0918",
        "Please charge {spaced} today",
        "Please charge {dashed} today",
        "x{n}y",
        "ref 12 {spaced}",
        "{n} 0918",
    ],
)
def test_card_numbers_are_found_in_text(number: str, written: str) -> None:
    text = written.format(n=number, spaced=group(number, " "), dashed=group(number, "-"))

    assert contains_card_number(text)
    assert number in find_card_numbers(text)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("4111 1111 1111 1111", VISA),
        ("4111-1111-1111-1111", VISA),
        ("Card 4111111111111111 on file", VISA),
        ("4111 1111-1111 1111", VISA),
        ("3782 822463 10005", "378282246310005"),  # Amex grouping 4-6-5
        ("Visa 4222 2222 22222, exp 09/18", "4222222222222"),
        ("4111 1111 1111 1111 0918", VISA),  # followed by the expiry, one space apart
        ("0041111111111111111", VISA),  # leading zeros: the branded stretch wins
    ],
)
def test_the_common_spellings_give_back_the_digits(text: str, number: str) -> None:
    assert contains_card_number(text)
    assert find_card_numbers(text) == [number]


@pytest.mark.parametrize(
    "text",
    [
        "+1 416 555 0142",
        "1-416-946-5325",
        "Call +1 416 946 5325 before Oct 1, 2018.",
        "+44 20 7946 0958",
        "+49 30 1234 5678",
        "+33 1 23 45 67 89",
        "2018-10-02",
        "2018-10-02 09:00 to 2018-10-02 14:00",
        "2018-10-02T09:00:00-04:00",
        "Oct 1, 2018",
        "$3,000 CAD (~€ 1,990)",
        "HST 13%: 345.13",
        "4222 2222 2222 3",  # 13 digits, one off a test number: no valid stretch
        "4111  1111  1111  1111",  # double spaces split it into short runs
        "4111 - 1111 - 1111 - 1111",
        "VISA •••• 1111",
        "",
    ],
)
def test_ordinary_numbers_are_not_flagged(text: str) -> None:
    assert not contains_card_number(text)
    assert find_card_numbers(text) == []


def test_a_card_inside_a_longer_digit_run_is_found() -> None:
    text = f"id 77{VISA}3 end"

    assert not luhn_valid(digits_only(text).removeprefix("id").removesuffix("end"))
    assert contains_card_number(text)
    assert len(find_card_numbers(text)) == 1


def test_several_cards_come_back_in_order() -> None:
    text = f"first {group(VISA, ' ')}, then {group('5555555555554444', '-')} and 378282246310005"
    assert find_card_numbers(text) == [VISA, "5555555555554444", "378282246310005"]


@PROPERTY
@given(st.sampled_from(NUMBERS), st.text(max_size=30), st.text(max_size=30))
def test_a_card_is_caught_whatever_surrounds_it(number: str, before: str, after: str) -> None:
    assert contains_card_number(before + number + after)


@PROPERTY
@given(
    st.sampled_from(NUMBERS),
    st.text(alphabet=st.characters(exclude_categories=["Nd"]), max_size=20),
    st.data(),
)
def test_single_separators_anywhere_still_give_back_the_number(
    number: str, after: str, data: st.DataObject
) -> None:
    separators = data.draw(
        st.lists(
            st.sampled_from(["", " ", "-"]), min_size=len(number) - 1, max_size=len(number) - 1
        )
    )
    written = number[0] + "".join(
        separator + digit for separator, digit in zip(separators, number[1:], strict=True)
    )

    assert contains_card_number(f"Card: {written}{after}")
    assert find_card_numbers(f"Card: {written}{after}") == [number]


@PROPERTY
@given(st.text(alphabet="0123456789 -", max_size=60))
def test_find_and_contains_agree(text: str) -> None:
    found = find_card_numbers(text)
    assert contains_card_number(text) == bool(found)
    for number in found:
        assert luhn_valid(number)
        assert 13 <= len(number) <= 19
        assert number in digits_only(text)


def test_it_works_on_str_decoding_is_the_callers_job() -> None:
    encoded = f"Card {VISA}".encode("utf-16-le")

    assert contains_card_number(encoded.decode("utf-16-le"))
    # Read as single bytes, UTF-16 puts a NUL between digits: that is for the disk scanner.
    assert not contains_card_number(encoded.decode("latin-1"))
    with pytest.raises(TypeError, match="decode bytes first"):
        contains_card_number(encoded)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="decode bytes first"):
        find_card_numbers(encoded)  # type: ignore[arg-type]
    # Only ASCII 0-9 are card digits; other scripts' digits are not looked for.
    assert not contains_card_number("\uff14" + "\uff11" * 15)  # full-width 4111...
