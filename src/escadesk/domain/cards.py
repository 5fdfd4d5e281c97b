"""Card numbers: checks, brand detection, masking, and a guard against leaking them.

Outside the encrypted vault a card exists only as its mask ("VISA •••• 1111"), so every
message written here names at most the card's brand, never its digits.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from escadesk.domain.moments import long_date
from escadesk.domain.validation import FieldProblem
from escadesk.i18n import N_, _

_ASCII_DIGITS = frozenset("0123456789")
_MASK_DOTS = "••••"


def _is_ascii_digits(text: str) -> bool:
    """str.isdigit() also accepts '٣' and '²'; a card number is ASCII 0-9 only."""
    return bool(text) and all(character in _ASCII_DIGITS for character in text)


class CardBrand(StrEnum):
    """Card networks the workshop may see on a signed authorization form."""

    VISA = "visa"
    MASTERCARD = "mastercard"
    AMEX = "amex"
    DISCOVER = "discover"
    DINERS = "diners"
    JCB = "jcb"
    UNIONPAY = "unionpay"
    MAESTRO = "maestro"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        """The name printed in a mask, as the networks write it on their cards."""
        return _LABELS[self]


_LABELS = {
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

# In sentences ("A Visa number has ...") rather than on a mask.
_PROSE = {**_LABELS, CardBrand.VISA: "Visa"}


@dataclass(frozen=True)
class IssuerRange:
    """Numbers whose first ``len(low)`` digits lie in ``low..high`` are ``brand`` cards.

    Prefixes are compared as equal-width digit strings, so "2221".."2720" is a range of
    four-digit prefixes and "4".."4" is every number starting with 4.
    """

    brand: CardBrand
    low: str
    high: str
    lengths: tuple[int, ...]

    def __post_init__(self) -> None:
        if len(self.low) != len(self.high) or not _is_ascii_digits(self.low + self.high):
            raise ValueError("An issuer range needs two digit prefixes of the same width.")
        if self.low > self.high:
            raise ValueError("An issuer range's low prefix must not exceed its high prefix.")

    @property
    def width(self) -> int:
        return len(self.low)

    def matches(self, digits: str) -> bool:
        """Whether ``digits`` start inside this range (the length is checked separately)."""
        prefix = digits[: self.width]
        return (
            len(prefix) == self.width
            and _is_ascii_digits(prefix)
            and self.low <= prefix <= self.high
        )


def _span(first: int, last: int) -> tuple[int, ...]:
    return tuple(range(first, last + 1))


# The longest matching prefix wins, so order does not matter: Discover's 622126-622925
# co-brand range beats UnionPay's 62, and Maestro's 6 only takes what nothing else claims.
ISSUER_RANGES: tuple[IssuerRange, ...] = (
    IssuerRange(CardBrand.VISA, "4", "4", (13, 16, 19)),
    IssuerRange(CardBrand.MASTERCARD, "51", "55", (16,)),
    IssuerRange(CardBrand.MASTERCARD, "2221", "2720", (16,)),
    IssuerRange(CardBrand.AMEX, "34", "34", (15,)),
    IssuerRange(CardBrand.AMEX, "37", "37", (15,)),
    IssuerRange(CardBrand.DISCOVER, "6011", "6011", _span(16, 19)),
    IssuerRange(CardBrand.DISCOVER, "644", "649", _span(16, 19)),
    IssuerRange(CardBrand.DISCOVER, "65", "65", _span(16, 19)),
    IssuerRange(CardBrand.DISCOVER, "622126", "622925", _span(16, 19)),
    IssuerRange(CardBrand.DINERS, "36", "36", _span(14, 19)),
    IssuerRange(CardBrand.DINERS, "300", "305", _span(14, 19)),
    IssuerRange(CardBrand.DINERS, "38", "39", _span(14, 19)),
    IssuerRange(CardBrand.JCB, "3528", "3589", _span(16, 19)),
    IssuerRange(CardBrand.UNIONPAY, "62", "62", _span(16, 19)),
    IssuerRange(CardBrand.MAESTRO, "50", "50", _span(12, 19)),
    IssuerRange(CardBrand.MAESTRO, "56", "58", _span(12, 19)),
    IssuerRange(CardBrand.MAESTRO, "6", "6", _span(12, 19)),
)

# A number from an issuer not in the table is judged only by the ISO/IEC 7812 bounds.
MIN_LENGTH = 12
MAX_LENGTH = 19
UNKNOWN_LENGTHS: tuple[int, ...] = _span(MIN_LENGTH, MAX_LENGTH)
# A card number search only looks at 13+ digits: 12-digit runs are too often other things.
MIN_SEARCH_LENGTH = 13
MAX_CARDHOLDER = 100


def digits_only(text: str) -> str:
    """Drop the spaces and dashes people type between groups; keep everything else.

    Anything else left over (a dot, a letter O) is reported by :func:`check_card_number`
    rather than silently removed, so a mistyped number is never "corrected" by guesswork.
    """
    return text.replace(" ", "").replace("-", "")


def grouped_digits(digits: str) -> str:
    """Digits in the groups printed on the card, also while they are being typed:
    4-6-5 for Amex ("3782 822463 10005"), fours otherwise ("4111 1111 1111 1111")."""
    if detect_brand(digits) is CardBrand.AMEX and len(digits) <= 15:
        return " ".join(part for part in (digits[:4], digits[4:10], digits[10:]) if part)
    return " ".join(digits[start : start + 4] for start in range(0, len(digits), 4))


def luhn_valid(digits: str) -> bool:
    """The ISO/IEC 7812 check digit: catches every single mistyped digit."""
    if not _is_ascii_digits(digits):
        return False
    total = 0
    for position, character in enumerate(reversed(digits)):
        value = ord(character) - 48
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _issuer_range(digits: str) -> IssuerRange | None:
    best: IssuerRange | None = None
    for issuer in ISSUER_RANGES:
        if issuer.matches(digits) and (best is None or issuer.width > best.width):
            best = issuer
    return best


def detect_brand(digits: str) -> CardBrand:
    """The brand from the number's prefix alone, so a wrong length can name the brand."""
    issuer = _issuer_range(digits_only(digits))
    return CardBrand.UNKNOWN if issuer is None else issuer.brand


def allowed_lengths(digits: str) -> tuple[int, ...]:
    """How many digits a number with this prefix may have (e.g. to size an input field)."""
    issuer = _issuer_range(digits_only(digits))
    return UNKNOWN_LENGTHS if issuer is None else issuer.lengths


def code_length(brand: CardBrand) -> int:
    """Amex prints a 4-digit code on the front; the others a 3-digit one on the back."""
    return 4 if brand is CardBrand.AMEX else 3


def _an(word: str) -> bool:
    # By sound, not spelling: "An Amex", but "A UnionPay".
    return word[:1].lower() in "aeio"


def _describe_lengths(lengths: tuple[int, ...]) -> str:
    if len(lengths) == 1:
        return str(lengths[0])
    if len(lengths) > 2 and lengths == _span(lengths[0], lengths[-1]):
        # Translators: numbers of digits a card number may have, as in "12 to 19".
        return _("{low} to {high}").format(low=lengths[0], high=lengths[-1])
    # Translators: numbers of digits a card number may have, as in "13, 16 or 19".
    return _("{lengths} or {last}").format(
        lengths=", ".join(str(length) for length in lengths[:-1]), last=lengths[-1]
    )


_UNSEEN = {"\t": N_("a tab"), "\n": N_("a line break"), "\r": N_("a line break")}


def _describe_character(character: str) -> str:
    """Name a refused character so it can be found, without quoting anything around it.

    Invisible ones go by their Unicode name, never by code point: "U+11510" would itself
    be five digits in a message that must never show five digits in a row.
    """
    if character.isprintable() and not character.isspace():
        return f"“{character}”"
    if character in _UNSEEN:
        return _(_UNSEEN[character])
    name = unicodedata.name(character, "").lower()
    if name and not any(letter.isdigit() for letter in name):
        # Translators: a character refused in a card number, by its (English) Unicode
        # name, as in "a no-break space".
        return _("a {unicode_name}").format(unicode_name=name)
    return _("an invisible character")


def check_card_number(text: str) -> list[FieldProblem]:
    """Problems with a typed card number; empty when it may be stored in the vault.

    Messages never quote the number: at most one offending non-digit character is named.
    """
    cleaned = digits_only(text)
    if not cleaned.strip():
        return [FieldProblem("card_number", _("Card number is required."))]
    refused = list(dict.fromkeys(ch for ch in cleaned if ch not in _ASCII_DIGITS))
    if refused:
        named = [_describe_character(character) for character in refused[:3]]
        if len(refused) > 3:
            message = _(
                "A card number may contain only digits, spaces and dashes; {characters} and "
                "other characters are not allowed."
            ).format(characters=", ".join(named))
        elif len(named) > 1:
            message = _(
                "A card number may contain only digits, spaces and dashes; {characters} and "
                "{last} are not allowed."
            ).format(characters=", ".join(named[:-1]), last=named[-1])
        else:
            message = _(
                "A card number may contain only digits, spaces and dashes; {character} is not "
                "allowed."
            ).format(character=named[0])
        return [FieldProblem("card_number", message)]
    issuer = _issuer_range(cleaned)
    lengths = UNKNOWN_LENGTHS if issuer is None else issuer.lengths
    if len(cleaned) not in lengths:
        brand = CardBrand.UNKNOWN if issuer is None else issuer.brand
        shown = _describe_lengths(lengths)
        if brand is CardBrand.UNKNOWN:
            message = _("A card number has {lengths} digits; this one has {count}.")
        elif _an(_PROSE[brand]):
            message = _("An {brand} number has {lengths} digits; this one has {count}.")
        else:
            message = _("A {brand} number has {lengths} digits; this one has {count}.")
        return [
            FieldProblem(
                "card_number",
                message.format(brand=_PROSE.get(brand, ""), lengths=shown, count=len(cleaned)),
            )
        ]
    if not luhn_valid(cleaned):
        return [
            FieldProblem(
                "card_number",
                _(
                    "This card number is not valid (check digit). Please re-check it against "
                    "the form."
                ),
            )
        ]
    return []


_EXPIRY_SEPARATED = re.compile(r"\s*(\d{1,2})\s*[/-]\s*(\d{2}|\d{4})\s*", re.ASCII)
_EXPIRY_COMPACT = re.compile(r"\s*(\d{2})(\d{2})\s*", re.ASCII)


def _split_expiry(text: str) -> tuple[int, int] | None:
    match = _EXPIRY_SEPARATED.fullmatch(text) or _EXPIRY_COMPACT.fullmatch(text)
    if match is None:
        return None
    month, year = match.groups()
    return int(month), int(year) + (2000 if len(year) == 2 else 0)


def parse_expiry(text: str) -> tuple[int, int] | None:
    """``(month, year)`` with a four-digit year from "MM/YY", "MM/YYYY", "MM-YY" or "MMYY".

    Two-digit years are 20YY (cards are issued for a few years at most). None when the
    text is not an expiry or the month is not 1-12.
    """
    parsed = _split_expiry(text)
    if parsed is None or not 1 <= parsed[0] <= 12:
        return None
    return parsed


def expiry_last_day(month: int, year: int) -> date:
    """A card is valid through the last day of the month printed on it."""
    return date(year, month, calendar.monthrange(year, month)[1])


def check_expiry(
    text: str, charge_date: date, *, today: date | None = None
) -> tuple[list[FieldProblem], list[FieldProblem]]:
    """``(errors, warnings)`` for an expiry date.

    A card that lapses before the charge date is only a warning: the director may still
    record the authorization and ask the organization for another card. ``today``, when
    given, words the warning for a card that has already expired.
    """
    if not text.strip():
        return [FieldProblem("expiry", _("Expiry date is required."))], []
    parsed = _split_expiry(text)
    if parsed is None:
        message = _("Enter the expiry date as on the card, MM/YY (for example 09/21).")
        return [FieldProblem("expiry", message)], []
    month, year = parsed
    if not 1 <= month <= 12:
        return [FieldProblem("expiry", _("The expiry month must be between 01 and 12."))], []
    if year < 1:
        return [FieldProblem("expiry", _("The expiry year is not valid."))], []
    last_day = expiry_last_day(month, year)
    shown = f"{month:02d}/{year:04d}"
    expired = today is not None and last_day < today
    if last_day < charge_date:
        if expired:
            message = _("The card expired {expiry}, before the planned charge date ({day}).")
        else:
            message = _("The card expires {expiry}, before the planned charge date ({day}).")
        message = message.format(expiry=shown, day=long_date(charge_date))
        return [], [FieldProblem("expiry", message)]
    if expired:
        message = _("The card expired {expiry} and can no longer be charged.").format(expiry=shown)
        return [], [FieldProblem("expiry", message)]
    return [], []


def _check_code_text(code: str) -> tuple[str, list[FieldProblem]]:
    cleaned = code.strip()
    if not cleaned:
        return cleaned, [FieldProblem("code", _("Security code is required."))]
    if not _is_ascii_digits(cleaned):
        return cleaned, [FieldProblem("code", _("The security code may contain only digits."))]
    return cleaned, []


def check_code(code: str, brand: CardBrand) -> list[FieldProblem]:
    """The security code must have exactly the brand's number of digits; never echoed."""
    cleaned, problems = _check_code_text(code)
    if problems:
        return problems
    length = code_length(brand)
    if len(cleaned) != length:
        front = brand is CardBrand.AMEX
        if brand is CardBrand.UNKNOWN:
            message = _("The security code has {length} digits (on the back of the card).")
        elif front and _an(_PROSE[brand]):
            message = _("An {brand} card has a {length}-digit code on the front.")
        elif front:
            message = _("A {brand} card has a {length}-digit code on the front.")
        elif _an(_PROSE[brand]):
            message = _("An {brand} card has a {length}-digit code on the back.")
        else:
            message = _("A {brand} card has a {length}-digit code on the back.")
        return [FieldProblem("code", message.format(brand=_PROSE[brand], length=length))]
    return []


def check_cardholder(name: str) -> list[FieldProblem]:
    """The name as printed on the card; a card number typed here would escape the mask."""
    cleaned = " ".join(name.split())
    if not cleaned:
        return [FieldProblem("cardholder", _("Cardholder name is required."))]
    problems: list[FieldProblem] = []
    if len(cleaned) > MAX_CARDHOLDER:
        problems.append(
            FieldProblem(
                "cardholder",
                _("Cardholder name is longer than {limit} characters.").format(
                    limit=MAX_CARDHOLDER
                ),
            )
        )
    if contains_card_number(cleaned):
        problems.append(
            FieldProblem(
                "cardholder",
                _(
                    "The cardholder name seems to contain a card number; "
                    "enter the name as printed on the card."
                ),
            )
        )
    return problems


def check_card(
    number: str,
    expiry: str,
    code: str,
    cardholder: str,
    charge_date: date,
    *,
    today: date | None = None,
) -> tuple[list[FieldProblem], list[FieldProblem]]:
    """``(errors, warnings)`` for a whole authorization form's card fields.

    The code's length depends on the brand, so it is only judged once the number is valid;
    a mistyped number would otherwise blame a correct code.
    """
    errors = check_card_number(number)
    if errors:
        errors += _check_code_text(code)[1]
    else:
        errors += check_code(code, detect_brand(number))
    expiry_errors, warnings = check_expiry(expiry, charge_date, today=today)
    errors += expiry_errors
    errors += check_cardholder(cardholder)
    return errors, warnings


def last4(digits: str) -> str:
    """The last four digits: the only part of a number that may leave the vault."""
    return "".join(character for character in digits if character in _ASCII_DIGITS)[-4:]


def _mask_text(brand: CardBrand, tail: str) -> str:
    return f"{brand.label} {_MASK_DOTS} {tail}" if tail else f"{brand.label} {_MASK_DOTS}"


def mask(digits: str, brand: CardBrand | None = None) -> str:
    """'VISA •••• 1111': the only form of a card allowed outside the encrypted vault."""
    return _mask_text(detect_brand(digits) if brand is None else brand, last4(digits))


@dataclass(frozen=True)
class MaskedCard:
    """What storage, exports and the UI may keep about a card: brand and last four digits."""

    brand: CardBrand
    last4: str

    def __post_init__(self) -> None:
        # Refuse a whole number slipped in by mistake (and do not quote it in the error).
        if len(self.last4) > 4 or (self.last4 and not _is_ascii_digits(self.last4)):
            raise ValueError("A masked card keeps at most its last four digits.")

    def __str__(self) -> str:
        return _mask_text(self.brand, self.last4)


def masked(digits: str) -> MaskedCard:
    """The storable summary of a full number (which itself stays in the vault)."""
    return MaskedCard(detect_brand(digits), last4(digits))


# Digits with at most one space or dash between neighbours, as people write card numbers.
_DIGIT_RUN = re.compile(r"[0-9](?:[ -]?[0-9])*")


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    score: tuple[bool, int, int]


def _runs(text: str) -> list[tuple[str, frozenset[int]]]:
    """Each digit run as (digits, positions in those digits where a separator was)."""
    runs: list[tuple[str, frozenset[int]]] = []
    for match in _DIGIT_RUN.finditer(text):
        digits: list[str] = []
        breaks: set[int] = set()
        for character in match.group():
            if character in _ASCII_DIGITS:
                digits.append(character)
            else:
                breaks.add(len(digits))
        runs.append(("".join(digits), frozenset(breaks)))
    return runs


def _windows(digits: str) -> Iterator[tuple[int, int]]:
    """Every Luhn-valid stretch of 13-19 consecutive digits, anywhere inside the run."""
    for start in range(len(digits) - MIN_SEARCH_LENGTH + 1):
        for end in range(start + MIN_SEARCH_LENGTH, min(start + MAX_LENGTH, len(digits)) + 1):
            if luhn_valid(digits[start:end]):
                yield start, end


def contains_card_number(text: str) -> bool:
    """Whether ``text`` holds anything that could be a card number (a leak guard).

    Deliberately over-cautious: any Luhn-valid stretch of 13-19 digits counts, even inside
    a longer run of digits. Works on ``str``; decoding bytes (UTF-8, UTF-16, ...) is the
    caller's job.
    """
    if not isinstance(text, str):
        raise TypeError("contains_card_number() needs str; decode bytes first.")
    return any(next(_windows(digits), None) is not None for digits, _ in _runs(text))


def find_card_numbers(text: str) -> list[str]:
    """The digits of each possible card number in ``text``, in order of appearance.

    Inside a longer run, the stretches that look most like a typed card win: those whose
    brand allows their length, then those that start and end where the writer put a space
    or dash (or the run starts or ends), then longer ones. Overlaps are dropped.
    """
    if not isinstance(text, str):
        raise TypeError("find_card_numbers() needs str; decode bytes first.")
    found: list[str] = []
    for digits, breaks in _runs(text):
        edges = breaks | {0, len(digits)}
        candidates: list[_Candidate] = []
        for start, end in _windows(digits):
            window = digits[start:end]
            issuer = _issuer_range(window)
            plausible = issuer is not None and len(window) in issuer.lengths
            aligned = (start in edges) + (end in edges)
            candidates.append(_Candidate(start, end, (plausible, aligned, end - start)))
        candidates.sort(key=lambda candidate: (candidate.score, -candidate.start), reverse=True)
        chosen: list[_Candidate] = []
        for candidate in candidates:
            if all(candidate.end <= kept.start or kept.end <= candidate.start for kept in chosen):
                chosen.append(candidate)
        found += [digits[kept.start : kept.end] for kept in sorted(chosen, key=lambda c: c.start)]
    return found
