"""The audit log, for reading: who did what, when, to which organization.

The log may hold tens of thousands of entries, so it is read off the GUI thread and shown
through one table model over plain rows (no widget per row). Filtering (words, kind of
action, days) is the service's one rule (``AuditFilter``), applied here as the director
types and again by the export, so the workbook holds exactly what the table showed.
Verify runs the vault's chain check in the background and points at the first broken
entry; Export writes the shown entries to an .xlsx file, atomically, in the background.
"""

from __future__ import annotations

import threading
from datetime import date, datetime
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from escadesk.i18n import N_, _, format_decimal, ngettext
from escadesk.services.audit_log import AuditFilter, AuditRow, kind_choices
from escadesk.ui.dialog_buttons import add_action, close_buttons
from escadesk.ui.export_dialog import default_folder, describe_failure, with_xlsx_suffix
from escadesk.ui.file_job import LAST_FOLDER_SETTING, ChooserHost, workbook_chooser
from escadesk.ui.formatting import local_time
from escadesk.ui.sizing import fit_to_screen
from escadesk.ui.style import BAD, GOOD, MUTED
from escadesk.ui.workers import Progress, run_in_background

if TYPE_CHECKING:
    from escadesk.services.audit_log import ChainReport
    from escadesk.services.container import Services
    from escadesk.ui.window_api import MainWindowApi

#: Marked for extraction; ``headerData`` translates them.
COLUMNS = (N_("Time"), N_("Who"), N_("What"), N_("Concerns"), N_("Details"))
TIME, WHO, WHAT, CONCERNS, DETAILS = range(len(COLUMNS))
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1


def open_audit_log(window: MainWindowApi) -> None:
    """Workshop > Audit log…: the viewer over the window, times in the shown workshop's
    zone (UTC when no workshop is open)."""
    workshop = window.workshop
    zone = workshop.calendar.zone if workshop is not None else ZoneInfo("UTC")
    window.messages.open(AuditLogDialog(window.services, zone, parent=window.window()))


class AuditTableModel(QAbstractTableModel):
    """The shown entries, newest first; each row's texts are made once, when loaded."""

    def __init__(self, zone: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._zone = zone
        self.rows: list[AuditRow] = []
        self._times: dict[int, str] = {}

    def set_rows(self, rows: list[AuditRow], times: dict[int, str]) -> None:
        self.beginResetModel()
        self.rows = rows
        self._times = times
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == ENTRY_ROLE:
            return row.id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            column = index.column()
            if column == TIME:
                return self._times.get(row.id) or local_time(row.at, self._zone)
            if column == WHO:
                return row.actor
            if column == WHAT:
                return row.what
            if column == CONCERNS:
                return row.concerns
            return row.details
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section])
        return None

    def row_of(self, entry_id: int) -> int | None:
        return next((n for n, row in enumerate(self.rows) if row.id == entry_id), None)


class AuditLogDialog(ChooserHost, QDialog):
    """Read, filter, verify and export the audit log."""

    def __init__(self, services: Services, zone: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._zone = zone
        self._all: list[AuditRow] = []
        self._times: dict[int, str] = {}
        self._closed = False
        self._dates_chosen = False
        self._cancel = threading.Event()
        self.loaded = False
        self.verifying = False
        self.exporting = False
        self.report: ChainReport | None = None
        self.written: Path | None = None
        self.file_dialog: QFileDialog | None = None
        self.setWindowTitle(_("Audit log"))
        fit_to_screen(self, 1120, 700)
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        intro = QLabel(
            _(
                "Every change escadesk records, newest first: who did it, when "
                "({zone} time) and what it concerned. The log is sealed entry by entry; "
                "Verify checks that nothing was changed, removed or reordered."
            ).format(zone=zone.key)
        )
        intro.setObjectName("muted")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(self._filters())
        self.model = AuditTableModel(zone, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Audit log entries"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, as in every form
        header = self.table.horizontalHeader()
        # The time column fits a time as this language writes it (French: "10 h 00").
        sample = local_time(datetime(2018, 12, 28, 10, 0, tzinfo=zone), zone)
        time_width = max(150, self.fontMetrics().horizontalAdvance(sample) + 24)
        widths = {TIME: time_width, WHO: 140, WHAT: 230, CONCERNS: 230}
        for column, width in widths.items():
            header.resizeSection(column, width)
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._show_selected)
        entries_label = QLabel(_("&Entries"))
        entries_label.setBuddy(self.table)
        entries_label.setObjectName("fieldLabel")
        self.details = QTextBrowser()
        self.details.setAccessibleName(_("Details of the selected entry"))
        self.details.setOpenLinks(False)
        details_label = QLabel(_("&Details of the selected entry"))
        details_label.setBuddy(self.details)
        details_label.setObjectName("fieldLabel")
        top, bottom = QWidget(), QWidget()
        top_column, bottom_column = QVBoxLayout(top), QVBoxLayout(bottom)
        for part in (top_column, bottom_column):
            part.setContentsMargins(0, 0, 0, 0)
            part.setSpacing(4)
        top_column.addWidget(entries_label)
        top_column.addWidget(self.table)
        bottom_column.addWidget(details_label)
        bottom_column.addWidget(self.details)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        line = self.fontMetrics().lineSpacing()
        self.details.setMinimumHeight(line * 4)
        splitter.setSizes([line * 18, line * 10])  # the details' eight lines show whole
        layout.addWidget(splitter, 1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.hide()
        layout.addWidget(self.status)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(_("Export progress"))
        self.progress.hide()
        layout.addWidget(self.progress)
        buttons, _close = close_buttons(self)
        self.verify_button = add_action(buttons, _("&Verify"), self.verify)
        self.verify_button.setToolTip(
            _("Check every entry's seal and this computer's anchor of the log")
        )
        self.export_button = add_action(buttons, _("E&xport to Excel…"), self.choose_export_file)
        self.export_button.setToolTip(_("Save the entries shown (the filter applies) as .xlsx"))
        layout.addWidget(buttons)
        self._set_enabled()
        self.load()

    # -- building --------------------------------------------------------------------------

    def _filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(8)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Words in the entry: an organization, a person, an act…"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(_("Search"))
        self.search.textChanged.connect(self.apply_filter)
        self.kind = QComboBox()
        self.kind.setAccessibleName(_("Kind"))
        self.kind.addItem(_("All kinds"), None)
        for key, words in kind_choices():
            self.kind.addItem(words, key)
        self.kind.currentIndexChanged.connect(self.apply_filter)
        self.first_day, self.last_day = QDateEdit(), QDateEdit()
        for edit, name in ((self.first_day, _("From")), (self.last_day, _("To"))):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setAccessibleName(name)
            edit.dateChanged.connect(self._dates_changed)
        self.count = QLabel()
        self.count.setObjectName("muted")
        for caption, widget, stretch in (
            (_("&Search:"), self.search, 3),
            (_("&Kind:"), self.kind, 0),
            (_("&From:"), self.first_day, 0),
            (_("&To:"), self.last_day, 0),
        ):
            label = QLabel(caption)
            label.setBuddy(widget)
            row.addWidget(label)
            row.addWidget(widget, stretch)
        row.addWidget(self.count, 1, Qt.AlignmentFlag.AlignRight)
        return row

    def _set_enabled(self) -> None:
        self.verify_button.setEnabled(self.loaded and not self.verifying)
        self.export_button.setEnabled(self.loaded and not self.exporting and self.shown() > 0)

    # -- loading ---------------------------------------------------------------------------

    def load(self) -> None:
        """Read the whole log in the background (its time texts made there too)."""
        self.loaded = False
        self._set_enabled()
        self.count.setText(_("Reading the audit log…"))
        services, zone = self._services, self._zone

        def read(_progress: Progress) -> tuple[list[AuditRow], dict[int, str]]:
            rows = services.audit_log.rows()
            return rows, {row.id: local_time(row.at, zone) for row in rows}

        run_in_background(read, self._loaded, self._load_failed)

    def _loaded(self, result: tuple[list[AuditRow], dict[int, str]]) -> None:
        if self._gone():
            return
        self._all, self._times = result
        self.loaded = True
        if not self._dates_chosen:
            self._set_date_range()
        self.apply_filter()
        if self.model.rows and self.selected_entry() is None:
            self.table.selectRow(0)

    def _load_failed(self, error: Exception) -> None:
        if self._gone():
            return
        self.count.setText("")
        self._say(_("The audit log could not be read: {error}").format(error=error), BAD)

    def _set_date_range(self) -> None:
        if self._all:
            first = self._all[-1].at.astimezone(self._zone).date()
            last = self._all[0].at.astimezone(self._zone).date()
        else:
            first = last = self._services.clock.now().astimezone(self._zone).date()
        for edit, day in ((self.first_day, first), (self.last_day, last)):
            edit.blockSignals(True)
            edit.setDate(QDate(day.year, day.month, day.day))
            edit.blockSignals(False)

    # -- filtering -------------------------------------------------------------------------

    def _dates_changed(self) -> None:
        self._dates_chosen = True
        self.apply_filter()

    def current_filter(self) -> AuditFilter:
        return AuditFilter(
            text=self.search.text(),
            kind=self.kind.currentData(),
            first_day=_day(self.first_day.date()) if self._dates_chosen else None,
            last_day=_day(self.last_day.date()) if self._dates_chosen else None,
            zone=self._zone,
        )

    def apply_filter(self) -> None:
        """Show the entries the filter keeps; the selection stays on its entry if shown."""
        if not self.loaded:
            return
        selected = self.selected_entry()
        self.model.set_rows(self.current_filter().apply(self._all), self._times)
        shown, total = len(self.model.rows), len(self._all)
        self.count.setText(
            ngettext("{count} entry", "{count} entries", total).format(count=format_decimal(total))
            if shown == total
            else ngettext("{shown} of {count} entry", "{shown} of {count} entries", total).format(
                shown=format_decimal(shown), count=format_decimal(total)
            )
        )
        if selected is not None and (row := self.model.row_of(selected)) is not None:
            self.table.selectRow(row)
        elif self.model.rows:
            self.table.selectRow(0)  # the entry read before is filtered out: the newest
        else:
            self._show_selected()
        self._set_enabled()

    def shown(self) -> int:
        return len(self.model.rows)

    # -- the selected entry ----------------------------------------------------------------

    def selected_entry(self) -> int | None:
        index = self.table.selectionModel().currentIndex()
        if not index.isValid() or index.row() >= len(self.model.rows):
            return None
        return self.model.rows[index.row()].id

    def select_entry(self, entry_id: int) -> bool:
        """Select an entry, clearing the filter if it hides it; False if not in the log."""
        if self.model.row_of(entry_id) is None:
            self.clear_filter()
        row = self.model.row_of(entry_id)
        if row is None:
            return False
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    def clear_filter(self) -> None:
        for widget in (self.search, self.kind, self.first_day, self.last_day):
            widget.blockSignals(True)
        self.search.clear()
        self.kind.setCurrentIndex(0)
        self._dates_chosen = False
        self._set_date_range()
        for widget in (self.search, self.kind, self.first_day, self.last_day):
            widget.blockSignals(False)
        self.apply_filter()

    def _show_selected(self, *_args: object) -> None:
        entry = self.selected_entry()
        row = next((r for r in self.model.rows if r.id == entry), None) if entry else None
        if row is None:
            self.details.setPlainText(
                _("No entry matches the filter.") if self.loaded and not self.model.rows else ""
            )
            return
        when = self._times.get(row.id) or local_time(row.at, self._zone)
        lines = [
            (_("Entry"), f"#{format_decimal(row.id)}"),
            (_("When"), f"{when} ({self._zone.key})"),
            (_("Who"), row.actor),
            (_("What"), row.what),
            (_("Concerns"), row.concerns),
            (_("Workshop"), row.workshop or "—"),
            (_("Details"), row.details),
            (
                _("Seal"),
                _("{seal}… (action code {code})").format(seal=row.entry_hash[:16], code=row.action),
            ),
        ]
        self.details.setHtml(
            '<table cellspacing="0" cellpadding="2">'
            + "".join(
                f'<tr><td style="color:{MUTED}; padding-right:12px" valign="top">{label}</td>'
                f"<td>{escape(value)}</td></tr>"
                for label, value in lines
            )
            + "</table>"
        )

    # -- verifying -------------------------------------------------------------------------

    def verify(self) -> None:
        """Check the whole chain in the background (the vault's check, anchor included)."""
        if self.verifying:
            return
        self.verifying = True
        self._set_enabled()
        count = len(self._all)
        self._say(
            ngettext("Verifying {count} entry…", "Verifying {count} entries…", count).format(
                count=format_decimal(count)
            )
        )
        vault = self._services.vault
        run_in_background(lambda _progress: vault.verify_audit(), self._verified, self._unverified)

    def _verified(self, report: ChainReport) -> None:
        if self._gone():
            return
        self.verifying = False
        self.report = report
        self._set_enabled()
        if report.intact:
            intact = ngettext(
                "Intact: all {count} entry are as they were "
                "written; none was changed, removed or reordered.",
                "Intact: all {count} entries are as they were "
                "written; none was changed, removed or reordered.",
                report.checked,
            ).format(count=format_decimal(report.checked))
            self._say(f"{intact} {report.coverage}".strip(), GOOD)
            self.load()  # the check may have moved the anchor; the log itself is unchanged
            return
        self._say(
            _("Damaged: {problem} Entries after it cannot be trusted.").format(
                problem=report.problem
            ),
            BAD,
        )
        if report.first_broken_id is not None:
            self.select_entry(report.first_broken_id)

    def _unverified(self, error: Exception) -> None:
        if self._gone():
            return
        self.verifying = False
        self._set_enabled()
        self._say(_("Not verified: {error}").format(error=error), BAD)

    # -- exporting -------------------------------------------------------------------------

    def choose_export_file(self) -> None:
        """Ask where (a non-blocking chooser, pre-filled); choosing starts the export."""
        if self.exporting or self.file_dialog is not None:
            return
        today = self._services.clock.now().astimezone(self._zone).date()
        folder = default_folder(self._services)
        name = self._services.audit_log.suggested_file_name(today)
        chooser = workbook_chooser(self, _("Export the audit log as"), folder, name)
        self._open_chooser(chooser, self.export_to)

    def export_to(self, path: Path) -> None:
        """Write the entries shown to ``path`` (.xlsx added if missing) in the background."""
        if self.exporting:
            return
        target = with_xlsx_suffix(path)
        self.exporting = True
        self.written = None
        self._cancel.clear()
        self._set_enabled()
        self.progress.setValue(0)
        self.progress.show()
        count = self.shown()
        self._say(
            ngettext("Exporting {count} entry…", "Exporting {count} entries…", count).format(
                count=format_decimal(count)
            )
        )
        service, selection, cancelled = (
            self._services.audit_log,
            self.current_filter(),
            self._cancel.is_set,
        )
        run_in_background(
            lambda progress: service.export(target, selection, progress, cancelled),
            self._exported,
            lambda error: self._export_failed(error, target),
            self._export_progress,
        )

    def _export_progress(self, percent: int, _message: str) -> None:
        if not self._closed:
            self.progress.setValue(percent)

    def _exported(self, written: Path) -> None:
        if self._gone():
            return
        self.exporting = False
        self.written = written
        self.progress.hide()
        self._services.settings.set(LAST_FOLDER_SETTING, str(written.parent))
        self._say(
            _("Saved {file} in {folder}.").format(file=written.name, folder=written.parent), GOOD
        )
        self.load()  # the export's own entry joins the log

    def _export_failed(self, error: Exception, target: Path) -> None:
        if self._gone():
            return
        self.exporting = False
        self.progress.hide()
        self._set_enabled()
        self._say(describe_failure(error, target), BAD)

    # -- messages and closing --------------------------------------------------------------

    def _say(self, text: str, colour: str | None = None) -> None:
        self.status.setStyleSheet(f"color: {colour};" if colour else "")
        self.status.setText(text)
        self.status.show()

    def _gone(self) -> bool:
        """Closed, or deleted with its window (a lock, the window closing) without being
        closed first: background work that ends then has nothing left to show."""
        return self._closed or not shiboken6.isValid(self)

    def done(self, result: int) -> None:
        """Closing stops listening to background work (and cancels an export)."""
        self._closed = True
        self._cancel.set()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._closed = True
        self._cancel.set()
        super().closeEvent(event)


def _day(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())
