"""What a filled form gives back: its fields as plain text, and the PDF as it was read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

from escadesk.forms.stamp import FormStamp


@dataclass(frozen=True)
class RegistrationFormFields:
    """The registration form as filled in (attribute names as on ``RegistrationDetails``)."""

    organization: str
    country: str
    technology_area: str
    contact_name: str
    contact_title: str
    contact_email: str
    contact_phone: str


@dataclass(frozen=True, repr=False)
class CardFormFields:
    """The card-authorization form as filled in. Never persisted as it is: the card goes
    into the vault after review. Its repr shows no field but the organization."""

    organization: str
    cardholder: str
    card_number: str
    expiry: str
    code: str
    billing_address: str
    #: A typed name, or empty when the form is to be signed in ink.
    signature: str
    #: As typed ("2018-09-20" is asked for); the use case parses it.
    signed_on: str

    def __repr__(self) -> str:
        return f"CardFormFields(organization={self.organization!r}, card fields hidden)"


F = TypeVar("F", RegistrationFormFields, CardFormFields)


@dataclass(frozen=True)
class FilledForm(Generic[F]):
    """A form read back: which one (its stamp), its fields, and the PDF's bytes as read
    (a card form is kept, encrypted, as the signed scan; never write them anywhere else)."""

    stamp: FormStamp
    fields: F
    pdf: bytes = field(repr=False)
