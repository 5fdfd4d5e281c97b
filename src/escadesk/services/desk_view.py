"""The registrations desk's read (issue 17): all the desk shows of one workshop, from one
reading session of a constant number of selects, as plain values.

The desk used to read the workshop nine times per refresh (the pitch order, the list, the
outlook, the masked cards, the charges, the overview, the decision, the erasures due, the
delegates), through about 95,000 ORM objects at 10,000 registrations. Here each table is
read once, only the columns shown (never a card's encrypted parts), and a registration is
a :class:`DeskRow`, a named tuple: the desk compares two reads row by row (tuple
equality, in C) and redraws only the rows that differ.

After a change whose registrations the window knows (a form, a card, a charge recorded
for one organization), :meth:`DeskViewService.update` reads only those rows and the
workshop's counts, and computes the outlook, the waitlist and the overview again from the
rows it already has. Anything else (a decision, an import) reads everything again.

Which cards the decision destroys is the decision service's rule: the overview still asks
it, in its own read, in the phases that show that number (services/lifecycle.py).

A large workshop is first shown from :meth:`DeskViewService.head`: the registrations of the
table's first screenful in its default order, read with two small selects, so the desk
paints before the whole workshop is read (in the background, :meth:`load`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from heapq import nsmallest

from sqlalchemy import String, func, select, type_coerce
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from escadesk.domain.decision import Outcome
from escadesk.domain.lifecycle import Phase
from escadesk.domain.quorum import QuorumEntry, QuorumOutlook
from escadesk.services.collector_pause import collector_paused
from escadesk.services.context import ServiceContext
from escadesk.services.decision import DecisionService
from escadesk.services.desk_rows import DeskRow, MaskedCards, read_rows, waitlist_positions
from escadesk.services.lifecycle import DeskOverview, LifecycleService, OverviewFacts, gather
from escadesk.services.lookups import load_workshop
from escadesk.services.vault import MaskedAuthorization
from escadesk.storage import models
from escadesk.storage.engine import SQL_CASEFOLD

#: A workshop of more registrations than this is first shown from its head (see
#: :meth:`DeskViewService.head`); a smaller one is read whole at once (about 2 ms per 100).
HEAD_ABOVE = 500


@dataclass(frozen=True)
class DeskHead:
    """The first registrations of a large workshop in the desk's default order (by
    organization, case-insensitive, then registration order), and how many there are."""

    workshop_id: int
    #: In registration order, like :attr:`DeskSnapshot.rows`; no waitlist places yet.
    rows: tuple[DeskRow, ...]
    total: int


@dataclass(frozen=True)
class DeskSnapshot:
    """What the desk shows of one workshop, as read at one moment."""

    workshop_id: int
    #: In registration order (the table's order before any sorting).
    rows: tuple[DeskRow, ...]
    #: The rows as the outlook sees them, one per row: kept for the next update.
    entries: tuple[QuorumEntry, ...]
    overview: DeskOverview
    #: Conference delegates on the workshop's list.
    delegates: int
    #: The decision was taken and the workshop proceeds.
    proceeded: bool
    #: After the event: cards of waitlisted or withdrawn organizations wait for erasure.
    erasures_due: bool
    #: Some organization takes part (and so has a place in the pitch order).
    has_pitch_order: bool
    #: Registration id -> its index in ``rows``, and -> its place on the waitlist as the
    #: rows carry it: where the next update puts a row read again, and which rows may
    #: change place, without a pass over every row (not compared: derived from ``rows``).
    places: Mapping[int, int] = field(default_factory=dict, compare=False, repr=False)
    waitlist_places: Mapping[int, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def outlook(self) -> QuorumOutlook:
        return self.overview.outlook

    @cached_property
    def cards(self) -> Mapping[int, MaskedAuthorization]:
        return MaskedCards(self.rows)


class DeskViewService:
    """Read-only: what the registrations desk shows (see the module's note)."""

    def __init__(
        self, context: ServiceContext, lifecycle: LifecycleService, decision: DecisionService
    ) -> None:
        self._context = context
        self._lifecycle = lifecycle
        self._decision = decision

    def load(self, workshop_id: int) -> DeskSnapshot:
        """Everything, read again."""
        with collector_paused():
            with self._context.database.reading() as session:
                workshop = load_workshop(session, workshop_id)
                rows = read_rows(session, workshop_id)
                gathered = _gather(session, workshop, rows)
            entries = tuple(row.quorum_entry() for row in rows)
            return self._snapshot(rows, entries, gathered, None)

    def head(self, workshop_id: int, count: int) -> DeskHead | None:
        """The first ``count`` registrations in the desk's default order, if the workshop
        has more than :data:`HEAD_ABOVE` (None: read it whole with :meth:`load`). Two
        selects whatever the size: the count, then the first ids exactly as the table
        sorts them (Python's ``casefold``: SQL's ``lower()`` folds "ß" or "Ǆ" otherwise),
        and one each for those rows, their cards and their charges."""
        registration = models.Registration
        with self._context.database.reading() as session:
            connection = session.connection()
            total = connection.execute(
                select(func.count()).where(registration.workshop_id == workshop_id)
            ).scalar_one()
            if total <= HEAD_ABOVE:
                return None
            if connection.dialect.name == "sqlite":
                first = _first_ids_sqlite(connection, workshop_id, count)
            else:
                first = _first_ids_read(connection, workshop_id, count)
            rows = read_rows(session, workshop_id, first)
        return DeskHead(workshop_id, tuple(rows), total)

    def rows(self, workshop_id: int, ids: Collection[int]) -> list[DeskRow]:
        """The rows of ``ids`` that exist, without their waitlist place (it depends on
        every row: :meth:`update` sets it)."""
        with self._context.database.reading() as session:
            return read_rows(session, workshop_id, ids)

    def update(self, previous: DeskSnapshot, ids: Collection[int]) -> DeskSnapshot:
        """``previous`` with the registrations ``ids`` read again (changed, added, or gone)
        and every count, the outlook, the waitlist and the overview brought up to date.
        Only for changes that touched no other registration: the caller knows."""
        wanted = set(ids)
        with collector_paused():
            with self._context.database.reading() as session:
                workshop = load_workshop(session, previous.workshop_id)
                fresh = {row.id: row for row in read_rows(session, previous.workshop_id, wanted)}
                rows, entries, same_places = _merged(previous, fresh, wanted)
                gathered = _gather(session, workshop, rows)
            return self._snapshot(
                rows, entries, gathered, (previous, wanted) if same_places else None
            )

    def _snapshot(
        self,
        rows: list[DeskRow],
        entries: tuple[QuorumEntry, ...],
        gathered: OverviewFacts,
        since: tuple[DeskSnapshot, set[int]] | None,
    ) -> DeskSnapshot:
        """``since``: the snapshot ``rows`` were merged into, each row at its index there,
        and the registrations read again (None: ``rows`` read whole, or rows added or
        gone). ``rows`` is placed on the waitlist in place."""
        overview = self._lifecycle.overview_from(gathered, entries)
        positions = waitlist_positions(rows, gathered.outcome is not None, lambda: overview.outlook)
        if since is None:
            places: Mapping[int, int] = {row.id: index for index, row in enumerate(rows)}
            _place(rows, range(len(rows)), positions)
        else:  # only rows on the waitlist before or now, and those read again, may move
            previous, wanted = since
            places = previous.places
            moving = previous.waitlist_places.keys() | positions.keys() | wanted
            _place(rows, (places[key] for key in moving if key in places), positions)
        phase = overview.phase
        if phase is Phase.AFTER_EVENT:
            erasures_due = overview.cards.no_longer_needed > 0
        elif phase in (Phase.BEFORE_DEADLINE, Phase.PROCEEDING):
            erasures_due = False  # the event is not over (its rule: DecisionService)
        else:
            erasures_due = bool(self._decision.after_event_erasures(gathered.workshop_id))
        if gathered.outcome is Outcome.PROCEED:
            takes_part = bool(overview.confirmed)
        else:  # before the decision: those it would confirm now (as ExportService says)
            takes_part = gathered.outcome is None and bool(overview.outlook.confirmed)
        return DeskSnapshot(
            workshop_id=gathered.workshop_id,
            rows=tuple(rows),
            entries=entries,
            overview=overview,
            delegates=gathered.delegates,
            proceeded=gathered.decided_at is not None and gathered.outcome is Outcome.PROCEED,
            erasures_due=erasures_due,
            has_pitch_order=takes_part,
            places=places,
            waitlist_places=positions,
        )


def _gather(session: Session, workshop: models.Workshop, rows: Sequence[DeskRow]) -> OverviewFacts:
    """The overview's facts, with the charges and cards the rows already carry."""
    charges = {row.id: row.charge.amount for row in rows if row.charge is not None}
    cards = frozenset(row.id for row in rows if row.card is not None)
    return gather(session, workshop, rows, charges, cards)


def _place(rows: list[DeskRow], indices: Iterable[int], positions: Mapping[int, int]) -> None:
    """The rows at ``indices`` at their place on the waitlist (``positions``, by
    registration; none if absent), in ``rows``."""
    for index in indices:
        row = rows[index]
        place = positions.get(row.id)
        if row.waitlist_position != place:
            rows[index] = row.placed(place)


def _merged(
    previous: DeskSnapshot, fresh: dict[int, DeskRow], wanted: set[int]
) -> tuple[list[DeskRow], tuple[QuorumEntry, ...], bool]:
    """``previous``'s rows with those of ``wanted`` replaced by ``fresh`` (dropped when
    gone, added when new), in registration order; the entries follow their rows. Rows
    are found by ``previous.places``, not by a pass over them. The third value: every
    row kept its index (none added or dropped)."""
    rows, entries = list(previous.rows), list(previous.entries)
    places = previous.places
    added = dict(fresh)
    gone: list[int] = []
    for key in wanted:
        index = places.get(key)
        if index is None:
            continue  # new (still in ``added``), or neither here nor read
        new = added.pop(key, None)
        if new is None:
            gone.append(index)
        else:
            rows[index] = new
            entries[index] = new.quorum_entry()
    if not gone and not added:
        return rows, tuple(entries), True
    for index in sorted(gone, reverse=True):
        del rows[index]
        del entries[index]
    if added:
        rows.extend(added.values())
        entries.extend(row.quorum_entry() for row in added.values())
        order = sorted(range(len(rows)), key=lambda i: (rows[i].registered_at, rows[i].id))
        rows = [rows[i] for i in order]
        entries = [entries[i] for i in order]
    return rows, tuple(entries), False


def _first_ids_sqlite(connection: Connection, workshop_id: int, count: int) -> list[int]:
    """SQLite sorts by Python's own casefold (storage/engine.py registers it on every
    connection) and returns only the first ids: about 5 ms at 10,000 rows, where reading
    every name to sort them here took 30-40 ms (issue 17)."""
    registration, organization = models.Registration, models.Organization
    query = (
        select(registration.id)
        .join(organization, organization.id == registration.organization_id)
        .where(registration.workshop_id == workshop_id)
        .order_by(
            getattr(func, SQL_CASEFOLD)(organization.name),
            type_coerce(registration.created_at, String),
            registration.id,
        )
        .limit(count)
    )
    return list(connection.execute(query).scalars())


def _first_ids_read(connection: Connection, workshop_id: int, count: int) -> list[int]:
    """Elsewhere (PostgreSQL): every id with its organization's name, nothing converted,
    sorted here; the server has no function that folds case as Python does."""
    registration, organization = models.Registration, models.Organization
    names = connection.execute(
        select(
            registration.id,
            organization.name,
            type_coerce(registration.created_at, String),
        )
        .join(organization, organization.id == registration.organization_id)
        .where(registration.workshop_id == workshop_id)
    ).all()
    first = nsmallest(count, names, key=lambda row: (row[1].casefold(), row[2], row[0]))
    return [row[0] for row in first]
