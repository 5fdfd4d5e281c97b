"""The audit-log viewer (issue 16, item 7): read, filter, verify and export the log, from
the keyboard, on a real data folder; a log of tens of thousands of entries stays fluid."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from accessibility_audit import Audit, out_of_visual_order, tab_chain
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import insert, select

from escadesk.storage.models import AuditEntry
from escadesk.storage.sqlite_files import connect as sqlite_connect
from escadesk.ui.audit_dialog import AuditLogDialog, open_audit_log
from escadesk.ui.main_window import MainWindow
from escadesk.vault.audit_chain import entry_hash

ALT = Qt.KeyboardModifier.AltModifier
BULK = 20_000


def _open(qtbot: QtBot, window: MainWindow, timeout: int = 15_000) -> AuditLogDialog:
    open_audit_log(window)
    dialog = window.active_dialog
    assert isinstance(dialog, AuditLogDialog)
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.waitUntil(lambda: dialog.loaded, timeout=timeout)
    return dialog


def _alt(qtbot: QtBot, dialog: AuditLogDialog, letter: str) -> None:
    qtbot.keyClick(dialog, Qt.Key(ord(letter.upper())), ALT)


def _total(window: MainWindow) -> int:
    return len(window.services.audit_log.rows())


def test_keyboard_filter_read_and_verify_the_log(qtbot: QtBot, window: MainWindow) -> None:
    dialog = _open(qtbot, window)
    total = _total(window)
    assert dialog.count.text() == f"{total} entries"
    assert dialog.model.rowCount() == total and dialog.selected_entry() is not None

    _alt(qtbot, dialog, "s")
    assert QApplication.focusWidget() is dialog.search
    qtbot.keyClicks(dialog.search, "andes")
    shown = dialog.model.rows
    assert shown and all(row.concerns == "Andes AgriFood Alliance" for row in shown)
    assert dialog.count.text() == f"{len(shown)} of {total} entries"

    _alt(qtbot, dialog, "e")
    assert QApplication.focusWidget() is dialog.table
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
    second = shown[1]
    assert dialog.selected_entry() == second.id
    details = dialog.details.toPlainText()
    assert f"#{second.id}" in details and second.details in details
    assert "America/Toronto" in details and second.what in details

    _alt(qtbot, dialog, "k")
    assert QApplication.focusWidget() is dialog.kind
    while dialog.kind.currentData() != "registrations":
        qtbot.keyClick(dialog.kind, Qt.Key.Key_Down)
    assert dialog.model.rows
    assert all(row.action.startswith("registration.") for row in dialog.model.rows)
    assert all(row.concerns == "Andes AgriFood Alliance" for row in dialog.model.rows)

    _alt(qtbot, dialog, "v")
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=15_000)
    assert dialog.status.text().startswith(f"Intact: all {total} entries are as they were")
    qtbot.keyClick(dialog.table, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.active_dialog is None)


def test_verify_points_at_the_changed_entry(qtbot: QtBot, window: MainWindow) -> None:
    rows = window.services.audit_log.rows()
    target = rows[len(rows) // 2].id
    database = window.services.context.database.file
    assert database is not None
    with sqlite_connect(database) as connection:
        connection.execute(
            "UPDATE audit_entry SET summary = 'Nothing happened here.' WHERE id = ?", (target,)
        )
    dialog = _open(qtbot, window)
    dialog.search.setText("no entry has these words")
    assert dialog.model.rowCount() == 0
    assert dialog.details.toPlainText() == "No entry matches the filter."
    dialog.verify_button.click()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=15_000)
    assert dialog.status.text() == (
        f"Damaged: Entry #{target} was changed after it was written. Entries after it "
        "cannot be trusted."
    )
    assert dialog.search.text() == ""  # the filter gave way to show the entry
    assert dialog.selected_entry() == target
    assert "Nothing happened here." in dialog.details.toPlainText()


def test_export_the_shown_entries_to_excel(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    dialog = _open(qtbot, window)
    dialog.kind.setCurrentIndex(dialog.kind.findData("cards"))
    shown = [row.id for row in dialog.model.rows]
    assert shown

    dialog.export_button.click()  # the chooser, pre-filled, over the dialog
    chooser = dialog.file_dialog
    assert isinstance(chooser, QFileDialog)
    assert chooser.windowModality() == Qt.WindowModality.WindowModal
    assert chooser.selectedFiles()[0].endswith("Audit log 2018-09-28.xlsx")
    chooser.reject()
    qtbot.waitUntil(lambda: dialog.file_dialog is None)

    dialog.export_to(tmp_path / "cards log")
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=20_000)
    written = tmp_path / "cards log.xlsx"
    assert dialog.written == written and written.is_file()
    assert dialog.status.text() == f"Saved cards log.xlsx in {tmp_path}."
    sheet = load_workbook(written)["Audit log"]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == shown
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
    assert not list(tmp_path.glob("*.part"))
    # The export is in the log now; the dialog read it again.
    qtbot.waitUntil(
        lambda: dialog.loaded and any(r.what == "Audit log exported" for r in dialog._all)
    )


def test_an_export_that_cannot_be_written_is_explained(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    dialog = _open(qtbot, window)
    dialog.export_to(tmp_path / "no such folder" / "log.xlsx")
    qtbot.waitUntil(lambda: not dialog.exporting, timeout=10_000)
    assert dialog.status.text().startswith("Not exported: The folder")
    assert dialog.export_button.isEnabled() and dialog.written is None


def test_accessible_audit_viewer_named_lettered_in_reading_order(
    qtbot: QtBot, window: MainWindow
) -> None:
    dialog = _open(qtbot, window)
    audit = Audit()
    audit.window(dialog)
    assert audit.findings == [], audit.summary()
    assert audit.checked >= 9
    assert out_of_visual_order(tab_chain(dialog.search)) == []


def _add_entries(window: MainWindow, count: int) -> None:
    """``count`` more entries, properly chained, in one transaction (as many days of use
    would leave them)."""
    database = window.services.context.database
    with database.transaction() as session:
        previous = session.scalar(select(AuditEntry.entry_hash).order_by(AuditEntry.id.desc()))
        assert previous is not None
        start = datetime(2018, 9, 28, 14, 0, tzinfo=UTC)
        rows = []
        for number in range(count):
            at = start + timedelta(seconds=number)
            values = (
                "research director",
                "registration.edit",
                "workshop",
                1,
                1,
                f"Bulk entry {number}",
            )
            digest = entry_hash(previous, at, *values)
            rows.append(
                dict(
                    at=at,
                    actor=values[0],
                    action=values[1],
                    entity=values[2],
                    entity_id=values[3],
                    workshop_id=values[4],
                    summary=values[5],
                    previous_hash=previous,
                    entry_hash=digest,
                )
            )
            previous = digest
        session.execute(insert(AuditEntry), rows)


def test_a_log_of_tens_of_thousands_of_entries_loads_in_the_background(
    qtbot: QtBot, window: MainWindow
) -> None:
    _add_entries(window, BULK)
    total = _total(window)
    assert total > BULK
    open_audit_log(window)
    dialog = window.active_dialog
    assert isinstance(dialog, AuditLogDialog)
    assert not dialog.loaded  # the window is back before the log is read
    assert dialog.count.text() == "Reading the audit log…"
    qtbot.waitUntil(lambda: dialog.loaded, timeout=60_000)
    assert dialog.model.rowCount() == total
    assert dialog.count.text() == f"{total:,} entries"
    started = time.perf_counter()
    dialog.search.setText("bulk entry 12345")
    elapsed = time.perf_counter() - started
    found = [row.details for row in dialog.model.rows]
    assert "Bulk entry 12345" in found and len(found) <= 2  # (or the entry numbered #12345)
    assert elapsed < 1.0, f"filtering {total} entries took {elapsed:.2f} s"
    dialog.verify_button.click()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=60_000)
    assert dialog.report is not None and dialog.report.intact
    assert dialog.report.checked == total


def test_keyboard_a_viewer_deleted_while_the_log_loads_lets_the_load_go(
    qtbot: QtBot, window: MainWindow, monkeypatch
) -> None:
    """A lock or the window closing deletes the viewer without closing it first: the
    reading that ends afterwards must find nothing to update (not a dead date field)."""
    import threading

    from PySide6.QtWidgets import QWidget

    release, started = threading.Event(), threading.Event()
    read = window.services.audit_log.rows

    def slow_rows():  # type: ignore[no-untyped-def]
        started.set()
        release.wait(10)
        return read()

    monkeypatch.setattr(window.services.audit_log, "rows", slow_rows)
    holder = QWidget()
    dialog = AuditLogDialog(window.services, window.workshop.calendar.zone, parent=holder)
    dialog.show()
    qtbot.waitUntil(started.is_set)
    holder.deleteLater()  # the dialog goes with it, never closed
    qtbot.waitUntil(lambda: not __import__("shiboken6").isValid(dialog))
    release.set()
    qtbot.wait(300)  # the load's callback runs here: an exception would fail the test
    assert not dialog.loaded
