"""Settings (issue 16, item 7): the institute's identity and the card retention, filled
from the keyboard, every problem shown at once, the logo chosen from a real file."""

from __future__ import annotations

from pathlib import Path

from accessibility_audit import Audit, out_of_visual_order, tab_chain
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from escadesk.services.demo_logo import demo_logo_png
from escadesk.ui.main_window import MainWindow
from escadesk.ui.settings_dialog import CARDS_TAB, INSTITUTE_TAB, SettingsDialog, open_settings

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def _open(qtbot: QtBot, window: MainWindow) -> SettingsDialog:
    open_settings(window)
    dialog = window.active_dialog
    assert isinstance(dialog, SettingsDialog)
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def _alt(qtbot: QtBot, dialog: SettingsDialog, letter: str) -> None:
    qtbot.keyClick(dialog, Qt.Key(ord(letter.upper())), ALT)


def _retype(qtbot: QtBot, dialog: SettingsDialog, letter: str, text: str) -> None:
    """Alt+letter to the field, select all, type: no mouse."""
    _alt(qtbot, dialog, letter)
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(focused, text)


def test_keyboard_only_identity_with_a_wrong_gst_number_then_right(
    qtbot: QtBot, window: MainWindow
) -> None:
    dialog = _open(qtbot, window)
    assert dialog.name.text() == "Institute for Competitiveness & Prosperity"  # the demo's
    _retype(qtbot, dialog, "n", "Lakeshore Institute")
    assert QApplication.focusWidget() is dialog.name
    _alt(qtbot, dialog, "a")
    assert QApplication.focusWidget() is dialog.address
    qtbot.keyClick(dialog.address, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(dialog.address, "1 Front Street West")
    qtbot.keyClick(dialog.address, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.address, "Toronto ON M5J 2X5")
    _retype(qtbot, dialog, "d", "Dana Reyes")
    _retype(qtbot, dialog, "e", "not an address")
    _retype(qtbot, dialog, "g", "123456789 RT0001")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # Save is the default

    # Both problems at once, each under its field; nothing stored, the dialog stays.
    assert window.active_dialog is dialog and dialog.isVisible()
    assert (
        "'not an address' is not a valid e-mail address." in dialog._errors["sender_email"].text()
    )
    assert "123456789 has a wrong check digit" in dialog._errors["tax_number"].text()
    assert dialog._errors["tax_number"].isVisible()
    assert window.services.institute.identity().name == "Institute for Competitiveness & Prosperity"
    assert QApplication.focusWidget() is dialog.sender_email  # the first field to fix

    _retype(qtbot, dialog, "e", "dana.reyes@lakeshore.example")
    _retype(qtbot, dialog, "g", "123 456 782 rt 0002")
    _alt(qtbot, dialog, "r")  # the Cards tab
    assert dialog.tabs.currentIndex() == CARDS_TAB
    _alt(qtbot, dialog, "k")
    assert QApplication.focusWidget() is dialog.retention
    for _ in range(3):
        qtbot.keyClick(dialog.retention, Qt.Key.Key_Up)
    qtbot.keyClick(dialog.retention, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.active_dialog is None)

    identity = window.services.institute.identity()
    assert identity.name == "Lakeshore Institute"
    assert identity.address == "1 Front Street West\nToronto ON M5J 2X5"
    assert identity.director_name == "Dana Reyes"
    assert identity.tax_number == "123456782 RT0002"
    assert identity.logo is not None  # the demo's, untouched
    assert window.services.charging.retention_days() == 3
    note = window.statusBar().currentMessage()
    assert note.startswith("Institute settings saved (institute name, postal address")
    assert note.endswith("Card numbers are kept 3 days after a charge.")


def test_accessible_settings_every_field_named_and_lettered(
    qtbot: QtBot, window: MainWindow
) -> None:
    dialog = _open(qtbot, window)
    audit = Audit()
    audit.window(dialog)
    dialog.tabs.setCurrentIndex(CARDS_TAB)
    audit.window(dialog)
    assert audit.findings == [], audit.summary()
    assert audit.checked >= 11
    dialog.tabs.setCurrentIndex(INSTITUTE_TAB)
    chain = tab_chain(dialog.name)
    assert [w for w in chain if w in (dialog.name, dialog.address, dialog.tax_number)] == [
        dialog.name,
        dialog.address,
        dialog.tax_number,
    ]
    assert out_of_visual_order(chain) == []
    dialog.reject()


def test_the_logo_from_real_files_refused_with_a_reason(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    dialog = _open(qtbot, window)
    shown_before = dialog.logo_preview.pixmap().cacheKey()
    fake = tmp_path / "logo.png"
    fake.write_text("not a picture", encoding="utf-8")
    assert not dialog.load_logo(fake)
    assert "not a PNG or JPEG image" in dialog._errors["logo"].text()
    assert dialog.logo_preview.pixmap().cacheKey() == shown_before  # the old one stays
    huge = tmp_path / "poster.jpg"
    with huge.open("wb") as stream:  # 3 MB, sparse: refused from its size, never read
        stream.seek(3_000_000)
        stream.write(b"\0")
    assert not dialog.load_logo(huge)
    assert "poster.jpg is 3.0 MB; a logo may be at most 1 MB" in dialog._errors["logo"].text()

    # A JPEG made by Qt itself, chosen through the real (non-blocking) file chooser.
    image = QImage(240, 80, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.darkCyan)
    jpeg = tmp_path / "wordmark.jpg"
    assert image.save(str(jpeg), "JPEG")
    qtbot.mouseClick(dialog.choose_logo_button, Qt.MouseButton.LeftButton)
    chooser = dialog.file_dialog
    assert isinstance(chooser, QFileDialog) and chooser.isVisible()
    assert chooser.windowModality() == Qt.WindowModality.WindowModal
    chooser.selectFile(str(jpeg))
    chooser.accept()
    qtbot.waitUntil(lambda: dialog.file_dialog is None)
    assert not dialog._errors["logo"].isVisible()
    assert dialog.logo_description.text().startswith("JPEG, 240 × 80 pixels")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: window.active_dialog is None)
    stored = window.services.institute.identity().logo
    assert stored is not None and stored.data == jpeg.read_bytes()

    again = _open(qtbot, window)
    assert again.remove_logo_button.isEnabled()
    again.remove_logo_button.click()
    assert again.logo_preview.text() == "No logo" and not again.remove_logo_button.isEnabled()
    again.save_button.click()
    qtbot.waitUntil(lambda: window.active_dialog is None)
    assert window.services.institute.identity().logo is None
    assert demo_logo_png() != jpeg.read_bytes()


def test_keyboard_escape_after_a_change_asks_before_discarding(
    qtbot: QtBot, window: MainWindow
) -> None:
    dialog = _open(qtbot, window)
    _retype(qtbot, dialog, "t", "Head of Research")
    qtbot.keyClick(dialog.director_title, Qt.Key.Key_Escape)
    question = dialog.discard_guard.question
    assert isinstance(question, QMessageBox) and dialog.isVisible()
    qtbot.keyClick(question, Qt.Key.Key_Escape)  # Keep editing
    qtbot.waitUntil(lambda: dialog.discard_guard.question is None)
    assert dialog.isVisible() and dialog.director_title.text() == "Head of Research"
    dialog.reject()
    question = dialog.discard_guard.question
    assert isinstance(question, QMessageBox)
    discard = next(b for b in question.buttons() if b.text() == "&Discard")
    discard.click()
    qtbot.waitUntil(lambda: window.active_dialog is None)
    assert window.services.institute.identity().director_title == "Research Director"
