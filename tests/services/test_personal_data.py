"""Personal data beyond cards (issue 15, item 10): contacts, questionnaires and letters were
kept for ever. Now: an access request exports everything about an organization (one zip,
no card number in it), an erasure on request removes its personal data (never a stored
card's: the vault does that first), and each workshop's retention period ends in a purge
at unlock that keeps the anonymous totals. Everything is audited, backups included."""

from __future__ import annotations

import json
import os
import stat
import zipfile
from collections.abc import Callable, Iterator
from contextlib import closing
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from escadesk.app import AppConfig, Services
from escadesk.domain.cards import contains_card_number
from escadesk.domain.registration import RegistrationStatus as S
from escadesk.domain.registration_form import RegistrationDetails
from escadesk.domain.validation import ValidationError
from escadesk.services.clock import FixedClock
from escadesk.services.demo import DEMO_PASSPHRASE, DEMO_TODAY, seed_demo
from escadesk.services.personal_data import (
    ERASED,
    JSON_NAME,
    LETTERS_NOTE,
    README_NAME,
    ExportCancelledError,
)
from escadesk.services.views import NotFoundError, WorkshopInput
from escadesk.storage.engine import sqlite_path
from escadesk.storage.sqlite_files import connect as sqlite_connect
from escadesk.vault.keychain import MemoryKeychain
from raw_sql import dump, query
from service_factory import service_factory

TORONTO = ZoneInfo("America/Toronto")
DECISION_DAY = datetime(2018, 10, 2, 9, 0, tzinfo=TORONTO)
NORTHSHORE = "Northshore Photonics Cluster"  # complete, VISA •••• 1111, questionnaire + note
NORDIC = "Nordic Games & Media Cluster"  # withdrawn (a typed reason), no card
ANDES = "Andes AgriFood Alliance"  # form only, a questionnaire with a note
#: The demo's people, as typed: none may survive an erasure or a purge.
NORTHSHORE_PEOPLE = ("Amélie Tremblay", "a.tremblay@northshore-photonics.example", "418 555 0142")


@pytest.fixture
def open_services(tmp_path: Path) -> Iterator[Callable[[], Services]]:
    config = AppConfig.resolve(tmp_path / "data")
    with service_factory(config, lambda: FixedClock(DEMO_TODAY), MemoryKeychain()) as make:
        yield make


@pytest.fixture
def services(open_services: Callable[[], Services]) -> Services:
    """The demo, its vault open (seed_demo sets it up)."""
    services = open_services()
    seed_demo(services, vault_passphrase=DEMO_PASSPHRASE)
    return services


def _workshop(services: Services) -> int:
    (summary,) = services.workshops.list()
    return summary.id


def _ids(services: Services) -> dict[str, int]:
    return {r.organization: r.id for r in services.registrations.list(_workshop(services))}


def _organization(services: Services, name: str) -> int:
    return services.personal_data.organization_of(_ids(services)[name]).organization_id


def _move(services: Services, moment: datetime) -> None:
    clock = services.clock
    assert isinstance(clock, FixedClock)
    clock.set(moment)


def _unlock_again(services: Services) -> None:
    services.vault.lock()
    services.vault.unlock(DEMO_PASSPHRASE)


def _audit(services: Services, action: str) -> list[str]:
    return [
        summary
        for (summary,) in query(
            services.config.database_url,
            "SELECT summary FROM audit_entry WHERE action = :action ORDER BY id",
            action=action,
        )
    ]


def _database_text(services: Services) -> str:
    """Every row of the live database, as text."""
    return "\n".join(dump(services.config.database_url))


def _live_non_audit(services: Services) -> str:
    """Every row of the live database but the audit log's (kept as written)."""
    url = services.config.database_url
    database = sqlite_path(url)
    if database is not None:
        return _non_audit(database)
    return "\n".join(line for line in dump(url) if not line.startswith("row audit_entry "))


def _read_zip(path: Path) -> dict:
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == [README_NAME, JSON_NAME]
        return json.loads(archive.read(JSON_NAME).decode("utf-8"))


def _decided_and_charged(services: Services) -> None:
    """The workshop proceeds (Andes completes by paper), the three with cards are charged
    (their cards erased at once: 0 days' retention); Lakeside and Catalonia are cancelled
    (Lakeside's card erased by the decision), Nordic stays withdrawn."""
    ids = _ids(services)
    services.registrations.record_authorization(ids[ANDES])
    _move(services, DECISION_DAY)
    services.decision.confirm(_workshop(services), DEMO_PASSPHRASE)
    services.decision.erase_cancelled(_workshop(services))
    for name in (NORTHSHORE, "Baltic Maritime Innovation Network", "Rhine Valley Health Cluster"):
        services.charging.record_charge(ids[name], date(2018, 10, 2), f"APPROVAL {name[:5]}")
    assert services.vault.masked(_workshop(services)) == {}


# -- the export (an access request) ----------------------------------------------------------


def test_export_holds_everything_about_the_organization_and_no_card_number(
    services: Services, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "northshore.zip"
    target.parent.mkdir()
    organization = _organization(services, NORTHSHORE)

    written = services.personal_data.export(organization, target)

    assert written == target
    raw = target.read_bytes()
    assert not contains_card_number(raw.decode("latin-1"))
    with zipfile.ZipFile(target) as archive:
        for member in archive.namelist():
            assert not contains_card_number(archive.read(member).decode("utf-8")), member
        text = archive.read(JSON_NAME).decode("utf-8")
    assert "4111" not in text.replace("•••• 1111", "")
    data = json.loads(text)
    assert text == json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    assert data["organization"]["name"] == NORTHSHORE
    (registration,) = data["registrations"]
    assert registration["contact"] == {
        "name": "Amélie Tremblay",
        "title": "Cluster Manager",
        "email": "a.tremblay@northshore-photonics.example",
        "phone": "+1 418 555 0142",
    }
    assert registration["card_authorization"]["card"] == "VISA •••• 1111"
    answers = registration["questionnaire"]["answers"]
    assert len(answers) == 36
    budget = next(a for a in answers if a["indicator"] == "3.3")
    assert budget == {
        "indicator": "3.3",
        "value": "480000",
        "note": "2018 budget incl. the regional innovation grant.",
    }
    assert registration["delegate_list_entries"][0]["email"] == (
        "a.tremblay@northshore-photonics.example"
    )
    assert registration["quality_label"]["label"] == "Bronze"
    # Dates in the workshop's zone, ISO 8601 with their offset; money as exact text.
    assert registration["registered_at"] == "2018-09-08T07:00:00-04:00"
    assert registration["workshop"]["personal_data_kept_until"] == "2020-10-04"
    assert registration["workshop"]["retention_months"] == 24
    assert data["letters"] == LETTERS_NOTE
    assert "does not keep benchmarking reports" in data["reports"]
    assert any(e["action"] == "card.record" for e in registration["audit_log"])
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    (summary,) = _audit(services, "personal_data.export")
    assert summary == (
        f"{NORTHSHORE}: everything about the organization exported (access request) to "
        "northshore.zip"
    )


def test_a_charged_organization_exports_its_charge_as_finance_keeps_it(
    services: Services, tmp_path: Path
) -> None:
    _decided_and_charged(services)
    target = tmp_path / "northshore.zip"
    services.personal_data.export(_organization(services, NORTHSHORE), target)
    (registration,) = _read_zip(target)["registrations"]
    assert registration["charge"] == {
        "amount": {"amount": "3000.00", "currency": "CAD"},
        "charged_on": "2018-10-02",
        "reference": "APPROVAL North",
        "card": "VISA •••• 1111",
        "cardholder": "Amélie Tremblay",
        "amount_reason": None,
    }
    assert registration["card_authorization"] is None
    assert registration["certificates_of_destruction"][0]["status"] == "complete"
    assert registration["fee"] == {"amount": "3000.00", "currency": "CAD"}
    assert not contains_card_number(target.read_bytes().decode("latin-1"))


def test_a_cancelled_export_leaves_no_file_and_is_not_audited(
    services: Services, tmp_path: Path
) -> None:
    target = tmp_path / "kept.zip"
    target.write_bytes(b"the director's own file")
    with pytest.raises(ExportCancelledError):
        services.personal_data.export(
            _organization(services, NORTHSHORE), target, cancelled=lambda: True
        )
    assert target.read_bytes() == b"the director's own file"
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["kept.zip"]
    assert _audit(services, "personal_data.export") == []


def test_an_unknown_organization_is_not_found(services: Services) -> None:
    with pytest.raises(NotFoundError, match="no organization #999"):
        services.personal_data.preview_erase(999)
    with pytest.raises(NotFoundError, match="no registration #999"):
        services.personal_data.organization_of(999)


# -- erasing one organization ---------------------------------------------------------------


def test_erasing_is_refused_while_a_card_is_stored(services: Services) -> None:
    before = _database_text(services)
    organization = _organization(services, NORTHSHORE)
    preview = services.personal_data.preview_erase(organization)
    assert not preview.allowed
    with pytest.raises(ValidationError) as refused:
        services.personal_data.erase(organization)
    assert str(refused.value) == (
        f"{NORTHSHORE} still has a card authorization stored (VISA •••• 1111). Erase it "
        "first (Registration > Erase card authorization…, which issues its certificate of "
        "destruction), then erase the personal data. Nothing was erased."
    )
    assert _database_text(services) == before


def test_erasing_a_withdrawn_organization_on_request(services: Services) -> None:
    nordic = _organization(services, NORDIC)
    preview = services.personal_data.preview_erase(nordic)
    assert preview.allowed and preview.warnings == ()
    assert preview.counts.words() == "1 contact, 1 delegate-list entry, 1 typed reason"

    erased = services.personal_data.erase(nordic)

    assert erased.sentence() == (
        f"Personal data of {NORDIC} erased: 1 contact, 1 delegate-list entry, 1 typed reason."
    )
    row = next(
        r
        for r in services.registrations.list(_workshop(services))
        if r.id in (erased.organization.registration_ids)
    )
    assert (row.organization, row.status, row.country) == (NORDIC, S.WITHDRAWN, "Finland")
    assert (row.contact_name, row.contact_email, row.contact_phone, row.contact_title) == (
        ERASED,
        "",
        "",
        "",
    )
    assert [t.reason for t in services.registrations.history(row.id)][-1] == ERASED
    text = _live_non_audit(services)
    for trace in ("Aino Virtanen", "aino.virtanen@nordicgames.example", "555 0121", "Budget for"):
        assert trace not in text, trace
    assert "Amélie Tremblay" in text  # the others are untouched
    (summary,) = _audit(services, "personal_data.erase")
    assert summary == (
        f"{NORDIC}: personal data erased on request (1 contact, 1 delegate-list entry, "
        "1 typed reason); status, fees and charge amounts kept"
    )
    # Nothing left to edit either: the edit is refused, not re-validated as blank.
    assert services.registrations.erased_on(row.id) is not None
    before = services.registrations.list(_workshop(services))
    with pytest.raises(ValidationError, match="nothing left to edit"):
        services.registrations.update_details(
            row.id,
            RegistrationDetails(NORDIC, "Finland", "ICT", "Someone", "someone@x.example"),
        )
    assert services.registrations.list(_workshop(services)) == before
    # Again: nothing left, nothing new in the audit log.
    again = services.personal_data.erase(nordic)
    assert again.sentence() == f"Nothing left to erase: the personal data of {NORDIC} is gone."
    assert len(_audit(services, "personal_data.erase")) == 1


def test_an_open_registration_is_warned_about_first(services: Services) -> None:
    preview = services.personal_data.preview_erase(_organization(services, ANDES))
    assert preview.allowed
    assert preview.warnings == (
        f"The registration of {ANDES} is still open (form received): without its contact "
        "it can receive no letter. Withdraw it first if it no longer takes part.",
    )
    assert preview.counts.words() == (
        "1 contact, 1 questionnaire (36 answers, 1 note), 1 delegate-list entry"
    )


def test_erasing_a_charged_organization_keeps_the_finance_record(services: Services) -> None:
    _decided_and_charged(services)
    workshop = _workshop(services)
    totals_before = [
        (c.organization, c.amount, c.reference) for c in services.charging.charges(workshop)
    ]

    erased = services.personal_data.erase(_organization(services, NORTHSHORE))

    assert erased.counts.cardholder_names == 1 and erased.counts.answers == 36
    charges = services.charging.charges(workshop)
    assert [(c.organization, c.amount, c.reference) for c in charges] == totals_before
    northshore = next(c for c in charges if c.organization == NORTHSHORE)
    assert (northshore.cardholder, northshore.card) == (ERASED, "VISA •••• 1111")
    assert sum((c.amount.amount for c in charges), Decimal(0)) == Decimal("9000.00")
    survey = services.benchmarking.survey(_ids(services)[NORTHSHORE])
    assert {(a.text, a.note) for a in survey.answers.values()} == {("", "")}
    text = _live_non_audit(services)
    for trace in (*NORTHSHORE_PEOPLE, "regional innovation grant"):
        assert trace not in text, trace
    # The other organizations are untouched.
    assert "kaarel.tamm@bmin.example" in text


@pytest.mark.sqlite_only("the backup copies of the SQLite file")
def test_an_erasure_leaves_the_backups_too(services: Services, tmp_path: Path) -> None:
    """A restore must not bring erased data back: the backups are cleaned like the live
    database (and compacted, so no page of it remains in the file)."""
    nordic = _organization(services, NORDIC)
    backup = services.backups.back_up("manual")
    assert b"aino.virtanen@nordicgames.example" in backup.read_bytes()

    assert services.personal_data.erase(nordic).backups_clean

    data = backup.read_bytes()
    assert b"aino.virtanen@nordicgames.example" not in data
    assert b"Aino Virtanen" not in data
    assert "Budget for" not in _non_audit(backup)  # the audit log keeps its reason as written
    assert "kaarel.tamm@bmin.example" in _non_audit(backup)


def _non_audit(database: Path) -> str:
    """Every row of a database file but the audit log's (kept as written)."""
    with closing(sqlite_connect(database)) as connection:
        return "\n".join(
            line
            for line in connection.iterdump()
            if not line.startswith('INSERT INTO "audit_entry"')
        )


@pytest.mark.sqlite_only("the backup copies of the SQLite file")
def test_a_backup_that_could_not_be_cleaned_is_cleaned_at_the_next_unlock(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    import escadesk.services.personal_backup_cleaning as personal_backup_cleaning

    backup = services.backups.back_up("manual")

    def refuse(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(personal_backup_cleaning, "_erase_in_backup", refuse)
        erased = services.personal_data.erase(_organization(services, NORDIC))
    assert not erased.backups_clean
    assert "Some backups still hold it" in erased.sentence()
    assert "Aino Virtanen" in _non_audit(backup)

    _unlock_again(services)

    assert "Aino Virtanen" not in _non_audit(backup)


# -- the retention period ---------------------------------------------------------------------


def test_a_workshop_keeps_its_period_and_refuses_one_out_of_range(services: Services) -> None:
    workshop = _workshop(services)
    assert services.workshops.get(workshop).retention_months == 24
    data = services.workshops.get(workshop).as_input()
    services.workshops.update(workshop, _with_months(data, 36))
    assert services.workshops.get(workshop).retention_months == 36
    with pytest.raises(ValidationError) as refused:
        services.workshops.update(workshop, _with_months(data, 0))
    assert refused.value.for_field("retention_months") == [
        "Keep personal data 1 to 120 months after the event."
    ]


def _with_months(data: WorkshopInput, months: int) -> WorkshopInput:
    from dataclasses import replace

    return replace(data, retention_months=months)


def test_the_purge_comes_at_the_first_unlock_after_the_period_in_toronto(
    services: Services,
) -> None:
    """Kept 24 months after Oct 4, 2018: at 23:30 on Oct 3, 2020 in Toronto (already Oct 4
    in UTC) nothing goes; at the first unlock of Oct 4 in Toronto it is purged, once, with
    the anonymous totals in the audit log; the finance records still add up."""
    _decided_and_charged(services)
    workshop = _workshop(services)
    charges_before = [
        (c.amount, c.charged_on, c.reference) for c in services.charging.charges(workshop)
    ]

    _move(services, datetime(2020, 10, 3, 23, 30, tzinfo=TORONTO))
    _unlock_again(services)
    assert _audit(services, "personal_data.purge") == []
    assert services.personal_data.due_purges() == []

    _move(services, datetime(2020, 10, 4, 8, 0, tzinfo=TORONTO))
    (plan,) = services.personal_data.due_purges()
    assert plan.due_on == date(2020, 10, 4) and plan.kept == ()
    _unlock_again(services)

    (summary,) = _audit(services, "personal_data.purge")
    assert summary == (
        "Personal data purged, 24 months after the event (2018-10-04): erased 7 contacts, "
        "6 questionnaires (200 answers, 4 notes), 13 delegate-list entries, 3 cardholder "
        "names, 3 typed reasons; kept as anonymous totals: 7 registrations (1 withdrawn, "
        "1 confirmed, 2 cancelled, 3 charged), fees charged 9,000.00 CAD"
    )
    rows = services.registrations.list(workshop)
    assert {r.contact_name for r in rows} == {ERASED}
    assert sorted(r.status for r in rows) == sorted(
        [S.WITHDRAWN, S.CONFIRMED, S.CANCELLED, S.CANCELLED, S.CHARGED, S.CHARGED, S.CHARGED]
    )
    assert [(c.amount, c.charged_on, c.reference) for c in services.charging.charges(workshop)] == (
        charges_before
    )
    assert services.delegates.count(workshop) == 0
    text = _live_non_audit(services)
    for trace in (*NORTHSHORE_PEOPLE, "Kaarel Tamm", "Budget for", "regional innovation grant"):
        assert trace not in text, trace
    # Once: the next unlock finds nothing due.
    _move(services, datetime(2021, 1, 1, 9, 0, tzinfo=TORONTO))
    _unlock_again(services)
    assert len(_audit(services, "personal_data.purge")) == 1
    assert services.personal_data.due_purges() == []


def test_a_purge_leaves_a_registration_whose_card_is_still_stored(services: Services) -> None:
    """The demo was never decided: four cards are still stored. Their registrations wait
    for the vault's erasure; the others are purged; the next unlock adds nothing."""
    _move(services, datetime(2021, 3, 1, 9, 0, tzinfo=TORONTO))
    _unlock_again(services)

    (summary,) = _audit(services, "personal_data.purge")
    assert summary.endswith(
        "; left until their card is erased: Northshore Photonics Cluster, Baltic Maritime "
        "Innovation Network, Rhine Valley Health Cluster, Lakeside Clean Energy Cluster"
    )
    contacts = {
        r.organization: r.contact_name for r in services.registrations.list(_workshop(services))
    }
    assert contacts[NORTHSHORE] == "Amélie Tremblay"
    assert contacts[NORDIC] == contacts[ANDES] == ERASED
    (still_due,) = services.personal_data.due_purges()
    assert not still_due.counts.anything and len(still_due.kept) == 4
    _unlock_again(services)
    assert len(_audit(services, "personal_data.purge")) == 1


def test_a_failing_purge_never_keeps_the_director_out(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_workshop_id: int | None = None) -> list:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(services.personal_data, "purge_due", broken)
    _move(services, datetime(2021, 3, 1, 9, 0, tzinfo=TORONTO))
    _unlock_again(services)
    assert services.vault.unlocked
    assert _audit(services, "personal_data.purge") == []


def test_the_workshop_period_counts_from_its_own_months(services: Services) -> None:
    workshop = _workshop(services)
    services.workshops.update(
        workshop, _with_months(services.workshops.get(workshop).as_input(), 6)
    )
    _move(services, datetime(2019, 4, 3, 12, 0, tzinfo=TORONTO))
    assert services.personal_data.due_purges() == []
    _move(services, datetime(2019, 4, 4, 12, 0, tzinfo=TORONTO))
    (plan,) = services.personal_data.due_purges()
    assert (plan.months, plan.due_on) == (6, date(2019, 4, 4))
    assert "left until" not in plan.sentence()
    assert plan.sentence().startswith(
        "Workshop TCI2018-BENCH: personal data kept 6 months after the event of Oct 4, 2018, "
        "due on Apr 4, 2019; erase "
    )
