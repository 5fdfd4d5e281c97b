"""The main window: menus, toolbar and the use cases behind them.

It is built and painted before the database is even open (``services`` None); ``attach``
then shows the vault's page (set a passphrase, or unlock), and only an open vault builds
the desk: no workshop data exists in the window before that. Locking (Ctrl+L, or after
``idle_seconds`` without keyboard or mouse activity) closes every dialog, throws the desk
away and shows the unlock page again. Dialogs open window-modal without blocking, so the
window keeps painting.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QByteArray, QObject, QSettings, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QProgressBar,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from escadesk.i18n import _, ngettext
from escadesk.ui.actions.menus import MENUS, menu_title
from escadesk.ui.selection_state import SelectionState
from escadesk.ui.sizing import fit_to_screen
from escadesk.ui.window_messages import WindowMessages

if TYPE_CHECKING:
    # Named for the type checker only: importing a Qt class makes PySide build its enums
    # (QEvent's ~180 members), milliseconds before the first paint (issue 17).
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QAction, QCloseEvent, QPaintEvent
    from PySide6.QtWidgets import QDialog, QMenu

    from escadesk.services.container import Services
    from escadesk.services.desk_view import DeskSnapshot
    from escadesk.services.views import RegistrationRow, WorkshopView
    from escadesk.ui.actions.area import ActionArea
    from escadesk.ui.clipboard import ClipboardGuard
    from escadesk.ui.column_chooser import ColumnChooser
    from escadesk.ui.desk import DeskView
    from escadesk.ui.desk_opening import DeskOpening
    from escadesk.ui.idle import IdleWatcher
    from escadesk.ui.live_changes import LiveChanges
    from escadesk.ui.vault_pages import VaultPage

#: Settings key: minutes without keyboard or mouse activity before the vault locks itself.
IDLE_SETTING = "vault.idle_minutes"
DEFAULT_IDLE_MINUTES = 5.0
#: A large workshop's rows are read once its first rows are painted, or after this long
#: if the window is not painted (hidden, minimized): see MainWindow._load_in_background.
UNPAINTED_READ_MS = 250


def home_relative(path: Path) -> str:
    """``~/.local/share/escadesk`` rather than the full home path: shorter in the status
    bar, and a screenshot shows no one's user name."""
    try:
        return str(Path("~") / path.relative_to(Path.home()))
    except ValueError:
        return str(path)


def _window_settings_file(folder: Path) -> Path:
    """window.ini, owner-only like everything in the data folder (Qt follows the umask);
    a folder that cannot hold it (read-only, not made yet) leaves it to Qt."""
    from escadesk.config import private_file

    path = folder / "window.ini"
    try:
        return private_file(path) if folder.is_dir() else path
    except OSError:
        return path


class _BuildOnFirstKey(QObject):
    """Until the commands exist (built right after the first paint), a key pressed at the
    window builds them before Qt looks its shortcut up: Qt first asks the focused object
    (the window itself, as nothing in it takes the focus before then) whether it wants
    the key (a ``ShortcutOverride`` key event), and that question passes here first."""

    def __init__(self, build: Callable[[], None], window: QMainWindow) -> None:
        super().__init__(window)
        self._build = build

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QKeyEvent):
            self._build()
        return False


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
        self._data_dir = folder
        self._services: Services | None = None
        self._desk: DeskView | None = None
        #: A desk built while the unlock page waits, no data in it (_prepare_desk).
        self._spare_desk: DeskView | None = None
        #: What the desk opens on, read behind the unlock page (ui/desk_opening.py), and
        #: the token of that read while it runs.
        self._opening: DeskOpening | None = None
        self._opening_read: object | None = None
        self._painted = False
        self._idle_override = idle_seconds
        self._idle: IdleWatcher | None = None
        self._clipboard: ClipboardGuard | None = None
        #: Changes committed at other desks (PostgreSQL; None on SQLite): ui/live_changes.py.
        self.live_changes: LiveChanges | None = None
        self.reveal_seconds = reveal_seconds
        self.clipboard_seconds = clipboard_seconds
        self.vault_page: VaultPage | None = None
        #: A page shown in place of everything else (the recovery page), if any.
        self.front_page: QWidget | None = None
        self.workshop: WorkshopView | None = None
        #: The desk's read running in the background (refresh), if any.
        self._desk_load: object | None = None
        self.messages = WindowMessages(self)
        self._state = SelectionState()
        self._settings = QSettings(str(_window_settings_file(folder)), QSettings.Format.IniFormat)
        self.setWindowTitle(_("escadesk — workshop registrations"))
        fit_to_screen(self, 1280, 820)
        # The first paint shows the menu bar's titles and the opening page; the ~50
        # commands behind the titles, and the toolbar, are built right after it
        # (_build_commands, 15-25 ms less before the first paint: issue 17).
        self.areas: tuple[ActionArea, ...] = ()
        self._actions: dict[str, QAction] = {}
        self._commands_built = False
        self._menus = self._build_menu_titles()
        self._build_pages()
        self._early_keys = _BuildOnFirstKey(self._build_commands, self)
        self.installEventFilter(self._early_keys)
        geometry = self._settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        self._set_state(self._state)
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

    @property
    def desk_prepared(self) -> bool:
        """Whether an empty desk waits behind the unlock page (:meth:`_prepare_desk`)."""
        return self._spare_desk is not None and self._opening_read is None

    def attach(self, services: Services) -> None:
        """The data is open: ask for the vault passphrase (or a new one on first run).

        Attaching always starts locked, even if the vault was left open (seeding the demo
        opens it): whoever sits at the window types the passphrase first.
        """
        from escadesk.ui.clipboard import ClipboardGuard
        from escadesk.ui.idle import IdleWatcher
        from escadesk.ui.live_changes import LiveChanges

        self._build_commands()  # if the window has not painted yet (hidden, tests)
        self._drop_front_page()
        self._services = services
        self._clipboard = ClipboardGuard(self)
        self._idle = IdleWatcher(self.idle_seconds, self, lock_keys=self.action("lock").shortcut())
        self._idle.idle.connect(self.lock)
        self._idle.lock_keys_pressed.connect(self.lock)
        services.vault.on_lock.append(self._vault_locked)
        self.live_changes = LiveChanges.start(self, services)
        if services.vault.unlocked:
            services.vault.lock()  # calls _vault_locked, which shows the unlock page
        if not self._keep_vault_page(services):
            self._show_vault_page()

    def show_early_vault_page(self, set_up: bool, demo: bool) -> None:
        """Before the data is open: the page a plain read of the database foresees
        (services/first_look.py), so the director can type while the data opens;
        ``attach`` hands it the services (ui/application.py)."""
        self._show_vault_page(first_run=not set_up, demo=demo)

    def _keep_vault_page(self, services: Services) -> bool:
        """Whether the page shown stays: one built with the services, or the early one if
        it foresaw the vault's state right (the demo's first start sets a vault up
        meanwhile), which then takes the services."""
        from escadesk.services.vault import VaultState

        page = self.vault_page
        if page is None or page.opened:
            return page is not None
        if page.first_run != (services.vault.state() is VaultState.NOT_SET_UP):
            return False
        page.open_with(services)
        return True

    def _drop_early_page(self) -> None:
        """The data did not open after all: the page shown before it goes."""
        page = self.vault_page
        if page is not None and not page.opened:
            self._build_commands()
            self._drop_vault_page()
            self.pages.setCurrentIndex(0)
            self.setWindowTitle(_("escadesk — workshop registrations"))
            self.toolbar.show()

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

    def _show_vault_page(self, first_run: bool | None = None, demo: bool = False) -> None:
        """The set-up page on first run, else the unlock page; nothing of the workshops.

        After a lock the vault is known to be set up (no need to ask the database); before
        the data is open, ``first_run`` and ``demo`` come from a plain read of it."""
        from escadesk.ui.vault_pages import SetUpPage, UnlockPage

        self._build_commands()
        self._drop_vault_page()
        services = self._services
        if first_run is None:
            from escadesk.services.vault import VaultState

            first_run = self.services.vault.state() is VaultState.NOT_SET_UP
        folder = self._data_dir
        page = (
            SetUpPage(services, data_dir=folder)
            if first_run
            else UnlockPage(services, data_dir=folder, demo=demo)
        )
        page.unlocked.connect(self._vault_opened)
        page.without_vault.connect(self._vault_opened)  # not the vault desk: masked cards
        self.vault_page = page
        self.pages.addWidget(page)
        self.pages.setCurrentWidget(page)
        self.setWindowTitle(
            _("escadesk — set a passphrase") if first_run else _("escadesk — locked")
        )
        self.toolbar.hide()
        page.focus()
        page.check_keychain()
        page.first_painted.connect(self._prepare_desk)

    def _drop_vault_page(self) -> None:
        page, self.vault_page = self.vault_page, None
        if page is not None:
            page.retire()
            self.pages.removeWidget(page)
            page.deleteLater()

    def _vault_opened(self) -> None:
        """The vault is open: build the desk (or take the one built behind the unlock
        page) and show the last workshop used."""
        if self._desk is not None or self._services is None:
            return
        desk, self._spare_desk = self._spare_desk, None
        if desk is None:
            desk = self._new_desk()
        self._desk = desk
        opening, self._opening, self._opening_read = self._opening, None, None
        self._opening = opening if opening is not None and opening.fresh() else None
        self.pages.addWidget(desk)
        self._set_state(SelectionState(unlocked=True))
        # Filled while still hidden, then shown: a widget shown inside a visible window
        # lays out the whole window at once, so each show among the filling (the picker,
        # the banner) was a layout of its own, and the unlock page dropped first showed the
        # opening page for a moment (issue 17). Now one layout, with everything in.
        self.reload_workshops()
        self._opening = None  # used once, by the calls above
        # The status bar's new text resizes it now: its own layout came after the
        # window's, and changed the window's, a second pass and paint of everything.
        status = self.statusBar().layout()
        if status is not None:
            status.activate()
        self.setWindowTitle(_("escadesk — workshop registrations"))
        self.pages.setCurrentWidget(desk)
        self._drop_vault_page()
        self.toolbar.show()
        desk.lay_out_rows()
        desk.table.setFocus()  # Tab and the arrow keys start in the table
        if self._idle is not None:
            self._idle.seconds = self.idle_seconds
            self._idle.start()

    def _new_desk(self) -> DeskView:
        """An empty desk, wired to the window; no data read."""
        from escadesk.ui.desk import DeskView

        desk = DeskView(self.pages)  # a child of the shown window stays hidden until shown
        desk.columns.remember_in(self._settings)
        desk.selection_changed.connect(self._selection_changed)
        desk.activated.connect(self.registrations.open_edit)
        desk.reveal_requested.connect(self.vault_area.open_reveal)
        desk.dashboard.next_step_requested.connect(self.open_next_step)
        splitter = self._settings.value("window/splitter")
        if isinstance(splitter, QByteArray):
            desk.splitter.restoreState(splitter)
        return desk

    def _prepare_desk(self) -> None:
        """Once the unlock page is painted, the empty desk is built and polished behind it
        while the director types the passphrase (issue 17): the unlock then only fills it
        (its widgets and their styling were 15-40 ms of the desk's first show)."""
        if not shiboken6.isValid(self) or self._desk is not None or self._spare_desk is not None:
            return
        desk = self._new_desk()
        desk.ensurePolished()
        self._spare_desk = desk
        self._read_opening()

    def _read_opening(self) -> None:
        """What the desk opens on, read in the background while the passphrase is typed
        (ui/desk_opening.py); the unlock uses it if it is fresh, else reads again."""
        from escadesk.ui.desk import FIRST_ROWS
        from escadesk.ui.desk_opening import read_opening
        from escadesk.ui.workers import run_in_background

        if self._services is None:
            return
        services, token = self._services, object()
        self._opening, self._opening_read = None, token
        wanted = self._settings.value("workshop/last", None, type=int)
        wanted = wanted if isinstance(wanted, int) else None

        def arrived(opening: DeskOpening) -> None:
            if shiboken6.isValid(self) and self._opening_read is token:
                self._opening, self._opening_read = opening, None

        def failed(_error: Exception) -> None:  # the unlock reads again, and says why
            if shiboken6.isValid(self) and self._opening_read is token:
                self._opening_read = None

        run_in_background(
            lambda _progress: read_opening(services, wanted, FIRST_ROWS), arrived, failed
        )

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
        self.messages.close_all()
        if self._clipboard is not None:
            self._clipboard.clear_if_ours()
        desk, self._desk = self._desk, None
        self._opening, self._opening_read = None, None
        if desk is not None:
            self._settings.setValue("window/splitter", desk.splitter.saveState())
            desk.clear()
            self.pages.removeWidget(desk)
            desk.deleteLater()
        self.workshop = None
        self.workshop_picker.blockSignals(True)
        self.workshop_picker.clear()
        self.workshop_picker.blockSignals(False)
        self.location.clear()
        self.statusBar().clearMessage()
        self._set_state(SelectionState())
        if self.vault_page is None:
            self._show_vault_page(first_run=False)

    def request_restore(self, backup: object) -> None:
        """The director chose a backup (ui/data_care.py): the application restores it."""
        self.restore_requested.emit(backup)

    def release_data(self, message: str) -> Services | None:
        """Let go of the data (a restore is about to replace it): lock, close every
        dialog, close the services, and show ``message`` on the opening page. Returns the
        services let go (None: none were attached); ``attach`` takes new ones."""
        services, self._services = self._services, None
        live, self.live_changes = self.live_changes, None
        if live is not None:
            live.stop()
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
        self._set_state(SelectionState())
        self.toolbar.hide()
        self.opening_label.setText(message)
        self.opening_label.setStyleSheet("")
        self.opening_progress.show()
        self.pages.setCurrentIndex(0)
        self.setWindowTitle(_("escadesk — restoring a backup"))
        return services

    def show_front_page(self, page: QWidget) -> None:
        """Show ``page`` instead of everything else (the recovery page: the data could
        not be opened); a later one replaces it, attaching the data drops it."""
        self._build_commands()
        self._drop_front_page()
        self._drop_early_page()
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
        self._drop_early_page()
        self.opening_label.setText(message)
        self.opening_label.setStyleSheet("color: #b42318; font-size: 11pt;")
        self.opening_progress.hide()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self._first_paint_done)

    def _first_paint_done(self) -> None:
        self._build_commands()
        self.toolbar.ensurePolished()  # its style sheet properties, before anyone asks
        self.first_painted.emit()

    # -- construction ----------------------------------------------------------------------

    def _build_commands(self) -> None:
        """The commands (with their shortcuts), the menus' contents and the toolbar: right
        after the first paint (the menu bar showed its titles), or as soon as anything
        needs them (the data attached, an action asked for, a key pressed: _BuildOnFirstKey).
        Builds once."""
        from PySide6.QtWidgets import QApplication

        from escadesk.ui.style import complete_style

        if self._commands_built:
            return
        self._commands_built = True
        self.removeEventFilter(self._early_keys)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            complete_style(app)  # the start set only the first paint's rules
        self._build_areas()
        self._build_menus()
        self._build_toolbar()
        self._set_state(self._state)

    def _build_menu_titles(self) -> dict[str, QMenu]:
        """The menu bar's menus, empty until _build_commands fills them: the first paint
        shows the titles where they stay."""
        bar = self.menuBar()
        return {key: bar.addMenu(menu_title(key)) for key in MENUS}

    def _build_areas(self) -> None:
        """The window's commands, one area each (ui/actions/); the window only places
        them in the menus and the toolbar and enables them from one state."""
        from escadesk.ui.actions.benchmarking import BenchmarkActions
        from escadesk.ui.actions.decision import DecisionActions
        from escadesk.ui.actions.exports import ExportActions
        from escadesk.ui.actions.language import LanguageActions
        from escadesk.ui.actions.letters import LetterActions
        from escadesk.ui.actions.registrations import RegistrationActions
        from escadesk.ui.actions.vault import VaultActions
        from escadesk.ui.actions.workshop import WorkshopActions

        self.registrations = RegistrationActions(self)
        self.vault_area = VaultActions(self)
        self.decision_area = DecisionActions(self)
        self.letters_area = LetterActions(self)
        self.exports = ExportActions(self)
        self.benchmarking = BenchmarkActions(self)
        self.workshop_area = WorkshopActions(self)
        self.areas = (
            self.registrations,
            self.vault_area,
            self.decision_area,
            self.letters_area,
            self.exports,
            self.benchmarking,
            self.workshop_area,
            LanguageActions(self, self._data_dir),
        )
        self._actions = {key: action for area in self.areas for key, action in area.actions()}

    def action(self, key: str) -> QAction:
        """The command named ``key`` (``"charge"``, ``"new_registration"``…)."""
        self._build_commands()
        return self._actions[key]

    @property
    def actions_by_key(self) -> Mapping[str, QAction]:
        self._build_commands()
        return self._actions

    def _build_menus(self) -> None:
        placed: dict[str, list[tuple[int, int, QAction]]] = {menu: [] for menu in MENUS}
        for area in self.areas:
            for command in area.commands:
                if command.place is not None:
                    place = command.place
                    placed[place.menu].append((place.section, place.rank, command.action))
        for menu_key, menu in self._menus.items():
            section = None
            for number, _rank, action in sorted(placed[menu_key], key=lambda item: item[:2]):
                if section is not None and number != section:
                    menu.addSeparator()
                section = number
                menu.addAction(action)

    def _build_toolbar(self) -> None:
        # Made a child of the window and hidden until the desk is shown (its commands need
        # the data; the vault's pages hide it too): a toolbar shown at the first paint
        # loads its extension button's icon, and with it Qt's image plugins, ~5 ms before
        # that paint (issue 17). It is styled right after the first paint (paintEvent).
        from PySide6.QtWidgets import QComboBox, QToolBar

        from escadesk.ui.field_labels import buddy_label
        from escadesk.ui.workshop_list import WorkshopListModel

        toolbar = QToolBar(_("Workshop"), self)
        toolbar.hide()
        self.toolbar = toolbar
        toolbar.setObjectName("mainToolbar")  # text-only buttons: see ui/style.py
        toolbar.setMovable(False)
        self.workshop_picker = QComboBox()
        # Sized to its contents by the style sheet: a QtWidgets enum here would build ~150
        # of them (20-40 ms) before the first paint (see ui/style.py). Named before it is
        # placed: placing it may polish it, and the style sheet's rule needs the name.
        self.workshop_picker.setObjectName("workshopPicker")
        self.workshops_model = WorkshopListModel()
        self.workshop_picker.setModel(self.workshops_model)
        # Translators: the toolbar's label before the workshop picker (spaces keep it apart).
        toolbar.addWidget(buddy_label(_("  Wor&kshop: "), self.workshop_picker, _("Workshop")))
        self.workshop_picker.setMinimumWidth(300)
        self.workshop_picker.currentIndexChanged.connect(self._workshop_picked)
        toolbar.addWidget(self.workshop_picker)
        toolbar.addSeparator()
        ranked = [
            (command.toolbar_rank, command.action)
            for area in self.areas
            for command in area.commands
            if command.toolbar_rank is not None
        ]
        for _rank, action in sorted(ranked, key=lambda item: item[0]):
            toolbar.addAction(action)
        self.addToolBar(toolbar)

    def _build_pages(self) -> None:
        self.pages = QStackedWidget()
        opening = QWidget()
        layout = QVBoxLayout(opening)
        layout.addStretch(1)
        self.opening_label = QLabel(_("Opening the workshop data…"))
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

    # -- the state the commands follow -----------------------------------------------------

    @property
    def state(self) -> SelectionState:
        return self._state

    def _set_state(self, state: SelectionState) -> None:
        """Every command is enabled from ``state``; nothing else enables them."""
        self._state = state
        if not self.areas:
            return  # not built yet: _build_commands applies the state
        for area in self.areas:
            area.update(state)
        self.workshop_picker.setEnabled(state.ready)

    def set_busy(self, busy: bool) -> None:
        self._set_state(self._state.working(busy))

    # -- loading ---------------------------------------------------------------------------

    def reload_workshops(self, select_id: int | None = None) -> None:
        """The picker's workshops in one go (ui/workshop_list.py), the one last used (or
        ``select_id``) picked, and the desk refreshed on it."""
        from escadesk.ui.workshop_list import picker_characters

        opening = self._opening
        workshops = (
            opening.workshops
            if opening is not None and select_id is None
            else self.services.workshops.list()
        )
        wanted = select_id or self._settings.value("workshop/last", None, type=int)
        self.workshop_picker.blockSignals(True)
        self.workshops_model.set_workshops(workshops)
        self.workshop_picker.setMinimumContentsLength(
            picker_characters(self.workshops_model.labels(), self.workshop_picker.fontMetrics())
        )
        index = self.workshops_model.row_of(wanted if isinstance(wanted, int) else None)
        self.workshop_picker.setCurrentIndex(index if index >= 0 else len(workshops) - 1)
        self.workshop_picker.blockSignals(False)
        self._workshop_picked()

    def _workshop_picked(self) -> None:
        if self._desk is None:
            return
        workshop_id = self.workshop_picker.currentData()
        opening = self._opening
        if opening is not None and opening.opens_on(workshop_id):
            self.workshop = opening.workshop
        else:
            self.workshop = self.services.workshops.get(workshop_id) if workshop_id else None
        if workshop_id:
            self._settings.setValue("workshop/last", workshop_id)
        self.refresh()

    def refresh(self, changed: Sequence[int] | None = None) -> None:
        """Reload what is shown for the current workshop: one read (services/desk_view.py),
        and the table redraws only the rows that differ. ``changed``: the registrations a
        change touched, when the caller knows it touched no other (a form, a card or a
        charge recorded for one organization): only those rows are read again."""
        if self._desk is None:
            return  # locked: nothing is shown
        desk, workshop, services = self.desk, self.workshop, self.services
        desk.show_banner(self._demo_banner())
        if workshop is None:
            desk.dashboard.hide()  # shown with a workshop's rows (ui/desk.py: show_workshop)
            self._set_state(SelectionState(unlocked=True, busy=self._state.busy))
            self.location.setText(_("No workshop yet: Workshop > New workshop…"))
            self._selection_changed()
            return
        self._desk_load = None  # a read still running for an earlier refresh is dropped
        previous = desk.snapshot
        if desk.loading_workshop == workshop.id or (
            (previous is None or previous.workshop_id != workshop.id) and self._show_first(workshop)
        ):
            self._load_in_background(workshop)
            return
        if changed is not None and previous is not None and previous.workshop_id == workshop.id:
            snapshot = services.desk_view.update(previous, changed)
        else:
            snapshot = services.desk_view.load(workshop.id)
        self._show_snapshot(workshop, snapshot)

    def _show_first(self, workshop: WorkshopView) -> bool:
        """A large workshop: its first rows shown at once (issue 17), the commands on it
        off until every row is in. False for a small one, read whole at once."""
        from escadesk.ui.desk import FIRST_ROWS

        opening = self._opening
        if opening is not None and opening.opens_on(workshop.id):
            head = opening.head  # read behind the unlock page: None if the workshop is small
        else:
            head = self.services.desk_view.head(workshop.id, FIRST_ROWS)
        if head is None:
            return False
        self._set_state(SelectionState(unlocked=True, busy=self._state.busy))
        self.desk.show_first(head, workshop.calendar.zone)
        self.location.setText(
            _("data: {folder}").format(folder=home_relative(self.services.config.data_dir))
        )
        return True

    def _load_in_background(self, workshop: WorkshopView) -> None:
        """The whole workshop read off the GUI thread, then shown in one layout change
        (ui/desk.py: show_workshop); a later refresh or another workshop drops it."""
        from escadesk.ui.workers import run_in_background

        token = self._desk_load = object()
        desk_view = self.services.desk_view

        def arrived(snapshot: DeskSnapshot) -> None:
            if shiboken6.isValid(self) and self._desk is not None and self._desk_load is token:
                self._desk_load = None
                self._show_snapshot(workshop, snapshot)

        def failed(error: Exception) -> None:
            if shiboken6.isValid(self) and self._desk_load is token:
                self._desk_load = None
                self.messages.warn(
                    _("Registrations not read"),
                    _("The registrations of {title} ({code}) could not be read: {error}").format(
                        title=workshop.title, code=workshop.code, error=error
                    ),
                )

        started = False

        def start() -> None:
            nonlocal started
            if not started and self._desk_load is token:
                started = True
                run_in_background(lambda _progress: desk_view.load(workshop.id), arrived, failed)

        # Once the first rows are painted (ui/desk.py: first_rows_painted): a read holding
        # the interpreter meanwhile made each of the paint's calls into Python wait for it.
        # A window not painted (hidden, minimized) reads after UNPAINTED_READ_MS anyway.
        desk = self.desk
        if desk.first_rows_shown:
            QTimer.singleShot(0, start)
        else:
            from PySide6.QtCore import Qt

            desk.first_rows_painted.connect(start, Qt.ConnectionType.SingleShotConnection)
            QTimer.singleShot(UNPAINTED_READ_MS, start)

    def _show_snapshot(self, workshop: WorkshopView, snapshot: DeskSnapshot) -> None:
        desk, services = self.desk, self.services
        self._set_state(
            SelectionState(
                unlocked=True,
                busy=self._state.busy,
                workshop=workshop,
                cards=snapshot.cards,
                proceeded=snapshot.proceeded,
                erasures_due=snapshot.erasures_due,
                has_pitch_order=snapshot.has_pitch_order,
                registration=self._state.registration,
            )
        )
        desk.show_workshop(snapshot, workshop.calendar.zone)  # selection_changed follows
        self.location.setText(
            ngettext(
                "{count} conference delegate on the list  ·  data: {folder}",
                "{count} conference delegates on the list  ·  data: {folder}",
                snapshot.delegates,
            ).format(count=snapshot.delegates, folder=home_relative(services.config.data_dir))
        )

    def _demo_banner(self) -> str | None:
        from escadesk.services.clock import FixedClock

        clock = self.services.clock
        if not isinstance(clock, FixedClock):
            return None
        from escadesk.ui.formatting import local_time

        zone = self.desk.zone if self.workshop is None else self.workshop.calendar.zone
        today = clock.now().astimezone(zone)
        return _(
            "Demo data — the clock is fixed at {moment} ({zone}); the organizations are fictional."
        ).format(moment=local_time(today, zone), zone=zone.key)

    # -- selection -------------------------------------------------------------------------

    def selected_registration(self) -> RegistrationRow | None:
        return self.desk.selected_registration()

    def select_registration(self, registration_id: int) -> None:
        self.desk.select_registration(registration_id)

    def _selection_changed(self) -> None:
        if self._desk is None:
            return
        row = self.selected_registration()
        self._set_state(self._state.selecting(row))
        card = self._state.card
        history = self.services.registrations.history(row.id) if row else ()
        note = _("Security code and scan erased") if card and card.state != "active" else ""
        self.desk.show_details(row, history, str(card) if card else "", note)

    # -- what other parts of the window ask for --------------------------------------------

    @property
    def active_dialog(self) -> QDialog | None:
        """The dialog or message open over the window (the lock closes it)."""
        return self.messages.active

    def open_certificates(self, select_erasure: int | None = None) -> None:
        self.vault_area.open_certificates(select_erasure)

    def open_next_step(self, key: str) -> None:
        """A next-step button of the desk or the decision wizard (domain/lifecycle.py):
        most name a command; a charge first selects the next organization to charge, and
        an erasure left unfinished is finished by the decision wizard."""
        # Here, not at the top: the lifecycle rules (and the decision's, the quorum's
        # and the fees' they import) cost 16 ms before the first paint (issue 17).
        from escadesk.domain.lifecycle import StepKey

        if key == StepKey.FINISH_ERASING:
            key = "decision"
        elif key == StepKey.CHARGES:
            snapshot = self._desk.snapshot if self._desk is not None else None
            confirmed = snapshot.overview.confirmed if snapshot and self.workshop else ()
            waiting = next((e.registration_id for e in confirmed if e.charged is None), None)
            if waiting is None:
                return
            self.select_registration(waiting)
            key = "charge"
        action = self._actions.get(key)
        if action is not None and action.isEnabled():
            action.trigger()

    def focus_search(self) -> None:
        if self._desk is not None:
            self._desk.focus_search()

    def column_chooser(self) -> ColumnChooser | None:
        return self._desk.columns if self._desk is not None else None

    # -- window state ----------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self._settings.setValue("window/geometry", self.saveGeometry())
        if self._desk is not None:
            self._settings.setValue("window/splitter", self._desk.splitter.saveState())
        _window_settings_file(Path(self._settings.fileName()).parent)  # 0600 before Qt writes
        self._settings.sync()
        if self._idle is not None:
            self._idle.stop()
        if self.live_changes is not None:
            self.live_changes.stop()
        if self._clipboard is not None:
            self._clipboard.clear_if_ours()
        if self._services is not None:
            # Leaving: the keys go with the window (other windows lock along).
            vault = self._services.vault
            if self._vault_locked in vault.on_lock:
                vault.on_lock.remove(self._vault_locked)
            vault.lock()
        super().closeEvent(event)
