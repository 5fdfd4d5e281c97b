"""The certificate of destruction as a PDF: the facts of its text version, in the same
order, on one page of the paper asked for, with or without a logo, and nothing printed
outside the text column however long a name."""

from __future__ import annotations

from pathlib import Path

import pytest
from certificates_kit import LONG_NAME, PRINTED_LONG_NAME, destruction, ink_in, issuer

from escadesk.documents.certificate_pdf import certificate_pdf
from escadesk.domain.cards import contains_card_number
from escadesk.forms.content import PageSize
from escadesk.forms.layout import MARGIN_SIDE
from pdf_pages import MISSING, PDFTOPPM, render_pages
from pdf_text import pdf_reader, pdf_words


def _in_order(words: str, parts: list[str]) -> None:
    """Each part appears in ``words`` after the one before it."""
    position = 0
    for part in parts:
        found = words.find(" ".join(part.split()), position)
        assert found >= 0, f"{part!r} missing after position {position}"
        position = found + len(part)


@pytest.mark.parametrize("page", list(PageSize), ids=[page.value for page in PageSize])
def test_the_pdf_says_what_the_text_says_in_the_same_order(page: PageSize) -> None:
    certificate = destruction()
    pdf = certificate_pdf(certificate, page)
    reader = pdf_reader(pdf)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(box.width), round(box.height)) == tuple(round(p) for p in page.points)
    words = pdf_words(pdf)
    # The text version's facts, label then value, in its order.
    facts = [line.split(": ", 1) for line in certificate.text().splitlines()[2:9]]
    assert [label for label, _ in facts] == [label for label, _ in certificate.facts()]
    _in_order(words, [part for fact in facts for part in fact])
    # Then what was destroyed, how, what was checked, the statement and the signature.
    _in_order(
        words,
        [
            "CERTIFICATE OF DESTRUCTION",
            "Credit-card authorization",
            "Certificate number",
            "What was destroyed",
            "The card number, the cardholder's name",
            "How",
            "The data was stored only in encrypted form",
            "What was checked, and where",
            *certificate.checks,
            "This certificate contains no card data.",
            "Issued by Morgan Ashdown Research Director",
        ],
    )
    assert reader.metadata is not None
    assert (
        reader.metadata.title == "Certificate of destruction — Baltic Maritime Innovation Network"
    )


def test_no_card_data_only_the_statement() -> None:
    pdf = certificate_pdf(destruction(), PageSize.LETTER)
    words = pdf_words(pdf)
    assert "This certificate contains no card data." in words
    assert not contains_card_number(words)


def test_the_logo_is_drawn_when_settings_has_one() -> None:
    def images(pdf: bytes) -> int:
        page = pdf_reader(pdf).pages[0]
        return len(page.images)

    assert images(certificate_pdf(destruction(), PageSize.A4)) == 1
    without = certificate_pdf(destruction(issuer=issuer(logo=False)), PageSize.A4)
    assert images(without) == 0
    assert "Institute for Competitiveness & Prosperity" in pdf_words(without)


def test_values_are_text_never_markup() -> None:
    certificate = destruction("<b>Bold</b> & Co", reason="Asked <i>nicely</i>")
    words = pdf_words(certificate_pdf(certificate, PageSize.LETTER))
    assert "<b>Bold</b> & Co" in words and "Asked <i>nicely</i>" in words


@pytest.mark.accepted_skip(MISSING)
@pytest.mark.parametrize("page", list(PageSize), ids=[page.value for page in PageSize])
@pytest.mark.parametrize("logo", [True, False], ids=["logo", "no-logo"])
def test_a_200_character_name_with_accents_stays_in_the_column(
    page: PageSize, logo: bool, tmp_path: Path
) -> None:
    if PDFTOPPM is None:
        pytest.skip(MISSING)
    certificate = destruction(LONG_NAME, issuer=issuer(logo=logo), workshop="Atelier à Montréal")
    pdf = certificate_pdf(certificate, page)
    words = pdf_words(pdf)
    assert PRINTED_LONG_NAME in words  # Ł printed as L (Helvetica has no Ł); é and ó kept
    assert "Atelier à Montréal" in words
    (image,) = render_pages(pdf, tmp_path)
    width, height = page.points
    assert ink_in(image, (0, 0, width, height)) > 0
    # Nothing in the side margins (the text column is the page less MARGIN_SIDE each side).
    assert ink_in(image, (0, 0, MARGIN_SIDE - 2, height)) == 0
    assert ink_in(image, (width - MARGIN_SIDE + 2, 0, width, height)) == 0
