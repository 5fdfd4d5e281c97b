"""File > Back up now, Restore a backup…, Check the database (issue 15, item 3): the
window's side of the data's care. Each runs in the thread pool; the restore itself is
the application's (ui/recovery_flow.py), since it must let go of the data and open it
again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout

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
            "Backed up by the server",
            "This database is on a server: its administrator backs it up (pg_dump).",
        )
        return
    window.messages.note("Backing up…", None)

    def done(path: object) -> None:
        window.messages.note(f"Backed up to {path}")

    run_in_background(
        lambda _progress: services.backups.back_up("manual"),
        done,
        lambda error: window.messages.warn("Not backed up", str(error)),
    )


def check_database(window: MainWindow) -> None:
    services = window.services
    window.messages.note("Checking the database…", None)

    def done(problems: list[str] | None) -> None:
        window.messages.clear_note()
        if problems is None:
            window.messages.inform(
                "Checked by the server",
                "This database is on a server: its administrator checks it.",
            )
        elif not problems:
            window.messages.inform(
                "Database intact",
                "SQLite's integrity check found no problem in any page or index.",
            )
        else:
            listed = "\n".join(f"• {problem}" for problem in problems[:5])
            window.messages.alarm(
                "Database damaged",
                f"SQLite's integrity check found problems:\n{listed}\n\nBack up nothing "
                "more over the good backups: use File > Restore a backup….",
            )

    run_in_background(
        lambda _progress: services.backups.integrity_problems(),
        done,
        lambda error: window.messages.warn("Not checked", str(error)),
    )


class RestoreDialog(QDialog):
    """Choose a backup; the restore is confirmed here, then done by the application."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window.window())
        self.setWindowTitle("Restore a backup")
        self.backups = [b for b in window.services.backups.list()]
        intro = QLabel(
            "Restoring puts the chosen backup in place of the database. A backup of the "
            "database as it is now is taken first, and the current file is kept aside: "
            "nothing is deleted. What was entered after the chosen backup is not in it; "
            "card authorizations erased since then stay erased, with their certificates."
        )
        intro.setWordWrap(True)
        self.table = backups_table(self.backups)
        buttons, self.restore_button = act_cancel_buttons(
            self, "&Restore", self.accept, irreversible=True
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
            "Restored by the server",
            "This database is on a server: its administrator restores it.",
        )
        return
    dialog = RestoreDialog(window)

    def chosen() -> None:
        if dialog.selected() is not None:
            window.request_restore(dialog.selected())

    window.messages.open(dialog, chosen)
