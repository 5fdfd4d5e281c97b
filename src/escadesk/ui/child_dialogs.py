"""A dialog that opens other dialogs over itself, one at a time.

The child is window-modal (the rest of the application stays usable), kept in ``child`` so
tests and the window lock can reach it, and deleted once closed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget


class ChildHostDialog(QDialog):
    """Base of the dialogs that open a window-modal child (``_open_child``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.child: QDialog | None = None

    def _open_child(self, dialog: QDialog) -> None:
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.finished.connect(lambda _result: self._child_closed(dialog))
        self.child = dialog
        dialog.open()

    def _child_closed(self, dialog: QDialog) -> None:
        if self.child is dialog:
            self.child = None
        dialog.deleteLater()
