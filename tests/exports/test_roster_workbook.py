"""The roster workbook read back: sheets, headers, types, formats, print setup, cover."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest
from exportkit import column, header, participant, printed_parts, read, roster_data

from escadesk.exports.data import CONFIDENTIALITY_NOTICE
from escadesk.exports.roster import write_roster
from escadesk.exports.text_width import column_width, text_units
from escadesk.exports.workbook_files import INSTITUTE

# The customer's announcement (../shared/announcement.txt), copied word for word.
ANNOUNCEMENT = Path(__file__).parents[1] / "data" / "announcement.txt"


@pytest.fixture
def roster(tmp_path: Path) -> Path:
    late = participant(
        7,
        status="Waitlisted",
        late=True,
        late_accepted_reason="Courier delay, form signed on time",
        waitlist_position=1,
        pitch_number=None,
    )
    pending = participant(8, status="Registered", completed_at=None, pitch_number=None)
    return write_roster(roster_data(4, (late, pending)), tmp_path / "roster.xlsx")


def test_sheets_and_headers(roster: Path) -> None:
    book = read(roster)
    assert book.sheetnames == ["Cover", "Participants", "Programme", "Facilitators"]
    assert header(book["Participants"]) == [
        "Organization",
        "Country",
        "Technology area",
        "Contact",
        "Title",
        "E-mail",
        "Phone",
        "Status",
        "Completed (Toronto time)",
        "Late",
        "Reason accepted",
        "Waitlist position",
        "Pitch",
    ]
    assert header(book["Programme"]) == [
        "Start",
        "End",
        "Minutes",
        "Kind",
        "Item",
        "Organization",
        "Notes",
    ]
    assert header(book["Facilitators"]) == ["Name", "Affiliation", "Role"]
    names = [cell.value for cell in column(book["Facilitators"], "Name")]
    assert names == ["Dr. Oliver Ziegler", "Vincent Dugré"]


def test_participants_have_real_types_and_formats(roster: Path) -> None:
    sheet = read(roster)["Participants"]
    completed = column(sheet, "Completed (Toronto time)")
    assert completed[0].value == datetime(2018, 9, 1, 13, 0)  # local wall clock, no zone
    assert completed[0].is_date and completed[0].number_format == "yyyy-mm-dd hh:mm"
    assert completed[-1].value is None  # not complete yet
    pitches = [cell.value for cell in column(sheet, "Pitch")]
    assert pitches == [1, 2, 3, 4, None, None]
    assert all(isinstance(v, int) for v in pitches[:4])
    waitlist = column(sheet, "Waitlist position")
    assert waitlist[4].value == 1 and waitlist[4].data_type == "n"
    late = [cell.value for cell in column(sheet, "Late")]
    assert late == ["On time"] * 4 + ["Late, accepted", None]
    reason = column(sheet, "Reason accepted")[4]
    assert reason.value == "Courier delay, form signed on time"
    assert reason.alignment.wrap_text
    phone = column(sheet, "Phone")[0]
    assert phone.value == "+1 416 555 0100" and phone.data_type == "s"
    assert phone.quotePrefix  # stays text if someone edits it


def test_table_formatting_and_print_setup(roster: Path) -> None:
    book = read(roster)
    for name, table in (
        ("Participants", "A1:M7"),
        ("Programme", "A1:G12"),
        ("Facilitators", "A1:C3"),
    ):
        sheet = book[name]
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == table
        assert sheet.print_title_rows == "$1:$1"
        assert sheet.page_setup.orientation == "landscape"
        if name != "Participants":  # narrow enough: fitted to the page width
            assert sheet.page_setup.fitToWidth == 1
            assert sheet.page_setup.fitToHeight == 0
            assert sheet.sheet_properties.pageSetUpPr.fitToPage
        first = sheet["A1"]
        assert first.font.bold and first.fill.fgColor.rgb.endswith("1F3864")
        for cell in next(sheet.iter_rows(min_row=1, max_row=1)):
            width = sheet.column_dimensions[cell.column_letter].width
            longest_word = max(text_units(w, bold=True) for w in str(cell.value).split())
            assert width >= column_width(longest_word), (name, cell.value, width)
    participants = book["Participants"]
    assert participants.column_dimensions["F"].width >= column_width(
        text_units("delegate1@clusters.example")
    )


def test_participants_print_as_contact_details_then_status(tmp_path: Path) -> None:
    """13 columns fitted to one page width printed at about half size: they print as two
    parts, the organization repeated, at one scale that fits both."""
    long = tuple(
        participant(
            n,
            organization=f"Cluster Organization With A Long Name {n:02}",
            contact_email=f"head.of.cluster.management{n}@clusters-network.example",
            technology_area="Micro, nano and optical technologies",
        )
        for n in range(1, 7)
    )
    sheet = read(write_roster(roster_data(0, long), tmp_path / "wide.xlsx"))["Participants"]
    first, second = printed_parts(sheet)
    assert first == [
        "Organization",
        "Country",
        "Technology area",
        "Contact",
        "Title",
        "E-mail",
        "Phone",
    ]
    assert second[0] == "Organization" and second[1] == "Status" and second[-1] == "Pitch"
    assert 60 <= sheet.page_setup.scale < 100


def test_programme_has_real_times_and_the_pitch_schedule(roster: Path) -> None:
    sheet = read(roster)["Programme"]
    rows = list(sheet.iter_rows(min_row=2))
    starts = [row[0] for row in rows]
    assert all(cell.is_date and cell.number_format == "h:mm AM/PM" for cell in starts)
    assert starts[0].value == datetime(2018, 10, 4, 9, 0)  # on the event day
    table = [
        (r[0].value.time(), r[1].value.time(), r[2].value, r[3].value, r[4].value, r[5].value)
        for r in rows
    ]
    assert table[:3] == [
        (time(9, 0), time(9, 15), 15, "Session", "Welcome and introductions", None),
        (time(9, 15), time(9, 30), 15, "Session", "Introduction to Cluster Excellence", None),
        (time(9, 30), time(11, 0), 90, "Strategy pitches", "Strategy Pitches", None),
    ]
    assert rows[2][6].value == "4 pitches of 22 minutes; 2 minutes left for open discussion."
    assert table[3:8] == [
        (time(9, 30), time(9, 52), 22, "Pitch", "Pitch 1", "Cluster 01"),
        (time(9, 52), time(10, 14), 22, "Pitch", "Pitch 2", "Cluster 02"),
        (time(10, 14), time(10, 36), 22, "Pitch", "Pitch 3", "Cluster 03"),
        (time(10, 36), time(10, 58), 22, "Pitch", "Pitch 4", "Cluster 04"),
        (time(10, 58), time(11, 0), 2, "Open discussion", "Open discussion", None),
    ]
    assert [row[3] for row in table[8:]] == ["Break", "Session", "Session"]
    assert table[-1][:2] == (time(13, 0), time(15, 0))


def test_cover_quotes_the_confidentiality_notice_and_says_when(roster: Path) -> None:
    sheet = read(roster)["Cover"]
    assert sheet["A1"].value == "ESCA Cluster Benchmarking Workshop (TCI 2018) — roster"
    values = {row[0].value: row[1] for row in sheet.iter_rows(min_row=3) if row[0].value}
    assert values["Venue"].value == "Rotman School of Management, Toronto"
    assert values["Event date"].value == datetime(2018, 10, 4)
    assert values["Event date"].number_format == "dddd, mmmm d, yyyy"
    generated = values["Generated"]
    assert generated.value == datetime(2018, 10, 2, 9, 15)  # Toronto wall clock
    assert generated.is_date
    assert values["Organizations taking part"].value == 4
    assert values["Prepared by"].value == INSTITUTE
    notice = values["Confidentiality"].value
    assert notice == CONFIDENTIALITY_NOTICE
    # The customer's text, word for word.
    assert " ".join(notice.split()) in " ".join(ANNOUNCEMENT.read_text("utf-8").split())
    assert (
        sheet.row_dimensions[
            next(r[0].row for r in sheet.iter_rows() if r[0].value == "Confidentiality")
        ].height
        >= 4 * 15
    )  # the whole notice shows, not one clipped line


def test_document_properties(roster: Path) -> None:
    properties = read(roster).properties
    assert properties.title == "ESCA Cluster Benchmarking Workshop (TCI 2018) — roster"
    assert properties.creator == INSTITUTE
    assert properties.created == datetime(2018, 10, 2, 13, 15)  # 9:15 Toronto, in UTC


def test_a_roster_without_organizations_still_shows_the_day(tmp_path: Path) -> None:
    path = write_roster(roster_data(0), tmp_path / "empty.xlsx")
    book = read(path)
    assert book["Participants"].max_row == 1
    assert book["Participants"].auto_filter.ref == "A1:M2"
    notes = [row[6].value for row in book["Programme"].iter_rows(min_row=2)]
    assert any(note and note.startswith("No organization takes part yet") for note in notes)
    assert date(2018, 10, 4) == book["Programme"]["A2"].value.date()
