"""The main window: menus, toolbar and the use cases behind them.

It is built and painted before the database is even open (``services`` None); ``attach``
then builds the desk, so the window appears at once while the data loads in the
background. Dialogs open window-modal without blocking, so the window keeps painting.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPaintEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from escadesk import __version__
from escadesk.services.clock import FixedClock

if TYPE_CHECKING:
    from escadesk.app import Services
    from escadesk.services.views import RegistrationRow, WorkshopView
    from escadesk.ui.desk import DeskView


class MainWindow(QMainWindow):
    #: Emitted once, after the window has first been painted (start-up sequencing).
    first_painted = Signal()

    def __init__(self, services: Services | None = None, *, data_dir: Path | None = None) -> None:
        super().__init__()
        folder = services.config.data_dir if services is not None else data_dir
        if folder is None:
            raise ValueError("MainWindow needs services or the data folder.")
        self._services: Services | None = None
        self._desk: DeskView | None = None
        self._painted = False
        self.workshop: WorkshopView | None = None
        self.active_dialog: QDialog | None = None
        self._settings = QSettings(str(folder / "window.ini"), QSettings.Format.IniFormat)
        self.setWindowTitle("escadesk — workshop registrations")
        self.resize(1280, 820)
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_pages()
        geometry = self._settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        self._enable_actions(False)
        if services is not None:
            self.attach(services)

    # -- start-up --------------------------------------------------------------------------

    @property
    def services(self) -> Services:
        if self._services is None:
            raise RuntimeError("The data is still opening.")
        return self._services

    @property
    def desk(self) -> DeskView:
        if self._desk is None:
            raise RuntimeError("The data is still opening.")
        return self._desk

    def attach(self, services: Services) -> None:
        """The data is open: build the desk and show the last workshop used."""
        from escadesk.ui.desk import DeskView

        self._services = services
        desk = DeskView()
        desk.selection_changed.connect(self._selection_changed)
        desk.activated.connect(self.open_edit_registration)
        splitter = self._settings.value("window/splitter")
        if isinstance(splitter, QByteArray):
            desk.splitter.restoreState(splitter)
        self._desk = desk
        self.pages.addWidget(desk)
        self.pages.setCurrentWidget(desk)
        self._enable_actions(True)
        self.reload_workshops()

    def show_opening_failure(self, message: str) -> None:
        self.opening_label.setText(message)
        self.opening_label.setStyleSheet("color: #b42318; font-size: 11pt;")
        self.opening_progress.hide()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.first_painted.emit)

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
        self.import_action = self._action(
            "&Import delegate list…", self.open_delegate_import, "Ctrl+I"
        )
        self.quit_action = self._action("&Quit", self.close, QKeySequence(key.Quit))
        self.new_workshop_action = self._action(
            "&New workshop…", self.open_new_workshop, "Ctrl+Shift+N"
        )
        self.edit_workshop_action = self._action(
            "&Edit workshop…", self.open_edit_workshop, "Ctrl+E"
        )
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
        self.accept_late_action = self._action(
            "Accept &late completion…", self.accept_late, "Ctrl+3"
        )
        self.withdraw_action = self._action("&Withdraw…", self.withdraw)
        self.find_action = self._action("&Find", self.focus_search, QKeySequence(key.Find))
        self.refresh_action = self._action("&Refresh", self.refresh, QKeySequence(key.Refresh))
        self.about_action = self._action("&About escadesk", self.show_about)
        self._data_actions = (
            self.import_action,
            self.new_workshop_action,
            self.edit_workshop_action,
            self.new_registration_action,
            self.edit_registration_action,
            self.form_action,
            self.authorization_action,
            self.accept_late_action,
            self.withdraw_action,
            self.find_action,
            self.refresh_action,
        )
        self.new_registration_action.setToolTip("Register a cluster organization (Ctrl+N)")
        self.form_action.setToolTip("Record that the registration form arrived (Ctrl+1)")
        self.authorization_action.setToolTip(
            "Record that the signed credit-card authorization arrived (Ctrl+2)"
        )

    def _build_menus(self) -> None:
        bar = self.menuBar()
        menus: dict[str, list[QAction | None]] = {
            "&File": [self.import_action, None, self.quit_action],
            "&Workshop": [self.new_workshop_action, self.edit_workshop_action],
            "&Registration": [
                self.new_registration_action,
                self.edit_registration_action,
                None,
                self.form_action,
                self.authorization_action,
                self.accept_late_action,
                None,
                self.withdraw_action,
            ],
            "&View": [self.find_action, self.refresh_action],
            "&Help": [self.about_action],
        }
        for title, actions in menus.items():
            menu = bar.addMenu(title)
            for action in actions:
                if action is None:
                    menu.addSeparator()
                else:
                    menu.addAction(action)

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

    def _build_pages(self) -> None:
        self.pages = QStackedWidget()
        opening = QWidget()
        layout = QVBoxLayout(opening)
        layout.addStretch(1)
        self.opening_label = QLabel("Opening the workshop data…")
        self.opening_label.setObjectName("headline")
        self.opening_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.opening_label.setWordWrap(True)
        self.opening_progress = QProgressBar()
        self.opening_progress.setRange(0, 0)
        self.opening_progress.setMaximumWidth(320)
        layout.addWidget(self.opening_label)
        layout.addWidget(self.opening_progress, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.pages.addWidget(opening)
        self.setCentralWidget(self.pages)
        self.location = QLabel()
        self.statusBar().addPermanentWidget(self.location)

    def _enable_actions(self, enabled: bool) -> None:
        """Everything but Quit and About needs the data."""
        for action in self._data_actions:
            action.setEnabled(enabled)
        self.workshop_picker.setEnabled(enabled)

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
        desk, workshop = self.desk, self.workshop
        for action in (self.edit_workshop_action, self.import_action, self.new_registration_action):
            action.setEnabled(workshop is not None)
        desk.dashboard.setVisible(workshop is not None)
        desk.show_banner(self._demo_banner())
        if workshop is None:
            self.location.setText("No workshop yet: Workshop > New workshop…")
            self._selection_changed()
            return
        services = self.services
        desk.show_workshop(
            services.registrations.list(workshop.id),
            services.registrations.outlook(workshop.id),
            workshop.calendar.zone,
        )
        delegates = services.delegates.count(workshop.id)
        self.location.setText(
            f"{delegates} conference delegates on the list  ·  data: {services.config.data_dir}"
        )

    def _demo_banner(self) -> str | None:
        clock = self.services.clock
        if not isinstance(clock, FixedClock):
            return None
        from escadesk.ui.formatting import local_time

        zone = self.desk.zone if self.workshop is None else self.workshop.calendar.zone
        today = clock.now().astimezone(zone)
        return (
            f"Demo data — the clock is fixed at {local_time(today, zone)} "
            f"({zone.key}); the organizations are fictional."
        )

    # -- selection -------------------------------------------------------------------------

    def selected_registration(self) -> RegistrationRow | None:
        return self.desk.selected_registration()

    def select_registration(self, registration_id: int) -> None:
        self.desk.select_registration(registration_id)

    def _selection_changed(self) -> None:
        from escadesk.domain.registration import TRANSITIONS, RegistrationEvent

        row = self.selected_registration()

        def allowed(event: RegistrationEvent) -> bool:
            return row is not None and (row.status, event) in TRANSITIONS

        self.edit_registration_action.setEnabled(row is not None)
        self.form_action.setEnabled(allowed(RegistrationEvent.RECEIVE_FORM))
        self.authorization_action.setEnabled(allowed(RegistrationEvent.RECEIVE_AUTHORIZATION))
        self.accept_late_action.setEnabled(allowed(RegistrationEvent.ACCEPT_LATE))
        self.withdraw_action.setEnabled(allowed(RegistrationEvent.WITHDRAW))
        history = self.services.registrations.history(row.id) if row else ()
        self.desk.show_details(row, history)

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
        from escadesk.ui.registration_dialog import RegistrationDialog

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
        from escadesk.ui.registration_dialog import RegistrationDialog

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
        from escadesk.ui.step_dialogs import ReceivedDialog

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
        self._ask_reason(
            "Accept late completion",
            f"{row.organization} completed its registration after the deadline. Accepting it "
            "counts it toward the quorum. Why do you accept it?",
            lambda reason: self.services.registrations.accept_late(row.id, reason),
        )

    def withdraw(self) -> None:
        row = self.selected_registration()
        if row is None:
            return
        self._ask_reason(
            "Withdraw registration",
            f"Withdraw {row.organization}? It will no longer count toward the quorum.",
            lambda reason: self.services.registrations.withdraw(row.id, reason),
        )

    def _ask_reason(self, title: str, prompt: str, change: Callable[[str], None]) -> None:
        from escadesk.ui.step_dialogs import ReasonDialog

        dialog = ReasonDialog(title, prompt, parent=self)
        self._open(dialog, lambda: self._run(lambda: change(dialog.reason())))

    def _run(self, change: Callable[[], None]) -> None:
        """Apply a change; a refusal is shown to the user and nothing is stored."""
        from escadesk.domain.validation import ValidationError

        try:
            change()
        except ValidationError as error:
            self.show_message(QMessageBox.Icon.Warning, "Not recorded", str(error))
        self.refresh()

    def show_message(self, icon: QMessageBox.Icon, title: str, message: str) -> None:
        box = QMessageBox(icon, title, message, parent=self)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.finished.connect(lambda _result: self._dialog_closed(box))
        self.active_dialog = box
        box.open()

    def focus_search(self) -> None:
        self.desk.focus_search()

    def show_about(self) -> None:
        folder = self._services.config.data_dir if self._services else "(opening)"
        self.show_message(
            QMessageBox.Icon.Information,
            "About escadesk",
            f"escadesk {__version__}\n\nRuns a quorum-based benchmarking workshop end to end: "
            "registrations, card authorizations, decision day, Excel and reports.\n\n"
            f"Data folder: {folder}",
        )

    # -- window state ----------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self._settings.setValue("window/geometry", self.saveGeometry())
        if self._desk is not None:
            self._settings.setValue("window/splitter", self._desk.splitter.saveState())
        self._settings.sync()
        super().closeEvent(event)
