"""The workshop's agenda and facilitators, edited in place (they were read-only before).

Each is a small table: a cell is edited by typing in it (or F2, or a double click), Tab
moves on, Delete on a row that is not being edited removes it, and a button adds a
row. What the tables hold is read back as typed; the workshop service checks it with
the other workshop fields (titles, times, overlaps, names) before anything is saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTime,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from escadesk.domain.workshop_calendar import (
    DEFAULT_ROLE,
    AgendaItem,
    AgendaKind,
    Facilitator,
    clock,
)
from escadesk.i18n import N_, _

#: How the kinds read in the table.
KIND_NAMES = {
    AgendaKind.SESSION: N_("Session"),
    AgendaKind.PITCHES: N_("Strategy pitches"),
    AgendaKind.BREAK: N_("Break"),
}
#: A new item's length, after the last one.
NEW_ITEM_MINUTES = 30
_VISIBLE_ROWS = 7


@dataclass(frozen=True)
class AgendaRow:
    """One agenda line as typed: its times may still be the wrong way round."""

    start: time
    end: time
    title: str
    kind: AgendaKind


def _qtime(moment: time) -> QTime:
    return QTime(moment.hour, moment.minute)


def _pytime(moment: QTime) -> time:
    return time(moment.hour(), moment.minute())


class _TimeDelegate(QStyledItemDelegate):
    """Times as the agenda writes them ("9:30"), edited with a 24-hour time field."""

    def displayText(self, value: object, locale: QLocale | QLocale.Language) -> str:
        return (
            clock(_pytime(value))
            if isinstance(value, QTime)
            else super().displayText(value, locale)
        )

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        editor = QTimeEdit(parent)
        editor.setDisplayFormat("H:mm")
        editor.setAccessibleName(
            str(index.model().headerData(index.column(), Qt.Orientation.Horizontal))
        )
        return editor


class _KindDelegate(QStyledItemDelegate):
    """The kind of an item, chosen from the three the pitch schedule understands."""

    def displayText(self, value: object, locale: QLocale | QLocale.Language) -> str:
        if not isinstance(value, str):
            return ""
        name = KIND_NAMES.get(AgendaKind(value))
        return _(name) if name else str(value)

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        editor = QComboBox(parent)
        editor.setAccessibleName(_("Kind"))
        for kind, name in KIND_NAMES.items():
            editor.addItem(_(name), kind.value)
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(
        self,
        editor: QWidget,
        model: QAbstractItemModel,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class _RowTable(QTableWidget):
    """A table of editable rows; Delete removes the current row when no cell is edited."""

    def __init__(self, headers: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(0, len(headers), parent)
        self.setHorizontalHeaderLabels(list(headers))
        self.verticalHeader().setVisible(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)  # Tab leaves the table, as in every other field
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.installEventFilter(self)

    def finish_editing(self) -> None:
        """Keep what is being typed in a cell when the form is read (Save pressed without
        leaving the cell)."""
        if self.state() != QAbstractItemView.State.EditingState:
            return
        editor = self.indexWidget(self.currentIndex())
        if editor is not None:
            self.commitData(editor)
            self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def fit_rows(self) -> None:
        """Tall enough for every row up to a handful, so the dialog's scroll does the rest."""
        rows = max(2, min(self.rowCount(), _VISIBLE_ROWS))
        height = self.horizontalHeader().sizeHint().height() + 2 * self.frameWidth()
        height += rows * self.verticalHeader().defaultSectionSize()
        self.setFixedHeight(height)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Delete
            and self.state() != QAbstractItemView.State.EditingState
            and self.currentRow() >= 0
        ):
            self.removeRow(self.currentRow())
            self.fit_rows()
            return True
        return False


def _text_item(text: str) -> QTableWidgetItem:
    return QTableWidgetItem(text)


def _data_item(value: object) -> QTableWidgetItem:
    item = QTableWidgetItem()
    item.setData(Qt.ItemDataRole.EditRole, value)
    return item


class AgendaEditor(QWidget):
    """Start, end, title and kind of each agenda item."""

    changed = Signal()

    def __init__(self, agenda: tuple[AgendaItem, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = _RowTable((_("Start"), _("End"), _("Title"), _("Kind")))
        times = _TimeDelegate(self.table)
        self.table.setItemDelegateForColumn(0, times)
        self.table.setItemDelegateForColumn(1, times)
        self.table.setItemDelegateForColumn(3, _KindDelegate(self.table))
        header = self.table.horizontalHeader()
        for column in (0, 1, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.add_button = QPushButton(_("Add &item"))
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_item)
        self.remove_button = QPushButton(_("Remove item"))
        self.remove_button.setAutoDefault(False)
        self.remove_button.setToolTip(_("Removes the selected item (or press Delete in the table)"))
        self.remove_button.clicked.connect(self.remove_item)
        _lay_out(self, self.table, self.add_button, self.remove_button)
        for item in sorted(agenda, key=lambda entry: entry.start):
            self._append(AgendaRow(item.start, item.end, item.title, item.kind))
        self.table.fit_rows()
        self.table.itemChanged.connect(lambda _item: self.changed.emit())
        self.table.model().rowsRemoved.connect(lambda *_args: self.changed.emit())

    def load(self, agenda: tuple[AgendaItem, ...]) -> None:
        """Show ``agenda`` instead of what is in the table (the form reloaded)."""
        self.table.setRowCount(0)
        for item in sorted(agenda, key=lambda entry: entry.start):
            self._append(AgendaRow(item.start, item.end, item.title, item.kind))
        self.table.fit_rows()

    def _append(self, row: AgendaRow) -> int:
        number = self.table.rowCount()
        self.table.insertRow(number)
        self.table.setItem(number, 0, _data_item(_qtime(row.start)))
        self.table.setItem(number, 1, _data_item(_qtime(row.end)))
        self.table.setItem(number, 2, _text_item(row.title))
        self.table.setItem(number, 3, _data_item(row.kind.value))
        return number

    def rows(self) -> list[AgendaRow]:
        """The agenda as typed, in the table's order."""
        self.table.finish_editing()
        found = []
        for number in range(self.table.rowCount()):
            start, end, title, kind = (self.table.item(number, c) for c in range(4))
            assert start is not None and end is not None and title is not None
            assert kind is not None
            found.append(
                AgendaRow(
                    _pytime(start.data(Qt.ItemDataRole.EditRole)),
                    _pytime(end.data(Qt.ItemDataRole.EditRole)),
                    title.text(),
                    AgendaKind(kind.data(Qt.ItemDataRole.EditRole)),
                )
            )
        return found

    def add_item(self) -> None:
        """A new item after the last one, its title ready to be typed."""
        rows = self.rows()
        start = max((row.end for row in rows), default=time(9, 0))
        end_minutes = min(start.hour * 60 + start.minute + NEW_ITEM_MINUTES, 23 * 60 + 59)
        end = time(end_minutes // 60, end_minutes % 60)
        number = self._append(AgendaRow(start, end, "", AgendaKind.SESSION))
        self.table.fit_rows()
        self.changed.emit()
        self._edit(number, 2)

    def remove_item(self) -> None:
        if self.table.currentRow() >= 0:
            self.table.removeRow(self.table.currentRow())
            self.table.fit_rows()

    def _edit(self, row: int, column: int) -> None:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self.table.setCurrentCell(row, column)
        item = self.table.item(row, column)
        if item is not None:
            self.table.editItem(item)


class FacilitatorsEditor(QWidget):
    """Name, affiliation and role of each facilitator, in the order they are introduced."""

    changed = Signal()

    def __init__(
        self, facilitators: tuple[Facilitator, ...], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.table = _RowTable((_("Name"), _("Affiliation"), _("Role")))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setColumnWidth(0, 180)
        self.add_button = QPushButton(_("Ne&w facilitator"))
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_person)
        self.remove_button = QPushButton(_("Remove facilitator"))
        self.remove_button.setAutoDefault(False)
        self.remove_button.setToolTip(
            _("Removes the selected facilitator (or press Delete in the table)")
        )
        self.remove_button.clicked.connect(self.remove_person)
        _lay_out(self, self.table, self.add_button, self.remove_button)
        for person in facilitators:
            self._append(person)
        self.table.fit_rows()
        self.table.itemChanged.connect(lambda _item: self.changed.emit())
        self.table.model().rowsRemoved.connect(lambda *_args: self.changed.emit())

    def load(self, facilitators: tuple[Facilitator, ...]) -> None:
        """Show ``facilitators`` instead of what is in the table (the form reloaded)."""
        self.table.setRowCount(0)
        for person in facilitators:
            self._append(person)
        self.table.fit_rows()

    def _append(self, person: Facilitator) -> int:
        number = self.table.rowCount()
        self.table.insertRow(number)
        for column, text in enumerate((person.name, person.affiliation, person.role)):
            self.table.setItem(number, column, _text_item(text))
        return number

    def rows(self) -> list[Facilitator]:
        """The facilitators as typed (an empty role is the default one)."""
        self.table.finish_editing()
        found = []
        for number in range(self.table.rowCount()):
            texts = [self._text(number, column) for column in range(3)]
            found.append(Facilitator(texts[0], texts[1], texts[2].strip() or DEFAULT_ROLE))
        return found

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""

    def add_person(self) -> None:
        number = self._append(Facilitator("", "", DEFAULT_ROLE))
        self.table.fit_rows()
        self.changed.emit()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self.table.setCurrentCell(number, 0)
        item = self.table.item(number, 0)
        if item is not None:
            self.table.editItem(item)

    def remove_person(self) -> None:
        if self.table.currentRow() >= 0:
            self.table.removeRow(self.table.currentRow())
            self.table.fit_rows()


def _lay_out(editor: QWidget, table: QTableWidget, *buttons: QPushButton) -> None:
    column = QVBoxLayout(editor)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(6)
    column.addWidget(table)
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    column.addLayout(row)
