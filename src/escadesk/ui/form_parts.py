"""Pieces every form dialog shares, so they look and behave the same."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QLabel,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

# Buttons have one home, ui/dialog_buttons.py; this name stays importable from here.
from escadesk.ui.dialog_buttons import save_cancel_buttons as save_cancel_buttons
from escadesk.ui.sizing import screen_room


def error_label() -> QLabel:
    """A red, wrapping message line, hidden until there is something to say."""
    label = QLabel()
    label.setObjectName("fieldError")
    label.setWordWrap(True)
    label.hide()
    return label


def list_table(name: str, columns: Sequence[str], rows: int = 0) -> QTableWidget:
    """A read-only list, one whole row selected at a time, named ``name`` for screen
    readers (the paper forms, the invoices, the backups)."""
    table = QTableWidget(rows, len(columns))
    table.setAccessibleName(name)
    table.setHorizontalHeaderLabels(list(columns))
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    return table


def warning_label() -> QLabel:
    """An amber, wrapping note: something to check that does not stop saving."""
    label = QLabel()
    label.setObjectName("fieldWarning")
    label.setWordWrap(True)
    label.hide()
    return label


class FieldMessages(QWidget):
    """What is said under one field: its error (red) and its warning (amber).

    One line is kept free even when there is nothing to say, so fields do not move and
    the dialog keeps its size as messages come and go (issue 16: "the dialog jumps").
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.error = error_label()
        self.warning = warning_label()
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(1)
        self._column.addWidget(self.error)
        self._column.addWidget(self.warning)
        self.error.ensurePolished()  # the style sheet's smaller font, not the default one
        self.setMinimumHeight(self.error.fontMetrics().lineSpacing() + 2)

    def add(self, label: QLabel) -> None:
        """Another message on this line (a dialog's summary under its fields)."""
        self._column.addWidget(label)

    def refresh(self) -> None:
        """Claim the height the messages need at this width, after their text changed.

        A wrapped label's height depends on its width, which Qt's form layouts do not
        reliably pass on: a message of two lines would be squeezed into one. A minimum
        height is always honoured, by the layouts and by the window."""
        for label in self.findChildren(QLabel):
            fit_wrapped(label, self.width())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.refresh()


def fit_wrapped(label: QLabel, width: int) -> None:
    """Give a wrapped ``label`` the height its text needs at ``width`` (none when hidden)."""
    shown = not label.isHidden() and bool(label.text())
    label.setMinimumHeight(label.heightForWidth(width) if shown and width > 0 else 0)


def refresh_messages(dialog: QWidget) -> None:
    """After messages changed: every field's message line claims the height it needs."""
    for messages in dialog.findChildren(FieldMessages):
        messages.refresh()


def keep_size(dialog: QDialog, spare_lines: int = 0) -> None:
    """Open ``dialog`` at the size its form needs plus ``spare_lines`` of room for longer
    messages, so it does not grow as they appear (it still grows when it must)."""
    layout = dialog.layout()
    if layout is None:
        return
    layout.activate()
    hint = dialog.sizeHint()
    extra = spare_lines * dialog.fontMetrics().lineSpacing()
    needed = dialog.heightForWidth(hint.width()) if dialog.hasHeightForWidth() else -1
    height = min(max(needed, hint.height()) + extra, screen_room(dialog).height())
    dialog.resize(hint.width(), height)


def debounce(parent: QDialog, milliseconds: int, slot: Callable[[], object]) -> QTimer:
    """A single-shot timer restarted on every keystroke: validate once typing pauses.
    Stopped when the dialog finishes: a check still pending then would read data that
    may be closed by now (the window locked, the data released)."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(milliseconds)
    timer.timeout.connect(slot)
    parent.finished.connect(timer.stop)
    return timer
