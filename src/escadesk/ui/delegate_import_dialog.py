"""Import the conference's delegate list: choose a file, preview it, then import all or nothing.

Reading and storing run off the GUI thread (``run_in_background``), so a large or slow
file never freezes the window. A file with any problem is never imported: the problems
are listed by row and column so the director can fix the file and choose it again.
Warnings (a title row or Excel's ``sep=`` line recognised, hidden rows left out, a date
where a name belongs) are listed apart, in amber: they never stop the import. When the
workbook hides rows or columns holding values, a check box reads the file again with them.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from functools import partial
from pathlib import Path

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
)
from PySide6.QtGui import QCloseEvent, QColor, QPalette, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
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

from escadesk.domain.localized_names import country_name
from escadesk.i18n import N_, _, format_decimal, ngettext, pgettext
from escadesk.services.container import Services
from escadesk.services.delegates import DelegatePreview
from escadesk.ui.dialog_buttons import act_cancel_buttons
from escadesk.ui.sizing import fit_to_screen
from escadesk.ui.workers import run_in_background

FILE_FILTER = N_("Delegate lists (*.xlsx *.xlsm *.csv)")
NOTHING_IMPORTED = N_("Nothing was imported. Fix the file and choose it again.")
ERROR_COLOUR = "#b42318"
ERROR_BACKGROUND = "#fdecea"
MUTED_COLOUR = "#5f6b76"
WARNING_COLOUR = "#7a4b00"
WARNING_BACKGROUND = "#fff8e6"
WARNING_BORDER = "#d9a53f"
INCLUDE_HIDDEN = N_("Include the &hidden rows and columns")
MIN_WIDTH, MIN_HEIGHT = 720, 520

_Index = QModelIndex | QPersistentModelIndex


def warnings_title(count: int, source: str) -> str:
    """'2 warnings about delegates.xlsx: check them; they do not stop the import.'"""
    if not count:
        return _("{source} has hidden rows or columns.").format(source=source)
    return ngettext(
        "{count} warning about {source}: check it; it does not stop the import.",
        "{count} warnings about {source}: check them; they do not stop the import.",
        count,
    ).format(count=format_decimal(count), source=source)


def offers_hidden(preview: DelegatePreview | None) -> bool:
    """Whether the file has hidden rows or columns with values (left out or included)."""
    return preview is not None and bool(preview.hidden_rows or preview.hidden_columns)


def summary_text(preview: DelegatePreview) -> str:
    """'48 delegates: 12 new, 36 already on the list' (or what is wrong with the file)."""
    if preview.problems:
        fine, found = len(preview.records), len(preview.problems)
        name = preview.source.name
        if not fine:
            return ngettext(
                "{count} problem found in {source}.", "{count} problems found in {source}.", found
            ).format(count=format_decimal(found), source=name)
        # Translators: {rows} is "1 other row" or "3 other rows" (translated on its own).
        return ngettext(
            "{count} problem found in {source}; {rows} can be read.",
            "{count} problems found in {source}; {rows} can be read.",
            found,
        ).format(
            count=format_decimal(found),
            source=name,
            rows=ngettext("{count} other row", "{count} other rows", fine).format(
                count=format_decimal(fine)
            ),
        )
    total = len(preview.records)
    return ngettext(
        "{count} delegate: {new} new, {known} already on the list",
        "{count} delegates: {new} new, {known} already on the list",
        total,
    ).format(count=format_decimal(total), new=preview.new_count, known=preview.known_count)


class DelegateRecordsModel(QAbstractTableModel):
    """The previewed rows, read-only (a model, not items, so long lists stay light)."""

    HEADERS = (
        N_("Row"),
        N_("E-mail"),
        N_("Name"),
        N_("Organization"),
        N_("Country"),
        N_("On the list"),
    )

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
            return _(self.HEADERS[section])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if self._preview is None or not index.isValid():
            return None
        record = self._preview.records[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 5:
                new = record.email_normalized in self._preview.new_emails
                # Translators: whether a delegate is new on the list or already on it.
                return pgettext("delegate", "New") if new else pgettext("delegate", "Already")
            values = (
                str(record.row),
                record.email,
                record.name,
                record.organization,
                country_name(record.country) if record.country else None,  # stored English
            )
            return values[column] or ""
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == 5:
            new = record.email_normalized in self._preview.new_emails
            return QColor("#1e7b34") if new else QColor(MUTED_COLOUR)
        return None


class MessageList(QListWidget):
    """Messages, one an item, wrapped: as tall as its first ``most`` items, and when the
    dialog is short it gives way down to one or two of them, then scrolls."""

    def __init__(self, most: int, accessible_name: str) -> None:
        super().__init__()
        self._most = most
        self._width = -1
        self.setAccessibleName(accessible_name)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setWordWrap(True)
        self.setSpacing(1)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

    def set_messages(self, messages: Iterable[str]) -> None:
        self.clear()
        self.addItems(list(messages))
        self.updateGeometry()

    def messages(self) -> list[str]:
        return [self.item(row).text() for row in range(self.count())]

    def _height(self, items: int) -> int:
        """Height showing the first ``items`` items, wrapped to the current width."""
        frame = 2 * self.frameWidth()
        shown = min(self.count(), items)
        if shown == 0:
            return frame
        self.doItemsLayout()
        last = self.rectForIndex(self.model().index(shown - 1, 0))
        return last.bottom() + 1 + self.spacing() + frame

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self._height(self._most))

    def minimumSizeHint(self) -> QSize:
        """The first item whole, and the second too when the first is one line: never
        a line cut in half."""
        first = self._height(1)
        wraps = first - 2 * self.frameWidth() > 1.5 * self.fontMetrics().lineSpacing()
        shortest = first if wraps else self._height(2)
        return QSize(super().minimumSizeHint().width(), min(self._height(self._most), shortest))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != self._width:  # the lines wrap anew: another height
            self._width = event.size().width()
            self.updateGeometry()


class ImportWarnings(QFrame):
    """An amber box, apart from the red problems: what the reader recognised or left out
    (never a reason not to import) and, when a workbook hides rows or columns holding
    values, :attr:`include_hidden` to read them too. Used by both import dialogs."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("warningsBox")
        self.setStyleSheet(
            f"QFrame#warningsBox {{ background: {WARNING_BACKGROUND};"
            f" border: 1px solid {WARNING_BORDER}; border-radius: 6px; }}"
            f"QFrame#warningsBox QLabel {{ color: {WARNING_COLOUR};"
            " background: transparent; border: none; }"
            f"QFrame#warningsBox QCheckBox {{ color: {WARNING_COLOUR}; }}"
            f"QFrame#warningsBox QListWidget {{ color: {WARNING_COLOUR}; background: white;"
            " border: 1px solid #f0d48a; border-radius: 4px; }"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(6)
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setWordWrap(True)
        self.messages = MessageList(5, _("Warnings about the file"))
        self.messages.setAccessibleDescription(_("Warnings do not stop the import."))
        self.include_hidden = QCheckBox(_(INCLUDE_HIDDEN))
        self.include_hidden.setToolTip(
            _(
                "Read the file again with the rows and columns hidden in Excel, and import "
                "them too. Leave it off when the hidden ones do not belong to the list."
            )
        )
        layout.addWidget(self.title)
        layout.addWidget(self.messages)
        layout.addWidget(self.include_hidden)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.hide()

    def show_warnings(
        self, source: str, warnings: Iterable[object], *, hidden: bool, included: bool
    ) -> None:
        """Show ``warnings`` about the file ``source`` (hidden when there is nothing to
        say); ``hidden``: it has hidden rows or columns, ``included``: they were read."""
        self.messages.set_messages(str(warning) for warning in warnings)
        title = warnings_title(self.messages.count(), source)
        self.title.setText(f"<b>{html.escape(title)}</b>")
        self.title.setAccessibleName(title)
        self.set_included(included)
        self.messages.setVisible(self.messages.count() > 0)
        self.include_hidden.setVisible(hidden)
        self.setVisible(self.messages.count() > 0 or hidden)

    def clear_warnings(self) -> None:
        self.messages.clear()
        self.hide()

    def set_included(self, checked: bool) -> None:
        """Tick or clear the check box without anyone hearing of it (no new reading)."""
        self.include_hidden.blockSignals(True)
        self.include_hidden.setChecked(checked)
        self.include_hidden.blockSignals(False)


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
        self._path: Path | None = None
        self._generation = 0  # results of an earlier choice are ignored when they arrive
        self._busy = False
        self._committing = False
        self._closed = False
        self.imported_count: int = 0
        self.setWindowTitle(_("Import delegate list"))
        self._build()
        self._show_state()
        if path is not None:
            self.start_preview(path)

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        self.setMinimumSize(MIN_WIDTH, MIN_HEIGHT)
        fit_to_screen(self, 880, 620)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(10)

        heading = QLabel(_("Import the conference's delegate list"))
        heading.setObjectName("headline")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        intro = _coloured(
            QLabel(
                _(
                    "Only conference delegates may register, matched on their e-mail. Choose "
                    "the list as an Excel workbook or CSV file with an "
                    "E&#8209;mail column (Name, Organization "
                    "and Country are optional). Nothing is stored until you click Import."
                )
            ),
            MUTED_COLOUR,
        )
        intro.setTextFormat(Qt.TextFormat.RichText)
        intro.setObjectName("muted")
        intro.setWordWrap(True)
        layout.addWidget(intro)

        file_row = QHBoxLayout()
        file_row.setSpacing(10)
        self.choose_button = QPushButton(_("Choose file…"))
        self.choose_button.clicked.connect(self.choose_file)
        self.file_label = _coloured(QLabel(_("No file chosen.")), MUTED_COLOUR)
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
        problems_layout.setContentsMargins(12, 8, 12, 8)
        problems_layout.setSpacing(6)
        self.problems_title = QLabel()
        font = self.problems_title.font()
        font.setBold(True)
        self.problems_title.setFont(font)
        self.problems_list = MessageList(8, _("Problems in the file"))
        self.nothing_imported_label = QLabel(_(NOTHING_IMPORTED))
        problems_layout.addWidget(self.problems_title)
        problems_layout.addWidget(self.problems_list)
        problems_layout.addWidget(self.nothing_imported_label)
        self.problems_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        layout.addWidget(self.problems_box)
        self._build_warnings(layout)

        self.records_caption = _coloured(
            QLabel(
                _(
                    "These rows have no problems; they are shown for reference only, because "
                    "nothing is imported until the whole file is clean."
                )
            ),
            MUTED_COLOUR,
        )
        self.records_caption.setObjectName("muted")
        self.records_caption.setWordWrap(True)
        layout.addWidget(self.records_caption)

        self.records_model = DelegateRecordsModel(self)
        self.table = QTableView()
        self.table.setAccessibleName(_("Delegates read from the file"))
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
        rows = 2  # a short dialog still shows some rows; the lists above give way first
        self.table.setMinimumHeight(
            header.sizeHint().height()
            + rows * self.table.verticalHeader().defaultSectionSize()
            + 2 * self.table.frameWidth()
        )
        layout.addWidget(self.table, 1)
        self.placeholder = _coloured(
            QLabel(_("Choose the file the conference sent to see what it contains.")),
            MUTED_COLOUR,
        )
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.placeholder, 1)
        layout.addStretch(0)  # takes the room when neither the table nor the hint is shown

        self.error_label = _coloured(QLabel(), ERROR_COLOUR)
        self.error_label.setObjectName("fieldError")
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.error_label)

        self._buttons, self.import_button = act_cancel_buttons(self, _("Import"), self.start_import)
        self.cancel_button = self._buttons.button(QDialogButtonBox.StandardButton.Cancel)
        layout.addWidget(self._buttons)

    def _build_warnings(self, layout: QVBoxLayout) -> None:
        self.warnings_box = ImportWarnings()
        self.warnings_title = self.warnings_box.title
        self.warnings_list = self.warnings_box.messages
        self.include_hidden_box = self.warnings_box.include_hidden
        self.include_hidden_box.toggled.connect(self._include_hidden_toggled)
        layout.addWidget(self.warnings_box)

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
        if preview is None:
            self.warnings_box.clear_warnings()
        self.include_hidden_box.setEnabled(not self._committing)
        self.table.setVisible(preview is not None and bool(preview.records))
        self.records_caption.setVisible(
            preview is not None and bool(preview.problems) and bool(preview.records)
        )
        self.placeholder.setVisible(
            preview is None and not self._busy and not self.error_label.text()
        )
        self.error_label.setVisible(bool(self.error_label.text()))
        self._keep_everything_visible()

    def _keep_everything_visible(self) -> None:
        """Never shorter than what is shown needs (each list at its shortest):
        below that, Qt would draw the boxes over one another."""
        layout = self.layout()
        assert layout is not None  # set in _build
        margins = layout.contentsMargins()
        width = self.width() - margins.left() - margins.right()
        needed = layout.minimumHeightForWidth(width) + margins.top() + margins.bottom()
        self.setMinimumHeight(max(MIN_HEIGHT, needed))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():  # the text wraps anew
            self._keep_everything_visible()

    def _set_busy(self, message: str | None) -> None:
        self._busy = message is not None
        self.status_label.setText(message or "")
        self._show_state()

    # ------------------------------------------------------------------ preview

    def choose_file(self) -> None:
        """Ask for the file, then preview it (nothing is stored yet)."""
        chosen, _filter = QFileDialog.getOpenFileName(
            self, _("Choose the delegate list"), "", _(FILE_FILTER)
        )
        if chosen:
            self.start_preview(Path(chosen))

    def start_preview(self, path: Path, *, include_hidden: bool = False) -> None:
        """Read and check ``path`` in the background; the preview replaces any earlier one.

        Hidden rows and columns of a workbook are left out unless ``include_hidden``.
        """
        if self._committing:
            return
        self._path = Path(path)
        self.warnings_box.set_included(include_hidden)
        self._preview = None
        self.records_model.set_preview(None)
        self.problems_list.clear()
        self.summary_label.clear()
        self.file_label.setText(str(path))
        self.file_label.setToolTip(str(path))
        self._read(_("Reading {name}…").format(name=self._path.name), include_hidden)

    def _include_hidden_toggled(self, checked: bool) -> None:
        """Read the same file again, with or without its hidden rows and columns.

        The current preview stays shown (and the check box where it is, keeping the
        keyboard focus) until the new one arrives; Import waits for it.
        """
        if self._committing or self._path is None:
            return
        name = self._path.name
        message = (
            _("Reading {name} again with its hidden rows and columns…").format(name=name)
            if checked
            else _("Reading {name} again without its hidden rows and columns…").format(name=name)
        )
        self._read(message, checked)

    def _read(self, message: str, include_hidden: bool) -> None:
        assert self._path is not None
        self._generation += 1
        generation = self._generation
        self.error_label.clear()
        self._set_busy(message)
        services, workshop_id, path = self._services, self._workshop_id, self._path
        run_in_background(
            lambda _progress: services.delegates.preview(
                workshop_id, path, include_hidden=include_hidden
            ),
            partial(self._preview_ready, generation),
            partial(self._preview_failed, generation),
        )

    def _preview_ready(self, generation: int, preview: DelegatePreview) -> None:
        if self._closed or generation != self._generation:
            return
        self._preview = preview
        self.records_model.set_preview(preview)
        self.summary_label.setText(summary_text(preview))
        self.problems_title.setText(
            ngettext(
                "{count} problem in {source}", "{count} problems in {source}", len(preview.problems)
            ).format(count=format_decimal(len(preview.problems)), source=preview.source.name)
        )
        self.problems_list.set_messages(str(problem) for problem in preview.problems)
        self.warnings_box.show_warnings(
            preview.source.name,
            preview.warnings,
            hidden=offers_hidden(preview),
            included=preview.include_hidden,
        )
        self._set_busy(None)

    def _preview_failed(self, generation: int, error: Exception) -> None:
        if self._closed or generation != self._generation:
            return
        self._preview = None  # an earlier preview no longer matches what was asked
        self.records_model.set_preview(None)
        self.problems_list.clear()
        self.summary_label.clear()
        self.error_label.setText(_("Could not preview the file: {error}").format(error=error))
        self._set_busy(None)

    # ------------------------------------------------------------------ import

    def start_import(self) -> None:
        """Store the previewed list in one transaction, in the background, then close."""
        preview = self._preview
        if preview is None or not preview.ok or self._busy:
            return
        self._committing = True
        self.error_label.clear()
        count = len(preview.records)
        self._set_busy(
            ngettext("Importing {count} delegate…", "Importing {count} delegates…", count).format(
                count=format_decimal(count)
            )
        )
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
        self.error_label.setText(_("Nothing was imported: {error}").format(error=error))
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
