"""Save benchmarking reports: one organization's workbook, or the batch for every participant.

One organization: a save-file chooser pre-filled with the report's clear name. The batch: a
folder chooser; one file per participant is written into it. Either way the work runs off
the GUI thread with a progress bar and a Cancel button. Cancelling leaves no partial file
of the report in progress; in a batch the reports already finished stay and are listed.
The result opens through the roster export's :class:`~escadesk.ui.export_dialog.Opener`,
so tests never launch programs.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from escadesk.services.benchmark_views import BenchmarkReportCancelledError, NoReferenceSetError
from escadesk.ui.export_dialog import (
    FILE_FILTER,
    LAST_FOLDER_SETTING,
    DesktopOpener,
    Opener,
    default_folder,
    describe_failure,
    with_xlsx_suffix,
)
from escadesk.ui.form_parts import error_label
from escadesk.ui.sizing import grow_to_fit
from escadesk.ui.style import GOOD
from escadesk.ui.workers import Progress, run_in_background

if TYPE_CHECKING:
    from escadesk.app import Services

Mode = Literal["one", "batch"]

NO_REFERENCE = (
    "There is no reference set to compare with: install the shipped synthetic set or "
    "import one under Benchmarking > Reference sets, then try again."
)


def cancelled_text(error: BenchmarkReportCancelledError, mode: Mode) -> str:
    """What a cancel left behind, in words."""
    if mode == "one" or not error.written:
        return "Cancelled; no report was written."
    count = len(error.written)
    noun = "report was" if count == 1 else "reports were"
    return (
        f"Cancelled: {count} {noun} already written and stay in the folder; the report in "
        "progress was not written."
    )


class BenchmarkReportDialog(QDialog):
    """Writes one report (``for_organization``) or all of a workshop (``for_workshop``).

    Tests drive it without the file chooser through ``export_to(path)``.
    """

    def __init__(
        self,
        services: Services,
        workshop_id: int,
        registration_id: int | None,
        parent: QWidget | None = None,
        opener: Opener | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._benchmarking = services.benchmarking
        self._workshop_id = workshop_id
        self._registration_id = registration_id
        self.mode: Mode = "one" if registration_id is not None else "batch"
        self.opener: Opener = opener or DesktopOpener()
        self.target: Path | None = None
        self.written: list[Path] = []
        self.file_dialog: QFileDialog | None = None
        self._cancel = threading.Event()
        self._running = False
        self._closed = False
        self._organization = ""
        if registration_id is not None:
            self._organization = self._benchmarking.survey(registration_id).organization
        self.setWindowTitle("Benchmarking report" if self.mode == "one" else "Benchmarking reports")
        self._build()
        self._show()

    @classmethod
    def for_organization(
        cls,
        services: Services,
        workshop_id: int,
        registration_id: int,
        parent: QWidget | None = None,
    ) -> BenchmarkReportDialog:
        return cls(services, workshop_id, registration_id, parent)

    @classmethod
    def for_workshop(
        cls, services: Services, workshop_id: int, parent: QWidget | None = None
    ) -> BenchmarkReportDialog:
        return cls(services, workshop_id, None, parent)

    # -- building --------------------------------------------------------------------------

    def _build(self) -> None:
        self.setMinimumWidth(600)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(10)
        if self.mode == "one":
            title = f"Benchmarking report of {self._organization}"
            text = (
                "The organization's own report: cover, summary with the radar by area, one "
                "chart per area, every indicator with the peer statistics, and the "
                "recommendations. Confidential: send it to this organization only."
            )
        else:
            count = len(self._benchmarking.participants(self._workshop_id))
            noun = "organization" if count == 1 else "organizations"
            title = "Benchmarking reports for all participants"
            text = (
                f"One workbook per participating organization ({count} {noun}), each named "
                "after its organization, into the folder you choose. Each report is "
                "confidential to its organization."
            )
        heading = QLabel(title)
        heading.setObjectName("headline")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        description = QLabel(text)
        description.setObjectName("muted")
        description.setWordWrap(True)
        layout.addWidget(description)

        row = QHBoxLayout()
        row.setSpacing(8)
        self.path_caption = QLabel("Save as:" if self.mode == "one" else "Folder:")
        self.path_caption.setObjectName("fieldLabel")
        self.path_label = QLabel()
        self.path_label.setWordWrap(True)
        self.path_label.setTextFormat(Qt.TextFormat.PlainText)
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_button = QPushButton("&Change…")
        self.choose_button.clicked.connect(self.choose_target)
        row.addWidget(self.path_caption, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.path_label, 1)
        row.addWidget(self.choose_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(row)

        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        layout.addWidget(self.progress)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.status_label)
        self.files = QListWidget()
        self.files.setMaximumHeight(150)
        self.files.itemDoubleClicked.connect(
            lambda item: self.opener.open_file(Path(item.data(Qt.ItemDataRole.UserRole)))
        )
        layout.addWidget(self.files)
        self.error = error_label()
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.error)
        layout.addStretch(1)

        self.buttons = QDialogButtonBox()
        role = QDialogButtonBox.ButtonRole
        self.export_button = self.buttons.addButton("&Save", role.AcceptRole)
        self.open_button = self.buttons.addButton(
            "&Open" if self.mode == "one" else "&Open folder", role.ActionRole
        )
        self.show_button = self.buttons.addButton("&Show in folder", role.ActionRole)
        self.cancel_button = self.buttons.addButton("Cancel", role.RejectRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        for button in (self.export_button, self.cancel_button, self.close_button):
            button.setAutoDefault(False)
        # Wired by hand: the box's accepted/rejected would close the dialog.
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

    def _show(
        self, *, running: bool = False, done: bool = False, status: str = "", error: str = ""
    ) -> None:
        """Show exactly what fits the step: choosing, running, done, or ready to retry."""
        self.path_label.setText(str(self.target) if self.target else "(not chosen yet)")
        if self.mode == "one":
            self.path_caption.setText("Saved as:" if done else "Save as:")
        self.status_label.setStyleSheet(f"color: {GOOD}; font-weight: 600;" if done else "")
        self.status_label.setText(status)
        self.status_label.setVisible(bool(status))
        self.progress.setVisible(running)
        self.files.setVisible(self.mode == "batch" and bool(self.written) and not running)
        self.error.setText(error)
        self.error.setVisible(bool(error))
        self.choose_button.setEnabled(not running)
        self.choose_button.setVisible(not done)
        self.export_button.setVisible(not running and not done and self.target is not None)
        self.export_button.setText("&Try again" if error else "&Save")
        self.cancel_button.setVisible(running)
        self.cancel_button.setEnabled(running and not self._cancel.is_set())
        self.close_button.setVisible(not running)
        has_files = bool(self.written) and not running
        self.open_button.setVisible(has_files)
        self.show_button.setVisible(has_files)
        default = self.open_button if has_files else self.export_button
        for button in (self.export_button, self.open_button):
            button.setDefault(button is default and button.isVisible())
        if self.isVisible():
            grow_to_fit(self, shrink=True)

    def _list_files(self) -> None:
        self.files.clear()
        for path in self.written:
            self.files.addItem(path.name)
            item = self.files.item(self.files.count() - 1)
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            item.setToolTip(str(path))

    # -- choosing --------------------------------------------------------------------------

    def choose_target(self) -> None:
        """Ask where to save; choosing starts the export."""
        if self._running or self.file_dialog is not None:
            return
        folder = self.target.parent if self.target else default_folder(self._services)
        if self.mode == "one":
            assert self._registration_id is not None
            name = (
                self.target.name
                if self.target
                else self._benchmarking.report_file_name(self._registration_id)
            )
            chooser = QFileDialog(self, "Save the benchmarking report as", str(folder), FILE_FILTER)
            chooser.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            chooser.setFileMode(QFileDialog.FileMode.AnyFile)
            chooser.setDefaultSuffix("xlsx")
            chooser.selectFile(name)
        else:
            start = self.target or folder
            chooser = QFileDialog(self, "Choose the folder for the reports", str(start))
            chooser.setFileMode(QFileDialog.FileMode.Directory)
            chooser.setOption(QFileDialog.Option.ShowDirsOnly, True)
            chooser.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
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
            self.reject()  # changed their mind before choosing anything

    # -- running ---------------------------------------------------------------------------

    def export_to(self, path: Path) -> None:
        """Write the report to ``path`` (one) or the reports into folder ``path`` (batch)."""
        if self._running:
            return
        target = with_xlsx_suffix(Path(path)) if self.mode == "one" else Path(path)
        self.target = target
        self.written = []
        self._cancel.clear()
        self._running = True
        self.progress.setValue(0)
        self._show(running=True, status="Comparing with the reference set…")
        benchmarking, cancelled = self._benchmarking, self._cancel.is_set
        if self.mode == "one":
            registration_id = self._registration_id
            assert registration_id is not None

            def job(progress: Progress) -> object:
                return benchmarking.write_report(
                    registration_id, target, progress=progress, cancelled=cancelled
                )
        else:
            workshop_id = self._workshop_id

            def job(progress: Progress) -> object:
                return benchmarking.write_reports(
                    workshop_id, target, progress=progress, cancelled=cancelled
                )

        run_in_background(job, self._finished, self._failed, self._progressed)

    def _export_again(self) -> None:
        if self.target is None:
            self.choose_target()
        else:
            self.export_to(self.target)

    def cancel_export(self) -> None:
        """Ask the running export to stop; it reports back once the partial file is gone."""
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

    def _finished(self, result: object) -> None:
        self._running = False
        if self._closed:
            return
        if isinstance(result, list):
            self.written = [Path(path) for path in result]
        elif isinstance(result, str | Path):
            self.written = [Path(result)]
        folder = self.target if self.mode == "batch" else (self.target or Path()).parent
        if folder is not None:
            self._remember_folder(folder)
        self._list_files()
        if self.mode == "one":
            status = "Done: the report was saved."
        else:
            count = len(self.written)
            status = f"Done: {count} report{'s' if count != 1 else ''} saved."
        self._show(done=True, status=status)

    def _failed(self, error: Exception) -> None:
        self._running = False
        if self._closed:
            return
        if isinstance(error, BenchmarkReportCancelledError):
            self.written = list(error.written)
            self._list_files()
            self._show(status=cancelled_text(error, self.mode))
            return
        if isinstance(error, NoReferenceSetError):
            self._show(error=NO_REFERENCE)
            return
        self._show(error=describe_failure(error, self.target or Path()))

    def _remember_folder(self, folder: Path) -> None:
        try:
            self._services.settings.set(LAST_FOLDER_SETTING, str(folder))
        except Exception:  # a preference must never spoil finished reports
            return

    # -- the result ------------------------------------------------------------------------

    def open_result(self) -> None:
        """The report (one), or the folder of the reports (batch)."""
        if not self.written:
            return
        if self.mode == "one":
            self.opener.open_file(self.written[0])
        else:
            self.opener.open_file(self.written[0].parent)

    def show_in_folder(self) -> None:
        if self.written:
            self.opener.show_in_folder(self.written[0])

    # -- closing ---------------------------------------------------------------------------

    def reject(self) -> None:
        """Escape or Close while running cancels first (the dialog then says so)."""
        if self._running:
            self.cancel_export()
            return
        super().reject()

    def showEvent(self, event: QShowEvent) -> None:
        self._closed = False
        super().showEvent(event)

    def done(self, result: int) -> None:
        """Closed for good (also when the window locks): a running export is cancelled."""
        self._cancel.set()
        if self._closed:
            return
        self._closed = True
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._running:
            self.cancel_export()
            event.ignore()
            return
        super().closeEvent(event)
