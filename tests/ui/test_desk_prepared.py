"""The empty desk built behind the unlock page (issue 17, MainWindow._prepare_desk): once
the page is painted, a desk without data waits hidden; the unlock shows that very desk
with the workshop's rows; a lock drops it and the next unlock page prepares another.
What it opens on (the workshops, the last one, its first rows) is read meanwhile in the
background (ui/desk_opening.py): the unlock reads nothing on the GUI thread then, unless
that read is stale."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot
from uihelpers import unlock

from escadesk.services import desk_view
from escadesk.services.demo import DEMO_PASSPHRASE
from escadesk.ui import desk_opening
from escadesk.ui.main_window import MainWindow
from statement_counter import statements


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


def _unlock_counting(window: MainWindow) -> list[str]:
    """The statements the unlock itself sends (on the GUI thread, before any paint)."""
    page = window.vault_page
    assert page is not None
    window.services.vault.unlock(DEMO_PASSPHRASE)
    return statements(window.services, page.unlocked.emit)


@pytest.mark.parametrize("fresh", [True, False])
def test_the_desk_opens_on_what_was_read_behind_the_page(
    qtbot: QtBot, locked_window: MainWindow, monkeypatch: pytest.MonkeyPatch, fresh: bool
) -> None:
    monkeypatch.setattr(desk_view, "HEAD_ABOVE", 3)  # the demo workshop opens from its head
    if not fresh:  # the page waited longer than a read is trusted: the unlock reads again
        monkeypatch.setattr(desk_opening, "FRESH_SECONDS", 0.0)
    window = locked_window
    qtbot.waitUntil(lambda: window.desk_prepared)
    sent = _unlock_counting(window)
    assert window.unlocked and window.workshop is not None
    assert window.workshops_model.rowCount() > 0
    assert window.desk.proxy.loading() is not None  # its first rows shown, the rest loading
    assert window.desk.model.rowCount() > 0
    read_data = [text for text in sent if "workshop" in text or "registration" in text]
    # Fresh: none (only the idle delay's setting); stale: the workshops and rows read again.
    assert (read_data == []) is fresh
    qtbot.waitUntil(lambda: window.desk.proxy.loading() is None, timeout=10000)
    shown = {window.desk.proxy.row_at(row).id for row in range(window.desk.proxy.rowCount())}
    assert shown == {row.id for row in window.services.desk_view.load(window.workshop.id).rows}
