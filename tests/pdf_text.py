"""The text of a PDF as pypdf extracts it (what a reader's copy and paste would give)."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader


def pdf_reader(pdf: bytes | Path) -> PdfReader:
    data = pdf.read_bytes() if isinstance(pdf, Path) else pdf
    assert data.startswith(b"%PDF-"), data[:20]
    return PdfReader(io.BytesIO(data))


def pdf_text(pdf: bytes | Path) -> str:
    """Every page's text, pages joined by a blank line."""
    return "\n\n".join(page.extract_text() for page in pdf_reader(pdf).pages)


def pdf_words(pdf: bytes | Path) -> str:
    """The text with every run of white space as one space (lines joined)."""
    return " ".join(pdf_text(pdf).split())
