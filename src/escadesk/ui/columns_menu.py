"""The View menu's "Columns" entry, built with the window (before its first paint), so it
imports nothing that names ``Qt`` (see ui/style.py); the chooser it fills the submenu
from lives with the desk (ui/column_chooser.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from escadesk.i18n import _

if TYPE_CHECKING:
    from escadesk.ui.column_chooser import ColumnChooser


def columns_action(parent: QWidget, chooser: Callable[[], ColumnChooser | None]) -> QAction:
    """The View menu's "Columns" entry: a submenu filled, each time it opens, from the
    chooser of the desk shown (``chooser()``; None while locked: the submenu is empty)."""
    action = QAction(_("&Columns"), parent)
    action.setToolTip(_("Choose the columns of the registrations table"))
    menu = QMenu(parent)
    menu.setTitle(_("Columns"))

    def fill() -> None:
        current = chooser()
        if current is None:
            menu.clear()
            menu.addAction(_("Unlock to choose the columns")).setEnabled(False)
        else:
            current.fill_menu(menu)

    menu.aboutToShow.connect(fill)
    action.setMenu(menu)
    return action
