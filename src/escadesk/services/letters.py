"""Letters through the whole workshop: which are due and why, built, saved or sent.

The rules of "due" are the domain's (domain/letters.py); this service reads their facts in
one session (registrations, the letter table, labels, surveys), renders the letters
(``notifications``) and records each one saved or sent in the letter table and the audit
log, in one transaction. The status letters (confirmed, waitlisted, cancelled, receipt)
are still built by :class:`~escadesk.services.notify.NotificationService`; here they get
their "why" and the "Due only" filter: due when never written for the current status, or
the fee changed since (the rule the desk counts in services/lifecycle.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote_plus

from sqlalchemy import select
from sqlalchemy.orm import Session

from escadesk.domain import letters as rules
from escadesk.domain.letters import LetterKind, LetterRecord
from escadesk.domain.pitch_schedule import plan_pitches
from escadesk.domain.registration import TAKING_PART
from escadesk.domain.workshop_calendar import AgendaItem, clock
from escadesk.i18n import N_
from escadesk.notifications.calendar_invite import (
    FILE_NAME as ICS_NAME,
)
from escadesk.notifications.calendar_invite import (
    METHOD,
    MIME_TYPE,
    CalendarEvent,
    invitation_ics,
    invitation_uid,
)
from escadesk.notifications.draft_names import DraftName, acknowledgement
from escadesk.notifications.drafts import Attachment, build_email, save_eml
from escadesk.notifications.letter_kinds import STATUS_TEMPLATES
from escadesk.notifications.letter_language import (
    document_title,
    event_times,
    is_english,
    letter_clock,
    map_link,
    pitch_slot,
    translator,
)
from escadesk.notifications.messages import Recipient, Template, render
from escadesk.notifications.smtp import SmtpSettings, send
from escadesk.services import audit
from escadesk.services.context import ServiceContext
from escadesk.services.institute import read_identity
from escadesk.services.letters_due import (
    letter_records,
    registration_facts,
    reminders_due_in,
    workshop_moments,
)
from escadesk.services.lookups import load_workshop
from escadesk.services.notify import Letter, NotificationService, letter_context, letter_entry
from escadesk.services.workshop_mapping import calendar_of
from escadesk.storage import models

if TYPE_CHECKING:
    from escadesk.services.benchmarking import BenchmarkingService

#: What each letter is, in its draft's file name (a whole pattern in the organization's
#: language; the acknowledgement's names its document: draft_names.acknowledgement).
DRAFT_NAMES = {
    LetterKind.ACKNOWLEDGEMENT: DraftName.ACKNOWLEDGEMENT,
    LetterKind.REMINDER: DraftName.REMINDER,
    LetterKind.PRACTICAL_DETAILS: DraftName.PRACTICAL_DETAILS,
    LetterKind.REPORT_DELIVERY: DraftName.REPORT_DELIVERY,
    LetterKind.BRONZE_LABEL: DraftName.BRONZE_LABEL,
}
#: What the practical details ask each organization to bring.
WHAT_TO_BRING = (
    N_(
        "a short presentation of your cluster strategy for your pitch (slides on a USB key "
        "or your laptop)"
    ),
    N_("a laptop, to answer the benchmarking survey during the afternoon session"),
    N_(
        "your organization's key figures: members, staff, budget and sources of funding, "
        "services and results"
    ),
    N_("business cards, to stay in touch with the other cluster managers"),
)
#: Used when the workshop has no agenda: the announcement's 5-hour day.
DEFAULT_DAY = (time(9, 0), time(15, 0))


def _kind(template: Template) -> LetterKind:
    return LetterKind(template.value)


class LetterService:
    """The letters through the workshop (see the module's note)."""

    def __init__(
        self,
        context: ServiceContext,
        notifications: NotificationService,
        benchmarking: Callable[[], BenchmarkingService],
        pitch_order: Callable[[int], list[tuple[int, str]]] | None = None,
    ) -> None:
        self._context = context
        self._notifications = notifications
        self._benchmarking = benchmarking
        self._pitch_order = pitch_order

    # -- what is due -----------------------------------------------------------------------

    def due(self, workshop_id: int, kind: LetterKind | None = None) -> list[rules.DueLetter]:
        """Every letter of domain/letters.py due now (optionally one kind)."""
        now = self._context.clock.now()
        with self._context.database.reading() as session:
            workshop = load_workshop(session, workshop_id)
            moments = workshop_moments(workshop)
            facts, records = self._facts(session, workshop, moments, now)
            versions = _report_versions(session, workshop_id)
        due: list[rules.DueLetter] = []
        for fact in facts:
            own = records.get(fact.registration_id, [])
            version = versions.get(fact.registration_id, "1")
            for letter in rules.letters_due(fact, own, moments, now, report_version=version):
                if kind is None or letter.kind is kind:
                    due.append(letter)
        return due

    def reminders_due(self, workshop_id: int) -> int:
        """How many missing-document reminders are due now (the desk's notice)."""
        now = self._context.clock.now()
        with self._context.database.reading() as session:
            calendar = calendar_of(load_workshop(session, workshop_id))
            return reminders_due_in(session, workshop_id, calendar, now)

    # -- the letters -----------------------------------------------------------------------

    def letters(
        self, workshop_id: int, template: Template, *, due_only: bool = True
    ) -> list[Letter]:
        """The letters of ``template``: those due now, each with its reason (or, without
        ``due_only``, every one the workshop's states call for)."""
        if template in STATUS_TEMPLATES:
            return self._status_letters(workshop_id, template, due_only)
        kind = _kind(template)
        due = self.due(workshop_id, kind)
        if not due_only:
            due = self._all_of(workshop_id, kind, due)
        return self._build(workshop_id, due)

    def _status_letters(self, workshop_id: int, template: Template, due_only: bool) -> list[Letter]:
        letters = self._notifications.letters(workshop_id, template)
        with self._context.database.reading() as session:
            written = _status_letters_written(session, workshop_id, template)
        shown = []
        for letter in letters:
            if letter.notice_due:
                why = "New price notice due."
            elif letter.registration_id not in written:
                why = "Not written to for its current status yet."
            else:
                why = ""
            if why or not due_only:
                shown.append(replace(letter, why=why))
        return shown

    def _all_of(
        self, workshop_id: int, kind: LetterKind, due: list[rules.DueLetter]
    ) -> list[rules.DueLetter]:
        """Due or not, every letter of ``kind`` the registrations' facts allow (to write
        one again); those not due say so."""
        now = self._context.clock.now()
        with self._context.database.reading() as session:
            workshop = load_workshop(session, workshop_id)
            moments = workshop_moments(workshop)
            facts, _records = self._facts(session, workshop, moments, now)
            versions = _report_versions(session, workshop_id)
        everyone = replace(moments, decided=False, deadline=now + timedelta(days=1))
        if kind is LetterKind.REPORT_DELIVERY:
            everyone = replace(everyone, event_over=min(moments.event_over, now))
        if kind is LetterKind.PRACTICAL_DETAILS:
            everyone = replace(everyone, event_over=max(moments.event_over, now + timedelta(1)))
        shown = {(d.registration_id, d.about) for d in due}
        result = list(due)
        for fact in facts:
            version = versions.get(fact.registration_id, "1")
            for letter in rules.letters_due(fact, [], everyone, now, report_version=version):
                if letter.kind is kind and (letter.registration_id, letter.about) not in shown:
                    result.append(replace(letter, why=""))
        return result

    def _build(self, workshop_id: int, due: Sequence[rules.DueLetter]) -> list[Letter]:
        if not due:
            return []
        now = self._context.clock.now()
        order = self._pitch_order(workshop_id) if self._pitch_order else []
        built: list[Letter] = []
        with self._context.database.reading() as session:
            institute = read_identity(session)
            workshop = load_workshop(session, workshop_id)
            calendar = calendar_of(workshop)
            registrations = {r.id: r for r in workshop.registrations}
            records = letter_records(session, workshop_id)
            labels = {
                label.registration_id: label
                for label in session.scalars(
                    select(models.QualityLabel).where(
                        models.QualityLabel.registration_id.in_(list(registrations))
                    )
                )
            }
            pitches = plan_pitches(calendar.agenda, [name for _id, name in order])
            slots = {rid: slot for (rid, _name), slot in zip(order, pitches.slots, strict=False)}
            for letter in due:
                registration = registrations[letter.registration_id]
                base = letter_context(workshop, registration, institute)
                locale = base.locale  # the organization's language
                facts = registration_facts(registration)
                received = facts.received()
                missing = facts.missing()
                fields: dict[str, object] = {
                    "received_documents": tuple(document_title(d, locale) for d in received),
                    "missing_documents": tuple(document_title(d, locale) for d in missing),
                }
                attachments: list[Attachment] = []
                deferred: Callable[[], tuple[Attachment, ...]] | None = None
                note = ""
                draft_name = DRAFT_NAMES[letter.kind]
                if letter.kind is LetterKind.ACKNOWLEDGEMENT and letter.document is not None:
                    at = received[letter.document]
                    fields["document"] = document_title(letter.document, locale)
                    fields["document_received_on"] = calendar.local(at).date()
                    draft_name = acknowledgement(letter.document)
                elif letter.kind is LetterKind.PRACTICAL_DETAILS:
                    own = records.get(letter.registration_id, [])
                    sequence = rules.details_sequence(own, letter.about)
                    first, last = _day(calendar.agenda)
                    slot = slots.get(letter.registration_id)
                    fields |= {
                        "event_times": event_times(first, last, locale),
                        "agenda_lines": tuple(
                            _agenda_line(item, locale) for item in calendar.agenda
                        ),
                        "pitch_slot": (
                            pitch_slot(
                                slot.start, slot.end, slot.number, len(pitches.slots), locale
                            )
                            if slot
                            else ""
                        ),
                        "directions": _directions(workshop.venue, locale),
                        "bring_items": tuple(
                            translator(locale).gettext(item) for item in WHAT_TO_BRING
                        ),
                        "facilitators": tuple(
                            f"{f.name}, {f.affiliation}" if f.affiliation else f.name
                            for f in workshop.facilitators
                        ),
                        "details_update": sequence > 0,
                    }
                    event = CalendarEvent(
                        uid=invitation_uid(
                            workshop.code, registration.id, _domain(institute.sender_email)
                        ),
                        summary=workshop.title,
                        description=_ics_description(workshop.title, calendar.agenda, locale),
                        location=workshop.venue,
                        day=workshop.event_date,
                        start=first,
                        end=last,
                        timezone=workshop.timezone,
                        organizer=Recipient(institute.director_name, institute.sender_email),
                        attendee=Recipient(registration.contact.name, registration.contact.email),
                        sequence=sequence,
                        stamp=now,
                    )
                    attachments.append(
                        Attachment(
                            ICS_NAME,
                            invitation_ics(event),
                            MIME_TYPE,
                            (("method", METHOD), ("charset", "utf-8")),
                        )
                    )
                elif letter.kind is LetterKind.REPORT_DELIVERY:
                    report_names = self._report_names(registration.id)
                    fields["report_names"] = report_names
                    deferred = self._report_attachments(registration.id)
                    note = ", ".join(report_names)
                elif letter.kind is LetterKind.BRONZE_LABEL:
                    label = labels.get(registration.id)
                    if label is None:
                        continue
                    fields["label_awarded_on"] = label.awarded_on
                    fields["label_valid_until"] = label.valid_until
                    deferred = self._certificate_attachment(registration.id)
                    note = "Bronze label certificate (PDF)"
                template = Template(letter.kind.value)
                message = render(template, replace(base, **fields))  # type: ignore[arg-type]
                built.append(
                    Letter(
                        registration.id,
                        registration.organization.name,
                        template,
                        Recipient(registration.contact.name, registration.contact.email),
                        message,
                        tuple(attachments),
                        file_stem=draft_name.stem(
                            locale,
                            workshop.title,
                            workshop.event_date,
                            registration.organization.name,
                        ),
                        why=letter.why,
                        about=letter.about,
                        deferred=deferred,
                        attachment_note=note,
                    )
                )
        return built

    def _report_names(self, registration_id: int) -> tuple[str, ...]:
        stem = Path(self._benchmarking().report_file_name(registration_id)).stem
        return (f"{stem}.pdf", f"{stem}.xlsx")

    def _report_attachments(self, registration_id: int) -> Callable[[], tuple[Attachment, ...]]:
        def make() -> tuple[Attachment, ...]:
            files = self._benchmarking().report_files(registration_id)
            return tuple(Attachment(name, data, _mime(name)) for name, data in files)

        return make

    def _certificate_attachment(self, registration_id: int) -> Callable[[], tuple[Attachment, ...]]:
        def make() -> tuple[Attachment, ...]:
            name, data = self._benchmarking().bronze_certificate(registration_id)
            return (Attachment(name, data, _mime(name)),)

        return make

    # -- saving and sending ----------------------------------------------------------------

    def save_drafts(self, letters: Sequence[Letter], folder: Path) -> list[Path]:
        """Save each letter as an .eml draft, each recorded (letter table and audit)."""
        status = [letter for letter in letters if letter.template in STATUS_TEMPLATES]
        saved = self._notifications.save_drafts(status, folder) if status else []
        others = [letter for letter in letters if letter.template not in STATUS_TEMPLATES]
        if not others:
            return saved
        folder.mkdir(parents=True, exist_ok=True)
        sender = self._notifications.sender()
        for letter in others:
            email = build_email(letter.message, sender, letter.to, _attachments(letter))
            saved.append(save_eml(email, folder, letter.file_stem or letter.organization))
            self._record(letter, "saved as a draft")
        return saved

    def send_all(
        self, letters: Sequence[Letter], settings: SmtpSettings, password: str | None
    ) -> int:
        status = [letter for letter in letters if letter.template in STATUS_TEMPLATES]
        count = self._notifications.send_all(status, settings, password) if status else 0
        sender = self._notifications.sender()
        for letter in letters:
            if letter.template in STATUS_TEMPLATES:
                continue
            send(
                build_email(letter.message, sender, letter.to, _attachments(letter)),
                settings,
                password,
            )
            self._record(letter, "sent")
            count += 1
        return count

    def _record(self, letter: Letter, how: str) -> None:
        """The letter table's row and the audit entry, in one transaction."""
        with self._context.database.transaction() as session:
            registration = session.get(models.Registration, letter.registration_id)
            if registration is None:
                return
            session.add(letter_entry(self._context, letter, how))
            audit.record_now(
                session,
                self._context,
                action=f"notify.{letter.template.value}",
                entity="registration",
                entity_id=letter.registration_id,
                workshop_id=registration.workshop_id,
                summary=(
                    f"'{letter.message.subject}' to the contact of "
                    f"{registration.organization.name} {how}"
                ),
            )

    # -- reading the facts -----------------------------------------------------------------

    def _facts(
        self,
        session: Session,
        workshop: models.Workshop,
        moments: rules.WorkshopMoments,
        now: datetime,
    ) -> tuple[list[rules.RegistrationLetterFacts], dict[int, list[LetterRecord]]]:
        records = letter_records(session, workshop.id)
        labels: dict[int, date] = {
            registration_id: awarded_on
            for registration_id, awarded_on in session.execute(
                select(models.QualityLabel.registration_id, models.QualityLabel.awarded_on)
                .join(models.Registration)
                .where(models.Registration.workshop_id == workshop.id)
            )
        }
        facts = []
        for registration in workshop.registrations:
            fact = registration_facts(registration, labels.get(registration.id))
            if fact.status in TAKING_PART and now >= moments.event_over:
                fact = replace(fact, report_ready=self._report_ready(registration.id))
            facts.append(fact)
        return facts, records

    def _report_ready(self, registration_id: int) -> bool:
        try:
            return self._benchmarking().report_refusal(registration_id) is None
        except Exception:  # no survey yet, say: no report to deliver
            return False


# -- module helpers ---------------------------------------------------------------------------


def _status_letters_written(session: Session, workshop_id: int, template: Template) -> set[int]:
    """Registrations written to with ``template``: in the letter table, or (before it
    existed) in the audit log."""
    written = set(
        session.scalars(
            select(models.LetterEntry.registration_id)
            .join(models.Registration)
            .where(
                models.Registration.workshop_id == workshop_id,
                models.LetterEntry.kind == template.value,
            )
        )
    )
    written |= {
        entity_id
        for entity_id in session.scalars(
            select(models.AuditEntry.entity_id).where(
                models.AuditEntry.workshop_id == workshop_id,
                models.AuditEntry.action == f"notify.{template.value}",
            )
        )
        if entity_id is not None
    }
    return written


def _report_versions(session: Session, workshop_id: int) -> dict[int, str]:
    """A report's version is its answers' last change: new answers, a new report due."""
    return {
        registration_id: updated.isoformat(timespec="seconds")
        for registration_id, updated in session.execute(
            select(models.BenchmarkSurvey.registration_id, models.BenchmarkSurvey.updated_at)
            .join(models.Registration)
            .where(models.Registration.workshop_id == workshop_id)
        )
    }


def _day(agenda: Sequence[AgendaItem]) -> tuple[time, time]:
    if not agenda:
        return DEFAULT_DAY
    return min(item.start for item in agenda), max(item.end for item in agenda)


def _agenda_line(item: AgendaItem, locale: str) -> str:
    if is_english(locale):
        return f"{clock(item.start):>5}\u2013{clock(item.end):<5}  {item.title}"
    start, end = letter_clock(item.start, locale), letter_clock(item.end, locale)
    return f"{start}\u2013{end}  {item.title}"


def _ics_description(title: str, agenda: Sequence[AgendaItem], locale: str) -> str:
    """The calendar entry's description, times in the organization's language."""
    lines = [title, ""] + [
        f"{letter_clock(i.start, locale)}\u2013{letter_clock(i.end, locale)} {i.title}"
        for i in agenda
    ]
    return "\n".join(lines).strip()


def _directions(venue: str, locale: str) -> str:
    if not venue.strip():
        return ""
    return map_link(f"https://www.openstreetmap.org/search?query={quote_plus(venue)}", locale)


def _domain(email: str) -> str:
    return email.rpartition("@")[2]


def _mime(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return {
        ".pdf": "application/pdf",
        ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".txt": "text/plain",
    }.get(suffix, "application/octet-stream")


def _attachments(letter: Letter) -> list[Attachment]:
    made = letter.deferred() if letter.deferred is not None else ()
    return [*letter.attachments, *made]
