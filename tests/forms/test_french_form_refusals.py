"""Issue 21: a returned form that cannot be read is refused in the window's language,
whichever language the form itself was printed in; a field is named by its French label.
English refusals are unchanged (tests/forms/test_form_reading.py)."""

from __future__ import annotations

import pytest
from formkit import CODE, REGISTRATION_VALUES, fill, rewrite, workshop
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, NameObject

from escadesk.forms.card_authorization_pdf import card_authorization_pdf
from escadesk.forms.content import PageSize
from escadesk.forms.errors import FormReadError, Refusal
from escadesk.forms.reading import read_card_form, read_form
from escadesk.forms.registration_pdf import registration_pdf

NBSP = "\u00a0"
NNBSP = "\u202f"


def refused(source: object, reader=read_form, code: str = CODE) -> FormReadError:
    with pytest.raises(FormReadError) as caught:
        reader(source, code)
    return caught.value


def test_french_refusals_of_a_damaged_or_foreign_file(french: None, tmp_path) -> None:
    assert refused(b"not a pdf").message == (
        f"Le fichier n’est pas un PDF{NNBSP}; choisissez le formulaire rempli tel qu’il a "
        "été renvoyé."
    )
    cut = registration_pdf(workshop())[:-200]
    assert refused(cut).reason is Refusal.DAMAGED
    assert refused(cut).message.startswith("Le PDF est tronqué")
    missing = refused(tmp_path / "absent.pdf")
    assert missing.message.startswith(f"Impossible d’ouvrir «{NBSP}absent.pdf{NBSP}» (")
    folder = refused(tmp_path)
    assert folder.message.endswith("un fichier PDF enregistré.")


def test_french_refusals_name_the_form_and_the_workshop(french: None) -> None:
    other = refused(registration_pdf(workshop(code="WS-2019")))
    assert other.reason is Refusal.OTHER_WORKSHOP
    assert other.message == (
        f"Ce formulaire d’inscription est celui d’un autre atelier (WS-2019), et non de {CODE}."
    )
    unnamed = refused(card_authorization_pdf(workshop(code="4111111111111111")))
    assert "4111" not in unnamed.message
    assert unnamed.message.startswith(
        "Ce formulaire d’autorisation de paiement par carte de crédit est celui d’un autre"
    )
    kind = refused(registration_pdf(workshop(), PageSize.A4, "fr_CA"), read_card_form)
    assert kind.message == (
        "Il s’agit du formulaire d’inscription, et non du formulaire d’autorisation de "
        "paiement par carte de crédit."
    )


def test_french_refusal_names_an_altered_field_by_its_french_label(french: None) -> None:
    def drop_organization(writer: PdfWriter) -> None:
        form = writer.root_object["/AcroForm"]
        form[NameObject("/Fields")] = ArrayObject(
            [ref for ref in form["/Fields"] if ref.get_object().get("/T") != "organization"]
        )
        page = writer.pages[0]
        page[NameObject("/Annots")] = ArrayObject(
            [ref for ref in page["/Annots"] if ref.get_object().get("/T") != "organization"]
        )

    blank = registration_pdf(workshop())
    error = refused(rewrite(fill(blank, REGISTRATION_VALUES), drop_organization))
    assert error.reason is Refusal.ALTERED
    assert error.message.startswith(
        f"Le champ «{NBSP}Organisation{NBSP}» du formulaire est absent{NBSP}: le PDF a été modifié"
    )


def test_english_refusals_are_unchanged() -> None:
    other = refused(card_authorization_pdf(workshop(code="WS-2019")))
    assert other.message == (
        f"This credit-card authorization form is for another workshop (WS-2019), not {CODE}."
    )
    assert refused(b"not a pdf").message == (
        "The file is not a PDF; choose the filled form as it was sent back."
    )
