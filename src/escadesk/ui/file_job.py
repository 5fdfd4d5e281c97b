"""The machinery shared by the dialogs that write files in the background.

Choose where (a file chooser), watch it run (progress bar, Cancel), then Open or Show in
folder; a failure is explained inline and the dialog stays usable to try again. Closing
while running cancels first. Subclasses (the workbook export, the benchmarking reports) add
what to write, how to describe it and what a result is.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QWidget,
)

from escadesk.i18n import N_, _
from escadesk.ui.form_parts import error_label
from escadesk.ui.sizing import grow_to_fit
from escadesk.ui.style import GOOD
from escadesk.ui.workers import Progress, run_in_background

if TYPE_CHECKING:
    from escadesk.services.container import Services

#: Settings key: the folder the last export went to (the next one starts there).
LAST_FOLDER_SETTING = "exports.last_folder"


class Opener(Protocol):
    """Hands a written file to the desktop (a protocol so tests can record the calls)."""

    def open_file(self, path: Path) -> None: ...

    def show_in_folder(self, path: Path) -> None: ...


WORKBOOK_FILTER = N_("Excel workbook (*.xlsx)")


def save_chooser(
    parent: QWidget, title: str, folder: Path, name: str, file_filter: str, suffix: str
) -> QFileDialog:
    """A chooser to save one file as ``name`` in ``folder`` (``suffix`` added if left out)."""
    chooser = QFileDialog(parent, title, str(folder), file_filter)
    chooser.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    chooser.setFileMode(QFileDialog.FileMode.AnyFile)
    chooser.setDefaultSuffix(suffix)
    chooser.selectFile(name)
    return chooser


def workbook_chooser(parent: QWidget, title: str, folder: Path, name: str) -> QFileDialog:
    """A chooser to save one workbook as ``name`` in ``folder`` (.xlsx added if left out):
    the export, report, survey-template and audit-log dialogs ask the same way."""
    return save_chooser(parent, title, folder, name, _(WORKBOOK_FILTER), "xlsx")


def folder_chooser(parent: QWidget, title: str, start: Path) -> QFileDialog:
    """A chooser for the folder a batch of files goes into, opened at ``start``."""
    chooser = QFileDialog(parent, title, str(start))
    chooser.setFileMode(QFileDialog.FileMode.Directory)
    chooser.setOption(QFileDialog.Option.ShowDirsOnly, True)
    chooser.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    return chooser


class ChooserHost:
    """Mixin for a dialog that shows one non-blocking file chooser at a time (``file_dialog``,
    None while no chooser is open; tests reach the open one there)."""

    file_dialog: QFileDialog | None

    def _open_chooser(self, chooser: QFileDialog, on_chosen: Callable[[Path], object]) -> None:
        """Show ``chooser`` window-modal over the dialog; ``on_chosen`` gets the path."""
        chooser.setWindowModality(Qt.WindowModality.WindowModal)
        chooser.fileSelected.connect(lambda chosen: on_chosen(Path(chosen)))
        chooser.finished.connect(lambda result: self._chooser_closed(chooser, result))
        self.file_dialog = chooser
        chooser.open()

    def _chooser_closed(self, chooser: QFileDialog, result: int) -> None:
        if self.file_dialog is chooser:
            self.file_dialog = None
        chooser.deleteLater()


class FileChooserHost(ChooserHost):
    """A :class:`ChooserHost` whose chooser is its first step: closing the chooser before
    anything was ever chosen closes the dialog too (the director changed their mind). The
    dialog says what was chosen through ``_chosen``.
    """

    _closed: bool

    def _chosen(self) -> Path | None:
        raise NotImplementedError

    def _chooser_closed(self, chooser: QFileDialog, result: int) -> None:
        super()._chooser_closed(chooser, result)
        if result != QDialog.DialogCode.Accepted and self._chosen() is None and not self._closed:
            assert isinstance(self, QDialog)
            self.reject()  # the director changed their mind before choosing anything


class FileJobDialog(FileChooserHost, QDialog):
    """A file job with a chooser, progress, Cancel and the result's Open / Show in folder.

    Subclasses build their layout with the ``_add_*`` parts, start the work with
    ``_start`` and implement ``choose_target``, ``export_to``, ``_finished``, ``_failed``,
    ``open_result``, ``show_in_folder`` and ``_has_result``.
    """

    def __init__(
        self, services: Services, opener: Opener, export_text: str, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self._services = services
        self.opener: Opener = opener
        self._export_text = export_text
        self.target: Path | None = None
        self.file_dialog: QFileDialog | None = None
        self._cancel = threading.Event()
        self._running = False
        self._closed = False

    # -- building --------------------------------------------------------------------------

    def _add_heading(self, layout: QBoxLayout, title: str, text: str) -> None:
        heading = QLabel(title)
        heading.setObjectName("headline")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        description = QLabel(text)
        description.setObjectName("muted")
        description.setWordWrap(True)
        layout.addWidget(description)

    def _add_path_row(self, layout: QBoxLayout, caption: str) -> None:
        row = QHBoxLayout()
        row.setSpacing(8)
        self.path_caption = QLabel(caption)
        self.path_caption.setObjectName("fieldLabel")
        self.path_label = QLabel()
        self.path_label.setWordWrap(True)
        self.path_label.setTextFormat(Qt.TextFormat.PlainText)
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_button = QPushButton(_("&Change…"))
        self.choose_button.clicked.connect(self.choose_target)
        row.addWidget(self.path_caption, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.path_label, 1)
        row.addWidget(self.choose_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(row)

    def _add_progress(self, layout: QBoxLayout) -> None:
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        layout.addWidget(self.progress)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.status_label)

    def _add_error(self, layout: QBoxLayout) -> None:
        self.error = error_label()
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.error)
        layout.addStretch(1)

    def _add_buttons(self, layout: QBoxLayout, open_text: str, cancel_text: str) -> None:
        self.buttons = QDialogButtonBox()
        role = QDialogButtonBox.ButtonRole
        self.export_button = self.buttons.addButton(self._export_text, role.AcceptRole)
        self.open_button = self.buttons.addButton(open_text, role.ActionRole)
        self.show_button = self.buttons.addButton(_("&Show in folder"), role.ActionRole)
        self.cancel_button = self.buttons.addButton(cancel_text, role.RejectRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        # The box's accepted/rejected stay unconnected: each button does its own step.
        for button in (self.export_button, self.cancel_button, self.close_button):
            button.setAutoDefault(False)
        self.export_button.clicked.connect(self._export_again)
        self.open_button.clicked.connect(self.open_result)
        self.show_button.clicked.connect(self.show_in_folder)
        self.cancel_button.clicked.connect(self.cancel_export)
        self.close_button.clicked.connect(self.reject)
        layout.addWidget(self.buttons)

    # -- state -----------------------------------------------------------------------------

    @property
    def is_running(self) -> bool:
        return self._running

    def _has_result(self, *, running: bool, done: bool) -> bool:
        """Whether there is something to open (Open and Show in folder are offered)."""
        raise NotImplementedError

    def _show_extra(self, *, running: bool, done: bool) -> None:
        """What a subclass shows beyond the common parts (a caption, a list of files)."""

    def _show(
        self, *, running: bool = False, done: bool = False, status: str = "", error: str = ""
    ) -> None:
        """Show exactly what fits the step: choosing, running, done, or ready to retry."""
        self.path_label.setText(str(self.target) if self.target else _("(not chosen yet)"))
        self._show_extra(running=running, done=done)
        self.status_label.setStyleSheet(f"color: {GOOD}; font-weight: 600;" if done else "")
        self.status_label.setText(status)
        self.status_label.setVisible(bool(status))
        self.progress.setVisible(running)
        self.error.setText(error)
        self.error.setVisible(bool(error))
        self.choose_button.setEnabled(not running)
        self.choose_button.setVisible(not done)
        self.export_button.setVisible(not running and not done and self.target is not None)
        self.export_button.setText(_("&Try again") if error else self._export_text)
        self.cancel_button.setVisible(running)
        self.cancel_button.setEnabled(running and not self._cancel.is_set())
        self.close_button.setVisible(not running)
        has_result = self._has_result(running=running, done=done)
        self.open_button.setVisible(has_result)
        self.show_button.setVisible(has_result)
        default = self.open_button if has_result else self.export_button
        for button in (self.export_button, self.open_button):
            button.setDefault(button is default and button.isVisible())
        if self.isVisible():
            grow_to_fit(self, shrink=True)

    # -- choosing --------------------------------------------------------------------------

    def choose_target(self) -> None:
        """Ask where to save; choosing starts the export."""
        raise NotImplementedError

    def export_to(self, path: Path) -> None:
        raise NotImplementedError

    def _chosen(self) -> Path | None:
        return self.target

    # -- running ---------------------------------------------------------------------------

    def _start(self, target: Path, status: str, job: Callable[[Progress], object]) -> None:
        """Run ``job`` in the background towards ``target``, showing progress."""
        self.target = target
        self._cancel.clear()
        self._running = True
        self.progress.setValue(0)
        self._show(running=True, status=status)
        run_in_background(job, self._finished, self._failed, self._progressed)

    def _export_again(self) -> None:
        if self.target is None:
            self.choose_target()
        else:
            self.export_to(self.target)

    def cancel_export(self) -> None:
        """Ask the running export to stop; it reports back once nothing partial is left."""
        if not self._running:
            return
        self._cancel.set()
        self.cancel_button.setEnabled(False)
        self.status_label.setText(_("Cancelling…"))

    def _progressed(self, percent: int, message: str) -> None:
        if self._closed or not self._running:
            return
        self.progress.setValue(max(0, min(100, percent)))
        if not self._cancel.is_set():
            self.status_label.setText(message)

    def _ended(self) -> bool:
        """The job is over; whether the dialog is still open to show how it went."""
        self._running = False
        return not self._closed

    def _finished(self, result: object) -> None:
        raise NotImplementedError

    def _failed(self, error: Exception) -> None:
        raise NotImplementedError

    def _remember_folder(self, folder: Path) -> None:
        try:
            self._services.settings.set(LAST_FOLDER_SETTING, str(folder))
        except Exception:  # a preference must never spoil a finished export
            return

    # -- the result ------------------------------------------------------------------------

    def open_result(self) -> None:
        raise NotImplementedError

    def show_in_folder(self) -> None:
        raise NotImplementedError

    # -- closing ---------------------------------------------------------------------------

    def reject(self) -> None:
        """Escape or Close while running cancels first (the dialog then says so)."""
        if self._running:
            self.cancel_export()
            return
        super().reject()

    def showEvent(self, event: QShowEvent) -> None:
        self._closed = False  # the same dialog may be shown again after closing
        super().showEvent(event)

    def done(self, result: int) -> None:
        """Closed for good (also when the window locks): a running export is cancelled."""
        self._cancel.set()
        if self._closed:
            return  # already closed (the lock closes the file chooser and then this dialog)
        self._closed = True
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._running:
            self.cancel_export()
            event.ignore()
            return
        super().closeEvent(event)
