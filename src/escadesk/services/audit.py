"""The audit trail: written inside the use case's own transaction, so it cannot drift."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from escadesk.storage.models import AuditEntry


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
    """Add one audit entry. ``summary`` is plain words for a person; never card data."""
    session.add(
        AuditEntry(
            at=at,
            actor=actor,
            action=action,
            entity=entity,
            entity_id=entity_id,
            workshop_id=workshop_id,
            summary=summary,
        )
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
