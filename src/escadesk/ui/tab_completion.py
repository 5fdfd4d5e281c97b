"""Tab takes the suggestion: a field with a completer completes what was typed on leaving.

Qt's completer leaves "Cana" as it is when the director presses Tab without first
arrowing into the list, and the form then says "'Cana' is not a known country". Here Tab
(or Enter) with the list open takes the highlighted row, or the first one; Enter with the
list closed, or leaving the field any other way (Tab with the list closed, a click
elsewhere), completes the text with the field's own rule (``resolve``), e.g.
``domain.completion.best_completion``. Save completes such fields too (``settle``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractProxyModel, QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QComboBox, QLineEdit

#: Leaving for these reasons is not leaving the field: the list opened, or another window
#: (a message, another application) came to the front.
_STILL_HERE = (Qt.FocusReason.PopupFocusReason, Qt.FocusReason.ActiveWindowFocusReason)
#: Keys that take the suggestion when the list is open (the list then closes; Tab still
#: moves on).
_TAKE = (Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Return, Qt.Key.Key_Enter)


class TabCompletion(QObject):
    """Installed on one field (a line edit or an editable combo box) and its completer."""

    def __init__(
        self, field: QLineEdit | QComboBox, resolve: Callable[[str], str | None] | None = None
    ) -> None:
        super().__init__(field)
        self._field = field
        self._resolve = resolve
        field.installEventFilter(self)
        completer = field.completer()
        self._popup = completer.popup() if completer is not None else None
        if self._popup is not None:
            # Filters run newest first: this one sees Tab before the completer does.
            self._popup.installEventFilter(self)

    def settle(self) -> None:
        """Replace a half-typed value by its completion (nothing when there is none)."""
        if self._resolve is None:
            return
        text = self._text()
        value = self._resolve(text)
        if value is not None and value != text:
            if isinstance(self._field, QComboBox):
                self._field.setCurrentText(value)
            else:
                self._field.setText(value)

    def _text(self) -> str:
        return (
            self._field.currentText() if isinstance(self._field, QComboBox) else self._field.text()
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.KeyPress and watched in (self._popup, self._field):
            assert isinstance(event, QKeyEvent)
            if event.key() in _TAKE and self._popup is not None and self._popup.isVisible():
                row = self._highlighted_or_first()
                if watched is self._popup:
                    # The completer handles this Tab next: it inserts the current row.
                    if row is not None:
                        self._popup.setCurrentIndex(row)
                else:  # the list is open but the field has the key (no keyboard grab)
                    if row is not None:
                        self._insert(row)
                    self._popup.hide()
            elif event.key() in _TAKE[2:] and watched is self._field:
                self.settle()  # Enter with the list closed: the suggestion all the same
        elif kind == QEvent.Type.FocusOut and watched is self._field:
            assert isinstance(event, QFocusEvent)
            if event.reason() not in _STILL_HERE:
                self.settle()
        return False

    def _highlighted_or_first(self) -> QModelIndex | None:
        assert self._popup is not None
        current = self._popup.currentIndex()
        if current.isValid():
            return current
        model = self._popup.model()
        if model is None or model.rowCount() == 0:
            return None
        completer = self._field.completer()
        column = completer.completionColumn() if completer is not None else 0
        return model.index(0, column)

    def _insert(self, row: QModelIndex) -> None:
        completer = self._field.completer()
        if completer is None:
            return
        proxy = completer.completionModel()
        source = proxy.mapToSource(row) if isinstance(proxy, QAbstractProxyModel) else row
        text = completer.pathFromIndex(source)
        if isinstance(self._field, QComboBox):
            self._field.setCurrentText(text)
        else:
            self._field.setText(text)
