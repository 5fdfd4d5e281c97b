"""The order of the strategy pitches: the director reorders the taking-part organizations
and sees at once when each one pitches; the roster's programme follows the saved order.

Reordering works with the mouse (drag and drop) and the keyboard (Move up / Move down, or
Ctrl+Up / Ctrl+Down in the list); the slot times come from the pure domain rule, so the
preview is exactly what the exported programme will say.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from escadesk.domain.pitch_schedule import PitchSlot, plan_pitches
from escadesk.domain.validation import ValidationError
from escadesk.i18n import _
from escadesk.ui.dialog_buttons import save_cancel_buttons
from escadesk.ui.form_parts import error_label
from escadesk.ui.formatting import clock_text
from escadesk.ui.sizing import grow_to_fit

if TYPE_CHECKING:
    from escadesk.services.container import Services
    from escadesk.services.views import WorkshopView

_ID_ROLE = Qt.ItemDataRole.UserRole


class PitchOrderDialog(QDialog):
    """Reorder the pitches, preview their times, save the order."""

    def __init__(
        self, services: Services, workshop: WorkshopView, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._workshop = workshop
        self.setWindowTitle(_("Pitch order"))
        self.setMinimumSize(820, 440)
        self._build()
        self._load(services.exports.pitch_order(workshop.id))
        self._update()

    def _load(self, speakers: list[tuple[int, str]]) -> None:
        self.list.clear()
        for registration_id, organization in speakers:
            item = QListWidgetItem(organization)
            item.setData(_ID_ROLE, registration_id)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    # -- building --------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(10)
        heading = QLabel(_("Order of the strategy pitches"))
        heading.setObjectName("headline")
        layout.addWidget(heading)
        intro = QLabel(
            _(
                "Drag the organizations into the order they pitch, or select one and use Move up "
                "and Move down (Ctrl+Up / Ctrl+Down). The times on the right update as you go; "
                "the roster's programme uses the saved order."
            )
        )
        intro.setObjectName("muted")
        intro.setWordWrap(True)
        layout.addWidget(intro)

        columns = QHBoxLayout()
        columns.setSpacing(16)
        left = QVBoxLayout()
        left.setSpacing(6)
        order_caption = QLabel(_("&Organizations, first to last:"))
        order_caption.setObjectName("fieldLabel")
        self.list = QListWidget()
        order_caption.setBuddy(self.list)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.setMinimumWidth(300)
        self.list.setStyleSheet("QListWidget::item { padding: 5px 6px; }")
        self.list.model().rowsMoved.connect(self._update)
        self.list.currentRowChanged.connect(self._enable_moves)
        moves = QHBoxLayout()
        self.up_button = QPushButton(_("Move &up"))
        self.down_button = QPushButton(_("Move &down"))
        self.up_button.setToolTip(_("Pitch earlier (Ctrl+Up)"))
        self.down_button.setToolTip(_("Pitch later (Ctrl+Down)"))
        for button in (self.up_button, self.down_button):
            button.setAutoDefault(False)  # Enter saves; it never moves an organization
        self.up_button.clicked.connect(self.move_up)
        self.down_button.clicked.connect(self.move_down)
        self.list.installEventFilter(self)  # Ctrl+Up / Ctrl+Down move the selected one
        moves.addWidget(self.up_button)
        moves.addWidget(self.down_button)
        moves.addStretch(1)
        left.addWidget(order_caption)
        left.addWidget(self.list, 1)
        left.addLayout(moves)

        right = QVBoxLayout()
        right.setSpacing(6)
        self.preview_caption = QLabel(_("Schedule of the pitches:"))
        self.preview_caption.setObjectName("fieldLabel")
        self.preview = QTableWidget(0, 2)
        self.preview.setAccessibleName(_("Schedule of the pitches"))
        self.preview.setHorizontalHeaderLabels([_("Time"), _("Pitch")])
        self.preview.verticalHeader().setVisible(False)
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.preview.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.preview.setWordWrap(False)
        header = self.preview.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.preview_note = QLabel()
        self.preview_note.setObjectName("muted")
        self.preview_note.setWordWrap(True)
        right.addWidget(self.preview_caption)
        right.addWidget(self.preview, 1)
        right.addWidget(self.preview_note)

        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout.addLayout(columns, 1)
        self.error = error_label()
        layout.addWidget(self.error)
        buttons, self.save_button = save_cancel_buttons(self, self.save)
        layout.addWidget(buttons)

    # -- reordering ------------------------------------------------------------------------

    def order(self) -> list[int]:
        """The registration ids, first pitch first."""
        return [int(self.list.item(row).data(_ID_ROLE)) for row in range(self.list.count())]

    def names(self) -> list[str]:
        return [self.list.item(row).text() for row in range(self.list.count())]

    def move_up(self) -> None:
        self._move(-1)

    def move_down(self) -> None:
        self._move(1)

    def _move(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)
        self._update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.list
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.modifiers() == Qt.KeyboardModifier.ControlModifier
            and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down)
        ):
            self._move(-1 if event.key() == Qt.Key.Key_Up else 1)
            return True
        return super().eventFilter(watched, event)

    def _enable_moves(self) -> None:
        row = self.list.currentRow()
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < self.list.count() - 1)

    def _update(self) -> None:
        self._enable_moves()
        self.error.hide()
        self._show_preview()

    def _show_preview(self) -> None:
        """The slots as the roster will print them, open discussion included."""
        schedule = plan_pitches(self._workshop.calendar.agenda, self.names())
        entries = schedule.entries()
        self.preview.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            when = QTableWidgetItem(f"{clock_text(entry.start)}–{clock_text(entry.end)}")
            if isinstance(entry, PitchSlot):
                what = QTableWidgetItem(f"{entry.number}. {entry.organization}")
            else:
                what = QTableWidgetItem(_("Open discussion"))
                font = what.font()
                font.setItalic(True)
                what.setFont(font)
            self.preview.setItem(row, 0, when)
            self.preview.setItem(row, 1, what)
        self.preview_note.setText(schedule.summary())
        block = ", ".join(
            f"{clock_text(start)}–{clock_text(end)}" for start, end in schedule.stretches
        )
        self.preview_caption.setText(
            _("Schedule of the pitches ({times}):").format(times=block)
            if block
            else _("Schedule of the pitches:")
        )

    def preview_rows(self) -> list[tuple[str, str]]:
        """What the preview shows, row by row (time, pitch)."""
        rows = []
        for row in range(self.preview.rowCount()):
            when, what = self.preview.item(row, 0), self.preview.item(row, 1)
            assert when is not None and what is not None  # _show_preview fills every cell
            rows.append((when.text(), what.text()))
        return rows

    # -- saving ----------------------------------------------------------------------------

    def save(self) -> None:
        """Store the order; if who takes part changed meanwhile, show the new list instead."""
        exports, workshop_id = self._services.exports, self._workshop.id
        try:
            exports.set_pitch_order(workshop_id, self.order())
        except ValidationError as error:
            self._reload(exports.pitch_order(workshop_id))
            self.error.setText(
                _(
                    "Not saved: {error} The organizations taking part changed while this "
                    "window was open; the list now shows them. Check the order and save again."
                ).format(error=error)
            )
            self.error.show()
            grow_to_fit(self)
            return
        self.accept()

    def _reload(self, speakers: list[tuple[int, str]]) -> None:
        """The current participants, keeping the order chosen here for those still in it."""
        rank = {registration_id: row for row, registration_id in enumerate(self.order())}
        self._load(sorted(speakers, key=lambda s: rank.get(s[0], len(rank))))
        self._enable_moves()
        self._show_preview()
