"""The window's first paint shows the menu bar's titles; the commands behind them (with
their shortcuts) and the toolbar are built right after it (issue 17), and a key pressed
before they exist still reaches its command."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from escadesk.ui.actions.area import MENUS, ActionArea, menu_title
from escadesk.ui.main_window import MainWindow


def _menus(window: MainWindow) -> list[QMenu]:
    menus = [action.menu() for action in window.menuBar().actions()]
    return [menu for menu in menus if isinstance(menu, QMenu)]


def test_the_first_paint_shows_the_menu_titles_and_the_commands_follow_it(
    qapp: QApplication, qtbot: QtBot, tmp_path: Path
) -> None:
    window = MainWindow(data_dir=tmp_path)
    qtbot.addWidget(window)
    before = _menus(window)
    assert [menu.title() for menu in before] == [menu_title(key) for key in MENUS]
    assert all(menu.actions() == [] for menu in before)  # nothing behind them yet
    with qtbot.waitSignal(window.first_painted):
        window.show()
    after = _menus(window)
    assert after == before  # the same menus, filled in place: nothing shifts
    assert all(menu.actions() for menu in after)
    assert window.action("quit") in after[0].actions()
    assert window.toolbar.actions()


def test_a_shortcut_pressed_before_the_commands_exist_reaches_its_command(
    qapp: QApplication, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before the data is open only Quit is enabled; its standard key (Ctrl+Q) has no
    binding on the offscreen test platform, so it is given that key here, as on Linux."""
    add = ActionArea.add

    def add_with_a_quit_key(self: ActionArea, key: str, *args: Any, **kwargs: Any) -> QAction:
        if key == "quit":
            kwargs["shortcut"] = "Ctrl+Q"
        return add(self, key, *args, **kwargs)

    monkeypatch.setattr(ActionArea, "add", add_with_a_quit_key)
    window = MainWindow(data_dir=tmp_path)
    qtbot.addWidget(window)
    window.setUpdatesEnabled(False)  # never painted: the commands wait for that paint
    window.show()
    qtbot.waitUntil(window.isActiveWindow)  # shortcuts go to the active window
    assert all(menu.actions() == [] for menu in _menus(window))  # not built yet
    QTest.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible()  # Quit closed the window
    assert window.action("quit").shortcuts() == [QKeySequence("Ctrl+Q")]


def test_the_first_paint_rules_alone_paint_what_every_rule_paints(
    qapp: QApplication, qtbot: QtBot, tmp_path: Path
) -> None:
    """The start sets only the style rules of what the first paint shows (ui/style.py);
    the window looks the same with every rule, which the window adds once painted."""
    from escadesk.ui.style import FIRST_PAINT_STYLESHEET, STYLESHEET, apply_style

    apply_style(qapp, first_paint=True)
    try:
        window = MainWindow(data_dir=tmp_path)
        qtbot.addWidget(window)
        window.resize(1000, 700)
        with qtbot.waitSignal(window.first_painted):
            first = window.grab().toImage()  # its first paint, which the rest follows
            assert qapp.styleSheet() == FIRST_PAINT_STYLESHEET
        assert qapp.styleSheet() == STYLESHEET
        assert window.grab().toImage() == first
    finally:
        apply_style(qapp)
