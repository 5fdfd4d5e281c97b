"""The roster workbook the day runs from: cover, participants, programme, facilitators.

It is the institute's own working file, so it speaks the window's language (sheet names,
headers, labels; no import reads it back): the texts are translated when it is written.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path

from openpyxl import Workbook

from escadesk.domain.localized_names import country_name, technology_area_name
from escadesk.domain.pitch_schedule import OpenTime, PitchSlot
from escadesk.domain.workshop_calendar import AgendaKind
from escadesk.exports.data import ParticipantLine, RosterData
from escadesk.exports.progress import Cancelled, Monitor, Progress
from escadesk.exports.sheets import Column, FormRow, write_form, write_table
from escadesk.exports.styles import Kind, StyleBook
from escadesk.exports.workbook_files import DocumentInfo, write_workbook
from escadesk.i18n import N_, _, pgettext

#: The sheets' English names (each translated where the workbook is written).
COVER, PARTICIPANTS, PROGRAMME, FACILITATORS = (
    N_("Cover"),
    N_("Participants"),
    N_("Programme"),
    N_("Facilitators"),
)


def _kind_words() -> dict[AgendaKind, str]:
    return {
        AgendaKind.SESSION: pgettext("agenda item", "Session"),
        AgendaKind.PITCHES: _("Strategy pitches"),
        AgendaKind.BREAK: pgettext("agenda item", "Break"),
    }


def participant_columns(zone_label: str) -> tuple[Column, ...]:
    return (
        Column(pgettext("column", "Organization"), cap=30),
        Column(pgettext("column", "Country"), cap=16),
        Column(pgettext("column", "Technology area"), cap=24),
        Column(pgettext("column", "Contact"), cap=20),
        Column(pgettext("column", "Title"), cap=22),
        Column(pgettext("column", "E-mail"), cap=40),
        Column(pgettext("column", "Phone"), cap=18),
        Column(pgettext("column", "Status"), cap=14, new_printed_page=True),
        # Translators: a column header: when the registration was completed, in a zone.
        Column(_("Completed ({zone})").format(zone=zone_label), Kind.DATETIME),
        Column(pgettext("column", "Late"), cap=20),
        Column(pgettext("column", "Reason accepted"), Kind.WRAP, cap=28),
        Column(pgettext("column", "Waitlist position"), Kind.INTEGER),
        Column(pgettext("column", "Pitch"), Kind.INTEGER),
    )


def programme_columns() -> tuple[Column, ...]:
    return (
        Column(pgettext("column", "Start"), Kind.TIME),
        Column(pgettext("column", "End"), Kind.TIME),
        Column(pgettext("column", "Minutes"), Kind.INTEGER),
        Column(pgettext("column", "Kind"), cap=18),
        Column(pgettext("column", "Item"), cap=36),
        Column(pgettext("column", "Organization"), cap=34),
        Column(pgettext("column", "Notes"), Kind.WRAP, cap=40),
    )


def facilitator_columns() -> tuple[Column, ...]:
    return (
        Column(pgettext("column", "Name"), cap=30),
        Column(pgettext("column", "Affiliation"), Kind.WRAP, cap=50),
        Column(pgettext("column", "Role"), cap=20),
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
    title = _("{title} — roster").format(title=heading.title)
    info = DocumentInfo(
        title=title,
        subject=_("Workshop roster"),
        created=heading.generated_at,
        author=heading.prepared_by,
    )

    def build(workbook: Workbook) -> None:
        styles = StyleBook(workbook)
        monitor.report(5, _("Writing the cover"))
        write_form(workbook, styles, _(COVER), title, cover_rows(data))
        write_table(
            workbook,
            styles,
            _(PARTICIPANTS),
            participant_columns(heading.zone_label),
            [participant_row(line, heading.local) for line in data.participants],
            monitor.span(10, 80),
        )
        write_table(
            workbook,
            styles,
            _(PROGRAMME),
            programme_columns(),
            programme_rows(data),
            monitor.span(80, 90),
        )
        write_table(
            workbook,
            styles,
            _(FACILITATORS),
            facilitator_columns(),
            [(f.name, f.affiliation, f.role) for f in data.facilitators],
            monitor.span(90, 95),
        )

    return write_workbook(target, info, build, monitor)


def cover_rows(data: RosterData) -> list[FormRow]:
    heading = data.heading
    taking_part = sum(1 for line in data.participants if line.pitch_number is not None)
    return [
        FormRow(pgettext("label", "Workshop"), heading.title),
        FormRow(pgettext("label", "Code"), heading.code),
        FormRow(pgettext("label", "Venue"), heading.venue),
        FormRow(pgettext("label", "Event date"), heading.event_date, Kind.LONG_DATE),
        FormRow(
            pgettext("label", "Generated"),
            heading.local(heading.generated_at),
            Kind.DATETIME,
            _("Local time of the workshop ({zone})").format(zone=heading.timezone),
        ),
        FormRow(pgettext("label", "Organizations taking part"), taking_part, Kind.INTEGER),
        FormRow(_("Strategy pitches"), data.pitches.summary()),
        FormRow(pgettext("label", "Prepared by"), data.heading.prepared_by),
        FormRow(pgettext("label", "Confidentiality"), data.confidentiality),
    ]


def participant_row(
    line: ParticipantLine, local: Callable[[datetime | None], datetime | None]
) -> tuple[object, ...]:
    if line.completed_at is None:
        late = None
    elif line.late:
        late = _("Late, accepted") if line.late_accepted_reason else _("Late, not accepted")
    else:
        late = _("On time")
    return (
        line.organization,
        # Stored in English; the roster speaks the window's language ("Allemagne").
        country_name(line.country),
        technology_area_name(line.technology_area),
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
    kind_words = _kind_words()
    first_block = True
    for item in data.agenda:
        is_block = item.kind is AgendaKind.PITCHES
        note = schedule.summary() if is_block and first_block else None
        first_block = first_block and not is_block
        row = (
            _on(day, item.start),
            _on(day, item.end),
            item.minutes,
            kind_words[item.kind],
            item.title,
            None,
            note,
        )
        keyed.append((item.start, 0, row))
    for entry in schedule.entries():
        keyed.append((entry.start, 1, _pitch_row(day, entry)))
    rows = [row for _start, _order, row in sorted(keyed, key=lambda k: (k[0], k[1]))]
    if first_block:  # the agenda has no pitch block: say so rather than stay silent
        rows.append((None, None, None, _("Strategy pitches"), None, None, schedule.summary()))
    return rows


def _pitch_row(day: date, entry: PitchSlot | OpenTime) -> tuple[object, ...]:
    if isinstance(entry, PitchSlot):
        return (
            _on(day, entry.start),
            _on(day, entry.end),
            entry.minutes,
            pgettext("agenda item", "Pitch"),
            _("Pitch {number}").format(number=entry.number),
            entry.organization,
            None,
        )
    return (
        _on(day, entry.start),
        _on(day, entry.end),
        entry.minutes,
        _("Open discussion"),
        _("Open discussion"),
        None,
        _("Minutes left over by equal whole-minute slots"),
    )


def _on(day: date, moment: time) -> datetime:
    """A time of day as a date-time on the event day (see exports.sheets on why)."""
    return datetime.combine(day, moment)
