"""The audit log as a hash chain: each entry carries the hash of the previous one, so a
changed, removed or reordered entry breaks every link after it; and an anchor kept
outside the database, so that removing entries *from the end*, or replacing the whole log
with a fresh self-consistent chain, is noticed too (issue 14, item 6).

Why an anchor, and where. A chain proves only that what is there hangs together: delete
entries 51-64 and entries 1-50 are still a perfect chain; rebuild the log from scratch
and it is perfect too. Only state the database does not hold can tell. The options:

- a MAC over (count, head hash) stored *in* the database, under a key derived from the
  vault key: it stops someone without the key from forging a new head, but truncation
  back to an earlier state restores that state's own valid MAC (a database backup is
  exactly such a state), and verifying it would need the vault unlocked. Not enough on
  its own, so not used;
- the head (id, hash, count) kept in the keychain beside the device key: the keychain is
  already the root of trust of the vault (whoever can rewrite it can also replace the
  device key), it lives outside the database file and its backups, and it is per
  computer. This is the anchor, stored under ``<vault uid>/audit-anchor``, in clear
  (verifying needs no passphrase; the entries are not secret, only their order and end).

Checking: the chain is walked from the start as before; the anchored entry must be there,
at its id, with the anchored hash, as the anchored count-th entry. Fewer entries than
anchored => "entries were removed after #N"; another entry at the anchored place =>
"the log was replaced". A chain only grows, so an older anchor (written by another desk
on a shared server, or a write that lagged) is still a valid lower bound, never a false
alarm. Restoring an older copy of the database *is* reported, as it should be: the
entries written since that copy are gone.

When the anchor is written (services/vault.py): after every commit that appended to the
log (storage/database.py runs the hook once the transaction is durable), and at the
checkpoints - vault set up, every unlock, every lock (also on closing the window), the end
of every erasure, a passphrase change, and every verification that found the log intact.
The cost is one keychain write per use case (about 3 ms with the file keychain; an OS
keychain takes milliseconds to tens of milliseconds), which a person never notices. A
process killed between the commit and the anchor write leaves the anchor one use case
behind; the next unlock moves it forward, and until then the verification report says
up to which entry the anchor reaches. The hook acts only where the keychain is already in
use (before unlock the checkpoint at unlock catches up). An anchor is only ever moved
forward from a database whose chain still holds the anchored entry, so a truncated or
replaced log is never blessed by the next write. The anchor is independent of the device
key, so key rotations and passphrase changes leave it valid.

Concurrent writers: each append takes the database's write lock before reading the
previous hash (services/audit.py), so two writers can never link to the same entry.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from escadesk.domain.wording import counted, verb

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
class Anchor:
    """The head of the chain as last seen from outside the database."""

    last_id: int
    head_hash: str
    count: int

    def to_bytes(self) -> bytes:
        return json.dumps({"id": self.last_id, "hash": self.head_hash, "count": self.count}).encode(
            "ascii"
        )

    @classmethod
    def from_bytes(cls, value: bytes) -> Anchor:
        """Raises ValueError for anything but an anchor this module wrote."""
        try:
            data = json.loads(value)
            return cls(int(data["id"]), str(data["hash"]), int(data["count"]))
        except (ValueError, KeyError, TypeError) as error:
            raise ValueError("not an audit anchor") from error


@dataclass(frozen=True)
class ChainReport:
    checked: int
    first_broken_id: int | None
    problem: str | None
    #: What the anchor outside the database covers (None: no anchor to compare with).
    anchor: Anchor | None = None
    #: Plain words on what was checked against what (empty when there was no anchor).
    coverage: str = ""

    @property
    def intact(self) -> bool:
        return self.problem is None


def verify(entries: Iterable[ChainedEntry], anchor: Anchor | None = None) -> ChainReport:
    """Walk the chain in id order; report the first entry whose link does not hold, then
    whether the anchor (if any) is still part of it."""
    return _verify_links(entries, anchor)


def _anchor_problem(
    anchor: Anchor, checked: int, last_id: int | None, anchored: ChainedEntry | None, at: int
) -> tuple[int | None, str] | None:
    """None if the anchored entry is where it was; else (entry to name, problem)."""
    if anchored is not None and anchored.entry_hash == anchor.head_hash and at == anchor.count:
        return None
    if anchored is not None:
        return anchored.id, (
            f"The log was replaced: entry #{anchor.last_id} is not the entry this computer "
            f"anchored there (the log then had {counted(anchor.count, 'entry', 'entries')})."
        )
    if last_id is None or last_id < anchor.last_id:
        end = f"#{last_id}" if last_id is not None else "the start"
        return None, (
            f"Entries were removed after {end}: the log had "
            f"{counted(anchor.count, 'entry', 'entries')}, up to "
            f"#{anchor.last_id}, when this computer last anchored it; now it has {checked}. "
            "(Restoring an older copy of the database looks the same.)"
        )
    return None, (
        f"The log was replaced: entry #{anchor.last_id}, anchored by this computer, is "
        "missing from it."
    )


def _verify_links(entries: Iterable[ChainedEntry], anchor: Anchor | None) -> ChainReport:
    previous = GENESIS
    checked = 0
    anchored: ChainedEntry | None = None
    anchored_at = 0
    last_id: int | None = None
    for entry in entries:
        checked += 1
        last_id = entry.id
        if anchor is not None and entry.id == anchor.last_id:
            anchored, anchored_at = entry, checked
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
    if anchor is None:
        return ChainReport(checked, None, None)
    problem = _anchor_problem(anchor, checked, last_id, anchored, anchored_at)
    if problem is not None:
        return ChainReport(checked, problem[0], problem[1], anchor)
    after = checked - anchor.count
    coverage = (
        f"The first {counted(anchor.count, 'entry', 'entries')} (up to #{anchor.last_id}) "
        f"{verb(anchor.count, 'matches', 'match')} the anchor kept in this computer's "
        f"keychain, so {verb(anchor.count, 'it was not', 'none of them was')} removed or "
        "replaced" + _unanchored(after)
    )
    return ChainReport(checked, None, None, anchor, coverage)


def _unanchored(after: int) -> str:
    """The end of the coverage sentence: what the anchor does not reach yet."""
    if after == 0:
        return "."
    if after == 1:
        return (
            "; the entry after it is not yet anchored: removing it from the end would not be "
            "noticed."
        )
    return (
        f"; the {after} entries after it are not yet anchored: removing those from the end "
        "would not be noticed."
    )
