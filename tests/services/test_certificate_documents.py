"""The certificates as the services issue them: the certificate of destruction's PDF (the
cancellation letter's attachment) and the Bronze label's certificate with its file name."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from escadesk.app import AppConfig, Services, build_services
from escadesk.domain.cards import contains_card_number
from escadesk.domain.validation import ValidationError
from escadesk.services.clock import FixedClock
from escadesk.services.demo import DEMO_PASSPHRASE, DEMO_TODAY, seed_demo
from escadesk.services.page_size import PAGE_SETTING
from escadesk.vault.kdf import fast_test_params
from escadesk.vault.keychain import MemoryKeychain
from pdf_text import pdf_reader, pdf_words

BALTIC = "Baltic Maritime Innovation Network"


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[tuple[Services, dict[str, int]]]:
    services = build_services(
        AppConfig.resolve(tmp_path / "demo"),
        clock=FixedClock(DEMO_TODAY),
        keychain=MemoryKeychain(),
        kdf_profile=fast_test_params,
    )
    workshop_id = seed_demo(services, vault_passphrase=DEMO_PASSPHRASE)
    ids = {row.organization: row.id for row in services.registrations.list(workshop_id)}
    yield services, ids
    services.close()


def test_the_certificate_of_destruction_pdf_states_the_erasure(demo) -> None:
    services, ids = demo
    erasure = services.vault.erase(ids[BALTIC], "Workshop cancelled: quorum not reached")
    pdf = services.vault.certificate_pdf(erasure.id)
    certificate = services.vault.certificate(erasure.id)
    words = pdf_words(pdf)
    position = 0
    for label, value in certificate.facts():
        for part in (label, " ".join(value.split())):
            found = words.find(part, position)
            assert found >= 0, part
            position = found + len(part)
    assert "This certificate contains no card data." in words
    assert not contains_card_number(words)
    assert "1111" not in words and "4444" not in words  # not even the last digits
    box = pdf_reader(pdf).pages[0].mediabox
    assert (round(box.width), round(box.height)) == (612, 792)  # Letter until A4 is chosen
    services.settings.set(PAGE_SETTING, "A4")
    box = pdf_reader(services.vault.certificate_pdf(erasure.id)).pages[0].mediabox
    assert (round(box.width), round(box.height)) == (595, 842)


def test_the_bronze_certificate_of_a_recorded_label(demo) -> None:
    services, ids = demo
    bench = services.benchmarking
    name, pdf = bench.bronze_certificate(ids[BALTIC])
    facts = bench.bronze_certificate_facts(ids[BALTIC])
    assert name == (
        f"ESCA Cluster Benchmarking Workshop (TCI 2018) {facts.award.awarded_on.isoformat()} "
        f"Bronze label certificate - {BALTIC}.pdf"
    )
    assert facts.number.startswith(f"BL-{facts.award.awarded_on.year}-")
    words = pdf_words(pdf)
    assert BALTIC in words and facts.number in words
    assert "European Cluster Excellence Initiative — Bronze label" in words
    for _label, value in facts.facts():
        assert value in words
    box = pdf_reader(pdf).pages[0].mediabox
    assert (round(box.width), round(box.height)) == (792, 612)  # Letter, landscape
    # The same label gives the same certificate (number included) every time.
    assert bench.bronze_certificate(ids[BALTIC]) == (name, pdf)
    other = bench.bronze_certificate_facts(ids["Northshore Photonics Cluster"])
    assert other.number != facts.number


def test_no_label_no_certificate(demo) -> None:
    services, ids = demo
    with pytest.raises(ValidationError) as refused:
        services.benchmarking.bronze_certificate(ids["Rhine Valley Health Cluster"])
    (problem,) = refused.value.problems
    assert problem.field == "label"
    assert problem.message == (
        "Rhine Valley Health Cluster holds no Bronze label yet: award the label (after the "
        "interview) before issuing its certificate."
    )
