"""The workshop itself and the desk's care: create and edit workshops, the settings,
back up / restore / check the data, and the window's own commands (find, refresh,
about, quit)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence

from escadesk import __version__
from escadesk.i18n import _
from escadesk.ui.actions.area import ActionArea, Place, always, has_workshop
from escadesk.ui.columns_menu import columns_action

if TYPE_CHECKING:
    from escadesk.ui.window_api import MainWindowApi


class WorkshopActions(ActionArea):
    def __init__(self, window: MainWindowApi) -> None:
        super().__init__(window)
        key = QKeySequence.StandardKey
        self.add(
            "new_workshop",
            _("&New workshop…"),
            self.open_new,
            menu=Place("workshop", 0, 0),
            shortcut="Ctrl+Shift+N",
        )
        self.add(
            "edit_workshop",
            _("&Edit workshop…"),
            self.open_edit,
            enabled=has_workshop,
            menu=Place("workshop", 0, 1),
            shortcut="Ctrl+E",
        )
        self.add("settings", _("&Settings…"), self.open_settings, menu=Place("file", 2, 2))
        # Back up, restore, check (issue 15): the slots live in ui/data_care.py, imported
        # when first used (it imports ``Qt``, which must wait for the first paint).
        self.add(
            "backup",
            _("&Back up now"),
            self.back_up_now,
            menu=Place("file", 1, 0),
            tip=_("Copy the database into the data folder's backups"),
        )
        self.add(
            "restore",
            _("Res&tore a backup…"),
            self.choose_backup,
            menu=Place("file", 1, 1),
        )
        self.add(
            "check",
            _("Chec&k the database"),
            self.check_database,
            menu=Place("file", 1, 2),
            tip=_("SQLite's full integrity check of every page and index"),
        )
        self.add(
            "quit",
            _("&Quit"),
            self.quit,
            enabled=always,
            menu=Place("file", 3, 0),
            shortcut=key.Quit,
        )
        self.add(
            "find", _("&Find"), window.focus_search, menu=Place("view", 0, 0), shortcut=key.Find
        )
        self.add(
            "refresh", _("&Refresh"), window.refresh, menu=Place("view", 0, 1), shortcut=key.Refresh
        )
        self.adopt(
            "columns",
            columns_action(window.window(), window.column_chooser),
            menu=Place("view", 1, 0),
        )
        self.add(
            "about", _("&About escadesk"), self.show_about, enabled=always, menu=Place("help", 0, 0)
        )

    def open_new(self) -> None:
        from escadesk.ui.workshop_dialog import WorkshopDialog

        window = self.window
        dialog = WorkshopDialog(window.services, None, parent=window.window())
        window.messages.open(dialog, lambda: window.reload_workshops(dialog.saved_id))

    def open_edit(self) -> None:
        window = self.window
        if window.workshop is None:
            return
        from escadesk.ui.workshop_dialog import WorkshopDialog

        workshop_id = window.workshop.id
        dialog = WorkshopDialog(window.services, workshop_id, parent=window.window())
        window.messages.open(dialog, lambda: window.reload_workshops(workshop_id))

    def open_settings(self) -> None:
        from escadesk.ui.settings_dialog import open_settings

        open_settings(self.window)

    def back_up_now(self) -> None:
        from escadesk.ui import data_care

        data_care.back_up_now(self.window)

    def choose_backup(self) -> None:
        from escadesk.ui import data_care

        data_care.choose_backup(self.window)

    def check_database(self) -> None:
        from escadesk.ui import data_care

        data_care.check_database(self.window)

    def quit(self) -> None:
        self.window.window().close()

    def show_about(self) -> None:
        window = self.window
        try:
            folder: object = window.services.config.data_dir
        except RuntimeError:
            folder = _("(opening)")
        window.messages.inform(
            _("About escadesk"),
            _(
                "escadesk {version}\n\nRuns a quorum-based benchmarking workshop end to end: "
                "registrations, card authorizations, decision day, Excel and reports.\n\n"
                "Data folder: {folder}"
            ).format(version=__version__, folder=folder),
        )
