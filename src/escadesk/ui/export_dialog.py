"""Export a workshop's roster or finance workbook: choose where, watch it run, open it.

The workbook is written off the GUI thread (``run_in_background``) with a progress bar and a
Cancel button; a cancelled or failed export leaves no file behind (the export service writes
to a temporary name and replaces the target only when done). Failures are explained inline
and the dialog stays usable, so the director can close the file in Excel and try again.
Opening the result goes through an injectable ``Opener`` so tests never launch programs.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

from PySide6.QtCore import QDir, QProcess, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QCloseEvent, QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from escadesk.domain.validation import ValidationError
from escadesk.services.exports import ExportCancelledError
from escadesk.ui.form_parts import error_label
from escadesk.ui.sizing import grow_to_fit
from escadesk.ui.style import GOOD
from escadesk.ui.workers import run_in_background

if TYPE_CHECKING:
    from escadesk.app import Services

ExportKind = Literal["roster", "finance"]

#: Settings key: the folder the last export went to (the next one starts there).
LAST_FOLDER_SETTING = "exports.last_folder"
FILE_FILTER = "Excel workbook (*.xlsx)"
CANCELLED_MESSAGE = "Export cancelled; no file was written."

_NAMES: dict[str, str] = {"roster": "roster", "finance": "finance workbook"}
_DESCRIPTIONS: dict[str, str] = {
    "roster": (
        "The participants, the programme of the day with the strategy-pitch schedule, and "
        "the facilitators, with a cover page, ready to print."
    ),
    "finance": (
        "One row per organization with the fee, the tax, the charge and the card as brand "
        "and last four digits only, and a summary whose totals are formulas finance can audit."
    ),
}


class Opener(Protocol):
    """Hands a written file to the desktop (a protocol so tests can record the calls)."""

    def open_file(self, path: Path) -> None: ...

    def show_in_folder(self, path: Path) -> None: ...


class DesktopOpener:
    """The system's default program for the file; the file manager with the file selected
    where the platform allows it (Explorer, Finder), else its folder."""

    def open_file(self, path: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def show_in_folder(self, path: Path) -> None:
        if sys.platform == "win32":
            started = QProcess.startDetached(
                "explorer.exe", ["/select,", QDir.toNativeSeparators(str(path))]
            )
        elif sys.platform == "darwin":
            started = QProcess.startDetached("open", ["-R", str(path)])
        else:
            started = False
        if not (started[0] if isinstance(started, tuple) else started):
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))


def with_xlsx_suffix(path: Path) -> Path:
    """``roster`` and ``roster.xls`` become ``roster.xlsx`` / ``roster.xls.xlsx``: the file
    is always an .xlsx workbook, and a dot inside a name ("v1.2") is never cut off."""
    if path.suffix.lower() == ".xlsx":
        return path
    return path.with_name(path.name + ".xlsx")


def default_folder(services: Services) -> Path:
    """The folder of the last export if it still exists, else Documents, else home."""
    last = services.settings.get(LAST_FOLDER_SETTING)
    candidates = [Path(last)] if last else []
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documents:
        candidates.append(Path(documents))
    for folder in candidates:
        if folder.is_dir():
            return folder
    return Path.home()


def describe_failure(error: Exception, target: Path) -> str:
    """A message the director can act on (the technical detail is not the point)."""
    if isinstance(error, PermissionError):
        return (
            f"Could not write {target.name}: permission denied. If the file is open in Excel "
            "or another program, close it and try again, or choose another folder."
        )
    if isinstance(error, FileNotFoundError):
        return (
            f"Could not write {target.name}: the folder {target.parent} does not exist. "
            "Choose another folder."
        )
    if isinstance(error, NotADirectoryError):
        return (
            f"Could not write {target.name}: {target.parent} is not a folder. "
            "Choose another folder."
        )
    if isinstance(error, IsADirectoryError):
        return f"Could not write {target}: it is a folder. Choose a file name."
    if isinstance(error, OSError):
        reason = error.strerror or str(error)
        return f"Could not write {target.name}: {reason}. Nothing was written."
    if isinstance(error, ValidationError):
        return f"Not exported: {error}"
    return f"The export failed: {error}. Nothing was written."


class ExportDialog(QDialog):
    """One export of one workshop: the file chooser first, then progress and the result.

    Tests drive it without the file chooser through ``export_to(path)``.
    """

    def __init__(
        self,
        services: Services,
        workshop_id: int,
        kind: ExportKind,
        parent: QWidget | None = None,
        opener: Opener | None = None,
    ) -> None:
        super().__init__(parent)
        if kind not in _NAMES:
            raise ValueError(f"Unknown export: {kind!r}")
        self._services = services
        self._workshop_id = workshop_id
        self._kind: ExportKind = kind
        self.opener: Opener = opener or DesktopOpener()
        self.target: Path | None = None
        self.written: Path | None = None
        self.file_dialog: QFileDialog | None = None
        self._cancel = threading.Event()
        self._running = False
        self._closed = False
        self.setWindowTitle(f"Export {_NAMES[kind]}")
        self._build()
        self._show_idle("Choose where to save the workbook…")

    # -- building --------------------------------------------------------------------------

    def _build(self) -> None:
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(10)
        heading = QLabel(f"Export the {_NAMES[self._kind]}")
        heading.setObjectName("headline")
        layout.addWidget(heading)
        description = QLabel(_DESCRIPTIONS[self._kind])
        description.setObjectName("muted")
        description.setWordWrap(True)
        layout.addWidget(description)

        file_row = QHBoxLayout()
        file_row.setSpacing(8)
        self.path_caption = caption = QLabel("Save as:")
        caption.setObjectName("fieldLabel")
        self.path_label = QLabel()
        self.path_label.setWordWrap(True)
        self.path_label.setTextFormat(Qt.TextFormat.PlainText)
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_button = QPushButton("&Change…")
        self.choose_button.clicked.connect(self.choose_target)
        file_row.addWidget(caption, 0, Qt.AlignmentFlag.AlignTop)
        file_row.addWidget(self.path_label, 1)
        file_row.addWidget(self.choose_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(file_row)

        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.progress)
        layout.addWidget(self.status_label)
        self.error = error_label()
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.error)
        layout.addStretch(1)

        self.buttons = QDialogButtonBox()
        role = QDialogButtonBox.ButtonRole
        self.export_button = self.buttons.addButton("&Export", role.AcceptRole)
        self.open_button = self.buttons.addButton("&Open", role.ActionRole)
        self.show_button = self.buttons.addButton("&Show in folder", role.ActionRole)
        self.cancel_button = self.buttons.addButton("Cancel export", role.RejectRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        # The box's accepted/rejected stay unconnected: each button does its own step.
        for button in (self.export_button, self.cancel_button, self.close_button):
            button.setAutoDefault(False)
        self.export_button.clicked.connect(self._export_again)
        self.open_button.clicked.connect(self.open_file)
        self.show_button.clicked.connect(self.show_in_folder)
        self.cancel_button.clicked.connect(self.cancel_export)
        self.close_button.clicked.connect(self.reject)
        layout.addWidget(self.buttons)

    # -- state -----------------------------------------------------------------------------

    @property
    def is_running(self) -> bool:
        return self._running

    def _set_path(self, path: Path | None) -> None:
        self.path_label.setText(str(path) if path else "(not chosen yet)")

    def _show(
        self, *, running: bool = False, done: bool = False, status: str = "", error: str = ""
    ) -> None:
        """Show exactly what fits the step: running, done, or ready to (re)try."""
        self._set_path(self.target)
        self.path_caption.setText("Saved as:" if done else "Save as:")
        self.status_label.setStyleSheet(f"color: {GOOD}; font-weight: 600;" if done else "")
        self.progress.setVisible(running)
        self.status_label.setText(status)
        self.status_label.setVisible(bool(status))
        self.error.setText(error)
        self.error.setVisible(bool(error))
        self.choose_button.setEnabled(not running)
        self.choose_button.setVisible(not done)
        self.export_button.setVisible(not running and not done and self.target is not None)
        self.export_button.setText("&Try again" if error else "&Export")
        self.cancel_button.setVisible(running)
        self.cancel_button.setEnabled(running and not self._cancel.is_set())
        self.close_button.setVisible(not running)
        self.open_button.setVisible(done)
        self.show_button.setVisible(done)
        default = self.open_button if done else self.export_button
        for button in (self.export_button, self.open_button):
            button.setDefault(button is default and button.isVisible())
        if self.isVisible():
            grow_to_fit(self, shrink=True)

    def _show_idle(self, status: str = "", error: str = "") -> None:
        self._show(status=status, error=error)

    # -- choosing the file -----------------------------------------------------------------

    def choose_target(self) -> None:
        """Ask where to save (pre-filled with the suggested name); choosing starts the export."""
        if self._running or self.file_dialog is not None:
            return
        if self.target is not None:
            folder, name = self.target.parent, self.target.name
        else:
            folder = default_folder(self._services)
            name = self._services.exports.suggested_file_name(self._workshop_id, self._kind)
        chooser = QFileDialog(self, f"Save the {_NAMES[self._kind]} as", str(folder), FILE_FILTER)
        chooser.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        chooser.setFileMode(QFileDialog.FileMode.AnyFile)
        chooser.setDefaultSuffix("xlsx")
        chooser.selectFile(name)
        chooser.setWindowModality(Qt.WindowModality.WindowModal)
        chooser.fileSelected.connect(lambda chosen: self.export_to(Path(chosen)))
        chooser.finished.connect(lambda result: self._chooser_closed(chooser, result))
        self.file_dialog = chooser
        chooser.open()

    def _chooser_closed(self, chooser: QFileDialog, result: int) -> None:
        if self.file_dialog is chooser:
            self.file_dialog = None
        chooser.deleteLater()
        if result != QDialog.DialogCode.Accepted and self.target is None and not self._closed:
            self.reject()  # the director changed their mind before choosing anything

    # -- running ---------------------------------------------------------------------------

    def export_to(self, path: Path) -> None:
        """Write the workbook to ``path`` (``.xlsx`` added if missing) in the background."""
        if self._running:
            return
        target = with_xlsx_suffix(Path(path))
        self.target = target
        self.written = None
        self._cancel.clear()
        self._running = True
        self.progress.setValue(0)
        self._show(running=True, status=f"Preparing the {_NAMES[self._kind]}…")
        export = getattr(self._services.exports, self._kind)
        workshop_id, cancelled = self._workshop_id, self._cancel.is_set
        run_in_background(
            lambda progress: export(workshop_id, target, progress=progress, cancelled=cancelled),
            self._finished,
            self._failed,
            self._progressed,
        )

    def _export_again(self) -> None:
        if self.target is None:
            self.choose_target()
        else:
            self.export_to(self.target)

    def cancel_export(self) -> None:
        """Ask the running export to stop; it reports back once nothing is left on disk."""
        if not self._running:
            return
        self._cancel.set()
        self.cancel_button.setEnabled(False)
        self.status_label.setText("Cancelling…")

    def _progressed(self, percent: int, message: str) -> None:
        if self._closed or not self._running:
            return
        self.progress.setValue(max(0, min(100, percent)))
        if not self._cancel.is_set():
            self.status_label.setText(message)

    def _finished(self, written: object) -> None:
        self._running = False
        if self._closed:
            return
        path = Path(written) if isinstance(written, str | Path) else self.target
        self.written = path
        if path is not None:
            self._remember_folder(path.parent)
        self._show(done=True, status=f"Done: the {_NAMES[self._kind]} was saved.")

    def _failed(self, error: Exception) -> None:
        self._running = False
        if self._closed:
            return
        if isinstance(error, ExportCancelledError):
            self._show_idle(status=CANCELLED_MESSAGE)
            return
        target = self.target or Path()
        self._show_idle(error=describe_failure(error, target))

    def _remember_folder(self, folder: Path) -> None:
        try:
            self._services.settings.set(LAST_FOLDER_SETTING, str(folder))
        except Exception:  # a preference must never spoil a finished export
            return

    # -- the result ------------------------------------------------------------------------

    def open_file(self) -> None:
        if self.written is not None:
            self.opener.open_file(self.written)

    def show_in_folder(self) -> None:
        if self.written is not None:
            self.opener.show_in_folder(self.written)

    # -- closing ---------------------------------------------------------------------------

    def reject(self) -> None:
        """Escape or Close while running cancels the export first (the dialog then says so)."""
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
