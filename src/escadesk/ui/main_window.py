"""The main window: menus, toolbar and the use cases behind them.

It is built and painted before the database is even open (``services`` None); ``attach``
then shows the vault's page (set a passphrase, or unlock), and only an open vault builds
the desk: no workshop data exists in the window before that. Locking (Ctrl+L, or after
``idle_seconds`` without keyboard or mouse activity) closes every dialog, throws the desk
away and shows the unlock page again. Dialogs open window-modal without blocking, so the
window keeps painting.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QByteArray, QSettings, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPaintEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QHBoxLayout,
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
from escadesk.domain.moments import long_date
from escadesk.domain.wording import counted
from escadesk.services.clock import FixedClock

if TYPE_CHECKING:
    from escadesk.services.container import Services
    from escadesk.services.vault import MaskedAuthorization
    from escadesk.services.views import RegistrationRow, WorkshopSummary, WorkshopView
    from escadesk.ui.clipboard import ClipboardGuard
    from escadesk.ui.desk import DeskView
    from escadesk.ui.export_dialog import ExportKind
    from escadesk.ui.idle import IdleWatcher
    from escadesk.ui.vault_pages import VaultPage

#: Settings key: minutes without keyboard or mouse activity before the vault locks itself.
IDLE_SETTING = "vault.idle_minutes"
DEFAULT_IDLE_MINUTES = 5.0


def home_relative(path: Path) -> str:
    """``~/.local/share/escadesk`` rather than the full home path: shorter in the status
    bar, and a screenshot shows no one's user name."""
    try:
        return str(Path("~") / path.relative_to(Path.home()))
    except ValueError:
        return str(path)


def workshop_labels(workshops: Sequence[WorkshopSummary]) -> list[str]:
    """The picker's text for each workshop: its title, and its code only where two share
    a title (a workshop run every year); the code and date are in the tooltip anyway."""
    titles = Counter(workshop.title for workshop in workshops)
    return [
        workshop.title if titles[workshop.title] == 1 else f"{workshop.title} ({workshop.code})"
        for workshop in workshops
    ]


def _data_care() -> ModuleType:
    from escadesk.ui import data_care

    return data_care


def _window_settings_file(folder: Path) -> Path:
    """window.ini, owner-only like everything in the data folder (Qt follows the umask);
    a folder that cannot hold it (read-only, not made yet) leaves it to Qt."""
    from escadesk.app import private_file

    path = folder / "window.ini"
    try:
        return private_file(path) if folder.is_dir() else path
    except OSError:
        return path


class MainWindow(QMainWindow):
    #: Emitted once, after the window has first been painted (start-up sequencing).
    first_painted = Signal()
    #: The director chose a backup to restore (ui/data_care.py); the application lets go
    #: of the data, restores it and opens it again (ui/recovery_flow.py).
    restore_requested = Signal(object)

    def __init__(
        self,
        services: Services | None = None,
        *,
        data_dir: Path | None = None,
        idle_seconds: float | None = None,
        reveal_seconds: float | None = None,
        clipboard_seconds: float | None = None,
    ) -> None:
        """``idle_seconds`` overrides the auto-lock delay of the settings (tests use a
        short one), as ``reveal_seconds`` and ``clipboard_seconds`` do for the reveal."""
        super().__init__()
        folder = services.config.data_dir if services is not None else data_dir
        if folder is None:
            raise ValueError("MainWindow needs services or the data folder.")
        self._services: Services | None = None
        self._desk: DeskView | None = None
        self._painted = False
        self._idle_override = idle_seconds
        self._idle: IdleWatcher | None = None
        self._clipboard: ClipboardGuard | None = None
        self.reveal_seconds = reveal_seconds
        self.clipboard_seconds = clipboard_seconds
        self.vault_page: VaultPage | None = None
        #: A page shown in place of everything else (the recovery page), if any.
        self.front_page: QWidget | None = None
        self._cards: dict[int, MaskedAuthorization] = {}
        self.workshop: WorkshopView | None = None
        self.active_dialog: QDialog | None = None
        self._settings = QSettings(str(_window_settings_file(folder)), QSettings.Format.IniFormat)
        self.setWindowTitle("escadesk — workshop registrations")
        self.resize(1280, 820)
        self._build_data_care_actions()
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
            raise RuntimeError("The desk is not shown (the data is opening, or locked).")
        return self._desk

    @property
    def unlocked(self) -> bool:
        """Whether the desk (workshop data) is shown."""
        return self._desk is not None

    def attach(self, services: Services) -> None:
        """The data is open: ask for the vault passphrase (or a new one on first run).

        Attaching always starts locked, even if the vault was left open (seeding the demo
        opens it): whoever sits at the window types the passphrase first.
        """
        from escadesk.ui.clipboard import ClipboardGuard
        from escadesk.ui.idle import IdleWatcher

        self._drop_front_page()
        self._services = services
        self._clipboard = ClipboardGuard(self)
        self._idle = IdleWatcher(self.idle_seconds, self, lock_keys=self.lock_action.shortcut())
        self._idle.idle.connect(self.lock)
        self._idle.lock_keys_pressed.connect(self.lock)
        services.vault.on_lock.append(self._vault_locked)
        if services.vault.unlocked:
            services.vault.lock()  # calls _vault_locked, which shows the unlock page
        else:
            self._show_vault_page()

    @property
    def idle_seconds(self) -> float:
        """How long without keyboard or mouse activity before the vault locks itself."""
        if self._idle_override is not None:
            return self._idle_override
        minutes = DEFAULT_IDLE_MINUTES
        if self._services is not None:
            try:
                minutes = float(self._services.settings.get(IDLE_SETTING) or minutes)
            except ValueError:
                minutes = DEFAULT_IDLE_MINUTES
            if not 0 < minutes <= 24 * 60:
                minutes = DEFAULT_IDLE_MINUTES
        return minutes * 60

    @idle_seconds.setter
    def idle_seconds(self, seconds: float) -> None:
        self._idle_override = seconds
        if self._idle is not None:
            self._idle.seconds = seconds

    @property
    def idle_watcher(self) -> IdleWatcher | None:
        return self._idle

    @property
    def clipboard_guard(self) -> ClipboardGuard | None:
        return self._clipboard

    def _show_vault_page(self, first_run: bool | None = None) -> None:
        """The set-up page on first run, else the unlock page; nothing of the workshops.

        After a lock the vault is known to be set up (no need to ask the database)."""
        from escadesk.services.vault import VaultState
        from escadesk.ui.vault_pages import SetUpPage, UnlockPage

        self._drop_vault_page()
        services = self.services
        if first_run is None:
            first_run = services.vault.state() is VaultState.NOT_SET_UP
        page = SetUpPage(services) if first_run else UnlockPage(services)
        page.unlocked.connect(self._vault_opened)
        self.vault_page = page
        self.pages.addWidget(page)
        self.pages.setCurrentWidget(page)
        self.setWindowTitle("escadesk — set a passphrase" if first_run else "escadesk — locked")
        self.toolbar.hide()
        page.focus()
        page.check_keychain()

    def _drop_vault_page(self) -> None:
        page, self.vault_page = self.vault_page, None
        if page is not None:
            page.retire()
            self.pages.removeWidget(page)
            page.deleteLater()

    def _vault_opened(self) -> None:
        """The vault is open: build the desk and show the last workshop used."""
        from escadesk.ui.desk import DeskView

        if self._desk is not None or self._services is None:
            return
        self._drop_vault_page()
        desk = DeskView()
        desk.selection_changed.connect(self._selection_changed)
        desk.activated.connect(self.open_edit_registration)
        desk.reveal_requested.connect(self.open_reveal)
        splitter = self._settings.value("window/splitter")
        if isinstance(splitter, QByteArray):
            desk.splitter.restoreState(splitter)
        self._desk = desk
        self.pages.addWidget(desk)
        self.pages.setCurrentWidget(desk)
        self.setWindowTitle("escadesk — workshop registrations")
        self.toolbar.show()
        self._enable_actions(True)
        self.reload_workshops()
        if self._idle is not None:
            self._idle.seconds = self.idle_seconds
            self._idle.start()

    # -- locking ---------------------------------------------------------------------------

    def lock(self) -> None:
        """Ctrl+L, or idle: drop the keys; the vault's on_lock hides everything."""
        if self._services is not None:
            self._services.vault.lock()

    def _vault_locked(self) -> None:
        """The vault was locked (here or anywhere): hide all data behind the unlock page."""
        if self._services is None or not shiboken6.isValid(self):
            return
        if self._idle is not None:
            self._idle.stop()
        self._close_dialogs()
        if self._clipboard is not None:
            self._clipboard.clear_if_ours()
        desk, self._desk = self._desk, None
        if desk is not None:
            self._settings.setValue("window/splitter", desk.splitter.saveState())
            desk.clear()
            self.pages.removeWidget(desk)
            desk.deleteLater()
        self.workshop = None
        self._cards = {}
        self.workshop_picker.blockSignals(True)
        self.workshop_picker.clear()
        self.workshop_picker.blockSignals(False)
        self.location.clear()
        self.statusBar().clearMessage()
        self._enable_actions(False)
        if self.vault_page is None:
            self._show_vault_page(first_run=False)

    def _close_dialogs(self) -> None:
        """Close every dialog of this window (card, reveal, messages, file choosers…)."""
        dialogs: list[QDialog] = []
        if self.active_dialog is not None:
            dialogs.append(self.active_dialog)
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible() and self._owns(widget):
                dialogs.append(widget)
        # Innermost first: a file chooser before the card dialog that opened it.
        dialogs.sort(key=self._depth, reverse=True)
        for dialog in dict.fromkeys(dialogs):
            dialog.done(int(QDialog.DialogCode.Rejected))
        self.active_dialog = None

    def _owns(self, widget: QWidget) -> bool:
        parent = widget.parentWidget()
        while parent is not None:
            if parent is self:
                return True
            parent = parent.parentWidget()
        return False

    @staticmethod
    def _depth(widget: QWidget) -> int:
        depth, parent = 0, widget.parentWidget()
        while parent is not None:
            depth, parent = depth + 1, parent.parentWidget()
        return depth

    def request_restore(self, backup: object) -> None:
        """The director chose a backup (ui/data_care.py): the application restores it."""
        self.restore_requested.emit(backup)

    def release_data(self, message: str) -> Services | None:
        """Let go of the data (a restore is about to replace it): lock, close every
        dialog, close the services, and show ``message`` on the opening page. Returns the
        services let go (None: none were attached); ``attach`` takes new ones."""
        services, self._services = self._services, None
        if services is None:
            return None
        vault = services.vault
        if self._vault_locked in vault.on_lock:
            vault.on_lock.remove(self._vault_locked)
        self._services = services  # _vault_locked tidies the desk with them still here
        self._vault_locked()
        self._services = None
        self._drop_vault_page()
        vault.lock()
        services.close()
        self._enable_actions(False)
        self.toolbar.hide()
        self.opening_label.setText(message)
        self.opening_label.setStyleSheet("")
        self.opening_progress.show()
        self.pages.setCurrentIndex(0)
        self.setWindowTitle("escadesk — restoring a backup")
        return services

    def show_front_page(self, page: QWidget) -> None:
        """Show ``page`` instead of everything else (the recovery page: the data could
        not be opened); a later one replaces it, attaching the data drops it."""
        self._drop_front_page()
        self.front_page = page
        self.pages.addWidget(page)
        self.pages.setCurrentWidget(page)
        self.toolbar.hide()

    def _drop_front_page(self) -> None:
        page, self.front_page = self.front_page, None
        if page is not None:
            self.pages.removeWidget(page)
            page.deleteLater()

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
        self,
        text: str,
        slot: Callable[[], None],
        shortcut: QKeySequence.StandardKey | str | None = None,
    ) -> QAction:
        """``setShortcuts`` rather than ``setShortcut``: the latter makes PySide6 create the
        whole ``Qt`` enum namespace before the first paint (see ui/style.py), and for a
        standard key it also binds every platform alternative (F5 and Ctrl+R, ...)."""
        action = QAction(text, self)
        if isinstance(shortcut, QKeySequence.StandardKey):
            action.setShortcuts(shortcut)
        elif shortcut is not None:
            action.setShortcuts([QKeySequence(shortcut)])
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        key = QKeySequence.StandardKey
        self.import_action = self._action(
            "&Import delegate list…", self.open_delegate_import, "Ctrl+I"
        )
        self.quit_action = self._action("&Quit", self._quit, key.Quit)
        self.lock_action = self._action("&Lock", self.lock, "Ctrl+L")
        self.lock_action.setToolTip("Lock escadesk: hide all data until the passphrase is typed")
        self.change_passphrase_action = self._action(
            "Change &passphrase…", self.open_change_passphrase
        )
        self.reveal_action = self._action("Re&veal card…", self.open_reveal)
        self.erase_card_action = self._action("E&rase card authorization…", self.erase_card)
        self.charge_action = self._action("Record c&harge…", self.open_charge)
        self.charge_action.setToolTip("Record the charge of a confirmed organization")
        self.letters_action = self._action("&Letters…", self.open_letters)
        self.letters_action.setToolTip("Preview, save or send the letters to the organizations")
        self.certificates_action = self._action(
            "&Certificates of destruction…", self.open_certificates
        )
        self.verify_audit_action = self._action("&Verify the audit log", self.verify_audit)
        self.paper_action = self._action("&Paper forms…", self.open_paper)
        self.paper_action.setToolTip("Signed forms received, and when each was destroyed")
        self.reprice_action = self._action("Re-pr&ice…", self.open_reprice)
        self.reprice_action.setToolTip("Set the fee for the organizations taking part now")
        self.after_event_erase_action = self._action(
            "Erase cards no lon&ger needed…", self.erase_after_event
        )
        self.after_event_erase_action.setToolTip(
            "After the event: erase the cards of waitlisted and withdrawn organizations"
        )
        self.settings_action = self._action("&Settings…", self.open_settings)
        self.decision_action = self._action("&Decision…", self.open_decision, "Ctrl+D")
        self.decision_action.setToolTip("Decide whether the workshop proceeds (Ctrl+D)")
        self.new_workshop_action = self._action(
            "&New workshop…", self.open_new_workshop, "Ctrl+Shift+N"
        )
        self.edit_workshop_action = self._action(
            "&Edit workshop…", self.open_edit_workshop, "Ctrl+E"
        )
        self.new_registration_action = self._action(
            "&New registration…", self.open_new_registration, key.New
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
        self.find_action = self._action("&Find", self.focus_search, key.Find)
        self.refresh_action = self._action("&Refresh", self.refresh, key.Refresh)
        self.about_action = self._action("&About escadesk", self.show_about)
        # Exports (issue 6): the roster, the finance workbook and the pitch order.
        self.export_roster_action = self._action("Export &roster…", self.export_roster)
        self.export_roster_action.setToolTip("Save the roster of the day as an Excel workbook")
        self.export_finance_action = self._action("Export &finance workbook…", self.export_finance)
        self.export_finance_action.setToolTip("Save the charges and totals for finance (Excel)")
        self.pitch_order_action = self._action("Pitch &order…", self.open_pitch_order)
        self.pitch_order_action.setToolTip("Choose the order of the strategy pitches")
        # Personal data (issue 15): an access request, and an erasure on request.
        self.export_personal_action = self._action(
            "E&xport everything about this organization…", self.export_personal_data
        )
        self.export_personal_action.setToolTip(
            "An access request: one zip with everything kept about the selected organization"
        )
        self.erase_personal_action = self._action(
            "Erase this organization's &personal data…", self.erase_personal_data
        )
        self.erase_personal_action.setToolTip(
            "Erase the contact, questionnaire and notes; fees and counts stay"
        )
        self._data_actions: tuple[QAction, ...] = (
            self.lock_action,
            self.change_passphrase_action,
            self.reveal_action,
            self.erase_card_action,
            self.charge_action,
            self.letters_action,
            self.certificates_action,
            self.verify_audit_action,
            self.paper_action,
            self.reprice_action,
            self.after_event_erase_action,
            self.settings_action,
            self.decision_action,
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
            self.export_roster_action,
            self.export_finance_action,
            self.pitch_order_action,
            self.export_personal_action,
            self.erase_personal_action,
            self.backup_action,
            self.restore_action,
            self.check_action,
        )
        self._build_benchmark_actions()
        self.new_registration_action.setToolTip("Register a cluster organization (Ctrl+N)")
        self.form_action.setToolTip("Record that the registration form arrived (Ctrl+1)")
        self.authorization_action.setToolTip(
            "Record that the signed credit-card authorization arrived (Ctrl+2)"
        )

    def _quit(self) -> None:
        self.close()

    def _build_data_care_actions(self) -> None:
        """Back up, restore, check (issue 15): the slots live in ui/data_care.py, imported
        when first used (it imports ``Qt``, which must wait for the first paint)."""
        self.backup_action = self._action("&Back up now", lambda: _data_care().back_up_now(self))
        self.backup_action.setToolTip("Copy the database into the data folder's backups")
        self.restore_action = self._action(
            "Res&tore a backup…", lambda: _data_care().choose_backup(self)
        )
        self.check_action = self._action(
            "Chec&k the database", lambda: _data_care().check_database(self)
        )
        self.check_action.setToolTip("SQLite's full integrity check of every page and index")

    def _build_menus(self) -> None:
        bar = self.menuBar()
        menus: dict[str, list[QAction | None]] = {
            "&File": [
                self.import_action,
                self.export_roster_action,
                self.export_finance_action,
                None,
                self.backup_action,
                self.restore_action,
                self.check_action,
                None,
                self.change_passphrase_action,
                self.lock_action,
                self.settings_action,
                None,
                self.quit_action,
            ],
            "&Workshop": [
                self.new_workshop_action,
                self.edit_workshop_action,
                None,
                self.decision_action,
                self.reprice_action,
                self.letters_action,
                self.pitch_order_action,
                self.paper_action,
                None,
                self.after_event_erase_action,
                self.certificates_action,
                self.verify_audit_action,
            ],
            "&Registration": [
                self.new_registration_action,
                self.edit_registration_action,
                None,
                self.form_action,
                self.authorization_action,
                self.reveal_action,
                self.charge_action,
                self.accept_late_action,
                None,
                self.withdraw_action,
                self.erase_card_action,
                None,
                self.export_personal_action,
                self.erase_personal_action,
            ],
            "&Benchmarking": self._benchmark_menu(),
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
        self.toolbar = toolbar
        toolbar.setObjectName("mainToolbar")  # text-only buttons: see ui/style.py
        toolbar.setMovable(False)
        toolbar.addWidget(QLabel("  Workshop: "))
        self.workshop_picker = QComboBox()
        self.workshop_picker.setMinimumWidth(380)
        self.workshop_picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.workshop_picker.currentIndexChanged.connect(self._workshop_picked)
        toolbar.addWidget(self.workshop_picker)
        toolbar.addSeparator()
        for action in (
            self.new_registration_action,
            self.form_action,
            self.authorization_action,
            self.import_action,
            self.export_roster_action,
        ):
            toolbar.addAction(action)
        self.addToolBar(toolbar)

    def _build_pages(self) -> None:
        self.pages = QStackedWidget()
        opening = QWidget()
        layout = QVBoxLayout(opening)
        layout.addStretch(1)
        self.opening_label = QLabel("Opening the workshop data…")
        self.opening_label.setObjectName("openingMessage")  # centred by the style sheet
        self.opening_label.setWordWrap(True)
        self.opening_progress = QProgressBar()
        self.opening_progress.setRange(0, 0)
        self.opening_progress.setMaximumWidth(320)
        layout.addWidget(self.opening_label)
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(self.opening_progress, 2)
        centred.addStretch(1)
        layout.addLayout(centred)
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
        from PySide6.QtCore import Qt

        workshops = self.services.workshops.list()
        wanted = select_id or self._settings.value("workshop/last", None, type=int)
        self.workshop_picker.blockSignals(True)
        self.workshop_picker.clear()
        for label, summary in zip(workshop_labels(workshops), workshops, strict=True):
            self.workshop_picker.addItem(label, summary.id)
            self.workshop_picker.setItemData(
                self.workshop_picker.count() - 1,
                f"{summary.code} · {long_date(summary.event_date)}",
                Qt.ItemDataRole.ToolTipRole,
            )
        index = self.workshop_picker.findData(wanted) if wanted else -1
        self.workshop_picker.setCurrentIndex(index if index >= 0 else len(workshops) - 1)
        self.workshop_picker.blockSignals(False)
        self._workshop_picked()

    def _workshop_picked(self) -> None:
        if self._desk is None:
            return
        workshop_id = self.workshop_picker.currentData()
        self.workshop = self.services.workshops.get(workshop_id) if workshop_id else None
        if workshop_id:
            self._settings.setValue("workshop/last", workshop_id)
        self.refresh()

    def refresh(self) -> None:
        """Reload everything shown for the current workshop (a few ms of queries)."""
        if self._desk is None:
            return  # locked: nothing is shown
        desk, workshop = self.desk, self.workshop
        for action in (
            self.edit_workshop_action,
            self.import_action,
            self.new_registration_action,
            self.decision_action,
            self.letters_action,
            self.paper_action,
            self.export_roster_action,
            self.export_finance_action,
        ):
            action.setEnabled(workshop is not None)
        self.pitch_order_action.setEnabled(
            workshop is not None and bool(self.services.exports.pitch_order(workshop.id))
        )
        for action in self._benchmark_actions:
            action.setEnabled(workshop is not None)
        desk.dashboard.setVisible(workshop is not None)
        desk.show_banner(self._demo_banner())
        self._enable_after_decision()
        if workshop is None:
            self.location.setText("No workshop yet: Workshop > New workshop…")
            self._selection_changed()
            return
        services = self.services
        self._cards = services.vault.masked(workshop.id)
        desk.show_workshop(
            services.registrations.list(workshop.id),
            services.registrations.outlook(workshop.id),
            workshop.calendar.zone,
            {registration_id: str(card) for registration_id, card in self._cards.items()},
            services.charging.charges(workshop.id),
        )
        delegates = services.delegates.count(workshop.id)
        self.location.setText(
            f"{delegates} conference delegates on the list  ·  "
            f"data: {home_relative(services.config.data_dir)}"
        )

    def _enable_after_decision(self) -> None:
        from escadesk.ui.after_decision import proceeded

        workshop, services = self.workshop, self.services
        self.reprice_action.setEnabled(workshop is not None and proceeded(services, workshop.id))
        self.after_event_erase_action.setEnabled(
            workshop is not None and bool(services.decision.after_event_erasures(workshop.id))
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
        from escadesk.domain.registration import TRANSITIONS, RegistrationEvent, RegistrationStatus

        if self._desk is None:
            return
        row = self.selected_registration()

        def allowed(event: RegistrationEvent) -> bool:
            return row is not None and (row.status, event) in TRANSITIONS

        self.edit_registration_action.setEnabled(row is not None)
        self.export_personal_action.setEnabled(row is not None)
        self.erase_personal_action.setEnabled(row is not None)
        self.form_action.setEnabled(allowed(RegistrationEvent.RECEIVE_FORM))
        self.authorization_action.setEnabled(allowed(RegistrationEvent.RECEIVE_AUTHORIZATION))
        self.accept_late_action.setEnabled(allowed(RegistrationEvent.ACCEPT_LATE))
        self.withdraw_action.setEnabled(allowed(RegistrationEvent.WITHDRAW))
        self.charge_action.setEnabled(
            row is not None and row.status is RegistrationStatus.CONFIRMED
        )
        card = self._cards.get(row.id) if row else None
        self.reveal_action.setEnabled(card is not None)
        self.erase_card_action.setEnabled(card is not None)
        history = self.services.registrations.history(row.id) if row else ()
        note = "Security code and scan erased" if card and card.state != "active" else ""
        self.desk.show_details(row, history, str(card) if card else "", note)

    # -- actions ---------------------------------------------------------------------------

    def _open(self, dialog: QDialog, on_accepted: Callable[[], None]) -> None:
        """Show a dialog window-modal without blocking the event loop."""
        dialog.accepted.connect(on_accepted)
        self._show_window_modal(dialog)

    def _show_window_modal(self, dialog: QDialog) -> None:
        """Open ``dialog`` over this window as the active one; it is let go when it closes.

        ``Qt`` is imported here, not at the top: see ui/style.py on the start-up path."""
        from PySide6.QtCore import Qt

        self.active_dialog = dialog
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
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

        erased = self.services.registrations.erased_on(row.id)
        if erased is not None:
            self.show_message(
                QMessageBox.Icon.Information,
                "Personal data erased",
                f"The personal data of {row.organization} was erased on "
                f"{erased.astimezone(self.workshop.calendar.zone):%Y-%m-%d}: there is nothing left "
                "to edit.",
            )
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
        """The signed card authorization arrived: type it into the vault."""
        row = self.selected_registration()
        if row is None or self.workshop is None:
            return
        from escadesk.ui.card_dialog import CardAuthorizationDialog

        calendar = self.workshop.calendar
        today = self.services.clock.now().astimezone(calendar.zone).date()
        dialog = CardAuthorizationDialog(
            self.services, row, calendar.decision_opens.date(), today, parent=self
        )

        def saved() -> None:
            self.refresh()
            self.select_registration(row.id)
            note = f" Note: {dialog.warnings[0].message}" if dialog.warnings else ""
            self.statusBar().showMessage(
                f"Card authorization of {row.organization} stored ({dialog.saved_mask}).{note}",
                15000,
            )

        self._open(dialog, saved)

    def open_reveal(self) -> None:
        """Show the selected registration's full card, after the passphrase again."""
        row = self.selected_registration()
        card = self._cards.get(row.id) if row else None
        if row is None or card is None or self._clipboard is None:
            return
        from escadesk.ui.reveal_dialog import CLIPBOARD_SECONDS, SHOW_SECONDS, RevealDialog

        dialog = RevealDialog(
            self.services,
            row.id,
            row.organization,
            str(card),
            self._clipboard,
            show_seconds=self.reveal_seconds or SHOW_SECONDS,
            clipboard_seconds=self.clipboard_seconds or CLIPBOARD_SECONDS,
            parent=self,
        )
        self._open(dialog, lambda: None)

    def open_charge(self) -> None:
        """Record the charge of the selected (confirmed) organization."""
        row = self.selected_registration()
        if row is None or self.workshop is None:
            return
        from escadesk.ui.charge_dialog import ChargeDialog, charge_message

        card = self._cards.get(row.id)
        dialog = ChargeDialog(
            self.services, self.workshop, row, str(card) if card else "", parent=self
        )

        def charged() -> None:
            self.refresh()
            self.select_registration(row.id)
            recorded = dialog.recorded
            text = charge_message(row.organization, recorded)
            if recorded is not None and recorded.erasure_pending:
                # Recorded all the same; the erasure is finished at the next unlock.
                self.statusBar().showMessage(text)
                self.show_message(QMessageBox.Icon.Warning, "Card erasure not finished", text)
            else:
                self.statusBar().showMessage(text, 15000)

        self._open(dialog, charged)

    def open_letters(self) -> None:
        if self.workshop is None:
            return
        from escadesk.ui.letters_dialog import LettersDialog

        self._open(LettersDialog(self.services, self.workshop, parent=self), lambda: None)

    def open_change_passphrase(self) -> None:
        from escadesk.ui.passphrase_dialog import ChangePassphraseDialog

        dialog = ChangePassphraseDialog(self.services, parent=self)
        self._open(
            dialog,
            lambda: self.statusBar().showMessage("The vault passphrase was changed.", 10000),
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
        """Withdraw the selected registration; its stored card authorization is destroyed
        with it (the confirmation says so first)."""
        row = self.selected_registration()
        if row is None:
            return
        from escadesk.ui.withdrawal import withdraw

        card = self._cards.get(row.id)
        withdraw(self, row, str(card) if card else None)

    def erase_card(self) -> None:
        """Crypto-erase the selected card authorization (off the GUI thread: it compacts the
        database), then show its certificate of destruction."""
        row = self.selected_registration()
        if row is None or row.id not in self._cards:
            return
        from escadesk.ui.step_dialogs import ReasonDialog
        from escadesk.ui.workers import run_in_background

        registration_id, organization = row.id, row.organization
        dialog = ReasonDialog(
            "Erase card authorization",
            f"Destroy the card authorization of {organization}: card number, expiry, "
            "cardholder, billing address, security code and scanned form. This cannot be "
            "undone; a certificate of destruction is kept. Why is it erased?",
            parent=self,
        )

        def erase() -> None:
            reason = dialog.reason()
            self.statusBar().showMessage(f"Erasing the card authorization of {organization}…")
            self._enable_actions(False)
            run_in_background(
                lambda _progress: self.services.vault.erase(registration_id, reason),
                erased,
                failed,
            )

        def erased(erasure: object) -> None:
            self._enable_actions(True)
            self.statusBar().showMessage(f"Card authorization of {organization} erased.", 10000)
            self.refresh()
            self.open_certificates(getattr(erasure, "id", None))

        def failed(error: Exception) -> None:
            self._enable_actions(True)
            self.statusBar().clearMessage()
            self.refresh()
            self.show_message(QMessageBox.Icon.Warning, "Not erased", str(error))

        self._open(dialog, erase)

    def export_personal_data(self) -> None:
        """Everything about the selected organization, in one zip (an access request)."""
        row = self.selected_registration()
        if row is None:
            return
        from escadesk.ui.personal_data_dialog import open_export

        open_export(self, row.id)

    def erase_personal_data(self) -> None:
        """Erase the selected organization's personal data (what goes is shown first)."""
        row = self.selected_registration()
        if row is None:
            return
        from escadesk.ui.personal_data_dialog import open_erase

        open_erase(self, row.id)

    def open_decision(self) -> None:
        """The decision wizard (a read-only preview before the deadline)."""
        if self.workshop is None:
            return
        from escadesk.ui.decision_wizard import DecisionWizard

        dialog = DecisionWizard(self.services, self.workshop, parent=self)
        dialog.changed.connect(self.refresh)
        dialog.certificates_requested.connect(self.open_certificates)
        self._open(dialog, self.refresh)

    def open_certificates(self, select_erasure: int | None = None) -> None:
        if self.workshop is None:
            return
        from escadesk.ui.certificates import CertificatesDialog

        dialog = CertificatesDialog(
            self.services, self.workshop.id, self.workshop.calendar.zone, select_erasure, self
        )
        self._open(dialog, lambda: None)

    def open_paper(self) -> None:
        """The checklist of signed paper forms and their destruction."""
        if self.workshop is None:
            return
        from escadesk.ui.paper_dialog import PaperDialog

        today = self.services.clock.now().astimezone(self.workshop.calendar.zone).date()
        self._open(PaperDialog(self.services, self.workshop.id, today, parent=self), lambda: None)

    # -- exports (issue 6) -----------------------------------------------------------------

    def export_roster(self) -> None:
        self._open_export("roster")

    def export_finance(self) -> None:
        self._open_export("finance")

    def _open_export(self, kind: ExportKind) -> None:
        """The export dialog, with the save-file chooser over it straight away."""
        if self.workshop is None:
            return
        from escadesk.ui.export_dialog import ExportDialog

        dialog = ExportDialog(self.services, self.workshop.id, kind, parent=self)
        self._open(dialog, lambda: None)
        dialog.choose_target()

    def open_pitch_order(self) -> None:
        if self.workshop is None:
            return
        from escadesk.ui.pitch_order_dialog import PitchOrderDialog

        dialog = PitchOrderDialog(self.services, self.workshop, parent=self)
        self._open(
            dialog, lambda: self.statusBar().showMessage("The pitch order was saved.", 10000)
        )

    # -- benchmarking (issue 7) ------------------------------------------------------------

    def _build_benchmark_actions(self) -> None:
        self.benchmark_action = self._action("&Benchmarking…", self.open_benchmarking, "Ctrl+B")
        self.benchmark_action.setToolTip("Compare an organization with its peers (charts)")
        self.survey_action = self._action("&Questionnaire…", self.open_survey)
        self.survey_action.setToolTip("Type the benchmarking answers of an organization")
        self.benchmark_report_action = self._action(
            "Benchmarking &report…", self.open_benchmark_report
        )
        self.benchmark_reports_action = self._action(
            "Reports for &all participants…", self.open_benchmark_reports
        )
        self.reference_sets_action = self._action("Reference &sets…", self.open_reference_sets)
        self._benchmark_actions = (
            self.benchmark_action,
            self.survey_action,
            self.benchmark_report_action,
            self.benchmark_reports_action,
        )
        self._data_actions += (*self._benchmark_actions, self.reference_sets_action)

    def _benchmark_menu(self) -> list[QAction | None]:
        return [
            self.benchmark_action,
            self.survey_action,
            None,
            self.benchmark_report_action,
            self.benchmark_reports_action,
            None,
            self.reference_sets_action,
        ]

    def _benchmark_registration(self) -> int | None:
        """The selected organization, if any (the dialogs offer the others)."""
        row = self.selected_registration() if self._desk is not None else None
        return row.id if row is not None else None

    def open_benchmarking(self) -> None:
        if self.workshop is None:
            return
        from escadesk.ui.benchmark_page import BenchmarkDialog

        dialog = BenchmarkDialog(
            self.services, self.workshop.id, self._benchmark_registration(), parent=self
        )
        self._open(dialog, lambda: None)

    def open_survey(self) -> None:
        if self.workshop is None:
            return
        from escadesk.ui.survey_dialog import SurveyDialog

        dialog = SurveyDialog(
            self.services, self.workshop.id, self._benchmark_registration(), parent=self
        )
        self._open(dialog, lambda: None)

    def open_benchmark_report(self) -> None:
        """One organization's report: the selected one, else the benchmarking page to pick."""
        registration_id = self._benchmark_registration()
        participants = (
            {p.registration_id for p in self.services.benchmarking.participants(self.workshop.id)}
            if self.workshop is not None
            else set()
        )
        if self.workshop is None or registration_id not in participants:
            self.open_benchmarking()
            return
        from escadesk.ui.report_export_dialog import BenchmarkReportDialog

        dialog = BenchmarkReportDialog.for_organization(
            self.services, self.workshop.id, registration_id, parent=self
        )
        self._open(dialog, lambda: None)
        dialog.choose_target()

    def open_benchmark_reports(self) -> None:
        if self.workshop is None:
            return
        from escadesk.ui.report_export_dialog import BenchmarkReportDialog

        dialog = BenchmarkReportDialog.for_workshop(self.services, self.workshop.id, parent=self)
        self._open(dialog, lambda: None)
        dialog.choose_target()

    def open_reference_sets(self) -> None:
        from escadesk.ui.reference_sets_dialog import ReferenceSetsDialog

        self._open(ReferenceSetsDialog(self.services, parent=self), lambda: None)

    def open_reprice(self) -> None:
        from escadesk.ui.after_decision import open_reprice

        open_reprice(self)

    def erase_after_event(self) -> None:
        from escadesk.ui.after_decision import erase_after_event

        erase_after_event(self)

    def open_settings(self) -> None:
        from escadesk.ui.after_decision import SettingsDialog

        dialog = SettingsDialog(self.services, parent=self)
        self._open(
            dialog,
            lambda: self.statusBar().showMessage(
                f"Card numbers are kept {counted(dialog.retention.value(), 'day')} after a charge.",
                10000,
            ),
        )

    def verify_audit(self) -> None:
        from escadesk.ui.workers import run_in_background

        def done(report: object) -> None:
            checked = getattr(report, "checked", 0)
            if getattr(report, "intact", False):
                self.show_message(
                    QMessageBox.Icon.Information,
                    "Audit log intact",
                    f"All {checked} entries of the audit log are intact: none was changed, "
                    f"removed or reordered. {getattr(report, 'coverage', '')}".strip(),
                )
            else:
                self.show_message(
                    QMessageBox.Icon.Critical,
                    "Audit log damaged",
                    f"{getattr(report, 'problem', '')} Entries after it cannot be trusted.",
                )

        run_in_background(
            lambda _progress: self.services.vault.verify_audit(),
            done,
            lambda error: self.show_message(QMessageBox.Icon.Warning, "Not verified", str(error)),
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
        self._show_window_modal(QMessageBox(icon, title, message, parent=self))

    def focus_search(self) -> None:
        if self._desk is not None:
            self._desk.focus_search()

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
        _window_settings_file(Path(self._settings.fileName()).parent)  # 0600 before Qt writes
        self._settings.sync()
        if self._idle is not None:
            self._idle.stop()
        if self._clipboard is not None:
            self._clipboard.clear_if_ours()
        if self._services is not None:
            # Leaving: the keys go with the window (other windows lock along).
            vault = self._services.vault
            if self._vault_locked in vault.on_lock:
                vault.on_lock.remove(self._vault_locked)
            vault.lock()
        super().closeEvent(event)
