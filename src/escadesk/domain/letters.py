"""Which letters through the workshop are due, and why: pure rules over plain facts.

The status letters (confirmed, waitlisted, cancelled, receipt) follow the registration's
state (``notifications/letter_kinds.py``); the letters here follow what happened to one
registration: a document received, a document still missing, a confirmed place, a report
written, a label awarded. Each letter is *about* something (a document received at a
given instant, a version of the practical details, a report, an award): a letter is due
when nothing was recorded about exactly that, so a second document, a changed venue or a
new award makes a new letter due, and a draft saved or a letter sent makes it no longer due.

The reminder is the one letter repeated on purpose: while a registration is incomplete and
the deadline has not passed, at most once per :data:`REMINDER_INTERVAL` after the last
acknowledgement, reminder or document received (whichever is latest). After the deadline
no reminder is due: an incomplete registration can no longer count.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from escadesk.domain.moments import long_date, require_aware
from escadesk.domain.registration import IN_PROGRESS, TAKING_PART, RegistrationStatus

#: At most one reminder in this time, counted from the last acknowledgement, reminder or
#: document received: a weekly nudge, so three or four before an announcement's deadline.
REMINDER_INTERVAL = timedelta(days=7)


class LetterKind(StrEnum):
    """The letters through the workshop; each value is the name of its template
    (``resources/templates/<value>.txt.j2``) and of its audit action (``notify.<value>``)."""

    ACKNOWLEDGEMENT = "acknowledgement_received"
    REMINDER = "reminder_missing_documents"
    PRACTICAL_DETAILS = "practical_details"
    REPORT_DELIVERY = "report_delivery"
    BRONZE_LABEL = "bronze_label"


class Document(StrEnum):
    """The two documents a registration is made of."""

    REGISTRATION_FORM = "registration_form"
    CARD_AUTHORIZATION = "card_authorization"

    @property
    def label(self) -> str:
        return _DOCUMENT_TITLES[self]


_DOCUMENT_TITLES = {
    Document.REGISTRATION_FORM: "registration form",
    Document.CARD_AUTHORIZATION: "credit card authorization form",
}


@dataclass(frozen=True)
class LetterRecord:
    """A letter saved as a draft or sent: its kind, what it was about, and when."""

    kind: str
    about: str
    at: datetime


@dataclass(frozen=True)
class RegistrationLetterFacts:
    """What the rules read of one registration (the service reads it in one session)."""

    registration_id: int
    organization: str
    status: RegistrationStatus
    form_received_at: datetime | None
    authorization_received_at: datetime | None
    #: The report can be made (enough answers): its letter may be due after the event.
    report_ready: bool = False
    #: The day a Bronze label was awarded (None: none).
    label_awarded_on: date | None = None

    def received(self) -> dict[Document, datetime]:
        found = {
            Document.REGISTRATION_FORM: self.form_received_at,
            Document.CARD_AUTHORIZATION: self.authorization_received_at,
        }
        return {document: at for document, at in found.items() if at is not None}

    def missing(self) -> tuple[Document, ...]:
        received = self.received()
        return tuple(document for document in Document if document not in received)


@dataclass(frozen=True)
class WorkshopMoments:
    """The instants the rules compare with: the first instant too late to register, the
    end of the event's day (both in the workshop's zone), and whether it is decided."""

    deadline: datetime
    event_over: datetime
    decided: bool
    #: What the practical details say now (date, venue, agenda): a new value makes them
    #: due again for everyone who had the old ones.
    details_version: str = ""


@dataclass(frozen=True)
class DueLetter:
    registration_id: int
    organization: str
    kind: LetterKind
    #: What the letter is about (recorded with it; see the module's note).
    about: str
    #: Why it is due, for the director ("Card authorization form received Sep 20, not
    #: acknowledged yet").
    why: str
    #: The acknowledged document (acknowledgements only).
    document: Document | None = None


def acknowledgement_about(document: Document, received_at: datetime) -> str:
    """ "card_authorization@2018-09-20T14:05:00+00:00": the document and when it came."""
    require_aware(received_at)
    return f"{document.value}@{received_at.astimezone(UTC).isoformat(timespec='seconds')}"


def reminder_about(missing: Iterable[Document]) -> str:
    return "missing:" + "+".join(sorted(document.value for document in missing))


def report_about(version: str) -> str:
    return f"report:{version}"


def label_about(awarded_on: date) -> str:
    return f"bronze:{awarded_on.isoformat()}"


def details_about(version: str) -> str:
    return f"details:{version}"


def acknowledgements_due(
    facts: RegistrationLetterFacts, records: Sequence[LetterRecord], moments: WorkshopMoments
) -> list[DueLetter]:
    """One per document received and not acknowledged, until the workshop is decided
    (from then on the decision's letter answers everything) and never for a withdrawn
    registration."""
    if moments.decided or facts.status is RegistrationStatus.WITHDRAWN:
        return []
    done = {r.about for r in records if r.kind == LetterKind.ACKNOWLEDGEMENT}
    due = []
    for document, at in facts.received().items():
        about = acknowledgement_about(document, at)
        if about in done:
            continue
        when = long_date(at.astimezone(moments.deadline.tzinfo).date())
        title = document.label
        due.append(
            DueLetter(
                facts.registration_id,
                facts.organization,
                LetterKind.ACKNOWLEDGEMENT,
                about,
                f"{title[0].upper()}{title[1:]} received {when}, not acknowledged yet.",
                document,
            )
        )
    return due


def last_contact(
    facts: RegistrationLetterFacts, records: Sequence[LetterRecord]
) -> datetime | None:
    """The latest acknowledgement, reminder or document received: the interval counts
    from it."""
    kinds = {LetterKind.ACKNOWLEDGEMENT.value, LetterKind.REMINDER.value}
    moments = [r.at for r in records if r.kind in kinds] + list(facts.received().values())
    return max(moments, default=None)


def reminder_due(
    facts: RegistrationLetterFacts,
    records: Sequence[LetterRecord],
    moments: WorkshopMoments,
    now: datetime,
) -> DueLetter | None:
    """Due while the registration is incomplete, before the deadline, and at least
    :data:`REMINDER_INTERVAL` after the last contact (see :func:`last_contact`)."""
    require_aware(now)
    missing = facts.missing()
    if facts.status not in IN_PROGRESS or not missing or now >= moments.deadline:
        return None
    last = last_contact(facts, records)
    if last is not None and now - last < REMINDER_INTERVAL:
        return None
    days = (now - last).days if last is not None else None
    names = " and ".join(document.label for document in missing)
    since = f"; last contact {days} days ago" if days is not None else ""
    return DueLetter(
        facts.registration_id,
        facts.organization,
        LetterKind.REMINDER,
        reminder_about(missing),
        f"Still missing the {names}{since}.",
    )


def practical_details_due(
    facts: RegistrationLetterFacts,
    records: Sequence[LetterRecord],
    moments: WorkshopMoments,
    now: datetime,
) -> DueLetter | None:
    """Due for an organization taking part, until the event is over, once per version
    of the details (a changed venue or agenda makes them due again, as an update)."""
    require_aware(now)
    if facts.status not in TAKING_PART or now >= moments.event_over:
        return None
    about = details_about(moments.details_version)
    sent = [r for r in records if r.kind == LetterKind.PRACTICAL_DETAILS]
    if any(r.about == about for r in sent):
        return None
    why = (
        "The details changed since the last letter: an update is due."
        if sent
        else "Taking part; practical details not sent yet."
    )
    return DueLetter(
        facts.registration_id, facts.organization, LetterKind.PRACTICAL_DETAILS, about, why
    )


def details_sequence(records: Sequence[LetterRecord], about: str) -> int:
    """The calendar invitation's SEQUENCE: how many other versions of the details went
    out before (0 for the first; the same version drafted again keeps its number)."""
    earlier = {r.about for r in records if r.kind == LetterKind.PRACTICAL_DETAILS}
    earlier.discard(about)
    return len(earlier)


def report_delivery_due(
    facts: RegistrationLetterFacts,
    records: Sequence[LetterRecord],
    moments: WorkshopMoments,
    now: datetime,
    version: str = "1",
) -> DueLetter | None:
    """Due after the event for a participant whose report can be made, once per version."""
    require_aware(now)
    if facts.status not in TAKING_PART or not facts.report_ready or now < moments.event_over:
        return None
    about = report_about(version)
    if any(r.kind == LetterKind.REPORT_DELIVERY and r.about == about for r in records):
        return None
    return DueLetter(
        facts.registration_id,
        facts.organization,
        LetterKind.REPORT_DELIVERY,
        about,
        "The benchmarking report can be made and was not delivered yet.",
    )


def bronze_label_due(
    facts: RegistrationLetterFacts, records: Sequence[LetterRecord]
) -> DueLetter | None:
    """Due once a Bronze label is recorded for an organization taking part, once per award."""
    if facts.label_awarded_on is None or facts.status not in TAKING_PART:
        return None
    about = label_about(facts.label_awarded_on)
    if any(r.kind == LetterKind.BRONZE_LABEL and r.about == about for r in records):
        return None
    return DueLetter(
        facts.registration_id,
        facts.organization,
        LetterKind.BRONZE_LABEL,
        about,
        f"Bronze label awarded {long_date(facts.label_awarded_on)}, not announced yet.",
    )


def letters_due(
    facts: RegistrationLetterFacts,
    records: Sequence[LetterRecord],
    moments: WorkshopMoments,
    now: datetime,
    *,
    report_version: str = "1",
) -> list[DueLetter]:
    """Every letter of this module due for one registration now, in the workshop's order."""
    due = acknowledgements_due(facts, records, moments)
    for letter in (
        reminder_due(facts, records, moments, now),
        practical_details_due(facts, records, moments, now),
        report_delivery_due(facts, records, moments, now, report_version),
        bronze_label_due(facts, records),
    ):
        if letter is not None:
            due.append(letter)
    return due
