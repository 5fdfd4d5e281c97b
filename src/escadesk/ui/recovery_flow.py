"""What the window does when the data cannot be opened: the recovery page, and the
restore or the other folder the director chooses there (issue 15, item 2).

The restore runs in the thread pool under the data's lock (no other escadesk may open
the folder meanwhile); then the data is opened again exactly as at start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from escadesk.app import AppConfig, current_user
from escadesk.i18n import _
from escadesk.services.recovery import Backup, options_for
from escadesk.ui.dialog_buttons import confirmation
from escadesk.ui.main_window import MainWindow
from escadesk.ui.recovery_page import RecoveryPage
from escadesk.ui.workers import run_in_background


def show_recovery(
    window: MainWindow,
    config: AppConfig,
    error: Exception,
    reopen: Callable[[AppConfig], None],
) -> RecoveryPage | None:
    """Put the recovery page in the window, wired to restore, another folder and quit;
    None when ``error`` is not about the data itself (the caller shows its message)."""
    options = options_for(error, config.database_url, config.backup_dir)
    if options is None:
        return None
    page = RecoveryPage(
        options.problem, options.backups, str(options.backup_folder), options.can_restore
    )
    page.restore_requested.connect(lambda backup: _restore(window, page, config, backup, reopen))
    page.other_folder_requested.connect(lambda: _other_folder(window, reopen))
    page.quit_requested.connect(QApplication.quit)
    window.setWindowTitle(_("escadesk — the data cannot be opened"))
    window.show_front_page(page)
    (page.table if options.backups else page.other_button).setFocus()
    return page


def _restore(
    window: MainWindow,
    page: RecoveryPage,
    config: AppConfig,
    backup: Backup,
    reopen: Callable[[AppConfig], None],
) -> None:
    when_item = page.table.item(page.backups.index(backup), 0)
    assert when_item is not None  # backups_table fills every cell
    when = when_item.text()
    box = confirmation(
        window,
        _("Restore this backup?"),
        _(
            "Restore the backup taken {when}?\n\nThe file escadesk cannot open is moved to "
            "{folder}; nothing is deleted. Whatever was entered after the backup was taken is "
            "not in it. Card authorizations erased since then stay erased."
        ).format(when=when, folder=config.backup_dir / "set-aside"),
        _("&Restore"),
        irreversible=True,
    )
    box.exec()
    if box.clickedButton() is not box.button(QMessageBox.StandardButton.Yes):
        return
    page.busy(_("Restoring the backup…"))

    def job(_progress: object) -> Path | None:
        return _restore_file(config, backup)

    def done(_aside: object) -> None:
        page.busy(_("Restored. Opening the data…"))
        reopen(config)

    def failed(error: Exception) -> None:
        page.failed(
            _("The backup could not be restored: {error}. Nothing was deleted.").format(error=error)
        )

    run_in_background(job, done, failed)


def _other_folder(window: MainWindow, reopen: Callable[[AppConfig], None]) -> None:
    folder = QFileDialog.getExistingDirectory(window, _("Open another data folder"))
    if folder:
        reopen(AppConfig.resolve(Path(folder)))


def restore_while_open(
    window: MainWindow,
    config: AppConfig,
    backup: Backup,
    reopen: Callable[[AppConfig], None],
) -> None:
    """File > Restore a backup…: back up the data as it is, let go of it, restore, open
    again. A failure before the restore leaves the data open as it was."""
    services = window.services
    window.statusBar().showMessage(_("Backing up the data as it is now…"))

    def backed_up(_path: object) -> None:
        window.release_data(_("Restoring the backup…"))

        def restored(_aside: object) -> None:
            reopen(config)

        def restore_failed(error: Exception) -> None:
            window.show_opening_failure(
                _(
                    "The backup could not be restored: {error}\n\nNothing was deleted; "
                    "escadesk opens the data as it was."
                ).format(error=error)
            )
            reopen(config)

        run_in_background(lambda _progress: _restore_file(config, backup), restored, restore_failed)

    def not_backed_up(error: Exception) -> None:
        window.statusBar().clearMessage()
        QMessageBox.warning(
            window,
            _("Not restored"),
            _("The data could not be backed up first: {error}").format(error=error),
        )

    run_in_background(
        lambda _progress: services.backups.back_up("before-restore"), backed_up, not_backed_up
    )


def _restore_file(config: AppConfig, backup: Backup) -> Path | None:
    from escadesk.services.recovery import restore

    return restore(config.database_url, backup, current_user())
