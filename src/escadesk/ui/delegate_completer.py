"""Suggest delegates in an e-mail field: type part of an address, a name or an organization.

The list shows "Wei Chen · wei.chen@prict.example · Pearl River ICT Cluster"; what goes
into the field is the e-mail alone. Matching ignores case and accents ("sofia" finds
Sofía Muñoz).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter

from escadesk.domain.completion import folded
from escadesk.domain.delegate_match import DelegateEntry

#: What the completer matches against: name, e-mail and organization, folded.
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1
#: What goes into the field when a row is chosen.
EMAIL_ROLE = Qt.ItemDataRole.UserRole + 2


def _row(entry: DelegateEntry) -> QStandardItem:
    shown = " · ".join(part for part in (entry.name, entry.email, entry.organization) if part)
    item = QStandardItem(shown)
    item.setEditable(False)
    item.setToolTip(shown)
    words = " ".join((entry.name, entry.email, entry.organization))
    item.setData(f"{words} {folded(words)}", SEARCH_ROLE)
    item.setData(entry.email, EMAIL_ROLE)
    return item


class DelegateCompleter(QCompleter):
    """A popup of matching delegates for one e-mail field."""

    def __init__(self, entries: Sequence[DelegateEntry], parent: QObject | None = None) -> None:
        super().__init__(parent)
        model = QStandardItemModel(self)
        for entry in entries:
            model.appendRow(_row(entry))
        self.setModel(model)
        self.setCompletionRole(SEARCH_ROLE)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setMaxVisibleItems(8)

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        """The e-mail of the chosen row, not the text it is found by."""
        return str(index.data(EMAIL_ROLE) or "")
