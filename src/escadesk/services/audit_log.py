"""The audit log for reading: every entry in plain words, filtered, verified, exported.

The log itself is written by ``services/audit.py`` inside each use case's transaction;
this module only reads it. An entry's action is a code ("registration.receive_form");
the viewer and the workbook show it in words, grouped into kinds a director filters by.
The filter is one rule (:class:`AuditFilter`) used by the window and by the export, so
the file holds exactly the entries the window showed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import and_, select
from sqlalchemy.orm import aliased

from escadesk.domain.wording import counted
from escadesk.exports.audit_log import AuditLogData, AuditLogLine, write_audit_log
from escadesk.exports.data import zone_label
from escadesk.exports.progress import Cancelled, ExportCancelled, Monitor, Progress
from escadesk.i18n import N_, _
from escadesk.services import audit
from escadesk.services.context import ServiceContext
from escadesk.services.exports import ExportCancelledError, checked_target
from escadesk.services.institute import read_identity
from escadesk.storage.models import AuditEntry, Organization, Registration, Workshop
from escadesk.vault.audit_chain import ChainReport as ChainReport

#: The kinds a director filters by, in menu order: key -> (label, action prefixes). The
#: labels (and the action words below) are English, marked for the catalogue: the viewer
#: shows them translated; the entries themselves stay as they were written.
ACTION_KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "registrations": (N_("Registrations"), ("registration.",)),
    "paper": (N_("Signed paper forms"), ("paper.",)),
    "cards": (N_("Cards and the vault"), ("card.", "vault.")),
    "decision": (N_("Decision and price"), ("decision.",)),
    "charges": (N_("Charges"), ("charge.",)),
    "letters": (N_("Letters"), ("notify.",)),
    "exports": (N_("Exports"), ("export.",)),
    "benchmarking": (N_("Benchmarking"), ("benchmark.",)),
    "personal_data": (N_("Personal data"), ("personal_data.",)),
    "workshop": (N_("Workshop and delegates"), ("workshop.", "delegates.")),
    "data": (N_("Backups and settings"), ("backup.", "settings.")),
}

#: Each action the services write, in words (an unknown one is shown from its code).
ACTION_WORDS: dict[str, str] = {
    "registration.create": N_("Registered"),
    "registration.edit": N_("Registration edited"),
    "registration.register": N_("Registered"),
    "registration.receive_form": N_("Registration form received"),
    "registration.receive_authorization": N_("Card authorization received"),
    "registration.accept_late": N_("Late completion accepted"),
    "registration.withdraw": N_("Withdrew"),
    "registration.confirm": N_("Confirmed"),
    "registration.waitlist": N_("Waitlisted"),
    "registration.promote": N_("Moved up from the waiting list"),
    "registration.cancel": N_("Cancelled"),
    "registration.charge": N_("Charged"),
    "paper.received": N_("Signed form received"),
    "paper.disposed": N_("Signed form destroyed"),
    "card.record": N_("Card authorization stored"),
    "card.reveal": N_("Card shown"),
    "card.erase": N_("Card data erased"),
    "card.erase.verified": N_("Erasure verified"),
    "vault.setup": N_("Vault set up"),
    "vault.passphrase": N_("Passphrase changed"),
    "decision.proceed": N_("Decided: the workshop proceeds"),
    "decision.cancel": N_("Decided: the workshop is cancelled"),
    "decision.reprice": N_("Re-priced"),
    "charge.record": N_("Charge recorded"),
    "notify.confirmed": N_("Letter: the workshop proceeds"),
    "notify.waitlisted": N_("Letter: on the waiting list"),
    "notify.cancelled": N_("Letter: the workshop is cancelled"),
    "notify.receipt": N_("Letter: receipt"),
    "export.roster": N_("Roster exported"),
    "export.finance": N_("Finance workbook exported"),
    "export.pitch_order": N_("Pitch order saved"),
    "export.audit_log": N_("Audit log exported"),
    "benchmark.reference_import": N_("Reference set imported"),
    "benchmark.reference_activate": N_("Reference set made active"),
    "benchmark.reference_delete": N_("Reference set deleted"),
    "benchmark.interview_date": N_("Interview date recorded"),
    "benchmark.answers": N_("Questionnaire answers saved"),
    "benchmark.answer": N_("Questionnaire answer changed"),
    "benchmark.label": N_("Quality label recorded"),
    "benchmark.report": N_("Benchmarking report written"),
    "benchmark.reports": N_("Benchmarking reports written"),
    "personal_data.export": N_("Personal data exported (access request)"),
    "personal_data.erase": N_("Personal data erased (on request)"),
    "personal_data.purge": N_("Personal data erased (retention period over)"),
    "workshop.create": N_("Workshop created"),
    "workshop.update": N_("Workshop edited"),
    "delegates.import": N_("Delegate list imported"),
    "registration.import": N_("Registrations imported from a web form"),
    "backup.taken": N_("Backup made"),
    "backup.restored": N_("Backup restored"),
    "settings.institute": N_("Institute settings changed"),
    "settings.card_retention": N_("Card-number retention changed"),
}

_ENTITY_WORDS = {
    "database": N_("The database"),
    "vault": N_("The card vault"),
    "institute": N_("The institute"),
}


def action_words(action: str) -> str:
    """'registration.receive_form' -> 'Registration form received', in the user
    interface's language (an action without words is shown from its code)."""
    known = ACTION_WORDS.get(action)
    if known is not None:
        return _(known)
    words = action.replace("_", " ").replace(".", ": ", 1).replace(".", " ")
    return words[:1].upper() + words[1:]


def action_kind(action: str) -> str | None:
    """The key of the kind ``action`` belongs to (None: none of them)."""
    for key, (_label, prefixes) in ACTION_KINDS.items():
        if action.startswith(prefixes):
            return key
    return None


@dataclass(frozen=True)
class AuditRow:
    """One entry as the viewer shows it (plain values, safe to hand to any thread)."""

    id: int
    #: Aware (UTC, as stored).
    at: datetime
    actor: str
    action: str
    what: str
    kind: str | None
    #: The organization, the workshop or the thing the entry is about.
    concerns: str
    workshop: str
    details: str
    entry_hash: str
    #: Everything a text search looks in, case-folded once.
    search_text: str = field(repr=False, compare=False)


@dataclass(frozen=True)
class AuditFilter:
    """Which entries to show: every word of ``text`` somewhere in the entry, one kind
    (None: all), and the days from ``first_day`` to ``last_day`` on ``zone``'s clock."""

    text: str = ""
    kind: str | None = None
    first_day: date | None = None
    last_day: date | None = None
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))

    def apply(self, rows: Iterable[AuditRow]) -> list[AuditRow]:
        words = self.text.casefold().split()
        start = (
            datetime.combine(self.first_day, time.min, self.zone)
            if self.first_day is not None
            else None
        )
        end = (
            datetime.combine(self.last_day + timedelta(days=1), time.min, self.zone)
            if self.last_day is not None
            else None
        )
        return [
            row
            for row in rows
            if (self.kind is None or row.kind == self.kind)
            and (start is None or row.at >= start)
            and (end is None or row.at < end)
            and all(word in row.search_text for word in words)
        ]

    def describe(self) -> str:
        """The filter in words, for the export's About sheet."""
        parts = []
        if self.text.strip():
            parts.append(f"containing '{self.text.strip()}'")
        if self.kind is not None:
            parts.append(f"of the kind '{ACTION_KINDS[self.kind][0]}'")
        if self.first_day is not None or self.last_day is not None:
            first = self.first_day.isoformat() if self.first_day else "the start"
            last = self.last_day.isoformat() if self.last_day else "today"
            parts.append(f"from {first} to {last} ({self.zone.key})")
        return "Entries " + ", ".join(parts) if parts else "All entries"


class AuditLogService:
    """Reads the log for the viewer and the export; verifying is the vault's job
    (``VaultService.verify_audit`` checks the chain against this computer's anchor)."""

    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    def rows(self) -> list[AuditRow]:
        """Every entry, newest first (by time, then by its place in the chain), with the
        organization or workshop it concerns.

        One query however long the log; tens of thousands of entries read in well under
        a second, but the window still calls this off the GUI thread."""
        registration = aliased(Registration)
        of_registration = aliased(Organization)
        organization = aliased(Organization)
        query = (
            select(
                AuditEntry.id,
                AuditEntry.at,
                AuditEntry.actor,
                AuditEntry.action,
                AuditEntry.entity,
                AuditEntry.entity_id,
                AuditEntry.summary,
                AuditEntry.entry_hash,
                of_registration.name,
                organization.name,
                Workshop.title,
            )
            .outerjoin(
                registration,
                and_(AuditEntry.entity == "registration", registration.id == AuditEntry.entity_id),
            )
            .outerjoin(of_registration, of_registration.id == registration.organization_id)
            .outerjoin(
                organization,
                and_(AuditEntry.entity == "organization", organization.id == AuditEntry.entity_id),
            )
            .outerjoin(Workshop, Workshop.id == AuditEntry.workshop_id)
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        )
        with self._context.database.reading() as session:
            return [_row(*values) for values in session.execute(query)]

    def suggested_file_name(self, day: date) -> str:
        return f"Audit log {day.isoformat()}.xlsx"

    def export(
        self,
        target: Path,
        selection: AuditFilter,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> Path:
        """Write the entries ``selection`` keeps to ``target`` (.xlsx, atomically), times
        on ``selection.zone``'s clock; then audit the export. Returns the path written."""
        target = checked_target(target)
        monitor = Monitor(progress, cancelled)
        try:
            monitor.report(0, _("Reading the audit log"))
            rows = self.rows()
            kept = selection.apply(rows)
            with self._context.database.reading() as session:
                prepared_by = read_identity(session).name
            data = AuditLogData(
                lines=tuple(_line(row, selection.zone) for row in kept),
                zone_label=zone_label(selection.zone.key),
                generated_at=self._context.clock.now().astimezone(selection.zone),
                selection=selection.describe(),
                total=len(rows),
                prepared_by=prepared_by,
            )
            path = write_audit_log(data, target, progress, cancelled)
        except ExportCancelled as error:
            raise ExportCancelledError(
                _("The export was cancelled; no file was written.")
            ) from error
        with self._context.database.transaction() as session:
            audit.record_now(
                session,
                self._context,
                action="export.audit_log",
                entity="database",
                entity_id=None,
                workshop_id=None,
                summary=f"Exported the audit log ({counted(len(kept), 'entry', 'entries')}) "
                f"as '{path.name}'",
            )
        return path


def _row(
    id: int,
    at: datetime,
    actor: str,
    action: str,
    entity: str,
    entity_id: int | None,
    summary: str,
    entry_hash: str,
    registration_organization: str | None,
    organization: str | None,
    workshop: str | None,
) -> AuditRow:
    concerns = registration_organization or organization
    if concerns is None:
        if entity == "workshop":
            concerns = workshop or (
                _("Workshop #{id}").format(id=entity_id) if entity_id else _("A workshop")
            )
        elif entity in _ENTITY_WORDS:
            concerns = _(_ENTITY_WORDS[entity])
        else:
            noun = entity.replace("_", " ").capitalize()
            concerns = f"{noun} #{entity_id}" if entity_id is not None else noun
    what = action_words(action)
    workshop = workshop or ""
    english = ACTION_WORDS.get(action, "")  # the words as written in the log's language too
    search = " ".join(
        (f"#{id}", actor, what, english, action, concerns, workshop, summary)
    ).casefold()
    return AuditRow(
        id=id,
        at=at if at.tzinfo is not None else at.replace(tzinfo=UTC),
        actor=actor,
        action=action,
        what=what,
        kind=action_kind(action),
        concerns=concerns,
        workshop=workshop,
        details=summary,
        entry_hash=entry_hash,
        search_text=search,
    )


def _line(row: AuditRow, zone: ZoneInfo) -> AuditLogLine:
    return AuditLogLine(
        number=row.id,
        at=row.at.astimezone(zone).replace(tzinfo=None, microsecond=0),
        actor=row.actor,
        what=row.what,
        concerns=row.concerns,
        workshop=row.workshop,
        details=row.details,
        action=row.action,
    )


def kind_choices() -> Sequence[tuple[str, str]]:
    """(key, label) of every kind, for a filter's menu."""
    return [(key, _(label)) for key, (label, _prefixes) in ACTION_KINDS.items()]
