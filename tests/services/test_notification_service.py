"""Letters built from the stored workshop: right template per state, .eml drafts, SMTP."""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from aiosmtpd.controller import Controller

from escadesk.app import AppConfig, Services, build_services
from escadesk.domain.cards import contains_card_number
from escadesk.notifications.messages import Template
from escadesk.notifications.smtp import SmtpSettings
from escadesk.services.clock import FixedClock
from escadesk.services.demo import DEMO_PASSPHRASE, DEMO_TODAY, seed_demo
from escadesk.vault.kdf import fast_test_params
from escadesk.vault.keychain import MemoryKeychain
from organization_languages import speak
from pdf_text import pdf_text
from raw_sql import audit_rows

DECISION_DAY = datetime(2018, 10, 2, 9, 0, tzinfo=ZoneInfo("America/Toronto"))


def _services(folder: Path) -> Services:
    services = build_services(
        AppConfig.resolve(folder),
        clock=FixedClock(DEMO_TODAY),
        keychain=MemoryKeychain(),
        kdf_profile=fast_test_params,
    )
    seed_demo(services, vault_passphrase=DEMO_PASSPHRASE)
    speak(services, "en")  # the English letters (the French ones: test_french_letters.py)
    return services


@pytest.fixture
def proceeded(tmp_path: Path) -> Iterator[Services]:
    services = _services(tmp_path / "data")
    (workshop,) = services.workshops.list()
    ids = {r.organization: r.id for r in services.registrations.list(workshop.id)}
    services.registrations.record_authorization(ids["Andes AgriFood Alliance"])
    services.clock.set(DECISION_DAY)  # type: ignore[attr-defined]
    services.decision.confirm(workshop.id, DEMO_PASSPHRASE)
    services.charging.record_charge(ids["Northshore Photonics Cluster"], date(2018, 10, 2), "A1")
    yield services
    services.close()


@pytest.fixture
def cancelled(tmp_path: Path) -> Iterator[Services]:
    services = _services(tmp_path / "data")
    (workshop,) = services.workshops.list()
    services.clock.set(DECISION_DAY)  # type: ignore[attr-defined]
    services.decision.confirm(workshop.id, DEMO_PASSPHRASE)
    services.decision.erase_cancelled(workshop.id)
    yield services
    services.close()


def _workshop(services: Services) -> int:
    (workshop,) = services.workshops.list()
    return workshop.id


def test_each_state_gets_its_letter(proceeded: Services) -> None:
    letters = {
        letter.organization: letter
        for letter in proceeded.notifications.letters(_workshop(proceeded))
    }
    assert letters["Rhine Valley Health Cluster"].template is Template.CONFIRMED
    assert letters["Northshore Photonics Cluster"].template is Template.RECEIPT
    assert letters["Catalonia Smart Mobility Hub"].template is Template.CANCELLED
    assert "Nordic Games & Media Cluster" not in letters  # withdrawn: no letter
    confirmed = letters["Rhine Valley Health Cluster"].message
    assert "3,000.00 CAD" in confirmed.body and "2,654.87" in confirmed.body
    assert "~1,990 EUR" in confirmed.body
    receipt = letters["Northshore Photonics Cluster"].message
    assert "VISA •••• 1111" in receipt.body and "A1" in receipt.body
    for letter in letters.values():
        assert not contains_card_number(letter.message.subject + letter.message.body)


def test_cancellation_drafts_carry_the_certificate(cancelled: Services, tmp_path: Path) -> None:
    letters = cancelled.notifications.letters(_workshop(cancelled), Template.CANCELLED)
    assert len(letters) == 6
    paths = cancelled.notifications.save_drafts(letters, tmp_path / "drafts")
    assert len(paths) == 6
    # Named from the workshop's title and date, the kind of letter and the organization.
    assert (
        tmp_path
        / "drafts"
        / (
            "ESCA Cluster Benchmarking Workshop (TCI 2018) 2018-10-04 cancellation - "
            "Northshore Photonics Cluster.eml"
        )
        in paths
    )
    parsed = email.message_from_bytes(paths[0].read_bytes(), policy=email.policy.default)
    assert parsed["X-Unsent"] == "1"
    names = [part.get_filename() for part in parsed.iter_attachments()]
    carded = [p for p in paths if "Northshore" in p.name]
    if carded:
        with_card = email.message_from_bytes(carded[0].read_bytes(), policy=email.policy.default)
        (certificate,) = list(with_card.iter_attachments())
        assert certificate.get_content_type() == "application/pdf"
        assert "CERTIFICATE OF DESTRUCTION" in pdf_text(certificate.get_content())
    assert all(name in (None, "Certificate of destruction.pdf") for name in names)
    logged = [line for line in _audit(cancelled) if line.startswith("notify.cancelled")]
    assert len(logged) == 6
    assert not [line for line in logged if "@" in line]  # no address in the kept log
    assert any("to the contact of Northshore Photonics Cluster" in line for line in logged)


def test_cancellation_letters_count_what_was_destroyed(tmp_path: Path) -> None:
    """Issue 14: the letter said the card was destroyed, whether it was stored, erased or
    neither; now each letter says what was found and destroyed for its organization."""
    services = _services(tmp_path / "data")
    try:
        workshop = _workshop(services)
        services.clock.set(DECISION_DAY)  # type: ignore[attr-defined]
        services.decision.confirm(workshop, DEMO_PASSPHRASE)

        before = _bodies(services, workshop)  # decided, not yet erased
        assert (
            "not finished yet: 0 of 1 stored credit card authorization destroyed so far"
            in (before["Northshore Photonics Cluster"])
        )
        assert "have been destroyed" not in before["Northshore Photonics Cluster"]

        services.decision.erase_cancelled(workshop)
        letters = {
            letter.organization: letter
            for letter in services.notifications.letters(workshop, Template.CANCELLED)
        }
        northshore = letters["Northshore Photonics Cluster"]
        assert (
            "the credit card authorization form of Northshore Photonics Cluster and all the "
            "card information it contained have been destroyed"
        ) in " ".join(northshore.message.body.split())
        (attachment,) = northshore.attachments
        assert (attachment.name, attachment.mime) == (
            "Certificate of destruction.pdf",
            "application/pdf",
        )
        text = " ".join(pdf_text(attachment.content).split())  # a PDF that parses
        assert "Northshore Photonics Cluster" in text
        assert "This certificate contains no card data." in text
        assert "4111" not in text and "5555" not in text
        catalonia = letters["Catalonia Smart Mobility Hub"]  # never sent a card
        assert "held no stored card information of Catalonia" in catalonia.message.body
        assert "have been destroyed" not in catalonia.message.body
        assert catalonia.attachments == ()
    finally:
        services.close()


def _bodies(services: Services, workshop: int) -> dict[str, str]:
    letters = services.notifications.letters(workshop, Template.CANCELLED)
    return {letter.organization: letter.message.body for letter in letters}


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


def test_letters_are_sent_through_a_real_smtp_server(proceeded: Services) -> None:
    inbox = _Inbox()
    with socket.socket() as probe:  # a free port on loopback for the test's own server
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        letters = proceeded.notifications.letters(_workshop(proceeded), Template.CONFIRMED)
        settings = SmtpSettings("127.0.0.1", port, "none")
        assert proceeded.notifications.send_all(letters, settings, None) == len(letters) == 3
    finally:
        controller.stop()
    recipients = sorted(r for rcpts, _ in inbox.messages for r in rcpts)
    assert recipients == sorted(letter.to.email for letter in letters)
    first = email.message_from_bytes(inbox.messages[0][1], policy=email.policy.default)
    # (header folding around the encoded dash may add a space when unfolded)
    assert first["Subject"].split() == letters[0].message.subject.split()
    assert "3,000.00 CAD" in first.get_content()


def _audit(services: Services) -> list[str]:

    return [f"{a} {s}" for a, s in audit_rows(services.config.database_url)]
