"""Excel exports as use cases: gather one workshop in one read, write, audit.

The data is read in a single read-only session (one consistent picture), turned into the
plain values of :mod:`escadesk.exports.data`, and only then handed to the writers, which
never see the database or the vault. Cards are read as brand, last four digits and state
only: the encrypted columns are never even selected.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from escadesk.domain.cards import CardBrand, MaskedCard, contains_card_number
from escadesk.domain.decision import Outcome
from escadesk.domain.fees import FeeQuote, FeeScheduleError
from escadesk.domain.file_names import file_name
from escadesk.domain.moments import long_date
from escadesk.domain.money import Money, TaxSplit, split_tax_included
from escadesk.domain.pitch_schedule import plan_pitches
from escadesk.domain.quorum import QuorumEntry, outlook
from escadesk.domain.registration import TAKING_PART_VALUES, RegistrationStatus
from escadesk.domain.validation import FieldProblem, ValidationError
from escadesk.domain.wording import counted
from escadesk.domain.workshop_calendar import Facilitator
from escadesk.exports.data import (
    ChargeLine,
    FinanceData,
    ParticipantLine,
    RosterData,
    WorkshopHeading,
)
from escadesk.exports.finance import write_finance
from escadesk.exports.progress import ExportCancelled, Monitor
from escadesk.exports.roster import write_roster
from escadesk.i18n import N_, _, current_locale, format_decimal, ngettext, pgettext
from escadesk.notifications.letter_language import tax_name
from escadesk.services import audit
from escadesk.services.context import ServiceContext
from escadesk.services.institute import read_identity
from escadesk.services.lookups import load_workshop
from escadesk.services.vault import ErasureScope
from escadesk.services.workshop_mapping import calendar_of, schedule_of
from escadesk.storage import models

Progress = Callable[[int, str], None]
ExportKind = Literal["roster", "finance"]

# The sheets' cells are written in the window's language, like their headers (the
# finance sheet is the desk's working list, not a document sent to an organization).
_AUTHORIZATION_WORDS = {
    # Translators: the state of a card authorization, in a cell of the finance sheet.
    "active": N_("Recorded"),
    # Translators: the state of a card authorization whose security code and scanned form
    # were erased after the charge, in a cell of the finance sheet.
    "code_erased": N_("Recorded; code and scan erased"),
}
_ERASURE_WORDS = {
    ErasureScope.FULL.value: N_("Card data erased"),
    ErasureScope.SENSITIVE.value: N_("Code and scan erased"),
}

#: Stored status -> member: a dict look-up, where calling the enum costs microseconds a row.
_STATUSES = {status.value: status for status in RegistrationStatus}


class ExportCancelledError(RuntimeError):
    """The user cancelled the export; no file was written (an existing one is untouched)."""


def pitch_order_key(workshop_id: int) -> str:
    return f"workshop.{workshop_id}.pitch_order"


@dataclass(frozen=True)
class _Card:
    brand: str
    last4: str
    state: str


@dataclass(frozen=True, slots=True)
class _Row:
    """One registration as the exports read it: plain columns of one joined query, not
    ORM objects, which cost several times more to build at thousands of registrations."""

    id: int
    organization: str
    country: str
    technology_area: str
    contact_name: str
    contact_title: str
    contact_email: str
    contact_phone: str
    status: str
    completed_at: datetime | None
    created_at: datetime
    late_accepted_reason: str | None
    fee_gross: Decimal | None
    authorization_received_at: datetime | None


@dataclass(frozen=True, slots=True)
class _Charge:
    brand: str
    last4: str
    amount: Decimal
    charged_on: date
    reference: str


@dataclass(frozen=True, slots=True)
class _Erasure:
    scope: str
    status: str
    erased_at: datetime


class ExportService:
    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    # -- exports ---------------------------------------------------------------------------

    def roster(
        self,
        workshop_id: int,
        target: Path,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> Path:
        """Write the roster workbook to ``target`` (.xlsx); returns the path written."""

        def write(checked: Path) -> tuple[Path, int]:
            data = self.roster_data(workshop_id)
            return write_roster(data, checked, progress, cancelled), len(data.participants)

        return self._export(workshop_id, "roster", target, write, progress, cancelled)

    def finance(
        self,
        workshop_id: int,
        target: Path,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> Path:
        """Write the finance workbook to ``target`` (.xlsx); returns the path written."""

        def write(checked: Path) -> tuple[Path, int]:
            data = self.finance_data(workshop_id)
            return write_finance(data, checked, progress, cancelled), len(data.lines)

        return self._export(workshop_id, "finance", target, write, progress, cancelled)

    def _export(
        self,
        workshop_id: int,
        kind: ExportKind,
        target: Path,
        write: Callable[[Path], tuple[Path, int]],
        progress: Progress | None,
        cancelled: Callable[[], bool] | None,
    ) -> Path:
        """Check the target, read and write (``write`` gets the checked target and returns
        the path and the number of organizations), then audit."""
        target = checked_target(target)
        what = {"roster": "the roster", "finance": "the finance workbook"}[kind]

        def export() -> tuple[Path, int]:
            Monitor(progress, cancelled).report(0, _("Reading the workshop"))
            return write(target)

        path, count = _run(export)
        self._audit(
            workshop_id,
            f"export.{kind}",
            f"Exported {what} ({counted(count, 'organization')}) as '{path.name}'",
        )
        return path

    def suggested_file_name(self, workshop_id: int, kind: ExportKind) -> str:
        """'ESCA Cluster Benchmarking Workshop (TCI 2018) 2018-10-04 roster.xlsx': the
        workshop's title and date (never its code), safe on Windows and macOS."""
        with self._context.database.reading() as session:
            workshop = load_workshop(session, workshop_id)
            return file_name(workshop.title, workshop.event_date, kind, "xlsx")

    # -- the pitch order -------------------------------------------------------------------

    def pitch_order(self, workshop_id: int) -> list[tuple[int, str]]:
        """(registration id, organization) of those taking part, in speaking order.

        Taking part: confirmed or charged; before the decision, the complete ones that
        would be confirmed now (by completion time). The order is the director's, where
        set; anyone not in it (promoted later, say) follows by completion time.
        """
        with self._context.database.reading() as session:
            workshop = load_workshop(session, workshop_id)
            rows = _registrations(session, workshop_id)
            return [(r.id, r.organization) for r in self._speakers(session, workshop, rows)]

    def set_pitch_order(self, workshop_id: int, registration_ids: list[int]) -> None:
        """Store the speaking order; it must name exactly those taking part, once each."""
        with self._context.database.transaction() as session:
            workshop = load_workshop(session, workshop_id)
            rows = _registrations(session, workshop_id)
            participants = {r.id: r for r in self._participants(workshop, rows)}
            chosen = set(registration_ids)
            if len(chosen) != len(registration_ids) or chosen != set(participants):
                raise ValidationError(
                    [
                        FieldProblem(
                            "pitch_order",
                            ngettext(
                                "The pitch order must list every organization taking part "
                                "exactly once ({count} organization).",
                                "The pitch order must list every organization taking part "
                                "exactly once ({count} organizations).",
                                len(participants),
                            ).format(count=len(participants)),
                        )
                    ]
                )
            key = pitch_order_key(workshop_id)
            setting = session.get(models.Setting, key)
            value = json.dumps(list(registration_ids))
            if setting is None:
                session.add(models.Setting(key=key, value=value))
            else:
                setting.value = value
            names = ", ".join(participants[rid].organization for rid in registration_ids)
            audit.record_now(
                session,
                self._context,
                action="export.pitch_order",
                entity="workshop",
                entity_id=workshop_id,
                workshop_id=workshop_id,
                summary=f"Pitch order set: {names or 'nobody takes part'}",
            )

    # -- gathering -------------------------------------------------------------------------

    def roster_data(self, workshop_id: int) -> RosterData:
        with self._context.database.reading() as session:
            workshop = load_workshop(session, workshop_id)
            rows = _registrations(session, workshop_id)
            speakers = self._speakers(session, workshop, rows)
            pitch = {r.id: number for number, r in enumerate(speakers, start=1)}
            waitlist = self._waitlist(workshop, rows)
            ordered = [
                *speakers,
                *sorted((r for r in rows if r.id in waitlist), key=lambda r: waitlist[r.id]),
                *sorted(
                    (r for r in rows if r.id not in pitch and r.id not in waitlist),
                    key=lambda r: (r.organization.casefold(), r.id),
                ),
            ]
            calendar = calendar_of(workshop)
            return RosterData(
                heading=self._heading(session, workshop),
                participants=tuple(
                    _participant(r, waitlist.get(r.id), pitch.get(r.id)) for r in ordered
                ),
                agenda=calendar.agenda,
                pitches=plan_pitches(calendar.agenda, [r.organization for r in speakers]),
                facilitators=tuple(
                    Facilitator(f.name, f.affiliation, f.role) for f in workshop.facilitators
                ),
            )

    def finance_data(self, workshop_id: int) -> FinanceData:
        with self._context.database.reading() as session:
            workshop = load_workshop(session, workshop_id)
            rows = _registrations(session, workshop_id)
            schedule = schedule_of(workshop)
            cards = _cards(session, workshop_id)
            charges = _charges(session, workshop_id)
            erasures = _erasures(session, workshop_id)
            lines = []
            # Most organizations pay the same fee: its split and approximation are worked
            # out once per distinct amount (as written), not once per line.
            fees: dict[str, tuple[TaxSplit, Money | None]] = {}
            for r in sorted(rows, key=lambda r: (r.organization.casefold(), r.id)):
                fee = approximation = None
                if r.fee_gross is not None and r.status in TAKING_PART_VALUES:
                    known = fees.get(str(r.fee_gross))
                    if known is None:
                        split = split_tax_included(
                            Money(r.fee_gross, workshop.currency), schedule.tax_rate
                        )
                        near = schedule.rate.approximate(split.gross) if schedule.rate else None
                        known = fees[str(r.fee_gross)] = (split, near)
                    fee, approximation = known
                charge = charges.get(r.id)
                done = erasures.get(r.id, [])
                last = done[-1] if done else None
                lines.append(
                    ChargeLine(
                        organization=r.organization,
                        billing_contact=r.contact_name,
                        billing_email=r.contact_email,
                        status=pgettext("registration status", _STATUSES[r.status].label),
                        fee=fee,
                        approximation=approximation,
                        card=_masked(cards.get(r.id), charge),
                        authorization=_authorization(r, cards.get(r.id), done),
                        charged_on=charge.charged_on if charge else None,
                        charge_reference=charge.reference if charge else "",
                        charged_amount=charge.amount if charge else None,
                        erasure=_erasure_words(last),
                        erased_at=last.erased_at if last else None,
                    )
                )
            speakers = self._participants(workshop, rows)
            return FinanceData(
                heading=self._heading(session, workshop),
                currency=workshop.currency,
                tax_name=tax_name(workshop.tax_name, current_locale()),
                tax_rate=schedule.tax_rate,
                rate=schedule.rate,
                lines=tuple(lines),
                head_count=len(speakers),
                tier=_tier(workshop),
                decision=self._decision_words(workshop, len(speakers)),
            )

    # -- internals -------------------------------------------------------------------------

    def _heading(self, session: Session, workshop: models.Workshop) -> WorkshopHeading:
        return WorkshopHeading(
            title=workshop.title,
            code=workshop.code,
            venue=workshop.venue,
            event_date=workshop.event_date,
            timezone=workshop.timezone,
            generated_at=self._context.clock.now(),
            prepared_by=read_identity(session).name,
        )

    def _participants(self, workshop: models.Workshop, rows: Sequence[_Row]) -> list[_Row]:
        """Those taking part, by completion time (see ``pitch_order``)."""
        if workshop.decision == Outcome.CANCEL.value:
            return []
        if workshop.decision == Outcome.PROCEED.value:
            return sorted((r for r in rows if r.status in TAKING_PART_VALUES), key=_completion)
        view = outlook(
            _entries(rows), calendar_of(workshop), schedule_of(workshop), self._context.clock.now()
        )
        by_id = {r.id: r for r in rows}
        return [by_id[entry.key] for entry in view.confirmed]

    def _speakers(
        self, session: Session, workshop: models.Workshop, rows: Sequence[_Row]
    ) -> list[_Row]:
        """Those taking part in the director's order (the rest by completion time)."""
        participants = self._participants(workshop, rows)
        setting = session.get(models.Setting, pitch_order_key(workshop.id))
        rank = {rid: position for position, rid in enumerate(_stored_order(setting))}
        return sorted(participants, key=lambda r: (rank.get(r.id, len(rank)),))

    def _waitlist(self, workshop: models.Workshop, rows: Sequence[_Row]) -> dict[int, int]:
        """Registration id -> waitlist position (after the decision: as it was taken;
        before it: where they would stand if the workshop closed now)."""
        if workshop.decision is not None:
            waiting = sorted(
                (r for r in rows if r.status == RegistrationStatus.WAITLISTED.value),
                key=_completion,
            )
            return {r.id: position for position, r in enumerate(waiting, start=1)}
        view = outlook(
            _entries(rows), calendar_of(workshop), schedule_of(workshop), self._context.clock.now()
        )
        return {entry.key: position for position, entry in enumerate(view.waitlisted, start=1)}

    def _decision_words(self, workshop: models.Workshop, taking_part: int) -> str:
        if workshop.decided_at is None or workshop.decision is None:
            return ngettext(
                "Not taken yet (it opens after {opens}); {count} organization would take "
                "part if the workshop closed now.",
                "Not taken yet (it opens after {opens}); {count} organizations would take "
                "part if the workshop closed now.",
                taking_part,
            ).format(
                opens=long_date(workshop.registration_deadline),
                count=format_decimal(taking_part),
            )
        when = workshop.decided_at.astimezone(calendar_of(workshop).zone)
        if workshop.decision == Outcome.PROCEED.value:
            sentence = _("Proceeds: decided {moment} by {person}.")
        else:
            sentence = _("Does not proceed: decided {moment} by {person}.")
        # Translators: who took the decision, when the record does not say.
        person = workshop.decided_by or pgettext("decided by", "unknown")
        return sentence.format(moment=f"{when:%Y-%m-%d %H:%M}", person=person)

    def _audit(self, workshop_id: int, action: str, summary: str) -> None:
        with self._context.database.transaction() as session:
            audit.record_now(
                session,
                self._context,
                action=action,
                entity="workshop",
                entity_id=workshop_id,
                workshop_id=workshop_id,
                summary=summary,
            )


def _run(export: Callable[[], tuple[Path, int]]) -> tuple[Path, int]:
    try:
        return export()
    except ExportCancelled as error:
        raise ExportCancelledError(_("The export was cancelled; no file was written.")) from error


def _stored_order(setting: models.Setting | None) -> list[int]:
    """The stored order; an unreadable value counts as none (completion order applies)."""
    if setting is None:
        return []
    try:
        value = json.loads(setting.value)
    except ValueError:
        return []
    if not isinstance(value, list):
        return []
    return [item for item in value if type(item) is int]


def checked_target(target: Path) -> Path:
    target = Path(target).expanduser()
    problem = None
    if target.suffix.lower() != ".xlsx":
        problem = _("Save the workbook as an .xlsx file (e.g. '{value}.xlsx').").format(
            value=target.stem or "roster"
        )
    elif target.is_dir():
        problem = _("'{target}' is a folder; give a file name ending in .xlsx.").format(
            target=target
        )
    elif not target.parent.is_dir():
        problem = _("The folder '{parent}' does not exist.").format(parent=target.parent)
    elif contains_card_number(target.name):  # the name goes into the audit log
        problem = _("The file name looks like a card number; please choose another name.")
    if problem:
        raise ValidationError([FieldProblem("target", problem)])
    return target


def _cards(session: Session, workshop_id: int) -> dict[int, _Card]:
    """Brand, last four and state of each stored authorization (never the encrypted parts)."""
    query = (
        select(
            models.CardAuthorization.registration_id,
            models.CardAuthorization.brand,
            models.CardAuthorization.last4,
            models.CardAuthorization.state,
        )
        .join(models.Registration)
        .where(models.Registration.workshop_id == workshop_id)
    )
    return {rid: _Card(brand, last4, state) for rid, brand, last4, state in session.execute(query)}


def _registrations(session: Session, workshop_id: int) -> list[_Row]:
    """The workshop's registrations in registration order, with their organization and
    contact: one query whatever their number."""
    query = (
        select(
            models.Registration.id,
            models.Organization.name,
            models.Organization.country,
            models.Organization.technology_area,
            models.Contact.name,
            models.Contact.title,
            models.Contact.email,
            models.Contact.phone,
            models.Registration.status,
            models.Registration.completed_at,
            models.Registration.created_at,
            models.Registration.late_accepted_reason,
            models.Registration.fee_gross,
            models.Registration.authorization_received_at,
        )
        .join(models.Organization, models.Organization.id == models.Registration.organization_id)
        .join(models.Contact, models.Contact.id == models.Registration.contact_id)
        .where(models.Registration.workshop_id == workshop_id)
        .order_by(models.Registration.created_at, models.Registration.id)
    )
    # Core execution: the ORM's row handling adds a third for no gain on plain columns.
    rows: Iterable[tuple[Any, ...]] = session.connection().execute(query)
    return [_Row(*row) for row in rows]


def _charges(session: Session, workshop_id: int) -> dict[int, _Charge]:
    """Registration id -> the charge keyed in for it (what finance reconciles)."""
    query = (
        select(
            models.Charge.registration_id,
            models.Charge.brand,
            models.Charge.last4,
            models.Charge.amount,
            models.Charge.charged_on,
            models.Charge.reference,
        )
        .join(models.Registration)
        .where(models.Registration.workshop_id == workshop_id)
    )
    return {
        rid: _Charge(brand, last4, amount, charged_on, reference)
        for rid, brand, last4, amount, charged_on, reference in session.execute(query)
    }


def _erasures(session: Session, workshop_id: int) -> dict[int, list[_Erasure]]:
    """Registration id -> its erasures, oldest first."""
    query = (
        select(
            models.Erasure.registration_id,
            models.Erasure.scope,
            models.Erasure.status,
            models.Erasure.erased_at,
        )
        .where(models.Erasure.workshop_id == workshop_id)
        .order_by(models.Erasure.erased_at, models.Erasure.id)
    )
    erasures: dict[int, list[_Erasure]] = {}
    for registration_id, scope, status, erased_at in session.execute(query):
        erasures.setdefault(registration_id, []).append(_Erasure(scope, status, erased_at))
    return erasures


def _entries(rows: Sequence[_Row]) -> list[QuorumEntry]:
    return [QuorumEntry(r.id, r.organization, _STATUSES[r.status], r.completed_at) for r in rows]


def _completion(registration: _Row) -> tuple[datetime, int]:
    moment = registration.completed_at or registration.created_at
    return (moment, registration.id)


def _participant(
    r: _Row, waitlist_position: int | None, pitch_number: int | None
) -> ParticipantLine:
    status = _STATUSES[r.status]
    return ParticipantLine(
        organization=r.organization,
        country=r.country,
        technology_area=r.technology_area,
        contact_name=r.contact_name,
        contact_title=r.contact_title,
        contact_email=r.contact_email,
        contact_phone=r.contact_phone,
        status=pgettext("registration status", status.label),
        completed_at=r.completed_at,
        late=status is RegistrationStatus.LATE or r.late_accepted_reason is not None,
        late_accepted_reason=r.late_accepted_reason,
        waitlist_position=waitlist_position,
        pitch_number=pitch_number,
    )


def _masked(card: _Card | None, charge: _Charge | None) -> MaskedCard | None:
    if card is not None:
        return MaskedCard(CardBrand(card.brand), card.last4)
    if charge is not None:
        return MaskedCard(CardBrand(charge.brand), charge.last4)
    return None


def _authorization(r: _Row, card: _Card | None, erasures: list[_Erasure]) -> str:
    if card is not None:
        words = _AUTHORIZATION_WORDS.get(card.state)
        return card.state if words is None else _(words)
    if any(e.scope == ErasureScope.FULL.value for e in erasures):
        return pgettext("card authorization", "Erased")
    if r.authorization_received_at is not None:
        return pgettext("card authorization", "Received, not in vault")
    return pgettext("card authorization", "None")


def _erasure_words(erasure: _Erasure | None) -> str:
    if erasure is None:
        return ""
    known = _ERASURE_WORDS.get(erasure.scope)
    words = erasure.scope if known is None else _(known)
    if erasure.status == "complete":
        return words
    if erasure.status == "pending":
        # Translators: an erasure of card data that was started and not finished.
        return _("{erasure} (unfinished)").format(erasure=words)
    return f"{words} ({erasure.status})"  # a stored status code the app does not know


def _tier(workshop: models.Workshop) -> FeeQuote | None:
    if workshop.decision != Outcome.PROCEED.value or not workshop.decided_participants:
        return None
    try:
        return schedule_of(workshop).quote(workshop.decided_participants)
    except FeeScheduleError:
        return None
