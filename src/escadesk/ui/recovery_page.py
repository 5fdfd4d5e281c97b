"""The page shown when the data cannot be opened (issue 15, item 2): what is wrong in
plain words, the backups with what each holds, and the three ways forward: restore a
backup (the file that cannot be opened is moved aside, never deleted), open another
data folder, or quit.

A page of the main window rather than a dialog: there is nothing else the window could
show, and a screen reader should land on the explanation first.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from escadesk.i18n import N_, _, format_decimal
from escadesk.services.recovery import Backup
from escadesk.ui.form_parts import list_table

COLUMNS = (N_("Taken"), N_("Why"), N_("Size"), N_("Workshops"), N_("Registrations"))


def _when(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else _("unknown")


def _size(size: int) -> str:
    if size < 1024 * 1024:
        # Translators: kilobytes (French "Ko").
        return _("{size} KB").format(size=format_decimal(size / 1024, pattern="#,##0"))
    # Translators: megabytes (French "Mo").
    return _("{size} MB").format(size=format_decimal(size / 1024 / 1024, pattern="#,##0.0"))


def _count(value: int | None) -> str:
    return "?" if value is None else format_decimal(value)


def backups_table(backups: list[Backup]) -> QTableWidget:
    """The backups, one row each, newest first; an unreadable one says why."""
    table = list_table(_("Backups"), tuple(_(column) for column in COLUMNS), len(backups))
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    for row, backup in enumerate(backups):
        why = backup.reason_words if backup.problem is None else f"{backup.problem}"
        cells = (
            _when(backup.taken_at),
            why,
            _size(backup.size),
            _count(backup.workshops),
            _count(backup.registrations),
        )
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if column >= 2:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(row, column, item)
    readable = [i for i, b in enumerate(backups) if b.problem is None]
    if readable:
        table.selectRow(readable[0])
    return table


def selected_backup(table: QTableWidget, backups: list[Backup]) -> Backup | None:
    """The one readable backup selected, if any."""
    rows = {index.row() for index in table.selectionModel().selectedRows()}
    if len(rows) != 1:
        return None
    backup = backups[rows.pop()]
    return backup if backup.problem is None else None


class RecoveryPage(QWidget):
    """Emits what the director chose; the application does it (in the background)."""

    restore_requested = Signal(object)  # the Backup
    other_folder_requested = Signal()
    quit_requested = Signal()

    def __init__(
        self,
        problem: str,
        backups: list[Backup],
        backup_folder: str,
        can_restore: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryPage")
        self.backups = [b for b in backups]
        heading = QLabel(_("escadesk cannot open its data"))
        heading.setObjectName("pageTitle")
        heading.setAccessibleName(_("escadesk cannot open its data"))
        self.problem = QLabel(problem)
        self.problem.setWordWrap(True)
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem.setAccessibleName(_("What is wrong"))
        self.problem.setAccessibleDescription(problem)

        self.table = backups_table(self.backups)

        if self.backups:
            where = _(
                "Backups in {folder}, newest first. Restoring one puts it in place of "
                "the file above, which is kept aside (never deleted):"
            ).format(folder=backup_folder)
        else:
            where = _("There is no backup in {folder}.").format(folder=backup_folder)
        self.backups_label = QLabel(where)
        self.backups_label.setWordWrap(True)
        self.backups_label.setBuddy(self.table)

        self.restore_button = QPushButton(_("Res&tore the selected backup…"))
        self.restore_button.setObjectName("primary")
        self.other_button = QPushButton(_("&Open another data folder…"))
        self.quit_button = QPushButton(_("&Quit"))
        self.restore_button.clicked.connect(self._restore)
        self.other_button.clicked.connect(self.other_folder_requested.emit)
        self.quit_button.clicked.connect(self.quit_requested.emit)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setAccessibleName(_("Progress"))

        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.other_button)
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(self.problem)
        layout.addWidget(self.backups_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

        self.can_restore = can_restore
        self.table.setVisible(bool(self.backups))
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self._selection_changed()

    def selected(self) -> Backup | None:
        return selected_backup(self.table, self.backups)

    def busy(self, message: str) -> None:
        """A restore or an opening is under way: say so, and offer nothing meanwhile."""
        self.status.setText(message)
        for button in (self.restore_button, self.other_button):
            button.setEnabled(False)

    def failed(self, message: str) -> None:
        self.status.setText(message)
        self.other_button.setEnabled(True)
        self._selection_changed()

    def _selection_changed(self) -> None:
        self.restore_button.setEnabled(self.can_restore and self.selected() is not None)
        self.restore_button.setVisible(self.can_restore and bool(self.backups))

    def _restore(self) -> None:
        backup = self.selected()
        if backup is not None:
            self.restore_requested.emit(backup)
