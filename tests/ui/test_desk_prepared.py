"""The empty desk built behind the unlock page (issue 17, MainWindow._prepare_desk): once
the page is painted, a desk without data waits hidden; the unlock shows that very desk
with the workshop's rows; a lock drops it and the next unlock page prepares another."""

from __future__ import annotations

from pytestqt.qtbot import QtBot
from uihelpers import unlock

from escadesk.ui.main_window import MainWindow


def test_the_unlock_shows_the_desk_built_behind_the_page(
    qtbot: QtBot, locked_window: MainWindow
) -> None:
    window = locked_window
    qtbot.waitUntil(lambda: window.desk_prepared)
    assert not window.unlocked
    spare = window._spare_desk
    assert spare is not None and not spare.isVisible()
    assert spare.model.rowCount() == 0  # nothing read before the unlock
    unlock(qtbot, window)
    assert window.desk is spare
    assert not window.desk_prepared
    assert window.pages.currentWidget() is spare and spare.isVisible()
    qtbot.waitUntil(lambda: spare.model.rowCount() > 0)

    window.lock()
    assert not window.unlocked
    qtbot.waitUntil(lambda: window.desk_prepared)
    assert window._spare_desk is not spare
    unlock(qtbot, window)
    assert window.desk.model.rowCount() > 0
