"""The workshop picker's list (ui/main_window.py): an institute keeps years of workshops,
and filling a QComboBox one item at a time, a tooltip each, cost ~10 ms per thousand at
every unlock (issue 17). This model takes the whole list in one reset and writes a
tooltip only when one is asked for.

The picker is sized from a sample of labels (:func:`picker_characters`): a QComboBox that
adjusts to its contents asks every row's text and icon and measures each text, twice per
layout (its size and its minimum size), ~5 ms per thousand workshops at every unlock."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from heapq import nlargest
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex

from escadesk.domain.moments import long_date

if TYPE_CHECKING:
    from escadesk.services.views import WorkshopSummary

#: Labels measured to size the picker: the longest by characters (ui/style.py sizes the
#: picker by ``minimumContentsLength``, in widths of "X", instead of measuring every row).
SAMPLE_LABELS = 24

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


class TextMetrics(Protocol):
    """What :func:`picker_characters` needs of a QFontMetrics."""

    def horizontalAdvance(self, text: str, /) -> int: ...


def picker_characters(labels: Sequence[str], metrics: TextMetrics) -> int:
    """How many widths of "X" (what QComboBox's ``minimumContentsLength`` counts) show the
    widest label, measured on the :data:`SAMPLE_LABELS` longest ones, and one to spare: a
    shorter label of wide letters ("W", "M") can be a few pixels wider than the longest
    (tests/ui/test_workshop_list.py); one much wider than them is elided in the picker."""
    sample = nlargest(SAMPLE_LABELS, labels, key=len)
    if not sample:
        return 0
    widest = max(metrics.horizontalAdvance(label) for label in sample)
    return 1 - (-widest // max(1, metrics.horizontalAdvance("X")))


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

    def labels(self) -> Sequence[str]:
        """Each row's label, in order."""
        return self._labels

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
