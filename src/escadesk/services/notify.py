"""Letters to organizations: built from the stored workshop, previewed, saved as .eml
drafts or sent by SMTP, and every one logged (to whom, which template, when)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from escadesk.domain.cards import CardBrand, MaskedCard
from escadesk.domain.money import Money, split_tax_included
from escadesk.domain.registration import RegistrationEvent, RegistrationStatus
from escadesk.notifications.drafts import Attachment, build_email, safe_file_stem, save_eml
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
from escadesk.services.settings import SettingsService
from escadesk.services.vault import ErasureScope, ErasureView, VaultService
from escadesk.services.workshop_mapping import schedule_of
from escadesk.services.workshops import load_workshop
from escadesk.storage import models

DIRECTOR_NAME_SETTING = "institute.director_name"
DIRECTOR_EMAIL_SETTING = "institute.director_email"

#: Which letter each status receives.
TEMPLATE_FOR = {
    RegistrationStatus.CONFIRMED: Template.CONFIRMED,
    RegistrationStatus.WAITLISTED: Template.WAITLISTED,
    RegistrationStatus.CANCELLED: Template.CANCELLED,
    RegistrationStatus.CHARGED: Template.RECEIPT,
}


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


class NotificationService:
    def __init__(
        self, context: ServiceContext, settings: SettingsService, vault: VaultService
    ) -> None:
        self._context = context
        self._settings = settings
        self._vault = vault

    def sender(self) -> Recipient:
        return Recipient(
            self._settings.get(DIRECTOR_NAME_SETTING, "Research Director") or "",
            self._settings.get(DIRECTOR_EMAIL_SETTING, "research.director@institute.example") or "",
        )

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
        sender = self.sender()
        letters: list[Letter] = []
        with self._context.database.reading() as session:
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
                fields: dict[str, object] = {}
                attachments: list[Attachment] = []
                if registration.fee_gross is not None:
                    split = split_tax_included(
                        Money(registration.fee_gross, workshop.currency), workshop.tax_rate
                    )
                    fields |= {
                        "price_gross": split.gross,
                        "price_net": split.net,
                        "price_tax": split.tax,
                        "price_approximation": schedule.quote(
                            workshop.decided_participants or schedule.minimum
                        ).approximation_text()
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
                    text = self._vault.certificate_text(certificates[registration.id].id)
                    fields["certificate_text"] = text
                    attachments.append(
                        Attachment(
                            "Certificate of destruction.txt", text.encode("utf-8"), "text/plain"
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
                context = MessageContext(
                    organization=registration.organization.name,
                    contact_name=registration.contact.name,
                    workshop_title=workshop.title,
                    venue=workshop.venue,
                    event_date=workshop.event_date,
                    workshop_timezone=workshop.timezone,
                    director_email=sender.email,
                    director_name=sender.name,
                    tax_label=workshop.tax_name,
                    **fields,  # type: ignore[arg-type]
                )
                letters.append(
                    Letter(
                        registration.id,
                        registration.organization.name,
                        chosen,
                        Recipient(registration.contact.name, registration.contact.email),
                        render(chosen, context),
                        tuple(attachments),
                        notice_due=registration.fee_notice_due,
                    )
                )
        return letters

    def save_drafts(self, letters: list[Letter], folder: Path) -> list[Path]:
        folder.mkdir(parents=True, exist_ok=True)
        sender = self.sender()
        saved = []
        for letter in letters:
            email = build_email(letter.message, sender, letter.to, list(letter.attachments))
            stem = safe_file_stem(f"{letter.organization} - {letter.template.value}")
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


def _addressee(registration: models.Registration | None) -> str:
    if registration is None:
        return "a registration since removed"
    return f"the contact of {registration.organization.name}"


def _card_counts(
    registration_id: int, erasures: list[ErasureView], stored: set[int]
) -> dict[str, object]:
    """How many card authorizations of this registration the Institute held (destroyed
    ones and one still stored) and how many were destroyed, verified: the cancellation
    letter says exactly that."""
    own = [e for e in erasures if e.registration_id == registration_id]
    return {
        "cards_found": len(own) + (registration_id in stored),
        "cards_destroyed": sum(1 for e in own if e.status == "complete"),
    }
