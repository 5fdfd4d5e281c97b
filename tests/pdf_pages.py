"""A PDF's pages as poppler's pdftoppm renders them (a second PDF implementation: what a
reader's viewer or printer gets), and how much ink is where."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from PIL import Image

PDFTOPPM = shutil.which("pdftoppm")
MISSING = "pdftoppm (poppler-utils) is not installed on this machine"
DPI = 60


def render_pages(pdf: bytes, folder: Path, dpi: int = DPI) -> list[Image.Image]:
    """Each page as a grey image; poppler must not complain (it reports every syntax
    error it meets on stderr)."""
    assert PDFTOPPM is not None, MISSING
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / "document.pdf"
    source.write_bytes(pdf)
    result = subprocess.run(
        [PDFTOPPM, "-r", str(dpi), "-png", str(source), str(folder / "page")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return [Image.open(path).convert("L") for path in sorted(folder.glob("page*.png"))]


def ink(image: Image.Image) -> int:
    """How many pixels are darker than paper."""
    return sum(count for level, count in enumerate(image.histogram()) if level < 245)
