"""The main window composed of areas (ui/actions/): every command has a place, and its
enable rule follows the one selection state, with the domain deciding what may happen."""

from __future__ import annotations

from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from escadesk.domain.registration import RegistrationEvent, RegistrationStatus, can
from escadesk.ui.actions.area import MENUS
from escadesk.ui.main_window import MainWindow

#: The commands that act on the selected registration, by the event each brings about.
BY_EVENT = {
    "form": RegistrationEvent.RECEIVE_FORM,
    "authorization": RegistrationEvent.RECEIVE_AUTHORIZATION,
    "accept_late": RegistrationEvent.ACCEPT_LATE,
    "withdraw": RegistrationEvent.WITHDRAW,
    "charge": RegistrationEvent.CHARGE,
}
#: Commands that need no data at all (the window without a vault still answers them; the
#: language is a choice of this computer, kept beside the data, not in it).
WITHOUT_DATA = {"quit", "about", "language"}


def _menu_actions(window: MainWindow) -> dict[str, list[QAction]]:
    return {
        menu.title(): [action for action in menu.actions() if not action.isSeparator()]
        for menu in (action.menu() for action in window.menuBar().actions())
        if menu is not None
    }


def test_every_command_of_every_area_is_in_exactly_one_menu(window: MainWindow) -> None:
    menus = _menu_actions(window)
    assert list(menus) == list(MENUS.values())
    placed = [action for actions in menus.values() for action in actions]
    keys = [key for area in window.areas for key in area.command_keys()]
    assert len(keys) == len(set(keys)), "two areas name a command alike"
    for key in keys:
        assert placed.count(window.action(key)) == 1, key
    # The toolbar adds nothing a menu lacks (the keyboard reaches every command).
    commands = set(window.actions_by_key.values())
    on_toolbar = [action for action in window.toolbar.actions() if action in commands]
    assert len(on_toolbar) >= 5
    for action in on_toolbar:
        assert action in placed


def test_each_registration_command_is_enabled_exactly_when_the_domain_allows_it(
    qtbot: QtBot, window: MainWindow
) -> None:
    assert window.workshop is not None
    rows = window.services.registrations.list(window.workshop.id)
    statuses = {row.status for row in rows}
    # The demo desk has registrations before and after their documents, and a
    # confirmed one after the decision is not part of it: the rule is checked for each
    # status the desk shows, both ways.
    assert len(statuses) >= 3, statuses
    for row in rows:
        window.select_registration(row.id)
        assert window.state.registration is not None
        assert window.state.registration.id == row.id
        for key, event in BY_EVENT.items():
            assert window.action(key).isEnabled() is can(row.status, event), (
                key,
                row.status,
            )
        has_card = row.id in window.state.cards
        assert window.action("reveal").isEnabled() is has_card
        assert window.action("erase_card").isEnabled() is has_card
        assert window.action("edit_registration").isEnabled()


def test_a_charge_is_offered_for_a_confirmed_registration_only(window: MainWindow) -> None:
    assert window.workshop is not None
    rows = window.services.registrations.list(window.workshop.id)
    row = rows[0]
    state = window.state.selecting(row)
    for status in RegistrationStatus:
        changed = state.selecting(_with_status(row, status))
        assert changed.allows(RegistrationEvent.CHARGE) is (status is RegistrationStatus.CONFIRMED)


def test_a_background_job_disables_every_data_command_until_it_ends(window: MainWindow) -> None:
    enabled_before = {key: action.isEnabled() for key, action in window.actions_by_key.items()}
    window.set_busy(True)
    for key, action in window.actions_by_key.items():
        assert action.isEnabled() is (key in WITHOUT_DATA), key
    assert not window.workshop_picker.isEnabled()
    # A selection made meanwhile enables nothing either.
    assert window.workshop is not None
    window.select_registration(window.services.registrations.list(window.workshop.id)[-1].id)
    assert not window.action("edit_registration").isEnabled()
    window.set_busy(False)
    assert window.action("new_registration").isEnabled()
    assert window.action("edit_registration").isEnabled()
    assert window.workshop_picker.isEnabled()
    assert enabled_before["new_registration"]


def test_locked_only_quit_and_about_remain(window: MainWindow) -> None:
    window.lock()
    for key, action in window.actions_by_key.items():
        assert action.isEnabled() is (key in WITHOUT_DATA), key


def _with_status(row, status: RegistrationStatus):  # type: ignore[no-untyped-def]
    from dataclasses import replace

    return replace(row, status=status)


def test_a_change_to_one_registration_reads_only_its_row_again(
    qtbot: QtBot, window: MainWindow, monkeypatch
) -> None:
    """Recording a form names the registration it touched: the window re-reads that row
    (services/desk_view.py's update), not the whole workshop."""
    assert window.workshop is not None
    rows = window.services.registrations.list(window.workshop.id)
    row = next(r for r in rows if can(r.status, RegistrationEvent.RECEIVE_FORM))
    calls: list[object] = []
    full = window.refresh
    monkeypatch.setattr(
        window, "refresh", lambda changed=None: (calls.append(changed), full(changed))
    )
    window.select_registration(row.id)
    window.action("form").trigger()
    dialog = window.active_dialog
    assert dialog is not None
    dialog.accept()
    qtbot.waitUntil(lambda: bool(calls))
    assert calls == [[row.id]]
    after = window.selected_registration()
    assert after is not None and after.form_received_at is not None
