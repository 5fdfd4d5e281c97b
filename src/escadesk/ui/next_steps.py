"""Next-step buttons: the domain's next steps (domain/lifecycle.py) as a row of buttons.

The desk's dashboard and the decision wizard's last page show the same steps the same
way, and both say which was pressed with one signal carrying the step's key; the window
maps the key to its command. Each button gets a letter (Alt+letter) that nothing else in
its window uses yet, so the steps are reached from the keyboard without a clash with the
menus. The first few steps are buttons; more than that go in a "More steps" menu, so the
row never makes the window wider than a 1280-pixel screen.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMenuBar,
    QPushButton,
    QSizePolicy,
    QToolBar,
    QWidget,
)

from escadesk.domain.lifecycle import NextStep
from escadesk.i18n import _

_MNEMONIC = re.compile(r"&([^&\s])")


def mnemonic_of(text: str) -> str | None:
    """The letter of an '&' mnemonic in ``text`` (lower case), or None."""
    match = _MNEMONIC.search(text.replace("&&", ""))
    return match.group(1).lower() if match else None


def with_mnemonic(label: str, taken: set[str]) -> str:
    """``label`` with an '&' before a letter not in ``taken`` (which it joins): a word's
    first letter if one is free, else any letter; unchanged when every letter is taken."""
    plain = label.replace("&", "&&")
    words = [match.start() for match in re.finditer(r"\b\w", plain)]
    others = [index for index, char in enumerate(plain) if char.isalpha()]
    for index in [*words, *others]:
        letter = plain[index].lower()
        if plain[index].isalpha() and letter not in taken:
            taken.add(letter)
            return plain[:index] + "&" + plain[index:]
    return plain


def letters_in_use(scope: QWidget, besides: QWidget | None = None) -> set[str]:
    """The Alt+letters already taken around ``scope``: its window's menu bar and toolbars,
    and the buttons and the labels that lead to a field inside ``scope`` (not those inside
    ``besides``). The scope is the page the steps are on: a hidden page of the same window
    (the unlock page) takes no letter from it."""
    taken: set[str] = set()
    window = scope.window()
    for bar in window.findChildren(QMenuBar):
        taken |= {letter for a in bar.actions() if (letter := mnemonic_of(a.text()))}
    widgets: list[QWidget] = []
    for part in [scope, *window.findChildren(QToolBar)]:
        widgets += [*part.findChildren(QAbstractButton), *part.findChildren(QLabel)]
    for widget in widgets:
        if besides is not None and (widget is besides or besides.isAncestorOf(widget)):
            continue
        if isinstance(widget, QLabel) and widget.buddy() is None:
            continue
        text = widget.text() if isinstance(widget, (QAbstractButton, QLabel)) else ""
        if letter := mnemonic_of(text):
            taken.add(letter)
    return taken


#: Steps shown as buttons; the others are in the "More steps" menu.
SHOWN_STEPS = 3


class NextStepButtons(QWidget):
    """A row of buttons, one per next step; the first (most pressing) is the primary one."""

    #: A step's button was pressed: the step's key (domain.lifecycle.StepKey's value).
    next_step_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None, shown: int = SHOWN_STEPS) -> None:
        super().__init__(parent)
        self._shown = shown
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.setSpacing(8)
        self.buttons: dict[str, QPushButton] = {}
        #: The steps beyond the first few, as the "More steps" menu's commands.
        self.more_actions: dict[str, QAction] = {}
        self.more_menu = QMenu(self)
        self.more_button = QPushButton()
        self.more_button.setAutoDefault(False)
        self.more_button.setMenu(self.more_menu)
        self.more_button.setAccessibleName(_("More next steps"))
        self.more_button.hide()
        self._row.addWidget(self.more_button)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        #: What the buttons were made from (the same again is not made again).
        self._made: tuple[tuple[NextStep, ...], frozenset[str]] | None = None

    def set_steps(self, steps: Sequence[NextStep], taken: Iterable[str] = ()) -> None:
        """Show ``steps``; ``taken``: letters the buttons must not use. The same steps
        with the same letters taken keep their buttons: most refreshes change neither,
        and new buttons cost a layout of the desk each time (issue 17)."""
        made = (tuple(steps), frozenset(taken))
        if made == self._made:
            self.setVisible(bool(steps))
            return
        self._made = made
        for button in self.buttons.values():
            self._row.removeWidget(button)
            button.hide()  # gone at once, not when the deletion is processed
            button.deleteLater()
        self.buttons = {}
        self.more_menu.clear()
        self.more_actions = {}
        letters = set(made[1])
        shown, more = steps[: self._shown], steps[self._shown :]
        if len(more) == 1:  # a menu for one command is one click too many
            shown, more = steps, []
        for index, step in enumerate(shown):
            button = QPushButton(with_mnemonic(step.label, letters))
            button.setAutoDefault(False)
            button.setToolTip(step.why)
            button.setAccessibleName(step.label.rstrip("…"))
            button.setAccessibleDescription(step.why)
            if index == 0:
                button.setObjectName("primary")
            button.clicked.connect(
                lambda _checked=False, key=step.key.value: self.next_step_requested.emit(key)
            )
            self._row.insertWidget(index, button)
            button.show()  # at once: a layout of a shown widget shows it only later
            self.buttons[step.key.value] = button
        self.more_button.setText(with_mnemonic(_("More steps"), letters))
        menu_letters: set[str] = set()
        for step in more:
            action = self.more_menu.addAction(with_mnemonic(step.label, menu_letters))
            action.setToolTip(step.why)
            action.setStatusTip(step.why)
            action.triggered.connect(
                lambda _checked=False, key=step.key.value: self.next_step_requested.emit(key)
            )
            self.more_actions[step.key.value] = action
        self.more_menu.setToolTipsVisible(True)
        self.more_button.setVisible(bool(more))
        self.setVisible(bool(steps))
