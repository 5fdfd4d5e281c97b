"""Save benchmarking reports: one organization's report, or the batch for every participant.

A report is a workbook, its PDF, or both side by side (the format is chosen in the
dialog and remembered for the next time; both at first). One organization: a save-file
chooser pre-filled with the report's clear name. The batch: a
folder chooser; one file per participant is written into it. Either way the work runs off
the GUI thread with a progress bar and a Cancel button. Cancelling leaves no partial file
of the report in progress; in a batch the reports already finished stay and are listed.
An organization that answered too little for a report (the domain's minimum) is told so
instead of a file chooser; a batch skips it and names it, with the reason. The result
opens through the roster export's :class:`~escadesk.ui.export_dialog.Opener`, so tests
never launch programs.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from escadesk.i18n import N_, _, format_decimal, ngettext
from escadesk.services.benchmark_views import (
    BenchmarkReportCancelledError,
    NoReferenceSetError,
    ReportBatch,
    ReportRefusedError,
)
from escadesk.ui.export_dialog import (
    DesktopOpener,
    Opener,
    default_folder,
    describe_failure,
    with_xlsx_suffix,
)
from escadesk.ui.file_job import FileJobDialog, folder_chooser, workbook_chooser
from escadesk.ui.sizing import grow_to_fit
from escadesk.ui.workers import Progress

if TYPE_CHECKING:
    from escadesk.services.container import Services

Mode = Literal["one", "batch"]

#: Settings key: the report format chosen last ("both", "pdf" or "xlsx").
FORMAT_SETTING = "benchmark.report_format"
#: The format choices, in the order offered: (key, text, formats).
FORMAT_CHOICES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("both", N_("Workbook (.xlsx) and PDF, side by side"), ("xlsx", "pdf")),
    ("pdf", N_("PDF only"), ("pdf",)),
    ("xlsx", N_("Workbook (.xlsx) only"), ("xlsx",)),
)
PDF_FILTER = N_("PDF documents (*.pdf)")

NO_REFERENCE = N_(
    "There is no reference set to compare with: install the shipped synthetic set or "
    "import one under Benchmarking > Reference sets, then try again."
)


TOO_FEW_ANSWERS_HINT = N_(
    "Type the missing answers under Benchmarking > Questionnaire… (or import the filled "
    "survey template), then save the report again."
)


def refused_text(error: ReportRefusedError) -> str:
    """Why the report is not written, and what to do about it."""
    return _("No report was written: {reason} {hint}").format(
        reason=error.reason, hint=_(TOO_FEW_ANSWERS_HINT)
    )


def cancelled_text(error: BenchmarkReportCancelledError, mode: Mode) -> str:
    """What a cancel left behind, in words."""
    if not error.written:
        return _("Cancelled; no report was written.")
    if mode == "one":
        names = ", ".join(path.name for path in error.written)
        return _(
            "Cancelled: {names} was already written and stays; the PDF was not written."
        ).format(names=names)
    count = len(error.written)
    return ngettext(
        "Cancelled: {count} report was already written and stays in the folder; the report "
        "in progress was not written.",
        "Cancelled: {count} reports were already written and stay in the folder; the report "
        "in progress was not written.",
        count,
    ).format(count=format_decimal(count))


class BenchmarkReportDialog(FileJobDialog):
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
        super().__init__(services, opener or DesktopOpener(), _("&Save"), parent)
        self._benchmarking = services.benchmarking
        self._workshop_id = workshop_id
        self._registration_id = registration_id
        self.mode: Mode = "one" if registration_id is not None else "batch"
        self.written: list[Path] = []
        self._organization = ""
        if registration_id is not None:
            self._organization = self._benchmarking.survey(registration_id).organization
        self.setWindowTitle(
            _("Benchmarking report") if self.mode == "one" else _("Benchmarking reports")
        )
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
            title = _("Benchmarking report of {organization}").format(
                organization=self._organization
            )
            text = _(
                "The organization's own report: cover, summary with the radar by area, one "
                "chart per area, every indicator with the peer statistics, and the "
                "recommendations. Confidential: send it to this organization only."
            )
        else:
            count = len(self._benchmarking.participants(self._workshop_id))
            title = _("Benchmarking reports for all participants")
            text = ngettext(
                "One report per participating organization ({count} organization), each named "
                "after its organization, into the folder you choose. Each report is "
                "confidential to its organization.",
                "One report per participating organization ({count} organizations), each named "
                "after its organization, into the folder you choose. Each report is "
                "confidential to its organization.",
                count,
            ).format(count=format_decimal(count))
        self._add_heading(layout, title, text)
        self._add_format_row(layout)
        self._add_path_row(layout, _("Save as:") if self.mode == "one" else _("Folder:"))
        self._add_progress(layout)
        self.files = QListWidget()
        self.files.setMaximumHeight(150)
        # the names differ at their end (organization, .xlsx/.pdf): keep the end in view
        self.files.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.files.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.files.itemDoubleClicked.connect(
            lambda item: self.opener.open_file(Path(item.data(Qt.ItemDataRole.UserRole)))
        )
        layout.addWidget(self.files)
        self._add_error(layout)
        self._add_buttons(
            layout, _("&Open") if self.mode == "one" else _("&Open folder"), _("Cancel")
        )

    def _add_format_row(self, layout: QVBoxLayout) -> None:
        """The format choice, set to the one used last."""
        row = QHBoxLayout()
        caption = QLabel(_("&Format:"))
        self.format_box = QComboBox()
        self.format_box.setAccessibleName(_("Report format"))
        for key, text, _formats in FORMAT_CHOICES:
            self.format_box.addItem(_(text), key)
        remembered = self._services.settings.get(FORMAT_SETTING, "both")
        index = self.format_box.findData(remembered)
        self.format_box.setCurrentIndex(max(index, 0))
        caption.setBuddy(self.format_box)
        row.addWidget(caption)
        row.addWidget(self.format_box, 1)
        layout.addLayout(row)

    @property
    def format_key(self) -> str:
        return str(self.format_box.currentData())

    @property
    def formats(self) -> tuple[str, ...]:
        """The files to write: ("xlsx",), ("pdf",) or both."""
        return next(f for key, _text, f in FORMAT_CHOICES if key == self.format_key)

    def _target_for(self, path: Path) -> Path:
        """The file chosen, with the suffix of its format (the PDF's alone: .pdf)."""
        if self.formats == ("pdf",):
            return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")
        return with_xlsx_suffix(path)

    # -- state -----------------------------------------------------------------------------

    def _has_result(self, *, running: bool, done: bool) -> bool:
        return bool(self.written) and not running

    def _show_extra(self, *, running: bool, done: bool) -> None:
        if self.mode == "one":
            self.path_caption.setText(_("Saved as:") if done else _("Save as:"))
        self.files.setVisible(
            (self.mode == "batch" or len(self.written) > 1) and bool(self.written) and not running
        )
        self.format_box.setEnabled(not running)

    def _list_files(self) -> None:
        self.files.clear()
        for path in self.written:
            self.files.addItem(path.name)
            item = self.files.item(self.files.count() - 1)
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            item.setToolTip(str(path))

    # -- choosing --------------------------------------------------------------------------

    def refusal(self) -> ReportRefusedError | None:
        """Why this organization's report would be refused (too few answers), or None."""
        if self._registration_id is None:
            return None
        return self._benchmarking.report_refusal(self._registration_id)

    def start(self) -> None:
        """Shown from the menu: why there is no report (too few answers), or the format
        choice with the focus and Choose… as the default button (Enter opens the file or
        folder chooser in the format chosen)."""
        refusal = self.refusal()
        if refusal is not None:
            self._show_refused(refusal)
            return
        self.choose_button.setDefault(True)
        self.format_box.setFocus()

    def choose_target(self) -> None:
        """Ask where to save; choosing starts the export. An organization that answered
        too little is told why instead (no chooser, nothing written)."""
        if self._running or self.file_dialog is not None:
            return
        refusal = self.refusal()
        if refusal is not None:
            self._show_refused(refusal)
            return
        folder = self.target.parent if self.target else default_folder(self._services)
        if self.mode == "one":
            assert self._registration_id is not None
            name = (
                self.target.name
                if self.target
                else self._benchmarking.report_file_name(self._registration_id)
            )
            if self.formats == ("pdf",):
                name = str(Path(name).with_suffix(".pdf"))
                chooser = workbook_chooser(self, _("Save the benchmarking report as"), folder, name)
                chooser.setNameFilter(_(PDF_FILTER))
                chooser.setDefaultSuffix("pdf")
            else:
                name = str(Path(name).with_suffix(".xlsx"))
                chooser = workbook_chooser(self, _("Save the benchmarking report as"), folder, name)
        else:
            chooser = folder_chooser(
                self, _("Choose the folder for the reports"), self.target or folder
            )
        self._open_chooser(chooser, self.export_to)

    # -- running ---------------------------------------------------------------------------

    def export_to(self, path: Path) -> None:
        """Write the report to ``path`` (one) or the reports into folder ``path`` (batch)."""
        if self._running:
            return
        target = self._target_for(Path(path)) if self.mode == "one" else Path(path)
        self.written = []
        benchmarking, cancelled = self._benchmarking, self._cancel.is_set
        formats = self.formats
        self._services.settings.set(FORMAT_SETTING, self.format_key)  # remembered
        if self.mode == "one":
            registration_id = self._registration_id
            assert registration_id is not None

            def job(progress: Progress) -> object:
                written = benchmarking.write_report(
                    registration_id, target, progress=progress, cancelled=cancelled, formats=formats
                )
                return [written.with_suffix(f".{kind}") for kind in formats]
        else:
            workshop_id = self._workshop_id

            def job(progress: Progress) -> object:
                return benchmarking.write_reports(
                    workshop_id, target, progress=progress, cancelled=cancelled, formats=formats
                )

        self._start(target, _("Comparing with the reference set…"), job)

    def _finished(self, result: object) -> None:
        if not self._ended():
            return
        skipped = ""
        if isinstance(result, ReportBatch):
            self.written = list(result.written)
            skipped = result.skipped_text()
        elif isinstance(result, list):
            self.written = [Path(item) for item in result]
        elif isinstance(result, str | Path):
            self.written = [Path(result)]
        folder = self.target if self.mode == "batch" else (self.target or Path()).parent
        if folder is not None:
            self._remember_folder(folder)
        self._list_files()
        if self.mode == "one":
            status = (
                _("Done: the report was saved.")
                if len(self.written) == 1
                else _("Done: the report was saved as a workbook and a PDF.")
            )
        else:
            count = len(self.written)
            kinds = len(self.formats)
            reports = count // kinds
            if kinds == 1:
                status = ngettext(
                    "Done: {count} report saved.", "Done: {count} reports saved.", reports
                ).format(count=format_decimal(reports))
            else:
                status = ngettext(
                    "Done: {count} report saved ({files} files: a workbook and a PDF each).",
                    "Done: {count} reports saved ({files} files: a workbook and a PDF each).",
                    reports,
                ).format(count=format_decimal(reports), files=count)
        if skipped:
            skipped += "\n" + _(TOO_FEW_ANSWERS_HINT)
        self._show(done=True, status=status, error=skipped)

    def _failed(self, error: Exception) -> None:
        if not self._ended():
            return
        if isinstance(error, BenchmarkReportCancelledError):
            self.written = list(error.written)
            self._list_files()
            self._show(status=cancelled_text(error, self.mode))
            return
        if isinstance(error, NoReferenceSetError):
            self._show(error=_(NO_REFERENCE))
            return
        if isinstance(error, ReportRefusedError):
            self._show_refused(error)
            return
        self._show(error=describe_failure(error, self.target or Path()))

    def _show_refused(self, refusal: ReportRefusedError) -> None:
        """Why there is no report, and nothing to choose: no file row, only Close."""
        self._show(error=refused_text(refusal))
        for widget in (self.path_caption, self.path_label, self.choose_button):
            widget.hide()
        self.export_button.hide()
        self.close_button.setDefault(True)
        self.close_button.setFocus()
        if self.isVisible():
            grow_to_fit(self, shrink=True)

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
