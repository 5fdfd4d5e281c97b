"""Issue 21: the invitation to a French-speaking delegate carries the French blank forms
under French names, and a French organization's letter drafts are named by whole French
patterns; a mail client (``email`` with the default policy) decodes the Subject (RFC 2047)
and the attachments' names (RFC 2231) with their accents. English names are unchanged
(tests/services/test_forms_service.py, tests/cli/test_cli_forms.py)."""

from __future__ import annotations

import email
import email.policy
import re
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy import update

from escadesk.app import Services
from escadesk.forms.reading import read_form
from escadesk.forms.stamp import FormKind
from escadesk.i18n import set_locale
from escadesk.notifications.messages import Template
from escadesk.storage import models
from organization_languages import speak
from pdf_text import pdf_words
from service_factory import decide_demo

WEI = "wei.chen@prict.example"
NORTHSHORE = "Northshore Photonics Cluster"
NBSP = "\u00a0"
REGISTRATION = "formulaire d'inscription"
CARD = "formulaire d'autorisation de paiement par carte de crédit"


@pytest.fixture
def english_window() -> Iterator[None]:
    """The window speaks English: the files' language is their reader's."""
    set_locale("en_CA")
    yield
    set_locale("en_CA")


def _parsed(path: Path) -> EmailMessage:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def test_french_invitation_attaches_french_forms_under_french_names(
    demo: Services, english_window: None, tmp_path: Path
) -> None:
    (workshop,) = demo.workshops.list()
    with demo.context.database.transaction() as session:
        session.execute(
            update(models.Delegate).where(models.Delegate.email == WEI).values(country="France")
        )
    folder = tmp_path / "drafts"
    demo.forms.write_invitations(workshop.id, folder)
    drafts = {path: _parsed(path) for path in folder.iterdir()}
    ((path, wei),) = [
        (path, m) for path, m in drafts.items() if m["To"].addresses[0].addr_spec == WEI
    ]
    assert path.name == f"{workshop.title} 2018-10-04 invitation - Wei Chen.eml"
    assert str(wei["Subject"]).startswith(f"Invitation{NBSP}: ")
    raw = path.read_bytes()
    assert b"Subject: =?utf-8?" in raw  # RFC 2047: the no-break space is not ASCII
    attachments = list(wei.iter_attachments())
    names = [part.get_filename() for part in attachments]
    assert names == [
        f"{workshop.title} 2018-10-04 {REGISTRATION}.pdf",
        f"{workshop.title} 2018-10-04 {CARD}.pdf",
    ]
    # RFC 2231 (continued over lines): "crédit" decoded by the modern parser and by
    # the legacy one (compat32) alike.
    assert re.search(rb"filename\*(0\*)?=utf-8''", raw)
    legacy = email.message_from_bytes(raw)
    assert [part.get_filename() for part in legacy.walk() if part.get_filename()] == names
    body = wei.get_body(preferencelist=("plain",)).get_content()
    assert all(name in body for name in names)  # the letter names its attachments
    registration, card = (part.get_content() for part in attachments)
    assert "Formulaire d'inscription" in pdf_words(registration)
    assert "J'autorise " in pdf_words(card)
    assert read_form(card, workshop.code).stamp.kind is FormKind.CARD_AUTHORIZATION
    others = [m for m in drafts.values() if m["To"].addresses[0].addr_spec != WEI]
    assert others
    for message in others:  # English-speaking (or unknown) delegates: English, as ever
        assert [part.get_filename() for part in message.iter_attachments()] == [
            f"{workshop.title} 2018-10-04 registration form.pdf",
            f"{workshop.title} 2018-10-04 credit-card authorization form.pdf",
        ]


def test_french_blank_forms_written_for_a_locale(
    demo: Services, english_window: None, tmp_path: Path
) -> None:
    (workshop,) = demo.workshops.list()
    written = demo.forms.write_blank(workshop.id, tmp_path / "forms", locale="fr_CA")
    assert [path.name for path in written] == [
        f"{workshop.title} 2018-10-04 {REGISTRATION}.pdf",
        f"{workshop.title} 2018-10-04 {CARD}.pdf",
    ]
    assert list(demo.forms.blank_file_names(workshop.id, "fr_CA")) == [p.name for p in written]
    assert "Frais par organisation de grappe" in pdf_words(written[1])
    english = demo.forms.blank_file_names(workshop.id)
    assert english[0].endswith(" 2018-10-04 registration form.pdf")


def test_french_organization_draft_names_are_whole_french_patterns(
    demo: Services, english_window: None, tmp_path: Path
) -> None:
    (workshop,) = demo.workshops.list()
    speak(demo, "fr", NORTHSHORE)
    letters = demo.letters.letters(workshop.id, Template.ACKNOWLEDGEMENT, due_only=False)
    north = [letter for letter in letters if letter.organization == NORTHSHORE]
    assert north
    stems = {letter.file_stem for letter in north}
    # A long title gives way first (an ellipsis), then the organization; the kind stays.
    kinds = (
        "accusé de réception du formulaire d'inscription",
        "accusé de réception du formulaire d'autorisation de paiement",
    )
    for stem in stems:
        assert len(stem) <= 120 and stem.startswith(workshop.title[:20]), stem
        assert any(f" 2018-10-04 {kind} - Northshore" in stem for kind in kinds), stem
    paths = demo.letters.save_drafts(north[:1], tmp_path / "drafts")
    (path,) = paths
    assert path.name == f"{north[0].file_stem}.eml"
    message = _parsed(path)
    assert str(message["Subject"]) == north[0].message.subject
    others = [letter for letter in letters if letter.organization != NORTHSHORE]
    assert all(" acknowledgement of the " in letter.file_stem for letter in others)


def test_locale_status_letter_draft_names(demo: Services, english_window: None) -> None:
    (workshop,) = demo.workshops.list()
    decide_demo(demo, workshop.id)
    speak(demo, "en")
    speak(demo, "fr", NORTHSHORE)
    kinds = {}
    for letter in demo.notifications.letters(workshop.id):
        middle = letter.file_stem.split(" 2018-10-04 ", 1)[1]
        kinds[letter.organization] = middle.rsplit(" - ", 1)[0]
    french = {"confirmation", "lettre de liste d'attente", "annulation", "reçu"}
    english = {"confirmation", "waiting list letter", "cancellation", "receipt"}
    assert kinds[NORTHSHORE] in french
    others = {kind for name, kind in kinds.items() if name != NORTHSHORE}
    assert others and others <= english
