"""What every area of the window's commands has in common: actions with a place in the
menus and an enable rule computed from the one ``SelectionState``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

from escadesk.ui.actions.menus import MENUS as MENUS  # the menus, by key
from escadesk.ui.actions.menus import menu_title as menu_title

if TYPE_CHECKING:
    from escadesk.ui.selection_state import SelectionState
    from escadesk.ui.window_api import MainWindowApi


Rule = Callable[["SelectionState"], bool]


def always(_state: SelectionState) -> bool:
    return True


def ready(state: SelectionState) -> bool:
    """The data is open and no background job changes it."""
    return state.ready


def has_workshop(state: SelectionState) -> bool:
    return state.has_workshop


def has_registration(state: SelectionState) -> bool:
    return state.has_registration


def has_card(state: SelectionState) -> bool:
    return state.has_card


@dataclass(frozen=True)
class Place:
    """Where an action sits in a menu: sections are parted by separators, and ``rank``
    orders the actions of a section (areas share menus, so the order is explicit)."""

    menu: str
    section: int
    rank: int


@dataclass(frozen=True)
class Command:
    key: str
    action: QAction
    rule: Rule
    place: Place | None
    toolbar_rank: int | None


class ActionArea:
    """One area's commands; subclasses add them in ``__init__`` with ``add``."""

    def __init__(self, window: MainWindowApi) -> None:
        self.window = window
        self.commands: list[Command] = []

    def add(
        self,
        key: str,
        text: str,
        handler: Callable[[], None],
        *,
        enabled: Rule = ready,
        menu: Place | None = None,
        shortcut: QKeySequence.StandardKey | str | None = None,
        tip: str | None = None,
        toolbar: int | None = None,
        toolbar_text: str | None = None,
    ) -> QAction:
        """``setShortcuts`` rather than ``setShortcut``: the latter makes PySide6 create
        the whole ``Qt`` enum namespace before the first paint (see ui/style.py), and for
        a standard key it also binds every platform alternative (F5 and Ctrl+R, ...).

        ``toolbar_text``: a shorter text for the toolbar's button (the action's icon text;
        the menus keep ``text``), so that the longer French labels do not push the
        toolbar's last buttons into its overflow menu."""
        action = QAction(text, self.window.window())
        if toolbar_text:
            action.setIconText(toolbar_text)
        if isinstance(shortcut, QKeySequence.StandardKey):
            action.setShortcuts(shortcut)
        elif shortcut is not None:
            action.setShortcuts([QKeySequence(shortcut)])
        if tip:
            action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: handler())
        self.commands.append(Command(key, action, enabled, menu, toolbar))
        return action

    def adopt(
        self, key: str, action: QAction, *, enabled: Rule = ready, menu: Place | None = None
    ) -> QAction:
        """Place an action built elsewhere (one with a submenu, say) like the others."""
        self.commands.append(Command(key, action, enabled, menu, None))
        return action

    def command_keys(self) -> list[str]:
        return [command.key for command in self.commands]

    def actions(self) -> Iterator[tuple[str, QAction]]:
        for command in self.commands:
            yield command.key, command.action

    def update(self, state: SelectionState) -> None:
        """Show each command the role may use (ui/actions/capabilities.py), and enable
        it by its rule."""
        from escadesk.ui.actions.capabilities import permitted, window_capabilities

        capabilities = window_capabilities(self.window)
        for command in self.commands:
            shown = permitted(command.key, capabilities)
            command.action.setVisible(shown)
            command.action.setEnabled(shown and command.rule(state))
