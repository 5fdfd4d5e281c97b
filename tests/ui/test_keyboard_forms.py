"""Forms that help (issue 16, item 6), driven from the keyboard through the real widgets.

The registration form suggests delegates and fills itself in from the delegate list,
flags what differs from the list and leads a refused address to the delegates it was
meant to be; completers take their suggestion with Tab ("Cana" then Tab is Canada); the
card number regroups as it is typed; every message shows at once and the dialogs keep
their size; a filled dialog asks before Cancel or Escape throws it away; the workshop's
agenda and facilitators are edited in the workshop dialog.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date, time
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QLineEdit,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot
from uihelpers import fill_card_dialog, make_services

from escadesk.app import Services
from escadesk.services import audit
from escadesk.services.demo import DEMO_PASSPHRASE, seed_demo
from escadesk.ui.card_dialog import CardAuthorizationDialog
from escadesk.ui.discard_guard import DISCARD, KEEP_EDITING
from escadesk.ui.registration_dialog import RegistrationDialog
from escadesk.ui.style import apply_style
from escadesk.ui.workshop_dialog import WorkshopDialog

CHARGE_DAY = date(2018, 10, 2)
TODAY = date(2018, 9, 28)
ANDES = "Andes AgriFood Alliance"  # registered, no card authorization yet


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    """The demo workshop with its delegate list, and an unlocked vault."""
    built = make_services(tmp_path / "data")
    seed_demo(built, vault_passphrase=DEMO_PASSPHRASE)
    if not built.vault.unlocked:
        built.vault.unlock(DEMO_PASSPHRASE)
    yield built
    built.close()


@pytest.fixture
def workshop_id(services: Services) -> int:
    return services.workshops.list()[0].id


def shown(qtbot: QtBot, qapp, dialog: QDialog) -> QDialog:
    """Open ``dialog`` as the director sees it: styled, on screen, with the focus."""
    apply_style(qapp)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    activate(qtbot, dialog)
    return dialog


def activate(qtbot: QtBot, dialog: QDialog) -> None:
    """Give ``dialog`` the focus back. The offscreen platform leaves a completer's list as
    the active window after the list closes itself; a desktop never does."""
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)


def popup_of(field: QLineEdit | QComboBox) -> QWidget:
    completer = field.completer()
    assert completer is not None
    return completer.popup()


def press(qtbot: QtBot, field: QLineEdit | QComboBox, key: Qt.Key) -> None:
    """A key where the keyboard sends it: to the suggestion list while it is open."""
    popup = popup_of(field)
    qtbot.keyClick(popup if popup.isVisible() else QApplication.focusWidget(), key)


def keys(qtbot: QtBot, typed: str | Qt.Key) -> None:
    """Keys as a keyboard sends them: each to whatever has the focus at that moment."""
    for key in [typed] if isinstance(typed, Qt.Key) else list(typed):
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, key)


def enter(qtbot: QtBot, table: QAbstractItemView) -> None:
    """Enter in a cell being edited: the cell keeps it (once Qt's queued close ran)."""
    keys(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)


def type_into(qtbot: QtBot, field: QLineEdit | QComboBox, text: str) -> None:
    field.setFocus(Qt.FocusReason.TabFocusReason)
    line = field.lineEdit() if isinstance(field, QComboBox) else field
    assert line is not None
    qtbot.keyClicks(line, text)


def registration_dialog(qtbot: QtBot, qapp, services: Services, workshop_id: int):
    dialog = shown(qtbot, qapp, RegistrationDialog(services, workshop_id))
    assert isinstance(dialog, RegistrationDialog)
    return dialog


def card_dialog(qtbot: QtBot, qapp, services: Services, workshop_id: int):
    row = next(r for r in services.registrations.list(workshop_id) if r.organization == ANDES)
    dialog = shown(qtbot, qapp, CardAuthorizationDialog(services, row, CHARGE_DAY, TODAY))
    assert isinstance(dialog, CardAuthorizationDialog)
    return dialog, row


def settled(qtbot: QtBot, dialog: QDialog) -> None:
    """Wait for the checks that run once typing pauses."""
    qtbot.waitUntil(lambda: not dialog._timer.isActive())


def visible_errors(dialog: RegistrationDialog | CardAuthorizationDialog) -> dict[str, str]:
    return {name: label.text() for name, label in dialog._errors.items() if label.isVisible()}


def top_of(widget: QWidget, dialog: QDialog) -> int:
    return widget.mapTo(dialog, QPoint(0, 0)).y()


def answer(qtbot: QtBot, question: QMessageBox | None, text: str) -> None:
    assert question is not None and question.isVisible()
    button = next(b for b in question.buttons() if b.text() == text)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


# -- completers take their suggestion with Tab ----------------------------------------------


def test_keyboard_typing_cana_then_tab_gives_canada(qtbot, qapp, services, workshop_id):
    dialog = registration_dialog(qtbot, qapp, services, workshop_id)
    type_into(qtbot, dialog.country, "Cana")
    assert popup_of(dialog.country).isVisible()  # the list offers Canada

    press(qtbot, dialog.country, Qt.Key.Key_Tab)

    assert dialog.country.currentText() == "Canada"
    assert dialog.technology_area.hasFocus()  # Tab still moved on
    settled(qtbot, dialog)
    assert "country" not in visible_errors(dialog)
    assert not any("Cana'" in text for text in visible_errors(dialog).values())


def test_keyboard_tab_completes_with_the_list_closed_too(qtbot, qapp, services, workshop_id):
    dialog = registration_dialog(qtbot, qapp, services, workshop_id)
    type_into(qtbot, dialog.technology_area, "health")
    press(qtbot, dialog.technology_area, Qt.Key.Key_Escape)  # the list closes, text stays
    activate(qtbot, dialog)
    assert dialog.technology_area.currentText() == "health"
    qtbot.keyClick(dialog.technology_area, Qt.Key.Key_Tab)
    assert dialog.technology_area.currentText() == "Health and medical science"

    type_into(qtbot, dialog.country, "usa")  # an everyday alias becomes the list's name
    press(qtbot, dialog.country, Qt.Key.Key_Escape)
    activate(qtbot, dialog)
    qtbot.keyClick(dialog.country, Qt.Key.Key_Backtab)
    assert dialog.country.currentText() == "United States"

    # Enter takes the suggestion as Tab does, with the list open or closed.
    dialog.country.lineEdit().selectAll()
    type_into(qtbot, dialog.country, "Cana")
    press(qtbot, dialog.country, Qt.Key.Key_Return)
    assert dialog.country.currentText() == "Canada"
    dialog.country.lineEdit().selectAll()
    type_into(qtbot, dialog.country, "Germ")
    press(qtbot, dialog.country, Qt.Key.Key_Escape)
    activate(qtbot, dialog)
    qtbot.keyClick(dialog.country, Qt.Key.Key_Return)
    assert dialog.country.currentText() == "Germany"
    # And so does Save, however it is reached.
    dialog.technology_area.lineEdit().selectAll()
    type_into(qtbot, dialog.technology_area, "sport")
    press(qtbot, dialog.technology_area, Qt.Key.Key_Escape)
    dialog.save_button.click()
    assert dialog.technology_area.currentText() == "Sports, leisure and tourism"
    assert "contact_email" in visible_errors(dialog)  # Save ran: the rest is still empty
    assert not {"country", "technology_area"} & set(visible_errors(dialog))


def test_keyboard_toronto_then_tab_gives_the_time_zone(qtbot, qapp, services, workshop_id):
    dialog = shown(qtbot, qapp, WorkshopDialog(services, workshop_id))
    assert isinstance(dialog, WorkshopDialog)
    line = dialog.timezone_combo.lineEdit()
    dialog.timezone_combo.setFocus(Qt.FocusReason.TabFocusReason)
    line.selectAll()
    qtbot.keyClicks(line, "Berlin")
    press(qtbot, dialog.timezone_combo, Qt.Key.Key_Tab)
    assert dialog.timezone_combo.currentText() == "Europe/Berlin"


# -- the delegate list helps -----------------------------------------------------------------


def test_keyboard_email_suggests_delegates_and_fills_in_the_form(
    qtbot, qapp, services, workshop_id
):
    dialog = registration_dialog(qtbot, qapp, services, workshop_id)
    assert dialog.contact_email.hasFocus()  # the form starts with the e-mail
    type_into(qtbot, dialog.contact_email, "bengaluru")  # part of an organization
    popup = popup_of(dialog.contact_email)
    assert popup.isVisible()
    rows = [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())]
    assert rows == ["Priya Raman · priya@bbf.example · Bengaluru Biotech Forum"]

    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)

    assert dialog.contact_email.text() == "priya@bbf.example"
    assert dialog.contact_name.text() == "Priya Raman"
    assert dialog.organization.text() == "Bengaluru Biotech Forum"
    assert dialog.country.currentText() == "India"

    # By name, accents ignored, and Tab takes the first suggestion.
    activate(qtbot, dialog)
    dialog.contact_email.selectAll()
    type_into(qtbot, dialog.contact_email, "lucia fern")
    press(qtbot, dialog.contact_email, Qt.Key.Key_Tab)
    assert dialog.contact_email.text() == "l.fernandez@bam.example"
    # What the list filled in follows the new choice.
    assert dialog.contact_name.text() == "Lucía Fernández"
    assert dialog.organization.text() == "Basque Advanced Manufacturing"
    assert dialog.country.currentText() == "Spain"


def test_keyboard_a_name_or_organization_unlike_the_record_is_flagged_not_refused(
    qtbot, qapp, services, workshop_id
):
    dialog = registration_dialog(qtbot, qapp, services, workshop_id)
    type_into(qtbot, dialog.organization, "Toronto Fintech Cluster")
    type_into(qtbot, dialog.contact_name, "Wei  chen")  # spacing and case are no difference
    type_into(qtbot, dialog.contact_email, "wei.chen@prict.example")
    press(qtbot, dialog.contact_email, Qt.Key.Key_Escape)
    activate(qtbot, dialog)
    type_into(qtbot, dialog.technology_area, "ICT")
    settled(qtbot, dialog)

    assert dialog.organization.text() == "Toronto Fintech Cluster"  # what was typed stays
    assert dialog.country.currentText() == "China"  # an empty field is filled in
    warning = dialog._warnings["organization"]
    assert warning.isVisible()
    assert warning.text() == (
        "The delegate list gives the organization \u201cPearl River ICT Cluster\u201d "
        "for wei.chen@prict.example."
    )
    assert not dialog._warnings["contact_name"].isVisible()
    assert visible_errors(dialog) == {}

    # A warning, not a refusal: the form saves as typed.
    qtbot.keyClick(dialog.technology_area, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    stored = next(r for r in services.registrations.list(workshop_id) if r.id == dialog.saved_id)
    assert stored.organization == "Toronto Fintech Cluster"
    assert stored.contact_email == "wei.chen@prict.example"


def test_keyboard_the_list_spelling_is_one_key_away(qtbot, qapp, services, workshop_id):
    dialog = registration_dialog(qtbot, qapp, services, workshop_id)
    type_into(qtbot, dialog.contact_name, "Dr. Priya Raman")
    type_into(qtbot, dialog.contact_email, "priya@bbf.example")
    press(qtbot, dialog.contact_email, Qt.Key.Key_Escape)
    activate(qtbot, dialog)
    settled(qtbot, dialog)
    use = dialog._use_buttons["contact_name"]
    assert dialog._warnings["contact_name"].isVisible() and use.isVisible()
    assert use.text() == "Use the list's name"

    use.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(use, Qt.Key.Key_Space)

    assert dialog.contact_name.text() == "Priya Raman"
    assert not dialog._warnings["contact_name"].isVisible() and not use.isVisible()


def test_keyboard_an_address_not_on_the_list_leads_to_close_delegates(
    qtbot, qapp, services, workshop_id
):
    dialog = registration_dialog(qtbot, qapp, services, workshop_id)
    type_into(qtbot, dialog.contact_email, "wei.chen@prict.org")  # .org for .example
    assert not popup_of(dialog.contact_email).isVisible()  # no delegate has this address
    settled(qtbot, dialog)
    activate(qtbot, dialog)

    error = visible_errors(dialog)["contact_email"]
    assert "wei.chen@prict.org is not on the conference delegate list" in error
    suggestions = dialog.suggestions
    assert suggestions.isVisible()
    assert "Did you mean one of these delegates?" in suggestions.hint.text()
    assert "type part of a name above to search the list" in suggestions.hint.text()
    offered = [b for b in suggestions.buttons if b.isVisible()]
    assert [b.text() for b in offered] == [
        "Wei Chen (wei.chen@prict.example), Pearl River ICT Cluster"
    ]

    # Tab from the e-mail reaches the suggestion (and Shift+Tab from the name), Space
    # takes it.
    qtbot.keyClick(dialog.contact_email, Qt.Key.Key_Tab)
    assert offered[0].hasFocus()
    qtbot.keyClick(offered[0], Qt.Key.Key_Tab)
    assert dialog.contact_name.hasFocus()
    qtbot.keyClick(dialog.contact_name, Qt.Key.Key_Backtab)
    assert offered[0].hasFocus()
    qtbot.keyClick(offered[0], Qt.Key.Key_Space)

    assert dialog.contact_email.text() == "wei.chen@prict.example"
    assert dialog.contact_name.text() == "Wei Chen"
    assert dialog.organization.text() == "Pearl River ICT Cluster"
    assert "contact_email" not in visible_errors(dialog)
    assert not suggestions.isVisible()


def test_keyboard_an_address_close_to_nobody_says_how_to_search(qtbot, qapp, services, workshop_id):
    dialog = registration_dialog(qtbot, qapp, services, workshop_id)
    type_into(qtbot, dialog.contact_email, "zz@nowhere.example")
    press(qtbot, dialog.contact_email, Qt.Key.Key_Escape)
    activate(qtbot, dialog)
    qtbot.keyClick(dialog.contact_email, Qt.Key.Key_Tab)
    settled(qtbot, dialog)
    assert dialog.suggestions.hint.text() == (
        "No delegate is close to this address; type part of a name above to search the list."
    )
    assert not any(button.isVisible() for button in dialog.suggestions.buttons)


# -- every message at once, and no jumping ---------------------------------------------------


def test_keyboard_all_registration_errors_show_at_once_and_the_dialog_keeps_its_size(
    qtbot, qapp, services, workshop_id
):
    dialog = registration_dialog(qtbot, qapp, services, workshop_id)
    size = dialog.size()
    tops = {name: top_of(getattr(dialog, name), dialog) for name in ("contact_phone", "country")}

    qtbot.keyClick(dialog.contact_email, Qt.Key.Key_Return)  # Enter is Save

    assert set(visible_errors(dialog)) == {
        "contact_email",
        "contact_name",
        "organization",
        "country",
        "technology_area",
    }
    assert dialog.summary.isVisible()
    assert dialog.contact_email.hasFocus()  # the first field in the form's order
    assert dialog.size() == size
    assert {name: top_of(getattr(dialog, name), dialog) for name in tops} == tops

    # A two-line refusal with its suggestions still fits the room kept for messages.
    type_into(qtbot, dialog.contact_email, "wei.chen@prict.org")
    press(qtbot, dialog.contact_email, Qt.Key.Key_Escape)
    activate(qtbot, dialog)
    settled(qtbot, dialog)
    assert dialog.suggestions.isVisible()
    assert dialog.size() == size
    error = dialog._errors["contact_email"]
    assert error.height() >= error.heightForWidth(error.width())  # not squeezed


def test_keyboard_all_card_errors_show_at_once_and_the_dialog_keeps_its_size(
    qtbot, qapp, services, workshop_id
):
    dialog, _row = card_dialog(qtbot, qapp, services, workshop_id)
    size = dialog.size()
    top = top_of(dialog.billing_address, dialog)

    qtbot.keyClick(dialog.cardholder, Qt.Key.Key_Return)

    assert set(visible_errors(dialog)) == {
        "cardholder",
        "card_number",
        "expiry",
        "code",
        "billing_address",
    }
    assert dialog.size() == size
    assert top_of(dialog.billing_address, dialog) == top

    fill_card_dialog(qtbot, dialog, expiry="13/27")  # everything right but the month
    qtbot.keyClick(dialog.cardholder, Qt.Key.Key_Return)
    assert set(visible_errors(dialog)) == {"expiry"}
    assert dialog.size() == size
    dialog.done(QDialog.DialogCode.Rejected)


# -- the card number -------------------------------------------------------------------------


def test_keyboard_the_card_number_regroups_as_it_is_typed(
    qtbot, qapp, services, workshop_id, caplog
):
    caplog.set_level(logging.DEBUG)
    dialog, row = card_dialog(qtbot, qapp, services, workshop_id)
    number = dialog.card_number
    type_into(qtbot, number, "41111111")
    assert (number.text(), number.cursorPosition()) == ("4111 1111", 9)

    number.setCursorPosition(2)  # "41|11 1111": typing keeps the caret after the digit
    qtbot.keyClicks(number, "9")
    assert (number.text(), number.cursorPosition()) == ("4191 1111 1", 3)
    number.setCursorPosition(5)  # "4191 |1111 1": Backspace takes the digit, not the space
    qtbot.keyClick(number, Qt.Key.Key_Backspace)
    assert (number.text(), number.cursorPosition()) == ("4191 1111", 3)
    qtbot.keyClick(number, Qt.Key.Key_Delete)  # "419|1 1111" -> the 1 goes
    assert (number.text(), number.cursorPosition()) == ("4191 111", 3)
    number.setCursorPosition(4)  # "4191| 111": Delete takes the digit after the space
    qtbot.keyClick(number, Qt.Key.Key_Delete)
    assert number.text() == "4191 11"

    number.selectAll()
    qtbot.keyClicks(number, "378282246310005")
    assert number.text() == "3782 822463 10005"  # Amex groups
    assert dialog.brand.text() == "Amex"
    number.selectAll()
    qtbot.keyClicks(number, "4111-1111-1111-1111")  # dashes typed from the form
    assert number.text() == "4111 1111 1111 1111"
    number.selectAll()
    qtbot.keyClicks(number, "4111 1111 1111 111O")  # a letter O stays, to be named
    assert number.text() == "4111 1111 1111 111O"
    qtbot.keyClick(number, Qt.Key.Key_Backspace)
    qtbot.keyClicks(number, "1")
    assert number.text() == "4111 1111 1111 1111"

    fill_card_dialog(qtbot, dialog, number="")
    qtbot.keyClick(dialog.cardholder, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)

    assert dialog.saved_mask == "VISA •••• 1111"
    stored = services.vault.reveal(row.id, DEMO_PASSPHRASE)
    assert stored.card_number == "4111111111111111"  # the digits, without the groups
    assert not [r for r in caplog.records if "1111" in r.getMessage()]


# -- asking before throwing input away --------------------------------------------------------


def test_keyboard_cancel_on_a_filled_card_form_asks_first(qtbot, qapp, services, workshop_id):
    dialog, row = card_dialog(qtbot, qapp, services, workshop_id)
    fill_card_dialog(qtbot, dialog)
    cancel = dialog.buttons.button(dialog.buttons.StandardButton.Cancel)

    cancel.setFocus(Qt.FocusReason.BacktabFocusReason)  # Shift+Tab onto Cancel, then Enter
    qtbot.keyClick(cancel, Qt.Key.Key_Return)

    question = dialog.discard_guard.question
    assert question is not None and question.isVisible()
    assert question.text() == "Discard the card authorization you typed?"
    assert [b.text() for b in question.buttons()] == [KEEP_EDITING, DISCARD]
    assert question.defaultButton().text() == KEEP_EDITING
    qtbot.keyClick(question, Qt.Key.Key_Return)  # Enter keeps editing
    assert dialog.isVisible() and dialog.card_number.text() == "4111 1111 1111 1111"

    qtbot.keyClick(dialog.code, Qt.Key.Key_Escape)  # Escape asks as well
    question = dialog.discard_guard.question
    assert question is not None
    qtbot.keyClick(question, Qt.Key.Key_Escape)  # and Escape in the question keeps editing
    assert dialog.isVisible() and dialog.code.text() == "123"

    qtbot.keyClick(dialog.code, Qt.Key.Key_Escape)
    answer(qtbot, dialog.discard_guard.question, DISCARD)
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected
    assert dialog.card_number.text() == "" and dialog.code.text() == ""
    assert services.vault.masked(workshop_id).get(row.id) is None


def test_keyboard_an_untouched_dialog_closes_without_asking(qtbot, qapp, services, workshop_id):
    registration = registration_dialog(qtbot, qapp, services, workshop_id)
    card, _row = card_dialog(qtbot, qapp, services, workshop_id)
    workshop = shown(qtbot, qapp, WorkshopDialog(services, workshop_id))
    for dialog in (registration, card, workshop):
        activate(qtbot, dialog)
        qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Escape)
        assert dialog.discard_guard.question is None
        assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected


def test_keyboard_escape_on_a_changed_registration_or_workshop_asks_first(
    qtbot, qapp, services, workshop_id
):
    registration = registration_dialog(qtbot, qapp, services, workshop_id)
    type_into(qtbot, registration.contact_title, "Director")
    qtbot.keyClick(registration.contact_title, Qt.Key.Key_Escape)
    question = registration.discard_guard.question
    assert question is not None and question.text() == "Discard the registration you typed?"
    answer(qtbot, question, KEEP_EDITING)
    assert registration.isVisible() and registration.contact_title.text() == "Director"
    # Typed back to nothing: nothing to lose, nothing to ask.
    registration.contact_title.selectAll()
    qtbot.keyClick(registration.contact_title, Qt.Key.Key_Backspace)
    qtbot.keyClick(registration.contact_title, Qt.Key.Key_Escape)
    assert not registration.isVisible()

    before = services.workshops.get(workshop_id).title
    workshop = shown(qtbot, qapp, WorkshopDialog(services, workshop_id))
    assert isinstance(workshop, WorkshopDialog)
    workshop.title_edit.selectAll()
    qtbot.keyClicks(workshop.title_edit, "Renamed")
    qtbot.keyClick(workshop.title_edit, Qt.Key.Key_Escape)
    question = workshop.discard_guard.question
    assert question is not None and question.text() == "Discard your changes to the workshop?"
    answer(qtbot, question, DISCARD)
    assert not workshop.isVisible()
    assert services.workshops.get(workshop_id).title == before


def test_keyboard_the_lock_closes_a_filled_card_form_without_asking(
    qtbot, qapp, services, workshop_id
):
    dialog, _row = card_dialog(qtbot, qapp, services, workshop_id)
    fill_card_dialog(qtbot, dialog)
    dialog.done(QDialog.DialogCode.Rejected)  # what the lock does (WindowMessages.close_all)
    assert dialog.discard_guard.question is None and not dialog.isVisible()
    assert dialog.card_number.text() == ""


# -- the agenda and the facilitators ---------------------------------------------------------


def test_keyboard_the_agenda_and_facilitators_are_edited_in_the_workshop_dialog(
    qtbot, qapp, services, workshop_id
):
    dialog = shown(qtbot, qapp, WorkshopDialog(services, workshop_id))
    assert isinstance(dialog, WorkshopDialog)
    agenda = dialog.agenda_editor.table

    qtbot.keyClick(dialog.code_edit, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)  # Add item
    qtbot.waitUntil(lambda: agenda.rowCount() == 7)  # a mnemonic clicks after a short flash
    assert agenda.state() == agenda.State.EditingState
    keys(qtbot, "Closing remarks")
    enter(qtbot, agenda)

    people = dialog.facilitators_editor.table
    qtbot.keyClick(dialog.code_edit, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    assert people.hasFocus()  # Alt+F reaches the facilitators
    people.setCurrentCell(1, 2)  # Vincent Dugré's role
    keys(qtbot, "Co-facilitator")  # typing starts the edit
    assert people.state() == people.State.EditingState

    # Saved straight from the cell being typed in: what it holds is kept.
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    view = services.workshops.get(workshop_id)
    assert [(i.start, i.end, i.title) for i in view.calendar.agenda][-1] == (
        time(15, 0),
        time(15, 30),
        "Closing remarks",
    )
    assert [(p.name, p.role) for p in view.facilitators] == [
        ("Dr. Oliver Ziegler", "Trainer"),
        ("Vincent Dugré", "Co-facilitator"),
    ]
    with services.context.database.reading() as session:
        latest = audit.recent(session, workshop_id)[0]
    assert latest.action == "workshop.update"


def test_keyboard_the_programme_is_checked_like_the_other_fields(
    qtbot, qapp, services, workshop_id
):
    before = services.workshops.get(workshop_id)
    dialog = shown(qtbot, qapp, WorkshopDialog(services, workshop_id))
    assert isinstance(dialog, WorkshopDialog)
    agenda = dialog.agenda_editor.table
    size = dialog.size()

    agenda.setFocus(Qt.FocusReason.TabFocusReason)
    agenda.setCurrentCell(0, 1)  # the welcome's end, 9:15
    qtbot.keyClick(agenda, Qt.Key.Key_F2)
    keys(qtbot, Qt.Key.Key_Up)  # 10:15: into the next item
    enter(qtbot, agenda)
    agenda.setCurrentCell(1, 0)  # the introduction starts 9:15 ...
    qtbot.keyClick(agenda, Qt.Key.Key_F2)
    keys(qtbot, Qt.Key.Key_Up)  # ... 10:15, after its end
    enter(qtbot, agenda)
    dialog.facilitators_editor.add_button.click()  # a facilitator left without a name
    enter(qtbot, dialog.facilitators_editor.table)

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible()
    assert dialog.error_text("agenda").splitlines() == [
        "The agenda item from 10:15 must end after it starts.",
        "'Welcome and introductions' overlaps 'Strategy Pitches'.",  # 9:00-10:15 now
    ]
    assert dialog.error_text("facilitators") == "Facilitator 3 needs a name."
    assert agenda.hasFocus()  # the first field with a problem
    assert dialog.size() == size  # the messages scroll with the form
    assert services.workshops.get(workshop_id) == before

    # Put the introduction back: now the welcome overlaps it.
    agenda.setCurrentCell(1, 0)
    qtbot.keyClick(agenda, Qt.Key.Key_F2)
    keys(qtbot, Qt.Key.Key_Down)
    enter(qtbot, agenda)
    people = dialog.facilitators_editor.table
    people.setFocus(Qt.FocusReason.TabFocusReason)
    people.setCurrentCell(2, 0)
    qtbot.keyClick(people, Qt.Key.Key_Delete)  # Delete removes the empty row
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert dialog.error_text("agenda") == (
        "'Welcome and introductions' overlaps 'Introduction to Cluster Excellence'."
    )
    assert dialog.error_text("facilitators") == ""
    assert services.workshops.get(workshop_id) == before
    dialog.done(QDialog.DialogCode.Rejected)


def test_keyboard_a_check_pending_when_the_data_closes_reads_nothing(
    qtbot, qapp, services, workshop_id
):
    """Typed, then the data closed (the window locked) before the pause's check ran: the
    check is skipped instead of reading a closed database (an error in the event loop)."""
    dialog = registration_dialog(qtbot, qapp, services, workshop_id)
    type_into(qtbot, dialog.contact_email, "someone@")
    assert dialog._timer.isActive()
    services.close()
    qtbot.wait(400)  # past the 250 ms pause: pytest-qt fails on an exception meanwhile
    assert not dialog._timer.isActive()
