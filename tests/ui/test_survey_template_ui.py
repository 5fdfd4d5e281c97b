"""The survey template through the window's Benchmarking menu: saved for the selected
participant or for all of them, then a filled one imported, previewed and stored.

The menu actions are triggered as the director does; the file choosers they open are
answered with ``choose_in`` (the path typed in and accepted). Files are real: written by
the service, filled as a spreadsheet program would (openpyxl), read back. What the window
shows afterwards is read from the real questionnaire dialog.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot
from uihelpers import RecordingOpener, choose_in, registration_of, snapshot

from escadesk.ui.main_window import MainWindow
from escadesk.ui.survey_answers_dialog import NOTHING_TO_STORE, SurveyAnswersDialog
from escadesk.ui.survey_dialog import SurveyDialog
from escadesk.ui.survey_template_dialog import SurveyTemplateDialog
from survey_template_kit import answer_coordinate, fill, template_names_of

WAIT = 30_000
NORTHSHORE = "Northshore Photonics Cluster"
CATALONIA = "Catalonia Smart Mobility Hub"  # not complete: not taking part
TEMPLATE = "ESCA Cluster Benchmarking Workshop (TCI 2018) 2018-10-04 benchmarking survey - "


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir()
    return folder


def _trigger(window: MainWindow, key: str, organization: str | None = None):
    if organization is not None:
        window.select_registration(registration_of(window, organization))
    action = window.action(key)
    assert action.isEnabled(), key
    action.trigger()
    return window.active_dialog


def _template(qtbot: QtBot, window: MainWindow, out: Path) -> Path:
    """Northshore's template, saved through the menu under its proposed name."""
    window.services.settings.set("exports.last_folder", str(out))
    dialog = _trigger(window, "survey_template", NORTHSHORE)
    assert isinstance(dialog, SurveyTemplateDialog)
    chooser = dialog.file_dialog
    assert chooser is not None and chooser.isVisible()
    name = window.services.benchmarking.template_file_name(registration_of(window, NORTHSHORE))
    assert Path(chooser.selectedFiles()[0]) == out / name  # pre-filled
    chooser.accept()
    qtbot.waitUntil(lambda: not dialog.is_running, timeout=WAIT)
    assert dialog.written == [out / name]
    dialog.reject()
    return out / name


def _import(qtbot: QtBot, window: MainWindow, path: Path) -> SurveyAnswersDialog:
    """Import survey answers… from the menu, the file chosen, its preview read."""
    dialog = _trigger(window, "survey_answers_import")
    assert isinstance(dialog, SurveyAnswersDialog)
    chooser = dialog.file_dialog
    assert chooser is not None and chooser.isVisible()
    assert chooser.fileMode() == QFileDialog.FileMode.ExistingFile
    choose_in(dialog, path)
    qtbot.waitUntil(lambda: not dialog.is_busy, timeout=WAIT)
    assert dialog.preview is not None
    return dialog


def _rows(dialog: SurveyAnswersDialog) -> list[tuple[str, ...]]:
    model = dialog.changes.model()
    return [
        tuple(model.index(row, column).data() for column in range(model.columnCount()))
        for row in range(model.rowCount())
    ]


def _problem_rows(dialog: SurveyAnswersDialog) -> list[tuple[str, ...]]:
    table = dialog.problems
    return [
        tuple(table.item(row, column).text() for column in range(table.columnCount()))
        for row in range(table.rowCount())
    ]


def _stored(window: MainWindow, organization: str) -> dict[str, str]:
    survey = window.services.benchmarking.survey(registration_of(window, organization))
    return {code: answer.text for code, answer in survey.answers.items() if answer.text}


# -- out ---------------------------------------------------------------------------------------


def test_the_selected_participants_template_is_saved_under_its_name(
    qtbot: QtBot, window: MainWindow, out: Path
) -> None:
    path = _template(qtbot, window, out)

    assert path.name == f"{TEMPLATE}{NORTHSHORE}.xlsx" and path.is_file()
    preview = window.services.benchmarking.read_answers(path)
    assert preview.ok and preview.registration_id == registration_of(window, NORTHSHORE)
    assert preview.to_store == ()  # the stored answers, pre-filled


def test_the_template_dialog_when_done(qtbot: QtBot, window: MainWindow, out: Path) -> None:
    dialog = _trigger(window, "survey_template", NORTHSHORE)
    assert isinstance(dialog, SurveyTemplateDialog)
    dialog.opener = RecordingOpener()
    choose_in(dialog, out / "northshore")  # .xlsx is added
    qtbot.waitUntil(lambda: not dialog.is_running, timeout=WAIT)
    assert dialog.written == [out / "northshore.xlsx"]
    assert dialog.status_label.text() == "Done: the template was saved."
    assert not dialog.cancel_button.isVisible()
    snapshot(dialog, out.parent / "template_done.png")
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert dialog.opener.calls == [("open", out / "northshore.xlsx")]
    dialog.reject()


def test_templates_for_all_participants_into_a_folder(
    qtbot: QtBot, window: MainWindow, out: Path
) -> None:
    dialog = _trigger(window, "survey_templates")
    assert isinstance(dialog, SurveyTemplateDialog)
    chooser = dialog.file_dialog
    assert chooser is not None and chooser.fileMode() == QFileDialog.FileMode.Directory
    batch = out / "batch"
    batch.mkdir()  # the chooser picks an existing folder
    choose_in(dialog, batch)
    qtbot.waitUntil(lambda: not dialog.is_running, timeout=WAIT)

    participants = window.services.benchmarking.participants(window.workshop.id)
    expected = sorted(f"{TEMPLATE}{p.organization}.xlsx" for p in participants)
    assert sorted(path.name for path in batch.iterdir()) == expected
    assert dialog.status_label.text() == "Done: 3 templates saved."
    assert dialog.files.count() == 3 and dialog.files.isVisible()
    snapshot(dialog, out.parent / "templates_done.png")
    dialog.reject()


def test_a_template_for_someone_not_taking_part_is_explained(window: MainWindow) -> None:
    box = _trigger(window, "survey_template", CATALONIA)
    assert isinstance(box, QMessageBox)
    assert f"{CATALONIA} does not take part in the benchmarking (yet)" in box.text()
    box.accept()


def test_a_template_that_cannot_be_written_says_so_and_stays_open(
    qtbot: QtBot, window: MainWindow, out: Path
) -> None:
    dialog = _trigger(window, "survey_template", NORTHSHORE)
    choose_in(dialog, out / "missing" / "survey.xlsx")
    qtbot.waitUntil(lambda: not dialog.is_running, timeout=WAIT)
    assert dialog.isVisible() and dialog.error.isVisible()
    assert "does not exist" in dialog.error.text()
    assert dialog.written == [] and not (out / "missing").exists()
    dialog.reject()


# -- back --------------------------------------------------------------------------------------


def test_a_filled_template_previews_each_change_and_stores_them(
    qtbot: QtBot, window: MainWindow, out: Path
) -> None:
    path = _template(qtbot, window, out)
    before = _stored(window, NORTHSHORE)
    fill(path, {"1.1.2": 120, "4.1.1": None, "2.2.1": 6.5})

    dialog = _import(qtbot, window, path)

    assert _rows(dialog) == [
        ("1.1.2", "Total committed participants", "Changed", before["1.1.2"], "120"),
        ("2.2.1", "Human resources of the management team", "Changed", before["2.2.1"], "6.5"),
        ("4.1.1", "Strategy process", "Cleared", before["4.1.1"], "—"),
    ]
    assert dialog.summary_label.text() == "0 new, 2 changed, 33 unchanged, 1 cleared answers."
    assert dialog.about_label.text() == (
        f"{NORTHSHORE} · ESCA Cluster Benchmarking Workshop (TCI 2018) · catalogue 2018.1"
    )
    assert not dialog.problems_box.isVisible()
    assert dialog.store_button.text() == "&Store 3 answers" and dialog.store_button.isEnabled()
    assert _stored(window, NORTHSHORE) == before  # nothing stored by reading
    snapshot(dialog, out.parent / "answers_preview.png")

    dialog.show_unchanged.setChecked(True)
    assert len(_rows(dialog)) == 36
    dialog.show_unchanged.setChecked(False)

    window.select_registration(registration_of(window, "Baltic Maritime Innovation Network"))
    qtbot.mouseClick(dialog.store_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.active_dialog is None, timeout=WAIT)

    after = _stored(window, NORTHSHORE)
    assert (after["1.1.2"], after["2.2.1"], "4.1.1" in after) == ("120", "6.5", False)
    selected = window.selected_registration()
    assert selected is not None and selected.organization == NORTHSHORE
    assert window.statusBar().currentMessage() == (
        f"Stored 3 answers of {NORTHSHORE} from {path.name}."
    )
    # The questionnaire, opened from the menu, shows the stored answers.
    survey = _trigger(window, "survey")
    assert isinstance(survey, SurveyDialog)
    qtbot.waitExposed(survey)
    assert survey.rows["1.1.2"].editor.text() == "120"
    assert survey.rows["2.2.1"].editor.text() == "6.5"
    assert survey.rows["4.1.1"].editor.currentIndex() == 0  # "—": unanswered
    survey.reject()


def test_problems_are_listed_by_place_and_nothing_can_be_stored(
    qtbot: QtBot, window: MainWindow, out: Path
) -> None:
    path = _template(qtbot, window, out)
    before = _stored(window, NORTHSHORE)
    fill(path, {"1.1.2": 120, "2.2.1": "about forty", "4.1.1": "perhaps", "3.3": "=1+1"})

    dialog = _import(qtbot, window, path)

    problems = {row[3]: row for row in _problem_rows(dialog)}
    assert sorted(problems) == ["2.2.1", "3.3", "4.1.1"]
    for code, (sheet, row, column, _code, _message) in problems.items():
        assert f"{column}{row}" == answer_coordinate(path, code)
        assert sheet == template_names_of(load_workbook(path)).answers_sheet
    assert "'about forty' is not a number" in problems["2.2.1"][4]
    assert "'perhaps' is not yes or no" in problems["4.1.1"][4]
    assert "is a formula (=1+1)" in problems["3.3"][4]
    assert dialog.problems_box.isVisible() and not dialog.changes_panel.isVisible()
    assert dialog.problems_title.text() == "3 problems in the file; nothing can be stored"
    assert not dialog.store_button.isEnabled()
    assert dialog.store_button.text() == "&Store answers"
    snapshot(dialog, out.parent / "answers_problems.png")

    # Fixed in the spreadsheet, then read again: now it can be stored.
    fill(path, {"2.2.1": 5, "4.1.1": "yes", "3.3": 480000})
    qtbot.mouseClick(dialog.read_again_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.is_busy, timeout=WAIT)
    assert not dialog.problems_box.isVisible() and dialog.store_button.isEnabled()
    assert _stored(window, NORTHSHORE) == before
    dialog.reject()
    assert _stored(window, NORTHSHORE) == before  # cancelled: nothing stored


def test_a_file_that_is_not_a_template(qtbot: QtBot, window: MainWindow, out: Path) -> None:
    path = out / "answers.xlsx"
    path.write_text("Code,Answer\n2.2.1,3\n", encoding="utf-8")
    dialog = _import(qtbot, window, path)
    ((sheet, row, column, code, message),) = _problem_rows(dialog)
    assert (sheet, row, column, code) == ("", "", "", "")
    assert "is a text (CSV) file with an .xlsx name" in message
    assert not dialog.store_button.isEnabled()
    dialog.reject()


def test_nothing_to_store(qtbot: QtBot, window: MainWindow, out: Path) -> None:
    dialog = _import(qtbot, window, _template(qtbot, window, out))
    assert dialog.summary_label.text().endswith(NOTHING_TO_STORE)
    assert _rows(dialog) == [] and not dialog.store_button.isEnabled()
    dialog.reject()


def test_answers_typed_meanwhile_make_the_preview_stale(
    qtbot: QtBot, window: MainWindow, out: Path
) -> None:
    path = _template(qtbot, window, out)
    fill(path, {"1.1.2": 120})
    dialog = _import(qtbot, window, path)
    northshore = registration_of(window, NORTHSHORE)
    window.services.benchmarking.save_answer(northshore, "2.2.1", "9")  # typed elsewhere

    qtbot.mouseClick(dialog.store_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.is_busy, timeout=WAIT)

    assert dialog.isVisible()
    assert "changed since the file was read" in dialog.error.text()
    assert "Read the file again" in dialog.error.text()
    assert not dialog.store_button.isEnabled() and dialog.read_again_button.isDefault()
    assert _stored(window, NORTHSHORE)["1.1.2"] != "120"
    snapshot(dialog, out.parent / "answers_stale.png")

    qtbot.mouseClick(dialog.read_again_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.is_busy, timeout=WAIT)
    assert not dialog.error.isVisible()
    codes = [row[0] for row in _rows(dialog)]
    assert codes == ["1.1.2", "2.2.1"]  # the file's 2.2.1 differs from the one typed
    qtbot.mouseClick(dialog.store_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.active_dialog is None, timeout=WAIT)
    assert _stored(window, NORTHSHORE)["1.1.2"] == "120"


def test_cancelling_the_file_chooser_closes_the_import(window: MainWindow) -> None:
    dialog = _trigger(window, "survey_answers_import")
    assert isinstance(dialog, SurveyAnswersDialog)
    assert dialog.file_dialog is not None
    dialog.file_dialog.reject()
    assert not dialog.isVisible()


def test_the_menu_places_the_commands_beside_the_reports(window: MainWindow) -> None:
    menu = next(
        action.menu() for action in window.menuBar().actions() if action.text() == "&Benchmarking"
    )
    texts = [action.text() for action in menu.actions()]
    reports = texts.index("Reports for &all participants…")
    assert texts[reports + 1 : reports + 6] == [
        "",
        "Survey &template…",
        "Survey te&mplates for all…",
        "&Import survey answers…",
        "",
    ]
