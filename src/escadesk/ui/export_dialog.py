"""Export a workshop's roster or finance workbook: choose where, watch it run, open it.

The workbook is written off the GUI thread (``run_in_background``) with a progress bar and a
Cancel button; a cancelled or failed export leaves no file behind (the export service writes
to a temporary name and replaces the target only when done). Failures are explained inline
and the dialog stays usable, so the director can close the file in Excel and try again.
Opening the result goes through an injectable ``Opener`` so tests never launch programs.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QDir, QProcess, QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QVBoxLayout, QWidget

from escadesk.domain.validation import ValidationError
from escadesk.i18n import N_, _, pgettext
from escadesk.services.exports import ExportCancelledError
from escadesk.ui.file_job import LAST_FOLDER_SETTING, FileJobDialog, Opener, workbook_chooser

if TYPE_CHECKING:
    from escadesk.services.container import Services

ExportKind = Literal["roster", "finance"]

#: Marked for extraction; translated where shown.
CANCELLED_MESSAGE = N_("Export cancelled; no file was written.")

#: Each kind's sentences whole (French words agree with the workbook's name), marked for
#: extraction and translated where shown: the title, the heading, the chooser's title,
#: while preparing, when done.
_TEXTS: dict[str, tuple[str, str, str, str, str]] = {
    "roster": (
        N_("Export roster"),
        N_("Export the roster"),
        N_("Save the roster as"),
        N_("Preparing the roster…"),
        N_("Done: the roster was saved."),
    ),
    "finance": (
        N_("Export finance workbook"),
        N_("Export the finance workbook"),
        N_("Save the finance workbook as"),
        N_("Preparing the finance workbook…"),
        N_("Done: the finance workbook was saved."),
    ),
}
TITLE, HEADING, CHOOSER, PREPARING, DONE = range(5)
_DESCRIPTIONS: dict[str, str] = {
    "roster": N_(
        "The participants, the programme of the day with the strategy-pitch schedule, and "
        "the facilitators, with a cover page, ready to print."
    ),
    "finance": N_(
        "One row per organization with the fee, the tax, the charge and the card as brand "
        "and last four digits only, and a summary whose totals are formulas finance can audit."
    ),
}


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
        return _(
            "Could not write {file}: permission denied. If the file is open in Excel "
            "or another program, close it and try again, or choose another folder."
        ).format(file=target.name)
    if isinstance(error, FileNotFoundError):
        return _(
            "Could not write {file}: the folder {folder} does not exist. Choose another folder."
        ).format(file=target.name, folder=target.parent)
    if isinstance(error, NotADirectoryError):
        return _("Could not write {file}: {folder} is not a folder. Choose another folder.").format(
            file=target.name, folder=target.parent
        )
    if isinstance(error, IsADirectoryError):
        return _("Could not write {file}: it is a folder. Choose a file name.").format(file=target)
    if isinstance(error, OSError):
        reason = error.strerror or str(error)
        return _("Could not write {file}: {reason}. Nothing was written.").format(
            file=target.name, reason=reason
        )
    if isinstance(error, ValidationError):
        return _("Not exported: {error}").format(error=error)
    return _("The export failed: {error}. Nothing was written.").format(error=error)


class ExportDialog(FileJobDialog):
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
        if kind not in _TEXTS:
            raise ValueError(f"Unknown export: {kind!r}")
        super().__init__(services, opener or DesktopOpener(), _("&Export"), parent)
        self._workshop_id = workshop_id
        self._kind: ExportKind = kind
        self.written: Path | None = None
        self.setWindowTitle(_(_TEXTS[kind][TITLE]))
        self._build()
        self._show_idle(_("Choose where to save the workbook…"))

    # -- building --------------------------------------------------------------------------

    def _build(self) -> None:
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(10)
        self._add_heading(layout, _(_TEXTS[self._kind][HEADING]), _(_DESCRIPTIONS[self._kind]))
        self._add_path_row(layout, _("Save as:"))
        self._add_progress(layout)
        self._add_error(layout)
        self._add_buttons(layout, pgettext("button", "&Open"), _("Cancel export"))

    # -- state -----------------------------------------------------------------------------

    def _has_result(self, *, running: bool, done: bool) -> bool:
        return done

    def _show_extra(self, *, running: bool, done: bool) -> None:
        self.path_caption.setText(_("Saved as:") if done else _("Save as:"))

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
        chooser = workbook_chooser(self, _(_TEXTS[self._kind][CHOOSER]), folder, name)
        self._open_chooser(chooser, self.export_to)

    # -- running ---------------------------------------------------------------------------

    def export_to(self, path: Path) -> None:
        """Write the workbook to ``path`` (``.xlsx`` added if missing) in the background."""
        if self._running:
            return
        target = with_xlsx_suffix(Path(path))
        self.written = None
        export = getattr(self._services.exports, self._kind)
        workshop_id, cancelled = self._workshop_id, self._cancel.is_set
        self._start(
            target,
            _(_TEXTS[self._kind][PREPARING]),
            lambda progress: export(workshop_id, target, progress=progress, cancelled=cancelled),
        )

    def _finished(self, written: object) -> None:
        if not self._ended():
            return
        path = Path(written) if isinstance(written, str | Path) else self.target
        self.written = path
        if path is not None:
            self._remember_folder(path.parent)
        self._show(done=True, status=_(_TEXTS[self._kind][DONE]))

    def _failed(self, error: Exception) -> None:
        if not self._ended():
            return
        if isinstance(error, ExportCancelledError):
            self._show_idle(status=_(CANCELLED_MESSAGE))
            return
        target = self.target or Path()
        self._show_idle(error=describe_failure(error, target))

    # -- the result ------------------------------------------------------------------------

    def open_result(self) -> None:
        if self.written is not None:
            self.opener.open_file(self.written)

    def show_in_folder(self) -> None:
        if self.written is not None:
            self.opener.show_in_folder(self.written)
