"""The receipt letter names its invoice and carries it as a PDF; no card number in it."""

from __future__ import annotations

import email
import email.policy
import io
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from escadesk.app import Services
from escadesk.domain.cards import contains_card_number
from escadesk.notifications.messages import Template
from organization_languages import speak
from service_factory import decide_demo

NORTHSHORE = "Northshore Photonics Cluster"


@pytest.fixture
def charged(demo: Services) -> Services:
    """The demo decided on Oct 2, Northshore charged."""
    (workshop,) = demo.workshops.list()
    ids = decide_demo(demo, workshop.id)
    speak(demo, "en", NORTHSHORE)
    demo.charging.record_charge(ids[NORTHSHORE], date(2018, 10, 2), "A1")
    return demo


def test_the_receipt_attaches_its_invoice(charged: Services, tmp_path: Path) -> None:
    (workshop,) = charged.workshops.list()
    (letter,) = charged.notifications.letters(workshop.id, Template.RECEIPT)
    assert letter.organization == NORTHSHORE
    body = letter.message.body
    assert "Invoice:    INV-2018-0001" in body
    assert "Your invoice INV-2018-0001 is attached as a PDF" in body
    (draft,) = charged.notifications.save_drafts([letter], tmp_path / "drafts")
    message = email.message_from_bytes(draft.read_bytes(), policy=email.policy.default)
    (attached,) = [part for part in message.iter_attachments()]
    assert attached.get_content_type() == "application/pdf"
    assert attached.get_filename() == "Invoice INV-2018-0001.pdf"
    pdf = attached.get_content()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "INV-2018-0001" in text and "123456782 RT0001" in text
    assert not contains_card_number(body + text)
