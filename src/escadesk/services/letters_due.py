"""What the desk needs to know about letters without loading the letters themselves:
the facts of domain/letters.py read from the database, and the count of reminders due.

No Jinja2 and no icalendar here: the desk counts reminders at each refresh
(services/lifecycle.py), the letters are rendered only in services/letters.py.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from escadesk.domain import letters as rules
from escadesk.domain.letters import LetterRecord
from escadesk.domain.registration import IN_PROGRESS, RegistrationStatus
from escadesk.domain.workshop_calendar import WorkshopCalendar
from escadesk.services.workshop_mapping import calendar_of
from escadesk.storage import models

_STATUSES = {status.value: status for status in RegistrationStatus}


def reminders_due_in(
    session: Session, workshop_id: int, calendar: WorkshopCalendar, now: datetime
) -> int:
    """The desk's count of reminders due, from the registrations still incomplete and
    their letters: two queries whatever the number of registrations, none once the
    deadline has passed."""
    if now >= calendar.deadline:
        return 0
    in_progress = [status.value for status in IN_PROGRESS]
    waiting = [
        rules.RegistrationLetterFacts(key, "", _STATUSES[status], form_at, card_at)
        for key, status, form_at, card_at in session.execute(
            select(
                models.Registration.id,
                models.Registration.status,
                models.Registration.form_received_at,
                models.Registration.authorization_received_at,
            ).where(
                models.Registration.workshop_id == workshop_id,
                models.Registration.status.in_(in_progress),
            )
        )
    ]
    # Read even when nobody waits: a refresh reads as many statements whatever the data.
    records = letter_records(session, workshop_id)
    # Only the deadline counts for a reminder; the other moments are not read.
    moments = rules.WorkshopMoments(deadline=calendar.deadline, event_over=now, decided=False)
    return sum(
        1
        for facts in waiting
        if rules.reminder_due(facts, records.get(facts.registration_id, []), moments, now)
    )


def registration_facts(
    registration: models.Registration, label_on: date | None = None
) -> rules.RegistrationLetterFacts:
    return rules.RegistrationLetterFacts(
        registration_id=registration.id,
        organization=registration.organization.name,
        status=_STATUSES[registration.status],
        form_received_at=registration.form_received_at,
        authorization_received_at=registration.authorization_received_at,
        label_awarded_on=label_on,
    )


def letter_records(session: Session, workshop_id: int) -> dict[int, list[LetterRecord]]:
    found: dict[int, list[LetterRecord]] = defaultdict(list)
    for registration_id, kind, about, at in session.execute(
        select(
            models.LetterEntry.registration_id,
            models.LetterEntry.kind,
            models.LetterEntry.about,
            models.LetterEntry.at,
        )
        .join(models.Registration)
        .where(models.Registration.workshop_id == workshop_id)
        .order_by(models.LetterEntry.id)
    ):
        found[registration_id].append(LetterRecord(kind, about, at))
    return found


def workshop_moments(workshop: models.Workshop) -> rules.WorkshopMoments:
    calendar = calendar_of(workshop)
    event_over = datetime.combine(
        workshop.event_date + timedelta(days=1), time(0, 0), tzinfo=calendar.zone
    )
    return rules.WorkshopMoments(
        deadline=calendar.deadline,
        event_over=event_over,
        decided=workshop.decision is not None,
        details_version=details_version(workshop, calendar),
    )


def details_version(workshop: models.Workshop, calendar: WorkshopCalendar) -> str:
    """A short fingerprint of what the practical details say (date, zone, venue, agenda)."""
    parts = [workshop.event_date.isoformat(), workshop.timezone, workshop.venue]
    parts += [f"{i.start}-{i.end} {i.title}" for i in calendar.agenda]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:12]
