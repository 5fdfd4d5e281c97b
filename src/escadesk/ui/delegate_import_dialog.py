"""Import the conference's delegate list: choose a file, preview it, then import all or nothing.

Reading and storing run off the GUI thread (``run_in_background``), so a large or slow
file never freezes the window. A file with any problem is never imported: the problems
are listed by row and column so the director can fix the file and choose it again.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QCloseEvent, QColor, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from escadesk.app import Services
from escadesk.services.delegates import DelegatePreview
from escadesk.ui.workers import run_in_background

FILE_FILTER = "Delegate lists (*.xlsx *.xlsm *.csv)"
NOTHING_IMPORTED = "Nothing was imported. Fix the file and choose it again."
ERROR_COLOUR = "#b42318"
ERROR_BACKGROUND = "#fdecea"
MUTED_COLOUR = "#5f6b76"

_Index = QModelIndex | QPersistentModelIndex


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_text(preview: DelegatePreview) -> str:
    """'48 delegates: 12 new, 36 already on the list' (or what is wrong with the file)."""
    if preview.problems:
        fine = len(preview.records)
        return f"{_plural(len(preview.problems), 'problem')} found in {preview.source.name}" + (
            f"; {_plural(fine, 'other row')} can be read." if fine else "."
        )
    return (
        f"{_plural(len(preview.records), 'delegate')}: {preview.new_count} new, "
        f"{preview.known_count} already on the list"
    )


class DelegateRecordsModel(QAbstractTableModel):
    """The previewed rows, read-only (a model, not items, so long lists stay light)."""

    HEADERS = ("Row", "E-mail", "Name", "Organization", "Country", "On the list")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._preview: DelegatePreview | None = None

    def set_preview(self, preview: DelegatePreview | None) -> None:
        self.beginResetModel()
        self._preview = preview
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        if parent.isValid() or self._preview is None:
            return 0
        return len(self._preview.records)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if self._preview is None or not index.isValid():
            return None
        record = self._preview.records[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 5:
                new = record.email_normalized in self._preview.new_emails
                return "New" if new else "Already"
            values = (
                str(record.row),
                record.email,
                record.name,
                record.organization,
                record.country,
            )
            return values[column] or ""
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == 5:
            new = record.email_normalized in self._preview.new_emails
            return QColor("#1e7b34") if new else QColor(MUTED_COLOUR)
        return None


def _coloured(label: QLabel, colour: str) -> QLabel:
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(colour))
    label.setPalette(palette)
    return label


class DelegateImportDialog(QDialog):
    """Choose a delegate list, see exactly what it holds, and import it in one step."""

    def __init__(
        self,
        services: Services,
        workshop_id: int,
        parent: QWidget | None = None,
        path: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._workshop_id = workshop_id
        self._preview: DelegatePreview | None = None
        self._generation = 0  # results of an earlier choice are ignored when they arrive
        self._busy = False
        self._committing = False
        self._closed = False
        self.imported_count: int = 0
        self.setWindowTitle("Import delegate list")
        self._build()
        self._show_state()
        if path is not None:
            self.start_preview(path)

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        self.setMinimumSize(720, 520)
        self.resize(880, 600)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(12)

        heading = QLabel("Import the conference's delegate list")
        heading.setObjectName("headline")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        intro = _coloured(
            QLabel(
                "Only conference delegates may register, matched on their e-mail. Choose the "
                "list as an Excel workbook or CSV file with an "
                "E&#8209;mail column (Name, Organization "
                "and Country are optional). Nothing is stored until you click Import."
            ),
            MUTED_COLOUR,
        )
        intro.setTextFormat(Qt.TextFormat.RichText)
        intro.setObjectName("muted")
        intro.setWordWrap(True)
        layout.addWidget(intro)

        file_row = QHBoxLayout()
        file_row.setSpacing(10)
        self.choose_button = QPushButton("Choose file…")
        self.choose_button.clicked.connect(self.choose_file)
        self.file_label = _coloured(QLabel("No file chosen."), MUTED_COLOUR)
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        file_row.addWidget(self.choose_button)
        file_row.addWidget(self.file_label, 1)
        layout.addLayout(file_row)

        busy_row = QHBoxLayout()
        busy_row.setSpacing(10)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setFixedWidth(160)
        self.progress.setMaximumHeight(14)
        self.status_label = QLabel()
        busy_row.addWidget(self.progress)
        busy_row.addWidget(self.status_label, 1)
        self._busy_row = QWidget()
        self._busy_row.setLayout(busy_row)
        busy_row.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._busy_row)

        self.summary_label = QLabel()
        font = self.summary_label.font()
        font.setBold(True)
        self.summary_label.setFont(font)
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)

        self.problems_box = QFrame()
        self.problems_box.setObjectName("problemsBox")
        self.problems_box.setStyleSheet(
            f"QFrame#problemsBox {{ background: {ERROR_BACKGROUND};"
            f" border: 1px solid {ERROR_COLOUR}; border-radius: 6px; }}"
            f"QFrame#problemsBox QLabel {{ color: {ERROR_COLOUR}; background: transparent;"
            " border: none; }"
            f"QFrame#problemsBox QListWidget {{ color: {ERROR_COLOUR}; background: white;"
            f" border: 1px solid #f1b5ae; border-radius: 4px; }}"
        )
        problems_layout = QVBoxLayout(self.problems_box)
        problems_layout.setContentsMargins(12, 10, 12, 12)
        problems_layout.setSpacing(8)
        self.problems_title = QLabel()
        font = self.problems_title.font()
        font.setBold(True)
        self.problems_title.setFont(font)
        self.problems_list = QListWidget()
        self.problems_list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.problems_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.problems_list.setWordWrap(True)
        self.nothing_imported_label = QLabel(NOTHING_IMPORTED)
        problems_layout.addWidget(self.problems_title)
        problems_layout.addWidget(self.problems_list)
        problems_layout.addWidget(self.nothing_imported_label)
        self.problems_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        layout.addWidget(self.problems_box)

        self.records_caption = _coloured(
            QLabel(
                "These rows have no problems; they are shown for reference only, because "
                "nothing is imported until the whole file is clean."
            ),
            MUTED_COLOUR,
        )
        self.records_caption.setObjectName("muted")
        self.records_caption.setWordWrap(True)
        layout.addWidget(self.records_caption)

        self.records_model = DelegateRecordsModel(self)
        self.table = QTableView()
        self.table.setModel(self.records_model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((50, 230, 150, 190, 100)):
            self.table.setColumnWidth(column, width)
        layout.addWidget(self.table, 1)
        self.placeholder = _coloured(
            QLabel("Choose the file the conference sent to see what it contains."), MUTED_COLOUR
        )
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.placeholder, 1)
        layout.addStretch(0)  # takes the room when neither the table nor the hint is shown

        self.error_label = _coloured(QLabel(), ERROR_COLOUR)
        self.error_label.setObjectName("fieldError")
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.error_label)

        self._buttons = QDialogButtonBox()
        self.import_button = self._buttons.addButton(
            "Import", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = self._buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.import_button.clicked.connect(self.start_import)
        self.cancel_button.clicked.connect(self.reject)
        layout.addWidget(self._buttons)

    # ------------------------------------------------------------------ state

    @property
    def is_busy(self) -> bool:
        """True while a file is being read or the import is being stored."""
        return self._busy

    @property
    def preview(self) -> DelegatePreview | None:
        return self._preview

    def _show_state(self) -> None:
        """Enable and show exactly what fits the current step."""
        preview = self._preview
        self._busy_row.setVisible(self._busy)
        self.choose_button.setEnabled(not self._busy)
        self.cancel_button.setEnabled(not self._committing)
        self.import_button.setEnabled(not self._busy and preview is not None and preview.ok)
        self.import_button.setDefault(self.import_button.isEnabled())
        self.summary_label.setVisible(preview is not None)
        self.problems_box.setVisible(preview is not None and bool(preview.problems))
        self.table.setVisible(preview is not None and bool(preview.records))
        self.records_caption.setVisible(
            preview is not None and bool(preview.problems) and bool(preview.records)
        )
        self.placeholder.setVisible(
            preview is None and not self._busy and not self.error_label.text()
        )
        self.error_label.setVisible(bool(self.error_label.text()))

    def _set_busy(self, message: str | None) -> None:
        self._busy = message is not None
        self.status_label.setText(message or "")
        self._show_state()

    # ------------------------------------------------------------------ preview

    def choose_file(self) -> None:
        """Ask for the file, then preview it (nothing is stored yet)."""
        chosen, _filter = QFileDialog.getOpenFileName(
            self, "Choose the delegate list", "", FILE_FILTER
        )
        if chosen:
            self.start_preview(Path(chosen))

    def start_preview(self, path: Path) -> None:
        """Read and check ``path`` in the background; the preview replaces any earlier one."""
        if self._committing:
            return
        self._generation += 1
        generation = self._generation
        self._preview = None
        self.records_model.set_preview(None)
        self.problems_list.clear()
        self.error_label.clear()
        self.summary_label.clear()
        self.file_label.setText(str(path))
        self.file_label.setToolTip(str(path))
        self._set_busy(f"Reading {path.name}…")
        services, workshop_id = self._services, self._workshop_id
        run_in_background(
            lambda _progress: services.delegates.preview(workshop_id, path),
            partial(self._preview_ready, generation),
            partial(self._preview_failed, generation),
        )

    def _preview_ready(self, generation: int, preview: DelegatePreview) -> None:
        if self._closed or generation != self._generation:
            return
        self._preview = preview
        self.records_model.set_preview(preview)
        self.summary_label.setText(summary_text(preview))
        self.problems_list.clear()
        if preview.problems:
            self.problems_title.setText(
                f"{_plural(len(preview.problems), 'problem')} in {preview.source.name}"
            )
            self.problems_list.addItems([str(problem) for problem in preview.problems])
            self._fit_problems_list()
        self._set_busy(None)

    def _fit_problems_list(self) -> None:
        """As tall as its lines, up to about eight; longer lists scroll."""
        shown = min(self.problems_list.count(), 8)
        line = max(self.problems_list.sizeHintForRow(0), self.fontMetrics().height() + 4)
        frame = 2 * self.problems_list.frameWidth() + 10
        self.problems_list.setFixedHeight(line * shown + frame)

    def _preview_failed(self, generation: int, error: Exception) -> None:
        if self._closed or generation != self._generation:
            return
        self.error_label.setText(f"Could not preview the file: {error}")
        self._set_busy(None)

    # ------------------------------------------------------------------ import

    def start_import(self) -> None:
        """Store the previewed list in one transaction, in the background, then close."""
        preview = self._preview
        if preview is None or not preview.ok or self._busy:
            return
        self._committing = True
        self.error_label.clear()
        self._set_busy(f"Importing {_plural(len(preview.records), 'delegate')}…")
        services = self._services
        run_in_background(
            lambda _progress: services.delegates.commit(preview),
            self._import_done,
            self._import_failed,
        )

    def _import_done(self, count: int) -> None:
        self._committing = False
        self._set_busy(None)
        self.imported_count = count
        if not self._closed:
            self.accept()

    def _import_failed(self, error: Exception) -> None:
        self._committing = False
        if self._closed:
            return
        self.error_label.setText(f"Nothing was imported: {error}")
        self._set_busy(None)

    # ------------------------------------------------------------------ closing

    def reject(self) -> None:
        """Cancelling is refused while the import is being stored (it cannot be stopped)."""
        if self._committing:
            return
        super().reject()

    def showEvent(self, event: QShowEvent) -> None:
        self._closed = False  # the same dialog may be shown again after closing
        super().showEvent(event)

    def done(self, result: int) -> None:
        self._closed = True
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._committing:
            event.ignore()
            return
        self._closed = True
        super().closeEvent(event)
