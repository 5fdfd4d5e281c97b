"""Optimistic concurrency: an edit names the version of the row its form was filled from.

Several desks share one database (a PostgreSQL server). A form is filled from a row,
edited for minutes, then saved: if another desk saved the same row meanwhile, saving the
form as typed would silently overwrite that change. So the views the forms open with
carry the row's ``version`` (storage/models.py ``Versioned``), the update takes it back as
``expected_version``, and the edit is refused when the row moved on; the refusal names
who changed it and when (the audit log's latest entry), and nothing is saved, so the
form keeps what was typed and can reload.

Two desks saving at the very same moment both pass that check; :meth:`VersionedEdit.claim`
then writes the row's new version at once (``UPDATE ... WHERE version = :seen``): the
second desk waits for the first's commit, finds no row at its version, and SQLAlchemy's
StaleDataError becomes the same refusal at the service's boundary.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from escadesk.domain.moments import long_date
from escadesk.i18n import _
from escadesk.services.views import STALE_FIELD, StaleEditError
from escadesk.storage.database import Database
from escadesk.storage.models import AuditEntry, Registration, Versioned, Workshop

__all__ = [
    "STALE_FIELD",
    "Edited",
    "StaleEditError",
    "VersionedEdit",
    "edited_registration",
    "stale_error",
    "version_of",
]


@dataclass(frozen=True)
class Edited:
    """What an edit is about, in words and as the audit log names it."""

    #: "The registration of Northshore Photonics Cluster" (the message's subject).
    what: str
    entity: str
    entity_id: int | None
    workshop_id: int | None = None
    #: Only the audit entries whose action starts so tell who changed it ("" : any).
    actions: str = ""


class VersionedEdit:
    """One edit of versioned rows in one transaction, refused when any is stale."""

    def __init__(self, database: Database, *, inserts_race: bool = False) -> None:
        """``inserts_race``: the edit may add rows under a unique key another desk could
        add at the same moment; that IntegrityError is refused as a stale edit too."""
        self._database = database
        self._edited: Edited | None = None
        self._raced: tuple[type[Exception], ...] = (StaleDataError,)
        if inserts_race:
            self._raced = (StaleDataError, IntegrityError)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """The database's transaction, with a concurrent commit's StaleDataError (raised
        by a flush, inside or at the end of the block) turned into a StaleEditError."""
        try:
            with self._database.transaction() as session:
                yield session
        except self._raced:
            if self._edited is None:
                raise
            with self._database.reading() as session:
                raise stale_error(session, self._edited) from None

    def about(self, edited: Edited) -> None:
        """Name what the edit changes without checking a version (a step of the lifecycle,
        which the domain's own rules refuse once it has happened): a concurrent commit's
        StaleDataError is still refused in words."""
        self._edited = edited

    def claim(self, session: Session, row: Versioned, expected: int | None, edited: Edited) -> None:
        """Refuse when ``row`` is not at ``expected`` (None: the caller saw no version, a
        command or an import: no check), else write its next version now, so that of two
        desks saving at once the second waits here and then finds the row changed."""
        self.claim_rows(session, [row], expected, edited)

    def claim_rows(
        self,
        session: Session,
        rows: Sequence[Versioned],
        expected: int | None,
        edited: Edited,
    ) -> None:
        """:meth:`claim` for several rows edited as one (the institute's identity, a
        setting each), whose version is :func:`version_of` them."""
        self._edited = edited
        if expected is not None and version_of(rows) != expected:
            raise stale_error(session, edited)
        for row in rows:
            _touch(row)
        session.flush()


def edited_registration(registration: Registration) -> Edited:
    """A registration as a stale edit's refusal names it (its edits, its lifecycle steps,
    and the vault's and the charge's acts on it)."""
    return Edited(
        _("The registration of {organization}").format(organization=registration.organization.name),
        "registration",
        registration.id,
        registration.workshop_id,
    )


def version_of(rows: Sequence[Versioned]) -> int:
    """The version of rows edited as one: the sum of theirs. Every change of one of them
    moves it, as does a row added (rows so grouped are never deleted)."""
    return sum(row.version for row in rows)


def _touch(row: Versioned) -> None:
    """Mark ``row`` changed, so the next flush writes its next version (an UPDATE of the
    row at the version read) even when none of its values changed."""
    mapper = inspect(row).mapper
    plain = next(
        prop.key
        for prop in mapper.column_attrs
        if not any(column.primary_key for column in prop.columns)
        and prop.columns[0] is not mapper.version_id_col
    )
    flag_modified(row, plain)


def stale_error(session: Session, edited: Edited) -> StaleEditError:
    """The refusal, naming the latest change's author and time from the audit log."""
    query = select(AuditEntry.actor, AuditEntry.at, AuditEntry.workshop_id).where(
        AuditEntry.entity == edited.entity,
        AuditEntry.entity_id.is_(None)
        if edited.entity_id is None
        else AuditEntry.entity_id == edited.entity_id,
    )
    if edited.actions:
        query = query.where(AuditEntry.action.startswith(edited.actions, autoescape=True))
    latest = session.execute(query.order_by(AuditEntry.id.desc()).limit(1)).first()
    if latest is None:
        return StaleEditError(edited.what, _("another desk"), None)
    actor, at, workshop_id = latest
    return StaleEditError(edited.what, actor, _when(session, at, workshop_id))


def _when(session: Session, at: datetime, workshop_id: int | None) -> str:
    """'Oct 2, 2018 09:15 EDT': in the workshop's time zone, else the computer's."""
    zone = None
    if workshop_id is not None:
        name = session.scalar(select(Workshop.timezone).where(Workshop.id == workshop_id))
        try:
            zone = ZoneInfo(name) if name else None
        except (ZoneInfoNotFoundError, ValueError):
            zone = None
    local = at.astimezone(zone)
    return f"{long_date(local.date())} {local:%H:%M %Z}".rstrip()
