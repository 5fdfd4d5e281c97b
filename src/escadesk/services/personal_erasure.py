"""Erasing one organization's personal data, on request.

Its own module because the rules of what goes and what stays live here, and the
retention purge (services/retention_purge.py) erases each registration by the same rules:
what is about people or was confided is blanked, states, fees and charge amounts are kept.
A stored card authorization blocks the erasure: it is the vault's to destroy, first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from escadesk.domain.cards import CardBrand, MaskedCard
from escadesk.domain.registration import RegistrationStatus
from escadesk.domain.validation import FieldProblem, ValidationError
from escadesk.i18n import N_, _
from escadesk.i18n.translator import translator
from escadesk.services import audit
from escadesk.services.context import ServiceContext
from escadesk.services.lookups import load_organization
from escadesk.services.personal_backup_cleaning import clean_files, note_backups_pending
from escadesk.services.personal_data_records import (
    ERASED,
    ErasedCounts,
    Organization,
    count_registration,
    matching_delegates,
    organization_registrations,
    organization_view,
    survey_of,
)
from escadesk.storage import models

#: The audit log's language (a legal record, kept in English as written).
ENGLISH = translator("en_CA")

#: English, marked for the catalogue: shown through ``_()``.
KEPT_WORDS = N_(
    "Kept: the organization's name, country and technology area, each registration's "
    "status and fee, the charges' amounts, dates, references and masked cards, the "
    "invoices, refunds and credit notes (tax records, kept six years), the "
    "certificates of destruction and the audit log."
)


@dataclass(frozen=True)
class ErasurePreview:
    """What erasing an organization's personal data would do, before it is done."""

    organization: Organization
    counts: ErasedCounts
    #: Why it cannot be erased now (a card still stored); empty when it can.
    blockers: tuple[str, ...] = ()
    #: Worth knowing first (a registration still open will receive no more letters).
    warnings: tuple[str, ...] = ()
    erased_at: datetime | None = None

    @property
    def allowed(self) -> bool:
        return not self.blockers

    def sentence(self) -> str:
        if self.blockers:
            return " ".join(self.blockers)
        if not self.counts.anything:
            return _("Nothing left to erase: the personal data of {organization} is gone.").format(
                organization=self.organization.name
            )
        return _("Erase from {organization}: {what}. {kept}").format(
            organization=self.organization.name, what=self.counts.words(), kept=_(KEPT_WORDS)
        )


@dataclass(frozen=True)
class ErasedOrganization:
    organization: Organization
    counts: ErasedCounts
    erased_at: datetime
    #: False when a backup could not be cleaned yet (it is retried at the next unlock).
    backups_clean: bool = True

    def sentence(self) -> str:
        if not self.counts.anything:
            return _("Nothing left to erase: the personal data of {organization} is gone.").format(
                organization=self.organization.name
            )
        if not self.backups_clean:
            return _(
                "Personal data of {organization} erased: {what}. Some backups still hold it; "
                "they are cleaned at the next unlock."
            ).format(organization=self.organization.name, what=self.counts.words())
        return _("Personal data of {organization} erased: {what}.").format(
            organization=self.organization.name, what=self.counts.words()
        )


@dataclass
class ErasureWork:
    """Collects one erasure's changes, for the counts and for the backups."""

    counts: ErasedCounts = field(default_factory=ErasedCounts)
    registration_ids: list[int] = field(default_factory=list)
    delegate_ids: list[int] = field(default_factory=list)


def preview_erase(context: ServiceContext, organization_id: int) -> ErasurePreview:
    with context.database.reading() as session:
        organization = load_organization(session, organization_id)
        registrations = organization_registrations(session, organization_id)
        counts = ErasedCounts()
        for registration in registrations:
            counts += count_registration(session, registration, whole_workshop=False)
        erased = [r.personal_data_erased_at for r in registrations]
        done = [moment for moment in erased if moment is not None]
        return ErasurePreview(
            organization=organization_view(session, organization),
            counts=counts,
            blockers=_card_blockers(session, organization, registrations),
            warnings=_open_warnings(organization, registrations),
            erased_at=max(done) if done and len(done) == len(erased) else None,
        )


def erase_organization(context: ServiceContext, organization_id: int) -> ErasedOrganization:
    """Erase the organization's personal data in one transaction (refused while a card
    authorization is stored for it); then clean the backups and the database files."""
    now = context.clock.now()
    with context.database.transaction() as session:
        organization = load_organization(session, organization_id)
        registrations = organization_registrations(session, organization_id)
        blockers = _card_blockers(session, organization, registrations)
        if blockers:
            raise ValidationError([FieldProblem("organization", " ".join(blockers))])
        work = ErasureWork()
        entries: list[audit.Entry] = []
        for registration in registrations:
            erased = erase_registration(session, registration, now, work, whole_workshop=False)
            if not erased.anything:
                continue  # already erased: nothing new to record
            entries.append(
                audit.registration_entry(
                    context,
                    registration.id,
                    registration.workshop_id,
                    "personal_data.erase",
                    f"{organization.name}: personal data erased on request "
                    f"({erased.words(ENGLISH)}); status, fees and charge amounts kept",
                )
            )
        audit.record_many(session, entries)  # one append for all its registrations
        if work.counts.anything:
            note_backups_pending(session, work.delegate_ids)
        view = organization_view(session, organization)
    clean = clean_files(context) if work.counts.anything else True
    return ErasedOrganization(view, work.counts, now, backups_clean=clean)


def erase_registration(
    session: Session,
    registration: models.Registration,
    now: datetime,
    work: ErasureWork,
    *,
    whole_workshop: bool,
) -> ErasedCounts:
    """Blank what is about people and confided; keep states, fees and charge amounts.
    ``whole_workshop``: the workshop's delegate list goes as a whole (the purge). Returns
    what this registration lost."""
    counts = count_registration(session, registration, whole_workshop=whole_workshop)
    if not whole_workshop:
        for delegate in matching_delegates(session, registration):
            work.delegate_ids.append(delegate.id)
            session.delete(delegate)
    contact = registration.contact
    contact.name, contact.title, contact.email = ERASED, "", ""
    contact.email_normalized, contact.phone = "", ""
    survey = survey_of(session, registration.id)
    if survey is not None:
        session.execute(
            delete(models.BenchmarkAnswer).where(models.BenchmarkAnswer.survey_id == survey.id)
        )
        session.delete(survey)
    charge = session.scalar(
        select(models.Charge).where(models.Charge.registration_id == registration.id)
    )
    if charge is not None and charge.cardholder != ERASED:
        charge.cardholder = ERASED
    if registration.late_accepted_reason not in (None, ERASED):
        registration.late_accepted_reason = ERASED
    for transition in registration.transitions:
        if transition.reason.strip() not in ("", ERASED):
            transition.reason = ERASED
    if registration.personal_data_erased_at is None:
        registration.personal_data_erased_at = now
    session.flush()
    work.counts += counts
    work.registration_ids.append(registration.id)
    return counts


def _card_blockers(
    session: Session, organization: models.Organization, registrations: list[models.Registration]
) -> tuple[str, ...]:
    """A stored card authorization blocks the erasure: it is the vault's to destroy (with
    its certificate, and rotating the device key), never a side effect of this one."""
    ids = [r.id for r in registrations]
    if not ids:
        return ()
    cards = session.execute(  # the mask's columns only: a staff role reads no more
        select(models.CardAuthorization.brand, models.CardAuthorization.last4).where(
            models.CardAuthorization.registration_id.in_(ids)
        )
    ).all()
    if not cards:
        return ()
    masked = ", ".join(str(MaskedCard(CardBrand(card.brand), card.last4)) for card in cards)
    return (
        _(
            "{organization} still has a card authorization stored ({masked}). Erase it "
            "first (Registration > Erase card authorization…, which issues its "
            "certificate of destruction), then erase the personal data. Nothing was "
            "erased."
        ).format(organization=organization.name, masked=masked),
    )


def _open_warnings(
    organization: models.Organization, registrations: list[models.Registration]
) -> tuple[str, ...]:
    open_ones = [r for r in registrations if RegistrationStatus(r.status) not in _SETTLED_STATES]
    if not open_ones:
        return ()
    states = ", ".join(RegistrationStatus(r.status).label.lower() for r in open_ones)
    return (
        _(
            "The registration of {organization} is still open ({states}): without its "
            "contact it can receive no letter. Withdraw it first if it no longer takes "
            "part."
        ).format(organization=organization.name, states=states),
    )


_SETTLED_STATES = frozenset(
    {
        RegistrationStatus.WITHDRAWN,
        RegistrationStatus.CANCELLED,
        RegistrationStatus.CHARGED,
        RegistrationStatus.WAITLISTED,
    }
)
