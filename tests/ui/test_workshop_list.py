"""The workshop picker's model (ui/workshop_list.py, issue 17): the picker lists the same
workshops, in the same order, with the same texts, ids and tooltips as a QComboBox filled
one item at a time (how the window filled it before), and the window's uses of it (pick
the last workshop, clear it when the vault locks) still work."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from escadesk.domain.moments import long_date
from escadesk.services.views import WorkshopSummary
from escadesk.ui.main_window import MainWindow
from escadesk.ui.workshop_list import WorkshopListModel, workshop_labels

WORKSHOPS = [
    WorkshopSummary(7, "TCI2018-BENCH", "ESCA Cluster Benchmarking Workshop", date(2018, 10, 4)),
    WorkshopSummary(3, "EU-PILOT", "Pilot workshop", date(2019, 3, 1)),
    WorkshopSummary(9, "TCI2019-BENCH", "ESCA Cluster Benchmarking Workshop", date(2019, 10, 3)),
    WorkshopSummary(4, "ÉTÉ-2020", "Atelier d'été", date(2020, 7, 14)),
]
ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.UserRole, Qt.ItemDataRole.ToolTipRole)


def _one_by_one(workshops: list[WorkshopSummary]) -> QComboBox:
    """The picker as the window filled it before: one item at a time, a tooltip each."""
    picker = QComboBox()
    for label, summary in zip(workshop_labels(workshops), workshops, strict=True):
        picker.addItem(label, summary.id)
        picker.setItemData(
            picker.count() - 1,
            f"{summary.code} · {long_date(summary.event_date)}",
            Qt.ItemDataRole.ToolTipRole,
        )
    return picker


def _items(picker: QComboBox) -> list[tuple[object, ...]]:
    return [tuple(picker.itemData(row, role) for role in ROLES) for row in range(picker.count())]


def test_the_model_lists_what_items_added_one_by_one_list(qtbot: QtBot) -> None:
    picker = QComboBox()
    qtbot.addWidget(picker)
    model = WorkshopListModel()
    picker.setModel(model)
    model.set_workshops(WORKSHOPS)
    before = _one_by_one(WORKSHOPS)
    qtbot.addWidget(before)
    assert _items(picker) == _items(before)
    assert _items(picker)[0] == (
        "ESCA Cluster Benchmarking Workshop (TCI2018-BENCH)",
        7,
        "TCI2018-BENCH · Oct 4, 2018",
    )
    assert [model.row_of(w) for w in (9, 4, 1, None)] == [2, 3, -1, -1]
    assert [model.row_of(w) for w in (9, 4)] == [picker.findData(9), picker.findData(4)]
    model.set_workshops(WORKSHOPS[1:])  # listed again: the rows follow
    assert _items(picker) == _items(_one_by_one(WORKSHOPS[1:]))
    assert model.row_of(7) == -1 and model.row_of(3) == 0


def test_clearing_the_picker_empties_the_model(qtbot: QtBot) -> None:
    picker = QComboBox()
    qtbot.addWidget(picker)
    model = WorkshopListModel()
    picker.setModel(model)
    model.set_workshops(WORKSHOPS)
    picker.clear()
    assert picker.count() == 0 and model.rowCount() == 0 and model.row_of(7) == -1
    model.set_workshops(WORKSHOPS)
    assert picker.count() == len(WORKSHOPS)


def test_the_window_lists_every_workshop_and_empties_the_picker_when_locked(
    window: MainWindow,
) -> None:
    workshops = window.services.workshops.list()
    picker = window.workshop_picker
    assert _items(picker) == _items(_one_by_one(workshops))
    assert window.workshop is not None
    assert picker.currentData() == window.workshop.id
    window.lock()
    assert picker.count() == 0


def test_the_model_s_role_numbers_are_qt_s() -> None:
    from escadesk.ui import workshop_list

    assert Qt.ItemDataRole.DisplayRole.value == workshop_list.DISPLAY_ROLE
    assert Qt.ItemDataRole.ToolTipRole.value == workshop_list.TOOLTIP_ROLE
    assert Qt.ItemDataRole.UserRole.value == workshop_list.USER_ROLE


def test_the_picker_sized_from_a_sample_shows_the_widest_label(qtbot: QtBot) -> None:
    """Sized from the longest labels (picker_characters), the picker is at least as wide
    as one measuring every label (Qt's AdjustToContents), among many labels where the
    widest in pixels is not among the longest in characters, and not much wider."""
    from PySide6.QtWidgets import QApplication

    from escadesk.ui.style import apply_style
    from escadesk.ui.workshop_list import SAMPLE_LABELS, picker_characters

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_style(app)
    # Narrow letters make the longest labels; a few shorter ones of wide letters are wider.
    many = [
        WorkshopSummary(n, f"C{n}", f"Workshop iiiiiiiiiiiiiiiiiiiiiiii {n}", date(2020, 1, 1))
        for n in range(1, 2 * SAMPLE_LABELS)
    ]
    many += [
        WorkshopSummary(900 + n, f"W{n}", "WMWMWMWMWMWMWM", date(2021, 1, 1)) for n in range(3)
    ]
    sampled, measured = QComboBox(), QComboBox()
    for picker in (sampled, measured):
        qtbot.addWidget(picker)
        model = WorkshopListModel()
        picker.setModel(model)
        model.set_workshops(many)
    sampled.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    sampled.setMinimumContentsLength(
        picker_characters(workshop_labels(many), sampled.fontMetrics())
    )
    measured.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    wide = sampled.fontMetrics().horizontalAdvance("WMWMWMWMWMWMWM (W0)")
    long = sampled.fontMetrics().horizontalAdvance(workshop_labels(many)[0])
    assert wide > long  # the widest label is not among the longest: the sample misses it
    # …yet the picker fits it (one "X" to spare).
    assert sampled.sizeHint().width() >= measured.sizeHint().width()
    assert sampled.sizeHint().width() <= measured.sizeHint().width() + 60
