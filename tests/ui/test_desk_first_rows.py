"""A large workshop shown from its first rows, the rest read in the background (issue 17):
the first rows are the first of the default order; once the rest arrives, in one layout
change, the table holds the rows a whole read shows, with a search typed meanwhile
applied and the selection kept. The demo workshop stands in for a large one (the size
above which the head is shown first is lowered)."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot
from uihelpers import unlock

from escadesk.services import desk_view
from escadesk.ui import desk as desk_module
from escadesk.ui.main_window import MainWindow

FIRST = 4


@pytest.fixture
def window(qtbot: QtBot, locked_window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    monkeypatch.setattr(desk_view, "HEAD_ABOVE", 3)
    monkeypatch.setattr(desk_module, "FIRST_ROWS", FIRST)
    unlock(qtbot, locked_window)
    qtbot.waitUntil(lambda: locked_window.desk.proxy.loading() is None, timeout=10000)
    return locked_window


def shown_ids(window: MainWindow) -> list[int]:
    proxy = window.desk.proxy
    return [proxy.row_at(row).id for row in range(proxy.rowCount())]


def reshow(window: MainWindow) -> None:
    """The workshop shown anew, as after an unlock (the table starts again)."""
    window.desk.clear()
    window.refresh()


def test_the_first_rows_come_first_then_every_row_of_a_whole_read(
    qtbot: QtBot, window: MainWindow
) -> None:
    desk = window.desk
    whole = shown_ids(window)
    total = len(whole)
    assert total > FIRST
    assert [row.organization.casefold() for row in desk.snapshot.rows] != sorted(
        row.organization.casefold() for row in desk.snapshot.rows
    )  # the default order is not registration order: the test can tell them apart
    reshow(window)
    assert desk.proxy.loading() == total
    assert desk.proxy.canFetchMore(desk.proxy.index(-1, -1))
    assert shown_ids(window) == whole[:FIRST]
    assert desk.count_label.text() == f"Loading {total:,} registrations…"
    assert not window.state.has_workshop  # no command on a workshop half read
    qtbot.waitUntil(lambda: desk.proxy.loading() is None, timeout=10000)
    assert shown_ids(window) == whole
    assert desk.dashboard.isVisibleTo(window)
    assert window.state.has_workshop


def test_a_search_typed_and_a_row_selected_while_loading_apply_to_every_row(
    qtbot: QtBot, window: MainWindow
) -> None:
    desk = window.desk
    rows = {row.id: row for row in desk.snapshot.rows}
    # A search matching a first row and rows beyond the first ones.
    text = rows[shown_ids(window)[1]].organization[:1]
    desk.search.setText(text)
    expected = shown_ids(window)
    assert len(expected) > 1
    desk.search.clear()
    reshow(window)
    first_match = next(key for key in shown_ids(window) if key in expected)
    desk.select_registration(first_match)
    qtbot.keyClicks(desk.search, text)  # typed before the rest arrives
    assert desk.proxy.loading() is not None
    qtbot.waitUntil(lambda: desk.proxy.loading() is None, timeout=10000)
    assert shown_ids(window) == expected
    assert desk.selected_id() == first_match
    assert desk.count_label.text() == f"{len(expected)} of {len(rows)} shown"


def test_a_sort_clicked_while_loading_sorts_every_row_as_after_a_whole_read(
    qtbot: QtBot, window: MainWindow
) -> None:
    desk = window.desk
    desk.table.sortByColumn(1, desk_module.Qt.SortOrder.AscendingOrder)  # Status
    expected = shown_ids(window)
    desk.table.sortByColumn(0, desk_module.Qt.SortOrder.AscendingOrder)
    reshow(window)
    desk.table.sortByColumn(1, desk_module.Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: desk.proxy.loading() is None, timeout=10000)
    assert shown_ids(window) == expected


def test_a_refresh_during_the_load_reads_again_and_shows_once(
    qtbot: QtBot, window: MainWindow
) -> None:
    desk = window.desk
    whole = shown_ids(window)
    reshow(window)
    window.refresh(changed=[whole[0]])  # e.g. a change heard from another desk
    assert desk.proxy.loading() is not None
    assert shown_ids(window) == whole[:FIRST]
    qtbot.waitUntil(lambda: desk.proxy.loading() is None, timeout=10000)
    assert shown_ids(window) == whole


def _count_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The whole reads started (services/desk_view.py ``load``), by workshop."""
    reads: list[int] = []
    whole_read = desk_view.DeskViewService.load

    def counted(service: desk_view.DeskViewService, workshop_id: int) -> desk_view.DeskSnapshot:
        reads.append(workshop_id)
        return whole_read(service, workshop_id)

    monkeypatch.setattr(desk_view.DeskViewService, "load", counted)
    return reads


def test_the_rest_is_read_once_the_first_rows_are_painted(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read holding the interpreter while the first rows paint slows the paint: it
    starts once the table has painted them (and the layout has settled)."""
    reads = _count_reads(monkeypatch)
    desk = window.desk
    painted: list[bool] = []
    desk.first_rows_painted.connect(lambda: painted.append(desk.first_rows_shown))
    reshow(window)
    assert desk.proxy.loading() is not None and not desk.first_rows_shown
    qtbot.wait(desk_module.FIRST_PAINT_SETTLE_MS // 2)  # events run: the table paints
    assert desk.first_rows_shown and reads == []
    qtbot.waitUntil(lambda: desk.proxy.loading() is None, timeout=10000)
    assert painted == [True]
    assert reads == [window.workshop.id]  # once, though announced and timed out both


def test_a_window_not_painted_reads_the_rest_all_the_same(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = _count_reads(monkeypatch)
    desk = window.desk
    whole = shown_ids(window)
    window.hide()
    reshow(window)
    qtbot.waitUntil(lambda: desk.proxy.loading() is None, timeout=10000)
    assert not desk.first_rows_shown
    assert reads == [window.workshop.id]
    assert shown_ids(window) == whole


def test_a_refresh_after_one_change_reads_that_row_only(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first-rows path costs a one-row refresh nothing: no head, no whole read, no
    read in the background; the row shown anew at once."""
    desk = window.desk
    whole = shown_ids(window)

    def refused(*_args: object) -> None:
        raise AssertionError("a one-row refresh read more than its row")

    monkeypatch.setattr(desk_view.DeskViewService, "head", refused)
    monkeypatch.setattr(desk_view.DeskViewService, "load", refused)
    updates: list[list[int]] = []
    update = desk_view.DeskViewService.update

    def counted(
        service: desk_view.DeskViewService, previous: desk_view.DeskSnapshot, ids: list[int]
    ) -> desk_view.DeskSnapshot:
        updates.append(list(ids))
        return update(service, previous, ids)

    monkeypatch.setattr(desk_view.DeskViewService, "update", counted)
    window.refresh(changed=[whole[2]])
    assert updates == [[whole[2]]]
    assert desk.proxy.loading() is None and shown_ids(window) == whole
    qtbot.wait(desk_module.FIRST_PAINT_SETTLE_MS * 2)  # nothing else comes after it
    assert updates == [[whole[2]]]
