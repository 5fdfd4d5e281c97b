"""Filled forms read back to the values typed in them, and every bad file refused clearly."""

from __future__ import annotations

import io
import subprocess
import sys
from dataclasses import asdict

import pytest
from formkit import (
    CARD_VALUES,
    CODE,
    REGISTRATION_VALUES,
    TEST_CARDS,
    fill,
    rewrite,
    set_stamp,
    workshop,
)
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, NameObject, TextStringObject
from reportlab.pdfgen.canvas import Canvas

from escadesk.domain.registration_form import MAX_TEXT, RegistrationDetails
from escadesk.forms.card_authorization_pdf import card_authorization_pdf
from escadesk.forms.content import PageSize
from escadesk.forms.errors import FormReadError, Refusal
from escadesk.forms.reading import (
    MAX_FORM_BYTES,
    normalized,
    read_card_form,
    read_form,
    read_registration_form,
)
from escadesk.forms.registration_pdf import registration_pdf
from escadesk.forms.results import CardFormFields, RegistrationFormFields
from escadesk.forms.stamp import FormKind

EACH_PAGE = pytest.mark.parametrize("page", list(PageSize), ids=[page.value for page in PageSize])


def blank_registration(page: PageSize = PageSize.A4) -> bytes:
    return registration_pdf(workshop(), page)


def blank_card(page: PageSize = PageSize.A4) -> bytes:
    return card_authorization_pdf(workshop(), page)


def refused(source: object, reader=read_form, code: str = CODE) -> FormReadError:
    with pytest.raises(FormReadError) as caught:
        reader(source, code)
    return caught.value


# -- round trips -----------------------------------------------------------------------------


@EACH_PAGE
def test_a_filled_registration_form_reads_back_to_the_same_values(page):
    pdf = fill(blank_registration(page), REGISTRATION_VALUES)

    form = read_registration_form(pdf, CODE)

    assert form.fields == RegistrationFormFields(**REGISTRATION_VALUES)
    assert form.stamp.kind is FormKind.REGISTRATION and form.stamp.workshop_code == CODE
    assert form.pdf == pdf


@EACH_PAGE
@pytest.mark.parametrize("number", TEST_CARDS)
def test_a_filled_card_form_reads_back_to_the_same_values(page, number):
    values = {**CARD_VALUES, "card_number": number}
    pdf = fill(blank_card(page), values)

    form = read_card_form(pdf, CODE)

    expected = {**values, "billing_address": "12 rue de l'Été\n75011 Paris\nFrance"}
    assert form.fields == CardFormFields(**expected)
    assert form.stamp.kind is FormKind.CARD_AUTHORIZATION
    assert form.pdf == pdf  # kept as the signed scan, encrypted by the vault


def test_long_names_come_back_whole():
    long_name = ("Clúster Tecnológico de Automoción de Galicia – Ñandú " * 5)[:MAX_TEXT]
    values = {**REGISTRATION_VALUES, "organization": long_name, "contact_name": long_name}

    fields = read_registration_form(fill(blank_registration(), values), CODE).fields

    assert fields.organization == long_name and len(fields.organization) == MAX_TEXT
    assert fields.contact_name == long_name


def test_the_reader_trims_and_collapses_spaces_and_keeps_an_addresss_lines():
    values = {
        **CARD_VALUES,
        "cardholder": "  José   Ñúñez\tGarcía  ",
        "card_number": " 4111 1111  1111 1111 ",
        "billing_address": "  12 rue  de l'Été \r\n\r\n 75011   Paris\nFrance  ",
    }

    fields = read_card_form(fill(blank_card(), values), CODE).fields

    assert fields.cardholder == "José Ñúñez García"
    assert fields.card_number == "4111 1111 1111 1111"
    assert fields.billing_address == "12 rue de l'Été\n75011 Paris\nFrance"


def test_decomposed_accents_are_composed():
    assert normalized("Zoe\u0308 Mu\u0308ller") == "Zoë Müller"


def test_fields_left_empty_read_as_empty_text():
    fields = read_registration_form(blank_registration(), CODE).fields

    assert fields == RegistrationFormFields("", "", "", "", "", "", "")


def test_the_registration_fields_feed_the_domains_registration_details():
    fields = read_registration_form(fill(blank_registration(), REGISTRATION_VALUES), CODE).fields

    details = RegistrationDetails(**asdict(fields)).cleaned()

    assert details.organization == REGISTRATION_VALUES["organization"]
    assert details.technology_area == "Aviation and space"


def test_read_form_tells_the_two_forms_apart():
    registration = read_form(fill(blank_registration(), REGISTRATION_VALUES), CODE)
    card = read_form(fill(blank_card(), CARD_VALUES), CODE)

    assert isinstance(registration.fields, RegistrationFormFields)
    assert isinstance(card.fields, CardFormFields)


def test_a_form_is_read_from_a_path(tmp_path):
    path = tmp_path / "Registration – Pôle Aéro.pdf"
    path.write_bytes(fill(blank_registration(), REGISTRATION_VALUES))

    assert read_registration_form(path, CODE).fields.country == "France"
    assert read_form(str(path), CODE).stamp.kind is FormKind.REGISTRATION


def test_a_form_locked_against_editing_only_is_read():
    """Encrypted with an empty password to open it (editing restricted): any viewer opens it."""
    pdf = fill(blank_registration(), REGISTRATION_VALUES)
    locked = rewrite(pdf, lambda writer: writer.encrypt("", "owner", algorithm="AES-256"))

    assert (
        read_registration_form(locked, CODE).fields.organization
        == (REGISTRATION_VALUES["organization"])
    )


# -- the malformed set -----------------------------------------------------------------------


def test_not_a_pdf():
    for data in (b"", b"PK\x03\x04 a workbook", b"Organization;Country\n"):
        error = refused(data)
        assert error.reason is Refusal.NOT_PDF
        assert error.message == "The file is not a PDF; choose the filled form as it was sent back."


def test_an_encrypted_pdf():
    pdf = fill(blank_card(), CARD_VALUES)
    for algorithm in ("RC4-128", "AES-256"):
        locked = rewrite(pdf, lambda writer, a=algorithm: writer.encrypt("secret", algorithm=a))

        error = refused(locked)

        assert error.reason is Refusal.ENCRYPTED
        assert "protected by a password" in error.message


def without_fields(writer: PdfWriter) -> None:
    del writer.root_object[NameObject("/AcroForm")]
    for page in writer.pages:
        if "/Annots" in page:
            del page[NameObject("/Annots")]


def test_a_pdf_without_fields_such_as_a_scan():
    stripped = rewrite(fill(blank_registration(), REGISTRATION_VALUES), without_fields)
    out = io.BytesIO()
    scan = Canvas(out)
    scan.drawString(72, 720, "Registration form (printed, filled in by hand and scanned)")
    scan.save()

    for pdf in (stripped, out.getvalue()):
        error = refused(pdf)
        assert error.reason is Refusal.NO_FIELDS
        assert "no form fields" in error.message and "by hand" in error.message


def test_an_xfa_form():
    def add_xfa(writer: PdfWriter) -> None:
        form = writer.root_object["/AcroForm"]
        form[NameObject("/XFA")] = ArrayObject([TextStringObject("template")])

    error = refused(rewrite(blank_registration(), add_xfa))

    assert error.reason is Refusal.XFA
    assert "XFA form" in error.message


def test_a_form_that_escadesk_did_not_make():
    out = io.BytesIO()
    other = Canvas(out)
    other.acroForm.textfield(name="organization", x=72, y=700, value="Someone")
    other.showPage()
    other.save()
    garbled = rewrite(blank_registration(), set_stamp("registration form, version 1"))

    for pdf in (out.getvalue(), garbled):
        error = refused(pdf)
        assert error.reason is Refusal.NOT_OURS
        assert "not one of the forms escadesk makes" in error.message


def test_the_other_kind_of_form():
    error = refused(fill(blank_registration(), REGISTRATION_VALUES), read_card_form)

    assert error.reason is Refusal.OTHER_KIND
    assert error.message == (
        "This is the registration form, not the credit-card authorization form."
    )
    assert refused(blank_card(), read_registration_form).reason is Refusal.OTHER_KIND


def test_another_workshops_form():
    pdf = registration_pdf(workshop(code="WS-2019"))

    error = refused(pdf)

    assert error.reason is Refusal.OTHER_WORKSHOP
    assert error.message == f"This registration form is for another workshop (WS-2019), not {CODE}."


def test_a_form_made_by_a_newer_escadesk():
    newer = rewrite(blank_registration(), set_stamp(f"escadesk/registration/2/{CODE}"))

    error = refused(newer)

    assert error.reason is Refusal.NEWER_VERSION
    assert "newer version of escadesk (form version 2)" in error.message


def test_a_form_with_a_field_removed():
    def drop_organization(writer: PdfWriter) -> None:
        form = writer.root_object["/AcroForm"]
        form[NameObject("/Fields")] = ArrayObject(
            [ref for ref in form["/Fields"] if ref.get_object().get("/T") != "organization"]
        )
        page = writer.pages[0]
        page[NameObject("/Annots")] = ArrayObject(
            [ref for ref in page["/Annots"] if ref.get_object().get("/T") != "organization"]
        )

    error = refused(rewrite(fill(blank_registration(), REGISTRATION_VALUES), drop_organization))

    assert error.reason is Refusal.ALTERED
    assert "'Organization' is missing" in error.message


def test_a_truncated_or_damaged_pdf():
    pdf = fill(blank_registration(), REGISTRATION_VALUES)
    truncated = [pdf[: len(pdf) // 2], pdf[:-200], pdf[:9]]
    garbage = b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"

    for data in truncated:
        error = refused(data)
        assert error.reason is Refusal.DAMAGED
        assert "cut short" in error.message
    error = refused(garbage)
    assert error.reason is Refusal.DAMAGED
    assert error.message == "The PDF is damaged and cannot be read; ask for the file again."


def test_a_file_over_the_limit(tmp_path):
    huge = blank_registration() + b"%" + b"x" * (MAX_FORM_BYTES + 1)
    path = tmp_path / "huge.pdf"
    path.write_bytes(huge)

    for source in (huge, path):
        error = refused(source)
        assert error.reason is Refusal.TOO_LARGE
        assert "larger than 10 MB, the limit for a returned form" in error.message


def test_a_folder_or_a_missing_file(tmp_path):
    folder = refused(tmp_path)
    missing = refused(tmp_path / "gone.pdf")

    assert folder.reason is missing.reason is Refusal.UNREADABLE_FILE
    assert folder.message == (
        f"'{tmp_path.name}' is not a regular file (it is a folder); choose a saved PDF file."
    )
    assert missing.message == "'gone.pdf' cannot be opened (No such file or directory)."


def test_the_reader_does_not_load_the_writers_library():
    """reportlab (0.2 s to import) is paid for by making a form, never by reading one;
    the package itself loads neither library (the app starts without them)."""
    code = (
        "import sys, escadesk.forms\n"
        "assert not {'reportlab', 'pypdf'} & {m.split('.')[0] for m in sys.modules}\n"
        "import escadesk.forms.reading\n"
        "assert not any(m.startswith('reportlab') for m in sys.modules)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
