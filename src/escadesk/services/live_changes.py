"""Live changes between desks on a shared server (issue 20): what a desk hears when
another commits, so that its window shows the change within a second.

Every transaction that changes stored data appends to the audit log, in one place
(services/audit.py); on PostgreSQL that append also announces the change
(:func:`announce`), in the same transaction, so the announcement goes out on commit and
never for a rollback. What it says is small: the workshops and, when every entry was about
a registration, which registrations (else the desk reloads the workshop); what kinds of
thing changed; the last audit entry's id and its actor; and where it came from, so that a
desk ignores its own changes (its window has already shown them).

:class:`ChangeFeed` is a desk's ear: one listening connection (storage/change_feed.py),
read without waiting; ``available`` is False on SQLite, where nothing of this runs.
"""

from __future__ import annotations

import json
import secrets
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from sqlalchemy import Engine, func, select

from escadesk.storage.change_feed import (
    MAX_PAYLOAD,
    ChangeListener,
    ListenerLost,
    notify,
    supports_notify,
)
from escadesk.storage.models import AuditEntry

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from escadesk.services.context import ServiceContext

__all__ = ["Change", "ChangeFeed", "ListenerLost", "announce", "decode", "encode", "origin_of"]

#: Beyond this many registrations an announcement says "the workshop" instead (a decision
#: touches them all; the desk then reloads it in one read anyway).
MAX_IDS = 300

#: One random tag per engine (one per open data: a desk), what "my own change" means.
_origins: weakref.WeakKeyDictionary[Engine, str] = weakref.WeakKeyDictionary()


def origin_of(engine: Engine) -> str:
    origin = _origins.get(engine)
    if origin is None:
        origin = _origins[engine] = secrets.token_hex(8)
    return origin


class AuditFacts(Protocol):
    """What of an audit entry (services/audit.py ``Entry``) an announcement says."""

    @property
    def actor(self) -> str: ...

    @property
    def entity(self) -> str: ...

    @property
    def entity_id(self) -> int | None: ...

    @property
    def workshop_id(self) -> int | None: ...


@dataclass(frozen=True)
class Change:
    """One committed transaction, as another desk hears of it."""

    origin: str
    #: The workshops it touched; None: something of no workshop (settings, the vault).
    workshop_ids: frozenset[int] | None
    #: The registrations it touched, when it touched nothing else; None: reload.
    registration_ids: frozenset[int] | None
    #: The kinds of thing changed (the audit entries' ``entity``: "registration", ...).
    entities: frozenset[str]
    audit_id: int | None = None
    actor: str = ""


def encode(change: Change) -> str:
    """The payload: compact JSON, under PostgreSQL's size limit (ids dropped if needed)."""
    data: dict[str, object] = {
        "v": 1,
        "o": change.origin,
        "w": None if change.workshop_ids is None else sorted(change.workshop_ids),
        "r": None if change.registration_ids is None else sorted(change.registration_ids),
        "e": sorted(change.entities),
        "a": change.audit_id,
        "by": change.actor[:200],
    }
    payload = json.dumps(data, separators=(",", ":"))
    if len(payload.encode()) > MAX_PAYLOAD:
        data["r"] = None
        data["w"] = (
            None if change.workshop_ids is None or len(change.workshop_ids) > 100 else data["w"]
        )
        payload = json.dumps(data, separators=(",", ":"))
    return payload


def _ids(value: object) -> frozenset[int] | None:
    if not isinstance(value, list) or not all(isinstance(item, int) for item in value):
        return None
    return frozenset(value)


def decode(payload: str) -> Change | None:
    """The change a payload announces; None for anything not ours (another program may
    share the channel's name): it is ignored."""
    try:
        data = json.loads(payload)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("v") != 1 or not isinstance(data.get("o"), str):
        return None
    entities = data.get("e")
    audit_id = data.get("a")
    actor = data.get("by")
    return Change(
        origin=data["o"],
        workshop_ids=_ids(data.get("w")),
        registration_ids=_ids(data.get("r")),
        entities=frozenset(e for e in entities if isinstance(e, str))
        if isinstance(entities, list)
        else frozenset(),
        audit_id=audit_id if isinstance(audit_id, int) else None,
        actor=actor if isinstance(actor, str) else "",
    )


def describe(entries: Sequence[AuditFacts], origin: str, audit_id: int | None) -> Change:
    """What ``entries`` (one transaction's audit entries) changed."""
    workshops = {entry.workshop_id for entry in entries if entry.workshop_id is not None}
    anywhere = any(entry.workshop_id is None for entry in entries)
    registrations = {entry.entity_id for entry in entries if entry.entity_id is not None}
    only_registrations = all(
        entry.entity == "registration" and entry.entity_id is not None for entry in entries
    )
    return Change(
        origin=origin,
        workshop_ids=None if anywhere else frozenset(workshops),
        registration_ids=frozenset(registrations)
        if only_registrations and len(registrations) <= MAX_IDS
        else None,
        entities=frozenset(entry.entity for entry in entries),
        audit_id=audit_id,
        actor=entries[-1].actor if entries else "",
    )


def announce(session: Session, entries: Sequence[AuditFacts]) -> None:
    """Tell the other desks, on commit, what this transaction changes (PostgreSQL only):
    called by the audit append, after its insert, under its lock (so the newest entry is
    this transaction's last)."""
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    if not entries or not supports_notify(engine):
        return
    audit_id = session.scalar(select(func.max(AuditEntry.id)))
    notify(session, encode(describe(entries, origin_of(engine), audit_id)))


class ChangeFeed:
    """A desk's ear on the changes the other desks commit (PostgreSQL; nothing on SQLite).

    ``connect`` may wait for the network (call it off the GUI thread); ``receive`` never
    waits and drops this desk's own changes; it raises :class:`ListenerLost` when the
    connection failed (``connect`` again, and reload: what was said meanwhile is lost).
    """

    def __init__(self, context: ServiceContext) -> None:
        self._engine = context.database.engine
        self.available = supports_notify(self._engine)
        self.origin = origin_of(self._engine)
        self._listener = ChangeListener(self._engine)

    @property
    def connected(self) -> bool:
        return self._listener.connected

    def connect(self) -> None:
        if self.available:
            self._listener.connect()

    def fileno(self) -> int:
        return self._listener.fileno()

    @property
    def backend_pid(self) -> int | None:
        return self._listener.backend_pid

    def receive(self) -> list[Change]:
        return list(self._others(self._listener.receive()))

    def _others(self, payloads: Iterable[str]) -> Iterable[Change]:
        for payload in payloads:
            change = decode(payload)
            if change is not None and change.origin != self.origin:
                yield change

    def close(self) -> None:
        self._listener.close()
