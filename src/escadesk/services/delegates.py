"""The conference delegate list: preview an import, then commit it all or not at all."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from escadesk.domain.completion import folded
from escadesk.domain.delegate_match import DelegateEntry
from escadesk.domain.validation import FieldProblem, ValidationError
from escadesk.i18n import _
from escadesk.importing.delegates import DelegateRecord, ImportProblem, load_delegates
from escadesk.services import audit
from escadesk.services.context import ServiceContext
from escadesk.services.lookups import load_workshop
from escadesk.services.row_versions import Edited, VersionedEdit
from escadesk.storage.models import Delegate


@dataclass(frozen=True)
class DelegatePreview:
    """What an import would do; nothing is stored until ``commit`` is called with it."""

    workshop_id: int
    source: Path
    records: tuple[DelegateRecord, ...]
    problems: tuple[ImportProblem, ...]
    new_emails: frozenset[str]
    warnings: tuple[ImportProblem, ...] = ()
    """Shown with the preview, never blocking: a title row skipped, a date as a name ..."""
    hidden_rows: tuple[int, ...] = ()
    """Hidden rows of the workbook holding values (left out unless ``include_hidden``)."""
    hidden_columns: tuple[str, ...] = ()
    """Letters of hidden columns holding values (left out unless ``include_hidden``)."""
    include_hidden: bool = False
    """Whether the user chose to import hidden rows and columns too."""

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.records)

    @property
    def new_count(self) -> int:
        return len(self.new_emails)

    @property
    def known_count(self) -> int:
        return len(self.records) - self.new_count

    @property
    def skipped_hidden(self) -> bool:
        """Hidden rows or columns were left out: offer to preview again with them."""
        return not self.include_hidden and bool(self.hidden_rows or self.hidden_columns)


class DelegateService:
    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    def count(self, workshop_id: int) -> int:
        with self._context.database.reading() as session:
            query = select(func.count()).where(Delegate.workshop_id == workshop_id)
            return session.scalar(query) or 0

    def entries(self, workshop_id: int) -> list[DelegateEntry]:
        """The workshop's delegates, by name, for suggesting and filling in a form."""
        with self._context.database.reading() as session:
            rows = session.scalars(select(Delegate).where(Delegate.workshop_id == workshop_id))
            entries = [
                DelegateEntry(
                    email=row.email,
                    name=row.name or "",
                    organization=row.organization or "",
                    country=row.country or "",
                )
                for row in rows
            ]
        return sorted(entries, key=lambda entry: (folded(entry.name), entry.email.casefold()))

    def preview(
        self, workshop_id: int, source: Path, *, include_hidden: bool = False
    ) -> DelegatePreview:
        """Read and check the file; report every problem by row and column.

        Hidden rows and columns of a workbook are left out (and reported) unless the
        user asked for them with ``include_hidden``: what Excel hides is often not meant
        to be on the list.
        """
        parsed = load_delegates(source, include_hidden=include_hidden)
        with self._context.database.reading() as session:
            load_workshop(session, workshop_id)
            known = set(
                session.scalars(
                    select(Delegate.email_normalized).where(Delegate.workshop_id == workshop_id)
                )
            )
        new = frozenset(r.email_normalized for r in parsed.rows) - known
        return DelegatePreview(
            workshop_id,
            source,
            parsed.rows,
            parsed.problems,
            new,
            warnings=parsed.warnings,
            hidden_rows=parsed.hidden_rows,
            hidden_columns=parsed.hidden_columns,
            include_hidden=include_hidden,
        )

    def commit(self, preview: DelegatePreview) -> int:
        """Add new delegates and refresh known ones, in one transaction. Returns rows stored.

        Delegates already stored but absent from the file are kept: a later list from the
        conference is usually a longer one, and someone may already have registered.
        """
        if not preview.ok:
            raise ValidationError(
                [FieldProblem("file", _("The file has problems; fix them and import it again."))]
            )
        now = self._context.clock.now()
        # Another desk importing a list at the same moment: the second's updates find the
        # rows moved on, its new rows their e-mails taken; refused in words, not lost.
        edit = VersionedEdit(self._context.database, inserts_race=True)
        with edit.transaction() as session:
            workshop = load_workshop(session, preview.workshop_id)
            edit.about(
                Edited(
                    _("The delegate list of {workshop_code}").format(workshop_code=workshop.code),
                    "workshop",
                    workshop.id,
                    workshop.id,
                    actions="delegates.",
                )
            )
            existing = {
                d.email_normalized: d
                for d in session.scalars(
                    select(Delegate).where(Delegate.workshop_id == preview.workshop_id)
                )
            }
            for record in preview.records:
                delegate = existing.get(record.email_normalized)
                if delegate is None:
                    delegate = Delegate(
                        workshop_id=preview.workshop_id,
                        email_normalized=record.email_normalized,
                    )
                    session.add(delegate)
                delegate.email = record.email
                delegate.name = record.name
                delegate.organization = record.organization
                delegate.country = record.country
                delegate.imported_at = now
            audit.record(
                session,
                at=now,
                actor=self._context.actor,
                action="delegates.import",
                entity="workshop",
                entity_id=preview.workshop_id,
                workshop_id=preview.workshop_id,
                summary=_summary(preview),
            )
        return len(preview.records)


def _summary(preview: DelegatePreview) -> str:
    """The audit line of an import; it says when hidden rows or columns were included."""
    summary = (
        f"Imported delegate list {preview.source.name}: "
        f"{preview.new_count} new, {preview.known_count} already known"
    )
    if preview.include_hidden and (preview.hidden_rows or preview.hidden_columns):
        summary += " (hidden rows and columns included, as asked)"
    return summary
