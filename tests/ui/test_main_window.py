"""The registrations desk driven through its real widgets."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from escadesk.domain.registration import RegistrationStatus
from escadesk.services.clock import FixedClock
from escadesk.ui.card_dialog import CardAuthorizationDialog
from escadesk.ui.main_window import MainWindow
from escadesk.ui.registration_dialog import RegistrationDialog
from escadesk.ui.registrations_model import COLUMNS
from escadesk.ui.step_dialogs import ReceivedDialog


def _row_id(window: MainWindow, organization: str) -> int:
    rows = window.services.registrations.list(window.workshop.id)
    return next(r.id for r in rows if r.organization == organization)


def _table_text(window: MainWindow) -> list[list[str]]:
    proxy = window.desk.proxy
    return [
        [proxy.index(row, column).data() for column in range(proxy.columnCount())]
        for row in range(proxy.rowCount())
    ]


def _fill(qtbot: QtBot, dialog: RegistrationDialog, email: str) -> None:
    qtbot.keyClicks(dialog.organization, "Toronto Fintech Cluster")
    dialog.country.setFocus()
    qtbot.keyClicks(dialog.country.lineEdit(), "Canada")
    dialog.technology_area.setCurrentText("ICT")
    qtbot.keyClicks(dialog.contact_name, "Wei Chen")
    qtbot.keyClicks(dialog.contact_title, "Managing Director")
    qtbot.keyClicks(dialog.contact_email, email)
    qtbot.keyClicks(dialog.contact_phone, "+1 416 555 0100")


def test_demo_desk_shows_the_announcement_workshop(window: MainWindow) -> None:
    assert window.desk.dashboard.headline.text() == "3 of 4 complete — 1 more needed by Oct 1, 2018"
    assert window.desk.dashboard.deadline.text() == "3 days to the deadline"
    assert window.desk.dashboard.gauge.complete == 3
    assert window.desk.model.rowCount() == 7
    assert "Demo data" in window.desk.banner.text() and window.desk.banner.isVisible()
    statuses = {row[0]: row[1] for row in _table_text(window)}
    assert "Complete" in statuses["Rhine Valley Health Cluster"]
    assert "Withdrawn" in statuses["Nordic Games & Media Cluster"]
    picker = window.workshop_picker
    assert picker.currentText() == "ESCA Cluster Benchmarking Workshop (TCI 2018)"
    assert picker.itemData(0, Qt.ItemDataRole.ToolTipRole) == "TCI2018-BENCH · Oct 4, 2018"
    assert picker.width() >= picker.sizeHint().width()  # the whole title is readable


def test_add_a_registration_through_the_dialog(qtbot: QtBot, window: MainWindow) -> None:
    window.action("new_registration").trigger()
    dialog = window.active_dialog
    assert isinstance(dialog, RegistrationDialog)
    _fill(qtbot, dialog, "  WEI.CHEN@prict.example ")  # a delegate, typed sloppily
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.active_dialog is None)
    organizations = [row[0] for row in _table_text(window)]
    assert "Toronto Fintech Cluster" in organizations
    assert window.selected_registration().organization == "Toronto Fintech Cluster"
    stored = next(
        r
        for r in window.services.registrations.list(window.workshop.id)
        if r.organization == "Toronto Fintech Cluster"
    )
    assert stored.status is RegistrationStatus.REGISTERED
    assert stored.contact_email == "WEI.CHEN@prict.example"
    assert stored.technology_area == "ICT"


def test_invalid_email_blocks_saving_and_says_why(qtbot: QtBot, window: MainWindow) -> None:
    before = len(window.services.registrations.list(window.workshop.id))
    window.action("new_registration").trigger()
    dialog = window.active_dialog
    assert isinstance(dialog, RegistrationDialog)
    _fill(qtbot, dialog, "wei.chen@prict")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    error = dialog._errors["contact_email"]
    assert error.isVisible()
    assert "'wei.chen@prict' is not a valid e-mail address." in error.text()
    assert dialog.isVisible() and dialog.summary.isVisible()
    assert len(window.services.registrations.list(window.workshop.id)) == before


def test_a_non_delegate_is_refused_inline(qtbot: QtBot, window: MainWindow) -> None:
    window.action("new_registration").trigger()
    dialog = window.active_dialog
    assert isinstance(dialog, RegistrationDialog)
    qtbot.keyClicks(dialog.contact_email, "someone@elsewhere.example")
    qtbot.waitUntil(lambda: dialog._errors["contact_email"].isVisible())
    assert "not on the conference delegate list" in dialog._errors["contact_email"].text()
    assert not dialog._errors["organization"].isVisible()  # untouched fields stay quiet


def _record_authorization(qtbot: QtBot, window: MainWindow, organization: str, fill) -> None:
    window.select_registration(_row_id(window, organization))
    assert window.action("authorization").isEnabled()
    window.action("authorization").trigger()
    dialog = window.active_dialog
    assert isinstance(dialog, CardAuthorizationDialog)
    fill(qtbot, dialog)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.active_dialog is None)


def test_fourth_completion_reaches_quorum_and_fifth_changes_the_tier(
    qtbot: QtBot, window: MainWindow, fill_card
) -> None:
    assert window.desk.dashboard.revenue.text() == "Below quorum"
    _record_authorization(qtbot, window, "Andes AgriFood Alliance", fill_card)
    assert window.desk.dashboard.headline.text() == "Quorum reached: 4 complete (fee tier of 4)"
    assert window.desk.dashboard.revenue.text() == "12,000.00 CAD"
    assert "Net 10,619.48 CAD + tax 1,380.52 CAD" in window.desk.dashboard.revenue_detail.text()

    clock = window.services.clock
    assert isinstance(clock, FixedClock)
    clock.set(clock.now() + timedelta(hours=2))
    window.select_registration(_row_id(window, "Lakeside Clean Energy Cluster"))
    window.action("form").trigger()
    dialog = window.active_dialog
    assert isinstance(dialog, ReceivedDialog)
    dialog.accept()
    qtbot.waitUntil(lambda: window.active_dialog is None)
    assert window.desk.dashboard.headline.text() == "Quorum reached: 5 complete (fee tier of 5)"
    assert window.desk.dashboard.revenue.text() == "13,900.00 CAD"


def test_actions_follow_the_selected_registration(window: MainWindow) -> None:
    window.select_registration(_row_id(window, "Rhine Valley Health Cluster"))
    assert not window.action("form").isEnabled()
    assert not window.action("authorization").isEnabled()
    assert window.action("withdraw").isEnabled()
    window.select_registration(_row_id(window, "Nordic Games & Media Cluster"))
    assert not window.action("withdraw").isEnabled()
    assert window.desk.history.count() == 2
    assert "Budget for international travel" in window.desk.history.item(1).text()


def test_search_filters_and_withdrawn_can_be_hidden(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClicks(window.desk.search, "canada")
    assert {row[0] for row in _table_text(window)} == {
        "Northshore Photonics Cluster",
        "Lakeside Clean Energy Cluster",
    }
    window.desk.search.clear()
    window.desk.hide_inactive.setChecked(True)
    assert "Nordic Games & Media Cluster" not in [row[0] for row in _table_text(window)]
    assert window.desk.count_label.text() == "6 of 7 shown"


def test_sorting_by_status_column(window: MainWindow) -> None:
    status_column = [c.title for c in COLUMNS].index("Status")
    window.desk.table.sortByColumn(status_column, Qt.SortOrder.AscendingOrder)
    statuses = [row[status_column] for row in _table_text(window)]
    order = [s.split("  ", 1)[1] for s in statuses]
    assert order[0] == "Registered" and order[-1] == "Withdrawn"


def test_window_geometry_is_remembered(qtbot: QtBot, window: MainWindow) -> None:
    window.resize(1111, 777)
    window.close()
    again = MainWindow(window.services)
    qtbot.addWidget(again)
    assert (again.size().width(), again.size().height()) == (1111, 777)


def test_screenshot_of_the_desk_is_not_blank(window: MainWindow, tmp_path: Path) -> None:
    image = window.grab().toImage()
    assert image.width() >= 1200
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 37) for y in range(0, image.height(), 29)
    }
    assert len(colours) > 20
    assert QApplication.instance() is not None
