"""Who sends the letters and issues the documents: the institute's identity, checked once.

Every letter's sender and signature, every certificate's letterhead and every workbook's
"Prepared by" come from one :class:`InstituteIdentity`; what it may hold is decided here
and nowhere else (the settings dialog shows these problems, the service refuses them).

The GST/HST registration number is the Canada Revenue Agency's program account for the
tax: the 9-digit business number (BN), whose last digit is a Luhn check digit, then "RT"
and a 4-digit reference number ("123456782 RT0001"). A receipt for a taxable supply must
show it, so a mistyped one is caught here rather than by a participant's accountant.

The logo is checked from its bytes alone (no image library): a PNG or JPEG whose
structure is whole (every PNG chunk's checksum, a JPEG's end marker), of a sane file size
and pixel size, so a truncated or renamed file is refused with a reason.
"""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Collection
from dataclasses import dataclass, replace
from enum import StrEnum

from escadesk.domain.cards import luhn_valid
from escadesk.domain.eligibility import is_valid_email
from escadesk.domain.text_rules import problem_in_text
from escadesk.domain.validation import FieldProblem, ValidationError
from escadesk.i18n import N_, _

DEFAULT_INSTITUTE_NAME = "Institute for Competitiveness & Prosperity"
DEFAULT_DIRECTOR_NAME = "Research Director"
DEFAULT_SENDER_EMAIL = "research.director@institute.example"

MAX_TEXT = 200
MAX_ADDRESS = 400
MAX_ADDRESS_LINES = 6
#: A logo is a small picture: a 1 MB file holds any letterhead logo at print quality.
MAX_LOGO_BYTES = 1_000_000
MIN_LOGO_PIXELS = 16
MAX_LOGO_PIXELS = 4000

#: English, marked for the catalogue: show them through ``_()``.
FIELD_LABELS = {
    "name": N_("Institute name"),
    "address": N_("Postal address"),
    "director_name": N_("Director's name"),
    "director_title": N_("Director's title"),
    "sender_email": N_("Sender e-mail"),
    "tax_number": N_("GST/HST registration number"),
    "logo": N_("Logo"),
}
REQUIRED = ("name", "director_name", "sender_email")
TAX_NUMBER_EXAMPLE = "123456782 RT0001"

_SEPARATORS = re.compile(r"[\s\-]+")
_PROGRAM_ACCOUNT = re.compile(r"^(\d{9})([A-Z]{2})(\d{4})$")
#: Whole sentences per CRA program (placeholders: program, example).
_PROGRAMS = {
    "RC": N_(
        "{program} is a corporate income tax account, not GST/HST; the GST/HST account "
        "ends in RT and 4 digits (for example {example})."
    ),
    "RP": N_(
        "{program} is a payroll account, not GST/HST; the GST/HST account ends in RT and "
        "4 digits (for example {example})."
    ),
    "RM": N_(
        "{program} is an import-export account, not GST/HST; the GST/HST account ends in "
        "RT and 4 digits (for example {example})."
    ),
    "RR": N_(
        "{program} is a charity account, not GST/HST; the GST/HST account ends in RT and "
        "4 digits (for example {example})."
    ),
    "RZ": N_(
        "{program} is an information returns account, not GST/HST; the GST/HST account "
        "ends in RT and 4 digits (for example {example})."
    ),
}
_OTHER_PROGRAM = N_(
    "{program} is not a CRA program account ({program}), not GST/HST; the GST/HST account "
    "ends in RT and 4 digits (for example {example})."
)


# -- the GST/HST registration number ---------------------------------------------------------


def tax_number_problem(text: str) -> FieldProblem | None:
    """Why ``text`` is not a GST/HST registration number (None when it is, or is empty)."""
    compact = _SEPARATORS.sub("", text).upper()
    if not compact:
        return None
    match = _PROGRAM_ACCOUNT.match(compact)
    if match is None:
        if compact.isdigit() and len(compact) == 9:
            return FieldProblem(
                "tax_number",
                _(
                    "This is the business number only; the GST/HST registration number is "
                    "9 digits, then RT and 4 digits (for example {example})."
                ).format(example=TAX_NUMBER_EXAMPLE),
            )
        return FieldProblem(
            "tax_number",
            _(
                "'{text}' is not a GST/HST registration number, which is 9 digits, then RT "
                "and 4 digits (for example {example}), as on the CRA's confirmation of "
                "registration."
            ).format(text=text.strip(), example=TAX_NUMBER_EXAMPLE),
        )
    business, program, reference = match.groups()
    if program != "RT":
        sentence = _(_PROGRAMS.get(program, _OTHER_PROGRAM))
        return FieldProblem(
            "tax_number", sentence.format(program=program, example=TAX_NUMBER_EXAMPLE)
        )
    if reference == "0000":
        return FieldProblem(
            "tax_number",
            _("The reference number after RT starts at 0001; RT0000 does not exist."),
        )
    if not luhn_valid(business):
        return FieldProblem(
            "tax_number",
            _(
                "The business number {business} has a wrong check digit (its last digit): "
                "compare it with the CRA's confirmation of registration."
            ).format(business=business),
        )
    return None


def normalize_tax_number(text: str) -> str:
    """'123 456 782 rt 0001' -> '123456782 RT0001' (the CRA's spelling); '' stays ''.

    Call it on a number :func:`tax_number_problem` accepted."""
    compact = _SEPARATORS.sub("", text).upper()
    return f"{compact[:9]} {compact[9:]}" if compact else ""


# -- the logo --------------------------------------------------------------------------------


class LogoKind(StrEnum):
    PNG = "PNG"
    JPEG = "JPEG"

    @property
    def mime_type(self) -> str:
        return "image/png" if self is LogoKind.PNG else "image/jpeg"


@dataclass(frozen=True)
class Logo:
    """A checked logo: build one with :meth:`read`, which refuses anything else."""

    data: bytes
    kind: LogoKind
    width: int
    height: int

    @classmethod
    def read(cls, data: bytes) -> Logo:
        """The logo in ``data``, or ValidationError saying why it cannot be one."""
        problem, logo = _read_logo(data)
        if logo is None:
            raise ValidationError([FieldProblem("logo", problem or "Not a logo.")])
        return logo

    def describe(self) -> str:
        """'PNG, 240 × 80 pixels, 12 KB'."""
        size = max(1, round(len(self.data) / 1000))
        return f"{self.kind.value}, {self.width} × {self.height} pixels, {size:,} KB"

    def __repr__(self) -> str:
        return f"Logo({self.describe()})"


def _read_logo(data: bytes) -> tuple[str | None, Logo | None]:
    if not data:
        return "The file is empty.", None
    if len(data) > MAX_LOGO_BYTES:
        return (
            f"The file is {len(data) / 1_000_000:.1f} MB; a logo may be at most "
            f"{MAX_LOGO_BYTES // 1_000_000} MB. Save it smaller (a letterhead logo needs "
            "no more than about 1000 pixels across).",
            None,
        )
    if data.startswith(_PNG_SIGNATURE):
        kind, size = LogoKind.PNG, _png_size(data)
    elif data.startswith(b"\xff\xd8\xff"):
        kind, size = LogoKind.JPEG, _jpeg_size(data)
    else:
        return "The file is not a PNG or JPEG image; save the logo as PNG or JPEG.", None
    if size is None:
        return (
            f"The file starts like a {kind.value} image but is damaged or cut short; "
            "save the logo again.",
            None,
        )
    width, height = size
    if min(width, height) < MIN_LOGO_PIXELS:
        return (
            f"The image is {width} × {height} pixels, too small to print; a logo needs at "
            f"least {MIN_LOGO_PIXELS} pixels each way.",
            None,
        )
    if max(width, height) > MAX_LOGO_PIXELS:
        return (
            f"The image is {width} × {height} pixels; a logo may be at most "
            f"{MAX_LOGO_PIXELS} pixels each way. Save it smaller.",
            None,
        )
    return None, Logo(bytes(data), kind, width, height)


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _png_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) of a whole PNG: IHDR first, IDAT present, IEND last, every chunk's
    CRC right; None otherwise."""
    position, first, seen_data = len(_PNG_SIGNATURE), True, False
    size: tuple[int, int] | None = None
    while position + 12 <= len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        end = position + 12 + length
        if end > len(data):
            return None
        body = data[position + 8 : end - 4]
        (crc,) = struct.unpack(">I", data[end - 4 : end])
        if zlib.crc32(kind + body) != crc:
            return None
        if first:
            if kind != b"IHDR" or length != 13:
                return None
            size = struct.unpack(">II", body[:8])
            first = False
        seen_data = seen_data or kind == b"IDAT"
        if kind == b"IEND":
            return size if seen_data else None
        position = end
    return None


#: Start-of-frame markers (baseline, progressive, lossless...); C4, C8 and CC are not.
_SOF_MARKERS = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) from a JPEG's frame header, if the file also has its scan and its
    end-of-image marker; None otherwise."""
    position, size = 2, None
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker in (0x01, *range(0xD0, 0xD8)):  # standalone markers
            position += 2
            continue
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        if length < 2 or position + 2 + length > len(data):
            return None
        if marker in _SOF_MARKERS and length >= 7:
            height, width = struct.unpack(">HH", data[position + 5 : position + 9])
            size = (width, height)
        if marker == 0xDA:  # start of scan: the image data follows, up to the end marker
            whole = data.rstrip(b"\x00\r\n ").endswith(b"\xff\xd9")
            return size if whole and size is not None and min(size) > 0 else None
        position += 2 + length
    return None


# -- the identity ----------------------------------------------------------------------------


@dataclass(frozen=True)
class InstituteIdentity:
    """The institute as its letters and documents name it."""

    name: str = DEFAULT_INSTITUTE_NAME
    #: Several lines (street, city and postal code, country); empty when not set.
    address: str = ""
    director_name: str = DEFAULT_DIRECTOR_NAME
    director_title: str = ""
    sender_email: str = DEFAULT_SENDER_EMAIL
    #: '123456782 RT0001', or empty when the institute gave none.
    tax_number: str = ""
    logo: Logo | None = None

    def cleaned(self) -> InstituteIdentity:
        """Trimmed text (inner spaces of one-line fields collapsed, address lines trimmed
        and blank ones dropped), the tax number in the CRA's spelling when it is valid."""
        address = "\n".join(
            " ".join(line.split()) for line in self.address.splitlines() if line.strip()
        )
        tax = self.tax_number.strip()
        return replace(
            self,
            name=" ".join(self.name.split()),
            address=address,
            director_name=" ".join(self.director_name.split()),
            director_title=" ".join(self.director_title.split()),
            sender_email=self.sender_email.strip(),
            tax_number=normalize_tax_number(tax) if tax_number_problem(tax) is None else tax,
        )

    def validated(self) -> InstituteIdentity:
        """The cleaned identity, or ValidationError with every problem at once."""
        problems = check_identity(self)
        if problems:
            raise ValidationError(problems)
        return self.cleaned()

    @property
    def address_lines(self) -> list[str]:
        return [line for line in self.address.splitlines() if line.strip()]

    def letterhead_lines(self) -> list[str]:
        """The institute's name, then its address (the top of a certificate)."""
        return [self.name, *self.address_lines]

    def signature_lines(self) -> list[str]:
        """Director, title (if any) and institute: the end of every letter."""
        return [line for line in (self.director_name, self.director_title, self.name) if line]

    def tax_line(self, tax_label: str = "GST/HST") -> str:
        """'HST registration number: 123456782 RT0001', or '' when none is set."""
        return f"{tax_label} registration number: {self.tax_number}" if self.tax_number else ""


def check_identity(identity: InstituteIdentity) -> list[FieldProblem]:
    """Every problem with ``identity`` as typed; empty when it may be saved."""
    one_line = ("name", "director_name", "director_title", "sender_email", "tax_number")
    refused = {
        name: problem
        for name in (*one_line, "address")
        if (
            problem := problem_in_text(
                name, getattr(identity, name), name == "address", label=_(FIELD_LABELS[name])
            )
        )
    }
    problems = list(refused.values())
    cleaned = _blanked(identity.cleaned(), refused)  # refused text is judged no further
    for name in REQUIRED:
        if not getattr(cleaned, name) and name not in refused:
            label = _(FIELD_LABELS[name])
            problems.append(FieldProblem(name, _("{label} is required.").format(label=label)))
    for name in one_line:
        if len(getattr(cleaned, name)) > MAX_TEXT:
            problems.append(
                FieldProblem(
                    name,
                    _("{label} is longer than {limit} characters.").format(
                        label=_(FIELD_LABELS[name]), limit=MAX_TEXT
                    ),
                )
            )
    if len(cleaned.address) > MAX_ADDRESS:
        problems.append(
            FieldProblem(
                "address",
                _("The address is longer than {limit} characters.").format(limit=MAX_ADDRESS),
            )
        )
    elif len(cleaned.address_lines) > MAX_ADDRESS_LINES:
        problems.append(
            FieldProblem(
                "address",
                _("The address has more than {limit} lines; shorten it.").format(
                    limit=MAX_ADDRESS_LINES
                ),
            )
        )
    email = cleaned.sender_email
    if email and not is_valid_email(email):
        message = _("'{email}' is not a valid e-mail address.").format(email=email)
        problems.append(FieldProblem("sender_email", message))
    if "tax_number" not in refused and (tax := tax_number_problem(cleaned.tax_number)):
        problems.append(tax)
    if identity.logo is not None and not isinstance(identity.logo, Logo):
        problems.append(FieldProblem("logo", _("The logo was not checked; choose it again.")))
    return problems


def _blanked(identity: InstituteIdentity, names: Collection[str]) -> InstituteIdentity:
    """``identity`` with the text fields ``names`` emptied."""

    def text(name: str, value: str) -> str:
        return "" if name in names else value

    return replace(
        identity,
        name=text("name", identity.name),
        address=text("address", identity.address),
        director_name=text("director_name", identity.director_name),
        director_title=text("director_title", identity.director_title),
        sender_email=text("sender_email", identity.sender_email),
        tax_number=text("tax_number", identity.tax_number),
    )


def changed_fields(before: InstituteIdentity, after: InstituteIdentity) -> list[str]:
    """The labels of the fields that differ, as in a sentence ('logo', 'GST/HST ...')."""
    return [
        _in_sentence(FIELD_LABELS[name])
        for name in FIELD_LABELS
        if getattr(before, name) != getattr(after, name)
    ]


def _in_sentence(label: str) -> str:
    """'Sender e-mail' -> 'sender e-mail'; an acronym ('GST/HST ...') keeps its capitals."""
    return label if label[:2].isupper() else label[:1].lower() + label[1:]
