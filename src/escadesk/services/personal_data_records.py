"""What the personal-data use cases read and count in common.

The export, the erasure on request and the retention purge all find an organization's
registrations, its people on a delegate list and its questionnaire the same way, and
count what an erasure removes from what is there: one place for those queries keeps the
three agreeing on what "personal data" covers (see services/personal_data.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from escadesk.i18n import Translator, format_decimal
from escadesk.i18n.translator import current
from escadesk.storage import models

#: What replaces a name that was erased (a contact's, a cardholder's, a typed reason).
ERASED = "(erased)"


@dataclass(frozen=True)
class Organization:
    """An organization as the screens and the command line pick it."""

    organization_id: int
    name: str
    registration_ids: tuple[int, ...]
    #: The workshops it registered for (one per registration).
    workshop_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class ErasedCounts:
    """What an erasure removed (or would remove), counted."""

    registrations: int = 0
    contacts: int = 0
    questionnaires: int = 0
    answers: int = 0
    notes: int = 0
    delegate_entries: int = 0
    cardholder_names: int = 0
    reasons: int = 0

    def __add__(self, other: ErasedCounts) -> ErasedCounts:
        return ErasedCounts(
            *(
                getattr(self, name) + getattr(other, name)
                for name in self.__dataclass_fields__  # the fields, in order
            )
        )

    @property
    def anything(self) -> bool:
        return any(
            getattr(self, name) for name in self.__dataclass_fields__ if name != "registrations"
        )

    def words(self, language: Translator | None = None) -> str:
        """'1 contact, 1 questionnaire (36 answers, 1 note), 2 delegate-list entries', in
        ``language``: the user interface's by default; the audit log passes English."""
        t = language or current()

        def count(number: int, words: str) -> str:
            shown = f"{number:,}" if t.language == "en" else format_decimal(number, t.locale)
            return words.format(count=shown)

        parts = []
        if self.contacts:
            n = self.contacts
            parts.append(count(n, t.ngettext("{count} contact", "{count} contacts", n)))
        if self.questionnaires:
            n = self.answers
            inside = [count(n, t.ngettext("{count} answer", "{count} answers", n))]
            if self.notes:
                n = self.notes
                inside.append(count(n, t.ngettext("{count} note", "{count} notes", n)))
            n = self.questionnaires
            questionnaires = count(
                n, t.ngettext("{count} questionnaire", "{count} questionnaires", n)
            )
            # Translators: "1 questionnaire (36 answers, 1 note)".
            parts.append(
                t.gettext("{questionnaires} ({details})").format(
                    questionnaires=questionnaires, details=", ".join(inside)
                )
            )
        if self.delegate_entries:
            n = self.delegate_entries
            parts.append(
                count(
                    n,
                    t.ngettext("{count} delegate-list entry", "{count} delegate-list entries", n),
                )
            )
        if self.cardholder_names:
            n = self.cardholder_names
            parts.append(
                count(n, t.ngettext("{count} cardholder name", "{count} cardholder names", n))
            )
        if self.reasons:
            n = self.reasons
            parts.append(count(n, t.ngettext("{count} typed reason", "{count} typed reasons", n)))
        return ", ".join(parts) or t.gettext("nothing left to erase")


def organization_registrations(session: Session, organization_id: int) -> list[models.Registration]:
    return list(
        session.scalars(
            select(models.Registration)
            .where(models.Registration.organization_id == organization_id)
            .order_by(models.Registration.created_at, models.Registration.id)
        )
    )


def workshop_registrations(session: Session, workshop_id: int) -> list[models.Registration]:
    return list(
        session.scalars(
            select(models.Registration)
            .where(models.Registration.workshop_id == workshop_id)
            .order_by(models.Registration.created_at, models.Registration.id)
        )
    )


def organization_view(session: Session, organization: models.Organization) -> Organization:
    registrations = organization_registrations(session, organization.id)
    return Organization(
        organization.id,
        organization.name,
        tuple(r.id for r in registrations),
        tuple(r.workshop_id for r in registrations),
    )


def card_holders(session: Session, workshop_id: int) -> set[int]:
    """The registrations of a workshop that still have a card authorization stored."""
    return set(
        session.scalars(
            select(models.CardAuthorization.registration_id)
            .join(models.Registration)
            .where(models.Registration.workshop_id == workshop_id)
        )
    )


def matching_delegates(
    session: Session, registration: models.Registration
) -> list[models.Delegate]:
    """The organization's people on the workshop's delegate list: its contact's entry,
    and the entries that name the organization."""
    contact = registration.contact
    conditions = [
        func.lower(func.trim(models.Delegate.organization))
        == registration.organization.name.strip().lower()
    ]
    if contact.email_normalized:
        conditions.append(models.Delegate.email_normalized == contact.email_normalized)
    return list(
        session.scalars(
            select(models.Delegate)
            .where(models.Delegate.workshop_id == registration.workshop_id, or_(*conditions))
            .order_by(models.Delegate.id)
        )
    )


def survey_of(session: Session, registration_id: int) -> models.BenchmarkSurvey | None:
    return session.scalar(
        select(models.BenchmarkSurvey).where(
            models.BenchmarkSurvey.registration_id == registration_id
        )
    )


def count_registration(
    session: Session, registration: models.Registration, *, whole_workshop: bool
) -> ErasedCounts:
    """What erasing this registration's personal data would remove, counted from what is
    there (so erasing twice finds nothing the second time)."""
    survey = survey_of(session, registration.id)
    answers = list(survey.answers) if survey is not None else []
    charge = session.scalar(
        select(models.Charge).where(models.Charge.registration_id == registration.id)
    )
    contact = registration.contact
    reasons = sum(1 for t in registration.transitions if t.reason.strip() not in ("", ERASED))
    reasons += registration.late_accepted_reason not in (None, ERASED)
    return ErasedCounts(
        registrations=1,
        contacts=int(contact.name != ERASED or any((contact.title, contact.email, contact.phone))),
        questionnaires=int(survey is not None),
        answers=sum(1 for a in answers if a.value is not None),
        notes=sum(1 for a in answers if a.note.strip()),
        delegate_entries=0 if whole_workshop else len(matching_delegates(session, registration)),
        cardholder_names=int(charge is not None and charge.cardholder != ERASED),
        reasons=reasons,
    )
