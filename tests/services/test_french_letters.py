"""Issue 21: an organization preferring French gets its letters, its invoice and the
invoice attached to its receipt in French (templates of resources/templates/fr, Babel's
amounts and dates), whatever the window speaks; the English organizations' letters are
unchanged (the other letter tests)."""

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
from escadesk.i18n import set_locale
from escadesk.notifications.messages import Template
from organization_languages import speak
from pdf_pages import PDFTOPPM, render_pages
from service_factory import decide_demo

NORTHSHORE = "Northshore Photonics Cluster"
NBSP = "\u00a0"


@pytest.fixture
def english_window():
    """The window speaks English: the letter's language is the organization's."""
    set_locale("en_CA")
    yield
    set_locale("en_CA")


@pytest.fixture
def charged(demo: Services) -> Services:
    (workshop,) = demo.workshops.list()
    ids = decide_demo(demo, workshop.id)
    speak(demo, "fr", NORTHSHORE)
    demo.charging.record_charge(ids[NORTHSHORE], date(2018, 10, 2), "A1")
    return demo


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_french_receipt_letter_and_its_invoice(
    charged: Services, english_window: None, tmp_path: Path
) -> None:
    (workshop,) = charged.workshops.list()
    (letter,) = charged.notifications.letters(workshop.id, Template.RECEIPT)
    subject, body = letter.message.subject, letter.message.body
    assert subject.startswith(f"Reçu{NBSP}: ")
    assert subject.endswith("débités") and f"{NBSP}$" in subject
    assert body.startswith("Madame, Monsieur,\n\n")
    assert f"Facture{NBSP}:     INV-2018-0001" in body
    assert f"Date{NBSP}:        2 oct. 2018" in body
    assert "TVH" in body and "HST" not in body
    assert "Je vous prie d'agréer, Madame, Monsieur" in body
    assert not contains_card_number(subject + body)
    (draft,) = charged.notifications.save_drafts([letter], tmp_path / "drafts")
    message = email.message_from_bytes(draft.read_bytes(), policy=email.policy.default)
    (attached,) = list(message.iter_attachments())
    text = _text(attached.get_content())
    for expected in ("Facture", "Numéro d'inscription TPS/TVH", "TVH 13", "Total", "oct. 2018"):
        assert expected in text, expected
    assert "Payé par VISA" in text and "aucun montant n'est dû" in text
    amounts = [line for line in text.splitlines() if "$" in line]
    assert amounts and all("," in line for line in amounts)  # "2 654,87 $", not "2,654.87"
    assert "Invoice" not in text and "Amount before tax" not in text
    if PDFTOPPM:
        (page,) = render_pages(attached.get_content(), tmp_path / "pages")
        assert page.size[0] > 0


def test_french_credit_note_and_english_invoice_keep_their_language(
    charged: Services, english_window: None
) -> None:
    """A document prints in the language it was issued in: an English invoice stays
    English after its organization chose French; a French one stays French."""
    (workshop,) = charged.workshops.list()
    charged.invoices.issue_missing(workshop.id)
    documents = {d.document.buyer: d for d in charged.invoices.documents(workshop.id)}
    french = _text(charged.invoices.pdf(documents[NORTHSHORE].id))
    assert "Facture" in french and "Fournisseur" in french and "Facturé à" in french
    english_buyers = [buyer for buyer in documents if buyer != NORTHSHORE]
    if english_buyers:
        english = _text(charged.invoices.pdf(documents[english_buyers[0]].id))
        assert "Invoice" in english or "Facture" in english
    speak(charged, "en", NORTHSHORE)  # chose English later: the invoice stays French
    assert "Facture" in _text(charged.invoices.pdf(documents[NORTHSHORE].id))


def test_french_acknowledgement_from_the_service(demo: Services, english_window: None) -> None:
    (workshop,) = demo.workshops.list()
    speak(demo, "fr", NORTHSHORE)
    letters = demo.letters.letters(workshop.id, Template.ACKNOWLEDGEMENT)
    north = [letter for letter in letters if letter.organization == NORTHSHORE]
    assert north
    card = [m for m in north if "carte de crédit" in m.message.subject]
    assert card, [m.message.subject for m in north]
    body = card[0].message.body
    assert body.startswith("Madame, Monsieur,")
    assert "sont conservés chiffrés" in body  # the card paragraph (its test in French)
    assert "oct. 2018" in body or "sept. 2018" in body
    assert "Cordialement," in body
    others = [letter for letter in letters if letter.organization != NORTHSHORE]
    speak(demo, "en")
    english = demo.letters.letters(workshop.id, Template.ACKNOWLEDGEMENT)
    assert all(letter.message.body.startswith("Dear ") for letter in english)
    assert others is not None
