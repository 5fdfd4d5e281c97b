"""The audit log for reading: plain words, what each entry concerns, one filter rule for
the window and the workbook, and an export written whole and audited."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from escadesk.app import Services
from escadesk.domain.validation import ValidationError
from escadesk.services.audit_log import (
    ACTION_KINDS,
    ACTION_WORDS,
    AuditFilter,
    action_kind,
    action_words,
)
from escadesk.services.exports import ExportCancelledError

TORONTO = ZoneInfo("America/Toronto")


def test_every_action_has_words_and_a_kind() -> None:
    for action in ACTION_WORDS:
        assert action_kind(action) in ACTION_KINDS, action
    assert action_words("registration.receive_form") == "Registration form received"
    assert action_words("future.new_thing") == "Future: new thing"  # never a bare code


def test_rows_say_who_did_what_to_whom_newest_first(demo: Services) -> None:
    rows = demo.audit_log.rows()
    assert [row.at for row in rows] == sorted((row.at for row in rows), reverse=True)
    registered = next(row for row in rows if row.action == "registration.create")
    assert registered.what == "Registered"
    assert registered.workshop == "ESCA Cluster Benchmarking Workshop (TCI 2018)"
    assert registered.concerns in registered.details  # the organization
    created = next(row for row in rows if row.action == "workshop.create")
    assert created.concerns == "ESCA Cluster Benchmarking Workshop (TCI 2018)"
    setup = next(row for row in rows if row.action == "vault.setup")
    assert setup.concerns == "The card vault" and setup.kind == "cards"
    institute = next(row for row in rows if row.action == "settings.institute")
    assert institute.concerns == "The institute" and institute.actor == "research director"


def test_the_filter_keeps_words_kind_and_days(demo: Services) -> None:
    rows = demo.audit_log.rows()
    andes = AuditFilter(text="andes FORM").apply(rows)
    assert andes and all("Andes AgriFood Alliance" in row.details for row in andes)
    assert all("form" in row.search_text for row in andes)
    letters_and_cards = AuditFilter(kind="cards").apply(rows)
    assert {row.action.split(".")[0] for row in letters_and_cards} == {"card", "vault"}
    day = date(2018, 9, 24)
    that_day = AuditFilter(first_day=day, last_day=day, zone=TORONTO).apply(rows)
    assert that_day and all(row.at.astimezone(TORONTO).date() == day for row in that_day)
    assert AuditFilter().apply(rows) == rows
    assert AuditFilter(text="no such words anywhere").apply(rows) == []
    assert AuditFilter().describe() == "All entries"
    assert (
        AuditFilter(text="andes", kind="letters", first_day=day, zone=TORONTO).describe()
        == "Entries containing 'andes', of the kind 'Letters', from 2018-09-24 to today "
        "(America/Toronto)"
    )


def test_the_export_is_a_real_table_of_the_filtered_entries(demo: Services, tmp_path: Path) -> None:
    selection = AuditFilter(text="andes", zone=TORONTO)
    expected = selection.apply(demo.audit_log.rows())
    reports: list[int] = []
    path = demo.audit_log.export(
        tmp_path / "log.xlsx", selection, lambda percent, _text: reports.append(percent)
    )
    assert path == tmp_path / "log.xlsx" and reports[-1] == 100
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Audit log", "About"]
    sheet = workbook["Audit log"]
    header = [cell.value for cell in sheet[1]]
    assert header == [
        "Entry",
        "Time (Toronto time)",
        "Who",
        "What",
        "Concerns",
        "Workshop",
        "Details",
        "Action code",
    ]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:H{len(expected) + 1}"
    assert sheet.column_dimensions["D"].width > 10 and sheet.column_dimensions["G"].width > 30
    lines = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [line[0] for line in lines] == [row.id for row in expected]
    first = expected[0]
    assert lines[0][1] == first.at.astimezone(TORONTO).replace(tzinfo=None, microsecond=0)
    assert lines[0][3] == first.what and lines[0][6] == first.details
    about = {row[0]: row[1] for row in workbook["About"].iter_rows(values_only=True) if row}
    assert about["Entries"] == len(expected)
    assert about["Selection"] == "Entries containing 'andes'"
    assert about["Prepared by"] == "Institute for Competitiveness & Prosperity"
    # The export is itself in the log, with the count and the file's name.
    newest = demo.audit_log.rows()[0]
    assert newest.action == "export.audit_log" and newest.what == "Audit log exported"
    assert newest.details == f"Exported the audit log ({len(expected)} entries) as 'log.xlsx'"


def test_a_cancelled_export_leaves_nothing(demo: Services, tmp_path: Path) -> None:
    before = len(demo.audit_log.rows())
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ExportCancelledError):
        demo.audit_log.export(out / "log.xlsx", AuditFilter(), cancelled=lambda: True)
    assert list(out.iterdir()) == []
    assert len(demo.audit_log.rows()) == before


def test_a_wrong_target_is_refused(demo: Services, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match=r"\.xlsx"):
        demo.audit_log.export(tmp_path / "log.csv", AuditFilter())
