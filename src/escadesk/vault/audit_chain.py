"""The audit log as a hash chain: each entry carries the hash of the previous one, so a
changed, removed or reordered entry breaks every link after it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

GENESIS = "0" * 64


@dataclass(frozen=True)
class ChainedEntry:
    id: int
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: int | None
    workshop_id: int | None
    summary: str
    previous_hash: str
    entry_hash: str


def entry_hash(
    previous_hash: str,
    at: datetime,
    actor: str,
    action: str,
    entity: str,
    entity_id: int | None,
    workshop_id: int | None,
    summary: str,
) -> str:
    instant = at.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")
    canonical = json.dumps(
        [previous_hash, instant, actor, action, entity, entity_id, workshop_id, summary],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    checked: int
    first_broken_id: int | None
    problem: str | None

    @property
    def intact(self) -> bool:
        return self.first_broken_id is None


def verify(entries: Iterable[ChainedEntry]) -> ChainReport:
    """Walk the chain in id order; report the first entry whose link does not hold."""
    previous = GENESIS
    checked = 0
    for entry in entries:
        checked += 1
        if entry.previous_hash != previous:
            return ChainReport(
                checked, entry.id, f"Entry #{entry.id} does not follow the entry before it."
            )
        expected = entry_hash(
            entry.previous_hash,
            entry.at,
            entry.actor,
            entry.action,
            entry.entity,
            entry.entity_id,
            entry.workshop_id,
            entry.summary,
        )
        if expected != entry.entry_hash:
            return ChainReport(
                checked, entry.id, f"Entry #{entry.id} was changed after it was written."
            )
        previous = entry.entry_hash
    return ChainReport(checked, None, None)
