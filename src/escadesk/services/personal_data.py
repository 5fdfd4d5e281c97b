"""Personal data beyond cards (issue 15, item 10): retention, access and erasure.

What is personal data here: what is known about people (the contact's name, title,
e-mail and phone; the delegate-list entries of the organization's people; the
cardholder's name kept with a charge) and what the organization confided under the
announcement's "absolute confidentiality" (questionnaire answers and notes), and the
reasons typed into a registration's history. What stays is the anonymous record that
keeps finance's totals right: each registration's state and fixed fee, each charge's
amount, date, reference and masked card ("VISA •••• 1111"), the certificates of
destruction, and the organization's name, country and technology area (a cluster's
business identity, not a person's, and what the finance records and certificates are
filed under).

Three use cases, each audited (the summary names the organization or workshop and
counts, never a person or a card):

- ``export``: a PIPEDA access request (principle 4.9) - one zip, written atomically and
  owner-only, with everything escadesk holds about an organization as JSON;
- ``erase``: one organization's personal data, on request;
- ``purge_due``: every workshop whose retention period (domain/retention.py) has ended,
  once, at each unlock (``purge_at_unlock``) and from ``escadesk-cli personal purge``.

Card authorizations are the vault's: an organization with a card still stored is refused
(its card is erased through the vault, with its certificate, first), and a purge leaves
such a registration as it is until then.

The erased data also leaves the SQLite backups (like an erased card, storage/backups.py),
so a restore never brings it back; a failure there is retried at the next unlock.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from escadesk.atomic_files import write_atomically
from escadesk.domain.cards import CardBrand, MaskedCard
from escadesk.domain.moments import long_date
from escadesk.domain.money import Money
from escadesk.domain.registration import RegistrationStatus
from escadesk.domain.retention import (
    local_today,
    purge_due_on,
    purge_is_due,
    retention_months,
)
from escadesk.domain.validation import FieldProblem, ValidationError
from escadesk.notifications.drafts import safe_file_stem
from escadesk.services import audit
from escadesk.services.context import ServiceContext
from escadesk.services.views import NotFoundError
from escadesk.storage import models, sqlite_files
from escadesk.storage.backups import list_backups

Progress = Callable[[int, str], None]

#: What replaces a name that was erased (a contact's, a cardholder's, a typed reason).
ERASED = "(erased)"
FORMAT = "escadesk personal data export 1"
JSON_NAME = "organization.json"
README_NAME = "README.txt"
#: Settings key: delegate-list rows erased while some backup could not be cleaned yet.
BACKUPS_PENDING_SETTING = "personal_data.backups_pending"

LETTERS_NOTE = (
    "escadesk does not keep letters: drafts are saved as .eml files in the folder the "
    "director chooses, and mail sent over SMTP is not stored. Each letter saved or sent "
    "is listed in the audit log entries of the registration."
)
REPORTS_NOTE = (
    "escadesk does not keep benchmarking reports: each report is written to the folder "
    "the director chooses. The questionnaire answers and notes they are made from are "
    "included in this file."
)
AUDIT_NOTE = (
    "The audit log is hash-chained: its entries are kept as they were written (changing "
    "one would break the chain), including after an erasure."
)
CARD_NOTE = (
    "The card itself is kept encrypted in the vault and is not exported; only its brand "
    "and last four digits are shown."
)


class ExportCancelledError(Exception):
    """The director cancelled the export; no file was written."""


@dataclass(frozen=True)
class Organization:
    """An organization as the screens and the command line pick it."""

    organization_id: int
    name: str
    registration_ids: tuple[int, ...]
    #: The workshops it registered for (one per registration).
    workshop_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class ErasedCounts:
    """What an erasure removed (or would remove), counted."""

    registrations: int = 0
    contacts: int = 0
    questionnaires: int = 0
    answers: int = 0
    notes: int = 0
    delegate_entries: int = 0
    cardholder_names: int = 0
    reasons: int = 0

    def __add__(self, other: ErasedCounts) -> ErasedCounts:
        return ErasedCounts(
            *(
                getattr(self, name) + getattr(other, name)
                for name in self.__dataclass_fields__  # the fields, in order
            )
        )

    @property
    def anything(self) -> bool:
        return any(
            getattr(self, name) for name in self.__dataclass_fields__ if name != "registrations"
        )

    def words(self) -> str:
        """'1 contact, 1 questionnaire (36 answers, 1 note), 2 delegate-list entries'."""
        parts = []
        if self.contacts:
            parts.append(_count(self.contacts, "contact"))
        if self.questionnaires:
            inside = [_count(self.answers, "answer")]
            if self.notes:
                inside.append(_count(self.notes, "note"))
            parts.append(f"{_count(self.questionnaires, 'questionnaire')} ({', '.join(inside)})")
        if self.delegate_entries:
            parts.append(
                _count(self.delegate_entries, "delegate-list entry", "delegate-list entries")
            )
        if self.cardholder_names:
            parts.append(_count(self.cardholder_names, "cardholder name"))
        if self.reasons:
            parts.append(_count(self.reasons, "typed reason"))
        return ", ".join(parts) or "nothing left to erase"


@dataclass(frozen=True)
class ErasurePreview:
    """What erasing an organization's personal data would do, before it is done."""

    organization: Organization
    counts: ErasedCounts
    #: Why it cannot be erased now (a card still stored); empty when it can.
    blockers: tuple[str, ...] = ()
    #: Worth knowing first (a registration still open will receive no more letters).
    warnings: tuple[str, ...] = ()
    erased_at: datetime | None = None

    @property
    def allowed(self) -> bool:
        return not self.blockers

    def sentence(self) -> str:
        if self.blockers:
            return " ".join(self.blockers)
        if not self.counts.anything:
            return f"Nothing left to erase: the personal data of {self.organization.name} is gone."
        return f"Erase from {self.organization.name}: {self.counts.words()}. {KEPT_WORDS}"


KEPT_WORDS = (
    "Kept: the organization's name, country and technology area, each registration's "
    "status and fee, the charges' amounts, dates, references and masked cards, the "
    "certificates of destruction and the audit log."
)


@dataclass(frozen=True)
class ErasedOrganization:
    organization: Organization
    counts: ErasedCounts
    erased_at: datetime
    #: False when a backup could not be cleaned yet (it is retried at the next unlock).
    backups_clean: bool = True

    def sentence(self) -> str:
        if not self.counts.anything:
            return f"Nothing left to erase: the personal data of {self.organization.name} is gone."
        text = f"Personal data of {self.organization.name} erased: {self.counts.words()}."
        if not self.backups_clean:
            text += " Some backups still hold it; they are cleaned at the next unlock."
        return text


@dataclass(frozen=True)
class WorkshopPurge:
    """One workshop whose retention period has ended: what its purge keeps and removes."""

    workshop_id: int
    code: str
    event_date: date
    months: int
    due_on: date
    #: How many registrations in each state (the anonymous totals kept).
    by_status: tuple[tuple[str, int], ...]
    fees_charged: Money
    counts: ErasedCounts
    #: Organizations left as they are: a card authorization is still stored for them.
    kept: tuple[str, ...] = ()
    purged_at: datetime | None = None

    @property
    def registrations(self) -> int:
        return sum(count for _status, count in self.by_status)

    @property
    def complete(self) -> bool:
        return not self.kept

    def totals_words(self) -> str:
        states = ", ".join(f"{count} {status}" for status, count in self.by_status)
        return (
            f"{_count(self.registrations, 'registration')}"
            f"{f' ({states})' if states else ''}, fees charged {self.fees_charged.format()}"
        )

    def sentence(self) -> str:
        head = (
            f"Workshop {self.code}: personal data kept {self.months} months after the event "
            f"of {long_date(self.event_date)}, due on {long_date(self.due_on)}"
        )
        verb = "erase" if self.purged_at is None else "erased"
        what = f"{verb} {self.counts.words()}" if self.counts.anything else "nothing to erase"
        text = f"{head}; {what}; kept as anonymous totals: {self.totals_words()}."
        if self.kept:
            text += (
                f" Left as they are until their card authorization is erased: "
                f"{', '.join(self.kept)}."
            )
        return text


@dataclass(frozen=True)
class Retention:
    """A workshop's retention period as the command line lists it."""

    workshop_id: int
    code: str
    event_date: date
    months: int
    due_on: date
    due: bool
    purged_at: datetime | None

    def words(self) -> str:
        if self.purged_at is not None:
            state = f"purged on {self.purged_at.date().isoformat()} (UTC)"
        elif self.due:
            state = "due now"
        else:
            state = "not due yet"
        return (
            f"kept {self.months} months after the event of {self.event_date.isoformat()}, "
            f"until {self.due_on.isoformat()}: {state}"
        )


@dataclass
class _Erasure:
    """Collects one erasure's changes, for the counts and for the backups."""

    counts: ErasedCounts = field(default_factory=ErasedCounts)
    registration_ids: list[int] = field(default_factory=list)
    delegate_ids: list[int] = field(default_factory=list)


class PersonalDataService:
    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    # -- finding -----------------------------------------------------------------------------

    def organization_of(self, registration_id: int) -> Organization:
        with self._context.database.reading() as session:
            registration = session.get(models.Registration, registration_id)
            if registration is None:
                raise NotFoundError(f"There is no registration #{registration_id}.")
            return _organization(session, registration.organization)

    def organization(self, organization_id: int) -> Organization:
        with self._context.database.reading() as session:
            return _organization(session, _load_organization(session, organization_id))

    # -- export ------------------------------------------------------------------------------

    def suggested_file_name(self, organization_id: int) -> str:
        organization = self.organization(organization_id)
        today = self._context.clock.now().astimezone(UTC).date().isoformat()
        return f"{safe_file_stem(f'Personal data - {organization.name} - {today}')}.zip"

    def export(
        self,
        organization_id: int,
        target: Path,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> Path:
        """Write everything escadesk holds about the organization to ``target`` (a zip:
        ``organization.json`` and a README), atomically and owner-only; audited."""
        report = progress or (lambda _percent, _message: None)
        stop = cancelled or (lambda: False)
        target = Path(target)
        if target.exists() and not target.is_file():  # a folder, a device: never replaced
            raise ValidationError(
                [FieldProblem("target", f"{target} is not a file; choose a file name.")]
            )
        report(5, "Collecting the organization's data…")
        now = self._context.clock.now()
        with self._context.database.reading() as session:
            organization = _load_organization(session, organization_id)
            data = _export_data(session, organization, now, self._context.actor)
            name = organization.name
        if stop():
            raise ExportCancelledError()
        report(50, "Writing the zip file…")
        content = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        stamp = now.astimezone(UTC).timetuple()[:6]
        readme = _readme(name, now)

        def write(stream: Any) -> None:
            with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                for member, text in ((JSON_NAME, content), (README_NAME, readme)):
                    info = zipfile.ZipInfo(member, date_time=stamp)
                    info.compress_type = zipfile.ZIP_DEFLATED
                    info.external_attr = 0o600 << 16
                    archive.writestr(info, text.encode("utf-8"))
            if stop():
                raise ExportCancelledError()

        write_atomically(target, write, prefix=".escadesk-", suffix=".zip.tmp")
        report(90, "Recording the export in the audit log…")
        try:
            with self._context.database.transaction() as session:
                registrations = _registrations(session, organization_id)
                audit.record_now(
                    session,
                    self._context,
                    action="personal_data.export",
                    entity="organization",
                    entity_id=organization_id,
                    workshop_id=registrations[0].workshop_id if registrations else None,
                    summary=f"{name}: everything about the organization exported "
                    f"(access request) to {target.name}",
                )
        except BaseException:
            target.unlink(missing_ok=True)  # no export leaves escadesk unrecorded
            raise
        report(100, "Done.")
        return target

    # -- erasing one organization ------------------------------------------------------------

    def preview_erase(self, organization_id: int) -> ErasurePreview:
        with self._context.database.reading() as session:
            organization = _load_organization(session, organization_id)
            registrations = _registrations(session, organization_id)
            counts = ErasedCounts()
            for registration in registrations:
                counts += _count_registration(session, registration, whole_workshop=False)
            erased = [r.personal_data_erased_at for r in registrations]
            return ErasurePreview(
                organization=_organization(session, organization),
                counts=counts,
                blockers=_card_blockers(session, organization, registrations),
                warnings=_open_warnings(organization, registrations),
                erased_at=max(erased) if erased and all(erased) else None,  # type: ignore[type-var]
            )

    def erase(self, organization_id: int) -> ErasedOrganization:
        """Erase the organization's personal data in one transaction (refused while a card
        authorization is stored for it); then clean the backups and the database files."""
        now = self._context.clock.now()
        with self._context.database.transaction() as session:
            organization = _load_organization(session, organization_id)
            registrations = _registrations(session, organization_id)
            blockers = _card_blockers(session, organization, registrations)
            if blockers:
                raise ValidationError([FieldProblem("organization", " ".join(blockers))])
            work = _Erasure()
            for registration in registrations:
                erased = _erase_registration(session, registration, now, work, whole_workshop=False)
                if not erased.anything:
                    continue  # already erased: nothing new to record
                audit.record_for_registration(
                    session,
                    self._context,
                    registration,
                    "personal_data.erase",
                    f"{organization.name}: personal data erased on request "
                    f"({erased.words()}); status, fees and charge amounts kept",
                )
            if work.counts.anything:
                _note_backups_pending(session, work.delegate_ids)
            view = _organization(session, organization)
        clean = self._clean_files() if work.counts.anything else True
        return ErasedOrganization(view, work.counts, now, backups_clean=clean)

    # -- the retention period ----------------------------------------------------------------

    def retentions(self) -> list[Retention]:
        """Every workshop's retention period: until when its personal data is kept."""
        now = self._context.clock.now()
        with self._context.database.reading() as session:
            workshops = session.scalars(
                select(models.Workshop).order_by(models.Workshop.event_date, models.Workshop.id)
            )
            return [
                Retention(
                    workshop_id=w.id,
                    code=w.code,
                    event_date=w.event_date,
                    months=retention_months(w.retention_months),
                    due_on=purge_due_on(w.event_date, w.retention_months),
                    due=purge_is_due(
                        w.event_date, w.retention_months, local_today(now, w.timezone)
                    ),
                    purged_at=w.personal_data_purged_at,
                )
                for w in workshops
            ]

    def due_purges(self, workshop_id: int | None = None) -> list[WorkshopPurge]:
        """The workshops whose personal data is due to go now (a dry run: nothing changes)."""
        now = self._context.clock.now()
        with self._context.database.reading() as session:
            return [
                _plan_purge(session, workshop, None)
                for workshop in _due_workshops(session, now, workshop_id)
            ]

    def purge_due(self, workshop_id: int | None = None) -> list[WorkshopPurge]:
        """Purge every workshop whose retention period has ended (idempotent: a purged
        workshop is not purged again); one transaction and one audit entry per workshop."""
        now = self._context.clock.now()
        with self._context.database.reading() as session:
            due = [w.id for w in _due_workshops(session, now, workshop_id)]
        done: list[WorkshopPurge] = []
        for due_id in due:
            with self._context.database.transaction() as session:
                workshop = session.get(models.Workshop, due_id)
                if workshop is None or workshop.personal_data_purged_at is not None:
                    continue
                result = self._purge_workshop(session, workshop, now)
            if result is not None:
                done.append(result)
        if done:
            self._clean_files()
        return done

    def purge_at_unlock(self) -> int:
        """The unlock's hook: purge what is due, and finish cleaning backups an earlier
        erasure could not clean. Whatever goes wrong, the director is never kept out
        (it is tried again at the next unlock). Returns how many workshops were purged."""
        purged: list[WorkshopPurge] = []
        with contextlib.suppress(Exception):  # a full disk, a damaged row: next unlock
            purged = self.purge_due()
        with contextlib.suppress(Exception):
            if self._backups_pending():
                self._clean_files()
        return len(purged)

    # -- internals ---------------------------------------------------------------------------

    def _purge_workshop(
        self, session: Session, workshop: models.Workshop, now: datetime
    ) -> WorkshopPurge | None:
        """Inside the caller's transaction; None when nothing changed since the last try
        (only registrations still holding a card are left): no new audit entry then."""
        blocked = _card_holders(session, workshop.id)
        work = _Erasure()
        kept: list[str] = []
        for registration in _workshop_registrations(session, workshop.id):
            if registration.id in blocked:
                kept.append(registration.organization.name)
                continue
            _erase_registration(session, registration, now, work, whole_workshop=True)
        delegates = list(
            session.scalars(
                select(models.Delegate).where(models.Delegate.workshop_id == workshop.id)
            )
        )
        for delegate in delegates:
            work.delegate_ids.append(delegate.id)
            session.delete(delegate)
        work.counts += ErasedCounts(delegate_entries=len(delegates))
        if kept and not work.counts.anything:
            return None
        if not kept:
            workshop.personal_data_purged_at = now
        _note_backups_pending(session, work.delegate_ids)
        plan = _plan_purge(session, workshop, kept, counts=work.counts, purged_at=now)
        audit.record_now(
            session,
            self._context,
            action="personal_data.purge",
            entity="workshop",
            entity_id=workshop.id,
            workshop_id=workshop.id,
            summary=f"Personal data purged, {plan.months} months after the event "
            f"({plan.event_date.isoformat()}): erased "
            f"{work.counts.words() if work.counts.anything else 'nothing more'}; kept as "
            f"anonymous totals: {plan.totals_words()}"
            + (f"; left until their card is erased: {', '.join(kept)}" if kept else ""),
        )
        return plan

    def _backups_pending(self) -> bool:
        with self._context.database.reading() as session:
            return session.get(models.Setting, BACKUPS_PENDING_SETTING) is not None

    def _clean_files(self) -> bool:
        """Compact the live SQLite file (no erased page left in it or its WAL) and clean
        every backup of everything erased so far. False when a backup could not be
        cleaned: the note stays, and the next unlock tries again. Never raises: what it
        cleans up after is committed already."""
        try:
            return self._clean_backups()
        except Exception:
            return False

    def _clean_backups(self) -> bool:
        database = self._context.database
        if database.engine.dialect.name != "sqlite":
            with database.transaction() as session:
                _clear_backups_pending(session)  # a server's backups are its administrator's
            return True
        # secure_delete already overwrote the rows in place; this empties the WAL of the
        # old pages and leaves no free page behind (the vault's scrub does the same).
        with contextlib.suppress(Exception), database.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.exec_driver_sql("VACUUM")
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        with database.reading() as session:
            setting = session.get(models.Setting, BACKUPS_PENDING_SETTING)
            delegates = [int(i) for i in json.loads(setting.value or "[]")] if setting else []
            registrations = list(
                session.scalars(
                    select(models.Registration.id).where(
                        models.Registration.personal_data_erased_at.is_not(None)
                    )
                )
            )
            workshops = list(
                session.scalars(
                    select(models.Workshop.id).where(
                        models.Workshop.personal_data_purged_at.is_not(None)
                    )
                )
            )
        folder = database.backup_dir
        if folder is not None and folder.is_dir():
            for backup in list_backups(folder):
                if backup.problem is None:  # an unreadable one cannot be restored either
                    _erase_in_backup(backup.path, registrations, workshops, delegates)
        with database.transaction() as session:
            _clear_backups_pending(session)
        return True


# ---------------------------------------------------------------------------------------
# Reading


def _count(number: int, word: str, plural: str | None = None) -> str:
    """'1 contact', '2 contacts', '3 delegate-list entries'."""
    return f"1 {word}" if number == 1 else f"{number} {plural or word + 's'}"


def _load_organization(session: Session, organization_id: int) -> models.Organization:
    organization = session.get(models.Organization, organization_id)
    if organization is None:
        raise NotFoundError(f"There is no organization #{organization_id}.")
    return organization


def _registrations(session: Session, organization_id: int) -> list[models.Registration]:
    return list(
        session.scalars(
            select(models.Registration)
            .where(models.Registration.organization_id == organization_id)
            .order_by(models.Registration.created_at, models.Registration.id)
        )
    )


def _workshop_registrations(session: Session, workshop_id: int) -> list[models.Registration]:
    return list(
        session.scalars(
            select(models.Registration)
            .where(models.Registration.workshop_id == workshop_id)
            .order_by(models.Registration.created_at, models.Registration.id)
        )
    )


def _organization(session: Session, organization: models.Organization) -> Organization:
    registrations = _registrations(session, organization.id)
    return Organization(
        organization.id,
        organization.name,
        tuple(r.id for r in registrations),
        tuple(r.workshop_id for r in registrations),
    )


def _card_holders(session: Session, workshop_id: int) -> set[int]:
    """The registrations of a workshop that still have a card authorization stored."""
    return set(
        session.scalars(
            select(models.CardAuthorization.registration_id)
            .join(models.Registration)
            .where(models.Registration.workshop_id == workshop_id)
        )
    )


def _card_blockers(
    session: Session, organization: models.Organization, registrations: list[models.Registration]
) -> tuple[str, ...]:
    """A stored card authorization blocks the erasure: it is the vault's to destroy (with
    its certificate, and rotating the device key), never a side effect of this one."""
    ids = [r.id for r in registrations]
    if not ids:
        return ()
    cards = list(
        session.scalars(
            select(models.CardAuthorization).where(
                models.CardAuthorization.registration_id.in_(ids)
            )
        )
    )
    if not cards:
        return ()
    masked = ", ".join(str(MaskedCard(CardBrand(card.brand), card.last4)) for card in cards)
    return (
        f"{organization.name} still has a card authorization stored ({masked}). Erase it "
        "first (Registration > Erase card authorization…, which issues its certificate of "
        "destruction), then erase the personal data. Nothing was erased.",
    )


def _open_warnings(
    organization: models.Organization, registrations: list[models.Registration]
) -> tuple[str, ...]:
    open_ones = [r for r in registrations if RegistrationStatus(r.status) not in _SETTLED_STATES]
    if not open_ones:
        return ()
    states = ", ".join(RegistrationStatus(r.status).label.lower() for r in open_ones)
    return (
        f"The registration of {organization.name} is still open ({states}): without its "
        "contact it can receive no letter. Withdraw it first if it no longer takes part.",
    )


_SETTLED_STATES = frozenset(
    {
        RegistrationStatus.WITHDRAWN,
        RegistrationStatus.CANCELLED,
        RegistrationStatus.CHARGED,
        RegistrationStatus.WAITLISTED,
    }
)


def _matching_delegates(
    session: Session, registration: models.Registration
) -> list[models.Delegate]:
    """The organization's people on the workshop's delegate list: its contact's entry,
    and the entries that name the organization."""
    contact = registration.contact
    conditions = [
        func.lower(func.trim(models.Delegate.organization))
        == registration.organization.name.strip().lower()
    ]
    if contact.email_normalized:
        conditions.append(models.Delegate.email_normalized == contact.email_normalized)
    return list(
        session.scalars(
            select(models.Delegate)
            .where(models.Delegate.workshop_id == registration.workshop_id, or_(*conditions))
            .order_by(models.Delegate.id)
        )
    )


def _survey(session: Session, registration_id: int) -> models.BenchmarkSurvey | None:
    return session.scalar(
        select(models.BenchmarkSurvey).where(
            models.BenchmarkSurvey.registration_id == registration_id
        )
    )


def _count_registration(
    session: Session, registration: models.Registration, *, whole_workshop: bool
) -> ErasedCounts:
    """What erasing this registration's personal data would remove, counted from what is
    there (so erasing twice finds nothing the second time)."""
    survey = _survey(session, registration.id)
    answers = list(survey.answers) if survey is not None else []
    charge = session.scalar(
        select(models.Charge).where(models.Charge.registration_id == registration.id)
    )
    contact = registration.contact
    reasons = sum(1 for t in registration.transitions if t.reason.strip() not in ("", ERASED))
    reasons += registration.late_accepted_reason not in (None, ERASED)
    return ErasedCounts(
        registrations=1,
        contacts=int(contact.name != ERASED or any((contact.title, contact.email, contact.phone))),
        questionnaires=int(survey is not None),
        answers=sum(1 for a in answers if a.value is not None),
        notes=sum(1 for a in answers if a.note.strip()),
        delegate_entries=0 if whole_workshop else len(_matching_delegates(session, registration)),
        cardholder_names=int(charge is not None and charge.cardholder != ERASED),
        reasons=reasons,
    )


# ---------------------------------------------------------------------------------------
# Erasing


def _erase_registration(
    session: Session,
    registration: models.Registration,
    now: datetime,
    work: _Erasure,
    *,
    whole_workshop: bool,
) -> ErasedCounts:
    """Blank what is about people and confided; keep states, fees and charge amounts.
    ``whole_workshop``: the workshop's delegate list goes as a whole (the purge). Returns
    what this registration lost."""
    counts = _count_registration(session, registration, whole_workshop=whole_workshop)
    if not whole_workshop:
        for delegate in _matching_delegates(session, registration):
            work.delegate_ids.append(delegate.id)
            session.delete(delegate)
    contact = registration.contact
    contact.name, contact.title, contact.email = ERASED, "", ""
    contact.email_normalized, contact.phone = "", ""
    survey = _survey(session, registration.id)
    if survey is not None:
        session.execute(
            delete(models.BenchmarkAnswer).where(models.BenchmarkAnswer.survey_id == survey.id)
        )
        session.delete(survey)
    charge = session.scalar(
        select(models.Charge).where(models.Charge.registration_id == registration.id)
    )
    if charge is not None and charge.cardholder != ERASED:
        charge.cardholder = ERASED
    if registration.late_accepted_reason not in (None, ERASED):
        registration.late_accepted_reason = ERASED
    for transition in registration.transitions:
        if transition.reason.strip() not in ("", ERASED):
            transition.reason = ERASED
    if registration.personal_data_erased_at is None:
        registration.personal_data_erased_at = now
    session.flush()
    work.counts += counts
    work.registration_ids.append(registration.id)
    return counts


def _note_backups_pending(session: Session, delegate_ids: Iterable[int]) -> None:
    """Remember, in the erasure's own transaction, that the backups still hold the data
    (cleared once they are cleaned): a crash in between is finished at the next unlock."""
    setting = session.get(models.Setting, BACKUPS_PENDING_SETTING)
    known = json.loads(setting.value) if setting is not None and setting.value else []
    merged = sorted({*known, *delegate_ids})
    if setting is None:
        session.add(models.Setting(key=BACKUPS_PENDING_SETTING, value=json.dumps(merged)))
    else:
        setting.value = json.dumps(merged)


def _clear_backups_pending(session: Session) -> None:
    setting = session.get(models.Setting, BACKUPS_PENDING_SETTING)
    if setting is not None:
        session.delete(setting)


def _erase_in_backup(
    path: Path,
    registration_ids: list[int],
    workshop_ids: list[int],
    delegate_ids: list[int],
) -> None:
    """The same erasure in one backup file (columns matched by name, so a backup taken
    before a migration is cleaned on what it has), then compacted (secure_delete, VACUUM)."""
    with closing(sqlite_files.connect(path)) as connection:
        connection.execute("PRAGMA secure_delete=ON")
        before = connection.total_changes
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        for chunk in _chunks(registration_ids):
            marks = ", ".join("?" for _ in chunk)
            in_registrations = f"SELECT contact_id FROM registration WHERE id IN ({marks})"
            connection.execute(
                "UPDATE contact SET name = ?, title = '', email = '', email_normalized = '', "
                f"phone = '' WHERE id IN ({in_registrations}) AND name != ?",
                [ERASED, *chunk, ERASED],
            )
            if "benchmark_survey" in tables:
                surveys = f"SELECT id FROM benchmark_survey WHERE registration_id IN ({marks})"
                connection.execute(
                    f"DELETE FROM benchmark_answer WHERE survey_id IN ({surveys})", chunk
                )
                connection.execute(
                    f"DELETE FROM benchmark_survey WHERE registration_id IN ({marks})", chunk
                )
            if "charge" in tables:
                connection.execute(
                    f"UPDATE charge SET cardholder = ? WHERE registration_id IN ({marks}) "
                    "AND cardholder != ?",
                    [ERASED, *chunk, ERASED],
                )
            connection.execute(
                f"UPDATE registration SET late_accepted_reason = ? WHERE id IN ({marks}) "
                "AND late_accepted_reason IS NOT NULL AND late_accepted_reason != ?",
                [ERASED, *chunk, ERASED],
            )
            connection.execute(
                f"UPDATE registration_transition SET reason = ? WHERE registration_id IN "
                f"({marks}) AND reason != '' AND reason != ?",
                [ERASED, *chunk, ERASED],
            )
        if "delegate" in tables:
            for chunk in _chunks(delegate_ids):
                marks = ", ".join("?" for _ in chunk)
                connection.execute(f"DELETE FROM delegate WHERE id IN ({marks})", chunk)
            for chunk in _chunks(workshop_ids):
                marks = ", ".join("?" for _ in chunk)
                connection.execute(f"DELETE FROM delegate WHERE workshop_id IN ({marks})", chunk)
        if connection.total_changes != before:
            connection.commit()
            connection.execute("VACUUM")
        else:
            connection.rollback()
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def _chunks(ids: list[int], size: int = 500) -> Iterable[list[int]]:
    unique = sorted(set(ids))
    for start in range(0, len(unique), size):
        yield unique[start : start + size]


# ---------------------------------------------------------------------------------------
# The retention period


def _due_workshops(
    session: Session, now: datetime, workshop_id: int | None
) -> list[models.Workshop]:
    query = (
        select(models.Workshop)
        .where(models.Workshop.personal_data_purged_at.is_(None))
        .order_by(models.Workshop.event_date, models.Workshop.id)
    )
    if workshop_id is not None:
        query = query.where(models.Workshop.id == workshop_id)
    return [
        workshop
        for workshop in session.scalars(query)
        if purge_is_due(
            workshop.event_date,
            workshop.retention_months,
            local_today(now, workshop.timezone),
        )
    ]


def _plan_purge(
    session: Session,
    workshop: models.Workshop,
    kept: list[str] | None,
    *,
    counts: ErasedCounts | None = None,
    purged_at: datetime | None = None,
) -> WorkshopPurge:
    registrations = _workshop_registrations(session, workshop.id)
    if kept is None:  # the dry run: count what the purge would do
        blocked = _card_holders(session, workshop.id)
        kept = [r.organization.name for r in registrations if r.id in blocked]
        counts = ErasedCounts()
        for registration in registrations:
            if registration.id not in blocked:
                counts += _count_registration(session, registration, whole_workshop=True)
        delegates = session.scalar(
            select(func.count())
            .select_from(models.Delegate)
            .where(models.Delegate.workshop_id == workshop.id)
        )
        counts += ErasedCounts(delegate_entries=delegates or 0)
    statuses = Counter(RegistrationStatus(r.status) for r in registrations)
    by_status = tuple(
        (status.label.lower(), statuses[status])
        for status in RegistrationStatus
        if statuses[status]
    )
    charged = session.scalars(
        select(models.Charge.amount)
        .join(models.Registration)
        .where(models.Registration.workshop_id == workshop.id)
    )
    fees = Money(sum(charged, Decimal(0)), workshop.currency)
    months = retention_months(workshop.retention_months)
    return WorkshopPurge(
        workshop_id=workshop.id,
        code=workshop.code,
        event_date=workshop.event_date,
        months=months,
        due_on=purge_due_on(workshop.event_date, months),
        by_status=by_status,
        fees_charged=fees,
        counts=counts or ErasedCounts(),
        kept=tuple(kept),
        purged_at=purged_at,
    )


# ---------------------------------------------------------------------------------------
# The export's JSON


def _export_data(
    session: Session, organization: models.Organization, now: datetime, actor: str
) -> dict[str, Any]:
    registrations = _registrations(session, organization.id)
    return {
        "format": FORMAT,
        "exported_at": _instant(now, UTC),
        "exported_by": actor,
        "organization": {
            "id": organization.id,
            "name": organization.name,
            "country": organization.country,
            "technology_area": organization.technology_area,
            "recorded_at": _instant(organization.created_at, UTC),
        },
        "registrations": [_registration_data(session, r) for r in registrations],
        "audit_log": [
            _audit_data(entry, UTC)
            for entry in session.scalars(
                select(models.AuditEntry)
                .where(
                    models.AuditEntry.entity == "organization",
                    models.AuditEntry.entity_id == organization.id,
                )
                .order_by(models.AuditEntry.id)
            )
        ],
        "letters": LETTERS_NOTE,
        "reports": REPORTS_NOTE,
        "audit_log_note": AUDIT_NOTE,
    }


def _registration_data(session: Session, registration: models.Registration) -> dict[str, Any]:
    workshop = registration.workshop
    zone = ZoneInfo(workshop.timezone)
    months = retention_months(workshop.retention_months)
    contact = registration.contact
    card = session.scalar(
        select(models.CardAuthorization).where(
            models.CardAuthorization.registration_id == registration.id
        )
    )
    charge = session.scalar(
        select(models.Charge).where(models.Charge.registration_id == registration.id)
    )
    survey = _survey(session, registration.id)
    label = session.scalar(
        select(models.QualityLabel).where(models.QualityLabel.registration_id == registration.id)
    )
    erasures = session.scalars(
        select(models.Erasure)
        .where(models.Erasure.registration_id == registration.id)
        .order_by(models.Erasure.erased_at, models.Erasure.id)
    )
    papers = session.scalars(
        select(models.PaperForm)
        .where(models.PaperForm.registration_id == registration.id)
        .order_by(models.PaperForm.id)
    )
    entries = session.scalars(
        select(models.AuditEntry)
        .where(
            models.AuditEntry.entity == "registration",
            models.AuditEntry.entity_id == registration.id,
        )
        .order_by(models.AuditEntry.id)
    )
    return {
        "registration_id": registration.id,
        "workshop": {
            "id": workshop.id,
            "code": workshop.code,
            "title": workshop.title,
            "event_date": workshop.event_date.isoformat(),
            "time_zone": workshop.timezone,
            "retention_months": months,
            "personal_data_kept_until": purge_due_on(workshop.event_date, months).isoformat(),
            "personal_data_purged_at": _instant(workshop.personal_data_purged_at, zone),
        },
        "status": RegistrationStatus(registration.status).label,
        "registered_at": _instant(registration.created_at, zone),
        "form_received_at": _instant(registration.form_received_at, zone),
        "authorization_received_at": _instant(registration.authorization_received_at, zone),
        "completed_at": _instant(registration.completed_at, zone),
        "late_accepted_reason": registration.late_accepted_reason,
        "fee": _money(registration.fee_gross, workshop.currency),
        "personal_data_erased_at": _instant(registration.personal_data_erased_at, zone),
        "contact": {
            "name": contact.name,
            "title": contact.title,
            "email": contact.email,
            "phone": contact.phone,
        },
        "history": [
            {
                "event": t.event,
                "before": t.before,
                "after": t.after,
                "at": _instant(t.at, zone),
                "by": t.by,
                "reason": t.reason,
            }
            for t in registration.transitions
        ],
        "card_authorization": None
        if card is None
        else {
            "card": str(MaskedCard(CardBrand(card.brand), card.last4)),
            "state": card.state,
            "recorded_at": _instant(card.recorded_at, zone),
            "note": CARD_NOTE,
        },
        "charge": None
        if charge is None
        else {
            "amount": _money(charge.amount, charge.currency),
            "charged_on": charge.charged_on.isoformat(),
            "reference": charge.reference,
            "card": str(MaskedCard(CardBrand(charge.brand), charge.last4)),
            "cardholder": charge.cardholder,
            "amount_reason": charge.amount_reason,
        },
        "certificates_of_destruction": [
            {
                "erased_at": _instant(e.erased_at, zone),
                "what": e.destroyed,
                "reason": e.reason,
                "status": e.status,
                "certificate_uid": e.certificate_uid,
            }
            for e in erasures
        ],
        "paper_forms": [
            {
                "kind": p.kind,
                "channel": p.channel,
                "received_on": p.received_on.isoformat(),
                "disposal": p.disposal,
                "disposed_on": p.disposed_on.isoformat() if p.disposed_on else None,
            }
            for p in papers
        ],
        "questionnaire": None
        if survey is None
        else {
            "catalogue_version": survey.catalogue_version,
            "interview_on": survey.interview_on.isoformat() if survey.interview_on else None,
            "updated_at": _instant(survey.updated_at, zone),
            "answers": [
                {"indicator": a.indicator, "value": a.value, "note": a.note}
                for a in sorted(survey.answers, key=lambda a: _indicator_key(a.indicator))
            ],
        },
        "quality_label": None
        if label is None
        else {
            "label": label.label,
            "awarded_on": label.awarded_on.isoformat(),
            "valid_until": label.valid_until.isoformat(),
        },
        "delegate_list_entries": [
            {
                "email": d.email,
                "name": d.name,
                "organization": d.organization,
                "country": d.country,
                "imported_at": _instant(d.imported_at, zone),
            }
            for d in _matching_delegates(session, registration)
        ],
        "audit_log": [_audit_data(entry, zone) for entry in entries],
    }


def _audit_data(entry: models.AuditEntry, zone: ZoneInfo | Any) -> dict[str, Any]:
    return {
        "at": _instant(entry.at, zone),
        "by": entry.actor,
        "action": entry.action,
        "summary": entry.summary,
    }


def _instant(moment: datetime | None, zone: ZoneInfo | Any) -> str | None:
    """ISO 8601 with its offset, in the workshop's time zone (UTC at the top level)."""
    return None if moment is None else moment.astimezone(zone).isoformat()


def _money(amount: Decimal | None, currency: str) -> dict[str, str] | None:
    """Exact: the amount as its decimal text, never a float."""
    if amount is None:
        return None
    return {"amount": format(amount, "f"), "currency": currency}


def _indicator_key(code: str) -> tuple[Any, ...]:
    """'1.1.1b' before '1.2' before '1.10' (the catalogue's order)."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"\.", code))


def _readme(organization: str, now: datetime) -> str:
    return "\n".join(
        [
            f"Everything escadesk holds about {organization}",
            f"Exported on {now.astimezone(UTC).isoformat()} (an access request).",
            "",
            f"{JSON_NAME}: the organization, each of its registrations with its contact, "
            "history, fee, charge (card shown as brand and last four digits only), "
            "certificates of destruction, paper forms, benchmarking questionnaire, label, "
            "delegate-list entries and audit log entries. UTF-8 JSON; dates are ISO 8601, "
            "in the workshop's time zone with their offset; amounts are exact decimal text.",
            "",
            f"Letters: {LETTERS_NOTE}",
            f"Reports: {REPORTS_NOTE}",
            "",
        ]
    )
