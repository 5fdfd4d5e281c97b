"""The registrations desk: dashboard on top, registrations below, one registration's story
on the right. Dialogs open window-modal without blocking, so the window keeps painting."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QByteArray, QItemSelection, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from escadesk import __version__
from escadesk.app import Services
from escadesk.domain.registration import TRANSITIONS, RegistrationEvent
from escadesk.domain.validation import ValidationError
from escadesk.services.clock import FixedClock
from escadesk.services.registrations import RegistrationRow
from escadesk.services.workshops import WorkshopView
from escadesk.ui.dashboard import DashboardWidget
from escadesk.ui.formatting import local_time
from escadesk.ui.registration_dialog import RegistrationDialog
from escadesk.ui.registrations_model import ROW_ROLE, RegistrationsFilter, RegistrationsModel
from escadesk.ui.step_dialogs import ReasonDialog, ReceivedDialog

EVENT_WORDS = {
    RegistrationEvent.REGISTER: "Registered",
    RegistrationEvent.RECEIVE_FORM: "Registration form received",
    RegistrationEvent.RECEIVE_AUTHORIZATION: "Card authorization received",
    RegistrationEvent.ACCEPT_LATE: "Late completion accepted",
    RegistrationEvent.WITHDRAW: "Withdrawn",
    RegistrationEvent.CONFIRM: "Confirmed",
    RegistrationEvent.WAITLIST: "Waitlisted",
    RegistrationEvent.PROMOTE: "Promoted from the waitlist",
    RegistrationEvent.CANCEL: "Cancelled",
    RegistrationEvent.CHARGE: "Charged",
}


class MainWindow(QMainWindow):
    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.workshop: WorkshopView | None = None
        self.active_dialog: QDialog | None = None
        self._settings = QSettings(
            str(services.config.data_dir / "window.ini"), QSettings.Format.IniFormat
        )
        self.setWindowTitle("escadesk — workshop registrations")
        self.resize(1280, 820)

        self.model = RegistrationsModel(ZoneInfo("UTC"))
        self.proxy = RegistrationsFilter()
        self.proxy.setSourceModel(self.model)

        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_central()
        self._restore_geometry()
        self.reload_workshops()

    # -- construction ----------------------------------------------------------------------

    def _action(
        self, text: str, slot: Callable[[], None], shortcut: QKeySequence | str | None = None
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        key = QKeySequence.StandardKey
        self.import_action = self._action("&Import delegate list…", self.open_delegate_import, "Ctrl+I")
        self.quit_action = self._action("&Quit", self.close, QKeySequence(key.Quit))
        self.new_workshop_action = self._action("&New workshop…", self.open_new_workshop, "Ctrl+Shift+N")
        self.edit_workshop_action = self._action("&Edit workshop…", self.open_edit_workshop, "Ctrl+E")
        self.new_registration_action = self._action(
            "&New registration…", self.open_new_registration, QKeySequence(key.New)
        )
        self.edit_registration_action = self._action(
            "&Edit registration…", self.open_edit_registration, "Ctrl+Return"
        )
        self.form_action = self._action("Registration &form received…", self.record_form, "Ctrl+1")
        self.authorization_action = self._action(
            "Card &authorization received…", self.record_authorization, "Ctrl+2"
        )
        self.accept_late_action = self._action("Accept &late completion…", self.accept_late, "Ctrl+3")
        self.withdraw_action = self._action("&Withdraw…", self.withdraw)
        self.find_action = self._action("&Find", self.focus_search, QKeySequence(key.Find))
        self.refresh_action = self._action("&Refresh", self.refresh, QKeySequence(key.Refresh))
        self.about_action = self._action("&About escadesk", self.show_about)
        self.new_registration_action.setToolTip("Register a cluster organization (Ctrl+N)")
        self.form_action.setToolTip("Record that the registration form arrived (Ctrl+1)")
        self.authorization_action.setToolTip(
            "Record that the signed credit-card authorization arrived (Ctrl+2)"
        )

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.import_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        workshop_menu = bar.addMenu("&Workshop")
        workshop_menu.addAction(self.new_workshop_action)
        workshop_menu.addAction(self.edit_workshop_action)
        registration_menu = bar.addMenu("&Registration")
        for action in (
            self.new_registration_action,
            self.edit_registration_action,
            None,
            self.form_action,
            self.authorization_action,
            self.accept_late_action,
            None,
            self.withdraw_action,
        ):
            if action is None:
                registration_menu.addSeparator()
            else:
                registration_menu.addAction(action)
        view_menu = bar.addMenu("&View")
        view_menu.addAction(self.find_action)
        view_menu.addAction(self.refresh_action)
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.about_action)

    def _build_toolbar(self) -> None:
        toolbar = QToolBar("Workshop")
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addWidget(QLabel("  Workshop: "))
        self.workshop_picker = QComboBox()
        self.workshop_picker.setMinimumWidth(380)
        self.workshop_picker.currentIndexChanged.connect(self._workshop_picked)
        toolbar.addWidget(self.workshop_picker)
        toolbar.addSeparator()
        for action in (
            self.new_registration_action,
            self.form_action,
            self.authorization_action,
            self.import_action,
        ):
            toolbar.addAction(action)
        self.addToolBar(toolbar)

    def _build_central(self) -> None:
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(14, 12, 14, 8)
        layout.setSpacing(10)
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.hide()
        layout.addWidget(self.banner)
        self.dashboard = DashboardWidget()
        layout.addWidget(self.dashboard)

        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search organizations, contacts, countries, statuses…  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.search.textChanged.connect(self._update_count)
        self.hide_inactive = QCheckBox("Hide withdrawn")
        self.hide_inactive.toggled.connect(self.proxy.set_hide_inactive)
        self.hide_inactive.toggled.connect(self._update_count)
        self.count_label = QLabel()
        self.count_label.setObjectName("muted")
        filters.addWidget(self.search, 1)
        filters.addWidget(self.hide_inactive)
        filters.addWidget(self.count_label)
        layout.addLayout(filters)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(30)
        self.table.setShowGrid(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self.open_edit_registration())

        self.details = self._build_details()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([900, 340])
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self.location = QLabel()
        self.statusBar().addPermanentWidget(self.location)

    def _build_details(self) -> QFrame:
        frame = QFrame()
        frame.setObjectName("card")
        frame.setMinimumWidth(300)
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(14, 12, 14, 12)
        title = QLabel("SELECTED REGISTRATION")
        title.setObjectName("cardTitle")
        layout.addWidget(title)
        self.detail_name = QLabel("Select a registration to see its history.")
        self.detail_name.setObjectName("headline")
        self.detail_name.setWordWrap(True)
        self.detail_contact = QLabel()
        self.detail_contact.setObjectName("muted")
        self.detail_contact.setWordWrap(True)
        self.detail_contact.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail_checklist = QLabel()
        self.detail_checklist.setWordWrap(True)
        layout.addWidget(self.detail_name)
        layout.addWidget(self.detail_contact)
        layout.addWidget(self.detail_checklist)
        history = QLabel("HISTORY")
        history.setObjectName("cardTitle")
        layout.addWidget(history)
        self.history = QListWidget()
        self.history.setWordWrap(True)
        self.history.setFrameShape(QFrame.Shape.NoFrame)
        layout.addWidget(self.history, 1)
        return frame

    # -- loading ---------------------------------------------------------------------------

    def reload_workshops(self, select_id: int | None = None) -> None:
        workshops = self.services.workshops.list()
        wanted = select_id or self._settings.value("workshop/last", None, type=int)
        self.workshop_picker.blockSignals(True)
        self.workshop_picker.clear()
        for summary in workshops:
            self.workshop_picker.addItem(f"{summary.title}  ({summary.code})", summary.id)
        index = self.workshop_picker.findData(wanted) if wanted else -1
        self.workshop_picker.setCurrentIndex(index if index >= 0 else len(workshops) - 1)
        self.workshop_picker.blockSignals(False)
        self._workshop_picked()

    def _workshop_picked(self) -> None:
        workshop_id = self.workshop_picker.currentData()
        self.workshop = self.services.workshops.get(workshop_id) if workshop_id else None
        if workshop_id:
            self._settings.setValue("workshop/last", workshop_id)
        self.refresh()

    def refresh(self) -> None:
        """Reload everything shown for the current workshop (a few ms of queries)."""
        workshop = self.workshop
        has_workshop = workshop is not None
        for action in (
            self.edit_workshop_action,
            self.import_action,
            self.new_registration_action,
        ):
            action.setEnabled(has_workshop)
        self.dashboard.setVisible(has_workshop)
        self._show_banner()
        if workshop is None:
            self.model.set_rows([], ZoneInfo("UTC"))
            self.location.setText("No workshop yet: Workshop > New workshop…")
            self._selection_changed()
            return
        selected = self.selected_registration()
        rows = self.services.registrations.list(workshop.id)
        self.model.set_rows(rows, workshop.calendar.zone)
        self.dashboard.show_outlook(self.services.registrations.outlook(workshop.id))
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount()):
            width = self.table.columnWidth(column)
            self.table.setColumnWidth(column, min(max(width + 16, 60), 280))
        delegates = self.services.delegates.count(workshop.id)
        self.location.setText(
            f"{delegates} conference delegates on the list  ·  data: {self.services.config.data_dir}"
        )
        if selected is not None:
            self.select_registration(selected.id)
        self._update_count()
        self._selection_changed()

    def _show_banner(self) -> None:
        clock = self.services.clock
        if isinstance(clock, FixedClock):
            zone = self.workshop.calendar.zone if self.workshop else ZoneInfo("UTC")
            today = clock.now().astimezone(zone)
            self.banner.setText(
                f"Demo data — the clock is fixed at {today:%A} {local_time(today, zone)} "
                f"({zone.key}); the organizations are fictional."
            )
            self.banner.show()
        else:
            self.banner.hide()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count_label.setText(f"{shown} of {total} shown" if shown != total else f"{total} registrations")

    # -- selection -------------------------------------------------------------------------

    def selected_registration(self) -> RegistrationRow | None:
        indexes = self.table.selectionModel().selectedRows()
        if not indexes:
            return None
        row = indexes[0].data(ROW_ROLE)
        return row if isinstance(row, RegistrationRow) else None

    def select_registration(self, registration_id: int) -> None:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            data = index.data(ROW_ROLE)
            if isinstance(data, RegistrationRow) and data.id == registration_id:
                self.table.selectRow(row)
                return

    def _selection_changed(
        self, _selected: QItemSelection | None = None, _deselected: QItemSelection | None = None
    ) -> None:
        row = self.selected_registration()
        status = row.status if row else None

        def allowed(event: RegistrationEvent) -> bool:
            return status is not None and (status, event) in TRANSITIONS

        self.edit_registration_action.setEnabled(row is not None)
        self.form_action.setEnabled(allowed(RegistrationEvent.RECEIVE_FORM))
        self.authorization_action.setEnabled(allowed(RegistrationEvent.RECEIVE_AUTHORIZATION))
        self.accept_late_action.setEnabled(allowed(RegistrationEvent.ACCEPT_LATE))
        self.withdraw_action.setEnabled(allowed(RegistrationEvent.WITHDRAW))
        self._show_details(row)

    def _show_details(self, row: RegistrationRow | None) -> None:
        self.history.clear()
        if row is None or self.workshop is None:
            self.detail_name.setText("Select a registration to see its history.")
            self.detail_contact.clear()
            self.detail_checklist.clear()
            return
        zone = self.workshop.calendar.zone
        self.detail_name.setText(row.organization)
        contact = [row.contact_name + (f", {row.contact_title}" if row.contact_title else "")]
        contact += [row.contact_email, row.contact_phone, f"{row.country} · {row.technology_area}"]
        self.detail_contact.setText("\n".join(part for part in contact if part))
        self.detail_checklist.setText(
            f"{'✓' if row.form_received_at else '✗'} Registration form"
            f"{'  ' + local_time(row.form_received_at, zone) if row.form_received_at else ''}\n"
            f"{'✓' if row.authorization_received_at else '✗'} Signed card authorization"
            f"{'  ' + local_time(row.authorization_received_at, zone) if row.authorization_received_at else ''}\n"
            f"Status: {row.status.label}"
        )
        for step in self.services.registrations.history(row.id):
            text = f"{local_time(step.at, zone)} — {EVENT_WORDS[step.event]} (by {step.by})"
            if step.reason:
                text += f"\n    “{step.reason}”"
            self.history.addItem(text)

    # -- actions ---------------------------------------------------------------------------

    def _open(self, dialog: QDialog, on_accepted: Callable[[], None]) -> None:
        """Show a dialog window-modal without blocking the event loop."""
        self.active_dialog = dialog
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.accepted.connect(on_accepted)
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        dialog.open()

    def _dialog_closed(self, dialog: QDialog) -> None:
        if self.active_dialog is dialog:
            self.active_dialog = None
        dialog.deleteLater()

    def open_new_registration(self) -> None:
        if self.workshop is None:
            return
        dialog = RegistrationDialog(self.services, self.workshop.id, parent=self)

        def saved() -> None:
            self.refresh()
            if dialog.saved_id is not None:
                self.select_registration(dialog.saved_id)

        self._open(dialog, saved)

    def open_edit_registration(self) -> None:
        row = self.selected_registration()
        if self.workshop is None or row is None:
            return
        dialog = RegistrationDialog(self.services, self.workshop.id, row, parent=self)
        self._open(dialog, self.refresh)

    def open_new_workshop(self) -> None:
        from escadesk.ui.workshop_dialog import WorkshopDialog

        dialog = WorkshopDialog(self.services, None, parent=self)
        self._open(dialog, lambda: self.reload_workshops(dialog.saved_id))

    def open_edit_workshop(self) -> None:
        if self.workshop is None:
            return
        from escadesk.ui.workshop_dialog import WorkshopDialog

        workshop_id = self.workshop.id
        dialog = WorkshopDialog(self.services, workshop_id, parent=self)
        self._open(dialog, lambda: self.reload_workshops(workshop_id))

    def open_delegate_import(self, path: Path | None = None) -> None:
        if self.workshop is None:
            return
        from escadesk.ui.delegate_import_dialog import DelegateImportDialog

        dialog = DelegateImportDialog(self.services, self.workshop.id, parent=self, path=path)
        self._open(dialog, self.refresh)

    def record_form(self) -> None:
        self._record_received(
            "Registration form received",
            "When did the registration form of {name} arrive?",
            self.services.registrations.record_form,
        )

    def record_authorization(self) -> None:
        self._record_received(
            "Card authorization received",
            "When did the signed credit-card authorization form of {name} arrive?",
            self.services.registrations.record_authorization,
        )

    def _record_received(
        self, title: str, prompt: str, record: Callable[[int, datetime], None]
    ) -> None:
        row = self.selected_registration()
        if row is None or self.workshop is None:
            return
        dialog = ReceivedDialog(
            title,
            prompt.format(name=row.organization),
            self.services.clock.now(),
            self.workshop.calendar.zone,
            parent=self,
        )
        self._open(dialog, lambda: self._run(lambda: record(row.id, dialog.received_at())))

    def accept_late(self) -> None:
        row = self.selected_registration()
        if row is None:
            return
        dialog = ReasonDialog(
            "Accept late completion",
            f"{row.organization} completed its registration after the deadline. Accepting it "
            "counts it toward the quorum. Why do you accept it?",
            parent=self,
        )
        self._open(
            dialog,
            lambda: self._run(lambda: self.services.registrations.accept_late(row.id, dialog.reason())),
        )

    def withdraw(self) -> None:
        row = self.selected_registration()
        if row is None:
            return
        dialog = ReasonDialog(
            "Withdraw registration",
            f"Withdraw {row.organization}? It will no longer count toward the quorum.",
            parent=self,
        )
        self._open(
            dialog,
            lambda: self._run(lambda: self.services.registrations.withdraw(row.id, dialog.reason())),
        )

    def _run(self, change: Callable[[], None]) -> None:
        """Apply a change; a refusal is shown to the user and nothing is stored."""
        try:
            change()
        except ValidationError as error:
            self.show_problem("Not recorded", str(error))
        self.refresh()

    def show_problem(self, title: str, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, parent=self)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.open()
        self.active_dialog = box

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def show_about(self) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "About escadesk",
            f"escadesk {__version__}\n\nRuns a quorum-based benchmarking workshop end to end: "
            f"registrations, card authorizations, decision day, Excel and reports.\n\n"
            f"Data folder: {self.services.config.data_dir}",
            parent=self,
        )
        box.open()
        self.active_dialog = box

    # -- window state ----------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        geometry = self._settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        splitter = self._settings.value("window/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self._settings.setValue("window/geometry", self.saveGeometry())
        self._settings.setValue("window/splitter", self.splitter.saveState())
        self._settings.sync()
        super().closeEvent(event)

