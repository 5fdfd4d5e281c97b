"""The window follows the role it runs as (issue 20): a staff desk shows no vault
command, a finance desk no editing command either; a director's shows them all."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from escadesk.domain.roles import Role
from escadesk.ui.actions.capabilities import EDITING, VAULT
from escadesk.ui.main_window import MainWindow


def _shown_in_menus(window: MainWindow) -> set[str]:
    """The keys of the commands a person sees in the menu bar and the toolbar."""
    by_action = {action: key for key, action in window.actions_by_key.items()}
    seen: set[str] = set()
    menus = [action.menu() for action in window.menuBar().actions()]
    for menu in menus:
        assert menu is not None
        menu.aboutToShow.emit()
        seen |= {by_action[a] for a in menu.actions() if a in by_action and a.isVisible()}
    toolbar: list[QAction] = window.toolbar.actions()
    seen |= {by_action[a] for a in toolbar if a in by_action and a.isVisible()}
    return seen


def _as(window: MainWindow, role: Role) -> None:
    """A fake capability set: the role the server would have reported at start."""
    window.services.context.role = role
    window.select_registration(window.services.registrations.list(window.workshop.id)[0].id)


@pytest.mark.parametrize(
    ("role", "hidden"),
    [(Role.DIRECTOR, frozenset()), (Role.STAFF, VAULT), (Role.FINANCE, VAULT | EDITING)],
)
def test_the_menus_hide_what_the_role_cannot_do(
    qtbot: QtBot, window: MainWindow, role: Role, hidden: frozenset[str]
) -> None:
    assert window.workshop is not None
    _as(window, role)
    shown = _shown_in_menus(window)
    every = set(window.actions_by_key)
    assert shown == every - hidden
    for key in hidden:
        assert not window.action(key).isEnabled(), key
    # What every role keeps: reading, exporting, the audit log.
    for key in ("export_roster", "export_finance", "audit_log", "find", "lock"):
        assert key in shown
    if role is not Role.DIRECTOR:
        assert {"reveal", "charge", "erase_card", "decision", "authorization"} <= every - shown


def test_a_staff_desk_does_not_open_the_reveal_dialog_from_the_desk(
    qtbot: QtBot, window: MainWindow
) -> None:
    """The desk's own way to reveal (a click on the masked card) follows the role too."""
    assert window.workshop is not None
    cards = window.state.cards
    assert cards, "the demo has cards in the vault"
    from escadesk.ui.reveal_dialog import RevealDialog

    window.services.context.role = Role.STAFF
    window.select_registration(next(iter(cards)))
    window.vault_area.open_reveal()
    assert not window.findChildren(RevealDialog)
    window.services.context.role = Role.DIRECTOR  # the same click, as a director
    window.vault_area.open_reveal()
    dialogs = window.findChildren(RevealDialog)
    assert len(dialogs) == 1
    dialogs[0].reject()
