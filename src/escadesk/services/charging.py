"""Charging confirmed organizations, and erasing what a charge makes unnecessary.

The director reveals the card (re-authenticated, audited) to key it into the payment
terminal, then records the charge here. Recording it erases the verification code and
the scanned form at once (PCI DSS 3.3.1: no sensitive authentication data after
authorization); the full card number follows after the retention period (default: at
once; at most 30 days), enforced whenever the vault is unlocked.

Crash safety: the code and scan are deleted in the charge's own transaction, which also
records their erasure as pending. A process that dies after that commit leaves a pending
erasure, finished by the vault at the next unlock (device key rotated, files scrubbed),
whatever the retention setting. A charge whose card still holds its code (written by an
escadesk older than this rule) is itself the intent: every unlock erases that code first.
Whatever stops the erasure after that commit (a keychain that refuses the new device key,
a disk error), the charge stands: it is returned with its erasure marked pending.

Charge rules (domain/charging.py): dated between the decision and today (in the
workshop's zone); the amount is the fixed fee unless a reason is given (kept with the
charge and in the audit log); an amount with more than two decimals is refused rather
than rounded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from escadesk.domain.cards import CardBrand, MaskedCard
from escadesk.domain.charging import (
    ChargeEntry,
    ChargeTerms,
    charge_dates,
    charged_amount,
    check_charge,
)
from escadesk.domain.money import Money, round_cents
from escadesk.domain.registration import RegistrationEvent, RegistrationStatus
from escadesk.domain.validation import FieldProblem, ValidationError
from escadesk.domain.wording import counted
from escadesk.i18n import _
from escadesk.services import audit
from escadesk.services.context import ServiceContext
from escadesk.services.invoice_records import issue_invoice
from escadesk.services.lookups import load_registration, workshop_charges
from escadesk.services.registration_lifecycle import apply_event
from escadesk.services.row_versions import VersionedEdit, edited_registration
from escadesk.services.settings import SettingsService
from escadesk.services.vault import ErasureScope, VaultService
from escadesk.services.workshop_mapping import calendar_of
from escadesk.storage import models

RETENTION_SETTING = "charging.card_retention_days"
MAX_RETENTION_DAYS = 30
CODE_REASON = "Card charged: the security code and the scanned form are no longer needed."
NUMBER_REASON = "Card charged: the retention period for the card number has ended."


@dataclass(frozen=True)
class ChargeView:
    registration_id: int
    organization: str
    cardholder: str
    card: str
    amount: Money
    charged_on: date
    reference: str
    card_erase_due: datetime
    #: Why the amount is not the fixed fee; None when it is.
    amount_reason: str | None = None


@dataclass(frozen=True)
class RecordedCharge:
    """A charge just recorded, and how far the erasure it started got.

    The charge and the deletion of the card's code and scan are committed together; the
    key rotation, scrub and verification follow. When those stop, the charge stands all
    the same: ``erasure_pending`` says so, ``problem`` says what stopped them, and the
    vault finishes the erasure (its certificate of destruction included) at the next
    unlock."""

    charge: ChargeView
    #: What stopped the erasure after the charge was committed; "" when nothing did.
    problem: str = ""
    #: The charge's invoice, issued in its transaction ("INV-2018-0001"); "" when Settings
    #: lack the institute's name or GST/HST number (services/invoices.py issues it later).
    invoice_number: str = ""

    @property
    def erasure_pending(self) -> bool:
        return bool(self.problem)


class ChargingService:
    def __init__(
        self, context: ServiceContext, vault: VaultService, settings: SettingsService
    ) -> None:
        self._context = context
        self._vault = vault
        self._settings = settings
        vault.after_unlock.append(self._after_unlock)

    def _after_unlock(self) -> None:
        """Codes first: a charged card's code must never wait for the number's retention
        (the vault has already finished the erasures a crash left pending)."""
        self.erase_charged_codes()
        self.enforce_retention()

    def retention_days(self) -> int:
        value = self._settings.get(RETENTION_SETTING, "0") or "0"
        return max(0, min(MAX_RETENTION_DAYS, int(value)))

    def set_retention_days(self, days: int) -> None:
        if not 0 <= days <= MAX_RETENTION_DAYS:
            raise ValidationError(
                [
                    FieldProblem(
                        "retention",
                        _("Keep the number 0 to {max_retention_days} days.").format(
                            max_retention_days=MAX_RETENTION_DAYS
                        ),
                    )
                ]
            )
        before = self.retention_days()
        if days == before:
            return
        with self._context.database.transaction() as session:
            setting = session.get(models.Setting, RETENTION_SETTING)
            if setting is None:
                session.add(models.Setting(key=RETENTION_SETTING, value=str(days)))
            else:
                setting.value = str(days)
            # How long card numbers are kept is a security setting: who changed it, when.
            audit.record_now(
                session,
                self._context,
                action="settings.card_retention",
                entity="vault",
                entity_id=None,
                workshop_id=None,
                summary=f"Card numbers kept {counted(days, 'day')} after a charge "
                f"(was {counted(before, 'day')})",
            )

    def record_charge(
        self,
        registration_id: int,
        charged_on: date,
        reference: str,
        amount: Decimal | None = None,
        amount_reason: str = "",
    ) -> RecordedCharge:
        """Record the charge of a confirmed organization and destroy its code and scan.

        ``amount`` defaults to the fixed fee; another amount needs ``amount_reason``. The
        code and scan are deleted in the charge's own transaction, their erasure pending
        until the commit is followed by the key rotation and scrub (or the next unlock).
        Raises only when nothing was recorded; once the charge is committed, a failure of
        the erasure comes back as ``erasure_pending``."""
        entry = ChargeEntry(charged_on, reference, amount, amount_reason)
        now = self._context.clock.now()
        edit = VersionedEdit(self._context.database)  # another desk's change: refused in words
        with edit.transaction() as session:
            registration = load_registration(session, registration_id)
            edit.about(edited_registration(registration))
            problems = check_charge(entry, _terms(registration, now))
            if problems:
                raise ValidationError(problems)
            # Validated first, so a refusal never waits for (or is hidden by) the vault.
            card = self._vault.card_details_for_charge(registration_id)
            charge = models.Charge(
                registration_id=registration_id,
                cardholder=card.cardholder,
                brand=card.brand.value,
                last4=card.last4,
                amount=charged_amount(registration.fee_gross, amount),
                currency=registration.workshop.currency,
                charged_on=charged_on,
                reference=reference.strip(),
                amount_reason=amount_reason.strip() or None,
                card_erase_due=now + timedelta(days=self.retention_days()),
                recorded_at=now,
                recorded_by=self._context.actor,
            )
            session.add(charge)
            apply_event(self._context, session, registration, RegistrationEvent.CHARGE, None)
            self._audit_charge(session, registration, charge)
            session.flush()
            invoice_number = _issue_invoice(session, self._context, charge)
            pending = None
            if _holds_code(session, registration_id):
                pending = self._vault.start_erasure(
                    session, registration_id, CODE_REASON, ErasureScope.SENSITIVE
                )
            session.flush()
            view = _view(charge, registration.organization.name)
        # Committed: from here on a failure leaves the erasure pending, never the charge
        # unrecorded. After one, no further erasure is started against a failing vault or
        # keychain: the next unlock finishes this one, then enforces the retention.
        stopped = _attempt(self._vault.finish_erasure, pending) if pending is not None else ""
        if not stopped:
            stopped = _attempt(self.enforce_retention)
        return RecordedCharge(view, problem=stopped, invoice_number=invoice_number)

    def _audit_charge(
        self, session: Session, registration: models.Registration, charge: models.Charge
    ) -> None:
        """The charge in the audit log; an amount other than the fee is there with why."""
        amount = Money(charge.amount, charge.currency)
        summary = (
            f"{registration.organization.name}: charged {amount} on "
            f"{charge.charged_on.isoformat()}, reference: {charge.reference}"
        )
        fee = registration.fee_gross
        if fee is None or charge.amount != round_cents(fee):
            fixed = (
                "no fee was fixed"
                if fee is None
                else f"the fixed fee is {Money(fee, charge.currency)}"
            )
            summary += f"; {fixed}, reason: {charge.amount_reason}"
        elif charge.amount_reason:
            summary += f"; note: {charge.amount_reason}"
        audit.record_for_registration(
            session, self._context, registration, "charge.record", summary
        )

    def erase_charged_codes(self) -> int:
        """Erase the code and scan of every charged card that still holds them; how many.

        The charge row is the intent: a charged card keeps no code (PCI DSS 3.3.1). Since
        charges delete it in their own transaction, this only finds what an older escadesk
        left behind when it died between its charge and its erasure. Cards already
        'code_erased' are not selected (the vault refuses to erase a code twice)."""
        holding = self._charged_cards(models.CardAuthorization.sensitive_key.is_not(None))
        for registration_id in holding:
            self._vault.erase(registration_id, CODE_REASON, ErasureScope.SENSITIVE)
        return len(holding)

    def enforce_retention(self) -> int:
        """Erase the card numbers whose retention period has ended; returns how many."""
        due = self._charged_cards(models.Charge.card_erase_due <= self._context.clock.now())
        for registration_id in due:
            self._vault.erase(registration_id, NUMBER_REASON, ErasureScope.FULL)
        return len(due)

    def _charged_cards(self, condition: ColumnElement[bool]) -> list[int]:
        """The registrations, in charge order, whose charged card authorization is still
        stored and meets ``condition``."""
        with self._context.database.reading() as session:
            return list(
                session.scalars(
                    select(models.Charge.registration_id)
                    .join(
                        models.CardAuthorization,
                        models.CardAuthorization.registration_id == models.Charge.registration_id,
                    )
                    .where(condition)
                    .order_by(models.Charge.id)
                )
            )

    def charges(self, workshop_id: int) -> list[ChargeView]:
        with self._context.database.reading() as session:
            rows = workshop_charges(
                session, workshop_id, models.Charge.charged_on, models.Charge.id
            )
            return [_view(charge, name) for charge, name in rows]


def _view(charge: models.Charge, organization: str) -> ChargeView:
    return ChargeView(
        registration_id=charge.registration_id,
        organization=organization,
        cardholder=charge.cardholder,
        card=str(MaskedCard(CardBrand(charge.brand), charge.last4)),
        amount=Money(charge.amount, charge.currency),
        charged_on=charge.charged_on,
        reference=charge.reference,
        card_erase_due=charge.card_erase_due,
        amount_reason=charge.amount_reason,
    )


def _issue_invoice(session: Session, context: ServiceContext, charge: models.Charge) -> str:
    """The charge's invoice number, issued in the charge's own transaction. The charge was
    made at the terminal, so it is never refused for want of an invoice: while Settings
    lack the institute's name or GST/HST number, "" (issued once they are set)."""
    try:
        return issue_invoice(session, context, charge).number
    except ValidationError:
        return ""


def _holds_code(session: Session, registration_id: int) -> bool:
    """Whether the card still holds its code and scan: if they are already erased, the
    charge has nothing more to destroy (and the vault refuses to erase them twice)."""
    key = session.scalar(
        select(models.CardAuthorization.sensitive_key).where(
            models.CardAuthorization.registration_id == registration_id
        )
    )
    return key is not None


def _terms(registration: models.Registration, now: datetime) -> ChargeTerms:
    workshop = registration.workshop
    return ChargeTerms(
        status=RegistrationStatus(registration.status),
        fee=registration.fee_gross,
        currency=workshop.currency,
        dates=charge_dates(workshop.decided_at, now, calendar_of(workshop).zone),
    )


def _attempt(work: Callable[..., object], *arguments: object) -> str:
    """Run ``work``; what stopped it, or "" when it finished."""
    try:
        work(*arguments)
    except Exception as error:  # a keychain or disk error, the vault locked meanwhile...
        return str(error).strip() or type(error).__name__
    return ""
