"""Reference sets: the benchmarked clusters participants are compared with.

The list shows every stored set (name, size, synthetic or real, the active one, when it was
imported); Activate picks the set comparisons use from now on, Delete removes one (the
service refuses to delete the active set while others exist: activate another first). When
the synthetic set shipped with escadesk is not installed, a button installs it.

Import… chooses a CSV or Excel file, reads and checks it off the GUI thread, and shows a
preview: the organizations and indicators found, or every problem by row and column. A file
with any problem is never imported (all or nothing); a good one is stored in one
transaction with a progress bar. What the reader recognised or left out (a title row,
Excel's ``sep=`` line, hidden rows) is listed apart as warnings, which never block; when
the workbook hides rows or columns holding values, a check box reads it again with them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from escadesk.domain.moments import long_date
from escadesk.domain.validation import ValidationError
from escadesk.i18n import N_, _, format_decimal, ngettext
from escadesk.importing.reference import ReferenceImport
from escadesk.services.benchmark_views import ReferenceImportError, ReferenceSetView
from escadesk.services.benchmarking import SHIPPED_SOURCE_PREFIX
from escadesk.ui.child_dialogs import ChildHostDialog
from escadesk.ui.delegate_import_dialog import ImportWarnings
from escadesk.ui.dialog_buttons import act_cancel_buttons, close_buttons, confirmation
from escadesk.ui.file_job import FileChooserHost
from escadesk.ui.form_parts import error_label
from escadesk.ui.sizing import fit_to_screen
from escadesk.ui.style import GOOD
from escadesk.ui.workers import run_in_background

if TYPE_CHECKING:
    from escadesk.importing.delegates import ImportProblem
    from escadesk.services.container import Services

FILE_FILTER = N_("Reference sets (*.xlsx *.xlsm *.csv)")
COLUMNS = (N_("Name"), N_("Organizations"), N_("Data"), N_("Status"), N_("Imported"), N_("Source"))
LISTED_PROBLEMS = 500
NOTHING_IMPORTED = N_("Nothing was imported. Fix the file and choose it again.")


def _titled_layout(dialog: QDialog, title: str, intro: str) -> QVBoxLayout:
    """The dialog's layout, opened by its headline and a muted introduction."""
    layout = QVBoxLayout(dialog)
    layout.setContentsMargins(18, 16, 18, 14)
    layout.setSpacing(8)
    heading = QLabel(title)
    heading.setObjectName("headline")
    layout.addWidget(heading)
    text = QLabel(intro)
    text.setObjectName("muted")
    text.setWordWrap(True)
    layout.addWidget(text)
    return layout


class ReferenceSetsDialog(ChildHostDialog):
    """List, activate, delete, import and install reference sets."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._benchmarking = services.benchmarking
        self.sets: list[ReferenceSetView] = []
        self._busy = False
        self.setWindowTitle(_("Reference sets"))
        self.setMinimumSize(760, 360)
        fit_to_screen(self, 940, 460)
        self._build()
        self.reload()

    def _build(self) -> None:
        layout = _titled_layout(
            self,
            _("Reference sets"),
            _(
                "Benchmarked cluster organizations the participants are compared with. Several "
                "sets can be kept; comparisons and reports use the active one."
            ),
        )

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setAccessibleName(_("Reference sets"))
        self.table.setHorizontalHeaderLabels([_(column) for column in COLUMNS])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        for column in range(len(COLUMNS) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self.activate_selected())
        layout.addWidget(self.table, 1)

        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setMaximumHeight(14)
        self.progress.setTextVisible(False)
        self.progress.hide()
        layout.addWidget(self.progress)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.hide()
        layout.addWidget(self.status)
        self.error = error_label()
        layout.addWidget(self.error)

        row = QHBoxLayout()
        self.import_button = QPushButton(_("&Import…"))
        self.import_button.clicked.connect(lambda: self.open_import())
        self.activate_button = QPushButton(_("&Activate"))
        self.activate_button.clicked.connect(self.activate_selected)
        self.delete_button = QPushButton(_("&Delete…"))
        self.delete_button.clicked.connect(self.confirm_delete)
        self.install_button = QPushButton(_("Install the shipped &synthetic set"))
        self.install_button.setToolTip(
            _(
                "About 1,300 generated organizations shipped with escadesk, labelled synthetic "
                "wherever they appear"
            )
        )
        self.install_button.clicked.connect(self.install_shipped)
        for button in (self.import_button, self.activate_button, self.delete_button):
            button.setAutoDefault(False)
            row.addWidget(button)
        row.addStretch(1)
        self.install_button.setAutoDefault(False)
        row.addWidget(self.install_button)
        layout.addLayout(row)
        buttons, _close = close_buttons(self)
        layout.addWidget(buttons)

    # -- the list --------------------------------------------------------------------------

    def reload(self, select_id: int | None = None) -> None:
        selected = select_id if select_id is not None else self.selected_id()
        self.sets = self._benchmarking.reference_sets()
        self.table.setRowCount(len(self.sets))
        for row, reference in enumerate(self.sets):
            cells = (
                reference.name,
                format_decimal(reference.size),
                _("Synthetic") if reference.synthetic else _("Real"),
                _("Active") if reference.active else "",
                long_date(reference.imported_at.date()),
                reference.source,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, reference.id)
                if column == 1:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if reference.active:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                if column == 5:
                    item.setToolTip(text)
                self.table.setItem(row, column, item)
        index = next((i for i, s in enumerate(self.sets) if s.id == selected), None)
        if index is None:
            index = next((i for i, s in enumerate(self.sets) if s.active), None)
        if index is not None:
            self.table.selectRow(index)
        shipped = any(s.source.startswith(SHIPPED_SOURCE_PREFIX) for s in self.sets)
        self.install_button.setVisible(not shipped)
        self._selection_changed()

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def selected(self) -> ReferenceSetView | None:
        wanted = self.selected_id()
        return next((s for s in self.sets if s.id == wanted), None)

    def _selection_changed(self) -> None:
        reference = self.selected()
        idle = not self._busy
        self.activate_button.setEnabled(idle and reference is not None and not reference.active)
        self.delete_button.setEnabled(idle and reference is not None)
        self.import_button.setEnabled(idle)
        self.install_button.setEnabled(idle)

    def _show_status(self, text: str, good: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {GOOD}; font-weight: 600;" if good else "")
        self.status.setVisible(bool(text))

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        self.progress.setVisible(busy)
        if busy:
            self._show_error("")
            self._show_status(text)
        self._selection_changed()

    # -- actions ---------------------------------------------------------------------------

    def activate_selected(self) -> None:
        reference = self.selected()
        if reference is None or reference.active or self._busy:
            return
        try:
            self._benchmarking.activate_reference_set(
                reference.id, expected_version=reference.version
            )
        except ValidationError as error:
            self._show_error(str(error))
            return
        self._show_error("")
        self._show_status(
            _("'{name}' is now the active reference set.").format(name=reference.name), good=True
        )
        self.reload(reference.id)

    def confirm_delete(self) -> None:
        reference = self.selected()
        if reference is None or self._busy:
            return
        box = confirmation(
            self,
            _("Delete reference set"),
            ngettext(
                "Delete the reference set '{name}' and its {count} organization? "
                "Reports already written are not affected.",
                "Delete the reference set '{name}' and its {count} organizations? "
                "Reports already written are not affected.",
                reference.size,
            ).format(name=reference.name, count=format_decimal(reference.size)),
            _("&Delete"),
            irreversible=True,
            icon=QMessageBox.Icon.Warning,
        )
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.accepted.connect(lambda: self.delete(reference.id))
        self._open_child(box)

    def delete(self, set_id: int) -> bool:
        """Delete a set; a refusal (the active one while others exist) is shown."""
        listed = next((s for s in self.sets if s.id == set_id), None)
        name = listed.name if listed else ""
        try:
            self._benchmarking.delete_reference_set(
                set_id, expected_version=listed.version if listed else None
            )
        except ValidationError as error:
            self._show_error(str(error))
            return False
        self._show_error("")
        self._show_status(_("The reference set '{name}' was deleted.").format(name=name), good=True)
        self.reload()
        return True

    def install_shipped(self) -> None:
        """Install the synthetic set shipped with escadesk (a second or two, off the GUI
        thread)."""
        if self._busy:
            return
        self._set_busy(True, _("Installing the synthetic reference set…"))

        def done(set_id: object) -> None:
            if not shiboken6.isValid(self):
                return  # closed (or locked) meanwhile: the set is installed all the same
            self._set_busy(False)
            self._show_status(_("The synthetic reference set was installed."), good=True)
            self.reload(int(set_id) if isinstance(set_id, int) else None)

        def failed(error: Exception) -> None:
            if not shiboken6.isValid(self):
                return
            self._set_busy(False)
            self._show_status("")
            self._show_error(
                _("The synthetic reference set was not installed: {error}").format(error=error)
            )

        run_in_background(
            lambda _progress: self._benchmarking.ensure_shipped_reference_set(), done, failed
        )

    def open_import(self, path: Path | None = None) -> ReferenceImportDialog:
        dialog = ReferenceImportDialog(self._services, parent=self)
        dialog.accepted.connect(lambda: self._imported(dialog))
        self._open_child(dialog)
        if path is None:
            dialog.choose_file()
        else:
            dialog.preview(path)
        return dialog

    def _imported(self, dialog: ReferenceImportDialog) -> None:
        self._show_error("")
        self._show_status(dialog.result_text, good=True)
        self.reload(dialog.imported_id)


class ReferenceImportDialog(FileChooserHost, QDialog):
    """Choose a reference file, see what it holds (or what is wrong), then import it."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._benchmarking = services.benchmarking
        self.path: Path | None = None
        self._suggested_name = ""
        self.result_preview: ReferenceImport | None = None
        self.imported_id: int | None = None
        self.result_text = ""
        self.file_dialog: QFileDialog | None = None
        self._running = False
        self._reading = False
        self._request = 0
        self._closed = False
        self.setWindowTitle(_("Import a reference set"))
        fit_to_screen(self, 720, 520)
        self._build()
        self._show()

    def _build(self) -> None:
        layout = _titled_layout(
            self,
            _("Import a reference set"),
            _(
                "A CSV or Excel file with one row per benchmarked cluster: identifier, country, "
                "technology area, year, label (optional) and one column per indicator (its code "
                "or its label). An empty cell is a missing value. A file with any problem is not "
                "imported at all."
            ),
        )
        row = QHBoxLayout()
        caption = QLabel(_("File:"))
        caption.setObjectName("fieldLabel")
        self.path_label = QLabel(_("(not chosen yet)"))
        self.path_label.setWordWrap(True)
        self.path_label.setTextFormat(Qt.TextFormat.PlainText)
        self.choose_button = QPushButton(_("&Choose…"))
        self.choose_button.setAutoDefault(False)
        self.choose_button.clicked.connect(self.choose_file)
        row.addWidget(caption, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.path_label, 1)
        row.addWidget(self.choose_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(row)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.summary)
        self.warnings = ImportWarnings()
        self.warnings.include_hidden.toggled.connect(self._include_hidden_toggled)
        layout.addWidget(self.warnings)
        self.problems = QListWidget()
        self.problems.setAlternatingRowColors(True)
        self.problems.setWordWrap(True)
        layout.addWidget(self.problems, 100)

        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setPlaceholderText(_("e.g. ESCA extract 2018"))
        self.name.textChanged.connect(lambda _text: self._show())
        self.activate = QCheckBox(_("Compare with this set from now on (make it active)"))
        self.activate.setChecked(True)
        form.addRow(_("&Name:"), self.name)
        form.addRow("", self.activate)
        self.form = QWidget()
        self.form.setLayout(form)
        layout.addWidget(self.form)
        layout.addStretch(1)  # takes the room while there is no problem list
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        layout.addWidget(self.progress)
        self.error = error_label()
        layout.addWidget(self.error)
        self.buttons, self.import_button = act_cancel_buttons(self, _("&Import"), self.start_import)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        layout.addWidget(self.buttons)

    # -- state -----------------------------------------------------------------------------

    @property
    def is_running(self) -> bool:
        return self._running

    @property
    def can_import(self) -> bool:
        preview = self.result_preview
        return (
            preview is not None
            and preview.ok
            and bool(self.name.text().strip())
            and not self._running
            and not self._reading
        )

    def _show(self, error: str = "") -> None:
        preview = self.result_preview
        self.path_label.setText(str(self.path) if self.path else _("(not chosen yet)"))
        self.choose_button.setEnabled(not self._running)
        if preview is None and not self._reading:
            self.warnings.clear_warnings()
        self.warnings.include_hidden.setEnabled(not self._running)
        self.problems.setVisible(self.problems.count() > 0)
        self.form.setVisible(preview is not None and preview.ok)
        self.form.setEnabled(not self._running)
        self.progress.setVisible(self._running)
        self.import_button.setEnabled(self.can_import)
        self.import_button.setDefault(self.can_import)
        self.error.setText(error)
        self.error.setVisible(bool(error))

    # -- choosing and previewing ---------------------------------------------------------

    def choose_file(self) -> None:
        if self._running or self.file_dialog is not None:
            return
        folder = str(self.path.parent) if self.path else str(Path.home())
        chooser = QFileDialog(self, _("Choose a reference set"), folder, _(FILE_FILTER))
        chooser.setFileMode(QFileDialog.FileMode.ExistingFile)
        chooser.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        self._open_chooser(chooser, self.preview)

    def _chosen(self) -> Path | None:
        return self.path

    def preview(self, path: Path, *, include_hidden: bool = False) -> None:
        """Read and check ``path`` in the background; nothing is stored. Hidden rows and
        columns of a workbook are left out unless ``include_hidden``."""
        self.path = Path(path)
        self.result_preview = None
        self.warnings.clear_warnings()
        self.warnings.set_included(include_hidden)
        self.summary.setText(_("Reading {name}…").format(name=self.path.name))
        self.summary.setStyleSheet("")
        self.problems.clear()
        if self.name.text().strip() in ("", self._suggested_name):
            self._suggested_name = self.path.stem  # the director's own name is kept
            self.name.setText(self._suggested_name)
        self._read(self.path, include_hidden)

    def _include_hidden_toggled(self, checked: bool) -> None:
        """Read the same file again, with or without its hidden rows and columns; what is
        shown (and the check box, with the focus) stays until the new preview arrives."""
        if self._running or self.path is None:
            return
        message = (
            _("Reading {name} again with its hidden rows and columns…")
            if checked
            else _("Reading {name} again without its hidden rows and columns…")
        )
        self.summary.setText(message.format(name=self.path.name))
        self.summary.setStyleSheet("")
        self._read(self.path, checked)

    def _read(self, path: Path, include_hidden: bool) -> None:
        self._request += 1
        request = self._request
        self._reading = True
        self._show()
        benchmarking = self._benchmarking
        run_in_background(
            lambda _progress: benchmarking.preview_reference_file(
                path, include_hidden=include_hidden
            ),
            lambda result: self._previewed(request, result),
            lambda error: self._preview_failed(request, error),
        )

    def _previewed(self, request: int, result: object) -> None:
        if request != self._request or self._closed:
            return
        assert isinstance(result, ReferenceImport)
        preview = result
        self._reading = False
        self.result_preview = preview
        self.problems.clear()
        self.warnings.show_warnings(
            (self.path or Path()).name,
            preview.warnings,
            hidden=bool(preview.hidden_rows or preview.hidden_columns),
            included=preview.include_hidden,
        )
        if preview.ok:
            catalogue = self._benchmarking.catalogue()
            countries = len({org.country for org in preview.organizations})
            areas = len({org.technology_area for org in preview.organizations})
            organizations = len(preview.organizations)
            # Translators: the three counts are whole phrases ("12 organizations",
            # "3 countries", "2 technology areas").
            text = _(
                "{organizations} from {countries} in {areas}, with {indicators} of {catalogue} "
                "indicators."
            ).format(
                organizations=ngettext(
                    "{count} organization", "{count} organizations", organizations
                ).format(count=format_decimal(organizations)),
                countries=ngettext("{count} country", "{count} countries", countries).format(
                    count=format_decimal(countries)
                ),
                areas=ngettext("{count} technology area", "{count} technology areas", areas).format(
                    count=format_decimal(areas)
                ),
                indicators=format_decimal(len(preview.indicator_codes)),
                catalogue=format_decimal(len(catalogue)),
            )
            if preview.ignored_columns:
                text += " " + _("Columns not imported: {columns}.").format(
                    columns=", ".join(preview.ignored_columns)
                )
            self.summary.setText(text)
            self.summary.setStyleSheet("")
        else:
            self._list_problems(preview.problems)
        self._show()

    def _list_problems(self, problems: tuple[ImportProblem, ...]) -> None:
        path = self.path or Path()
        self.summary.setText(
            ngettext(
                "{count} problem found in {name}.",
                "{count} problems found in {name}.",
                len(problems),
            ).format(count=format_decimal(len(problems)), name=path.name)
            + " "
            + _(NOTHING_IMPORTED)
        )
        self.summary.setStyleSheet("color: #b42318; font-weight: 600;")
        self.problems.clear()
        for problem in problems[:LISTED_PROBLEMS]:
            self.problems.addItem(str(problem))
        if len(problems) > LISTED_PROBLEMS:
            more = len(problems) - LISTED_PROBLEMS
            self.problems.addItem(
                ngettext("… and {count} more", "… and {count} more", more).format(
                    count=format_decimal(more)
                )
            )

    def _preview_failed(self, request: int, error: Exception) -> None:
        if request != self._request or self._closed:
            return
        self._reading = False
        self.result_preview = None  # an earlier preview no longer matches what was asked
        self.problems.clear()
        self.summary.setText("")
        self._show(
            error=_("Could not read {name}: {error}").format(
                name=(self.path or Path()).name, error=error
            )
        )

    # -- importing -------------------------------------------------------------------------

    def start_import(self) -> None:
        if not self.can_import or self.path is None:
            return
        path, name, activate = self.path, self.name.text().strip(), self.activate.isChecked()
        include_hidden = self.result_preview is not None and self.result_preview.include_hidden
        self._running = True
        self.progress.setValue(0)
        self._show()
        benchmarking = self._benchmarking
        run_in_background(
            lambda progress: benchmarking.import_reference_set(
                path, name, activate, progress, include_hidden=include_hidden
            ),
            self._import_done,
            self._import_failed,
            lambda percent, _message: self.progress.setValue(percent),
        )

    def _import_done(self, set_id: object) -> None:
        self._running = False
        if self._closed:
            return
        self.imported_id = int(set_id) if isinstance(set_id, int) else None
        preview = self.result_preview
        count = len(preview.organizations) if preview else 0
        self.result_text = ngettext(
            "'{name}' was imported ({count} organization).",
            "'{name}' was imported ({count} organizations).",
            count,
        ).format(name=self.name.text().strip(), count=format_decimal(count))
        self.accept()

    def _import_failed(self, error: Exception) -> None:
        self._running = False
        if self._closed:
            return
        if isinstance(error, ReferenceImportError):  # the file changed since the preview
            self.result_preview = None
            self._list_problems(error.problems)
            self._show()
            return
        if isinstance(error, ValidationError):
            self._show(error=str(error))
            return
        self._show(error=_("Nothing was imported: {error}").format(error=error))

    # -- closing ---------------------------------------------------------------------------

    def reject(self) -> None:
        if self._running:
            return  # one transaction: it finishes (or fails) as a whole in a moment
        super().reject()

    def showEvent(self, event: QShowEvent) -> None:
        self._closed = False
        super().showEvent(event)

    def done(self, result: int) -> None:
        self._closed = True
        super().done(result)
