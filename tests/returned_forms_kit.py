"""Blank forms written by the forms service, filled the way a PDF reader does (pypdf, as
tests/forms/formkit.py does), and the files a director might be sent instead."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject

from escadesk.forms.quiet_pdf import quiet_pdf
from escadesk.forms.stamp import STAMP_FIELD


def fill(pdf: bytes, values: dict[str, str]) -> bytes:
    """``pdf`` with its fields set to ``values``, saved as a PDF reader saves a form."""
    with quiet_pdf():
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
        writer.update_page_form_field_values(None, values, auto_regenerate=False)
        out = io.BytesIO()
        writer.write(out)
    return out.getvalue()


def restamp(pdf: bytes, value: str) -> bytes:
    """``pdf`` with its hidden stamp saying ``value`` (another workshop's form, say)."""
    with quiet_pdf():
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
        for annotation in writer.pages[0]["/Annots"]:
            widget = annotation.get_object()
            if widget.get("/T") == STAMP_FIELD:
                widget[NameObject("/V")] = TextStringObject(value)
        out = io.BytesIO()
        writer.write(out)
    return out.getvalue()


def locked(pdf: bytes) -> bytes:
    """``pdf`` protected by a password."""
    with quiet_pdf():
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
        writer.encrypt("secret", algorithm="AES-256")
        out = io.BytesIO()
        writer.write(out)
    return out.getvalue()


def scan_pdf() -> bytes:
    """A PDF without fields, as a scanner (or "print to PDF") makes one."""
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def registration_values(number: int, email: str, **changes: str) -> dict[str, str]:
    values = {
        "organization": f"Pôle Numérique {number}",
        "country": "France",
        "technology_area": "Aviation and space",
        "contact_name": f"Zoë Müller {number}",
        "contact_title": "Directrice générale",
        "contact_email": email,
        "contact_phone": "+33 1 23 45 67 89",
    }
    values.update(changes)
    return values


#: A filled card form: a public test number only.
CARD_VALUES = {
    "organization": "Cluster 01",
    "cardholder": "José Ñúñez-García",
    "card_number": "4111 1111 1111 1111",
    "expiry": "09/27",
    "code": "123",
    "billing_address": "12 rue de l'Été\r75011 Paris\rFrance",
    "signature": "José Ñúñez-García",
    "signed_on": "2018-09-20",
}
