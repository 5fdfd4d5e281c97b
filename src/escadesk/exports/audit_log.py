"""The audit log as a workbook: one row per entry, as the viewer shows them, and what was
exported (the filter, when, by whom), for an auditor who was not at the desk.

Plain values only, like every writer: the service reads and filters the log. Summaries
never hold card data (the audit trail refuses them), and the table's header row is
bold, frozen and filtered, its columns sized to their content (see sheets.write_table).

The sheet names, headers and About labels are in the window's language (nothing reads
this file back); the entries themselves stay as stored, in English: the audit log is a
legal record, and a copy of it says what the log says.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

from escadesk.domain.institute import DEFAULT_INSTITUTE_NAME
from escadesk.exports.progress import Cancelled, Monitor, Progress
from escadesk.exports.sheets import Column, FormRow, write_form, write_table
from escadesk.exports.styles import Kind, StyleBook
from escadesk.exports.workbook_files import DocumentInfo, write_workbook
from escadesk.i18n import N_, _, format_decimal, pgettext

# Sheet names: translated where the workbook is written (_()), in the window's language.
ENTRIES, ABOUT = N_("Audit log"), N_("About")


@dataclass(frozen=True)
class AuditLogLine:
    number: int
    #: Naive, on the wall clock of the export's zone (Excel has no zones).
    at: datetime
    actor: str
    what: str
    concerns: str
    workshop: str
    details: str
    action: str


@dataclass(frozen=True)
class AuditLogData:
    lines: tuple[AuditLogLine, ...]
    #: 'Toronto time': the zone of every time in the file.
    zone_label: str
    #: Aware.
    generated_at: datetime
    #: The filter in words ("all entries", "entries with 'andes', charges").
    selection: str
    total: int
    prepared_by: str = DEFAULT_INSTITUTE_NAME


def entry_columns(zone_label: str) -> tuple[Column, ...]:
    return (
        Column(_("Entry"), Kind.INTEGER),
        # Translators: a column header: when an audit entry was made, in a zone
        # ("Time (Toronto time)").
        Column(pgettext("column", "Time ({zone})").format(zone=zone_label), Kind.DATETIME),
        Column(_("Who"), cap=24),
        Column(_("What"), cap=36),
        Column(_("Concerns"), cap=34),
        Column(_("Workshop"), cap=30),
        Column(_("Details"), Kind.WRAP, cap=70),
        # Translators: a column header: the audit entry's action as stored ("card.charge").
        Column(pgettext("column", "Action code"), cap=28),
    )


def write_audit_log(
    data: AuditLogData,
    target: Path,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Path:
    """Write the entries to ``target`` (atomically); raises ExportCancelled if cancelled."""
    monitor = Monitor(progress, cancelled)
    info = DocumentInfo(
        title=_(ENTRIES),
        subject=_("Who did what, when: the audit log of escadesk"),
        created=data.generated_at,
        author=data.prepared_by,
    )

    def build(workbook: Workbook) -> None:
        styles = StyleBook(workbook)
        write_table(
            workbook,
            styles,
            _(ENTRIES),
            entry_columns(data.zone_label),
            [
                (
                    line.number,
                    line.at,
                    line.actor,
                    line.what,
                    line.concerns,
                    line.workshop,
                    line.details,
                    line.action,
                )
                for line in data.lines
            ],
            monitor.span(5, 90),
        )
        write_form(workbook, styles, _(ABOUT), _(ENTRIES), about_rows(data))

    return write_workbook(target, info, build, monitor)


def about_rows(data: AuditLogData) -> list[FormRow]:
    return [
        FormRow(
            pgettext("label", "Entries"),
            len(data.lines),
            Kind.INTEGER,
            # Translators: beside the number of entries exported: "of 1,234 in the log".
            _("of {total} in the log").format(total=format_decimal(data.total)),
        ),
        FormRow(pgettext("label", "Selection"), data.selection),
        FormRow(
            pgettext("label", "Generated"),
            data.generated_at.replace(tzinfo=None, microsecond=0),
            Kind.DATETIME,
            data.zone_label,
        ),
        FormRow(pgettext("label", "Prepared by"), data.prepared_by),
        FormRow(
            pgettext("label", "Integrity"),
            _(
                "The log is hash-chained: each entry seals the one before it. Verify it in "
                "escadesk (Audit log… > Verify); this file is a copy for reading."
            ),
        ),
    ]
