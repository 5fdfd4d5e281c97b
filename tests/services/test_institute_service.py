"""The institute's identity: stored with the data, audited without its values, and used
by every letter, certificate and workbook."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from escadesk.app import AppConfig, Services, build_services
from escadesk.domain.institute import DEFAULT_INSTITUTE_NAME, InstituteIdentity, Logo
from escadesk.domain.validation import ValidationError
from escadesk.notifications.messages import Template
from escadesk.services.demo import DEMO_PASSPHRASE, demo_institute
from escadesk.services.demo_logo import demo_logo_png
from organization_languages import speak
from raw_sql import audit_rows

DECISION_DAY = datetime(2018, 10, 2, 9, 0, tzinfo=ZoneInfo("America/Toronto"))
OURS = InstituteIdentity(
    name="Lakeshore Institute for Cluster Studies",
    address="1 Front Street West\nToronto ON M5J 2X5\nCanada",
    director_name="Dana Reyes",
    director_title="Director of Research",
    sender_email="dana.reyes@lakeshore.example",
    tax_number="123 456 782 rt 0002",
)


def _audit(services: Services) -> list[tuple[str, str]]:
    return audit_rows(services.config.database_url)


def _workshop(services: Services) -> int:
    (workshop,) = services.workshops.list()
    return workshop.id


def test_a_new_data_folder_has_the_announcements_host(services: Services) -> None:
    identity = services.institute.identity()
    assert identity.name == DEFAULT_INSTITUTE_NAME
    assert identity.logo is None and identity.tax_number == ""


def test_the_demo_seeds_a_plausible_identity_with_a_logo(demo: Services) -> None:
    identity = demo.institute.identity()
    assert identity == demo_institute()
    assert identity.tax_number == "123456782 RT0001"
    assert identity.logo is not None and identity.logo.data == demo_logo_png()


def test_saving_stores_cleaned_values_and_audits_only_field_names(
    services: Services, data_dir: Path
) -> None:
    logo = Logo.read(demo_logo_png())
    changed = services.institute.save(replace(OURS, logo=logo))
    assert changed == [
        "institute name",
        "postal address",
        "director's name",
        "director's title",
        "sender e-mail",
        "GST/HST registration number",
        "logo",
    ]
    stored = services.institute.identity()
    assert stored.tax_number == "123456782 RT0002"
    assert stored.logo == logo
    (entry,) = [row for row in _audit(services) if row[0] == "settings.institute"]
    assert entry[1].startswith("Institute settings changed: institute name, postal address")
    for value in ("Dana Reyes", "lakeshore.example", "123456782", "Front Street"):
        assert value not in entry[1]  # the kept log holds no personal data
    # Saved again unchanged: nothing stored, nothing logged.
    assert services.institute.save(stored) == []
    assert len([row for row in _audit(services) if row[0] == "settings.institute"]) == 1


def test_the_identity_and_logo_travel_with_the_database(config: AppConfig, clock) -> None:
    first = build_services(config, clock=clock, actor="a")
    try:
        first.institute.save(replace(OURS, logo=Logo.read(demo_logo_png())))
    finally:
        first.close()
    again = build_services(config, clock=clock, actor="b")
    try:
        identity = again.institute.identity()
        assert identity.director_name == "Dana Reyes"
        assert identity.logo is not None and identity.logo.width == 128
    finally:
        again.close()


def test_a_wrong_identity_is_refused_and_nothing_changes(services: Services) -> None:
    before = services.institute.identity()
    with pytest.raises(ValidationError) as refused:
        services.institute.save(
            InstituteIdentity(name="", sender_email="nobody", tax_number="123456789 RT0001")
        )
    assert {p.field for p in refused.value.problems} == {"name", "sender_email", "tax_number"}
    assert services.institute.identity() == before
    assert not [row for row in _audit(services) if row[0] == "settings.institute"]


def test_letters_are_sent_and_signed_by_the_identity(demo: Services) -> None:
    speak(demo, "en")  # the English signature block (French letters: test_french_letters.py)
    demo.institute.save(OURS)
    workshop = _workshop(demo)
    ids = {r.organization: r.id for r in demo.registrations.list(workshop)}
    demo.registrations.record_authorization(ids["Andes AgriFood Alliance"])
    demo.clock.set(DECISION_DAY)  # type: ignore[attr-defined]
    demo.decision.confirm(workshop, DEMO_PASSPHRASE)
    demo.charging.record_charge(ids["Northshore Photonics Cluster"], date(2018, 10, 2), "A1")
    assert demo.notifications.sender().email == "dana.reyes@lakeshore.example"
    assert demo.notifications.sender().name == "Dana Reyes"
    letters = {letter.organization: letter for letter in demo.notifications.letters(workshop)}
    receipt = letters["Northshore Photonics Cluster"]
    assert receipt.template is Template.RECEIPT
    body = receipt.message.body
    assert "Lakeshore Institute for Cluster Studies has charged" in body
    assert "HST registration number is 123456782 RT0002." in body
    assert body.rstrip().endswith(
        "Dana Reyes\nDirector of Research\nLakeshore Institute for Cluster Studies\n"
        "1 Front Street West\nToronto ON M5J 2X5\nCanada\ndana.reyes@lakeshore.example"
    )
    confirmed = letters["Rhine Valley Health Cluster"].message.body
    assert "Director of Research\nLakeshore Institute for Cluster Studies" in confirmed
    assert "123456782 RT0002" not in confirmed  # the registration number is for receipts


def test_certificates_name_their_issuer(demo: Services) -> None:
    demo.institute.save(OURS)
    ids = {r.organization: r.id for r in demo.registrations.list(_workshop(demo))}
    erasure = demo.vault.erase(ids["Baltic Maritime Innovation Network"], "Asked to")
    certificate = demo.vault.certificate(erasure.id)
    assert certificate.issuer.name == OURS.name
    text = demo.vault.certificate_text(erasure.id)
    assert text.startswith("CERTIFICATE OF DESTRUCTION")
    assert (
        "Issued by: Lakeshore Institute for Cluster Studies, 1 Front Street West, "
        "Toronto ON M5J 2X5, Canada" in text
    )


def test_workbooks_are_prepared_by_the_institute(demo: Services, tmp_path: Path) -> None:
    demo.institute.save(OURS)
    path = demo.exports.roster(_workshop(demo), tmp_path / "roster.xlsx")
    workbook = load_workbook(path)
    cover = {row[0]: row[1] for row in workbook["Cover"].iter_rows(values_only=True)}
    assert cover["Prepared by"] == "Lakeshore Institute for Cluster Studies"
    assert workbook.properties.creator == "Lakeshore Institute for Cluster Studies"
    finance = demo.exports.finance(_workshop(demo), tmp_path / "finance.xlsx")
    summary = {
        row[0]: row[1]
        for row in load_workbook(finance)["Summary"].iter_rows(values_only=True)
        if row
    }
    assert summary["Prepared by"] == "Lakeshore Institute for Cluster Studies"


def test_the_card_retention_setting_is_audited(services: Services) -> None:
    services.charging.set_retention_days(14)
    services.charging.set_retention_days(14)  # unchanged: nothing to log
    services.charging.set_retention_days(1)
    logged = [
        summary for action, summary in _audit(services) if action == "settings.card_retention"
    ]
    assert logged == [
        "Card numbers kept 14 days after a charge (was 0 days)",
        "Card numbers kept 1 day after a charge (was 14 days)",
    ]
