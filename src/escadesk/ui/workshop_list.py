"""The workshop picker's list (ui/main_window.py): an institute keeps years of workshops,
and filling a QComboBox one item at a time, a tooltip each, cost ~10 ms per thousand at
every unlock (issue 17). This model takes the whole list in one reset and writes a
tooltip only when one is asked for."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex

from escadesk.domain.moments import long_date

if TYPE_CHECKING:
    from escadesk.services.views import WorkshopSummary

AnyIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
#: Qt.ItemDataRole's values: the window builds this model before its first paint, when
#: touching PySide6's ``Qt`` namespace would build all its enums (tests/ui/test_startup.py).
DISPLAY_ROLE, TOOLTIP_ROLE, USER_ROLE = 0, 3, 256


def workshop_labels(workshops: Sequence[WorkshopSummary]) -> list[str]:
    """The picker's text for each workshop: its title, and its code only where two share
    a title (a workshop run every year); the code and date are in the tooltip anyway."""
    titles = Counter(workshop.title for workshop in workshops)
    return [
        workshop.title if titles[workshop.title] == 1 else f"{workshop.title} ({workshop.code})"
        for workshop in workshops
    ]


class WorkshopListModel(QAbstractListModel):
    """One row a workshop: its label (display), its id (the user role, what
    ``QComboBox.itemData`` reads) and "CODE · Oct 4, 2018" as its tooltip."""

    def __init__(self) -> None:
        super().__init__()
        self._workshops: list[WorkshopSummary] = []
        self._labels: list[str] = []
        self._rows: dict[int, int] = {}

    def set_workshops(self, workshops: Sequence[WorkshopSummary]) -> None:
        self.beginResetModel()
        self._workshops = list(workshops)
        self._labels = workshop_labels(self._workshops)
        self._rows = {workshop.id: row for row, workshop in enumerate(self._workshops)}
        self.endResetModel()

    def row_of(self, workshop_id: int | None) -> int:
        """The row of ``workshop_id`` (-1: not listed), without asking every row's data."""
        return -1 if workshop_id is None else self._rows.get(workshop_id, -1)

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._workshops)

    def data(self, index: AnyIndex, role: int = DISPLAY_ROLE) -> object:
        row = index.row()
        if not index.isValid() or not 0 <= row < len(self._workshops):
            return None
        if role == DISPLAY_ROLE:
            return self._labels[row]
        if role == USER_ROLE:
            return self._workshops[row].id
        if role == TOOLTIP_ROLE:
            workshop = self._workshops[row]
            return f"{workshop.code} · {long_date(workshop.event_date)}"
        return None

    def removeRows(self, row: int, count: int, parent: AnyIndex = _ROOT) -> bool:
        """What ``QComboBox.clear`` calls (the window clears the picker when it locks)."""
        if parent.isValid() or count <= 0 or row < 0 or row + count > len(self._workshops):
            return False
        self.beginRemoveRows(_ROOT, row, row + count - 1)
        del self._workshops[row : row + count]
        del self._labels[row : row + count]
        self._rows = {workshop.id: row for row, workshop in enumerate(self._workshops)}
        self.endRemoveRows()
        return True
