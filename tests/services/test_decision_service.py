"""Decision day through the real services: dry run, confirm once, erase the cancelled."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from escadesk.app import Services
from escadesk.domain.card_authorization import CardAuthorizationForm
from escadesk.domain.decision import Outcome
from escadesk.domain.registration import RegistrationStatus as S
from escadesk.domain.validation import ValidationError
from escadesk.notifications.messages import Template
from escadesk.services.clock import FixedClock
from escadesk.services.demo import DEMO_PASSPHRASE
from escadesk.services.vault import WrongPassphraseError
from organization_languages import speak

TORONTO = ZoneInfo("America/Toronto")
DECISION_DAY = datetime(2018, 10, 2, 9, 0, tzinfo=TORONTO)


@pytest.fixture
def services(demo: Services) -> Services:
    """The seeded demo (tests/services/conftest.py), every organization writing in English
    (the certificates and letters read here; their French: test_french_certificates.py)."""
    speak(demo, "en")
    return demo


def _workshop(services: Services) -> int:
    (summary,) = services.workshops.list()
    return summary.id


def _ids(services: Services) -> dict[str, int]:
    return {r.organization: r.id for r in services.registrations.list(_workshop(services))}


def _statuses(services: Services) -> dict[str, S]:
    return {r.organization: r.status for r in services.registrations.list(_workshop(services))}


def _card(number: str = "4012 8888 8888 1881", code: str = "321") -> CardAuthorizationForm:
    return CardAuthorizationForm(
        "Jordi Puig", number, "12/2021", code, "Carrer de Mallorca 1, Barcelona", date(2018, 9, 27)
    )


def _move_clock(services: Services, moment: datetime) -> None:
    clock = services.clock
    assert isinstance(clock, FixedClock)
    clock.set(moment)


def test_before_the_deadline_it_is_a_preview_only(services: Services) -> None:
    workshop = _workshop(services)
    plan = services.decision.preview(workshop)
    assert not plan.available and plan.outcome is Outcome.CANCEL
    with pytest.raises(ValidationError, match="from the end of the last day"):
        services.decision.confirm(workshop, DEMO_PASSPHRASE)
    assert services.decision.taken(workshop) is None


def test_proceed_fixes_the_fee_and_cancels_the_incomplete(services: Services) -> None:
    workshop, ids = _workshop(services), _ids(services)
    services.registrations.record_authorization(ids["Andes AgriFood Alliance"])
    services.registrations.record_form(ids["Lakeside Clean Energy Cluster"])
    services.vault.record(ids["Catalonia Smart Mobility Hub"], _card())  # never completes
    _move_clock(services, DECISION_DAY)

    plan = services.decision.preview(workshop)
    assert plan.available and plan.outcome is Outcome.PROCEED and plan.participants == 5
    assert plan.fee is not None and plan.fee.price.gross.amount == Decimal("2780.00")
    assert _statuses(services)["Andes AgriFood Alliance"] is S.COMPLETE  # dry run changed nothing

    with pytest.raises(WrongPassphraseError):
        services.decision.confirm(workshop, "not the passphrase")
    assert services.decision.taken(workshop) is None
    time.sleep(services.vault.retry_after())  # the delay a wrong try earns (1 s)

    services.decision.confirm(workshop, DEMO_PASSPHRASE)
    statuses = _statuses(services)
    assert sorted(name for name, status in statuses.items() if status is S.CONFIRMED) == [
        "Andes AgriFood Alliance",
        "Baltic Maritime Innovation Network",
        "Lakeside Clean Energy Cluster",
        "Northshore Photonics Cluster",
        "Rhine Valley Health Cluster",
    ]
    assert statuses["Catalonia Smart Mobility Hub"] is S.CANCELLED
    assert statuses["Nordic Games & Media Cluster"] is S.WITHDRAWN  # untouched
    record = services.decision.taken(workshop)
    assert record is not None and record.outcome is Outcome.PROCEED and record.participants == 5

    with pytest.raises(ValidationError, match="already taken on Oct 2, 2018"):
        services.decision.confirm(workshop, DEMO_PASSPHRASE)

    # The cancelled registration's card is the only one to destroy.
    assert services.decision.pending_erasures(workshop) == [ids["Catalonia Smart Mobility Hub"]]
    (erasure,) = services.decision.erase_cancelled(workshop).erasures
    assert erasure.organization == "Catalonia Smart Mobility Hub"
    assert erasure.status == "complete"
    assert services.decision.pending_erasures(workshop) == []
    assert ids["Catalonia Smart Mobility Hub"] not in services.vault.masked(workshop)
    assert len(services.vault.masked(workshop)) == 4  # confirmed cards stay for charging


def test_cancel_destroys_every_card_of_the_workshop(services: Services, tmp_path: Path) -> None:
    workshop = _workshop(services)
    _move_clock(services, DECISION_DAY)
    plan = services.decision.confirm(workshop, DEMO_PASSPHRASE)
    assert plan.outcome is Outcome.CANCEL
    statuses = _statuses(services)
    assert statuses.pop("Nordic Games & Media Cluster") is S.WITHDRAWN
    assert set(statuses.values()) == {S.CANCELLED}

    seen: list[tuple[int, str]] = []
    report = services.decision.erase_cancelled(
        workshop, progress=lambda percent, text: seen.append((percent, text))
    )
    erasures = report.erasures
    assert len(erasures) == 4 and all(e.status == "complete" for e in erasures)
    assert seen[-1] == (100, report.sentence())
    assert report.sentence() == (
        "4 of 4 card authorizations found were destroyed, each with its certificate of destruction."
    )
    assert services.vault.masked(workshop) == {}
    everything = b"".join(p.read_bytes() for p in (tmp_path / "data").rglob("*") if p.is_file())
    for number in (b"4111111111111111", b"5555555555554444", b"378282246310005"):
        assert number not in everything
    text = services.vault.certificate_text(erasures[0].id)
    assert "did not proceed" in text


def _withdraw_keeping_the_card(services: Services, registration_id: int) -> None:
    """A withdrawal as stored before issue 14 (the state changed, the card stayed): the
    lifecycle step alone, in its own transaction, as the old use case did it."""
    from escadesk.domain.registration import RegistrationEvent
    from escadesk.services.lookups import load_registration
    from escadesk.services.registration_lifecycle import apply_event

    with services.context.database.transaction() as session:
        registration = load_registration(session, registration_id)
        apply_event(
            services.context, session, registration, RegistrationEvent.WITHDRAW, None, "Budget"
        )


def test_cancel_destroys_the_card_of_a_withdrawn_organization_too(services: Services) -> None:
    """Issue 14: pending_erasures selected only cancelled registrations, so a withdrawn
    organization's card stayed in the vault while everything said all cards were gone."""
    workshop, ids = _workshop(services), _ids(services)
    nordic = ids["Nordic Games & Media Cluster"]
    lakeside = ids["Lakeside Clean Energy Cluster"]
    _withdraw_keeping_the_card(services, lakeside)  # Discover •••• 1117 stays stored
    _move_clock(services, DECISION_DAY)

    planned = {card.organization: card for card in services.decision.planned_erasures(workshop)}
    assert len(planned) == 4  # every stored card, whatever the registration's state
    assert planned["Lakeside Clean Energy Cluster"].status is S.WITHDRAWN
    assert planned["Lakeside Clean Energy Cluster"].card.endswith("•••• 1117")
    assert nordic not in {card.registration_id for card in planned.values()}  # no card

    services.decision.confirm(workshop, DEMO_PASSPHRASE)
    assert lakeside in services.decision.pending_erasures(workshop)
    report = services.decision.erase_cancelled(workshop)
    assert (report.found, report.destroyed, report.failures) == (4, 4, ())
    assert services.vault.masked(workshop) == {}
    (erasure,) = [e for e in report.erasures if e.registration_id == lakeside]
    assert erasure.status == "complete"
    certificate = services.vault.certificate_text(erasure.id)
    assert "Organization: Lakeside Clean Energy Cluster" in certificate
    assert "Registration withdrawn: the card authorization is no longer needed." in certificate
    others = [e for e in report.erasures if e.registration_id != lakeside]
    assert all("did not proceed" in e.reason for e in others)
    assert services.decision.pending_erasures(workshop) == []


def test_the_sentence_counts_what_was_destroyed_and_names_what_was_not(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    from escadesk.services.vault import VaultError

    workshop, ids = _workshop(services), _ids(services)
    _move_clock(services, DECISION_DAY)
    services.decision.confirm(workshop, DEMO_PASSPHRASE)
    erase = services.vault.erase
    stuck = ids["Baltic Maritime Innovation Network"]

    def keychain_down(registration_id: int, reason: str, scope: object) -> object:
        if registration_id == stuck:
            raise VaultError("The system keychain did not answer.")
        return erase(registration_id, reason, scope)  # type: ignore[arg-type]

    monkeypatch.setattr(services.vault, "erase", keychain_down)
    report = services.decision.erase_cancelled(workshop)
    assert (report.found, report.destroyed) == (4, 3)
    assert report.sentence() == (
        "3 of 4 card authorizations found were destroyed. 1 could not be destroyed: Baltic "
        "Maritime Innovation Network: The system keychain did not answer. Try again; an "
        "erasure cut off half-way is finished at the next unlock."
    )
    assert services.decision.pending_erasures(workshop) == [stuck]

    monkeypatch.setattr(services.vault, "erase", erase)
    again = services.decision.erase_cancelled(workshop)
    assert again.sentence() == (
        "1 of 1 card authorization found was destroyed, with its certificate of destruction."
    )
    assert services.decision.erase_cancelled(workshop).sentence() == (
        "No card authorization was found to destroy."
    )


def _cancel_and_cut_off_the_erasures(services: Services) -> int:
    """A cancel decision whose erase loop stops after the first card (the director closed
    the app, the power went out): three cards are still pending."""
    workshop = _workshop(services)
    _move_clock(services, DECISION_DAY)
    services.decision.confirm(workshop, DEMO_PASSPHRASE)

    def stop_after_the_first(percent: int, _text: str) -> None:
        if percent > 0:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        services.decision.erase_cancelled(workshop, progress=stop_after_the_first)
    assert len(services.decision.pending_erasures(workshop)) == 3
    return workshop


def test_an_interrupted_erasure_is_finished_by_running_it_again(services: Services) -> None:
    workshop = _cancel_and_cut_off_the_erasures(services)
    _move_clock(services, DECISION_DAY + timedelta(hours=1))
    assert len(services.decision.erase_cancelled(workshop).erasures) == 3
    assert services.decision.pending_erasures(workshop) == []


def test_an_erase_loop_cut_off_is_finished_at_the_next_unlock(services: Services) -> None:
    """The decision's condemned cards are a durable intent: after the loop stops between
    cards, the next unlock destroys the rest, each with its certificate."""
    workshop = _cancel_and_cut_off_the_erasures(services)

    services.vault.lock()
    services.vault.unlock(DEMO_PASSPHRASE)

    assert services.decision.pending_erasures(workshop) == []
    assert services.vault.masked(workshop) == {}
    assert {e.status for e in services.vault.erasures(workshop)} == {"complete"}


def _seven_complete(services: Services) -> int:
    """Three more delegates register and complete: 8 complete, 6 confirmed + 2 waitlisted."""
    from escadesk.domain.registration_form import RegistrationDetails

    workshop, ids = _workshop(services), _ids(services)
    services.registrations.record_authorization(ids["Andes AgriFood Alliance"])
    services.registrations.record_form(ids["Lakeside Clean Energy Cluster"])
    for name, email, area in (
        ("Pearl River ICT Cluster", "wei.chen@prict.example", "ICT"),
        ("Atlantic Ocean Tech", "tom.obrien@aot.example", "Maritime technologies, water resources"),
        ("Accra Digital Hub", "grace.mensah@adh.example", "ICT"),
    ):
        rid = services.registrations.register(
            workshop, RegistrationDetails(name, "Canada", area, "Someone", email)
        )
        services.registrations.record_form(rid)
        if name != "Accra Digital Hub":
            services.vault.record(rid, _card("4222222222222", "555"))
        else:
            services.registrations.record_authorization(rid)
    _move_clock(services, DECISION_DAY)
    services.decision.confirm(workshop, DEMO_PASSPHRASE)
    return workshop


def test_a_withdrawal_frees_a_place_for_the_first_waitlisted(services: Services) -> None:
    workshop = _seven_complete(services)
    statuses = _statuses(services)
    assert list(statuses.values()).count(S.CONFIRMED) == 6
    rows = services.registrations.list(workshop)
    waitlisted = sorted((r for r in rows if r.status is S.WAITLISTED), key=lambda r: r.completed_at)
    assert len(waitlisted) == 2
    waiting = waitlisted[0].organization  # the earliest completion goes first
    confirmed = next(name for name, status in statuses.items() if status is S.CONFIRMED)
    services.registrations.withdraw(_ids(services)[confirmed], "Cannot travel after all")
    promoted = services.decision.promote_next(workshop)
    assert promoted == _ids(services)[waiting]
    rows = {r.organization: r for r in services.registrations.list(workshop)}
    assert rows[waiting].status is S.CONFIRMED
    assert rows[waitlisted[1].organization].status is S.WAITLISTED  # still waiting


def test_no_promotion_while_all_places_are_taken(services: Services) -> None:
    workshop = _seven_complete(services)
    with pytest.raises(ValidationError, match="no free place"):
        services.decision.promote_next(workshop)


def test_reprice_needs_a_reason_and_follows_the_head_count(
    services: Services, tmp_path: Path
) -> None:
    workshop, ids = _workshop(services), _ids(services)
    services.registrations.record_authorization(ids["Andes AgriFood Alliance"])
    services.registrations.record_form(ids["Lakeside Clean Energy Cluster"])
    _move_clock(services, DECISION_DAY)
    services.decision.confirm(workshop, DEMO_PASSPHRASE)  # 5 -> 2,780.00
    services.registrations.withdraw(ids["Lakeside Clean Energy Cluster"], "Illness")
    with pytest.raises(ValidationError, match="why"):
        services.decision.reprice(workshop, "  ")
    repriced = services.decision.reprice(workshop, "Lakeside withdrew")
    assert repriced.fee.amount == Decimal("3000.00")
    rows = services.registrations.list(workshop)
    confirmed = {r.organization for r in rows if r.status is S.CONFIRMED}
    assert len(confirmed) == 4 and set(repriced.flagged) == confirmed
    assert all(
        r.fee_notice_due and r.fee_gross == Decimal("3000.00")
        for r in rows
        if r.status is S.CONFIRMED
    )
    assert not any(r.fee_notice_due for r in rows if r.status is not S.CONFIRMED)
    # The new letters say the price changed and who is flagged; sending them clears the flag.
    letters = services.notifications.letters(workshop, Template.CONFIRMED, only_notice_due=True)
    assert {letter.organization for letter in letters} == confirmed
    assert all(letter.notice_due for letter in letters)
    assert "replaces my earlier message" in letters[0].message.body
    assert "3,000.00 CAD" in letters[0].message.subject
    services.notifications.save_drafts(letters[:1], tmp_path)
    left = services.notifications.letters(workshop, Template.CONFIRMED, only_notice_due=True)
    assert len(left) == 3


def test_after_the_event_the_waitlisted_cards_are_offered_for_erasure(services: Services) -> None:
    workshop = _seven_complete(services)
    assert services.decision.after_event_erasures(workshop) == []  # not over yet
    _move_clock(services, datetime(2018, 10, 5, 9, 0, tzinfo=TORONTO))
    pending = services.decision.after_event_erasures(workshop)
    statuses = {r.id: r.status for r in services.registrations.list(workshop)}
    assert pending and all(statuses[rid] in (S.WAITLISTED, S.WITHDRAWN) for rid in pending)
    report = services.decision.erase_after_event(workshop)
    assert len(report.erasures) == report.found == report.destroyed == len(pending)
    assert services.decision.after_event_erasures(workshop) == []


def test_waitlist_positions_after_the_decision_follow_completion_time(
    services: Services,
) -> None:
    workshop = _seven_complete(services)
    rows = services.registrations.list(workshop)
    waitlisted = sorted(
        (r for r in rows if r.status is S.WAITLISTED), key=lambda r: (r.completed_at, r.id)
    )
    assert [r.waitlist_position for r in waitlisted] == [1, 2]
    assert all(r.waitlist_position is None for r in rows if r.status is not S.WAITLISTED)
    # After the first is promoted, the second moves up.
    confirmed = next(r for r in rows if r.status is S.CONFIRMED)
    services.registrations.withdraw(confirmed.id, "Cannot travel")
    services.decision.promote_next(workshop)
    rows = {r.id: r for r in services.registrations.list(workshop)}
    assert rows[waitlisted[1].id].waitlist_position == 1
    assert rows[waitlisted[0].id].waitlist_position is None
