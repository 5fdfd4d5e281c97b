"""The Bronze label's certificate as a PDF: one landscape page with the organization, the
label's name, the workshop, the dates and the number, the issuer's signature block; long
names shrink the type instead of leaving the frame."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from certificates_kit import LONG_NAME, PRINTED_LONG_NAME, bronze, ink_in, issuer

from escadesk.documents.bronze_pdf import BORDER, INNER, SIDE, bronze_certificate_pdf
from escadesk.domain.benchmarking.label_certificate import label_certificate_number
from escadesk.domain.cards import contains_card_number
from escadesk.forms.content import PageSize
from pdf_pages import MISSING, PDFTOPPM, render_pages
from pdf_text import pdf_reader, pdf_words


@pytest.mark.parametrize("page", list(PageSize), ids=[page.value for page in PageSize])
def test_the_certificate_states_the_label_in_order(page: PageSize) -> None:
    certificate = bronze()
    pdf = bronze_certificate_pdf(certificate, page)
    reader = pdf_reader(pdf)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    portrait = page.points
    assert (round(box.width), round(box.height)) == (round(portrait[1]), round(portrait[0]))
    words = pdf_words(pdf)
    expected = [
        "Institute for Competitiveness & Prosperity",
        "European Cluster Excellence Initiative — Bronze label",
        "“Striving for Cluster Excellence”",
        "This certifies that",
        "Baltic Maritime Innovation Network",
        "has taken part in the ESCA benchmarking exercise of the ESCA Cluster Benchmarking "
        "Workshop (TCI 2018) held on Oct 4, 2018, and is awarded the Bronze label of the European "
        "Cluster Excellence Initiative (ECEI).",
        "AWARDED ON VALID UNTIL CERTIFICATE NUMBER",
        "Oct 4, 2018 Sep 30, 2020 BL-2018-0007",
        "valid for 2 years from the month of the benchmarking interview: from Oct 1, 2018 "
        "to Sep 30, 2020",
        "Morgan Ashdown Research Director Institute for Competitiveness & Prosperity",
    ]
    position = 0
    for part in expected:
        found = words.find(part, position)
        assert found >= 0, f"{part!r} missing after {words[position : position + 80]!r}"
        position = found + len(part)
    for _label, value in certificate.facts():
        assert value in words
    assert not contains_card_number(words)
    assert reader.metadata is not None
    assert reader.metadata.title == (
        "European Cluster Excellence Initiative — Bronze label — Baltic Maritime Innovation Network"
    )


def test_the_number_is_derived_from_the_label_record() -> None:
    assert label_certificate_number(7, date(2018, 10, 4)) == "BL-2018-0007"
    assert label_certificate_number(12345, date(2026, 3, 17)) == "BL-2026-12345"
    with pytest.raises(ValueError):
        label_certificate_number(0, date(2018, 10, 4))


def test_logo_or_none() -> None:
    def images(pdf: bytes) -> int:
        return len(pdf_reader(pdf).pages[0].images)

    assert images(bronze_certificate_pdf(bronze(), PageSize.LETTER)) == 1
    without = bronze_certificate_pdf(bronze(issuer=issuer(logo=False)), PageSize.LETTER)
    assert images(without) == 0
    assert "Institute for Competitiveness & Prosperity" in pdf_words(without)


def test_a_workshop_title_starting_with_the_reads_once() -> None:
    statement = bronze(workshop="The Toronto Benchmarking Day").statement()
    assert statement.startswith("has taken part in the ESCA benchmarking exercise of the Toronto")


def test_the_text_version_names_the_same_facts() -> None:
    certificate = bronze()
    text = certificate.text()
    assert text.splitlines()[0] == "European Cluster Excellence Initiative — Bronze label"
    for label, value in certificate.facts():
        assert f"{label}: {value}" in text
    assert "Issued by Institute for Competitiveness & Prosperity: Morgan Ashdown" in text


@pytest.mark.accepted_skip(MISSING)
@pytest.mark.parametrize("page", list(PageSize), ids=[page.value for page in PageSize])
@pytest.mark.parametrize("logo", [True, False], ids=["logo", "no-logo"])
def test_200_character_names_shrink_inside_the_frame(
    page: PageSize, logo: bool, tmp_path: Path
) -> None:
    if PDFTOPPM is None:
        pytest.skip(MISSING)
    certificate = bronze(LONG_NAME, issuer=issuer(logo=logo), workshop=LONG_NAME)
    pdf = bronze_certificate_pdf(certificate, page)
    assert len(pdf_reader(pdf).pages) == 1
    words = pdf_words(pdf)
    assert words.count(PRINTED_LONG_NAME) == 2  # the organization and the workshop, whole
    (image,) = render_pages(pdf, tmp_path)
    height, width = page.points
    frame = BORDER + INNER
    # Between the frame's inner rule and the text column nothing is drawn (the footer
    # line is centred lower down, so only the band above it is checked).
    band = (frame + 3, frame + 3, SIDE - 2, height - frame - 22)
    assert ink_in(image, band) == 0
    right = (width - SIDE + 2, frame + 3, width - frame - 3, height - frame - 22)
    assert ink_in(image, right) == 0
    assert ink_in(image, (SIDE, frame + 3, width - SIDE, height - frame - 3)) > 0
