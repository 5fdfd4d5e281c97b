"""Import the answers of a filled benchmarking survey template: choose the file, see what
it would change, then store every change or none.

The file is read off the GUI thread against the answers stored now (the service's
``read_answers``, which stores nothing). A clean file lists each answer it changes: its
indicator, whether it is new, changed or cleared, what escadesk holds and what the file
says (the unchanged ones on request). A file with problems lists each by sheet, row and
column, and cannot be stored: the director fixes the file (or asks the organization to)
and reads it again. Storing is one transaction, refused when the stored answers changed
since the file was read (the message says to read it again, which one click does).

Answers are confidential: they are shown here, never logged.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QShowEvent
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
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from escadesk.domain.validation import ValidationError
from escadesk.i18n import N_, _, format_decimal, ngettext, pgettext
from escadesk.services.benchmark_template_views import (
    AnswerChange,
    AnswersPreview,
    ChangeKind,
    TemplateProblem,
)
from escadesk.services.benchmark_views import SurveyView
from escadesk.ui import style
from escadesk.ui.dialog_buttons import act_cancel_buttons, add_action
from escadesk.ui.export_dialog import default_folder
from escadesk.ui.file_job import FileChooserHost
from escadesk.ui.form_parts import error_label
from escadesk.ui.sizing import fit_to_screen
from escadesk.ui.workers import run_in_background

if TYPE_CHECKING:
    from escadesk.services.container import Services

FILE_FILTER = N_("Survey templates (*.xlsx *.xlsm)")
EMPTY = "—"
NOTHING_STORED = N_("Nothing is stored until the whole file is clean: fix it and read it again.")
NOTHING_TO_STORE = N_("Nothing to store: the file holds the answers escadesk already has.")
PLACEHOLDER = N_(
    "Choose the survey template an organization filled in to see what it would change."
)
_KIND_TEXT = {
    ChangeKind.NEW: N_("New"),
    ChangeKind.CHANGED: N_("Changed"),
    ChangeKind.CLEARED: N_("Cleared"),
    ChangeKind.UNCHANGED: N_("Unchanged"),
}
_KIND_COLOUR = {
    ChangeKind.NEW: style.GOOD,
    ChangeKind.CHANGED: style.WARN,
    ChangeKind.CLEARED: style.BAD,
    ChangeKind.UNCHANGED: style.MUTED,
}

_Index = QModelIndex | QPersistentModelIndex


def indicator_name(change: AnswerChange) -> str:
    """The indicator's title without its code ('Total committed participants')."""
    title = change.title
    return title[len(change.code) :].strip() if title.startswith(change.code) else title


def store_text(preview: AnswersPreview | None) -> str:
    """'&Store 5 answers' (the button names how many answers it writes)."""
    if preview is None or not preview.ok or not preview.to_store:
        return _("&Store answers")
    count = len(preview.to_store)
    return ngettext("&Store {count} answer", "&Store {count} answers", count).format(
        count=format_decimal(count)
    )


def about_text(preview: AnswersPreview) -> str:
    """Whose answers, for which workshop and catalogue (what the file says of itself)."""
    parts = [preview.organization or _("(no organization named)")]
    if preview.workshop:
        parts.append(preview.workshop)
    if preview.catalogue_version:
        parts.append(_("catalogue {version}").format(version=preview.catalogue_version))
    return " · ".join(parts)


class ChangesModel(QAbstractTableModel):
    """The preview's indicators, read-only: the changes, or every indicator."""

    HEADERS = (
        N_("Code"),
        N_("Indicator"),
        "Change",  # shown as pgettext("column", "Change")
        N_("Stored now"),
        N_("In the file"),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._changes: tuple[AnswerChange, ...] = ()
        self._bold = QFont()
        self._bold.setBold(True)

    def set_changes(self, changes: tuple[AnswerChange, ...]) -> None:
        self.beginResetModel()
        self._changes = changes
        self.endResetModel()

    def changes(self) -> tuple[AnswerChange, ...]:
        return self._changes

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self._changes)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            header = self.HEADERS[section]
            return pgettext("column", "Change") if section == 2 else _(header)
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        change = self._changes[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            values = (
                change.code,
                indicator_name(change),
                _(_KIND_TEXT[change.kind]),
                change.before if change.before is not None else EMPTY,
                change.after if change.after is not None else EMPTY,
            )
            if role == Qt.ItemDataRole.ToolTipRole:
                # Translators: "Answers" is the survey template's sheet name, as in the file.
                return _("{title} (row {row} of the Answers sheet)").format(
                    title=change.title, row=change.row
                )
            return values[column]
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == 2:
                return QColor(_KIND_COLOUR[change.kind])
            if column in (3, 4) and (change.before if column == 3 else change.after) is None:
                return QColor(style.MUTED)
        if role == Qt.ItemDataRole.FontRole and column == 2:
            return self._bold if change.kind is not ChangeKind.UNCHANGED else None
        return None


class SurveyAnswersDialog(FileChooserHost, QDialog):
    """Read a filled survey template, preview its changes, store them all or none.

    Tests drive it through its chooser (``choose_in``) or ``read(path)``.
    """

    def __init__(self, services: Services, workshop_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._benchmarking = services.benchmarking
        self._workshop_id = workshop_id
        self.path: Path | None = None
        self.preview: AnswersPreview | None = None
        self.stored: SurveyView | None = None
        self.file_dialog: QFileDialog | None = None
        self._reading = False
        self._storing = False
        self._stale = False
        self._request = 0
        self._closed = False
        self.setWindowTitle(_("Import survey answers"))
        self.setMinimumSize(720, 480)
        fit_to_screen(self, 980, 660)
        self._build()
        self._show()

    # -- building --------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(8)
        heading = QLabel(_("Import survey answers"))
        heading.setObjectName("headline")
        layout.addWidget(heading)
        intro = QLabel(
            _(
                "A survey template an organization filled in: each answer is compared with the "
                "one stored. Nothing is stored until you click Store, and then every change or "
                "none."
            )
        )
        intro.setObjectName("muted")
        intro.setWordWrap(True)
        layout.addWidget(intro)

        row = QHBoxLayout()
        row.setSpacing(8)
        caption = QLabel(_("File:"))
        caption.setObjectName("fieldLabel")
        self.path_label = QLabel(_("(not chosen yet)"))
        self.path_label.setWordWrap(True)
        self.path_label.setTextFormat(Qt.TextFormat.PlainText)
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_button = QPushButton(_("&Choose file…"))
        self.choose_button.setAutoDefault(False)
        self.choose_button.clicked.connect(self.choose_file)
        row.addWidget(caption)
        row.addWidget(self.path_label, 1)
        row.addWidget(self.choose_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(row)

        busy = QHBoxLayout()
        busy.setContentsMargins(0, 0, 0, 0)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setFixedWidth(160)
        self.progress.setMaximumHeight(14)
        self.status_label = QLabel()
        busy.addWidget(self.progress)
        busy.addWidget(self.status_label, 1)
        self.busy_row = QWidget()
        self.busy_row.setLayout(busy)
        layout.addWidget(self.busy_row)

        self.about_label = QLabel()
        self.about_label.setObjectName("fieldLabel")
        self.about_label.setWordWrap(True)
        self.about_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.about_label)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.summary_label)

        self._build_problems(layout)
        self._build_changes(layout)
        self.placeholder = QLabel(_(PLACEHOLDER))
        self.placeholder.setObjectName("muted")
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.placeholder, 1)

        self.error = error_label()
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.error)
        self.buttons, self.store_button = act_cancel_buttons(self, _("&Store answers"), self.store)
        self.read_again_button = add_action(self.buttons, _("&Read again"), self.read_again)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        layout.addWidget(self.buttons)

    def _build_problems(self, layout: QVBoxLayout) -> None:
        self.problems_box = QFrame()
        self.problems_box.setObjectName("problemsBox")
        self.problems_box.setStyleSheet(
            f"QFrame#problemsBox {{ border: 1px solid {style.BAD}; border-radius: 6px;"
            " background: #fdecea; }"
            f"QFrame#problemsBox > QLabel {{ color: {style.BAD}; background: transparent;"
            " border: none; }"
        )
        box = QVBoxLayout(self.problems_box)
        box.setContentsMargins(12, 8, 12, 8)
        box.setSpacing(6)
        self.problems_title = QLabel()
        self.problems_title.setWordWrap(True)
        self.problems_title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.problems_title.font()
        font.setBold(True)
        self.problems_title.setFont(font)
        box.addWidget(self.problems_title)
        self.problems = QTableWidget(0, 5)
        self.problems.setAccessibleName(_("Problems in the file"))
        self.problems.setHorizontalHeaderLabels(
            [_("Sheet"), _("Row"), _("Column"), _("Indicator"), _("Problem")]
        )
        self.problems.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problems.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.problems.setWordWrap(True)
        self.problems.verticalHeader().setVisible(False)
        header = self.problems.horizontalHeader()
        for column, width in enumerate((84, 56, 76, 90)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            self.problems.setColumnWidth(column, width)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        box.addWidget(self.problems, 1)
        note = QLabel(_(NOTHING_STORED))
        note.setWordWrap(True)
        box.addWidget(note)
        layout.addWidget(self.problems_box, 1)

    def _build_changes(self, layout: QVBoxLayout) -> None:
        self.changes_panel = QWidget()
        panel = QVBoxLayout(self.changes_panel)
        panel.setContentsMargins(0, 0, 0, 0)
        panel.setSpacing(6)
        self.show_unchanged = QCheckBox(_("Show the &unchanged answers too"))
        self.show_unchanged.toggled.connect(lambda _checked: self._list_changes())
        panel.addWidget(self.show_unchanged)
        self.changes_model = ChangesModel(self)
        self.changes = QTableView()
        self.changes.setAccessibleName(_("Answers the file changes"))
        self.changes.setModel(self.changes_model)
        self.changes.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.changes.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.changes.setAlternatingRowColors(True)
        self.changes.setWordWrap(False)
        self.changes.verticalHeader().setVisible(False)
        self.changes.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        header = self.changes.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 64), (2, 90), (3, 150), (4, 150)):
            self.changes.setColumnWidth(column, width)
        rows = 3  # a short screen still shows a few rows
        self.changes.setMinimumHeight(
            header.sizeHint().height()
            + rows * self.changes.verticalHeader().defaultSectionSize()
            + 2 * self.changes.frameWidth()
        )
        panel.addWidget(self.changes, 1)
        layout.addWidget(self.changes_panel, 1)

    # -- state -----------------------------------------------------------------------------

    @property
    def is_busy(self) -> bool:
        """True while the file is read or its answers are stored."""
        return self._reading or self._storing

    @property
    def can_store(self) -> bool:
        preview = self.preview
        return (
            preview is not None
            and preview.ok
            and bool(preview.to_store)
            and not self._stale
            and not self.is_busy
        )

    def _show(self, error: str = "") -> None:
        """Show and enable exactly what fits the step."""
        preview = self.preview
        self.path_label.setText(str(self.path) if self.path else _("(not chosen yet)"))
        self.path_label.setToolTip(str(self.path) if self.path else "")
        self.busy_row.setVisible(self.is_busy)
        self.choose_button.setEnabled(not self.is_busy)
        self.read_again_button.setVisible(self.path is not None)
        self.read_again_button.setEnabled(not self.is_busy)
        self.cancel_button.setEnabled(not self._storing)
        self.store_button.setText(store_text(preview))
        self.store_button.setEnabled(self.can_store)
        self.store_button.setDefault(self.can_store)
        self.read_again_button.setDefault(self._stale and not self.is_busy)
        self.about_label.setVisible(preview is not None and preview.ok)
        self.summary_label.setVisible(preview is not None and bool(self.summary_label.text()))
        self.problems_box.setVisible(preview is not None and bool(preview.problems))
        self.changes_panel.setVisible(preview is not None and preview.ok)
        self.placeholder.setVisible(preview is None and not self.is_busy)
        if error:
            self.error.setText(error)
        self.error.setVisible(bool(self.error.text()))

    # -- choosing and reading --------------------------------------------------------------

    def choose_file(self) -> None:
        """Ask for the filled template; choosing reads it."""
        if self.is_busy or self.file_dialog is not None:
            return
        folder = str(self.path.parent if self.path else default_folder(self._services))
        chooser = QFileDialog(self, _("Choose the filled survey template"), folder, _(FILE_FILTER))
        chooser.setFileMode(QFileDialog.FileMode.ExistingFile)
        chooser.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        self._open_chooser(chooser, self.read)

    def _chosen(self) -> Path | None:
        return self.path

    def read(self, path: Path) -> None:
        """Read ``path`` in the background against the stored answers; stores nothing."""
        if self._storing:
            return
        self.path = Path(path)
        self.preview = None
        self._stale = False
        self.changes_model.set_changes(())
        self.problems.setRowCount(0)
        self.summary_label.clear()
        self.error.clear()
        self._request += 1
        request = self._request
        self._reading = True
        self.status_label.setText(_("Reading {name}…").format(name=self.path.name))
        self._show()
        benchmarking, workshop_id, source = self._benchmarking, self._workshop_id, self.path
        run_in_background(
            lambda _progress: benchmarking.read_answers(source, workshop_id=workshop_id),
            partial(self._read_done, request),
            partial(self._read_failed, request),
        )

    def read_again(self) -> None:
        """The same file once more (fixed meanwhile, or against answers stored since)."""
        if self.path is not None:
            self.read(self.path)

    def _read_done(self, request: int, result: object) -> None:
        if request != self._request or self._closed:
            return
        assert isinstance(result, AnswersPreview)
        self._reading = False
        self.preview = result
        self.about_label.setText(about_text(result))
        if result.problems:
            self.summary_label.clear()  # the problems' own title says it
            self._list_problems(result.problems)
        else:
            text = f"{result.summary()}."
            if not result.to_store:
                text += " " + _(NOTHING_TO_STORE)
            self.summary_label.setText(text)
            self._list_changes()
        self._show()

    def _read_failed(self, request: int, error: Exception) -> None:
        if request != self._request or self._closed:
            return
        self._reading = False
        self.preview = None
        if self.path:
            message = _("Could not read {name}: {error}").format(name=self.path.name, error=error)
        else:
            message = _("Could not read the file: {error}").format(error=error)
        self._show(error=message)

    def _list_problems(self, problems: tuple[TemplateProblem, ...]) -> None:
        self.problems_title.setText(
            ngettext(
                "{count} problem in the file; nothing can be stored",
                "{count} problems in the file; nothing can be stored",
                len(problems),
            ).format(count=format_decimal(len(problems)))
        )
        self.problems.setRowCount(len(problems))
        for row, problem in enumerate(problems):
            cells = (
                problem.sheet or "",
                str(problem.row) if problem.row is not None else "",
                problem.column or "",
                problem.code or "",
                problem.message,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(str(problem))
                if column in (1, 2):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.problems.setItem(row, column, item)
        self.problems.resizeRowsToContents()

    def _list_changes(self) -> None:
        preview = self.preview
        if preview is None or not preview.ok:
            self.changes_model.set_changes(())
            return
        everything = self.show_unchanged.isChecked()
        self.changes_model.set_changes(preview.changes if everything else preview.to_store)

    # -- storing ---------------------------------------------------------------------------

    def store(self) -> None:
        """Store every change of the preview in one transaction, then close."""
        preview = self.preview
        if preview is None or not self.can_store:
            return
        self._storing = True
        self.error.clear()
        count = len(preview.to_store)
        self.status_label.setText(
            ngettext("Storing {count} answer…", "Storing {count} answers…", count).format(
                count=format_decimal(count)
            )
        )
        self._show()
        benchmarking = self._benchmarking
        run_in_background(
            lambda _progress: benchmarking.commit_answers(preview),
            self._stored,
            self._store_failed,
        )

    def _stored(self, view: object) -> None:
        self._storing = False
        if self._closed:
            return
        assert isinstance(view, SurveyView)
        self.stored = view
        self.accept()

    def _store_failed(self, error: Exception) -> None:
        self._storing = False
        if self._closed:
            return
        if isinstance(error, ValidationError):  # the stored answers changed since the reading
            self._stale = True
            self._show(error=str(error))  # it says that nothing was saved, and why
            return
        self._show(error=_("Nothing was stored: {error}").format(error=error))

    # -- closing ---------------------------------------------------------------------------

    def reject(self) -> None:
        if self._storing:
            return  # one transaction: it ends (stored or not) in a moment
        super().reject()

    def showEvent(self, event: QShowEvent) -> None:
        self._closed = False
        super().showEvent(event)

    def done(self, result: int) -> None:
        self._closed = True
        super().done(result)
