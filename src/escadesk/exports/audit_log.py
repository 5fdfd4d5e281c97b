"""The audit log as a workbook: one row per entry, as the viewer shows them, and what was
exported (the filter, when, by whom), for an auditor who was not at the desk.

Plain values only, like every writer: the service reads and filters the log. Summaries
never hold card data (the audit trail refuses them), and the table's header row is
bold, frozen and filtered, its columns sized to their content (see sheets.write_table).
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

ENTRIES, ABOUT = "Audit log", "About"


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
        Column("Entry", Kind.INTEGER),
        Column(f"Time ({zone_label})", Kind.DATETIME),
        Column("Who", cap=24),
        Column("What", cap=36),
        Column("Concerns", cap=34),
        Column("Workshop", cap=30),
        Column("Details", Kind.WRAP, cap=70),
        Column("Action code", cap=28),
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
        title="Audit log",
        subject="Who did what, when: the audit log of escadesk",
        created=data.generated_at,
        author=data.prepared_by,
    )

    def build(workbook: Workbook) -> None:
        styles = StyleBook(workbook)
        write_table(
            workbook,
            styles,
            ENTRIES,
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
        write_form(workbook, styles, ABOUT, "Audit log", about_rows(data))

    return write_workbook(target, info, build, monitor)


def about_rows(data: AuditLogData) -> list[FormRow]:
    return [
        FormRow("Entries", len(data.lines), Kind.INTEGER, f"of {data.total:,} in the log"),
        FormRow("Selection", data.selection),
        FormRow(
            "Generated",
            data.generated_at.replace(tzinfo=None, microsecond=0),
            Kind.DATETIME,
            data.zone_label,
        ),
        FormRow("Prepared by", data.prepared_by),
        FormRow(
            "Integrity",
            "The log is hash-chained: each entry seals the one before it. Verify it in "
            "escadesk (Audit log… > Verify); this file is a copy for reading.",
        ),
    ]
