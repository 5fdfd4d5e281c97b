"""Which columns of a table are shown: the less-used ones hidden at first, the director's
choice remembered. Chosen from the header's context menu or the View menu's Columns.

The choice is kept by column title (a JSON list of the hidden ones), so adding a column
later neither shifts nor forgets it.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence

from PySide6.QtCore import QObject, QPoint, QSettings, Qt, Signal
from PySide6.QtWidgets import QHeaderView, QMenu, QTableView

from escadesk.i18n import _

#: Settings key: the titles of the registrations table's hidden columns.
HIDDEN_COLUMNS_SETTING = "desk/hidden_columns"


class ColumnChooser(QObject):
    """Shows and hides the columns of ``views`` (a table and, say, its frozen column's
    overlay: their headers get the context menu); column 0 is always shown."""

    changed = Signal()

    def __init__(
        self,
        table: QTableView,
        titles: Sequence[str],
        hidden_by_default: Collection[str],
        headers: Sequence[QHeaderView] = (),
    ) -> None:
        super().__init__(table)
        self._table = table
        self._titles = tuple(titles)
        self._defaults = frozenset(hidden_by_default)
        self._settings: QSettings | None = None
        self._apply(self._defaults)
        for header in headers or (table.horizontalHeader(),):
            header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            header.customContextMenuRequested.connect(
                lambda position, header=header: self._popup(header, position)
            )

    # -- state -----------------------------------------------------------------------------

    def hidden(self) -> list[str]:
        """The titles of the hidden columns, in table order."""
        return [
            title for column, title in enumerate(self._titles) if self._table.isColumnHidden(column)
        ]

    def is_shown(self, title: str) -> bool:
        return not self._table.isColumnHidden(self._titles.index(title))

    def set_shown(self, title: str, shown: bool) -> None:
        column = self._titles.index(title)
        if column == 0 or self._table.isColumnHidden(column) != shown:
            return
        self._table.setColumnHidden(column, not shown)
        self._save()
        self.changed.emit()

    def show_usual(self) -> None:
        """Back to the columns shown at first."""
        self._apply(self._defaults)
        self._save()
        self.changed.emit()

    def remember_in(self, settings: QSettings) -> None:
        """Show the columns chosen last time (kept in ``settings``) and keep each change
        there; without a choice stored, the less-used columns stay hidden."""
        self._settings = settings
        stored = settings.value(HIDDEN_COLUMNS_SETTING)
        try:
            hidden = json.loads(stored) if isinstance(stored, str) else None
        except ValueError:
            hidden = None
        if isinstance(hidden, list):
            self._apply({title for title in hidden if isinstance(title, str)})
            self.changed.emit()

    def _apply(self, hidden: Collection[str]) -> None:
        for column, title in enumerate(self._titles):
            self._table.setColumnHidden(column, column != 0 and title in hidden)

    def _save(self) -> None:
        if self._settings is not None:
            self._settings.setValue(HIDDEN_COLUMNS_SETTING, json.dumps(self.hidden()))

    # -- menus -----------------------------------------------------------------------------

    def fill_menu(self, menu: QMenu) -> None:
        """One checkable entry per column (Organization excepted), then "Usual columns"."""
        menu.clear()
        for title in self._titles[1:]:
            action = menu.addAction(title)
            action.setCheckable(True)
            action.setChecked(self.is_shown(title))
            action.toggled.connect(lambda shown, title=title: self.set_shown(title, shown))
        menu.addSeparator()
        usual = menu.addAction(_("&Usual columns"))
        usual.setToolTip(_("Show the columns shown at first, hide the others"))
        usual.triggered.connect(lambda _checked=False: self.show_usual())

    def _popup(self, header: QHeaderView, position: QPoint) -> None:
        """The header's context menu; it does not block (the lock can close it)."""
        menu = QMenu(header)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.setTitle(_("Columns"))
        self.fill_menu(menu)
        menu.popup(header.mapToGlobal(position))
