"""Import registrations from a web form's export: choose the file, check which column holds
each field, see every response as it would be registered, then import all or nothing.

The columns come remembered from the last import of the same form, or guessed from the
headers (services/registration_import.py); each field has a list of the file's columns,
and any change previews the file again. Reading, previewing and storing run off the GUI
thread. A problem (a required field without a column, a bad value, a duplicate) is red in
the table and listed with its row and column; choosing one in the list selects its row.
Import stays disabled while any problem remains.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QColor, QPalette, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from escadesk.domain.registration_form import REQUIRED
from escadesk.i18n import N_, _, format_decimal, ngettext
from escadesk.importing.web_form_columns import FIELDS, ColumnMap, pair_names
from escadesk.importing.web_form_rows import FormExport
from escadesk.services.container import Services
from escadesk.services.registration_import import RegistrationImportPreview, SuggestedColumns
from escadesk.ui.delegate_import_dialog import ImportWarnings, MessageList
from escadesk.ui.dialog_buttons import act_cancel_buttons
from escadesk.ui.registration_import_model import (
    ERROR_BACKGROUND,
    ERROR_COLOUR,
    MUTED_COLOUR,
    ResponsesModel,
    column_of,
)
from escadesk.ui.sizing import fit_to_screen
from escadesk.ui.workers import run_in_background

FILE_FILTER = N_("Web form exports (*.xlsx *.xlsm *.csv)")
NOTHING_IMPORTED = N_("Nothing is imported until every problem is fixed.")
NOT_IN_FILE = N_("(not in the file)")
CHOOSE_COLUMN = N_("(choose a column)")
#: Each field's label, with its letter: the combo box is its buddy.
FIELD_CAPTIONS = {
    "organization": N_("&Organization"),
    "country": N_("&Country"),
    "technology_area": N_("&Technology area"),
    "contact_name": N_("Contact &name"),
    "contact_title": N_("Tit&le"),
    "contact_email": N_("&E-mail"),
    "contact_phone": N_("&Phone"),
}
MIN_WIDTH, MIN_HEIGHT = 900, 560
_HEADERS_ROLE = Qt.ItemDataRole.UserRole
_ROW_ROLE = Qt.ItemDataRole.UserRole
Preview = RegistrationImportPreview


def source_text(export: FormExport, remembered: bool) -> str:
    """'Google Forms export, 3 responses. The columns are the ones chosen last time …'"""
    count = len(export.table.rows)
    if export.service:
        # Translators: service is the web form's maker, e.g. "Google Forms".
        kind = ngettext(
            "{service} export, {count} response.", "{service} export, {count} responses.", count
        )
    else:
        kind = ngettext("Export, {count} response.", "Export, {count} responses.", count)
    how = (
        _("The columns below are the ones chosen at the last import of this form.")
        if remembered
        else _("The columns below are guessed from the headers: check each one.")
    )
    kind = kind.format(service=export.service, count=format_decimal(count))
    return f"{kind} {how}"


class RegistrationImportDialog(QDialog):
    """Choose a web form's export, map its columns, preview, and import it in one step."""

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
        self._path: Path | None = None
        self._export: FormExport | None = None
        self._columns: ColumnMap | None = None
        self._preview: RegistrationImportPreview | None = None
        self._generation = 0  # results of an earlier request are ignored when they arrive
        self._busy = False
        self._committing = False
        self._closed = False
        self.registered_ids: tuple[int, ...] = ()
        self.setWindowTitle(_("Import registrations from a web form"))
        self._build()
        self._show_state()
        if path is not None:
            self.start_reading(path)

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        self.setMinimumSize(MIN_WIDTH, MIN_HEIGHT)
        fit_to_screen(self, 1180, 680)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(10)

        heading = QLabel(_("Import registrations from a web form"))
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        intro = _muted(
            QLabel(
                _(
                    "Choose the responses as Microsoft Forms, Google Forms or Typeform export "
                    "them (.xlsx or .csv) and check which column holds each field. Each response "
                    "is checked like a registration typed by hand; responses registered already "
                    "are skipped. Nothing is stored until you click Import."
                )
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        file_row = QHBoxLayout()
        file_row.setSpacing(10)
        self.choose_button = QPushButton(_("Choose &file…"))
        self.choose_button.clicked.connect(self.choose_file)
        self.file_label = _muted(QLabel(_("No file chosen.")))
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.file_label.setAccessibleName(_("File chosen"))
        file_row.addWidget(self.choose_button)
        file_row.addWidget(self.file_label, 1)
        layout.addLayout(file_row)

        busy_row = QHBoxLayout()
        busy_row.setContentsMargins(0, 0, 0, 0)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setFixedWidth(160)
        self.progress.setMaximumHeight(14)
        self.progress.setAccessibleName(_("Working"))
        self.status_label = QLabel()
        busy_row.addWidget(self.progress)
        busy_row.addWidget(self.status_label, 1)
        self._busy_row = QWidget()
        self._busy_row.setLayout(busy_row)
        layout.addWidget(self._busy_row)

        body = QHBoxLayout()
        body.setSpacing(16)
        body.addWidget(self._build_columns(), 0)
        body.addLayout(self._build_preview(), 1)
        layout.addLayout(body, 1)

        self.error_label = QLabel()
        _coloured(self.error_label, ERROR_COLOUR)
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.error_label)

        self._buttons, self.import_button = act_cancel_buttons(
            self, _("&Import"), self.start_import
        )
        self.cancel_button = self._buttons.button(QDialogButtonBox.StandardButton.Cancel)
        layout.addWidget(self._buttons)

    def _build_columns(self) -> QGroupBox:
        """One list of the file's columns per field of the registration form."""
        box = QGroupBox(_("Columns of the file"))
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # Labels above their lists: the lists get the whole width, for long questions.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.setVerticalSpacing(4)
        self.source_label = _muted(QLabel())
        self.source_label.setWordWrap(True)
        form.addRow(self.source_label)
        self.combos: dict[str, QComboBox] = {}
        for field in FIELDS:
            combo = QComboBox()
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(24)
            caption = _(FIELD_CAPTIONS[field])
            plain = caption.replace("&", "")
            required = field in REQUIRED
            combo.setAccessibleName(_("Column of the {field}").format(field=plain.lower()))
            combo.setToolTip(
                (
                    _("The file's column holding the {field} (required)")
                    if required
                    else _("The file's column holding the {field} (optional)")
                ).format(field=plain.lower())
            )
            combo.activated.connect(partial(self._column_chosen, field))
            label = QLabel(caption + (" *" if required else ""))
            label.setBuddy(combo)
            form.addRow(label, combo)
            self.combos[field] = combo
        note = _muted(QLabel(_("* required")))
        form.addRow(note)
        box.setFixedWidth(330)
        return box

    def _build_preview(self) -> QVBoxLayout:
        column = QVBoxLayout()
        column.setSpacing(8)
        self.summary_label = QLabel()
        font = self.summary_label.font()
        font.setBold(True)
        self.summary_label.setFont(font)
        self.summary_label.setWordWrap(True)
        column.addWidget(self.summary_label)

        self.problems_box = QFrame()
        self.problems_box.setObjectName("problemsBox")
        self.problems_box.setStyleSheet(
            f"QFrame#problemsBox {{ background: {ERROR_BACKGROUND};"
            f" border: 1px solid {ERROR_COLOUR}; border-radius: 6px; }}"
            f"QFrame#problemsBox QLabel {{ color: {ERROR_COLOUR}; background: transparent;"
            " border: none; }"
            f"QFrame#problemsBox QListWidget {{ color: {ERROR_COLOUR}; background: white;"
            " border: 1px solid #f1b5ae; border-radius: 4px; }"
        )
        problems = QVBoxLayout(self.problems_box)
        problems.setContentsMargins(12, 8, 12, 8)
        problems.setSpacing(6)
        self.problems_title = QLabel()
        font = self.problems_title.font()
        font.setBold(True)
        self.problems_title.setFont(font)
        self.problems_list = MessageList(5, _("Problems in the file"))
        self.problems_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.problems_list.currentItemChanged.connect(self._problem_chosen)
        self.nothing_imported_label = QLabel(_(NOTHING_IMPORTED))
        problems.addWidget(self.problems_title)
        problems.addWidget(self.problems_list)
        problems.addWidget(self.nothing_imported_label)
        self.problems_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        column.addWidget(self.problems_box)

        self.warnings_box = ImportWarnings()
        self.include_hidden_box = self.warnings_box.include_hidden
        self.include_hidden_box.toggled.connect(self._include_hidden_toggled)
        column.addWidget(self.warnings_box)

        self.model = ResponsesModel(self)
        self.table = QTableView()
        self.table.setAccessibleName(_("Responses as they would be registered"))
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for index, width in enumerate((44, 110, 180, 80, 140, 120, 190, 120, 120)):
            self.table.setColumnWidth(index, width)
        self.table.setMinimumHeight(
            header.sizeHint().height()
            + 3 * self.table.verticalHeader().defaultSectionSize()
            + 2 * self.table.frameWidth()
        )
        column.addWidget(self.table, 1)
        self.placeholder = _muted(
            QLabel(_("Choose the file the web form exported to see how it would be registered."))
        )
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(self.placeholder, 1)
        return column

    # ------------------------------------------------------------------ state

    @property
    def is_busy(self) -> bool:
        """True while the file is read, previewed or stored."""
        return self._busy

    @property
    def preview(self) -> RegistrationImportPreview | None:
        return self._preview

    @property
    def columns(self) -> ColumnMap | None:
        """The columns chosen now (shown in the lists)."""
        return self._columns

    def _show_state(self) -> None:
        preview = self._preview
        self._busy_row.setVisible(self._busy)
        self.choose_button.setEnabled(not self._committing)
        self.cancel_button.setEnabled(not self._committing)
        for combo in self.combos.values():
            combo.setEnabled(self._export is not None and not self._committing)
        ready = not self._busy and preview is not None and preview.ok
        self.import_button.setEnabled(ready)
        self.import_button.setDefault(ready)
        self.source_label.setVisible(self._export is not None)
        self.summary_label.setVisible(preview is not None)
        self.problems_box.setVisible(preview is not None and bool(preview.problems))
        if self._export is None:
            self.warnings_box.clear_warnings()
        self.include_hidden_box.setEnabled(not self._committing)
        self.table.setVisible(preview is not None and bool(preview.rows))
        self.placeholder.setVisible(self._export is None and not self._busy)
        self.error_label.setVisible(bool(self.error_label.text()))
        self._keep_everything_visible()

    def _keep_everything_visible(self) -> None:
        """Never shorter than what is shown needs (the problem list at its shortest)."""
        layout = self.layout()
        assert layout is not None
        margins = layout.contentsMargins()
        width = self.width() - margins.left() - margins.right()
        needed = layout.minimumHeightForWidth(width) + margins.top() + margins.bottom()
        self.setMinimumHeight(max(MIN_HEIGHT, needed))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._keep_everything_visible()

    def _set_busy(self, message: str | None) -> None:
        self._busy = message is not None
        self.status_label.setText(message or "")
        self._show_state()

    # ------------------------------------------------------------------ the file

    def choose_file(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, _("Choose the web form's export"), "", _(FILE_FILTER)
        )
        if chosen:
            self.start_reading(Path(chosen))

    def start_reading(self, path: Path, *, include_hidden: bool = False) -> None:
        """Read ``path``, propose its columns and preview it, in the background."""
        if self._committing:
            return
        self._path = Path(path)
        self._export = None
        self._columns = None
        self._show_preview(None)
        self.file_label.setText(str(path))
        self.file_label.setToolTip(str(path))
        self.warnings_box.set_included(include_hidden)
        self._read(_("Reading {name}…").format(name=self._path.name), include_hidden)

    def _include_hidden_toggled(self, checked: bool) -> None:
        if self._committing or self._path is None:
            return
        name = self._path.name
        message = (
            _("Reading {name} again with its hidden rows…")
            if checked
            else _("Reading {name} again without its hidden rows…")
        )
        self._read(message.format(name=name), checked)

    def _read(self, message: str, include_hidden: bool) -> None:
        assert self._path is not None
        generation = self._next_generation()
        importer, workshop_id, path = (
            self._services.registration_import,
            self._workshop_id,
            self._path,
        )
        previous = self._columns

        def job(_progress: object) -> tuple[FormExport, SuggestedColumns, Preview]:
            export = importer.read(path, include_hidden=include_hidden)
            suggested = importer.columns_for(export)
            # The same file again (with or without its hidden rows): the columns chosen stay.
            if previous is not None and all(
                header in export.headers for field in FIELDS for header in previous.headers(field)
            ):
                suggested = SuggestedColumns(previous, suggested.remembered)
            preview = importer.preview(workshop_id, export, suggested.columns)
            return export, suggested, preview

        self._set_busy(message)
        run_in_background(
            job, partial(self._read_ready, generation), partial(self._failed, generation)
        )

    def _read_ready(
        self, generation: int, result: tuple[FormExport, SuggestedColumns, Preview]
    ) -> None:
        if self._closed or generation != self._generation:
            return
        export, suggested, preview = result
        self._export = export
        self._columns = suggested.columns
        self.source_label.setText(source_text(export, suggested.remembered))
        self._fill_combos(export, suggested.columns)
        self._show_preview(preview)
        self._set_busy(None)

    def _fill_combos(self, export: FormExport, columns: ColumnMap) -> None:
        """Each field's list: none, then every column of the file (and, for the contact's
        name, the first and last name together when the file splits it)."""
        pair = pair_names(export.headers)
        for field, combo in self.combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(_(CHOOSE_COLUMN) if field in REQUIRED else _(NOT_IN_FILE), ())
            if field == "contact_name" and pair is not None:
                combo.addItem(" + ".join(pair), pair)
            for header in export.headers:
                combo.addItem(header, (header,))
                combo.setItemData(combo.count() - 1, header, Qt.ItemDataRole.ToolTipRole)
            self._select(combo, columns.headers(field))
            combo.blockSignals(False)

    @staticmethod
    def _select(combo: QComboBox, headers: tuple[str, ...]) -> None:
        for index in range(combo.count()):
            if tuple(combo.itemData(index, _HEADERS_ROLE)) == headers:
                combo.setCurrentIndex(index)
                return
        # A remembered pair that the file lists apart: offer it as one choice.
        combo.addItem(" + ".join(headers), headers)
        combo.setCurrentIndex(combo.count() - 1)

    # ------------------------------------------------------------------ the columns

    def choose_column(self, field: str, headers: tuple[str, ...]) -> None:
        """Take ``headers`` as ``field``'s column(s), as choosing them in its list does."""
        combo = self.combos[field]
        combo.blockSignals(True)
        self._select(combo, headers)
        combo.blockSignals(False)
        self._column_chosen(field, combo.currentIndex())

    def _column_chosen(self, field: str, index: int) -> None:
        if self._export is None or self._columns is None or self._committing:
            return
        headers = tuple(self.combos[field].itemData(index, _HEADERS_ROLE) or ())
        if headers == self._columns.headers(field):
            return
        self._columns = self._columns.replaced(field, headers)
        generation = self._next_generation()
        importer, workshop_id = self._services.registration_import, self._workshop_id
        export, columns = self._export, self._columns
        self._set_busy(_("Checking the responses with the columns chosen…"))
        run_in_background(
            lambda _progress: importer.preview(workshop_id, export, columns),
            partial(self._preview_ready, generation),
            partial(self._failed, generation),
        )

    def _preview_ready(self, generation: int, preview: RegistrationImportPreview) -> None:
        if self._closed or generation != self._generation:
            return
        self._show_preview(preview)
        self._set_busy(None)

    def _show_preview(self, preview: RegistrationImportPreview | None) -> None:
        self._preview = preview
        self.model.set_preview(preview)
        self.error_label.clear()
        if preview is None:
            self.summary_label.clear()
            self.problems_list.clear()
            return
        self.summary_label.setText(preview.summary())
        self.problems_title.setText(
            ngettext(
                "{count} problem in {name}", "{count} problems in {name}", len(preview.problems)
            ).format(count=format_decimal(len(preview.problems)), name=preview.export.name)
        )
        self.problems_list.clear()
        for problem in preview.problems:
            item = QListWidgetItem(str(problem))
            item.setData(_ROW_ROLE, (problem.row, problem.field))
            self.problems_list.addItem(item)
        self.problems_list.updateGeometry()
        self.warnings_box.show_warnings(
            preview.export.name,
            preview.warnings,
            hidden=bool(preview.export.table.hidden_rows or preview.export.table.hidden_columns),
            included=preview.export.table.include_hidden,
        )

    def _problem_chosen(self, item: QListWidgetItem | None) -> None:
        """The row of the problem chosen in the list, selected, its cell in view."""
        number, field = (None, None) if item is None else item.data(_ROW_ROLE)
        row = None if number is None else self.model.row_of(int(number))
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, column_of(field) if field else 0))

    def _failed(self, generation: int, error: Exception) -> None:
        if self._closed or generation != self._generation:
            return
        if self._export is None:
            self.source_label.clear()
        self._show_preview(None)
        self.error_label.setText(_("Could not read the file: {error}").format(error=error))
        self._set_busy(None)

    def _next_generation(self) -> int:
        self._generation += 1
        return self._generation

    # ------------------------------------------------------------------ import

    def start_import(self) -> None:
        """Register the previewed responses in one transaction, in the background."""
        preview = self._preview
        if preview is None or not preview.ok or self._busy:
            return
        self._committing = True
        importer = self._services.registration_import
        self._set_busy(
            ngettext(
                "Registering {count} organization…",
                "Registering {count} organizations…",
                len(preview.new_rows),
            ).format(count=format_decimal(len(preview.new_rows)))
        )
        run_in_background(
            lambda _progress: importer.commit(preview), self._import_done, self._import_failed
        )

    def _import_done(self, ids: tuple[int, ...]) -> None:
        self._committing = False
        self.registered_ids = tuple(ids)
        self._set_busy(None)
        if not self._closed:
            self.accept()

    def _import_failed(self, error: Exception) -> None:
        self._committing = False
        if self._closed:
            return
        self._set_busy(None)
        self.error_label.setText(_("Nothing was imported: {error}").format(error=error))
        self._show_state()

    # ------------------------------------------------------------------ closing

    def reject(self) -> None:
        if self._committing:
            return
        super().reject()

    def showEvent(self, event: QShowEvent) -> None:
        self._closed = False
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


def _coloured(label: QLabel, colour: str) -> QLabel:
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(colour))
    label.setPalette(palette)
    return label


def _muted(label: QLabel) -> QLabel:
    return _coloured(label, MUTED_COLOUR)
