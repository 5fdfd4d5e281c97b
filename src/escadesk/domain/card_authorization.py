"""The signed credit-card authorization form: what it holds and the checks before it is
stored. Values of this type are never persisted as they are; the vault encrypts them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from escadesk.domain.cards import (
    CardBrand,
    check_card_number,
    check_code,
    check_expiry,
    detect_brand,
    digits_only,
    mask,
)
from escadesk.domain.text_rules import problem_in_text
from escadesk.domain.validation import FieldProblem
from escadesk.i18n import _, format_decimal

MAX_SCAN_BYTES = 10 * 1024 * 1024
SCAN_TYPES = {
    b"%PDF-": "application/pdf",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
}


def scan_media_type(data: bytes) -> str | None:
    """Recognise the scanned form by its first bytes (PDF, PNG or JPEG), not its name."""
    for magic, media_type in SCAN_TYPES.items():
        if data.startswith(magic):
            return media_type
    return None


@dataclass(frozen=True, repr=False)
class CardAuthorizationForm:
    """What the director types from the signed form (repr never shows the card)."""

    cardholder: str
    card_number: str
    expiry: str
    code: str
    billing_address: str
    signed_on: date | None
    scan: bytes | None = field(default=None)

    @property
    def digits(self) -> str:
        return digits_only(self.card_number)

    @property
    def brand(self) -> CardBrand:
        return detect_brand(self.digits)

    def __repr__(self) -> str:
        return f"CardAuthorizationForm({mask(self.digits, self.brand)})"


def check_authorization(
    form: CardAuthorizationForm, charge_date: date, today: date
) -> tuple[list[FieldProblem], list[FieldProblem]]:
    """(errors, warnings): errors block saving; warnings are shown for the director."""
    errors: list[FieldProblem] = []
    cardholder = problem_in_text("cardholder", form.cardholder, label=_("The cardholder's name"))
    if cardholder is not None:
        errors.append(cardholder)
    elif not form.cardholder.strip():
        errors.append(FieldProblem("cardholder", _("The cardholder's name is required.")))
    number_problems = check_card_number(form.card_number)
    errors += number_problems
    expiry_errors, warnings = check_expiry(form.expiry, charge_date)
    errors += expiry_errors
    if not number_problems:
        errors += check_code(form.code, form.brand)
    address = problem_in_text(
        "billing_address", form.billing_address, multiline=True, label=_("The billing address")
    )
    if address is not None:
        errors.append(address)
    elif not form.billing_address.strip():
        errors.append(FieldProblem("billing_address", _("The billing address is required.")))
    if form.signed_on is None:
        errors.append(FieldProblem("signed_on", _("The date the form was signed is required.")))
    elif form.signed_on > today:
        errors.append(FieldProblem("signed_on", _("The signature date is in the future.")))
    if form.scan is not None:
        if len(form.scan) > MAX_SCAN_BYTES:
            size = len(form.scan) / 1024 / 1024
            errors.append(
                FieldProblem(
                    "scan",
                    _("The scan is {size} MB; the limit is {limit} MB.").format(
                        size=format_decimal(size, pattern="0.0"),
                        limit=MAX_SCAN_BYTES // 1024 // 1024,
                    ),
                )
            )
        elif scan_media_type(form.scan) is None:
            errors.append(FieldProblem("scan", _("The scan must be a PDF, PNG or JPEG file.")))
    return errors, warnings
