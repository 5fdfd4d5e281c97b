"""The roster workbook the day runs from: cover, participants, programme, facilitators."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path

from openpyxl import Workbook

from escadesk.domain.pitch_schedule import OpenTime, PitchSlot
from escadesk.domain.workshop_calendar import AgendaKind
from escadesk.exports.data import ParticipantLine, RosterData
from escadesk.exports.progress import Cancelled, Monitor, Progress
from escadesk.exports.sheets import Column, FormRow, write_form, write_table
from escadesk.exports.styles import Kind, StyleBook
from escadesk.exports.workbook_files import DocumentInfo, write_workbook

COVER, PARTICIPANTS, PROGRAMME, FACILITATORS = "Cover", "Participants", "Programme", "Facilitators"

_KIND_WORDS = {
    AgendaKind.SESSION: "Session",
    AgendaKind.PITCHES: "Strategy pitches",
    AgendaKind.BREAK: "Break",
}


def participant_columns(zone_label: str) -> tuple[Column, ...]:
    return (
        Column("Organization", cap=30),
        Column("Country", cap=16),
        Column("Technology area", cap=24),
        Column("Contact", cap=20),
        Column("Title", cap=22),
        Column("E-mail", cap=40),
        Column("Phone", cap=18),
        Column("Status", cap=14, new_printed_page=True),
        Column(f"Completed ({zone_label})", Kind.DATETIME),
        Column("Late", cap=20),
        Column("Reason accepted", Kind.WRAP, cap=28),
        Column("Waitlist position", Kind.INTEGER),
        Column("Pitch", Kind.INTEGER),
    )


PROGRAMME_COLUMNS = (
    Column("Start", Kind.TIME),
    Column("End", Kind.TIME),
    Column("Minutes", Kind.INTEGER),
    Column("Kind", cap=18),
    Column("Item", cap=36),
    Column("Organization", cap=34),
    Column("Notes", Kind.WRAP, cap=40),
)

FACILITATOR_COLUMNS = (
    Column("Name", cap=30),
    Column("Affiliation", Kind.WRAP, cap=50),
    Column("Role", cap=20),
)


def write_roster(
    data: RosterData,
    target: Path,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Path:
    """Write the roster to ``target`` (atomically); raises ExportCancelled if cancelled."""
    monitor = Monitor(progress, cancelled)
    heading = data.heading
    info = DocumentInfo(
        title=f"{heading.title} — roster",
        subject="Workshop roster",
        created=heading.generated_at,
        author=heading.prepared_by,
    )

    def build(workbook: Workbook) -> None:
        styles = StyleBook(workbook)
        monitor.report(5, "Writing the cover")
        write_form(workbook, styles, COVER, f"{heading.title} — roster", cover_rows(data))
        write_table(
            workbook,
            styles,
            PARTICIPANTS,
            participant_columns(heading.zone_label),
            [participant_row(line, heading.local) for line in data.participants],
            monitor.span(10, 80),
        )
        write_table(
            workbook,
            styles,
            PROGRAMME,
            PROGRAMME_COLUMNS,
            programme_rows(data),
            monitor.span(80, 90),
        )
        write_table(
            workbook,
            styles,
            FACILITATORS,
            FACILITATOR_COLUMNS,
            [(f.name, f.affiliation, f.role) for f in data.facilitators],
            monitor.span(90, 95),
        )

    return write_workbook(target, info, build, monitor)


def cover_rows(data: RosterData) -> list[FormRow]:
    heading = data.heading
    taking_part = sum(1 for line in data.participants if line.pitch_number is not None)
    return [
        FormRow("Workshop", heading.title),
        FormRow("Code", heading.code),
        FormRow("Venue", heading.venue),
        FormRow("Event date", heading.event_date, Kind.LONG_DATE),
        FormRow(
            "Generated",
            heading.local(heading.generated_at),
            Kind.DATETIME,
            f"Local time of the workshop ({heading.timezone})",
        ),
        FormRow("Organizations taking part", taking_part, Kind.INTEGER),
        FormRow("Strategy pitches", data.pitches.summary()),
        FormRow("Prepared by", data.heading.prepared_by),
        FormRow("Confidentiality", data.confidentiality),
    ]


def participant_row(
    line: ParticipantLine, local: Callable[[datetime | None], datetime | None]
) -> tuple[object, ...]:
    if line.completed_at is None:
        late = None
    elif line.late:
        late = "Late, accepted" if line.late_accepted_reason else "Late, not accepted"
    else:
        late = "On time"
    return (
        line.organization,
        line.country,
        line.technology_area,
        line.contact_name,
        line.contact_title or None,
        line.contact_email,
        line.contact_phone or None,
        line.status,
        local(line.completed_at),
        late,
        line.late_accepted_reason,
        line.waitlist_position,
        line.pitch_number,
    )


def programme_rows(data: RosterData) -> list[tuple[object, ...]]:
    """The agenda in time order; each pitch and open-discussion entry right under the
    pitch block it belongs to (a split block shows its later entries after the break)."""
    day = data.heading.event_date
    schedule = data.pitches
    keyed: list[tuple[time, int, tuple[object, ...]]] = []
    first_block = True
    for item in data.agenda:
        is_block = item.kind is AgendaKind.PITCHES
        note = schedule.summary() if is_block and first_block else None
        first_block = first_block and not is_block
        row = (
            _on(day, item.start),
            _on(day, item.end),
            item.minutes,
            _KIND_WORDS[item.kind],
            item.title,
            None,
            note,
        )
        keyed.append((item.start, 0, row))
    for entry in schedule.entries():
        keyed.append((entry.start, 1, _pitch_row(day, entry)))
    rows = [row for _start, _order, row in sorted(keyed, key=lambda k: (k[0], k[1]))]
    if first_block:  # the agenda has no pitch block: say so rather than stay silent
        rows.append((None, None, None, "Strategy pitches", None, None, schedule.summary()))
    return rows


def _pitch_row(day: date, entry: PitchSlot | OpenTime) -> tuple[object, ...]:
    if isinstance(entry, PitchSlot):
        return (
            _on(day, entry.start),
            _on(day, entry.end),
            entry.minutes,
            "Pitch",
            f"Pitch {entry.number}",
            entry.organization,
            None,
        )
    return (
        _on(day, entry.start),
        _on(day, entry.end),
        entry.minutes,
        "Open discussion",
        "Open discussion",
        None,
        "Minutes left over by equal whole-minute slots",
    )


def _on(day: date, moment: time) -> datetime:
    """A time of day as a date-time on the event day (see exports.sheets on why)."""
    return datetime.combine(day, moment)
