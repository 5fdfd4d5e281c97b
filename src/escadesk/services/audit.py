"""The audit trail: written inside the use case's own transaction, so it cannot drift."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, insert, select, text, update
from sqlalchemy.orm import Session

from escadesk.domain.cards import contains_card_number
from escadesk.services import live_changes
from escadesk.services.context import ServiceContext
from escadesk.storage.database import mark_audited
from escadesk.storage.models import AuditEntry, Registration
from escadesk.vault.audit_chain import (
    GENESIS,
    Anchor,
    ChainedEntry,
    ChainReport,
    entry_hash,
    verify,
)

#: The PostgreSQL transaction advisory lock every audit append holds until its commit.
APPEND_LOCK_KEY = int.from_bytes(
    hashlib.sha256(b"escadesk/audit-append").digest()[:8], "big", signed=True
)


#: The log's table itself: :func:`record_many` inserts plain rows, no objects.
_TABLE = AuditEntry.metadata.tables[AuditEntry.__tablename__]


def _serialize_appends(session: Session) -> None:
    """Take the database's write lock for appends before reading the previous hash, so
    that two writers cannot both link to the same entry (a forked chain).

    PostgreSQL: a transaction advisory lock, held until this transaction ends; read
    committed then shows the previous writer's entry to the next SELECT. SQLite: a no-op
    UPDATE starts the write transaction (pysqlite issues BEGIN only before a write, so a
    SELECT first would read outside it); SQLite admits one writer at a time, and a WAL
    writer always reads the newest data.
    """
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": APPEND_LOCK_KEY})
    elif dialect == "sqlite":
        session.execute(
            update(AuditEntry)
            .where(AuditEntry.id.is_(None))
            .values(id=AuditEntry.id)
            .execution_options(synchronize_session=False)
        )


@dataclass(frozen=True)
class Entry:
    """One audit entry before it is chained: what :func:`record_many` appends."""

    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: int | None
    workshop_id: int | None
    summary: str


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
    record_many(session, [Entry(at, actor, action, entity, entity_id, workshop_id, summary)])


def record_many(session: Session, entries: Sequence[Entry]) -> None:
    """Append ``entries`` in their order, each chained to the one before it, exactly as
    one :func:`record` after another would, but in a fixed number of statements whatever
    their number (the write lock, the chain's head read once, one executemany insert of
    every row): a decision about thousands of registrations writes one entry for each.

    Every summary is checked before anything is written: one that looks like card data
    refuses the whole batch.
    """
    if not entries:
        return
    if any(contains_card_number(entry.summary) for entry in entries):
        raise ValueError("Refusing to write what looks like a card number to the audit log.")
    _serialize_appends(session)
    previous = session.scalar(select(AuditEntry.entry_hash).order_by(AuditEntry.id.desc()).limit(1))
    previous = previous or GENESIS
    rows: list[dict[str, object]] = []
    for entry in entries:
        digest = entry_hash(
            previous,
            entry.at,
            entry.actor,
            entry.action,
            entry.entity,
            entry.entity_id,
            entry.workshop_id,
            entry.summary,
        )
        rows.append(
            {
                "at": entry.at,
                "actor": entry.actor,
                "action": entry.action,
                "entity": entry.entity,
                "entity_id": entry.entity_id,
                "workshop_id": entry.workshop_id,
                "summary": entry.summary,
                "previous_hash": previous,
                "entry_hash": digest,
            }
        )
        previous = digest
    # Inserted in list order, so their ids (which the verifier walks) follow the chain;
    # into the table itself: no objects in the session, no ORM bookkeeping per row.
    session.execute(insert(_TABLE), rows)
    mark_audited(session)
    live_changes.announce(session, entries)  # PostgreSQL: the other desks hear it on commit


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


def registration_entry(
    context: ServiceContext,
    registration_id: int,
    workshop_id: int,
    action: str,
    summary: str,
    at: datetime | None = None,
) -> Entry:
    """:func:`record_for_registration`'s entry, kept for :func:`record_many` (``at``:
    the use case's moment; by default now)."""
    return Entry(
        at or context.clock.now(),
        context.actor,
        action,
        "registration",
        registration_id,
        workshop_id,
        summary,
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


def head(session: Session) -> Anchor | None:
    """The chain's last entry and the number of entries (None while the log is empty)."""
    last = session.execute(
        select(AuditEntry.id, AuditEntry.entry_hash).order_by(AuditEntry.id.desc()).limit(1)
    ).first()
    if last is None:
        return None
    # The entries up to this one, not the whole table: on a server another desk may commit
    # an entry between the two statements (read committed), which would anchor a count
    # one too high and make the next verification report a replaced log. Ids are taken
    # under the append lock, in commit order, so the entries up to ``last`` stay put.
    up_to_last = select(func.count()).select_from(AuditEntry).where(AuditEntry.id <= last.id)
    count = session.scalar(up_to_last) or 0
    return Anchor(last.id, last.entry_hash, count)


def still_holds(session: Session, anchor: Anchor) -> bool:
    """Is the anchored entry still there, as the anchored count-th entry? (A cheap check
    before moving an anchor forward; ``verify_chain`` checks every link.)"""
    stored = session.scalar(select(AuditEntry.entry_hash).where(AuditEntry.id == anchor.last_id))
    if stored != anchor.head_hash:
        return False
    count = session.scalar(
        select(func.count()).select_from(AuditEntry).where(AuditEntry.id <= anchor.last_id)
    )
    return count == anchor.count


def verify_chain(session: Session, anchor: Anchor | None = None) -> ChainReport:
    """Check every link of the audit chain, then that the anchor kept outside the database
    is still part of it; the report names the first broken entry or what is missing."""
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
    return verify(entries, anchor)
