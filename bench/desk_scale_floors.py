"""The Qt floors bench/desk_scale.py compares the desk with, and the gestures both get.

A floor is the least Qt itself needs for the same rows (the desk's own display texts,
read from its table): a bare ``QTableView`` over a plain ``QAbstractTableModel`` to show
them, a bare ``QSortFilterProxyModel`` over a ``QStandardItemModel`` to filter and sort
them (C++ all the way: no Python call per row or per comparison). The gestures are the
user's: keys typed into a line edit, a mouse click on a header, each timed until the
view holds the result and has painted it.
"""

from __future__ import annotations

import sqlite3
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractProxyModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QSortFilterProxyModel,
    Qt,
    QThreadPool,
)
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QMainWindow,
    QTableView,
    QVBoxLayout,
    QWidget,
)

#: Both windows get the size the UI tests give the desk.
WINDOW_SIZE = (1400, 860)
Row = tuple[str, ...]
DISPLAY = Qt.ItemDataRole.DisplayRole
HORIZONTAL = Qt.Orientation.Horizontal


# -- waiting for Qt ------------------------------------------------------------------------

_slot_errors: list[BaseException] = []


@contextmanager
def slot_errors_raised() -> Iterator[None]:
    """PySide prints an exception raised in a slot and carries on: a desk that failed to
    load would be waited for until the timeout. Inside this, the next wait raises it."""
    previous = sys.excepthook
    sys.excepthook = lambda _kind, error, _traceback: _slot_errors.append(error)
    try:
        yield
    finally:
        sys.excepthook = previous
        _slot_errors.clear()


def _raise_slot_error() -> None:
    if _slot_errors:
        error = _slot_errors[0]
        _slot_errors.clear()
        raise RuntimeError(f"the code measured raised in a Qt slot: {error!r}") from error


def wait_until(ready: Callable[[], bool], what: str, timeout: float = 3600.0) -> None:
    """Process events until ``ready()``: work the subject defers (a timer, a thread) is
    part of what the user waits for. The timeout only stops a bench that would never end."""
    deadline = time.perf_counter() + timeout
    while True:
        QApplication.processEvents()
        _raise_slot_error()
        if ready():
            return
        if time.perf_counter() > deadline:
            raise RuntimeError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.0002)


def background_done() -> bool:
    """No job of the app's thread pool is running (ui/workers.py): a desk that loads in
    the background has shown its rows only once the job's results are delivered."""
    return QThreadPool.globalInstance().activeThreadCount() == 0


def settled_count(model: QAbstractItemModel, quiet: float = 0.3) -> int:
    """The model's row count once it has not changed for ``quiet`` seconds (untimed: it
    tells the timed runs which count means "done")."""
    last, since = model.rowCount(), time.perf_counter()
    while time.perf_counter() - since < quiet:
        QApplication.processEvents()
        _raise_slot_error()
        time.sleep(0.005)
        count = model.rowCount()
        if count != last:
            last, since = count, time.perf_counter()
    return last


def source_rows(view: QTableView) -> tuple[int, bool]:
    """The rows the view's innermost model holds, and whether it would fetch more (a
    model that loads lazily is shown once its first batch is in)."""
    model = view.model()
    while isinstance(model, QAbstractProxyModel):
        model = model.sourceModel()
    if model is None:
        return 0, False
    return model.rowCount(), model.canFetchMore(QModelIndex())


# -- the rows ------------------------------------------------------------------------------


def shown_rows(view: QTableView) -> tuple[list[str], list[Row], set[int]]:
    """The headers, every row's display texts (all columns, in the view's order) and the
    hidden columns of ``view``: what the floors are made of."""
    model = view.model()
    columns = model.columnCount()
    headers = [str(model.headerData(column, HORIZONTAL, DISPLAY)) for column in range(columns)]
    rows = [
        tuple(_text(model.index(row, column).data(DISPLAY)) for column in range(columns))
        for row in range(model.rowCount())
    ]
    hidden = {column for column in range(columns) if view.isColumnHidden(column)}
    return headers, rows, hidden


def _text(value: object) -> str:
    return "" if value is None else str(value)


class PlainModel(QAbstractTableModel):
    """Rows of strings, nothing else: the floor of a table model written in Python."""

    def __init__(self, headers: Sequence[str], rows: Sequence[Row]) -> None:
        super().__init__()
        self._headers = list(headers)
        self._rows = list(rows)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY) -> object:
        if role == DISPLAY and index.isValid():
            return self._rows[index.row()][index.column()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> object:
        if role == DISPLAY and orientation == HORIZONTAL:
            return self._headers[section]
        return None


# -- floor 1: the table shown --------------------------------------------------------------


class ShownFloor:
    """A window already on screen (as the desk's is, behind its unlock page); each run
    puts a new table over the rows into it."""

    def __init__(self, headers: Sequence[str], rows: Sequence[Row], hidden: set[int]) -> None:
        self.headers, self.rows, self.hidden = headers, rows, hidden
        self.window = QMainWindow()
        self.window.setCentralWidget(QWidget())
        self.window.resize(*WINDOW_SIZE)
        self.window.show()
        QApplication.processEvents()

    def run(self) -> float:
        started = time.perf_counter()
        view = QTableView()
        view.setModel(PlainModel(self.headers, self.rows))
        for column in self.hidden:
            view.setColumnHidden(column, True)
        self.window.setCentralWidget(view)  # the previous table is deleted
        QApplication.processEvents()
        self.window.repaint()
        return time.perf_counter() - started

    def close(self) -> None:
        self.window.close()
        self.window.deleteLater()


class ReadFloor:
    """The desk's columns of the large workshop read with the standard library's sqlite3,
    nothing converted: the least reading them costs. Context for floor 1, whose bare table
    is handed rows already in memory, where the desk must read them from disk first."""

    QUERY = """
        SELECT r.id, o.name, o.country, o.technology_area, c.name, c.title, c.email,
               c.phone, r.status, r.created_at, r.form_received_at,
               r.authorization_received_at, r.completed_at, r.late_accepted_reason,
               r.fee_gross, r.fee_notice_due
        FROM registration r
        JOIN organization o ON o.id = r.organization_id
        JOIN contact c ON c.id = r.contact_id
        WHERE r.workshop_id = ?
        ORDER BY r.created_at, r.id
    """

    def __init__(self, database: Path, workshop_id: int) -> None:
        self.uri = f"{database.resolve().as_uri()}?mode=ro"
        self.workshop_id = workshop_id

    def run(self) -> float:
        started = time.perf_counter()
        connection = sqlite3.connect(self.uri, uri=True)
        try:
            rows = connection.execute(self.QUERY, (self.workshop_id,)).fetchall()
        finally:
            connection.close()
        if not rows:
            raise RuntimeError("the read floor found no registrations")
        return time.perf_counter() - started


# -- floor 2: filter and sort --------------------------------------------------------------


class FilterFloor:
    """A line edit wired to a bare proxy's fixed-string filter over every column, case-
    insensitive like the desk's search; the view sorted by its first column."""

    def __init__(self, headers: Sequence[str], rows: Sequence[Row], hidden: set[int]) -> None:
        source = QStandardItemModel(len(rows), len(headers))
        source.setHorizontalHeaderLabels(list(headers))
        for number, row in enumerate(rows):
            for column, text in enumerate(row):
                source.setItem(number, column, QStandardItem(text))
        self.source = source
        self.proxy = QSortFilterProxyModel()
        self.proxy.setSourceModel(source)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.search = QLineEdit()
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        for column in hidden:
            self.table.setColumnHidden(column, True)
        self.window = QWidget()
        layout = QVBoxLayout(self.window)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        self.window.resize(*WINDOW_SIZE)
        self.window.show()
        QApplication.processEvents()

    def close(self) -> None:
        self.window.close()
        self.window.deleteLater()


# -- the gestures, timed -------------------------------------------------------------------


def type_text(
    search: QLineEdit, table: QTableView, text: str, counts: Sequence[int] | None
) -> tuple[list[float], list[int]]:
    """Type ``text`` key by key; each key is timed until the table shows ``counts[i]``
    rows (None: untimed, the counts are learnt by waiting for them to settle) and has
    painted. Returns the times and the counts."""
    times, seen = [], []
    model = table.model()
    for number, key in enumerate(text):
        started = time.perf_counter()
        QTest.keyClicks(search, key)
        if counts is None:
            seen.append(settled_count(model))
        else:
            wanted = counts[number]
            wait_until(lambda: model.rowCount() == wanted, f"{wanted} rows after typing")  # noqa: B023
            seen.append(wanted)
        QApplication.processEvents()
        table.repaint()
        times.append(time.perf_counter() - started)
    return times, seen


def clear_search(search: QLineEdit, table: QTableView, total: int) -> None:
    search.clear()
    wait_until(lambda: table.model().rowCount() == total, "every row back after clearing")


def column_of(model: QAbstractItemModel, title: str) -> int:
    for column in range(model.columnCount()):
        if model.headerData(column, HORIZONTAL, DISPLAY) == title:
            return column
    raise LookupError(f"no column titled {title!r}")


def click_header(table: QTableView, title: str) -> float:
    """Click the header of the column titled ``title`` where a user would (on whatever
    widget is on top there, e.g. a frozen column's own header); timed until the table is
    sorted by it and painted."""
    column = column_of(table.model(), title)
    header = table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    window = table.window()
    point = header.viewport().mapTo(window, QPoint(x, header.viewport().height() // 2))
    target = window.childAt(point) or header.viewport()
    started = time.perf_counter()
    QTest.mouseClick(
        target,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        target.mapFrom(window, point),
    )
    wait_until(lambda: header.sortIndicatorSection() == column, f"the sort by {title}")
    QApplication.processEvents()
    table.repaint()
    return time.perf_counter() - started
