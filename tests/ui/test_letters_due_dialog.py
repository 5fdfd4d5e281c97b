"""The letters dialog's "Due only" filter and the desk's "reminders due" step, driven
through the real widgets offscreen."""

from __future__ import annotations

from email import policy
from email.parser import BytesParser
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from escadesk.notifications.messages import Template
from escadesk.ui.letters_dialog import LettersDialog
from escadesk.ui.main_window import MainWindow


def test_the_desk_notice_opens_the_reminders_and_drafts_clear_it(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    dashboard = window.desk.dashboard
    button = dashboard.steps.buttons["letters_reminders"]
    assert button.isVisible() and button.text().replace("&", "") == "1 reminder due…"
    assert "incomplete registrations do not count" in button.toolTip()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = window.active_dialog
    assert isinstance(dialog, LettersDialog)
    assert dialog.chosen is Template.REMINDER and dialog.only_due.isChecked()
    assert dialog.recipients.count() == 1
    item = dialog.recipients.item(0).text()
    assert item.startswith("Catalonia Smart Mobility Hub\n")
    assert "Still missing the registration form and credit card authorization form" in item
    assert "Monday, Oct 1, 2018" in dialog.subject.text()
    dialog.grab().save(str(tmp_path / "reminders.png"))

    dialog.save_to(tmp_path)
    qtbot.waitUntil(lambda: "1 draft saved" in dialog.status.text(), timeout=15000)
    (draft,) = tmp_path.glob("*.eml")
    parsed = BytesParser(policy=policy.default).parsebytes(draft.read_bytes())
    assert parsed["Subject"].startswith("Reminder:")
    dialog.load()
    assert dialog.recipients.count() == 0 and "No organization" in dialog.count.text()
    dialog.reject()
    qtbot.waitUntil(lambda: window.active_dialog is None)
    window.refresh()
    assert "letters_reminders" not in dashboard.steps.buttons


def test_due_only_shows_why_and_can_be_unticked(qtbot: QtBot, window: MainWindow) -> None:
    window.action("letters").trigger()
    dialog = window.active_dialog
    assert isinstance(dialog, LettersDialog)
    dialog.template.setCurrentIndex(dialog.template.findData(Template.ACKNOWLEDGEMENT))
    assert dialog.only_due.isChecked() and dialog.recipients.count() == 8
    assert "not acknowledged yet" in dialog.recipients.item(0).text()
    # The first letter, in its organization's language (the demo's first is Québec's).
    assert dialog.letters[0].organization == "Northshore Photonics Cluster"
    assert "a bien reçu" in dialog.body.toPlainText()
    dialog.template.setCurrentIndex(dialog.template.findData(Template.PRACTICAL_DETAILS))
    assert dialog.recipients.count() == 0  # nobody takes part before the decision
    qtbot.mouseClick(dialog.only_due, Qt.MouseButton.LeftButton)
    assert not dialog.only_due.isChecked()
    dialog.template.setCurrentIndex(dialog.template.findData(Template.ACKNOWLEDGEMENT))
    assert dialog.recipients.count() == 8
    assert dialog.only_due.accessibleName() or dialog.only_due.text()
    dialog.reject()
