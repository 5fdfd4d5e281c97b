"""File > Back up now, Restore a backup…, Check the database (issue 15, item 3): the
window's side of the data's care. Each runs in the thread pool; the restore itself is
the application's (ui/recovery_flow.py), since it must let go of the data and open it
again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout

from escadesk.i18n import _
from escadesk.ui.dialog_buttons import act_cancel_buttons
from escadesk.ui.recovery_page import backups_table, selected_backup
from escadesk.ui.sizing import fit_to_screen
from escadesk.ui.workers import run_in_background

if TYPE_CHECKING:
    from escadesk.ui.window_api import MainWindowApi as MainWindow


def back_up_now(window: MainWindow) -> None:
    services = window.services
    if not services.backups.available:
        window.messages.inform(
            _("Backed up by the server"),
            _("This database is on a server: its administrator backs it up (pg_dump)."),
        )
        return
    window.messages.note(_("Backing up…"), None)

    def done(path: object) -> None:
        window.messages.note(_("Backed up to {path}").format(path=path))

    run_in_background(
        lambda _progress: services.backups.back_up("manual"),
        done,
        lambda error: window.messages.warn(_("Not backed up"), str(error)),
    )


def check_database(window: MainWindow) -> None:
    services = window.services
    window.messages.note(_("Checking the database…"), None)

    def done(problems: list[str] | None) -> None:
        window.messages.clear_note()
        if problems is None:
            window.messages.inform(
                _("Checked by the server"),
                _("This database is on a server: its administrator checks it."),
            )
        elif not problems:
            window.messages.inform(
                _("Database intact"),
                _("SQLite's integrity check found no problem in any page or index."),
            )
        else:
            listed = "\n".join(f"• {problem}" for problem in problems[:5])
            window.messages.alarm(
                _("Database damaged"),
                _(
                    "SQLite's integrity check found problems:\n{problems}\n\nBack up nothing "
                    "more over the good backups: use File > Restore a backup…."
                ).format(problems=listed),
            )

    run_in_background(
        lambda _progress: services.backups.integrity_problems(),
        done,
        lambda error: window.messages.warn(_("Not checked"), str(error)),
    )


class RestoreDialog(QDialog):
    """Choose a backup; the restore is confirmed here, then done by the application."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window.window())
        self.setWindowTitle(_("Restore a backup"))
        self.backups = [b for b in window.services.backups.list()]
        intro = QLabel(
            _(
                "Restoring puts the chosen backup in place of the database. A backup of the "
                "database as it is now is taken first, and the current file is kept aside: "
                "nothing is deleted. What was entered after the chosen backup is not in it; "
                "card authorizations erased since then stay erased, with their certificates."
            )
        )
        intro.setWordWrap(True)
        self.table = backups_table(self.backups)
        buttons, self.restore_button = act_cancel_buttons(
            self, _("&Restore"), self.accept, irreversible=True
        )
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self._selection_changed()
        fit_to_screen(self, 760, 420)

    def selected(self) -> object:
        return selected_backup(self.table, self.backups)

    def _selection_changed(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)


def choose_backup(window: MainWindow) -> None:
    if not window.services.backups.available:
        window.messages.inform(
            _("Restored by the server"),
            _("This database is on a server: its administrator restores it."),
        )
        return
    dialog = RestoreDialog(window)

    def chosen() -> None:
        if dialog.selected() is not None:
            window.request_restore(dialog.selected())

    window.messages.open(dialog, chosen)
