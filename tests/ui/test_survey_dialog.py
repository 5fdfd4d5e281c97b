"""The benchmarking questionnaire typed through its real widgets into the real service.

Every answer is read back through ``services.benchmarking.survey`` (the database), never
from the widgets alone. The demo seeds complete questionnaires for the complete
registrations and a half-done one for Catalonia.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QLineEdit
from pytestqt.qtbot import QtBot
from uihelpers import registration_of, snapshot, trigger_for

from escadesk.services import audit
from escadesk.ui.main_window import MainWindow
from escadesk.ui.survey_dialog import SurveyDialog, tab_title
from escadesk.ui.survey_form import AnswerRow, expected_text

NORTHSHORE = "Northshore Photonics Cluster"
CATALONIA = "Catalonia Smart Mobility Hub"


def _open(qtbot: QtBot, window: MainWindow, organization: str = NORTHSHORE) -> SurveyDialog:
    """Select the organization on the desk and open its questionnaire from the menu."""
    dialog = trigger_for(window, organization, window.action("survey"))
    assert isinstance(dialog, SurveyDialog)
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    qtbot.waitExposed(dialog)
    assert dialog.survey is not None and dialog.survey.organization == organization
    return dialog


def _stored(window: MainWindow, organization: str, code: str) -> tuple[str, str]:
    survey = window.services.benchmarking.survey(registration_of(window, organization))
    answer = survey.answers[code]
    return answer.text, answer.note


def _type(qtbot: QtBot, editor: QLineEdit, text: str) -> None:
    """Replace the field's text as typed, then press Return (editing finished)."""
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def _line_edit(row: AnswerRow) -> QLineEdit:
    assert isinstance(row.editor, QLineEdit)
    return row.editor


def test_the_form_has_one_tab_per_area_and_a_row_per_indicator(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    dialog = _open(qtbot, window)
    catalogue = window.services.benchmarking.catalogue()

    assert dialog.tabs.count() == len(catalogue.areas) == 6
    assert [dialog.tabs.tabToolTip(i) for i in range(6)] == [a.name for a in catalogue.areas]
    assert list(dialog.rows) == list(catalogue.codes)
    assert dialog.tabs.tabText(0) == tab_title("Structure", 6, 6) == "Structure 6/6 ✓"
    assert dialog.completion_text.text() == "36 of 36 answered"

    fte = dialog.rows["2.2.1"]
    assert isinstance(fte.editor, QLineEdit)
    assert fte.question.text().endswith("Human resources of the management team")
    assert fte.help.text() == catalogue.indicator("2.2.1").help
    assert fte.expected.text() == "FTE in the management team · 0 to 1,000"
    assert fte.editor.text() == _stored(window, NORTHSHORE, "2.2.1")[0] == "4"

    yes_no = dialog.rows["4.1.1"]
    assert isinstance(yes_no.editor, QComboBox)
    assert [yes_no.editor.itemText(i) for i in range(3)] == ["—", "Yes", "No"]
    ordinal = dialog.rows["2.2.2"]
    assert isinstance(ordinal.editor, QComboBox)
    assert [ordinal.editor.itemText(i) for i in range(6)] == ["—", "1", "2", "3", "4", "5"]
    assert expected_text(catalogue.indicator("2.2.2")) == "level 1-5"
    assert dialog.interview_held.isChecked()
    assert dialog.interview_on.date() == QDate(2018, 9, 11)
    dialog.tabs.setCurrentIndex(1)
    snapshot(dialog, tmp_path / "survey.png")
    dialog.reject()


def test_a_valid_answer_is_saved_when_editing_finishes(qtbot: QtBot, window: MainWindow) -> None:
    dialog = _open(qtbot, window)
    dialog.tabs.setCurrentIndex(1)
    row = dialog.rows["2.2.1"]

    _type(qtbot, _line_edit(row), "4,5")  # a decimal comma, as typed in Europe

    assert _stored(window, NORTHSHORE, "2.2.1") == ("4.5", "")
    assert _line_edit(row).text() == "4.5"  # shown as stored
    assert not row.error.isVisible() and row.problem == ""

    qtbot.keyClicks(row.note, "Two part-time managers")
    qtbot.keyClick(row.note, Qt.Key.Key_Return)
    assert _stored(window, NORTHSHORE, "2.2.1") == ("4.5", "Two part-time managers")
    dialog.reject()


def test_an_answer_is_saved_when_the_field_loses_focus(qtbot: QtBot, window: MainWindow) -> None:
    dialog = _open(qtbot, window)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    editor = _line_edit(dialog.rows["1.1.2"])
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, "1 250")
    assert _stored(window, NORTHSHORE, "1.1.2") == ("85", "")  # not yet: still typing

    dialog.rows["1.2"].note.setFocus()  # Tab to the next field

    assert _stored(window, NORTHSHORE, "1.1.2") == ("1250", "")
    dialog.reject()


def test_an_out_of_range_answer_shows_the_message_and_stores_nothing(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    dialog = _open(qtbot, window)
    dialog.tabs.setCurrentIndex(1)
    row = dialog.rows["2.2.1"]

    _type(qtbot, _line_edit(row), "1200")

    assert row.error.isVisible()
    assert row.error.text() == "Must be between 0 and 1000 FTE, not 1200"
    assert row.editor.property("invalid") is True
    assert _line_edit(row).text() == "1200"  # kept, so it can be corrected
    assert _stored(window, NORTHSHORE, "2.2.1") == ("4", "")  # nothing stored
    assert dialog.completion_text.text() == "36 of 36 answered"
    snapshot(dialog, tmp_path / "survey_invalid.png")

    _type(qtbot, _line_edit(row), "abc")
    assert row.error.text().startswith("'abc' is not a number")

    _type(qtbot, _line_edit(row), "3.5")
    assert not row.error.isVisible()
    assert row.editor.property("invalid") is False
    assert _stored(window, NORTHSHORE, "2.2.1") == ("3.5", "")
    dialog.reject()


def test_the_completion_meter_follows_the_stored_answers(qtbot: QtBot, window: MainWindow) -> None:
    dialog = _open(qtbot, window)
    services_tab = 3
    strategy = dialog.rows["4.1.3"]
    assert isinstance(strategy.editor, QComboBox)

    strategy.editor.setCurrentIndex(0)  # "—": the director clears the answer
    strategy.editor.activated.emit(0)

    assert _stored(window, NORTHSHORE, "4.1.3") == ("", "")
    assert dialog.completion_text.text() == "35 of 36 answered"
    assert dialog.completion.value() == 35 and dialog.completion.maximum() == 36
    assert dialog.tabs.tabText(services_tab) == "Services 10/11"
    participants = window.services.benchmarking.participants(window.workshop.id)
    assert next(p.answered for p in participants if p.organization == NORTHSHORE) == 35

    strategy.editor.setCurrentIndex(strategy.editor.findData("no"))
    strategy.editor.activated.emit(strategy.editor.currentIndex())

    assert _stored(window, NORTHSHORE, "4.1.3") == ("no", "")
    assert dialog.completion_text.text() == "36 of 36 answered"
    assert dialog.tabs.tabText(services_tab) == "Services 11/11 ✓"
    dialog.reject()


def test_a_half_done_questionnaire_is_completed_level_by_level(
    qtbot: QtBot, window: MainWindow
) -> None:
    dialog = _open(qtbot, window, CATALONIA)  # not a participant yet: opened by name
    survey = window.services.benchmarking.survey(registration_of(window, CATALONIA))
    answered = survey.completion.answered
    assert 0 < answered < 36
    assert dialog.completion_text.text() == f"{answered} of 36 answered"
    assert not dialog.interview_held.isChecked()
    missing = survey.completion.missing
    ordinal = next(
        code
        for code in missing
        if isinstance(dialog.rows[code].editor, QComboBox) and dialog.rows[code].editor.count() == 6
    )
    combo = dialog.rows[ordinal].editor
    assert isinstance(combo, QComboBox) and combo.currentText() == "—"

    combo.setCurrentIndex(combo.findData("4"))
    combo.activated.emit(combo.currentIndex())

    assert _stored(window, CATALONIA, ordinal) == ("4", "")
    assert dialog.completion_text.text() == f"{answered + 1} of 36 answered"
    dialog.reject()


def test_the_interview_date_is_saved_and_cleared(qtbot: QtBot, window: MainWindow) -> None:
    dialog = _open(qtbot, window, CATALONIA)
    registration_id = registration_of(window, CATALONIA)

    qtbot.mouseClick(dialog.interview_held, Qt.MouseButton.LeftButton)
    assert dialog.interview_on.isEnabled()
    assert window.services.benchmarking.survey(registration_id).interview_on == date(2018, 9, 28)
    dialog.interview_on.setDate(QDate(2018, 9, 20))
    assert window.services.benchmarking.survey(registration_id).interview_on == date(2018, 9, 20)

    qtbot.mouseClick(dialog.interview_held, Qt.MouseButton.LeftButton)
    assert not dialog.interview_on.isEnabled()
    assert window.services.benchmarking.survey(registration_id).interview_on is None
    dialog.reject()


def test_an_interview_date_changed_on_another_desk_is_not_overwritten(
    qtbot: QtBot, window: MainWindow
) -> None:
    """The form shows Sep 11; meanwhile another desk stored Sep 12 (here straight through
    the service, as it would arrive from the shared database): picking Sep 20 is refused
    with who and when, the stored date is shown, and picking again then saves."""
    dialog = _open(qtbot, window)
    registration_id = registration_of(window, NORTHSHORE)
    assert dialog.interview_on.date() == QDate(2018, 9, 11)
    window.services.benchmarking.set_interview_date(registration_id, date(2018, 9, 12))

    dialog.interview_on.setDate(QDate(2018, 9, 20))
    assert window.services.benchmarking.survey(registration_id).interview_on == date(2018, 9, 12)
    assert dialog.error.isVisible()
    assert dialog.error.text().startswith(f"The interview date of {NORTHSHORE} was changed by ")
    assert dialog.error.text().endswith("nothing was saved. The stored date is shown.")
    assert dialog.interview_on.date() == QDate(2018, 9, 12)

    dialog.interview_on.setDate(QDate(2018, 9, 20))
    assert window.services.benchmarking.survey(registration_id).interview_on == date(2018, 9, 20)
    dialog.reject()


def test_switching_organization_saves_the_open_edit(qtbot: QtBot, window: MainWindow) -> None:
    dialog = _open(qtbot, window)
    editor = _line_edit(dialog.rows["2.1"])
    editor.setText("12")  # typed, not left yet

    index = dialog.organization.findText("Rhine Valley Health Cluster")
    dialog.organization.setCurrentIndex(index)
    dialog.organization.activated.emit(index)

    assert _stored(window, NORTHSHORE, "2.1") == ("12", "")
    assert dialog.survey is not None
    assert dialog.survey.organization == "Rhine Valley Health Cluster"
    assert (
        _line_edit(dialog.rows["2.1"]).text()
        == _stored(window, "Rhine Valley Health Cluster", "2.1")[0]
    )
    dialog.reject()


def test_locking_saves_the_field_being_typed(qtbot: QtBot, window: MainWindow) -> None:
    registration_id = registration_of(window, NORTHSHORE)
    dialog = _open(qtbot, window)
    editor = _line_edit(dialog.rows["3.3"])
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, "EUR 410.000")

    window.lock()

    assert not dialog.isVisible()
    assert not window.unlocked
    assert window.services.benchmarking.survey(registration_id).answers["3.3"].text == "410000"


def test_closing_with_a_refused_answer_warns_once(qtbot: QtBot, window: MainWindow) -> None:
    dialog = _open(qtbot, window)
    row = dialog.rows["1.1.0"]
    _type(qtbot, _line_edit(row), "140")
    dialog.tabs.setCurrentIndex(4)

    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible()
    assert dialog.error.isVisible()
    assert "1 answer is not valid and not saved (1.1.0)" in dialog.error.text()
    assert dialog.tabs.currentIndex() == 0  # back to the field in question

    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)

    assert not dialog.isVisible()
    assert _stored(window, NORTHSHORE, "1.1.0") == ("78", "")


def test_answers_never_reach_the_logs_or_the_audit_trail(
    qtbot: QtBot, window: MainWindow, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    dialog = _open(qtbot, window)
    _type(qtbot, _line_edit(dialog.rows["3.3"]), "987654")
    _type(qtbot, dialog.rows["3.3"].note, "secret grant")
    _type(qtbot, _line_edit(dialog.rows["2.2.1"]), "4321")  # refused: out of range
    dialog.done(0)
    assert _stored(window, NORTHSHORE, "3.3") == ("987654", "secret grant")

    logged = " ".join(record.getMessage() for record in caplog.records)
    with window.services.context.database.reading() as session:
        trail = " ".join(line.summary for line in audit.recent(session, window.workshop.id))
    assert "answer to 3.3 saved" in trail and "note to 3.3 saved" in trail
    for secret in ("987654", "987,654", "secret grant", "4321"):
        assert secret not in logged
        assert secret not in trail
