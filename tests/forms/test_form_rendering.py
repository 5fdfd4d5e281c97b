"""Each form renders in a second PDF implementation (poppler's pdftoppm), page by page,
without a complaint: what a participant's viewer or printer gets is a whole PDF."""

from __future__ import annotations

import pytest
from formkit import CARD_VALUES, REGISTRATION_VALUES, fill, workshop

from escadesk.forms.card_authorization_pdf import card_authorization_pdf
from escadesk.forms.content import PageSize
from escadesk.forms.registration_pdf import registration_pdf
from pdf_pages import DPI, MISSING, PDFTOPPM, ink, render_pages


@pytest.mark.accepted_skip(MISSING)
@pytest.mark.parametrize("page", list(PageSize), ids=[page.value for page in PageSize])
@pytest.mark.parametrize(
    ("build", "values"),
    [(registration_pdf, REGISTRATION_VALUES), (card_authorization_pdf, CARD_VALUES)],
    ids=["registration", "card-authorization"],
)
def test_pdftoppm_renders_each_form_blank_and_filled(build, values, page, tmp_path):
    if PDFTOPPM is None:
        pytest.skip(MISSING)
    blank = build(workshop(), page)

    for name, pdf in (("blank", blank), ("filled", fill(blank, values))):
        (image,) = render_pages(pdf, tmp_path / name)
        width, height = (round(points * DPI / 72) for points in page.points)
        assert abs(image.width - width) <= 1 and abs(image.height - height) <= 1
        # Something is printed, and nothing in the outer 8 mm, where printers may clip
        # (their unprintable edge is up to about 6 mm).
        edge = round(8 / 25.4 * DPI)
        assert image.getextrema()[0] < 100
        inner = image.crop((edge, edge, image.width - edge, image.height - edge))
        assert ink(image) == ink(inner), name
