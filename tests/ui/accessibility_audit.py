"""What a screen reader and a keyboard user meet in a window, counted (issue 16, item 4).

``Audit.window(top)`` walks the visible widgets of one window (a dialog, a page of the
main window) and records:

- every visible interactive control (buttons, fields, lists and tables, sliders) whose
  accessible name is empty: the name read is what Qt's accessibility interface gives the
  screen reader (a button's text, a field's buddy label, ``setAccessibleName``);
- a mnemonic (``&X``) used twice among the window's labels, buttons, group boxes and tabs
  (or among one menu's commands: ``Audit.menu``);
- a form field (line edit, combo box, spin box, date, text box) without a label of its
  own (a buddy) that carries a mnemonic: every form can be filled from the keyboard.

``tab_chain`` and ``out_of_visual_order`` check that Tab follows the reading order.

Plain functions of the widgets, no pytest: the walker test uses it, and so can a script
that reports the counts.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import shiboken6
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QCalendarWidget,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QMenuBar,
    QPlainTextEdit,
    QScrollBar,
    QSlider,
    QTabBar,
    QTextEdit,
    QWidget,
)

#: A mnemonic: ``&`` and the letter after it (``&&`` is a literal ampersand).
MNEMONIC = re.compile(r"&([^&\s])")

INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QTextEdit,
    QPlainTextEdit,
    QSlider,
)
#: Fields of a form: each needs a label with a letter.
FIELDS = (QLineEdit, QComboBox, QAbstractSpinBox, QTextEdit, QPlainTextEdit)
#: Widgets whose children are their own parts (a combo's line edit, a spin box's arrows,
#: a line edit's clear button), not controls of the window.
COMPOSITE = (
    QComboBox,
    QAbstractSpinBox,
    QLineEdit,
    QTextEdit,
    QPlainTextEdit,
    QCalendarWidget,
    QTabBar,
    QScrollBar,
)


def mnemonic(text: str) -> str | None:
    """The letter of ``text``'s mnemonic, lower-case, if it has one."""
    match = MNEMONIC.search(text.replace("&&", ""))
    return match.group(1).lower() if match else None


def buddy_labels(top: QWidget) -> dict[int, QLabel]:
    """The labels of ``top`` that name a buddy, by the buddy's address."""
    return {
        _key(label.buddy()): label
        for label in top.findChildren(QLabel)
        if label.buddy() is not None
    }


def spoken_name(widget: QWidget) -> str:
    """The name a screen reader reads for ``widget``.

    Qt's accessibility interface gives it (a button's text, a field's buddy label, the
    accessible name). A combo box is the exception: on Linux Qt reports its current value
    as its name and the label as a relation, so the name here is the accessible name or
    the labelling relation's text, what the reader announces before the value."""
    interface = QAccessible.queryAccessibleInterface(widget)
    if interface is None:
        return widget.accessibleName()
    if isinstance(widget, QComboBox):
        if widget.accessibleName():
            return widget.accessibleName()
        labels = interface.relations(QAccessible.RelationFlag.Label)
        return " ".join(label.text(QAccessible.Text.Name) for label, _relation in labels).strip()
    return interface.text(QAccessible.Text.Name).strip()


def _key(widget: QWidget) -> int:
    return int(shiboken6.getCppPointer(widget)[0])


def _part_of_another_control(widget: QWidget, top: QWidget) -> bool:
    """Whether ``widget`` is a part of a composite control (a combo's line edit) or an
    item view's own furniture (its corner button, headers); a widget placed in an item
    view's cell (an index widget) is a control of its own."""
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent, COMPOSITE):
            return True
        if isinstance(parent, QAbstractItemView):
            viewport = parent.viewport()
            return not (viewport is not None and viewport.isAncestorOf(widget))
        parent = parent.parentWidget()
    return False


def describe(widget: QWidget, top: QWidget) -> str:
    """``ClassName 'attribute'`` (the attribute of the window or one of its parents that
    holds it) and whatever text it shows, to find it in the code."""
    holder = None
    owner: QWidget | None = widget.parentWidget()
    while owner is not None and holder is None:
        holder = next(
            (name for name, value in vars(owner).items() if value is widget),
            None,
        )
        owner = owner.parentWidget() if owner is not top else None
    parts = [type(widget).__name__]
    if holder:
        parts.append(f".{holder}")
    if widget.objectName():
        parts.append(f"#{widget.objectName()}")
    hint = ""
    if isinstance(widget, QLineEdit):
        hint = widget.placeholderText()
    elif isinstance(widget, QAbstractButton):
        hint = widget.text()
    if not hint:
        hint = widget.toolTip()
    return "".join(parts) + (f" {hint!r}" if hint else "")


@dataclass(frozen=True)
class Finding:
    window: str
    kind: str  # "unnamed", "repeated mnemonic", "field without a letter"
    detail: str
    #: The widget's address: two rows alike (a questionnaire's) are two findings.
    widget: int = 0

    def __str__(self) -> str:
        return f"{self.window}: {self.kind}: {self.detail}"


@dataclass
class Audit:
    """The findings and counts of every window and menu walked so far."""

    findings: list[Finding] = field(default_factory=list)
    windows: list[str] = field(default_factory=list)
    #: Every interactive control checked, once per window (window, widget address).
    controls: set[tuple[str, int]] = field(default_factory=set)
    fields: set[tuple[str, int]] = field(default_factory=set)
    menus: int = 0
    #: Fields that need no letter of their own, and why (``None``: they need one).
    no_letter_needed: Callable[[QWidget], str | None] = lambda _widget: None

    @property
    def checked(self) -> int:
        return len(self.controls)

    def count(self, kind: str) -> int:
        return sum(1 for finding in self.findings if finding.kind == kind)

    def _add(self, finding: Finding) -> None:
        if finding not in self.findings:
            self.findings.append(finding)

    def window(self, top: QWidget, name: str | None = None) -> None:
        """Walk the visible widgets of ``top`` (a window, or a page shown in one)."""
        title = name or top.windowTitle() or type(top).__name__
        if title not in self.windows:
            self.windows.append(title)
        labels = buddy_labels(top)
        letters: dict[str, list[str]] = {}

        def letter_of(text: str, what: str) -> None:
            letter = mnemonic(text)
            if letter is not None:
                letters.setdefault(letter, []).append(f"{what} {text!r}")

        for widget in top.findChildren(QWidget):
            if not widget.isVisible() or widget.window() is not top.window():
                continue  # hidden, or in a window of its own (a file chooser over a dialog)
            if _part_of_another_control(widget, top):
                continue
            if isinstance(widget, QLabel) and widget.buddy() is not None:
                letter_of(widget.text(), "label")
            elif isinstance(widget, QGroupBox):
                letter_of(widget.title(), "group")
            elif isinstance(widget, QTabBar):
                for index in range(widget.count()):
                    letter_of(widget.tabText(index), "tab")
            elif isinstance(widget, QMenuBar):  # its menus' letters are the window's too
                for action in widget.actions():
                    if action.isVisible():
                        letter_of(action.text(), "menu")
            if not isinstance(widget, INTERACTIVE) and not _takes_tab(widget):
                continue
            if widget.focusProxy() is not None:
                continue  # the focus goes to its proxy (a tab widget's tab bar)
            key = (title, _key(widget))
            self.controls.add(key)
            if isinstance(widget, QAbstractButton):
                letter_of(widget.text(), "button")
            if not spoken_name(widget):
                self._add(Finding(title, "unnamed", describe(widget, top), key[1]))
            if isinstance(widget, FIELDS) and _is_editable(widget):
                self.fields.add(key)
                if self.no_letter_needed(widget):
                    continue
                label = labels.get(_key(widget))
                if label is None or mnemonic(label.text()) is None:
                    caption = f" (label {label.text()!r})" if label is not None else ""
                    detail = describe(widget, top) + caption
                    self._add(Finding(title, "field without a letter", detail, key[1]))
        for letter, holders in sorted(letters.items()):
            if len(holders) > 1:
                self._add(Finding(title, "repeated mnemonic", f"&{letter}: {', '.join(holders)}"))

    def menu(self, menu: QMenu, name: str) -> None:
        """One menu's commands: each letter once (submenus are menus of their own)."""
        self.menus += 1
        letters: dict[str, list[str]] = {}
        for action in menu.actions():
            if action.isSeparator() or not action.isVisible() or not action.text():
                continue
            letter = mnemonic(action.text())
            if letter is not None:
                letters.setdefault(letter, []).append(action.text())
            submenu = action.menu()
            if isinstance(submenu, QMenu):
                self.menu(submenu, f"{name} > {action.text()}")
        for letter, holders in sorted(letters.items()):
            if len(holders) > 1:
                self._add(Finding(name, "repeated mnemonic", f"&{letter}: {holders}"))

    def summary(self) -> str:
        return (
            f"accessibility walker: {len(self.windows)} windows and pages, {self.menus} menus, "
            f"{self.checked} interactive widgets checked ({len(self.fields)} form fields); "
            f"unnamed: {self.count('unnamed')}, "
            f"repeated mnemonics: {self.count('repeated mnemonic')}, "
            f"fields without a letter: {self.count('field without a letter')}"
        )


def _takes_tab(widget: QWidget) -> bool:
    """Whether Tab stops on ``widget`` (a scroll area, a chart: a stop needs a name too)."""
    return widget.isEnabled() and bool(widget.focusPolicy().value & Qt.FocusPolicy.TabFocus.value)


def _is_editable(widget: QWidget) -> bool:
    if isinstance(widget, QLineEdit | QTextEdit | QPlainTextEdit | QAbstractSpinBox):
        return not widget.isReadOnly()
    return True


# -- tab order ---------------------------------------------------------------------------


def focus_owner(widget: QWidget) -> QWidget:
    """The control that holds the focus: a combo box or spin box, not its line edit."""
    parent = widget.parentWidget()
    while (
        parent is not None and isinstance(parent, COMPOSITE) and not isinstance(parent, QLineEdit)
    ):
        widget, parent = parent, parent.parentWidget()
    return widget


def tab_chain(start: QWidget, most: int = 200) -> list[QWidget]:
    """The controls Tab visits from ``start`` until it comes back to it, from the one
    that comes first in reading order (the top left)."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    chain = [focus_owner(QApplication.focusWidget() or start)]
    for _ in range(most):
        focused = QApplication.focusWidget()
        assert focused is not None, "the focus left the window"
        QTest.keyClick(focused, Qt.Key.Key_Tab)
        QApplication.processEvents()
        now = QApplication.focusWidget()
        assert now is not None, "the focus left the window"
        owner = focus_owner(now)
        if owner is chain[0]:
            return _from_the_top(chain)
        if owner is not chain[-1]:  # Tab within a date edit moves between its parts
            chain.append(owner)
    raise AssertionError(f"Tab did not come back to {describe(start, start.window())}")


def _from_the_top(chain: list[QWidget]) -> list[QWidget]:
    """The cycle Tab goes round, from the control that comes first in reading order."""
    first = 0
    for index in range(1, len(chain)):
        if _comes_before(chain[index], chain[first]):
            first = index
    return chain[first:] + chain[:first]


Rect = tuple[int, int, int]  # left, top, bottom


def _reading_path(widget: QWidget) -> list[tuple[QWidget, Rect]]:
    """Where ``widget`` stands, as laid out: each scroll area around it in the one that
    holds it (outermost first), then the widget in the innermost one; scrolling undone.
    A scroll area is read as one block: what follows it comes after all its content."""
    areas = []
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and parent.viewport().isAncestorOf(widget):
            areas.append(parent)
        parent = parent.parentWidget()
    areas.reverse()
    frames: list[QWidget] = [widget.window(), *(area.viewport() for area in areas)]
    path = []
    for frame, item in zip(frames, [*areas, widget], strict=True):
        corner = item.mapTo(frame, QPoint(0, 0))
        x, y = corner.x(), corner.y()
        owner = frame.parentWidget()
        if isinstance(owner, QAbstractScrollArea) and frame is owner.viewport():
            x += owner.horizontalScrollBar().value()
            y += owner.verticalScrollBar().value()
        path.append((item, (x, y, y + item.height())))
    return path


def _comes_before(one: QWidget, other: QWidget) -> bool:
    """Whether ``one`` is read before ``other``: above it, or on its row and to its left
    (two controls are on one row when their heights overlap by half); a scroll area
    before what it holds."""
    path0, path1 = _reading_path(one), _reading_path(other)
    for (item0, (left0, top0, bottom0)), (item1, (left1, top1, bottom1)) in zip(
        path0, path1, strict=False
    ):
        if item0 is item1:
            continue
        overlap = min(bottom0, bottom1) - max(top0, top1)
        if overlap * 2 >= min(bottom0 - top0, bottom1 - top1):
            return left0 < left1
        return top0 < top1
    return len(path0) < len(path1)


def out_of_visual_order(chain: list[QWidget]) -> list[str]:
    """Where Tab goes against the reading order (see ``_comes_before``)."""
    problems = []
    for before, after in itertools.pairwise(chain):
        if _comes_before(after, before):
            window = before.window()
            problems.append(f"{describe(before, window)} -> {describe(after, window)}")
    return problems
