"""Registrations from a web form's export, in the window: the file, its columns (guessed or
remembered, changed from the keyboard), the preview with its problems, then Import."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from accessibility_audit import Audit, tab_chain
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QDialog
from pytestqt.qtbot import QtBot
from uihelpers import make_services

from escadesk.app import Services
from escadesk.services.demo import seed_demo
from escadesk.ui.main_window import MainWindow
from escadesk.ui.registration_import_dialog import (
    CHOOSE_COLUMN,
    NOT_IN_FILE,
    RegistrationImportDialog,
)
from escadesk.ui.registration_import_model import ERROR_BACKGROUND, column_of
from escadesk.ui.style import apply_style
from web_form_kit import (
    LUCIA,
    RESPONDENTS,
    TOM,
    WEI,
    google_export,
    microsoft_export,
    typeform_export,
    with_changes,
)

WAIT = 20_000


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    """The demo (no vault): its delegate list holds the respondents of web_form_kit."""
    built = make_services(tmp_path / "data")
    seed_demo(built)
    yield built
    built.close()


@pytest.fixture
def workshop_id(services: Services) -> int:
    workshops = services.workshops.list()
    return workshops[0].id


def open_dialog(qtbot: QtBot, services: Services, workshop_id: int, path: Path | None = None):
    dialog = RegistrationImportDialog(services, workshop_id, path=path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    wait(qtbot, dialog)
    return dialog


def wait(qtbot: QtBot, dialog: RegistrationImportDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.is_busy, timeout=WAIT)


def shown(combo: QComboBox) -> str:
    return combo.currentText()


def problems(dialog: RegistrationImportDialog) -> list[str]:
    return dialog.problems_list.messages()


def organizations(services: Services, workshop_id: int) -> set[str]:
    return {row.organization for row in services.registrations.list(workshop_id)}


def test_a_typeform_export_is_mapped_previewed_and_imported(
    qtbot: QtBot, qapp, services: Services, workshop_id: int, tmp_path: Path
) -> None:
    apply_style(qapp)
    before = organizations(services, workshop_id)
    dialog = open_dialog(qtbot, services, workshop_id, typeform_export(tmp_path))

    combos = dialog.combos
    assert shown(combos["organization"]) == "What's the name of your cluster organization?"
    assert shown(combos["contact_name"]) == "First name + Last name"
    assert shown(combos["contact_email"]) == "Email"
    assert dialog.source_label.text().startswith("Typeform export, 3 responses. The columns")
    assert "guessed" in dialog.source_label.text()
    assert dialog.summary_label.text() == "3 responses: 3 new registrations"
    assert not dialog.problems_box.isVisible()
    model = dialog.model
    assert [model.index(1, c).data() for c in range(5)] == [
        "3",
        "New",
        "Basque Advanced Manufacturing",
        "Spain",
        "Production and engineering",  # "production and engineering" in the file
    ]
    assert dialog.import_button.isEnabled()
    assert organizations(services, workshop_id) == before  # a preview stores nothing
    dialog.grab().save(str(tmp_path / "typeform.png"))

    with qtbot.waitSignal(dialog.accepted, timeout=WAIT):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    assert len(dialog.registered_ids) == 3
    assert organizations(services, workshop_id) == before | {p.organization for p in RESPONDENTS}


def test_problems_are_red_listed_by_row_and_column_and_block_the_import(
    qtbot: QtBot, services: Services, workshop_id: int, tmp_path: Path
) -> None:
    people = [WEI, with_changes(LUCIA, email="lucia@"), with_changes(TOM, area="Robotics")]
    dialog = open_dialog(qtbot, services, workshop_id, google_export(tmp_path, people))

    assert problems(dialog) == [
        "Row 3, column 'Email Address': 'lucia@' is not a valid e-mail address.",
        "Row 4, column 'Which ESCA technology area fits your cluster best?': 'Robotics' is "
        "not one of ESCA's technology areas.",
    ]
    assert dialog.problems_box.isVisible() and dialog.nothing_imported_label.isVisible()
    assert not dialog.import_button.isEnabled()
    model = dialog.model
    email = model.index(1, column_of("contact_email"))
    assert email.data(Qt.ItemDataRole.BackgroundRole) == QColor(ERROR_BACKGROUND)
    assert email.data(Qt.ItemDataRole.ToolTipRole) == "'lucia@' is not a valid e-mail address."
    assert model.index(0, column_of("contact_email")).data(Qt.ItemDataRole.BackgroundRole) is None
    assert model.index(2, 1).data() == "Problem"

    dialog.problems_list.setCurrentRow(1)  # the problem chosen: its row selected in the table
    assert dialog.table.selectionModel().selectedRows()[0].row() == 2

    before = organizations(services, workshop_id)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)  # disabled: nothing
    assert dialog.isVisible()
    assert organizations(services, workshop_id) == before


def test_a_column_changed_from_the_keyboard_previews_again(
    qtbot: QtBot, services: Services, workshop_id: int, tmp_path: Path
) -> None:
    dialog = open_dialog(qtbot, services, workshop_id, microsoft_export(tmp_path))
    email = dialog.combos["contact_email"]
    assert shown(email) == "E-mail address"
    assert dialog.import_button.isEnabled()

    # Alt+E (the label's letter) reaches the E-mail list; the account column "Email" (what
    # Microsoft Forms fills with "anonymous") is chosen with the arrow keys.
    qtbot.keyClick(dialog, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)
    assert dialog.focusWidget() is email
    while shown(email) != "Email":
        qtbot.keyClick(email, Qt.Key.Key_Up)
    wait(qtbot, dialog)

    assert dialog.columns is not None and dialog.columns.headers("contact_email") == ("Email",)
    assert (
        problems(dialog)[0] == "Row 2, column 'Email': 'anonymous' is not a valid e-mail address."
    )
    assert not dialog.import_button.isEnabled()

    # A required field left without a column is a problem of its own.
    dialog.choose_column("contact_email", ())
    wait(qtbot, dialog)
    assert shown(email) == CHOOSE_COLUMN
    assert problems(dialog) == ["E-mail is required: choose the column of the file that holds it."]

    dialog.choose_column("contact_email", ("E-mail address",))
    wait(qtbot, dialog)
    assert problems(dialog) == []
    assert dialog.import_button.isEnabled()


def test_the_columns_chosen_come_back_for_the_next_export_of_the_same_form(
    qtbot: QtBot, services: Services, workshop_id: int, tmp_path: Path
) -> None:
    monday, friday = tmp_path / "monday", tmp_path / "friday"
    monday.mkdir()
    friday.mkdir()
    dialog = open_dialog(qtbot, services, workshop_id, google_export(monday, [WEI]))
    dialog.choose_column("contact_phone", ())
    wait(qtbot, dialog)
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT):
        dialog.import_button.click()

    again = open_dialog(qtbot, services, workshop_id, google_export(friday, [WEI, LUCIA]))

    assert "chosen at the last import of this form" in again.source_label.text()
    assert shown(again.combos["contact_phone"]) == NOT_IN_FILE
    assert again.summary_label.text() == (
        "2 responses: 1 new registration, 1 already registered (skipped)"
    )
    assert again.model.index(0, 1).data() == "Already registered"


def test_a_file_that_cannot_be_read_says_why(
    qtbot: QtBot, services: Services, workshop_id: int, tmp_path: Path
) -> None:
    path = tmp_path / "responses.csv"
    path.write_bytes("Organization,Country\nBasque,España\n".encode("cp1252"))
    dialog = open_dialog(qtbot, services, workshop_id, path)
    assert dialog.error_label.isVisible()
    assert dialog.error_label.text() == (
        "Could not read the file: The file is not UTF-8 text (line 2). "
        "Save it as 'CSV UTF-8' and try again."
    )
    assert not dialog.import_button.isEnabled()
    assert not dialog.table.isVisible()


def test_an_import_refused_at_the_last_moment_stores_nothing_and_says_so(
    qtbot: QtBot, services: Services, workshop_id: int, tmp_path: Path
) -> None:
    dialog = open_dialog(qtbot, services, workshop_id, typeform_export(tmp_path))
    services.registrations.register(workshop_id, TOM.details())  # typed in meanwhile
    before = organizations(services, workshop_id)
    dialog.import_button.click()
    qtbot.waitUntil(lambda: bool(dialog.error_label.text()), timeout=WAIT)
    assert dialog.error_label.text().startswith("Nothing was imported: The registrations")
    assert dialog.isVisible()
    assert organizations(services, workshop_id) == before


def test_every_control_has_a_name_and_every_field_a_letter(
    qtbot: QtBot, services: Services, workshop_id: int, tmp_path: Path
) -> None:
    audit = Audit()
    dialog = open_dialog(qtbot, services, workshop_id)
    audit.window(dialog, "empty")
    dialog.start_reading(google_export(tmp_path, [WEI, with_changes(LUCIA, email="x@")]))
    wait(qtbot, dialog)
    audit.window(dialog, "previewed")
    assert [str(finding) for finding in audit.findings] == []

    chain = tab_chain(dialog.choose_button)
    assert chain[0] is dialog.choose_button
    combos = [w for w in chain if isinstance(w, QComboBox)]
    assert combos == list(dialog.combos.values())  # in the form's order
    assert dialog.problems_list in chain and dialog.table in chain
    assert chain.index(dialog.problems_list) < chain.index(dialog.table)


def test_the_command_opens_the_dialog_and_the_desk_shows_the_new_registrations(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    action = window.action("import_registrations")
    assert action.text() == "&Import registrations from a web form…"
    assert action.isEnabled()
    action.trigger()
    dialog = window.active_dialog
    assert isinstance(dialog, RegistrationImportDialog)
    size = dialog.frameGeometry()
    assert size.width() <= 1280 and size.height() <= 720
    dialog.start_reading(typeform_export(tmp_path))
    wait(qtbot, dialog)
    with qtbot.waitSignal(dialog.finished, timeout=WAIT) as finished:
        dialog.import_button.click()
    assert finished.args == [int(QDialog.DialogCode.Accepted)]
    assert "Registered 3 organizations from the web form's export." in (
        window.statusBar().currentMessage()
    )
    shown_now = {row.organization for row in window.desk.snapshot.rows}
    assert {p.organization for p in RESPONDENTS} <= shown_now


def test_hidden_rows_of_a_workbook_are_left_out_until_asked_for(
    qtbot: QtBot, services: Services, workshop_id: int, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    path = microsoft_export(tmp_path)
    book = load_workbook(path)
    book.active.row_dimensions[3].hidden = True  # Lucía's response, filtered out in Excel
    book.save(path)
    dialog = open_dialog(qtbot, services, workshop_id, path)
    dialog.choose_column("contact_phone", ())  # a choice the new reading must keep
    wait(qtbot, dialog)

    assert dialog.summary_label.text() == "2 responses: 2 new registrations"
    assert dialog.warnings_box.isVisible() and dialog.include_hidden_box.isVisible()
    assert "1 hidden row (3)" in dialog.warnings_box.messages.messages()[0]

    dialog.include_hidden_box.click()
    wait(qtbot, dialog)

    assert dialog.summary_label.text() == "3 responses: 3 new registrations"
    assert dialog.model.index(1, 2).data() == "Basque Advanced Manufacturing"
    assert shown(dialog.combos["contact_phone"]) == NOT_IN_FILE
