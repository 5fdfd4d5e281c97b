"""The registrations as the desk lists them (issue 17): one select of plain columns, and
one each for the stored cards and the charges, into named tuples.

Its own module, below the desk's read (services/desk_view.py), because the registrations
desk lists them too (``RegistrationService.list``) while the decision service, which the
desk's overview asks, imports the registrations desk: kept apart, no cycle forms.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from escadesk.domain.cards import CardBrand, MaskedCard
from escadesk.domain.money import Money
from escadesk.domain.quorum import QuorumEntry, QuorumOutlook
from escadesk.domain.registration import RegistrationStatus
from escadesk.services.charging import ChargeView
from escadesk.services.vault import MaskedAuthorization
from escadesk.services.views import RegistrationRow
from escadesk.storage import models

#: Stored value -> member: a dict look-up per row, where calling the enum costs more.
_STATUSES = {status.value: status for status in RegistrationStatus}
_BRANDS = {brand.value: brand for brand in CardBrand}


class StoredCard(NamedTuple):
    """What is shown of a card authorization in the vault (never its encrypted parts)."""

    brand: CardBrand
    last4: str
    state: str
    recorded_at: datetime


class DeskRow(NamedTuple):
    """One registration as the desk shows it: a tuple, cheap to build and to compare."""

    id: int
    organization: str
    country: str
    technology_area: str
    contact_name: str
    contact_title: str
    contact_email: str
    contact_phone: str
    status: RegistrationStatus
    registered_at: datetime
    form_received_at: datetime | None
    authorization_received_at: datetime | None
    completed_at: datetime | None
    late_accepted_reason: str | None
    fee_gross: Decimal | None
    fee_notice_due: bool
    #: Its place on the waitlist (after the decision: as taken; before: if it closed now).
    waitlist_position: int | None
    card: StoredCard | None
    charge: ChargeView | None
    #: The registration's row version (services/row_versions.py): what an edit started
    #: from this row expects.
    version: int | None = None

    @property
    def late(self) -> bool:
        return self.status is RegistrationStatus.LATE or self.late_accepted_reason is not None

    @property
    def card_mask(self) -> str:
        """ "VISA •••• 1111": the card in the vault, or the one charged once it is erased."""
        if self.card is not None:
            return card_mask(self.card.brand, self.card.last4)
        return self.charge.card if self.charge is not None else ""

    def registration(self) -> RegistrationRow:
        """The row as the rest of the window knows it (built when asked: the selection)."""
        return RegistrationRow(
            id=self.id,
            organization=self.organization,
            country=self.country,
            technology_area=self.technology_area,
            contact_name=self.contact_name,
            contact_title=self.contact_title,
            contact_email=self.contact_email,
            contact_phone=self.contact_phone,
            status=self.status,
            registered_at=self.registered_at,
            form_received_at=self.form_received_at,
            authorization_received_at=self.authorization_received_at,
            completed_at=self.completed_at,
            late=self.late,
            late_accepted_reason=self.late_accepted_reason,
            waitlist_position=self.waitlist_position,
            fee_gross=self.fee_gross,
            fee_notice_due=self.fee_notice_due,
            version=self.version,
        )

    def placed(self, waitlist_position: int | None) -> DeskRow:
        """The same row at another place on the waitlist (or none)."""
        return self._replace(waitlist_position=waitlist_position)

    def quorum_entry(self) -> QuorumEntry:
        return QuorumEntry(self.id, self.organization, self.status, self.completed_at)


class MaskedCards(Mapping[int, MaskedAuthorization]):
    """The cards in the vault of some rows, by registration; each built when asked (the
    window asks for the selected registration's), not thousands at every refresh."""

    def __init__(self, rows: Sequence[DeskRow]) -> None:
        self._cards = {row.id: row.card for row in rows if row.card is not None}

    def __getitem__(self, registration_id: int) -> MaskedAuthorization:
        card = self._cards[registration_id]
        return MaskedAuthorization(
            registration_id, card.brand, card.last4, card.state, card.recorded_at
        )

    def __iter__(self) -> Iterator[int]:
        return iter(self._cards)

    def __len__(self) -> int:
        return len(self._cards)


_MASKS: dict[tuple[CardBrand, str], str] = {}


def card_mask(brand: CardBrand, last4: str) -> str:
    """str(MaskedCard(brand, last4)), made once per card seen (thousands at a large event
    share a few hundred; the mask's checks run once each)."""
    mask = _MASKS.get((brand, last4))
    if mask is None:
        mask = str(MaskedCard(brand, last4))
        if len(_MASKS) < 65536:
            _MASKS[(brand, last4)] = mask
    return mask


def waitlist_positions(
    rows: Sequence[DeskRow], decided: bool, projected: Callable[[], QuorumOutlook]
) -> dict[int, int]:
    """Registration id -> place on the waitlist. Once the decision is taken (or anyone is
    waitlisted) the stored waitlist, by completion time; before it, the outlook's
    projection (``projected``: complete beyond the maximum if it closed now)."""
    waiting = sorted(
        (row for row in rows if row.status is RegistrationStatus.WAITLISTED),
        key=lambda row: (row.completed_at, row.id),
    )
    if waiting or decided:
        keys = [row.id for row in waiting]
    else:
        keys = [entry.key for entry in projected().waitlisted]
    return {key: position for position, key in enumerate(keys, 1)}


def read_rows(
    session: Session,
    workshop_id: int,
    ids: Collection[int] | None = None,
    *,
    cards_and_charges: bool = True,
) -> list[DeskRow]:
    """The workshop's registrations (only ``ids``, if given) in registration order: one
    select of plain columns, and one each for the stored cards and the charges. Each runs
    on the session's connection: plain columns need none of the ORM's loading, which cost
    as much again at 10,000 rows (issue 17)."""
    registration, organization, contact = models.Registration, models.Organization, models.Contact
    query = (
        select(
            registration.id,
            organization.name,
            organization.country,
            organization.technology_area,
            contact.name,
            contact.title,
            contact.email,
            contact.phone,
            registration.status,
            registration.created_at,
            registration.form_received_at,
            registration.authorization_received_at,
            registration.completed_at,
            registration.late_accepted_reason,
            registration.fee_gross,
            registration.fee_notice_due,
            registration.version,
        )
        .join(organization, organization.id == registration.organization_id)
        .join(contact, contact.id == registration.contact_id)
        .where(registration.workshop_id == workshop_id)
        .order_by(registration.created_at, registration.id)
    )
    if ids is not None:
        query = query.where(registration.id.in_(sorted(ids)))
    cards: dict[int, StoredCard] = {}
    charges: dict[int, ChargeView] = {}
    if cards_and_charges:
        cards = _stored_cards(session, workshop_id, ids)
        charges = _charges(session, workshop_id, ids)
    statuses = _STATUSES
    return [
        DeskRow(
            key,
            name,
            country,
            area,
            contact_name,
            title,
            email,
            phone,
            statuses[status],
            created,
            form,
            authorization,
            completed,
            late_reason,
            fee,
            bool(notice),
            None,
            cards.get(key),
            charges.get(key),
            version,
        )
        for (
            key,
            name,
            country,
            area,
            contact_name,
            title,
            email,
            phone,
            status,
            created,
            form,
            authorization,
            completed,
            late_reason,
            fee,
            notice,
            version,
        ) in session.connection().execute(query).all()
    ]


def _stored_cards(
    session: Session, workshop_id: int, ids: Collection[int] | None
) -> dict[int, StoredCard]:
    card = models.CardAuthorization
    query = (
        select(card.registration_id, card.brand, card.last4, card.state, card.recorded_at)
        .join(models.Registration, models.Registration.id == card.registration_id)
        .where(models.Registration.workshop_id == workshop_id)
    )
    if ids is not None:
        query = query.where(card.registration_id.in_(sorted(ids)))
    return {
        key: StoredCard(_BRANDS[brand], last4, state, recorded_at)
        for key, brand, last4, state, recorded_at in session.connection().execute(query).all()
    }


def _charges(
    session: Session, workshop_id: int, ids: Collection[int] | None
) -> dict[int, ChargeView]:
    charge = models.Charge
    query = (
        select(
            charge.registration_id,
            models.Organization.name,
            charge.cardholder,
            charge.brand,
            charge.last4,
            charge.amount,
            charge.currency,
            charge.charged_on,
            charge.reference,
            charge.card_erase_due,
            charge.amount_reason,
        )
        .join(models.Registration, models.Registration.id == charge.registration_id)
        .join(models.Organization, models.Organization.id == models.Registration.organization_id)
        .where(models.Registration.workshop_id == workshop_id)
    )
    if ids is not None:
        query = query.where(charge.registration_id.in_(sorted(ids)))
    return {
        key: ChargeView(
            registration_id=key,
            organization=organization,
            cardholder=cardholder,
            card=card_mask(_BRANDS[brand], last4),
            amount=Money(amount, currency),
            charged_on=charged_on,
            reference=reference,
            card_erase_due=erase_due,
            amount_reason=reason,
        )
        for (
            key,
            organization,
            cardholder,
            brand,
            last4,
            amount,
            currency,
            charged_on,
            reference,
            erase_due,
            reason,
        ) in session.connection().execute(query).all()
    }
