"""The workshop form, driven through its real widgets against real services."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit

from escadesk.app import Services
from escadesk.domain.money import Money
from escadesk.services.demo import DEMO_CODE, seed_demo
from escadesk.ui.workshop_dialog import WorkshopDialog, parse_amount, parse_percent


@pytest.fixture
def demo_workshop_id(services: Services) -> int:
    return seed_demo(services)


def open_dialog(qtbot, services: Services, workshop_id: int | None) -> WorkshopDialog:
    dialog = WorkshopDialog(services, workshop_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def retype(qtbot, edit: QLineEdit, text: str) -> None:
    """Select what is there (Ctrl+A) and type over it, as the director would."""
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if text:
        qtbot.keyClicks(edit, text)
    else:
        qtbot.keyClick(edit, Qt.Key.Key_Backspace)


def save(qtbot, dialog: WorkshopDialog) -> None:
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def test_new_workshop_starts_from_the_template_with_empty_code_and_title(qtbot, services):
    dialog = open_dialog(qtbot, services, None)

    assert dialog.code_edit.text() == ""
    assert dialog.title_edit.text() == ""
    assert dialog.timezone_combo.currentText() == "America/Toronto"
    assert dialog.fee_counts() == [4, 5, 6]
    assert [dialog.fee_edit(n).text() for n in (4, 5, 6)] == ["3,000.00", "2,780.00", "2,650.00"]
    assert dialog.tax_rate_edit.text() == "13"
    assert dialog.fee_breakdown(4) == ("2,654.87", "345.13", "~1,990 EUR")
    # The template's programme, now editable in place.
    assert "Strategy Pitches" in [row.title for row in dialog.agenda_editor.rows()]
    assert "Dr. Oliver Ziegler" in [person.name for person in dialog.facilitators_editor.rows()]
    assert "not responsible for any exchange rate fees" in dialog.disclaimer_label.text()


def test_creating_a_workshop_by_typing_stores_decimal_fees(qtbot, services):
    dialog = open_dialog(qtbot, services, None)

    qtbot.keyClicks(dialog.code_edit, "SPRING2019")
    qtbot.keyClicks(dialog.title_edit, "Spring Cluster Benchmarking")
    qtbot.keyClick(dialog.maximum_spin, Qt.Key.Key_Down)  # 6 -> 5 organizations
    retype(qtbot, dialog.tax_rate_edit, "14.975")
    retype(qtbot, dialog.fee_edit(4), "3100")
    retype(qtbot, dialog.fee_edit(5), "2,905.50")

    assert dialog.fee_counts() == [4, 5]
    assert not dialog.fee_edit(6).isVisible()
    # 3100 / 1.14975 = 2696.238.. net; 3100 * 0.662 = 2052.2 -> ~2,050 EUR
    assert dialog.fee_breakdown(4) == ("2,696.24", "403.76", "~2,050 EUR")

    save(qtbot, dialog)

    assert dialog.result() == QDialog.DialogCode.Accepted
    [summary] = services.workshops.list()
    assert summary.id == dialog.saved_id
    assert summary.code == "SPRING2019"
    view = services.workshops.get(summary.id)
    assert view.title == "Spring Cluster Benchmarking"
    assert view.schedule.fees == {
        4: Money(Decimal("3100.00"), "CAD"),
        5: Money(Decimal("2905.50"), "CAD"),
    }
    assert all(isinstance(fee.amount, Decimal) for fee in view.schedule.fees.values())
    assert view.schedule.tax_rate == Decimal("0.14975")
    assert view.calendar.maximum_organizations == 5
    assert len(view.calendar.agenda) == 6  # the template's programme came along
    assert len(view.facilitators) == 2


def test_a_duplicate_code_is_shown_under_the_code_and_nothing_is_stored(
    qtbot, services, demo_workshop_id
):
    dialog = open_dialog(qtbot, services, None)

    qtbot.keyClicks(dialog.code_edit, DEMO_CODE.lower())
    qtbot.keyClicks(dialog.title_edit, "A second try")
    save(qtbot, dialog)

    assert "already used" in dialog.error_text("code")
    assert dialog.error_text("title") == ""
    assert dialog.isVisible()
    assert dialog.saved_id is None
    assert [w.id for w in services.workshops.list()] == [demo_workshop_id]


def test_a_fee_gap_and_an_unreadable_amount_are_shown_under_the_fees(qtbot, services):
    dialog = open_dialog(qtbot, services, None)
    qtbot.keyClicks(dialog.code_edit, "GAPS")
    qtbot.keyClicks(dialog.title_edit, "Workshop with gaps")
    retype(qtbot, dialog.fee_edit(5), "2,78")  # a decimal comma, not a thousands separator
    retype(qtbot, dialog.fee_edit(6), "")

    assert dialog.fee_breakdown(5) == ("—", "—", "—")
    save(qtbot, dialog)

    fees_message = dialog.error_text("fees")
    assert "'2,78' is not an amount" in fees_message
    assert "Enter a fee for 6 organizations" in fees_message
    assert dialog.isVisible()
    assert services.workshops.list() == []


def test_a_zero_fee_is_refused_by_the_service_under_the_fees(qtbot, services):
    dialog = open_dialog(qtbot, services, None)
    qtbot.keyClicks(dialog.code_edit, "ZERO")
    qtbot.keyClicks(dialog.title_edit, "Free for five")
    retype(qtbot, dialog.fee_edit(5), "0")
    save(qtbot, dialog)

    assert "greater than zero" in dialog.error_text("fees")
    assert services.workshops.list() == []


def test_every_problem_of_one_round_is_shown_at_once(qtbot, services, demo_workshop_id):
    dialog = open_dialog(qtbot, services, None)
    qtbot.keyClicks(dialog.code_edit, DEMO_CODE)
    retype(qtbot, dialog.fee_edit(4), "")
    dialog.event_edit.setDate(dialog.deadline_edit.date())
    save(qtbot, dialog)

    assert "already used" in dialog.error_text("code")
    assert "title is required" in dialog.error_text("title")
    assert "after the registration deadline" in dialog.error_text("calendar")
    assert "Enter a fee for 4 organizations" in dialog.error_text("fees")
    assert len(services.workshops.list()) == 1


def test_an_unknown_time_zone_is_shown_under_the_time_zone(qtbot, services):
    dialog = open_dialog(qtbot, services, None)
    qtbot.keyClicks(dialog.code_edit, "TZ")
    qtbot.keyClicks(dialog.title_edit, "Somewhere")
    retype(qtbot, dialog.timezone_combo.lineEdit(), "Mars/Olympus_Mons")
    save(qtbot, dialog)

    assert "not a known time zone" in dialog.error_text("timezone")
    assert services.workshops.list() == []


def test_an_approximate_currency_needs_a_rate(qtbot, services):
    dialog = open_dialog(qtbot, services, None)
    qtbot.keyClicks(dialog.code_edit, "FX")
    qtbot.keyClicks(dialog.title_edit, "No rate")
    retype(qtbot, dialog.fx_rate_edit, "")
    assert dialog.fee_breakdown(4)[2] == "—"
    save(qtbot, dialog)

    assert "positive rate" in dialog.error_text("fx_rate")
    assert services.workshops.list() == []


def test_problems_clear_once_fixed_and_the_workshop_saves(qtbot, services):
    dialog = open_dialog(qtbot, services, None)
    qtbot.keyClicks(dialog.code_edit, "LATER")
    save(qtbot, dialog)
    assert dialog.error_text("title")

    qtbot.keyClicks(dialog.title_edit, "Fixed title")
    save(qtbot, dialog)

    assert dialog.error_text("title") == ""
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert [w.code for w in services.workshops.list()] == ["LATER"]


def test_editing_the_demo_workshop_changes_its_title_only(qtbot, services, demo_workshop_id):
    before = services.workshops.get(demo_workshop_id)
    dialog = open_dialog(qtbot, services, demo_workshop_id)
    assert dialog.code_edit.text() == DEMO_CODE
    assert dialog.fx_currency_edit.text() == "EUR"
    assert dialog.fx_rate_edit.text() == "0.662"

    retype(qtbot, dialog.title_edit, "ESCA Benchmarking Workshop, Toronto")
    save(qtbot, dialog)

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.saved_id == demo_workshop_id
    after = services.workshops.get(demo_workshop_id)
    assert after.title == "ESCA Benchmarking Workshop, Toronto"
    assert after.schedule == before.schedule
    assert after.calendar == before.calendar
    assert after.facilitators == before.facilitators
    assert len(services.workshops.list()) == 1


def test_the_fee_table_follows_the_limits_and_keeps_typed_amounts(qtbot, services):
    dialog = open_dialog(qtbot, services, None)
    retype(qtbot, dialog.fee_edit(6), "2600")
    dialog.maximum_spin.setValue(4)
    assert dialog.fee_counts() == [4]
    dialog.maximum_spin.setValue(7)
    assert dialog.fee_counts() == [4, 5, 6, 7]
    assert dialog.fee_edit(6).text() == "2600"
    assert dialog.fee_edit(7).text() == ""
    dialog.minimum_spin.setValue(9)  # the maximum follows so the range stays valid
    assert dialog.maximum_spin.value() == 9
    assert dialog.fee_counts() == [9]


@pytest.mark.parametrize(
    ("text", "amount"),
    [("3000", "3000.00"), ("2,780.5", "2780.50"), ("1,234,567.89", "1234567.89"), (" 12 ", "12")],
)
def test_amounts_are_read_exactly(text, amount):
    assert parse_amount(text) == Decimal(amount)


@pytest.mark.parametrize("text", ["", "2,78", "1,2345", "12.345", "1e3", "-5", "abc"])
def test_unclear_amounts_are_refused(text):
    with pytest.raises(ValueError, match="not an amount"):
        parse_amount(text)


def test_percent_is_converted_without_floats():
    assert parse_percent("14.975") == Decimal("0.14975")
    assert parse_percent("13") == Decimal("0.13")
