"""Under an e-mail that is not on the delegate list: the delegates it was probably meant
to be, as buttons (Tab reaches them, Enter or Space takes one), and how to search."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from escadesk.domain.delegate_match import MAX_SUGGESTIONS, DelegateEntry
from escadesk.i18n import _
from escadesk.ui.form_parts import fit_wrapped
from escadesk.ui.style import ACCENT_DARK, MUTED

#: Buttons that read as links: a suggestion is a quiet offer, not a second Save.
_LOOK = f"""
QPushButton#suggestion {{
    border: none; background: transparent; color: {ACCENT_DARK};
    text-decoration: underline; text-align: left; padding: 1px 2px; font-size: 9pt;
}}
QPushButton#suggestion:focus {{ background: #e3f1f3; }}
QLabel#suggestionHint {{ color: {MUTED}; font-size: 9pt; }}
"""


def link_button(text: str = "") -> QPushButton:
    """A quiet button that reads as a link; it never becomes the default (Enter saves)."""
    button = QPushButton(text)
    button.setObjectName("suggestion")
    button.setStyleSheet(_LOOK)
    button.setAutoDefault(False)
    return button


class DelegateSuggestions(QWidget):
    """Hidden until :meth:`offer` is called with a refused address's close delegates."""

    chosen = Signal(object)  # the DelegateEntry

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(_LOOK)  # the hint's size
        self.hint = QLabel()
        self.hint.setObjectName("suggestionHint")
        self.hint.setWordWrap(True)
        self.buttons: list[QPushButton] = []
        self._entries: list[DelegateEntry] = []
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.hint)
        for number in range(MAX_SUGGESTIONS):
            button = link_button()
            button.clicked.connect(lambda _checked=False, n=number: self._choose(n))
            button.hide()
            column.addWidget(button)
            self.buttons.append(button)
        self.hide()

    def offer(self, entries: Sequence[DelegateEntry]) -> None:
        """Show these delegates (closest first), or how to search when there are none."""
        self._entries = list(entries[:MAX_SUGGESTIONS])
        if self._entries:
            self.hint.setText(
                _(
                    "Did you mean one of these delegates? Or type part of a name above to "
                    "search the list."
                )
            )
        else:
            self.hint.setText(
                _(
                    "No delegate is close to this address; type part of a name above to "
                    "search the list."
                )
            )
        for number, button in enumerate(self.buttons):
            entry = self._entries[number] if number < len(self._entries) else None
            button.setVisible(entry is not None)
            if entry is not None:
                text = (
                    _("{delegate}, {organization}").format(
                        delegate=entry.label(), organization=entry.organization
                    )
                    if entry.organization
                    else entry.label()
                )
                button.setText(text.replace("&", "&&"))
                button.setToolTip(_("Use {email}").format(email=entry.email))
        self.show()
        fit_wrapped(self.hint, self.width())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        fit_wrapped(self.hint, self.width())

    def withdraw(self) -> None:
        self._entries = []
        self.hide()

    @property
    def offered(self) -> list[DelegateEntry]:
        return [] if self.isHidden() else list(self._entries)

    def _choose(self, number: int) -> None:
        if number < len(self._entries):
            self.chosen.emit(self._entries[number])
