"""Each form renders in a second PDF implementation (poppler's pdftoppm), page by page,
without a complaint: what a participant's viewer or printer gets is a whole PDF."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from formkit import CARD_VALUES, REGISTRATION_VALUES, fill, workshop
from PIL import Image

from escadesk.forms.card_authorization_pdf import card_authorization_pdf
from escadesk.forms.content import PageSize
from escadesk.forms.registration_pdf import registration_pdf

PDFTOPPM = shutil.which("pdftoppm")
DPI = 60


def render(pdf: bytes, folder) -> list[Image.Image]:
    source = folder / "form.pdf"
    source.write_bytes(pdf)
    result = subprocess.run(
        [PDFTOPPM, "-r", str(DPI), "-png", str(source), str(folder / "page")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # poppler reports every syntax error it meets here
    return [Image.open(path).convert("L") for path in sorted(folder.glob("page*.png"))]


@pytest.mark.accepted_skip("pdftoppm (poppler-utils) is not installed on this machine")
@pytest.mark.parametrize("page", list(PageSize), ids=[page.value for page in PageSize])
@pytest.mark.parametrize(
    ("build", "values"),
    [(registration_pdf, REGISTRATION_VALUES), (card_authorization_pdf, CARD_VALUES)],
    ids=["registration", "card-authorization"],
)
def test_pdftoppm_renders_each_form_blank_and_filled(build, values, page, tmp_path):
    if PDFTOPPM is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed on this machine")
    blank = build(workshop(), page)

    for name, pdf in (("blank", blank), ("filled", fill(blank, values))):
        folder = tmp_path / name
        folder.mkdir()
        (image,) = render(pdf, folder)
        width, height = (round(points * DPI / 72) for points in page.points)
        assert abs(image.width - width) <= 1 and abs(image.height - height) <= 1
        # Something is printed, and nothing in the outer 8 mm, where printers may clip
        # (their unprintable edge is up to about 6 mm).
        edge = round(8 / 25.4 * DPI)
        assert image.getextrema()[0] < 100
        inner = image.crop((edge, edge, image.width - edge, image.height - edge))
        assert _ink(image) == _ink(inner), name


def _ink(image: Image.Image) -> int:
    """How many pixels are darker than paper."""
    return sum(count for level, count in enumerate(image.histogram()) if level < 245)
