"""Canary: a test card number in a filled card form never leaves the reader in clear, not
in a log record, a warning, an exception, its traceback or the console, even with pypdf's
loggers turned up to DEBUG and with files that make pypdf repair (and talk about) them."""

from __future__ import annotations

import io
import logging
import re
import traceback
import warnings
from collections.abc import Iterator

import pytest
from formkit import CARD_VALUES, CODE, TEST_CARDS, fill, rewrite, set_stamp, workshop
from pypdf import PdfReader
from pypdf.generic import ArrayObject, NameObject, TextStringObject

from escadesk.domain.cards import contains_card_number, grouped_digits
from escadesk.forms.card_authorization_pdf import card_authorization_pdf
from escadesk.forms.errors import FormReadError, Refusal
from escadesk.forms.quiet_pdf import silence_pypdf_logging
from escadesk.forms.reading import read_card_form, read_form, read_registration_form

EACH_CARD = pytest.mark.parametrize("number", TEST_CARDS)


def make_pypdf_loud() -> None:
    """pypdf's loggers at DEBUG, enabled and propagating, as a debugging setup would have
    them: the reader must silence them itself. (Called after the test's own filling,
    which quiets pypdf like the reader does.)"""
    names = ["pypdf", *(n for n in logging.root.manager.loggerDict if n.startswith("pypdf."))]
    for name in names:
        logger = logging.getLogger(name)
        logger.setLevel(logging.DEBUG)
        logger.disabled = False
        logger.propagate = True


@pytest.fixture
def loud_pypdf() -> Iterator[None]:
    """Leave pypdf silent again after a test that made it loud."""
    yield
    silence_pypdf_logging()


def filled(number: str) -> bytes:
    """The card form filled in with ``number`` typed in groups, as on the card."""
    values = {**CARD_VALUES, "card_number": grouped_digits(number)}
    return fill(card_authorization_pdf(workshop()), values)


def repaired_variants(pdf: bytes) -> dict[str, bytes]:
    """The filled form damaged in ways pypdf repairs while it reads (and reports, when its
    loggers are on): a wrong start of the cross-reference table, shifted object offsets,
    the card number's key given twice."""
    return {
        "as saved": pdf,
        "wrong startxref": re.sub(rb"startxref\s+\d+", b"startxref\n999", pdf),
        "shifted offsets": re.sub(
            rb"(\d{10}) 00000 n", lambda m: b"%010d 00000 n" % (int(m.group(1)) + 3), pdf
        ),
        "key given twice": re.sub(rb"(/V \([0-9 ]{15,}\))", rb"\1 \1", pdf),
    }


def spellings(number: str) -> list[str]:
    return [number, grouped_digits(number), "-".join(grouped_digits(number).split())]


def assert_clean(text: str, number: str) -> None:
    for spelling in spellings(number):
        assert spelling not in text
    assert number not in re.sub(r"[\s\-]", "", text)
    assert not contains_card_number(text)


def everything_said(error: BaseException) -> str:
    return "\n".join(
        [str(error), repr(error), "".join(traceback.format_exception(error)), str(error.args)]
    )


@EACH_CARD
def test_reading_a_filled_card_form_logs_warns_and_prints_nothing(
    number, loud_pypdf, caplog, capsys
):
    caplog.set_level(logging.DEBUG)
    pdf = filled(number)
    variants = repaired_variants(pdf)
    assert variants["key given twice"] != pdf  # the damage was made
    make_pypdf_loud()

    for name, variant in variants.items():
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            form = read_card_form(variant, CODE)
        assert form.fields.card_number == grouped_digits(number), name
        assert caught == [], name

    assert [record for record in caplog.records if record.name.startswith("pypdf")] == []
    for record in caplog.records:
        assert_clean(record.getMessage(), number)
    out, err = capsys.readouterr()
    assert_clean(out + err, number)


def test_the_damaged_variants_do_make_pypdf_talk_when_it_is_not_silenced(loud_pypdf, caplog):
    """Proof that the canary above has something to catch: unsilenced, pypdf logs."""
    caplog.set_level(logging.DEBUG)
    variants = repaired_variants(filled(TEST_CARDS[0]))
    make_pypdf_loud()
    for name, variant in variants.items():
        if name != "as saved":
            PdfReader(io.BytesIO(variant)).get_fields()
    assert any(record.name.startswith("pypdf") for record in caplog.records)


def refusals(pdf: bytes, number: str) -> dict[str, tuple[bytes, object]]:
    """Bad versions of a filled card form, each with the reader that refuses it."""

    def add_xfa(writer) -> None:
        writer.root_object["/AcroForm"][NameObject("/XFA")] = ArrayObject(
            [TextStringObject("template")]
        )

    def drop_number(writer) -> None:
        form = writer.root_object["/AcroForm"]
        form[NameObject("/Fields")] = ArrayObject(
            [ref for ref in form["/Fields"] if ref.get_object().get("/T") != "card_number"]
        )

    def several_values(writer) -> None:
        for annotation in writer.pages[0]["/Annots"]:
            widget = annotation.get_object()
            if widget.get("/T") == "card_number":
                widget[NameObject("/V")] = ArrayObject(
                    [TextStringObject(number), TextStringObject(number)]
                )

    return {
        "cut short": (pdf[: len(pdf) * 2 // 3], read_card_form),
        "damaged": (b"%PDF-1.7\n/V (" + grouped_digits(number).encode() + b")\n%%EOF", read_form),
        "password": (rewrite(pdf, lambda w: w.encrypt("secret", algorithm="AES-256")), read_form),
        "XFA": (rewrite(pdf, add_xfa), read_card_form),
        "field removed": (rewrite(pdf, drop_number), read_card_form),
        "several values": (rewrite(pdf, several_values), read_card_form),
        "other kind": (pdf, read_registration_form),
        "other workshop": (
            rewrite(pdf, set_stamp("escadesk/card-authorization/1/WS-2019")),
            read_form,
        ),
        "number as the workshop": (
            rewrite(pdf, set_stamp(f"escadesk/card-authorization/1/{grouped_digits(number)}")),
            read_form,
        ),
    }


@EACH_CARD
def test_no_refusal_of_a_filled_card_form_carries_the_number(number, loud_pypdf, caplog):
    caplog.set_level(logging.DEBUG)
    bad = refusals(filled(number), number)
    make_pypdf_loud()

    reasons = {}
    for name, (data, reader) in bad.items():
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            with pytest.raises(FormReadError) as raised:
                reader(data, CODE)
        error = raised.value
        reasons[name] = error.reason
        assert_clean(everything_said(error), number)
        # A pypdf exception is replaced, not chained: no traceback shows it.
        assert error.__cause__ is None, name
        assert error.__context__ is None or error.__suppress_context__, name
        assert caught == [], name

    assert reasons == {
        "cut short": Refusal.DAMAGED,
        "damaged": Refusal.DAMAGED,
        "password": Refusal.ENCRYPTED,
        "XFA": Refusal.XFA,
        "field removed": Refusal.ALTERED,
        "several values": Refusal.ALTERED,
        "other kind": Refusal.OTHER_KIND,
        "other workshop": Refusal.OTHER_WORKSHOP,
        "number as the workshop": Refusal.OTHER_WORKSHOP,
    }
    for record in caplog.records:
        assert_clean(record.getMessage(), number)


def test_a_workshop_code_that_looks_like_a_card_number_is_not_quoted():
    pdf = rewrite(
        filled(TEST_CARDS[0]), set_stamp("escadesk/card-authorization/1/4111-1111-1111-1111")
    )

    with pytest.raises(FormReadError) as raised:
        read_form(pdf, CODE)

    assert raised.value.message == (
        f"This credit-card authorization form is for another workshop, not {CODE}."
    )


@EACH_CARD
def test_the_results_repr_shows_no_card_field(number):
    form = read_card_form(filled(number), CODE)

    for text in (repr(form), str(form), repr(form.fields), str(form.fields)):
        assert_clean(text, number)
        assert CARD_VALUES["expiry"] not in text
        assert CARD_VALUES["cardholder"] not in text
    assert "Pôle Aérospatial Île-de-France" in repr(form.fields)
