"""The institute's identity, checked once: the GST/HST number, the logo, the fields."""

from __future__ import annotations

import struct
import zlib

import pytest

from escadesk.domain.institute import (
    MAX_LOGO_BYTES,
    InstituteIdentity,
    Logo,
    LogoKind,
    changed_fields,
    check_identity,
    normalize_tax_number,
    tax_number_problem,
)
from escadesk.domain.validation import ValidationError


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png(width: int = 40, height: int = 20) -> bytes:
    """A real (grey) PNG, built by hand: the domain reads bytes, not pictures."""
    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(rows))
        + _chunk(b"IEND", b"")
    )


def jpeg(width: int = 64, height: int = 32) -> bytes:
    """The structure of a baseline JPEG: SOI, APP0, SOF0 with the size, SOS, data, EOI."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof0 = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    sos = b"\xff\xda" + struct.pack(">HB", 8, 1) + b"\x01\x00\x00\x3f\x00"
    return b"\xff\xd8" + app0 + sof0 + sos + b"\x12\x34\x56" + b"\xff\xd9"


# -- GST/HST registration number ---------------------------------------------------------


@pytest.mark.parametrize(
    "typed", ["123456782 RT0001", "123456782RT0001", "123 456 782 rt 0001", "123456782-RT-0001"]
)
def test_a_valid_gst_hst_number_in_any_spelling(typed: str) -> None:
    assert tax_number_problem(typed) is None
    assert normalize_tax_number(typed) == "123456782 RT0001"


def test_empty_is_allowed_and_stays_empty() -> None:
    assert tax_number_problem("  ") is None
    assert normalize_tax_number("") == ""


def test_the_business_number_check_digit_is_luhn() -> None:
    # 123456789 is the usual made-up example; its last digit is not the check digit.
    problem = tax_number_problem("123456789 RT0001")
    assert problem is not None and problem.field == "tax_number"
    assert "123456789 has a wrong check digit" in problem.message


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("123456782", "business number only"),
        ("123456782 RC0001", "RC is a corporate income tax account, not GST/HST"),
        ("123456782 RP0001", "payroll"),
        ("123456782 RT0000", "starts at 0001"),
        ("12345678 RT0001", "is not a GST/HST registration number"),
        ("123456782 RT001", "9 digits, then RT and 4 digits"),
        ("GST 123456782", "is not a GST/HST registration number"),
    ],
)
def test_each_malformed_number_says_what_is_wrong(typed: str, words: str) -> None:
    problem = tax_number_problem(typed)
    assert problem is not None and words in problem.message


# -- the logo ----------------------------------------------------------------------------


def test_a_png_logo_is_read_with_its_size() -> None:
    logo = Logo.read(png(40, 20))
    assert (logo.kind, logo.width, logo.height) == (LogoKind.PNG, 40, 20)
    assert logo.kind.mime_type == "image/png"
    assert logo.describe() == "PNG, 40 × 20 pixels, 1 KB"


def test_a_jpeg_logo_is_read_from_its_frame_header() -> None:
    logo = Logo.read(jpeg(64, 32))
    assert (logo.kind, logo.width, logo.height) == (LogoKind.JPEG, 64, 32)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"GIF89a" + b"\x00" * 40, "not a PNG or JPEG"),
        (png()[:-12], "damaged or cut short"),  # IEND missing: a download cut short
        (png()[:40] + b"\x00" + png()[41:], "damaged or cut short"),  # a chunk's CRC fails
        (jpeg()[:-2], "damaged or cut short"),  # no end-of-image marker
        (png(8, 8), "too small to print"),
        (png(4001, 20), "at most 4000 pixels"),
        (png() + b"\x00" * MAX_LOGO_BYTES, "at most 1 MB"),
    ],
)
def test_what_cannot_be_a_logo_is_refused_with_a_reason(data: bytes, words: str) -> None:
    with pytest.raises(ValidationError) as refused:
        Logo.read(data)
    assert words in str(refused.value)
    assert refused.value.for_field("logo")


def test_a_logo_never_prints_its_bytes() -> None:
    assert repr(Logo.read(png())) == "Logo(PNG, 40 × 20 pixels, 1 KB)"


# -- the identity ------------------------------------------------------------------------


def _identity(**changes: object) -> InstituteIdentity:
    values: dict[str, object] = {
        "name": "Institute for Competitiveness & Prosperity",
        "address": "105 St George Street\nToronto ON M5S 3E6\nCanada",
        "director_name": "Morgan Ashdown",
        "director_title": "Research Director",
        "sender_email": "research.director@example.org",
        "tax_number": "123456782 RT0001",
    }
    return InstituteIdentity(**(values | changes))  # type: ignore[arg-type]


def test_a_complete_identity_is_cleaned_for_storage() -> None:
    typed = _identity(
        name="  Institute  for Competitiveness & Prosperity ",
        address="  105 St George Street \n\n Toronto ON   M5S 3E6\nCanada\n",
        tax_number="123 456 782 rt0001",
    )
    assert check_identity(typed) == []
    stored = typed.validated()
    assert stored.name == "Institute for Competitiveness & Prosperity"
    assert stored.address == "105 St George Street\nToronto ON M5S 3E6\nCanada"
    assert stored.tax_number == "123456782 RT0001"
    assert stored.letterhead_lines()[0] == stored.name and len(stored.letterhead_lines()) == 4
    assert stored.signature_lines() == [
        "Morgan Ashdown",
        "Research Director",
        "Institute for Competitiveness & Prosperity",
    ]
    assert stored.tax_line("HST") == "HST registration number: 123456782 RT0001"


def test_every_problem_is_reported_at_once() -> None:
    typed = _identity(
        name=" ",
        director_name="",
        sender_email="director at institute",
        tax_number="123456789 RT0001",
        address="\n".join(f"line {n}" for n in range(8)),
    )
    fields = [problem.field for problem in check_identity(typed)]
    assert sorted(fields) == sorted(
        ["name", "director_name", "sender_email", "tax_number", "address"]
    )
    with pytest.raises(ValidationError):
        typed.validated()


def test_hidden_controls_are_refused_even_in_the_address() -> None:
    problems = check_identity(_identity(director_name="Morgan\u202eAshdown", address="a\x00b"))
    assert {p.field for p in problems} == {"director_name", "address"}


def test_changed_fields_are_named_never_their_values() -> None:
    before = _identity()
    after = _identity(director_name="Dana Reyes", logo=Logo.read(png()), tax_number="")
    assert changed_fields(before, after) == [
        "director's name",
        "GST/HST registration number",
        "logo",
    ]
    assert changed_fields(before, before) == []
