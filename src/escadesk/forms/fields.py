"""The fields of each form, named once for the writer and the reader.

A field's PDF name is the attribute it fills on the reader's result (and, for the
registration form, on :class:`~escadesk.domain.registration_form.RegistrationDetails`),
so a web-form service or a script that fills the PDF sees plain, stable names.
"""

from __future__ import annotations

from dataclasses import dataclass

from escadesk.domain.cards import MAX_CARDHOLDER, MAX_LENGTH
from escadesk.domain.registration_form import FIELD_LABELS, MAX_TEXT
from escadesk.i18n import N_


@dataclass(frozen=True)
class FormField:
    """``name``: the PDF field's name and the result's attribute, the same in every
    language (a returned French form reads back as an English one); ``label``: as printed
    above the box and in messages, in English (translated where shown); ``multiline``:
    line breaks are part of the value."""

    name: str
    label: str
    multiline: bool = False
    max_length: int = 0
    #: False for numbers, codes and addresses that a spelling checker would underline.
    spell_check: bool = True


REGISTRATION_FIELDS: tuple[FormField, ...] = tuple(
    FormField(
        name,
        FIELD_LABELS[name],
        max_length=MAX_TEXT,
        spell_check=name not in ("contact_email", "contact_phone"),
    )
    for name in (
        "organization",
        "country",
        "technology_area",
        "contact_name",
        "contact_title",
        "contact_email",
        "contact_phone",
    )
)

#: A card number as people type it: up to 19 digits, with room for spaces or dashes
#: (even doubled) between the groups.
CARD_NUMBER_CHARACTERS = MAX_LENGTH + 2 * (MAX_LENGTH // 4 + 1)

CARD_FIELDS: tuple[FormField, ...] = (
    FormField("organization", N_("Organization"), max_length=MAX_TEXT),
    FormField("cardholder", N_("Cardholder's name (as on the card)"), max_length=MAX_CARDHOLDER),
    FormField(
        "card_number", N_("Card number"), max_length=CARD_NUMBER_CHARACTERS, spell_check=False
    ),
    FormField("expiry", N_("Expiry (MM/YY)"), max_length=7, spell_check=False),
    FormField("code", N_("Security code"), max_length=4, spell_check=False),
    FormField("billing_address", N_("Billing address"), multiline=True, spell_check=False),
    FormField(
        "signature",
        N_("Signature (type your name, or sign in ink)"),
        max_length=MAX_CARDHOLDER,
    ),
    FormField("signed_on", N_("Date (YYYY-MM-DD)"), max_length=20, spell_check=False),
)


def by_name(fields: tuple[FormField, ...]) -> dict[str, FormField]:
    return {field.name: field for field in fields}
