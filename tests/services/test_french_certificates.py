"""Issue 21 ("docs B"): the certificate of destruction in the organization's language (its
text quoted by the French cancellation letter, its PDF attached under a French name), the
stored English checks said in French, and the invitation in the delegate's language."""

from __future__ import annotations

import email
import email.policy
import io
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader
from sqlalchemy import update

from escadesk.app import AppConfig, Services, build_services
from escadesk.i18n import set_locale
from escadesk.notifications.messages import Template
from escadesk.services import certificate_wording, charging, decision, registrations, vault
from escadesk.services.clock import FixedClock
from escadesk.services.demo import DEMO_PASSPHRASE, DEMO_TODAY, seed_demo
from escadesk.services.erasure_report import (
    ErasureFacts,
    ScannedFile,
    checks_in,
    verification_text,
)
from escadesk.storage import models
from escadesk.vault.kdf import fast_test_params
from escadesk.vault.keychain import MemoryKeychain
from escadesk.vault.storage_facts import Filesystem
from organization_languages import speak
from pdf_pages import PDFTOPPM, render_pages

DECISION_DAY = datetime(2018, 10, 2, 9, 0, tzinfo=ZoneInfo("America/Toronto"))
NORTHSHORE = "Northshore Photonics Cluster"
NBSP = "\u00a0"
WEI = "wei.chen@prict.example"


@pytest.fixture
def english_window() -> Iterator[None]:
    set_locale("en_CA")
    yield
    set_locale("en_CA")


@pytest.fixture
def cancelled(tmp_path: Path, english_window: None) -> Iterator[Services]:
    services = build_services(
        AppConfig.resolve(tmp_path / "data"),
        clock=FixedClock(DEMO_TODAY),
        keychain=MemoryKeychain(),
        kdf_profile=fast_test_params,
    )
    seed_demo(services, vault_passphrase=DEMO_PASSPHRASE)
    speak(services, "en")
    speak(services, "fr", NORTHSHORE)
    (workshop,) = services.workshops.list()
    services.clock.set(DECISION_DAY)  # type: ignore[attr-defined]
    services.decision.confirm(workshop.id, DEMO_PASSPHRASE)
    services.decision.erase_cancelled(workshop.id)
    yield services
    services.close()


def _pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_french_cancellation_letter_quotes_the_french_certificate(
    cancelled: Services, tmp_path: Path
) -> None:
    (workshop,) = cancelled.workshops.list()
    letters = {
        letter.organization: letter
        for letter in cancelled.notifications.letters(workshop.id, Template.CANCELLED)
    }
    body = letters[NORTHSHORE].message.body
    assert "CERTIFICAT DE DESTRUCTION — AUTORISATION DE PAIEMENT PAR CARTE DE CRÉDIT" in body
    assert f"Numéro du certificat{NBSP}: " in body
    assert f"Motif{NBSP}: L'atelier n'a pas eu lieu" in body
    assert f"Date de destruction{NBSP}: 2 oct. 2018, 09 h 00 (heure de l’Est)" in body
    assert "Ce certificat ne contient aucune donnée de carte." in body
    assert "numéro de carte, date d'expiration" in body
    assert (  # what was checked depends on where the database is
        "Le fichier de base de données SQLite a été compacté" in body
        or "La base de données se trouve sur un serveur postgresql." in body
    )
    assert "Clé d'appareil" in body and "Device key" not in body
    for english in ("CERTIFICATE", "Reason:", "What was destroyed", "compacted", "server."):
        assert english not in body, english
    # The English organizations' letters quote the English certificate, as before.
    other = next(
        letter.message.body
        for name, letter in letters.items()
        if name != NORTHSHORE and "CERTIFICATE OF DESTRUCTION" in letter.message.body
    )
    assert "Reason: The workshop did not proceed" in other
    assert "Destroyed on: 2018-10-02 09:00 (America/Toronto)" in other

    paths = cancelled.notifications.save_drafts([letters[NORTHSHORE]], tmp_path / "drafts")
    parsed = email.message_from_bytes(paths[0].read_bytes(), policy=email.policy.default)
    (attached,) = list(parsed.iter_attachments())
    assert attached.get_filename() == "Certificat de destruction.pdf"
    pdf = attached.get_content()
    text = _pdf_text(pdf)
    for expected in ("CERTIFICAT DE DESTRUCTION", "Ce qui a été détruit", "Comment", "Motif"):
        assert expected in text, expected
    assert "CERTIFICATE" not in text and "What was checked" not in text
    info = PdfReader(io.BytesIO(pdf)).metadata
    assert info is not None and str(info.title).startswith("Certificat de destruction — ")
    if PDFTOPPM:
        (page,) = render_pages(pdf, tmp_path / "pages", dpi=80)
        page.save(tmp_path / "french_certificate.png")


def test_french_certificate_on_request_and_english_unchanged(cancelled: Services) -> None:
    (erasure, *_) = [e for e in cancelled.vault.erasures() if e.organization == NORTHSHORE]
    french = cancelled.vault.certificate_text(erasure.id)
    english = cancelled.vault.certificate_text(erasure.id, "en_CA")
    assert french.startswith("CERTIFICAT DE DESTRUCTION")
    assert english.startswith("CERTIFICATE OF DESTRUCTION — CREDIT-CARD AUTHORIZATION\n")
    assert "What was destroyed: card number, expiry date" in english
    assert "How: the data was stored only in encrypted form" in english
    assert english.endswith("This certificate contains no card data.")


def test_locale_every_stored_check_line_is_said_in_french() -> None:
    facts = ErasureFacts(
        database="sqlite",
        scanned=(ScannedFile("escadesk.sqlite3", 126_976), ScannedFile("backups/a.db", 1)),
        items=5,
        remnants=("backups/a.db (2 of 5 destroyed items)",),
        interrupted=False,
        keychain="a key file in the data folder, in its keys folder (the file keychain)",
        keychain_kind="file",
        database_filesystem=Filesystem("btrfs"),
        key_filesystem=Filesystem("btrfs"),
    )
    lines = verification_text(facts).splitlines()
    server = ErasureFacts("postgresql", None, 0, (), True, "x", "system", None, None)
    lines += verification_text(server).splitlines()
    french = checks_in(lines, "fr_CA")
    assert checks_in(lines, "en_CA") == tuple(lines)
    assert len(french) == len(lines)
    for english, said in zip(lines, french, strict=True):
        assert english != said, english
    joined = "\n".join(french)
    assert "escadesk.sqlite3 (126\u00a0976 octets)" in joined
    assert "backups/a.db (2 des 5 éléments détruits)" in joined
    assert "btrfs (copie sur écriture)" in joined
    assert "dans son dossier keys (le trousseau-fichier)" in joined
    assert checks_in(["A line an older escadesk wrote."], "fr_CA") == (
        "A line an older escadesk wrote.",
    )


def test_locale_known_reasons_are_the_services_own() -> None:
    known = certificate_wording.KNOWN
    for reason in (
        charging.CODE_REASON,
        charging.NUMBER_REASON,
        decision.CANCEL_REASON,
        decision.AFTER_EVENT_REASON,
        decision.NOT_ADMITTED_REASON,
        registrations.WITHDRAWN_REASON,
        *vault.DESTROYED_WORDS.values(),
    ):
        assert reason in known, reason
        assert certificate_wording.in_language(reason, "fr_CA") != reason
    assert certificate_wording.in_language("Typed by hand.", "fr_CA") == "Typed by hand."


def test_french_invitation_for_a_delegate_in_france(cancelled: Services, tmp_path: Path) -> None:
    (workshop,) = cancelled.workshops.list()
    with cancelled.context.database.transaction() as session:
        session.execute(
            update(models.Delegate).where(models.Delegate.email == WEI).values(country="France")
        )
    folder = tmp_path / "drafts"
    cancelled.forms.write_invitations(workshop.id, folder)
    drafts = {
        path: email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        for path in folder.iterdir()
    }
    (wei,) = [m for m in drafts.values() if m["To"].addresses[0].addr_spec == WEI]
    assert str(wei["Subject"]).startswith(f"Invitation{NBSP}: ")
    body = wei.get_body(preferencelist=("plain",)).get_content()
    assert body.startswith("Madame, Monsieur,")
    assert "(TVH comprise)" in body
    assert f"4 organisations{NBSP}: 3{NBSP}000,00{NBSP}$ (~1{NBSP}990{NBSP}EUR)" in body
    assert "Montants en EUR au taux de 1 CAD = " in body
    assert "exchange rate" not in body and "organizations:" not in body
    others = [m for m in drafts.values() if m["To"].addresses[0].addr_spec != WEI]
    assert others
    for message in others:  # no country on the list, or an English-speaking one
        text = message.get_body(preferencelist=("plain",)).get_content()
        assert "4 organizations: 3,000.00 CAD (~1,990 EUR)" in text


@pytest.fixture
def demo(tmp_path: Path, english_window: None) -> Iterator[Services]:
    services = build_services(
        AppConfig.resolve(tmp_path / "demo"),
        clock=FixedClock(DEMO_TODAY),
        keychain=MemoryKeychain(),
        kdf_profile=fast_test_params,
    )
    seed_demo(services, vault_passphrase=DEMO_PASSPHRASE)
    yield services
    services.close()


def test_french_bronze_certificate(demo: Services, tmp_path: Path) -> None:
    baltic = "Baltic Maritime Innovation Network"
    (workshop,) = demo.workshops.list()
    ids = {row.organization: row.id for row in demo.registrations.list(workshop.id)}
    bench = demo.benchmarking
    speak(demo, "en", baltic)
    english_name, english_pdf = bench.bronze_certificate(ids[baltic])
    assert " Bronze label certificate - " in english_name
    assert "This certifies that" in _pdf_text(english_pdf)
    speak(demo, "fr", baltic)
    name, pdf = bench.bronze_certificate(ids[baltic])
    facts = bench.bronze_certificate_facts(ids[baltic])
    assert name.endswith(f" Certificat du label Bronze - {baltic}.pdf")
    text = " ".join(_pdf_text(pdf).split())
    for expected in (
        "CERTIFICAT",
        "European Cluster Excellence Initiative — label Bronze",
        "Nous certifions que",
        "a participé à l'exercice d'analyse comparative de l'ESCA",
        "DÉCERNÉ LE",
        f"Certificat {facts.number}",
        "Le label est valide pendant 2 ans",
    ):
        assert expected in text, expected
    for english in ("This certifies", "Awarded on", "AWARDED ON", "is awarded"):
        assert english not in text, english
    assert "Décerné le" in facts.text() and "Délivré par" in facts.text()
    if PDFTOPPM:
        (page,) = render_pages(pdf, tmp_path / "pages", dpi=80)
        page.save(tmp_path / "french_bronze.png")
