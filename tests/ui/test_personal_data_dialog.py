"""An organization's personal data from the desk (issue 15, item 10): Registration >
Export everything about this organization… and Erase this organization's personal data…,
and the retention period in the workshop form. Real services, real widgets."""

from __future__ import annotations

import json
import os
import re
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QApplication, QMenu, QWidget
from pytestqt.qtbot import QtBot
from uihelpers import RecordingOpener, choose_in, registration_of, snapshot, trigger_for

from escadesk.domain.cards import contains_card_number
from escadesk.services.personal_data import ERASED
from escadesk.ui.main_window import MainWindow
from escadesk.ui.personal_data_dialog import ErasePersonalDataDialog, ExportPersonalDataDialog
from escadesk.ui.workshop_dialog import WorkshopDialog

WAIT = 20_000
NORTHSHORE = "Northshore Photonics Cluster"  # a card is stored
NORDIC = "Nordic Games & Media Cluster"  # withdrawn, no card


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    """Where the screenshots go: ESCADESK_SHOTS=folder keeps them to look at; otherwise
    they are written (painting is exercised) into the test's own folder."""
    kept = os.environ.get("ESCADESK_SHOTS")
    return Path(kept) if kept else tmp_path


def _registration_menu(window: MainWindow) -> QMenu:
    for action in window.menuBar().actions():
        if action.text() == "&Registration":
            menu = action.menu()
            assert isinstance(menu, QMenu)
            return menu
    raise AssertionError("no Registration menu")


def _mnemonic(text: str) -> str:
    found = re.search(r"&([^&])", text)
    assert found is not None, text
    return found.group(1).lower()


def test_both_actions_are_in_the_registration_menu_with_their_own_mnemonics(
    window: MainWindow,
) -> None:
    menu = _registration_menu(window)
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert "E&xport everything about this organization…" in texts
    assert "Erase this organization's &personal data…" in texts
    letters = [_mnemonic(text) for text in texts]
    assert len(letters) == len(set(letters)), letters
    for key in ("export_personal", "erase_personal"):
        assert key in window.registrations.command_keys()
    window.select_registration(registration_of(window, NORDIC))
    assert window.action("export_personal").isEnabled()
    assert window.action("erase_personal").isEnabled()
    window.lock()
    assert not window.action("export_personal").isEnabled()
    assert not window.action("erase_personal").isEnabled()


def test_export_through_the_window_writes_the_zip_off_the_gui_thread(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, shots: Path
) -> None:
    dialog = trigger_for(window, NORTHSHORE, window.action("export_personal"))
    assert isinstance(dialog, ExportPersonalDataDialog)
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    assert dialog.file_dialog is not None and dialog.file_dialog.isVisible()
    dialog.opener = RecordingOpener()
    choose_in(dialog, tmp_path / "northshore")

    qtbot.waitUntil(lambda: dialog.written is not None, timeout=WAIT)
    written = tmp_path / "northshore.zip"
    assert dialog.written == written
    assert dialog.status_label.text() == "Done: everything about the organization was saved."
    assert not contains_card_number(written.read_bytes().decode("latin-1"))
    with zipfile.ZipFile(written) as archive:
        (registration,) = json.loads(archive.read("organization.json"))["registrations"]
    assert registration["contact"]["name"] == "Amélie Tremblay"
    if os.name == "posix":
        assert written.stat().st_mode & 0o777 == 0o600
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert dialog.opener.calls == [("open", written)]
    snapshot(dialog, shots / "personal_export_done.png")


def test_a_stored_card_blocks_the_erasure_and_says_what_to_do(
    window: MainWindow, shots: Path
) -> None:
    dialog = trigger_for(window, NORTHSHORE, window.action("erase_personal"))
    assert isinstance(dialog, ErasePersonalDataDialog)
    assert not dialog.blocker_label.isHidden()
    assert "still has a card authorization stored (VISA •••• 1111)" in (dialog.blocker_label.text())
    assert not dialog.erase_button.isEnabled()
    assert not dialog.confirm_edit.isEnabled()
    assert dialog.cancel_button.isDefault()
    snapshot(dialog, shots / "personal_erase_blocked.png")


def test_erasing_needs_the_name_typed_and_cancel_is_the_default(
    qtbot: QtBot, window: MainWindow, shots: Path
) -> None:
    window.resize(1280, 720)
    dialog = trigger_for(window, NORDIC, window.action("erase_personal"))
    assert isinstance(dialog, ErasePersonalDataDialog)
    qtbot.waitExposed(dialog)
    assert dialog.cancel_button.isDefault() and not dialog.erase_button.isDefault()
    assert "1 contact, 1 delegate-list entry, 1 typed reason" in dialog.erased_label.text()
    assert dialog.confirm_caption.buddy() is dialog.confirm_edit
    assert "&Type" in dialog.confirm_caption.text()
    for widget in (dialog.confirm_edit, dialog.erase_button, dialog.erased_label):
        assert widget.accessibleName()

    assert not dialog.erase_button.isEnabled()
    qtbot.keyClicks(dialog.confirm_edit, "Nordic Games")
    assert not dialog.erase_button.isEnabled()
    qtbot.keyClicks(dialog.confirm_edit, " & Media Cluster")
    assert dialog.erase_button.isEnabled()
    _grab_over_window(window, dialog, shots / "personal_erase_confirm.png")

    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=WAIT)
    assert dialog.status_label.text() == (
        f"Personal data of {NORDIC} erased: 1 contact, 1 delegate-list entry, 1 typed reason."
    )
    assert dialog.close_button.isVisible() and not dialog.erase_button.isVisible()
    assert window.workshop is not None
    row = next(
        r
        for r in window.services.registrations.list(window.workshop.id)
        if r.organization == NORDIC
    )
    assert (row.contact_name, row.contact_email) == (ERASED, "")
    selected = window.selected_registration()
    assert selected is not None and selected.contact_name == ERASED  # the desk was refreshed
    assert window.statusBar().currentMessage().startswith(f"Personal data of {NORDIC} erased")
    snapshot(dialog, shots / "personal_erase_done.png")

    dialog.done(0)  # and afterwards there is nothing left to edit: said, not a blank form
    window.action("edit_registration").trigger()
    message = window.active_dialog
    assert message is not None and message.windowTitle() == "Personal data erased"
    assert "there is nothing left to edit" in message.text()  # type: ignore[attr-defined]


def test_the_workshop_form_sets_the_retention_period(
    qtbot: QtBot, window: MainWindow, shots: Path
) -> None:
    workshop = window.workshop
    assert workshop is not None
    dialog = WorkshopDialog(window.services, workshop.id, parent=window)
    qtbot.addWidget(dialog)
    dialog.resize(1280, 720)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.retention_spin.value() == 24
    assert dialog.retention_label.buddy() is dialog.retention_spin
    assert dialog.retention_label.text() == "&Keep personal data"
    assert dialog.retention_spin.accessibleName()
    assert "Until Oct 4, 2020" in dialog._retention_hint.text()
    dialog.retention_spin.setValue(36)
    assert "Until Oct 4, 2021" in dialog._retention_hint.text()
    for _ in range(3):  # the scroll area lays its content out over a few passes
        QApplication.processEvents()
    snapshot(dialog, shots / "workshop_retention.png")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.saved_id == workshop.id
    assert window.services.workshops.get(workshop.id).retention_months == 36


def _grab_over_window(window: MainWindow, dialog: QWidget, path: Path) -> None:
    """The window at 1280x720 with the dialog painted where it stands over it."""
    QApplication.processEvents()
    image = window.grab()
    painter = QPainter(image)
    offset = dialog.mapToGlobal(dialog.rect().topLeft()) - window.mapToGlobal(
        window.rect().topLeft()
    )
    painter.drawPixmap(offset, dialog.grab())
    painter.end()
    image.save(str(path))
