"""The tests' workshop, and filling a blank form the way a PDF reader does (pypdf)."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from escadesk.domain.fees import ExchangeRate, FeeSchedule, announcement_fee_schedule
from escadesk.domain.institute import InstituteIdentity
from escadesk.domain.money import Money
from escadesk.domain.workshop_calendar import WorkshopCalendar, announcement_agenda
from escadesk.forms.content import FormWorkshop
from escadesk.forms.quiet_pdf import quiet_pdf

CODE = "TCI2018-BENCH"
TITLE = "ESCA Cluster Benchmarking Workshop (TCI 2018)"
VENUE = "Rotman School of Management, University of Toronto, 105 St George St, Toronto"

#: Public test numbers (Visa, Mastercard, Amex), never real cards.
TEST_CARDS = ("4111111111111111", "5555555555554444", "378282246310005")


def institute(**changes: object) -> InstituteIdentity:
    values: dict[str, object] = {
        "name": "Institute for Competitiveness & Prosperity",
        "address": "105 St George Street\nToronto ON M5S 3E6\nCanada",
        "director_name": "Morgan Ashdown",
        "director_title": "Research Director",
        "sender_email": "research.director@competeprosper.example",
        "tax_number": "123456782 RT0001",
    }
    values.update(changes)
    return InstituteIdentity(**values)


def workshop(**changes: object) -> FormWorkshop:
    values: dict[str, object] = {
        "code": CODE,
        "title": TITLE,
        "venue": VENUE,
        "calendar": WorkshopCalendar(
            registration_deadline=date(2018, 10, 1),
            event_date=date(2018, 10, 4),
            timezone="America/Toronto",
            agenda=announcement_agenda(),
        ),
        "fees": announcement_fee_schedule(),
        "institute": institute(),
    }
    values.update(changes)
    return FormWorkshop(**values)


def schedule_without_rate() -> FeeSchedule:
    return FeeSchedule(
        {count: Money.of(amount, "CAD") for count, amount in ((4, 3000), (5, 2780), (6, 2650))},
        Decimal("0.13"),
    )


def dollar_rate() -> ExchangeRate:
    return ExchangeRate("CAD", "USD", Decimal("0.74"), date(2018, 6, 1))


def fill(pdf: bytes, values: dict[str, str]) -> bytes:
    """``pdf`` with its fields set to ``values``, saved as a PDF reader saves a form.

    pypdf's writer is quieted as escadesk's reader is: it logs a value it cannot draw in
    the field's font (this stands for the participant's PDF reader, not for escadesk)."""
    with quiet_pdf():
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
        writer.update_page_form_field_values(None, values, auto_regenerate=False)
        out = io.BytesIO()
        writer.write(out)
    return out.getvalue()


def rewrite(pdf: bytes, change: object) -> bytes:
    """``pdf`` after ``change(writer)``, written anew (for the malformed set)."""
    with quiet_pdf():
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
        change(writer)
        out = io.BytesIO()
        writer.write(out)
    return out.getvalue()


def set_stamp(value: str):
    """A change that gives the hidden stamp field another value."""

    def change(writer: PdfWriter) -> None:
        for annotation in writer.pages[0]["/Annots"]:
            widget = annotation.get_object()
            if widget.get("/T") == "escadesk_form":
                widget[NameObject("/V")] = TextStringObject(value)

    return change


def fields_of(pdf: bytes) -> dict[str, DictionaryObject]:
    with quiet_pdf():
        return dict(PdfReader(io.BytesIO(pdf)).get_fields() or {})


REGISTRATION_VALUES = {
    "organization": "Pôle Aérospatial Île-de-France – Ærø & Søn Clúster",
    "country": "France",
    "technology_area": "Aviation and space",
    "contact_name": "Zoë Łukasiewicz-Müller",
    "contact_title": "Directrice générale",
    "contact_email": "zoe.lukasiewicz@pole-aero.example",
    "contact_phone": "+33 1 23 45 67 89",
}

CARD_VALUES = {
    "organization": "Pôle Aérospatial Île-de-France",
    "cardholder": "José Ñúñez-García",
    "card_number": "4111 1111 1111 1111",
    "expiry": "09/27",
    "code": "123",
    "billing_address": "12 rue de l'Été\r75011 Paris\rFrance",
    "signature": "José Ñúñez-García",
    "signed_on": "2018-09-20",
}
