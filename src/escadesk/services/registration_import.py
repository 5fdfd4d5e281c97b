"""Registrations from a web form's export (Microsoft Forms, Google Forms, Typeform):
read the file, choose its columns, preview, then register all of it or nothing.

The steps, for the window and the CLI alike:

1. :meth:`RegistrationImportService.read` reads the CSV or workbook into rows.
2. :meth:`~RegistrationImportService.columns_for` proposes which column holds which field:
   the choice remembered for this form, else a guess from the headers.
3. :meth:`~RegistrationImportService.preview` checks every response (the registration
   rules, duplicates in the file and against the workshop's registrations); nothing is
   stored.
4. :meth:`~RegistrationImportService.commit` registers the new responses in one
   transaction, each audited as a registration entered by hand (with the file and row),
   and remembers the columns for the next export of the same form. Any problem, found
   again at that moment, stores nothing.

Where the columns are remembered: in the database (a setting keyed by the file's header
signature), not in the window's QSettings, so that the CLI and the window share them and
they travel with the data (another desk on the same database, a restored backup).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from escadesk.domain.eligibility import DelegateList, normalize_email
from escadesk.domain.validation import FieldProblem, ValidationError
from escadesk.domain.wording import counted
from escadesk.i18n import N_, _
from escadesk.importing.errors import TableReadError
from escadesk.importing.web_form_columns import ColumnMap, guess_columns, header_signature
from escadesk.importing.web_form_rows import FormExport, mapped_rows, read_form_export
from escadesk.services import audit
from escadesk.services.context import ServiceContext
from escadesk.services.delegates import DelegateService
from escadesk.services.lookups import load_workshop
from escadesk.services.registration_import_checks import (
    CheckedRow,
    Registered,
    RowProblem,
    RowStatus,
    check_rows,
)
from escadesk.services.registrations import RegistrationService
from escadesk.services.settings import SettingsService
from escadesk.storage.models import Setting

#: The setting holding the columns chosen for one form (followed by its signature).
COLUMNS_SETTING = "import.registrations.columns."

_CHANGED = N_(
    "The registrations or the delegate list changed since the preview; "
    "check the file again before importing."
)
_NOTHING_NEW = N_("Every response of the file is registered already; there is nothing to import.")
_HAS_PROBLEMS = N_("The file has problems; fix them and import it again.")


@dataclass(frozen=True)
class SuggestedColumns:
    """The columns proposed for a file, and whether they were chosen for it before."""

    columns: ColumnMap
    remembered: bool


@dataclass(frozen=True)
class RegistrationImportPreview:
    """What an import would do; nothing is stored until :meth:`commit` is given it."""

    workshop_id: int
    export: FormExport
    columns: ColumnMap
    rows: tuple[CheckedRow, ...]
    problems: tuple[RowProblem, ...]
    """The file's and the columns' first, then each row's, in file order."""

    @property
    def warnings(self) -> tuple[str, ...]:
        """What the reader recognised or left out (hidden rows...): never blocking."""
        return self.export.table.notes

    @property
    def new_rows(self) -> tuple[CheckedRow, ...]:
        return tuple(row for row in self.rows if row.status is RowStatus.NEW)

    @property
    def already_rows(self) -> tuple[CheckedRow, ...]:
        return tuple(row for row in self.rows if row.status is RowStatus.ALREADY)

    @property
    def ok(self) -> bool:
        """Importable: no problem at all, and something new to register."""
        return not self.problems and bool(self.new_rows)

    def summary(self) -> str:
        """'3 responses: 2 new registrations, 1 already registered (skipped)' (and how
        many have a problem)."""
        new, already = len(self.new_rows), len(self.already_rows)
        faulty = len(self.rows) - new - already
        parts = [counted(new, "new registration")] if new or not (already or faulty) else []
        if already:
            parts.append(f"{already} already registered (skipped)")
        if faulty:
            parts.append(f"{counted(faulty, 'response')} with a problem")
        return f"{counted(len(self.rows), 'response')}: {', '.join(parts)}"


class RegistrationImportService:
    def __init__(
        self,
        context: ServiceContext,
        registrations: RegistrationService,
        delegates: DelegateService,
        settings: SettingsService,
    ) -> None:
        self._context = context
        self._registrations = registrations
        self._delegates = delegates
        self._settings = settings

    def read(self, source: Path, *, include_hidden: bool = False) -> FormExport:
        """The export at ``source`` as rows; a file that cannot be read is refused
        (ValidationError) with what is wrong and where (its line or cell)."""
        try:
            return read_form_export(source, include_hidden=include_hidden)
        except TableReadError as error:
            raise ValidationError([FieldProblem("file", error.message)]) from None

    def columns_for(self, export: FormExport) -> SuggestedColumns:
        """The columns remembered for this form (the same headers), else a guess."""
        stored = self._settings.get(_setting_key(export.headers))
        remembered = None if stored is None else ColumnMap.from_json(stored, export.headers)
        if remembered is not None:
            return SuggestedColumns(remembered, remembered=True)
        return SuggestedColumns(guess_columns(export.headers), remembered=False)

    def preview(
        self, workshop_id: int, export: FormExport, columns: ColumnMap
    ) -> RegistrationImportPreview:
        """Check every response of ``export`` read with ``columns``; stores nothing."""
        with self._context.database.reading() as session:
            load_workshop(session, workshop_id)
        emails = [entry.email for entry in self._delegates.entries(workshop_id)]
        delegates = DelegateList.of(emails) if emails else None
        active = self._registrations.registered_emails(workshop_id)
        registered = [
            Registered(row.organization, row.contact_email)
            for row in self._registrations.list(workshop_id)
            if normalize_email(row.contact_email) in active
        ]
        checked = check_rows(
            tuple(mapped_rows(export, columns)),
            columns,
            delegates,
            registered,
            export.headers,
        )
        return RegistrationImportPreview(
            workshop_id, export, columns, checked.rows, checked.problems
        )

    def commit(self, preview: RegistrationImportPreview) -> tuple[int, ...]:
        """Register the preview's new responses in one transaction, or none; returns the
        new registrations' ids, in file order.

        The file is checked again first: if the workshop's registrations or delegate list
        changed since the preview, nothing is stored and the director previews again.
        Each registration is made by the registration service's own rules and audited like
        one entered by hand, naming the file and row; the import itself is audited too,
        and the columns are remembered for the next export of the same form.
        """
        if preview.problems:
            raise ValidationError([FieldProblem("file", _(_HAS_PROBLEMS))])
        if not preview.new_rows:
            raise ValidationError([FieldProblem("file", _(_NOTHING_NEW))])
        again = self.preview(preview.workshop_id, preview.export, preview.columns)
        if again.problems or [r.number for r in again.new_rows] != [
            r.number for r in preview.new_rows
        ]:
            raise ValidationError([FieldProblem("file", _(_CHANGED))])
        name = preview.export.name
        registered: list[int] = []
        with self._context.database.transaction() as session:
            for row in preview.new_rows:
                registered.append(
                    self._registrations.register_in(
                        session,
                        preview.workshop_id,
                        row.details,
                        source=f"from the web-form export {name}, row {row.number}",
                    )
                )
            audit.record_now(
                session,
                self._context,
                action="registration.import",
                entity="workshop",
                entity_id=preview.workshop_id,
                workshop_id=preview.workshop_id,
                summary=_audit_summary(preview),
            )
            _remember(session, preview.export.headers, preview.columns)
        return tuple(registered)


def _audit_summary(preview: RegistrationImportPreview) -> str:
    service = f" ({preview.export.service})" if preview.export.service else ""
    summary = (
        f"Imported {counted(len(preview.new_rows), 'registration')} from the web-form "
        f"export {preview.export.name}{service}"
    )
    already = len(preview.already_rows)
    return summary + (f"; {already} already registered, skipped" if already else "")


def _remember(session: Session, headers: tuple[str, ...], columns: ColumnMap) -> None:
    """The columns chosen, for the next export of this form (in the import's transaction:
    remembered only when the import is stored)."""
    key = _setting_key(headers)
    setting = session.get(Setting, key)
    if setting is None:
        session.add(Setting(key=key, value=columns.to_json()))
    else:
        setting.value = columns.to_json()


def _setting_key(headers: tuple[str, ...]) -> str:
    return COLUMNS_SETTING + header_signature(headers)
