"""The card number regroups as it is typed: "4111111111111111" shows "4111 1111 1111 1111".

The groups are the card's own (``domain.cards.grouped_digits``: 4-6-5 for Amex). The
caret stays after the digit it followed, wherever the director types or deletes, and
Backspace or Delete next to a group's space removes the digit beyond it instead of
bouncing off the space. Text with anything but digits, spaces and dashes is left as
typed, so the form's message can name the stray character. Nothing here keeps, prints
or logs the number; the stored value is the digits alone (``digits_only``).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit

from escadesk.domain.cards import digits_only, grouped_digits

_SEPARATORS = frozenset(" -")


def _position_after(digits: int, text: str) -> int:
    """The caret position just after the ``digits``-th digit of ``text`` (0: the start)."""
    if digits <= 0:
        return 0
    seen = 0
    for position, character in enumerate(text, start=1):
        if character.isdigit():
            seen += 1
            if seen == digits:
                return position
    return len(text)


class CardNumberGrouping(QObject):
    """Installed on the card number's line edit."""

    def __init__(self, edit: QLineEdit) -> None:
        super().__init__(edit)
        self._edit = edit
        edit.textEdited.connect(self._regroup)
        edit.installEventFilter(self)

    def _regroup(self, text: str) -> None:
        digits = digits_only(text)
        if not digits.isascii() or not digits.isdigit():
            return  # left as typed: the check names what does not belong
        grouped = grouped_digits(digits)
        if grouped == text:
            return
        before = sum(character.isdigit() for character in text[: self._edit.cursorPosition()])
        self._edit.setText(grouped)
        self._edit.setCursorPosition(_position_after(before, grouped))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if not self._edit.hasSelectedText() and event.modifiers() in (
                Qt.KeyboardModifier.NoModifier,
                Qt.KeyboardModifier.KeypadModifier,
            ):
                self._step_over_separator(event.key())
        return False

    def _step_over_separator(self, key: int) -> None:
        """Move the caret past a group's space, so the key deletes the digit beyond it."""
        text, caret = self._edit.text(), self._edit.cursorPosition()
        if key == Qt.Key.Key_Backspace and caret > 0 and text[caret - 1] in _SEPARATORS:
            self._edit.setCursorPosition(caret - 1)
        elif key == Qt.Key.Key_Delete and caret < len(text) and text[caret] in _SEPARATORS:
            self._edit.setCursorPosition(caret + 1)
