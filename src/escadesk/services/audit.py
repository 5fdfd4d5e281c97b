"""The audit trail: written inside the use case's own transaction, so it cannot drift."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from escadesk.domain.cards import contains_card_number
from escadesk.services.context import ServiceContext
from escadesk.storage.models import AuditEntry, Registration
from escadesk.vault.audit_chain import GENESIS, ChainedEntry, ChainReport, entry_hash, verify


def record(
    session: Session,
    *,
    at: datetime,
    actor: str,
    action: str,
    entity: str,
    entity_id: int | None,
    workshop_id: int | None,
    summary: str,
) -> None:
    """Add one audit entry, chained to the one before it.

    ``summary`` is plain words for a person; it must never hold card data, and a summary
    that looks like it does is refused outright.
    """
    if contains_card_number(summary):
        raise ValueError("Refusing to write what looks like a card number to the audit log.")
    previous = session.scalar(select(AuditEntry.entry_hash).order_by(AuditEntry.id.desc()).limit(1))
    previous = previous or GENESIS
    session.add(
        AuditEntry(
            at=at,
            actor=actor,
            action=action,
            entity=entity,
            entity_id=entity_id,
            workshop_id=workshop_id,
            summary=summary,
            previous_hash=previous,
            entry_hash=entry_hash(
                previous, at, actor, action, entity, entity_id, workshop_id, summary
            ),
        )
    )
    session.flush()


def record_now(
    session: Session,
    context: ServiceContext,
    *,
    action: str,
    entity: str,
    entity_id: int | None,
    workshop_id: int | None,
    summary: str,
) -> None:
    """An entry for something done now by the acting user (the context's clock and actor)."""
    record(
        session,
        at=context.clock.now(),
        actor=context.actor,
        action=action,
        entity=entity,
        entity_id=entity_id,
        workshop_id=workshop_id,
        summary=summary,
    )


def record_for_registration(
    session: Session,
    context: ServiceContext,
    registration: Registration,
    action: str,
    summary: str,
) -> None:
    """The common case: something happened to one registration, now, by the acting user."""
    record_now(
        session,
        context,
        action=action,
        entity="registration",
        entity_id=registration.id,
        workshop_id=registration.workshop_id,
        summary=summary,
    )


@dataclass(frozen=True)
class AuditLine:
    at: datetime
    actor: str
    action: str
    summary: str


def recent(session: Session, workshop_id: int | None, limit: int = 200) -> list[AuditLine]:
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)
    if workshop_id is not None:
        query = query.where(AuditEntry.workshop_id == workshop_id)
    return [AuditLine(e.at, e.actor, e.action, e.summary) for e in session.scalars(query)]


def verify_chain(session: Session) -> ChainReport:
    """Check every link of the audit chain; the report names the first broken entry."""
    entries = (
        ChainedEntry(
            e.id,
            e.at,
            e.actor,
            e.action,
            e.entity,
            e.entity_id,
            e.workshop_id,
            e.summary,
            e.previous_hash,
            e.entry_hash,
        )
        for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id))
    )
    return verify(entries)
