"""Issue 21: the blank forms in the organization's language. A French form prints every
label, heading, instruction and the card consent in French, amounts and dates through
Babel; its fields keep the same names, drop-down values and stamp as the English form's,
so a returned French form reads back exactly as an English one does."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from formkit import CODE, dollar_rate, fill, workshop
from pypdf import PdfReader

from escadesk.domain.fees import FeeSchedule
from escadesk.domain.localized_names import technology_area_from_any
from escadesk.domain.registration_form import RegistrationDetails
from escadesk.domain.technology import TECHNOLOGY_AREAS
from escadesk.forms.card_authorization_pdf import card_authorization_pdf
from escadesk.forms.content import FormWorkshop, PageSize
from escadesk.forms.fields import CARD_FIELDS, REGISTRATION_FIELDS
from escadesk.forms.reading import read_card_form, read_registration_form
from escadesk.forms.registration_pdf import registration_pdf
from escadesk.forms.stamp import STAMP_FIELD
from escadesk.resource_files import resources_dir
from pdf_pages import MISSING, PDFTOPPM, ink, render_pages
from pdf_text import pdf_words

NBSP = "\u00a0"
Maker = Callable[..., bytes]
MAKERS = {"registration": registration_pdf, "card": card_authorization_pdf}


def _catalogue_sentences() -> list[str]:
    """The English sentences the forms print (the catalogue's messages from
    src/escadesk/forms and the confidentiality notice): each run of four or more words
    between placeholders, which a French form must not contain."""
    path = resources_dir() / "locale" / "fr_CA" / "LC_MESSAGES" / "escadesk.po"
    with open(path, "rb") as handle:
        catalogue = read_po(handle)
    runs: list[str] = []
    for message in catalogue:
        places = " ".join(location for location, _line in message.locations)
        if not message.id or ("/forms/" not in places and "confidentiality" not in places):
            continue
        for text in message.id if isinstance(message.id, tuple) else (message.id,):
            for run in re.split(r"\{[^}]*\}", text):
                words = run.split()
                if len(words) >= 4:
                    runs.append(" ".join(words))
    return runs


def _with_rate() -> FormWorkshop:
    fees = workshop().fees
    return workshop(fees=FeeSchedule(fees.fees, fees.tax_rate, rate=dollar_rate()))


@pytest.mark.parametrize("kind", list(MAKERS))
def test_french_blank_form_is_french_through_poppler_and_its_text(
    kind: str, tmp_path: Path
) -> None:
    if PDFTOPPM is None:
        pytest.skip(MISSING)
    the_workshop = _with_rate()
    pdf = MAKERS[kind](the_workshop, PageSize.LETTER, "fr_CA")
    pages = render_pages(pdf, tmp_path / kind)  # poppler draws it without a complaint
    assert pages and all(ink(page) > 0 for page in pages)
    text = pdf_words(pdf)
    sentences = _catalogue_sentences()
    assert len(sentences) > 20  # the forms' own messages are in the catalogue
    english = [sentence for sentence in sentences if sentence in text]
    assert english == []
    for french in (
        "Dernier jour pour s'inscrire 1 oct. 2018",
        "Date 4 oct. 2018",
        "Lieu Rotman School of Management",
        "Confidentialité",
        "sont traités de façon strictement confidentielle par l'ESCA",
        "recueillis par Institute for Competitiveness & Prosperity",
    ):
        assert french in text, french
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.trailer["/Root"]["/Lang"] == "fr-CA"
    assert "Page 1" in text


def test_french_card_form_prints_babel_amounts_and_the_consent() -> None:
    the_workshop = _with_rate()
    text = pdf_words(card_authorization_pdf(the_workshop, PageSize.A4, "fr_CA"))
    for french in (
        "Formulaire d'autorisation de paiement par carte de crédit",
        "Frais par organisation de grappe",
        "Participation Montant net TVH (13 %) Prix (TVH incluse) Env. USD",
        "4 organisations",
        "3 000,00 $",  # Babel's fr_CA: no-break spaces, printed as spaces by the font
        "Montants en USD au taux de 1 CAD = 0,74 USD du 1 juin 2018.",
        "Numéro d'inscription à la TVH : 123456782 RT0001",
        "La règle. Votre carte n'est débitée que si l'atelier a lieu ; dans le cas "
        "contraire, la présente autorisation est détruite.",
        "au plus tard le 1 oct. 2018",
        "J'autorise Institute for Competitiveness & Prosperity à débiter la carte de crédit "
        "ci-dessous des frais par organisation de grappe pour ESCA Cluster Benchmarking "
        "Workshop (TCI 2018), au prix indiqué ci-dessus pour le nombre d'organisations "
        "participantes, si l'atelier a lieu.",
        "Nom du titulaire (tel qu'il figure sur la carte)",
        "Date d'expiration (MM/AA)",
        "Date (AAAA-MM-JJ)",
        "Morgan Ashdown, à l'adresse research.director@competeprosper.example",
    ):
        assert french in text, french
    assert "3,000.00 CAD" not in text and "organizations" not in text


def test_french_registration_form_prints_the_conditions_in_french() -> None:
    text = pdf_words(registration_pdf(workshop(), PageSize.A4, "fr_CA"))
    for french in (
        "Formulaire d'inscription",
        "Programme de la journée Heure Activité",
        "09 h 00–",  # the agenda's times in CLDR's French form
        "Délégués seulement.",
        "Quorum. L'atelier accueille de 4 à",
        "Votre délégué(e) (personne-ressource)",
        "Nom de la personne-ressource",
        "Domaines technologiques de l'ESCA :",
        "Énergie et environnement",  # the areas in French (stored in English on reading)
    ):
        assert french in text, french


def _fields(pdf: bytes) -> dict[str, object]:
    fields = PdfReader(io.BytesIO(pdf)).get_fields() or {}
    return {name: entry.get("/Opt") for name, entry in fields.items()}


@pytest.mark.parametrize("kind", list(MAKERS))
def test_locale_keeps_field_names_choices_and_stamp(kind: str) -> None:
    english = _fields(MAKERS[kind](workshop(), PageSize.A4))
    french = _fields(MAKERS[kind](workshop(), PageSize.A4, "fr_CA"))
    assert english.keys() == french.keys()  # the names; the technology areas in French
    areas = french.get("technology_area"), english.get("technology_area")
    others = {name: choices for name, choices in french.items() if name != "technology_area"}
    assert others == {name: english[name] for name in others}
    if kind == "registration":
        assert sorted(str(technology_area_from_any(str(area))) for area in areas[0][1:]) == sorted(
            str(area) for area in areas[1][1:]
        )
    specs = REGISTRATION_FIELDS if kind == "registration" else CARD_FIELDS
    assert {spec.name for spec in specs} | {STAMP_FIELD} == set(french)
    stamps = [
        PdfReader(io.BytesIO(MAKERS[kind](workshop(), PageSize.A4, locale))).get_fields()[
            STAMP_FIELD
        ]["/V"]
        for locale in ("en_CA", "fr_CA")
    ]
    assert stamps[0] == stamps[1]


def test_returned_french_registration_form_reads_back() -> None:
    values = {
        "organization": "Grappe aérospatiale du Québec",
        "country": "Canada",
        "technology_area": TECHNOLOGY_AREAS[0],
        "contact_name": "Hélène Côté",
        "contact_title": "Directrice générale",
        "contact_email": "helene.cote@grappe.example",
        "contact_phone": "+1 514 555 0100",
    }
    pdf = fill(registration_pdf(workshop(), PageSize.LETTER, "fr_CA"), values)
    filled = read_registration_form(pdf, CODE)
    assert {name: getattr(filled.fields, name) for name in values} == values


def test_returned_french_card_form_reads_back() -> None:
    values = {
        "organization": "Grappe aérospatiale du Québec",
        "cardholder": "Hélène Côté",
        "card_number": "4111 1111 1111 1111",  # a public test number
        "expiry": "12/29",
        "code": "123",
        "billing_address": "1000, rue Sherbrooke Ouest\nMontréal QC H3A 3G4",
        "signature": "Hélène Côté",
        "signed_on": "2018-09-20",
    }
    pdf = fill(card_authorization_pdf(workshop(), PageSize.A4, "fr_CA"), values)
    filled = read_card_form(pdf, CODE)
    assert {name: getattr(filled.fields, name) for name in values} == values


def test_english_form_unchanged_by_an_explicit_english_locale() -> None:
    the_workshop: FormWorkshop = workshop()
    for make in MAKERS.values():
        assert make(the_workshop, PageSize.A4) == make(the_workshop, PageSize.A4, "en_CA")
    text = pdf_words(card_authorization_pdf(the_workshop, PageSize.A4))
    assert "3,000.00 CAD" in text and "I authorize Institute for" in text


def test_a_french_area_chosen_on_a_french_form_is_registered_in_english() -> None:
    values = {
        "organization": "Grappe Énergie",
        "country": "Allemagne",
        "technology_area": "Énergie et environnement",
        "contact_name": "Anne Roy",
        "contact_title": "",
        "contact_email": "anne@grappe.example",
        "contact_phone": "",
    }
    pdf = fill(registration_pdf(workshop(), PageSize.LETTER, "fr_CA"), values)
    fields = read_registration_form(pdf, CODE).fields
    details = RegistrationDetails(
        fields.organization, fields.country, fields.technology_area, fields.contact_name,
        fields.contact_email,
    ).cleaned()  # fmt: skip
    assert (details.country, details.technology_area) == ("Germany", "Energy and environment")
