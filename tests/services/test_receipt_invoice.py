"""The receipt letter names its invoice and carries it as a PDF; no card number in it."""

from __future__ import annotations

import email
import email.policy
import io
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from escadesk.app import AppConfig, Services, build_services
from escadesk.domain.cards import contains_card_number
from escadesk.notifications.messages import Template
from escadesk.services.clock import FixedClock
from escadesk.services.demo import DEMO_PASSPHRASE, DEMO_TODAY, seed_demo
from escadesk.vault.kdf import fast_test_params
from escadesk.vault.keychain import MemoryKeychain

DECISION_DAY = datetime(2018, 10, 2, 9, 0, tzinfo=ZoneInfo("America/Toronto"))
NORTHSHORE = "Northshore Photonics Cluster"


@pytest.fixture
def charged(tmp_path: Path) -> Iterator[Services]:
    services = build_services(
        AppConfig.resolve(tmp_path / "data"),
        clock=FixedClock(DEMO_TODAY),
        keychain=MemoryKeychain(),
        kdf_profile=fast_test_params,
    )
    seed_demo(services, vault_passphrase=DEMO_PASSPHRASE)
    (workshop,) = services.workshops.list()
    ids = {r.organization: r.id for r in services.registrations.list(workshop.id)}
    services.registrations.record_authorization(ids["Andes AgriFood Alliance"])
    services.clock.set(DECISION_DAY)  # type: ignore[attr-defined]
    services.decision.confirm(workshop.id, DEMO_PASSPHRASE)
    services.charging.record_charge(ids[NORTHSHORE], date(2018, 10, 2), "A1")
    yield services
    services.close()


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
