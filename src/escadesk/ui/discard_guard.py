"""Ask before Cancel, Escape or the close button throws typed input away.

Issue 16: Shift+Tab then Enter on Cancel threw away a filled card form without a word.
A dialog whose fields changed asks "Discard the card authorization you typed?" with
Discard and Keep editing; Keep editing is the default and Escape's answer, so a second
stray key never loses the input. A dialog nobody typed into closes at once. Closing for
the lock (``QDialog.done``) is not a cancel and never asks.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from escadesk.i18n import N_, _

#: Marked for extraction; translated where shown (tests compare with ``_(DISCARD)``).
DISCARD = N_("&Discard")
KEEP_EDITING = N_("&Keep editing")


class DiscardGuard(QObject):
    """Owned by one dialog; its ``reject`` calls :meth:`may_close` first."""

    def __init__(self, dialog: QDialog, question: str, changed: Callable[[], bool]) -> None:
        super().__init__(dialog)
        self._dialog = dialog
        self._question = question
        self._changed = changed
        self._confirmed = False
        #: The open question, if any (tests answer it through its buttons).
        self.question: QMessageBox | None = None

    def may_close(self) -> bool:
        """True when nothing would be lost (or the director said Discard); otherwise ask
        (window-modal, without blocking) and close only if the answer is Discard."""
        if self._confirmed or not self._changed():
            return True
        if self.question is None:
            self._ask()
        return False

    def _ask(self) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self._dialog.windowTitle(),
            self._question,
            parent=self._dialog,
        )
        box.setInformativeText(_("Nothing has been saved yet."))
        discard = box.addButton(_(DISCARD), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(_(KEEP_EDITING), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.setWindowModality(Qt.WindowModality.WindowModal)

        def answered(_result: int) -> None:
            self.question = None
            box.deleteLater()
            if box.clickedButton() is discard:
                self._confirmed = True
                self._dialog.reject()

        box.finished.connect(answered)
        self.question = box
        box.open()
