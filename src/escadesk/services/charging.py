"""Charging confirmed organizations, and erasing what a charge makes unnecessary.

The director reveals the card (re-authenticated, audited) to key it into the payment
terminal, then records the charge here. Recording it erases the verification code and
the scanned form at once (PCI DSS 3.3.1: no sensitive authentication data after
authorization); the full card number follows after the retention period (default: at
once; at most 30 days), enforced whenever the vault is unlocked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from escadesk.domain.cards import CardBrand, MaskedCard, contains_card_number
from escadesk.domain.money import Money, round_cents
from escadesk.domain.registration import RegistrationEvent, RegistrationStatus
from escadesk.domain.validation import FieldProblem, ValidationError
from escadesk.services.context import ServiceContext
from escadesk.services.registrations import apply_event, load_registration
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


class ChargingService:
    def __init__(
        self, context: ServiceContext, vault: VaultService, settings: SettingsService
    ) -> None:
        self._context = context
        self._vault = vault
        self._settings = settings
        vault.after_unlock.append(self.enforce_retention)

    def retention_days(self) -> int:
        value = self._settings.get(RETENTION_SETTING, "0") or "0"
        return max(0, min(MAX_RETENTION_DAYS, int(value)))

    def set_retention_days(self, days: int) -> None:
        if not 0 <= days <= MAX_RETENTION_DAYS:
            raise ValidationError(
                [FieldProblem("retention", f"Keep the number 0 to {MAX_RETENTION_DAYS} days.")]
            )
        self._settings.set(RETENTION_SETTING, str(days))

    def record_charge(
        self,
        registration_id: int,
        charged_on: date,
        reference: str,
        amount: Decimal | None = None,
    ) -> ChargeView:
        """Record a charge of a confirmed organization (amount defaults to its fixed fee)."""
        problems = []
        if not reference.strip():
            problems.append(
                FieldProblem("reference", "The approval or reference code is required.")
            )
        elif contains_card_number(reference):
            problems.append(FieldProblem("reference", "The reference must not be a card number."))
        if amount is not None and amount <= 0:
            problems.append(FieldProblem("amount", "The amount must be greater than zero."))
        if problems:
            raise ValidationError(problems)
        payload = self._vault.card_details_for_charge(registration_id)
        now = self._context.clock.now()
        with self._context.database.transaction() as session:
            registration = load_registration(session, registration_id)
            if registration.status != RegistrationStatus.CONFIRMED.value:
                raise ValidationError(
                    [FieldProblem("registration", "Only a confirmed organization can be charged.")]
                )
            if charged_on > now.astimezone(calendar_of(registration.workshop).zone).date():
                raise ValidationError([FieldProblem("charged_on", "That date is in the future.")])
            fee = amount if amount is not None else registration.fee_gross
            if fee is None:
                raise ValidationError(
                    [FieldProblem("amount", "No fee was fixed; give the amount.")]
                )
            charge = models.Charge(
                registration_id=registration_id,
                cardholder=payload.cardholder,
                brand=payload.brand.value,
                last4=payload.last4,
                amount=round_cents(fee),
                currency=registration.workshop.currency,
                charged_on=charged_on,
                reference=reference.strip(),
                card_erase_due=now + timedelta(days=self.retention_days()),
                recorded_at=now,
                recorded_by=self._context.actor,
            )
            session.add(charge)
            apply_event(self._context, session, registration, RegistrationEvent.CHARGE, None)
            session.flush()
            view = _view(charge, registration.organization.name)
        self._vault.erase(registration_id, CODE_REASON, ErasureScope.SENSITIVE)
        self.enforce_retention()
        return view

    def enforce_retention(self) -> int:
        """Erase the card numbers whose retention period has ended; returns how many."""
        now = self._context.clock.now()
        with self._context.database.reading() as session:
            due = list(
                session.scalars(
                    select(models.Charge.registration_id)
                    .join(
                        models.CardAuthorization,
                        models.CardAuthorization.registration_id == models.Charge.registration_id,
                    )
                    .where(models.Charge.card_erase_due <= now)
                )
            )
        for registration_id in due:
            self._vault.erase(registration_id, NUMBER_REASON, ErasureScope.FULL)
        return len(due)

    def charges(self, workshop_id: int) -> list[ChargeView]:
        with self._context.database.reading() as session:
            rows = session.execute(
                select(models.Charge, models.Organization.name)
                .join(models.Registration, models.Registration.id == models.Charge.registration_id)
                .join(models.Organization)
                .where(models.Registration.workshop_id == workshop_id)
                .order_by(models.Charge.charged_on, models.Charge.id)
            ).all()
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
    )
