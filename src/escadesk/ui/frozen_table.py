"""A table whose first column stays put while the other columns scroll sideways.

On a narrow screen the registrations table scrolls horizontally and used to take the
Organization column out of sight, leaving rows of ticks without a name. This is Qt's
"frozen column" example: a second view over the same model and selection, showing only
column 0, laid over the table's own column 0 and scrolled vertically along with it.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

from escadesk.i18n import _
from escadesk.ui.style import BORDER

AnyIndex = QModelIndex | QPersistentModelIndex


class FrozenColumnTable(QTableView):
    """``frozen`` is the overlay; configure both views alike through :meth:`views`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        frozen = QTableView(self)
        self.frozen = frozen
        frozen.setObjectName("frozenColumn")
        # Part of the table, not a control of its own: the keyboard stays on the table.
        frozen.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        frozen.setAccessibleName(_("Organization column, kept in view"))
        frozen.setStyleSheet(
            f"QTableView#frozenColumn {{ border: none; border-right: 1px solid {BORDER};"
            " border-radius: 0; }"
        )
        frozen.verticalHeader().hide()
        frozen.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        frozen.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for view in self.views():
            view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.viewport().stackUnder(frozen)
        frozen.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.verticalScrollBar().valueChanged.connect(frozen.verticalScrollBar().setValue)
        self.horizontalHeader().sectionResized.connect(self._section_resized)
        frozen.horizontalHeader().sectionResized.connect(self._frozen_resized)
        self.horizontalHeader().sortIndicatorChanged.connect(self._show_sort)
        frozen.horizontalHeader().setSectionsClickable(True)
        frozen.horizontalHeader().sectionClicked.connect(self._sort_frozen)
        frozen.clicked.connect(self.clicked)
        frozen.doubleClicked.connect(self.doubleClicked)

    def views(self) -> tuple[QTableView, QTableView]:
        """The table and its frozen column: what is set on one must be set on both."""
        return self, self.frozen

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        self.frozen.setModel(model)
        self.frozen.setSelectionModel(self.selectionModel())
        if model is not None:
            model.modelReset.connect(self._hide_unfrozen)
            model.columnsInserted.connect(self._hide_unfrozen)
        self._hide_unfrozen()

    def _hide_unfrozen(self) -> None:
        model = self.model()
        for column in range(1, model.columnCount() if model is not None else 0):
            self.frozen.setColumnHidden(column, True)
        self.frozen.setColumnWidth(0, self.columnWidth(0))
        self._place_frozen()

    # -- keeping the overlay on column 0 ---------------------------------------------------

    def _section_resized(self, column: int, _old: int, size: int) -> None:
        if column == 0:
            if self.frozen.columnWidth(0) != size:
                self.frozen.setColumnWidth(0, size)
            self._place_frozen()

    def set_column_widths(self, widths: Mapping[int, int]) -> None:
        """Several columns resized at once. A hidden table (the desk filled behind the
        unlock page) skips Qt's deferred repaint: each resize starts a zero timer that
        repaints the table from that column rightwards, and it fired after the desk's first
        paint, a second paint of the whole table (issue 17). A hidden table is painted
        whole when shown: only its geometry is updated, and the frozen column's width."""
        if self.isVisible():
            for column, width in widths.items():
                self.setColumnWidth(column, width)
            return
        headers = (self.horizontalHeader(), self.frozen.horizontalHeader())
        blocked = [header.blockSignals(True) for header in headers]
        try:
            for column, width in widths.items():
                self.setColumnWidth(column, width)
            self.frozen.setColumnWidth(0, self.columnWidth(0))
        finally:
            for header, was_blocked in zip(headers, blocked, strict=True):
                header.blockSignals(was_blocked)
        self.updateGeometries()  # and places the frozen column

    def _frozen_resized(self, column: int, _old: int, size: int) -> None:
        """The column dragged wider on the overlay's header: the table's follows."""
        if column == 0 and self.columnWidth(0) != size:
            self.setColumnWidth(0, size)

    def _place_frozen(self) -> None:
        frame = self.frameWidth()
        header = self.horizontalHeader()
        self.frozen.horizontalHeader().setFixedHeight(header.height())
        self.frozen.verticalHeader().setDefaultSectionSize(
            self.verticalHeader().defaultSectionSize()
        )
        left = frame + (self.verticalHeader().width() if self.verticalHeader().isVisible() else 0)
        self.frozen.setGeometry(
            left, frame, self.columnWidth(0) + 1, self.viewport().height() + header.height()
        )
        self.frozen.verticalScrollBar().setValue(self.verticalScrollBar().value())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_frozen()

    def updateGeometries(self) -> None:
        super().updateGeometries()
        self._place_frozen()

    # -- sorting from the overlay's header ----------------------------------------------------

    def _show_sort(self, column: int, order: Qt.SortOrder) -> None:
        header = self.frozen.horizontalHeader()
        header.setSortIndicatorShown(column == 0 and self.horizontalHeader().isSortIndicatorShown())
        header.setSortIndicator(0, order)

    def _sort_frozen(self, column: int) -> None:
        """A click on the overlay's header sorts the table as a click on its own would."""
        if column != 0 or not self.isSortingEnabled():
            return
        header = self.horizontalHeader()
        ascending = header.sortIndicatorSection() != 0 or (
            header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
        )
        order = Qt.SortOrder.AscendingOrder if ascending else Qt.SortOrder.DescendingOrder
        self.sortByColumn(0, order)

    # -- keyboard and scrolling never hide a cell under the overlay ------------------------

    def moveCursor(
        self, cursorAction: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        current = super().moveCursor(cursorAction, modifiers)
        left = self.visualRect(current).left()
        if current.column() > 0 and left < self.columnWidth(0):
            bar = self.horizontalScrollBar()
            bar.setValue(bar.value() + left - self.columnWidth(0))
        return current

    def scrollTo(
        self,
        index: AnyIndex,
        hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible,
    ) -> None:
        """Column 0 is always in view: scroll to its row without scrolling sideways."""
        if index.column() > 0:
            super().scrollTo(index, hint)
            return
        bar = self.horizontalScrollBar()
        kept = bar.value()
        super().scrollTo(index, hint)
        bar.setValue(kept)
