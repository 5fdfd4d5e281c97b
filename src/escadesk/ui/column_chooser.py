"""Which columns of a table are shown: the less-used ones hidden at first, the director's
choice remembered. Chosen from the header's context menu or the View menu's Columns.

The choice is kept by column key (a JSON list of the hidden ones' keys), so adding a
column later neither shifts nor forgets it, and a change of language (the titles are
translated) keeps it. A choice an older escadesk kept by English title is read once,
then kept by key.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Mapping, Sequence

from PySide6.QtCore import QObject, QPoint, QSettings, Qt, Signal
from PySide6.QtWidgets import QHeaderView, QMenu, QTableView

from escadesk.i18n import _

#: Settings key: the keys of the registrations table's hidden columns.
HIDDEN_COLUMNS_SETTING = "desk/hidden_column_keys"
#: Settings key of older versions: the (English) titles of the hidden columns.
LEGACY_HIDDEN_TITLES_SETTING = "desk/hidden_columns"


class ColumnChooser(QObject):
    """Shows and hides the columns of ``views`` (a table and, say, its frozen column's
    overlay: their headers get the context menu); column 0 is always shown.

    Columns are named by ``keys`` (stable, stored); ``label`` gives the title shown for a
    key (translated); ``legacy_titles`` maps the English titles older versions stored to
    their keys."""

    changed = Signal()

    def __init__(
        self,
        table: QTableView,
        keys: Sequence[str],
        hidden_by_default: Collection[str],
        headers: Sequence[QHeaderView] = (),
        *,
        label: Callable[[str], str] = str,
        legacy_titles: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(table)
        self._table = table
        self._keys = tuple(keys)
        self._label = label
        self._legacy = dict(legacy_titles or {})
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
        """The keys of the hidden columns, in table order."""
        return [key for column, key in enumerate(self._keys) if self._table.isColumnHidden(column)]

    def is_shown(self, key: str) -> bool:
        return not self._table.isColumnHidden(self._keys.index(key))

    def set_shown(self, key: str, shown: bool) -> None:
        column = self._keys.index(key)
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
        there; without a choice stored, the less-used columns stay hidden. A choice an
        older version stored by English title is taken once and stored by key."""
        self._settings = settings
        hidden = _stored_list(settings, HIDDEN_COLUMNS_SETTING)
        if hidden is None:
            titles = _stored_list(settings, LEGACY_HIDDEN_TITLES_SETTING)
            if titles is None:
                return
            hidden = [self._legacy[title] for title in titles if title in self._legacy]
            self._apply(set(hidden))
            self._save()
            settings.remove(LEGACY_HIDDEN_TITLES_SETTING)
        else:
            self._apply(set(hidden))
        self.changed.emit()

    def _apply(self, hidden: Collection[str]) -> None:
        for column, key in enumerate(self._keys):
            self._table.setColumnHidden(column, column != 0 and key in hidden)

    def _save(self) -> None:
        if self._settings is not None:
            self._settings.setValue(HIDDEN_COLUMNS_SETTING, json.dumps(self.hidden()))

    # -- menus -----------------------------------------------------------------------------

    def fill_menu(self, menu: QMenu) -> None:
        """One checkable entry per column (Organization excepted), then "Usual columns"."""
        menu.clear()
        for key in self._keys[1:]:
            action = menu.addAction(self._label(key))
            action.setCheckable(True)
            action.setChecked(self.is_shown(key))
            action.toggled.connect(lambda shown, key=key: self.set_shown(key, shown))
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


def _stored_list(settings: QSettings, name: str) -> list[str] | None:
    """The JSON list of texts stored under ``name``; None if none (or not readable)."""
    stored = settings.value(name)
    try:
        value = json.loads(stored) if isinstance(stored, str) else None
    except ValueError:
        return None
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else None
