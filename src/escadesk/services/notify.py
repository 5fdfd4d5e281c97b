"""Letters to organizations: built from the stored workshop, previewed, saved as .eml
drafts or sent by SMTP, and every one logged (to whom, which template, when)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TypedDict

from sqlalchemy import select

from escadesk.domain.cards import CardBrand, MaskedCard
from escadesk.domain.institute import InstituteIdentity
from escadesk.domain.languages import locale_of
from escadesk.domain.moments import weekday_date
from escadesk.domain.money import Money, split_tax_included
from escadesk.domain.registration import RegistrationEvent, RegistrationStatus
from escadesk.notifications.draft_names import DraftName
from escadesk.notifications.drafts import Attachment, build_email, save_eml
from escadesk.notifications.letter_kinds import TEMPLATE_FOR
from escadesk.notifications.letter_language import (
    certificate_file_name,
    letter_approximation,
    tax_name,
)
from escadesk.notifications.messages import (
    MessageContext,
    Recipient,
    RenderedMessage,
    Template,
    render,
)
from escadesk.notifications.smtp import SmtpSettings, send
from escadesk.services import audit
from escadesk.services.context import ServiceContext
from escadesk.services.institute import read_identity
from escadesk.services.invoices import receipt_invoice
from escadesk.services.lookups import load_workshop
from escadesk.services.page_size import document_page
from escadesk.services.settings import SettingsService
from escadesk.services.vault import ErasureScope, ErasureView, VaultService
from escadesk.services.workshop_mapping import schedule_of
from escadesk.storage import models

#: What each letter is, in its draft's file name (a whole pattern in the organization's
#: language).
DRAFT_NAMES = {
    Template.CONFIRMED: DraftName.CONFIRMED,
    Template.WAITLISTED: DraftName.WAITLISTED,
    Template.CANCELLED: DraftName.CANCELLED,
    Template.RECEIPT: DraftName.RECEIPT,
}
#: What each letter is, in English words (a draft saved without its file stem).
LETTER_KINDS = {
    Template.CONFIRMED: "confirmation",
    Template.WAITLISTED: "waiting list letter",
    Template.CANCELLED: "cancellation",
    Template.RECEIPT: "receipt",
}


class _LetterFields(TypedDict, total=False):
    """What a letter shows beyond the workshop and the institute, depending on the
    registration's status (named and typed as in MessageContext, which checks them)."""

    price_gross: Money | None
    price_net: Money | None
    price_tax: Money | None
    price_approximation: str | None
    participants: int | None
    promoted: bool
    price_updated: bool
    waitlist_position: int | None
    cards_found: int | None
    cards_destroyed: int | None
    certificate_text: str | None
    charge_amount: Money | None
    charge_date: date | None
    charge_reference: str | None
    card_mask: str | None
    invoice_number: str | None


@dataclass(frozen=True)
class Letter:
    registration_id: int
    organization: str
    template: Template
    to: Recipient
    message: RenderedMessage
    attachments: tuple[Attachment, ...]
    #: A new price notice is due (promotion or re-pricing since the last confirmation).
    notice_due: bool = False
    #: The draft's file name without extension (the workshop's title, date, kind of
    #: letter and organization; see domain/file_names.py).
    file_stem: str = ""
    #: Why the letter is due now (shown in the letters dialog; empty: not due).
    why: str = ""
    #: What it is about (domain/letters.py), recorded with it in the letter table.
    about: str = ""
    #: Attachments made only when the letter is saved or sent (a report's PDF): a
    #: preview does not pay for them. ``attachment_note`` names them meanwhile.
    deferred: Callable[[], tuple[Attachment, ...]] | None = None
    attachment_note: str = ""


class NotificationService:
    def __init__(
        self, context: ServiceContext, settings: SettingsService, vault: VaultService
    ) -> None:
        self._context = context
        self._settings = settings
        self._vault = vault

    def sender(self) -> Recipient:
        """The director, from the institute's identity (Settings > Institute)."""
        with self._context.database.reading() as session:
            identity = read_identity(session)
        return Recipient(identity.director_name, identity.sender_email)

    def letters(
        self,
        workshop_id: int,
        template: Template | None = None,
        *,
        only_notice_due: bool = False,
    ) -> list[Letter]:
        """Every letter due for the workshop's current states (optionally one template;
        optionally only the organizations whose fee changed since they were told)."""
        erasures = [e for e in self._vault.erasures(workshop_id) if e.scope is ErasureScope.FULL]
        stored = set(self._vault.masked(workshop_id))
        # Only a verified destruction is certified to the organization (the letter says so).
        certificates = {e.registration_id: e for e in erasures if e.status == "complete"}
        letters: list[Letter] = []
        with self._context.database.reading() as session:
            institute = read_identity(session)
            workshop = load_workshop(session, workshop_id)
            schedule = schedule_of(workshop)
            waitlisted = sorted(
                (r for r in workshop.registrations if r.status == RegistrationStatus.WAITLISTED),
                key=lambda r: (r.completed_at, r.id),
            )
            charges = {
                c.registration_id: c
                for c in session.scalars(
                    select(models.Charge)
                    .join(models.Registration)
                    .where(models.Registration.workshop_id == workshop_id)
                )
            }
            for registration in workshop.registrations:
                status = RegistrationStatus(registration.status)
                chosen = TEMPLATE_FOR.get(status)
                if chosen is None or (template is not None and chosen is not template):
                    continue
                if only_notice_due and not registration.fee_notice_due:
                    continue
                fields: _LetterFields = {}
                attachments: list[Attachment] = []
                if registration.fee_gross is not None:
                    split = split_tax_included(
                        Money(registration.fee_gross, workshop.currency), workshop.tax_rate
                    )
                    quote = schedule.quote(workshop.decided_participants or schedule.minimum)
                    fields |= {
                        "price_gross": split.gross,
                        "price_net": split.net,
                        "price_tax": split.tax,
                        "price_approximation": letter_approximation(
                            quote.approximation, locale_of(registration.organization.language)
                        )
                        or None,
                        "participants": workshop.decided_participants,
                    }
                if status is RegistrationStatus.CONFIRMED:
                    promoted = any(
                        t.event == RegistrationEvent.PROMOTE.value for t in registration.transitions
                    )
                    fields["promoted"] = promoted
                    fields["price_updated"] = registration.fee_notice_due and not promoted
                if status is RegistrationStatus.WAITLISTED:
                    fields["waitlist_position"] = waitlisted.index(registration) + 1
                if status is RegistrationStatus.CANCELLED:
                    fields |= _card_counts(registration.id, erasures, stored)
                if status is RegistrationStatus.CANCELLED and registration.id in certificates:
                    erasure_id = certificates[registration.id].id
                    # The letter's language is the organization's: so is the certificate
                    # it quotes and attaches, and the attachment's name.
                    reader = locale_of(registration.organization.language)
                    fields["certificate_text"] = self._vault.certificate_text(erasure_id, reader)
                    attachments.append(
                        Attachment(
                            certificate_file_name(reader),
                            self._vault.certificate_pdf(erasure_id, reader),
                            "application/pdf",
                        )
                    )
                charge = charges.get(registration.id)
                if charge is not None:
                    fields |= {
                        "charge_amount": Money(charge.amount, charge.currency),
                        "charge_date": charge.charged_on,
                        "charge_reference": charge.reference,
                        "card_mask": str(MaskedCard(CardBrand(charge.brand), charge.last4)),
                    }
                    invoice = receipt_invoice(session, charge.id, document_page(self._settings))
                    if invoice is not None:  # the receipt carries its invoice (issue 19)
                        fields["invoice_number"] = invoice.number
                        attachments.append(
                            Attachment(invoice.file_name, invoice.pdf, "application/pdf")
                        )
                context = replace(letter_context(workshop, registration, institute), **fields)
                letters.append(
                    Letter(
                        registration.id,
                        registration.organization.name,
                        chosen,
                        Recipient(registration.contact.name, registration.contact.email),
                        render(chosen, context),
                        tuple(attachments),
                        notice_due=registration.fee_notice_due,
                        file_stem=DRAFT_NAMES[chosen].stem(
                            context.locale,
                            workshop.title,
                            workshop.event_date,
                            registration.organization.name,
                        ),
                    )
                )
        return letters

    def save_drafts(self, letters: list[Letter], folder: Path) -> list[Path]:
        folder.mkdir(parents=True, exist_ok=True)
        sender = self.sender()
        saved = []
        for letter in letters:
            email = build_email(letter.message, sender, letter.to, list(letter.attachments))
            stem = letter.file_stem or f"{letter.organization} - {LETTER_KINDS[letter.template]}"
            saved.append(save_eml(email, folder, stem))
            self._log(letter, "saved as a draft")
        return saved

    def send_all(self, letters: list[Letter], settings: SmtpSettings, password: str | None) -> int:
        sender = self.sender()
        for letter in letters:
            send(
                build_email(letter.message, sender, letter.to, list(letter.attachments)),
                settings,
                password,
            )
            self._log(letter, "sent")
        return len(letters)

    def _log(self, letter: Letter, how: str) -> None:
        with self._context.database.transaction() as session:
            registration = session.get(models.Registration, letter.registration_id)
            if registration is not None and letter.template is Template.CONFIRMED:
                registration.fee_notice_due = False  # told the current price
            if registration is not None:  # what makes it no longer due (services/letters.py)
                session.add(letter_entry(self._context, letter, how))
            audit.record_now(
                session,
                self._context,
                action=f"notify.{letter.template.value}",
                entity="registration",
                entity_id=letter.registration_id,
                workshop_id=registration.workshop_id if registration else None,
                # The organization, not the address: the log is hash-chained and kept for
                # good, so no personal data goes into it (issue 15, item 10).
                summary=f"'{letter.message.subject}' to {_addressee(registration)} {how}",
            )


def letter_context(
    workshop: models.Workshop, registration: models.Registration, institute: InstituteIdentity
) -> MessageContext:
    """What every letter shows of the workshop, the organization and the institute (the
    status letters here and the letters through the workshop, services/letters.py); each
    kind adds its own fields with ``dataclasses.replace``. In the organization's language
    (its ``organization.language``), whatever the window speaks."""
    locale = locale_of(registration.organization.language)
    return MessageContext(
        organization=registration.organization.name,
        contact_name=registration.contact.name,
        workshop_title=workshop.title,
        venue=workshop.venue,
        event_date=workshop.event_date,
        workshop_timezone=workshop.timezone,
        director_email=institute.sender_email,
        director_name=institute.director_name,
        director_title=institute.director_title,
        institute=institute.name,
        institute_address=institute.address,
        tax_number=institute.tax_number,
        tax_label=tax_name(workshop.tax_name, locale),
        deadline_text=weekday_date(workshop.registration_deadline, locale),
        minimum_organizations=workshop.minimum_organizations,
        locale=locale,
    )


def letter_entry(context: ServiceContext, letter: Letter, how: str) -> models.LetterEntry:
    """The letter table's row for ``letter`` saved ("saved as a draft") or "sent"."""
    return models.LetterEntry(
        registration_id=letter.registration_id,
        kind=letter.template.value,
        about=letter.about,
        how="sent" if how == "sent" else "draft",
        at=context.clock.now(),
        by=context.actor,
    )


def _addressee(registration: models.Registration | None) -> str:
    if registration is None:
        return "a registration since removed"
    return f"the contact of {registration.organization.name}"


def _card_counts(
    registration_id: int, erasures: list[ErasureView], stored: set[int]
) -> _LetterFields:
    """How many card authorizations of this registration the Institute held (destroyed
    ones and one still stored) and how many were destroyed, verified: the cancellation
    letter says exactly that."""
    own = [e for e in erasures if e.registration_id == registration_id]
    return {
        "cards_found": len(own) + (registration_id in stored),
        "cards_destroyed": sum(1 for e in own if e.status == "complete"),
    }
