"""The one way to open a dialog, show a message or ask a question over the main window.

Every area of the window (ui/actions/) and every helper goes through this object, so
all of them behave alike: window-modal without blocking the event loop (the window
keeps painting, a background job keeps reporting), one active dialog that the lock
closes, a question whose default is the harmless answer unless told otherwise, and the
status bar for the short notes that need no answer. (qutebrowser's single message module
is the model: nobody builds a ``QMessageBox`` of their own.)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QDialog
from shiboken6 import isValid

if TYPE_CHECKING:
    # QMessageBox is imported where a message is shown: the window makes this object
    # before its first paint, and the class builds five enums (~1 ms, issue 17).
    from PySide6.QtWidgets import QMainWindow, QMessageBox, QStatusBar, QWidget

#: How long a status-bar note stays, unless told otherwise.
STATUS_MILLISECONDS = 10_000


class WindowMessages:
    """Dialogs, messages, questions and status notes over one main window."""

    def __init__(self, window: QMainWindow) -> None:
        self._window = window
        #: The dialog or message open over the window (the lock closes it).
        self.active: QDialog | None = None

    # -- dialogs ---------------------------------------------------------------------------

    def open(self, dialog: QDialog, on_accepted: Callable[[], None] | None = None) -> None:
        """Show ``dialog`` window-modal without blocking; ``on_accepted`` runs on OK."""
        if on_accepted is not None:
            dialog.accepted.connect(on_accepted)
        self.show(dialog)

    def show(self, dialog: QDialog) -> None:
        """Open ``dialog`` over the window as the active one; it is let go when it closes.

        ``Qt`` is imported here, not at the top: see ui/style.py on the start-up path."""
        from PySide6.QtCore import Qt

        self.active = dialog
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.finished.connect(lambda _result: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: QDialog) -> None:
        if self.active is dialog:
            self.active = None
        dialog.deleteLater()

    def close_all(self) -> None:
        """Close every dialog of the window (card, reveal, messages, file choosers…),
        innermost first: a file chooser before the card dialog that opened it."""
        dialogs: list[QDialog] = []
        if self.active is not None:
            dialogs.append(self.active)
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible() and self._owns(widget):
                dialogs.append(widget)
        dialogs.sort(key=_depth, reverse=True)
        for dialog in dict.fromkeys(dialogs):
            dialog.done(int(QDialog.DialogCode.Rejected))
        self.active = None

    def _owns(self, widget: QWidget) -> bool:
        parent = widget.parentWidget()
        while parent is not None:
            if parent is self._window:
                return True
            parent = parent.parentWidget()
        return False

    # -- messages --------------------------------------------------------------------------

    def message(self, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
        """A message with an OK button; returned so a caller can follow its closing."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(icon, title, text, parent=self._window)
        self.show(box)
        return box

    def inform(self, title: str, text: str) -> QMessageBox:
        from PySide6.QtWidgets import QMessageBox

        return self.message(QMessageBox.Icon.Information, title, text)

    def warn(self, title: str, text: str) -> QMessageBox:
        """Something was not done (a refusal, a failure that stored nothing)."""
        from PySide6.QtWidgets import QMessageBox

        return self.message(QMessageBox.Icon.Warning, title, text)

    def alarm(self, title: str, text: str) -> QMessageBox:
        """Something is wrong with the data itself (a damaged log, a failed check)."""
        from PySide6.QtWidgets import QMessageBox

        return self.message(QMessageBox.Icon.Critical, title, text)

    def ask(
        self,
        title: str,
        question: str,
        on_yes: Callable[[], None],
        *,
        act: str | None = None,
        irreversible: bool = False,
    ) -> QMessageBox:
        """A question, window-modal and non-blocking; ``on_yes`` runs only on yes.

        With ``act`` the answers are the act named by its verb ("&Offer the place") and
        Cancel (ui/dialog_buttons.py); without, Yes and No. An ``irreversible`` act makes
        Cancel (or No) the default, so Enter does not do it."""
        from PySide6.QtWidgets import QMessageBox

        from escadesk.ui.dialog_buttons import confirmation

        if act is not None:
            box = confirmation(self._window, title, question, act, irreversible=irreversible)
            yes = box.button(QMessageBox.StandardButton.Yes)
        else:
            box = QMessageBox(QMessageBox.Icon.Question, title, question, parent=self._window)
            yes = box.addButton(QMessageBox.StandardButton.Yes)
            no = box.addButton(QMessageBox.StandardButton.No)
            box.setDefaultButton(no if irreversible else yes)

        def finished(_result: int) -> None:
            if box.clickedButton() is yes:
                on_yes()

        box.finished.connect(finished)
        self.show(box)
        return box

    def choose(
        self,
        title: str,
        text: str,
        choices: Sequence[tuple[str, Callable[[], None]]],
        *,
        icon: QMessageBox.Icon | None = None,
    ) -> QMessageBox:
        """A message with one button per way on (each named by its act, "Enter as a
        &registration…") and Cancel, the default and Escape's answer; only the chosen
        one's callback runs. ``icon``: a question's unless told."""
        from PySide6.QtWidgets import QMessageBox

        icon = QMessageBox.Icon.Question if icon is None else icon
        box = QMessageBox(icon, title, text, parent=self._window)
        accept = QMessageBox.ButtonRole.AcceptRole
        buttons = [(box.addButton(label, accept), run) for label, run in choices]
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)

        def finished(_result: int) -> None:
            for button, run in buttons:
                if box.clickedButton() is button:
                    run()

        box.finished.connect(finished)
        self.show(box)
        return box

    # -- the status bar --------------------------------------------------------------------

    def note(self, text: str, milliseconds: int | None = STATUS_MILLISECONDS) -> None:
        """A short note in the status bar (``None``: it stays until the next one)."""
        bar = self._status_bar()
        if bar is None:
            return
        if milliseconds is None:
            bar.showMessage(text)
        else:
            bar.showMessage(text, milliseconds)

    def clear_note(self) -> None:
        bar = self._status_bar()
        if bar is not None:
            bar.clearMessage()

    def _status_bar(self) -> QStatusBar | None:
        """The window's status bar; None once the window is gone (a file job finishing
        after the window closed has nowhere to say so, and must not fail for it)."""
        return self._window.statusBar() if isValid(self._window) else None


def _depth(widget: QWidget) -> int:
    depth, parent = 0, widget.parentWidget()
    while parent is not None:
        depth, parent = depth + 1, parent.parentWidget()
    return depth
