"""FrozenColumnTable.set_column_widths (issue 17): columns fitted while the table is hidden
(the desk filled behind the unlock page) leave no deferred repaint behind. Each column
resize the header announces makes QTableView start a zero timer that repaints the table
from that column rightwards; in the app it fired after the desk's first paint, a second
paint of the whole table. A hidden table is painted whole when shown, so its header
announces nothing then; a shown table resizes as before. The frozen column keeps the
width of column 0 either way."""

from __future__ import annotations

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from escadesk.ui.frozen_table import FrozenColumnTable

WIDTHS = {0: 180, 1: 90, 2: 140}


def _table(qtbot: QtBot) -> tuple[QWidget, FrozenColumnTable, list[int]]:
    """A table in a shown window, itself hidden; the columns its header says resized."""
    window = QWidget()
    window.resize(700, 400)
    qtbot.addWidget(window)
    table = FrozenColumnTable(window)
    table.resize(650, 350)
    table.hide()
    model = QStandardItemModel(50, 4, table)
    for row in range(50):
        for column in range(4):
            model.setItem(row, column, QStandardItem(f"r{row} c{column}"))
    table.setModel(model)
    window.show()
    qtbot.waitExposed(window)
    resized: list[int] = []
    table.horizontalHeader().sectionResized.connect(lambda column, _o, _n: resized.append(column))
    return window, table, resized


def _assert_widths(table: FrozenColumnTable) -> None:
    assert [table.columnWidth(column) for column in WIDTHS] == list(WIDTHS.values())
    assert table.frozen.columnWidth(0) == WIDTHS[0]


def test_widths_set_hidden_leave_no_deferred_repaint(qtbot: QtBot) -> None:
    _window, table, resized = _table(qtbot)
    table.set_column_widths(WIDTHS)
    _assert_widths(table)
    assert resized == []  # nothing for QTableView to repaint later
    table.show()
    qtbot.waitUntil(lambda: table.frozen.isVisible())
    assert table.frozen.geometry().width() == WIDTHS[0] + 1


def test_widths_set_on_a_shown_table_resize_it_as_before(qtbot: QtBot) -> None:
    _window, table, resized = _table(qtbot)
    table.show()
    qtbot.waitUntil(lambda: table.frozen.isVisible())
    table.set_column_widths(WIDTHS)
    _assert_widths(table)
    assert sorted(resized) == sorted(WIDTHS)
    assert table.frozen.geometry().width() == WIDTHS[0] + 1
