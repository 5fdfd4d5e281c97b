"""The registrations desk: register, record documents, accept late, withdraw, outlook."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from escadesk.domain.eligibility import DelegateList, normalize_email
from escadesk.domain.languages import locale_of, organization_language
from escadesk.domain.quorum import QuorumEntry, QuorumOutlook, outlook
from escadesk.domain.registration import (
    Registration,
    RegistrationEvent,
    RegistrationStatus,
    Transition,
)
from escadesk.domain.registration_form import RegistrationDetails, check_registration
from escadesk.domain.validation import FieldProblem, ValidationError
from escadesk.i18n import N_, _
from escadesk.services import audit
from escadesk.services.context import ServiceContext
from escadesk.services.desk_rows import read_rows, waitlist_positions
from escadesk.services.lookups import load_registration, load_workshop
from escadesk.services.registration_lifecycle import (
    apply_event,
    domain_registration,
    store_registration,
)
from escadesk.services.row_versions import VersionedEdit, edited_registration
from escadesk.services.vault import ErasureView, VaultService
from escadesk.services.views import RegistrationRow
from escadesk.services.workshop_mapping import calendar_of, schedule_of
from escadesk.storage import models

WITHDRAWN_REASON = "Registration withdrawn: the card authorization is no longer needed."


#: Refusal to edit a registration whose personal data was erased.
ERASED_NOT_EDITABLE = N_(
    "This organization's personal data was erased: there is nothing left to edit. "
    "Register it again if it takes part in a new workshop."
)


class RegistrationService:
    def __init__(self, context: ServiceContext, vault: VaultService) -> None:
        self._context = context
        self._vault = vault

    # -- reading ---------------------------------------------------------------------------

    def list(self, workshop_id: int) -> list[RegistrationRow]:
        """The workshop's registrations in registration order, each with its waitlist
        place: one select of plain columns (services/desk_view.py reads them)."""
        with self._context.database.reading() as session:
            workshop = load_workshop(session, workshop_id)
            decided = workshop.decision is not None
            calendar, schedule = calendar_of(workshop), schedule_of(workshop)
            rows = read_rows(session, workshop_id, cards_and_charges=False)
        now = self._context.clock.now()
        waitlist = waitlist_positions(
            rows,
            decided,
            lambda: outlook([row.quorum_entry() for row in rows], calendar, schedule, now),
        )
        return [row.placed(waitlist.get(row.id)).registration() for row in rows]

    def outlook(self, workshop_id: int) -> QuorumOutlook:
        with self._context.database.reading() as session:
            workshop = load_workshop(session, workshop_id)
            entries = _quorum_entries(session, workshop_id)
            calendar, schedule = calendar_of(workshop), schedule_of(workshop)
        return outlook(entries, calendar, schedule, self._context.clock.now())

    def history(self, registration_id: int) -> tuple[Transition, ...]:
        with self._context.database.reading() as session:
            return domain_registration(load_registration(session, registration_id)).history

    def problems(
        self, workshop_id: int, details: RegistrationDetails, editing: int | None = None
    ) -> builtins.list[FieldProblem]:  # builtins: "list" here is the method above
        """Everything wrong with a form, for inline validation before saving."""
        with self._context.database.reading() as session:
            return _check(session, workshop_id, details, editing)

    def registered_emails(self, workshop_id: int) -> frozenset[str]:
        """The normalized e-mails of the workshop's registrations that still count (not
        withdrawn or cancelled): a delegate among them has registered already."""
        with self._context.database.reading() as session:
            return frozenset(_registered(session, workshop_id, None)[1])

    def problems_of_batch(
        self, workshop_id: int, batch: Sequence[RegistrationDetails]
    ) -> builtins.list[builtins.list[FieldProblem]]:
        """Everything wrong with each form of a batch registered together (returned forms
        imported at once): the usual checks, a delegate registered earlier in the batch
        counting as registered."""
        with self._context.database.reading() as session:
            delegates, taken = _registered(session, workshop_id, None)
            found = []
            for details in batch:
                found.append(check_registration(details, delegates, frozenset(taken)))
                taken |= {normalize_email(details.contact_email)}
            return found

    # -- changing --------------------------------------------------------------------------

    def register(self, workshop_id: int, details: RegistrationDetails) -> int:
        """Register an organization and its contact; refused unless the form is valid."""
        with self._context.database.transaction() as session:
            return self._register(session, workshop_id, details)

    def register_all(
        self,
        workshop_id: int,
        batch: Sequence[RegistrationDetails],
        *,
        record_form: bool = False,
    ) -> builtins.list[int]:
        """Register every form of ``batch`` in one transaction, or none (ValidationError
        for the first refused); ``record_form``: each registration form is received now
        (the batch is the returned forms themselves)."""
        with self._context.database.transaction() as session:
            registered = []
            for details in batch:
                registration_id = self._register(session, workshop_id, details)
                if record_form:
                    registration = load_registration(session, registration_id)
                    apply_event(
                        self._context, session, registration, RegistrationEvent.RECEIVE_FORM, None
                    )
                registered.append(registration_id)
            return registered

    def register_in(
        self, session: Session, workshop_id: int, details: RegistrationDetails, *, source: str
    ) -> int:
        """Register inside another use case's transaction (a web-form import commits its
        registrations with its own records, all or nothing), with the same checks and
        audit as by hand; ``source`` (the file and row) is added to the audit entry."""
        return self._register(session, workshop_id, details, source=source)

    def _register(
        self, session: Session, workshop_id: int, details: RegistrationDetails, *, source: str = ""
    ) -> int:
        """One registration inside the caller's transaction (flushed, so the next form of a
        batch sees its contact as registered)."""
        load_workshop(session, workshop_id)
        problems = _check(session, workshop_id, details, None)
        if problems:
            raise ValidationError(problems)
        details = details.cleaned()
        now = self._context.clock.now()
        organization = models.Organization(
            name=details.organization,
            country=details.country,
            technology_area=details.technology_area,
            created_at=now,
            language=details.language
            or organization_language(details.country, details.contact_phone),
        )
        contact = models.Contact(
            organization=organization,
            name=details.contact_name,
            title=details.contact_title,
            email=details.contact_email,
            email_normalized=normalize_email(details.contact_email),
            phone=details.contact_phone,
        )
        fresh = Registration.new(now, self._context.actor)
        registration = models.Registration(
            workshop_id=workshop_id,
            organization=organization,
            contact=contact,
            created_at=now,
            updated_at=now,
        )
        store_registration(registration, fresh, now)
        session.add(registration)
        session.flush()
        summary = f"Registered {organization.name}" + (f" ({source})" if source else "")
        self._audit(session, registration, "registration.create", summary)
        return registration.id

    def language_of(self, registration_id: int) -> str:
        """The locale (``en_CA``/``fr_CA``) of this organization's letters, forms, invoices
        and report: its preferred language (``organization.language``), whatever the
        window's. Pass it to ``escadesk.i18n.Translator``."""
        with self._context.database.reading() as session:
            return locale_of(load_registration(session, registration_id).organization.language)

    def preferred_language(self, registration_id: int) -> str:
        """The organization's language code ("en"/"fr"), as the registration dialog shows it."""
        with self._context.database.reading() as session:
            return load_registration(session, registration_id).organization.language

    def erased_on(self, registration_id: int) -> datetime | None:
        """When this organization's personal data was erased (services/personal_data.py),
        None while it is kept: an erased registration has nothing left to edit."""
        with self._context.database.reading() as session:
            return load_registration(session, registration_id).personal_data_erased_at

    def update_details(
        self,
        registration_id: int,
        details: RegistrationDetails,
        *,
        expected_version: int | None = None,
    ) -> None:
        """Store the edited form; ``expected_version``: the registration's version the
        form was filled from (RegistrationRow.version): refused (StaleEditError, nothing
        saved) when another desk changed the registration since."""
        edit = VersionedEdit(self._context.database)
        with edit.transaction() as session:
            registration = load_registration(session, registration_id)
            if registration.personal_data_erased_at is not None:
                raise ValidationError([FieldProblem("contact_email", _(ERASED_NOT_EDITABLE))])
            edit.claim(session, registration, expected_version, edited_registration(registration))
            problems = _check(session, registration.workshop_id, details, registration_id)
            if problems:
                raise ValidationError(problems)
            details = details.cleaned()
            organization, contact = registration.organization, registration.contact
            organization.name = details.organization
            organization.country = details.country
            organization.technology_area = details.technology_area
            organization.language = details.language or organization.language
            contact.name = details.contact_name
            contact.title = details.contact_title
            contact.email = details.contact_email
            contact.email_normalized = normalize_email(details.contact_email)
            contact.phone = details.contact_phone
            registration.updated_at = self._context.clock.now()
            self._audit(session, registration, "registration.edit", f"Edited {organization.name}")

    def record_form(self, registration_id: int, received_at: datetime | None = None) -> None:
        self._transition(registration_id, RegistrationEvent.RECEIVE_FORM, received_at)

    def record_authorization(
        self, registration_id: int, received_at: datetime | None = None
    ) -> None:
        self._transition(registration_id, RegistrationEvent.RECEIVE_AUTHORIZATION, received_at)

    def accept_late(self, registration_id: int, reason: str) -> None:
        self._transition(registration_id, RegistrationEvent.ACCEPT_LATE, None, reason)

    def withdraw(self, registration_id: int, reason: str) -> ErasureView | None:
        """Withdraw a registration and destroy its card authorization, which can never be
        charged now; returns the erasure behind its certificate (None: no card stored).

        The withdrawal, the deletion of the card and the erasure's pending record commit
        together, so no withdrawn registration keeps a card: if the process dies before the
        erasure is finished (device key rotated, files compacted and checked), the next
        unlock finishes it. With a card stored, a locked vault refuses the withdrawal
        rather than leave it to a later unlock: the certificate is issued at once.
        """
        edit = VersionedEdit(self._context.database)
        with edit.transaction() as session:
            registration = load_registration(session, registration_id)
            edit.about(edited_registration(registration))
            apply_event(
                self._context, session, registration, RegistrationEvent.WITHDRAW, None, reason
            )
            if not _holds_card(session, registration_id):
                return None
            if not self._vault.unlocked:
                raise ValidationError(
                    [
                        FieldProblem(
                            "vault",
                            _(
                                "{organization} has a card authorization, which a withdrawal "
                                "destroys: "
                                "unlock the vault first."
                            ).format(organization=registration.organization.name),
                        )
                    ]
                )
            pending = self._vault.start_erasure(session, registration_id, WITHDRAWN_REASON)
        return self._vault.finish_erasure(pending)

    # -- internals -------------------------------------------------------------------------

    def _transition(
        self,
        registration_id: int,
        event: RegistrationEvent,
        at: datetime | None,
        reason: str = "",
    ) -> None:
        edit = VersionedEdit(self._context.database)
        with edit.transaction() as session:
            registration = load_registration(session, registration_id)
            edit.about(edited_registration(registration))
            apply_event(self._context, session, registration, event, at, reason)

    def _audit(
        self, session: Session, registration: models.Registration, action: str, summary: str
    ) -> None:
        audit.record_for_registration(session, self._context, registration, action, summary)


def _quorum_entries(session: Session, workshop_id: int) -> builtins.list[QuorumEntry]:
    """The workshop's registrations as the outlook sees them, in registration order: one
    select of four columns."""
    query = (
        select(
            models.Registration.id,
            models.Organization.name,
            models.Registration.status,
            models.Registration.completed_at,
        )
        .join(models.Organization, models.Organization.id == models.Registration.organization_id)
        .where(models.Registration.workshop_id == workshop_id)
        .order_by(models.Registration.created_at, models.Registration.id)
    )
    return [
        QuorumEntry(key, organization, RegistrationStatus(status), completed_at)
        for key, organization, status, completed_at in session.execute(query)
    ]


def _holds_card(session: Session, registration_id: int) -> bool:
    query = select(models.CardAuthorization.id).where(
        models.CardAuthorization.registration_id == registration_id
    )
    return session.scalar(query) is not None


def _check(
    session: Session, workshop_id: int, details: RegistrationDetails, editing: int | None
) -> list[FieldProblem]:
    delegates, taken = _registered(session, workshop_id, editing)
    return check_registration(details, delegates, frozenset(taken))


def _registered(
    session: Session, workshop_id: int, editing: int | None
) -> tuple[DelegateList | None, set[str]]:
    """The workshop's delegate list (None: none imported) and the normalized e-mails of
    its active registrations (but ``editing``'s)."""
    emails = session.scalars(
        select(models.Delegate.email_normalized).where(models.Delegate.workshop_id == workshop_id)
    ).all()
    delegates = DelegateList(frozenset(emails)) if emails else None
    taken = select(models.Contact.email_normalized).join(
        models.Registration, models.Registration.contact_id == models.Contact.id
    )
    taken = taken.where(
        models.Registration.workshop_id == workshop_id,
        models.Registration.status.not_in(
            [RegistrationStatus.WITHDRAWN.value, RegistrationStatus.CANCELLED.value]
        ),
    )
    if editing is not None:
        taken = taken.where(models.Registration.id != editing)
    return delegates, set(session.scalars(taken).all())
