"""Exports through the window: the file chooser, progress, cancel, errors, Open / Show.

The real export service writes the real workbook (read back with openpyxl). To see the
dialog *while* an export runs, the service is wrapped so that its first progress report
waits for the test (a gate); nothing is timed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from uihelpers import Gate, RecordingOpener, choose_in, snapshot

from escadesk.ui.export_dialog import (
    CANCELLED_MESSAGE,
    LAST_FOLDER_SETTING,
    ExportDialog,
    with_xlsx_suffix,
)
from escadesk.ui.main_window import MainWindow

WAIT = 20_000


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "exports"
    folder.mkdir()
    return folder


@pytest.fixture
def release_gates() -> Iterator[list[Gate]]:
    """Gates opened at the end whatever happens, so no worker outlives its test."""
    gates: list[Gate] = []
    yield gates
    for gate in gates:
        gate.finish()


def _start_gated(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    window: MainWindow,
    kind: str,
    out: Path,
    gates: list[Gate],
) -> tuple[Gate, ExportDialog]:
    """Export ``kind`` to ``out/<kind>.xlsx`` through the menu and the chooser; wait until
    it pauses at its first progress report (the test releases it)."""
    gate = Gate(getattr(window.services.exports, kind), timeout=WAIT / 1000)
    monkeypatch.setattr(window.services.exports, kind, gate)
    gates.append(gate)
    dialog = _open(window, window.action(f"export_{kind}"))
    choose_in(dialog, out / f"{kind}.xlsx")
    qtbot.waitUntil(gate.reached.is_set, timeout=WAIT)
    return gate, dialog


def _open(window: MainWindow, action: QAction) -> ExportDialog:
    """Trigger the menu entry: the export dialog opens with the file chooser over it."""
    assert action.isEnabled()
    action.trigger()
    dialog = window.active_dialog
    assert isinstance(dialog, ExportDialog)
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    assert dialog.file_dialog is not None and dialog.file_dialog.isVisible()
    dialog.opener = RecordingOpener()
    return dialog


def _start(qtbot: QtBot, window: MainWindow, action: QAction, target: Path) -> ExportDialog:
    """Open the export, choose ``target``, and let it finish."""
    dialog = _open(window, action)
    choose_in(dialog, target)
    qtbot.waitUntil(lambda: not dialog.is_running, timeout=WAIT)
    return dialog


def _sheets(path: Path) -> list[str]:
    workbook = openpyxl.load_workbook(path, read_only=True)
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


def test_the_roster_is_exported_through_the_file_chooser(
    qtbot: QtBot, window: MainWindow, out: Path
) -> None:
    documents = Path.home() / "Documents"
    documents.mkdir(exist_ok=True)
    dialog = _open(window, window.action("export_roster"))
    chooser = dialog.file_dialog
    assert chooser is not None
    suggested = window.services.exports.suggested_file_name(window.workshop.id, "roster")
    assert Path(chooser.selectedFiles()[0]) == documents / suggested  # pre-filled
    assert chooser.defaultSuffix() == "xlsx"

    choose_in(dialog, out / "day roster")  # no extension typed
    qtbot.waitUntil(lambda: not dialog.is_running, timeout=WAIT)

    written = out / "day roster.xlsx"
    assert dialog.written == written and written.is_file()
    assert {"Participants", "Programme", "Facilitators"} <= set(_sheets(written))
    assert dialog.path_label.text() == str(written)
    assert dialog.status_label.text() == "Done: the roster was saved."
    assert not dialog.choose_button.isVisible()
    assert not dialog.error.isVisible()
    assert dialog.open_button.isVisible() and dialog.show_button.isVisible()
    assert not dialog.cancel_button.isVisible()
    assert window.services.settings.get(LAST_FOLDER_SETTING) == str(out)
    snapshot(dialog, out.parent / "export_done.png")
    dialog.close_button.click()
    assert window.active_dialog is None


def test_open_and_show_in_folder_hand_the_written_file_to_the_desktop(
    qtbot: QtBot, window: MainWindow, out: Path
) -> None:
    dialog = _start(qtbot, window, window.action("export_finance"), out / "finance.xlsx")
    opener = dialog.opener
    assert isinstance(opener, RecordingOpener)
    assert opener.calls == []

    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.show_button, Qt.MouseButton.LeftButton)

    assert opener.calls == [("open", out / "finance.xlsx"), ("show", out / "finance.xlsx")]
    assert {"Charges", "Summary"} <= set(_sheets(out / "finance.xlsx"))
    assert dialog.isVisible()  # still there to open it again
    dialog.reject()


def test_the_next_export_starts_in_the_last_folder(
    qtbot: QtBot, window: MainWindow, out: Path
) -> None:
    _start(qtbot, window, window.action("export_roster"), out / "first.xlsx").reject()

    dialog = _open(window, window.action("export_finance"))
    chooser = dialog.file_dialog
    assert chooser is not None
    suggested = window.services.exports.suggested_file_name(window.workshop.id, "finance")
    assert Path(chooser.selectedFiles()[0]) == out / suggested
    chooser.reject()


def test_cancelling_the_file_chooser_closes_the_export(window: MainWindow, out: Path) -> None:
    dialog = _open(window, window.action("export_roster"))
    chooser = dialog.file_dialog
    assert chooser is not None

    chooser.reject()

    assert not dialog.isVisible()
    assert window.active_dialog is None
    assert list(out.iterdir()) == []


def test_progress_is_shown_while_the_export_runs(
    qtbot: QtBot, window: MainWindow, out: Path, monkeypatch, release_gates
) -> None:
    gate, dialog = _start_gated(qtbot, monkeypatch, window, "roster", out, release_gates)
    qtbot.waitUntil(lambda: dialog.status_label.text() == gate.first_message, timeout=WAIT)
    assert gate.first_message
    assert dialog.is_running
    assert dialog.progress.isVisible()
    assert dialog.cancel_button.isVisible() and dialog.cancel_button.isEnabled()
    assert not dialog.close_button.isVisible()
    assert not dialog.choose_button.isEnabled()
    assert not (out / "roster.xlsx").exists()
    snapshot(dialog, out.parent / "export_running.png")

    dialog.reject()  # Escape while running: cancels, does not close
    assert dialog.isVisible()
    assert dialog.status_label.text() == "Cancelling…"
    assert not dialog.cancel_button.isEnabled()
    gate.released.set()
    qtbot.waitUntil(lambda: not dialog.is_running, timeout=WAIT)
    assert dialog.status_label.text() == CANCELLED_MESSAGE


def test_cancel_leaves_no_file(
    qtbot: QtBot, window: MainWindow, out: Path, monkeypatch, release_gates
) -> None:
    gate, dialog = _start_gated(qtbot, monkeypatch, window, "finance", out, release_gates)

    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    gate.released.set()
    qtbot.waitUntil(lambda: not dialog.is_running, timeout=WAIT)

    assert dialog.status_label.text() == CANCELLED_MESSAGE
    assert dialog.written is None
    assert list(out.iterdir()) == []  # neither the workbook nor a temporary file
    assert not dialog.open_button.isVisible()
    assert dialog.close_button.isVisible()
    snapshot(dialog, out.parent / "export_cancelled.png")

    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)  # export again
    gate.released.set()
    qtbot.waitUntil(lambda: not dialog.is_running, timeout=WAIT)
    assert dialog.written == out / "finance.xlsx"
    assert (out / "finance.xlsx").is_file()
    dialog.reject()


def test_locking_during_an_export_cancels_it(
    qtbot: QtBot, window: MainWindow, out: Path, monkeypatch, release_gates
) -> None:
    gate, _dialog = _start_gated(qtbot, monkeypatch, window, "roster", out, release_gates)

    window.lock()
    assert window.active_dialog is None
    gate.released.set()
    qtbot.waitUntil(gate.ended.is_set, timeout=WAIT)

    assert list(out.iterdir()) == []


def test_an_unwritable_target_is_explained_and_the_dialog_stays_usable(
    qtbot: QtBot, window: MainWindow, out: Path
) -> None:
    blocker = out / "not a folder"
    blocker.write_text("a file where a folder should be", encoding="utf-8")
    dialog = _start(qtbot, window, window.action("export_roster"), blocker / "roster.xlsx")

    assert dialog.error.isVisible()
    assert str(blocker) in dialog.error.text()  # names the folder that cannot be used
    assert dialog.written is None
    assert dialog.isVisible()
    assert dialog.choose_button.isEnabled()
    assert dialog.export_button.isVisible() and dialog.export_button.text() == "&Try again"
    assert not dialog.open_button.isVisible()
    snapshot(dialog, out.parent / "export_error.png")

    dialog.export_to(out / "roster.xlsx")  # another place: it works
    qtbot.waitUntil(lambda: not dialog.is_running, timeout=WAIT)
    assert not dialog.error.isVisible()
    assert (out / "roster.xlsx").is_file()
    dialog.reject()


def test_a_file_open_in_excel_is_explained(
    qtbot: QtBot, window: MainWindow, out: Path, monkeypatch
) -> None:
    def locked_by_excel(workshop_id: int, target: Path, progress=None, cancelled=None) -> Path:
        raise PermissionError(13, "Permission denied", str(target))

    monkeypatch.setattr(window.services.exports, "finance", locked_by_excel)
    dialog = _start(qtbot, window, window.action("export_finance"), out / "finance.xlsx")

    assert dialog.error.isVisible()
    assert "permission denied" in dialog.error.text()
    assert "open in Excel" in dialog.error.text()
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.isVisible()
    dialog.reject()


@pytest.mark.parametrize(
    ("typed", "saved"),
    [
        ("roster", "roster.xlsx"),
        ("roster.xlsx", "roster.xlsx"),
        ("Roster.XLSX", "Roster.XLSX"),
        ("roster.xls", "roster.xls.xlsx"),
        ("TCI v1.2", "TCI v1.2.xlsx"),
    ],
)
def test_the_file_is_always_an_xlsx_workbook(typed: str, saved: str) -> None:
    assert with_xlsx_suffix(Path("/x") / typed) == Path("/x") / saved


class FakeDesktop:
    """Records what the desktop opener asks of Qt (no program is ever started)."""

    def __init__(self, started: bool) -> None:
        self.started = started
        self.calls: list[tuple[str, ...]] = []

    def startDetached(self, program: str, arguments: list[str]) -> bool:
        self.calls.append((program, *arguments))
        return self.started

    def openUrl(self, url) -> bool:
        self.calls.append(("url", url.toLocalFile()))
        return True


@pytest.mark.parametrize(
    ("platform", "started", "expected"),
    [
        ("win32", True, [("explorer.exe", "/select,", "/data/out/roster.xlsx")]),
        ("darwin", True, [("open", "-R", "/data/out/roster.xlsx")]),
        ("linux", True, [("url", "/data/out")]),
        (
            "win32",
            False,
            [("explorer.exe", "/select,", "/data/out/roster.xlsx"), ("url", "/data/out")],
        ),
    ],
)
def test_show_in_folder_selects_the_file_where_the_platform_can(
    monkeypatch: pytest.MonkeyPatch, platform: str, started: bool, expected: list[tuple[str, ...]]
) -> None:
    from types import SimpleNamespace

    from escadesk.ui import export_dialog

    desktop = FakeDesktop(started)
    monkeypatch.setattr(export_dialog, "sys", SimpleNamespace(platform=platform))
    monkeypatch.setattr(export_dialog, "QProcess", desktop)
    monkeypatch.setattr(export_dialog, "QDesktopServices", desktop)

    export_dialog.DesktopOpener().show_in_folder(Path("/data/out/roster.xlsx"))
    assert desktop.calls == expected

    desktop.calls.clear()
    export_dialog.DesktopOpener().open_file(Path("/data/out/roster.xlsx"))
    assert desktop.calls == [("url", "/data/out/roster.xlsx")]
