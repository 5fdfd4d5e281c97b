"""Letters through the workshop on the demo: due, drafted as real .eml files with their
attachments, recorded so that they are no longer due, and never a card number."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
from sqlalchemy import select

from escadesk.app import Services
from escadesk.domain.cards import contains_card_number
from escadesk.domain.letters import LetterKind
from escadesk.notifications.messages import Template
from escadesk.services.demo import DEMO_PASSPHRASE, DEMO_TODAY
from escadesk.services.lookups import load_workshop
from escadesk.storage import models
from organization_languages import speak
from raw_sql import dump

TORONTO = ZoneInfo("America/Toronto")
DECISION_DAY = datetime(2018, 10, 2, 9, 0, tzinfo=TORONTO)
AFTER_EVENT = datetime(2018, 10, 9, 9, 0, tzinfo=TORONTO)
CANARIES = ("4111111111111111", "4111 1111 1111 1111", "5555555555554444")


def _workshop(services: Services) -> int:
    (workshop,) = services.workshops.list()
    return workshop.id


def _parsed(path: Path) -> EmailMessage:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def _no_card_anywhere(services: Services, paths: list[Path]) -> None:
    for path in paths:
        raw = path.read_bytes().decode("ascii")
        assert not contains_card_number(raw), path.name
        text = _parsed(path).get_body(("plain",)).get_content()  # type: ignore[union-attr]
        assert not contains_card_number(text)
    database = services.context.database.file
    if database is None:  # on a server: every stored row, read back
        stored = "\n".join(dump(services.config.database_url))
        assert not any(canary in stored for canary in CANARIES)
        return
    for file in database.parent.glob(database.name + "*"):
        data = file.read_bytes()
        assert not any(canary.encode() in data for canary in CANARIES), file.name


def test_acknowledgements_drafted_recorded_and_no_longer_due(demo: Services, tmp_path: Path):
    workshop = _workshop(demo)
    speak(demo, "en")
    letters = demo.letters.letters(workshop, Template.ACKNOWLEDGEMENT)
    # The demo's complete registrations have two documents each, the others one.
    assert len(letters) == 8
    northshore = [
        letter for letter in letters if letter.organization == "Northshore Photonics Cluster"
    ]
    assert [letter.why.split(" received")[0] for letter in northshore] == [
        "Registration form",
        "Credit card authorization form",
    ]
    paths = demo.letters.save_drafts(letters, tmp_path / "drafts")
    assert len(paths) == 8 and len(set(paths)) == 8
    first = _parsed(paths[0])
    assert first["X-Unsent"] == "1" and "is received" in first["Subject"]
    assert demo.letters.letters(workshop, Template.ACKNOWLEDGEMENT) == []
    assert len(demo.letters.letters(workshop, Template.ACKNOWLEDGEMENT, due_only=False)) == 8
    with demo.context.database.reading() as session:
        rows = session.scalars(select(models.LetterEntry)).all()
        assert {r.kind for r in rows} == {"acknowledgement_received"} and len(rows) == 8
        assert all(
            r.how == "draft" and r.about.startswith(("registration_form@", "card_auth"))
            for r in rows
        )
        logged = session.scalars(
            select(models.AuditEntry.summary).where(
                models.AuditEntry.action == "notify.acknowledgement_received"
            )
        ).all()
    assert len(logged) == 8 and not [s for s in logged if "@" in s]
    _no_card_anywhere(demo, paths)


def test_reminders_due_only_before_the_deadline_and_not_too_often(demo: Services, tmp_path: Path):
    workshop = _workshop(demo)
    assert demo.letters.reminders_due(workshop) == 1
    (reminder,) = demo.letters.letters(workshop, Template.REMINDER)
    assert reminder.organization == "Catalonia Smart Mobility Hub"
    assert "Monday, Oct 1, 2018" in reminder.message.body
    assert "does not count towards them" in reminder.message.body
    demo.letters.save_drafts([reminder], tmp_path)
    assert demo.letters.reminders_due(workshop) == 0
    demo.clock.set(DEMO_TODAY + timedelta(days=2))  # type: ignore[attr-defined]
    assert demo.letters.reminders_due(workshop) == 0  # 7 days between reminders
    demo.clock.set(datetime(2018, 10, 2, 0, 0, tzinfo=TORONTO))  # type: ignore[attr-defined]
    assert demo.letters.due(workshop, LetterKind.REMINDER) == []  # the deadline has passed


def test_practical_details_with_a_calendar_invitation(demo: Services, tmp_path: Path):
    workshop = _workshop(demo)
    speak(demo, "en")
    ids = {r.organization: r.id for r in demo.registrations.list(workshop)}
    demo.registrations.record_authorization(ids["Andes AgriFood Alliance"])
    demo.clock.set(DECISION_DAY)  # type: ignore[attr-defined]
    demo.decision.confirm(workshop, DEMO_PASSPHRASE)
    letters = demo.letters.letters(workshop, Template.PRACTICAL_DETAILS)
    assert len(letters) == 4
    body = letters[0].message.body
    for expected in ("Thursday, Oct 4, 2018, 9:00 to 15:00", "Strategy Pitches", "What to bring"):
        assert expected in body
    paths = demo.letters.save_drafts(letters, tmp_path)
    parsed = _parsed(paths[0])
    (invite,) = list(parsed.iter_attachments())
    assert invite.get_content_type() == "text/calendar"
    assert invite.get_param("method") == "REQUEST"
    assert invite.get_filename() == "invitation.ics"
    raw = invite.get_payload(decode=True)
    assert isinstance(raw, bytes) and b"\r\n" in raw
    calendar = icalendar.Calendar.from_ical(raw)
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("DTSTART").astimezone(UTC) == datetime(2018, 10, 4, 13, 0, tzinfo=UTC)
    assert event.decoded("DTEND").astimezone(UTC) == datetime(2018, 10, 4, 19, 0, tzinfo=UTC)
    assert event["SEQUENCE"] == 0 and calendar.walk("VTIMEZONE")
    uid = str(event["UID"])
    assert demo.letters.letters(workshop, Template.PRACTICAL_DETAILS) == []

    # A new venue: the details are due again, as an update of the same calendar entry.
    with demo.context.database.transaction() as session:
        load_workshop(session, workshop).venue = "Rotman School of Management, Room 1050"
    again = demo.letters.letters(workshop, Template.PRACTICAL_DETAILS)
    assert len(again) == 4 and "(updated)" in again[0].message.subject
    (update,) = [a for a in again if a.registration_id == letters[0].registration_id]
    updated = icalendar.Calendar.from_ical(update.attachments[0].content)
    (event,) = updated.walk("VEVENT")
    assert str(event["UID"]) == uid and event["SEQUENCE"] == 1
    _no_card_anywhere(demo, paths)


def test_report_and_bronze_label_letters_carry_their_pdfs(demo: Services, tmp_path: Path):
    workshop = _workshop(demo)
    ids = {r.organization: r.id for r in demo.registrations.list(workshop)}
    demo.registrations.record_authorization(ids["Andes AgriFood Alliance"])
    demo.clock.set(DECISION_DAY)  # type: ignore[attr-defined]
    demo.decision.confirm(workshop, DEMO_PASSPHRASE)
    demo.clock.set(AFTER_EVENT)  # type: ignore[attr-defined]
    labels = demo.letters.letters(workshop, Template.BRONZE_LABEL)
    assert labels, "the demo awards Bronze labels"
    paths = demo.letters.save_drafts(labels[:1], tmp_path / "labels")
    (certificate,) = list(_parsed(paths[0]).iter_attachments())
    assert certificate.get_content_type() == "application/pdf"
    assert certificate.get_payload(decode=True).startswith(b"%PDF")
    assert len(demo.letters.letters(workshop, Template.BRONZE_LABEL)) == len(labels) - 1
    reports = demo.letters.letters(workshop, Template.REPORT_DELIVERY)
    assert reports, "the demo's answers make reports"
    assert [n.rsplit(".", 1)[1] for n in reports[0].attachment_note.split(", ")] == ["pdf", "xlsx"]
    paths += demo.letters.save_drafts(reports[:1], tmp_path / "reports")
    kinds = sorted(p.get_content_type() for p in _parsed(paths[-1]).iter_attachments())
    assert kinds == [
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ]
    assert len(demo.letters.letters(workshop, Template.REPORT_DELIVERY)) == len(reports) - 1
    _no_card_anywhere(demo, paths)


def test_a_status_letter_is_recorded_too(demo: Services, tmp_path: Path):
    workshop = _workshop(demo)
    ids = {r.organization: r.id for r in demo.registrations.list(workshop)}
    demo.registrations.record_authorization(ids["Andes AgriFood Alliance"])
    demo.clock.set(DECISION_DAY)  # type: ignore[attr-defined]
    demo.decision.confirm(workshop, DEMO_PASSPHRASE)
    due = demo.letters.letters(workshop, Template.CONFIRMED)
    assert due and all(letter.why for letter in due)
    demo.letters.save_drafts(due, tmp_path)
    assert demo.letters.letters(workshop, Template.CONFIRMED) == []
    with demo.context.database.reading() as session:
        kinds = session.scalars(select(models.LetterEntry.kind)).all()
    assert kinds == ["confirmed"] * len(due) and len(due) == 4
