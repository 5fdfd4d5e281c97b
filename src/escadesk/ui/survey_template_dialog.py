"""Save the benchmarking survey template: one organization's, or one for each participant.

One organization: a save-file chooser pre-filled with the template's clear name (the
service's ``template_file_name``). All: a folder chooser; one file per participant is
written into it, each named after its organization. The writing runs off the GUI thread
(a template takes a fraction of a second, so there is nothing to cancel: Close waits for
it), and the result opens through the export's :class:`~escadesk.ui.file_job.Opener`, so
tests never launch programs. What goes wrong (a folder that cannot be written, a survey
started with another catalogue) is said in the dialog, which stays open to try again.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QVBoxLayout, QWidget

from escadesk.domain.validation import ValidationError
from escadesk.i18n import N_, _, format_decimal, ngettext
from escadesk.ui.export_dialog import (
    DesktopOpener,
    Opener,
    default_folder,
    describe_failure,
    with_xlsx_suffix,
)
from escadesk.ui.file_job import FileJobDialog, folder_chooser, workbook_chooser
from escadesk.ui.workers import Progress

if TYPE_CHECKING:
    from escadesk.services.container import Services

Mode = Literal["one", "batch"]

ABOUT = N_(
    "One row per indicator of catalogue {version}: the question, its unit, the valid "
    "range and help, with lists for yes/no answers; the answers stored so far are filled "
    "in. When it comes back filled in, read it with Benchmarking > Import survey answers."
)


def failure_text(error: Exception, target: Path) -> str:
    """What went wrong, in words the director can act on."""
    if isinstance(error, ValidationError):
        return _("Not written: {error}").format(error=error)
    return describe_failure(error, target)


class SurveyTemplateDialog(FileJobDialog):
    """Writes one template (``for_organization``) or one per participant (``for_workshop``).

    Tests drive it through its chooser (``choose_in``) or ``export_to(path)``.
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
        self.setWindowTitle(_("Survey template") if self.mode == "one" else _("Survey templates"))
        self._build()
        self._show()

    @classmethod
    def for_organization(
        cls, services: Services, workshop_id: int, registration_id: int, parent: QWidget | None
    ) -> SurveyTemplateDialog:
        return cls(services, workshop_id, registration_id, parent)

    @classmethod
    def for_workshop(
        cls, services: Services, workshop_id: int, parent: QWidget | None
    ) -> SurveyTemplateDialog:
        return cls(services, workshop_id, None, parent)

    # -- building --------------------------------------------------------------------------

    def _build(self) -> None:
        self.setMinimumWidth(600)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(10)
        about = _(ABOUT).format(version=self._benchmarking.catalogue().version)
        if self.mode == "one":
            title = _("Survey template for {organization}").format(organization=self._organization)
            text = _("A workbook for this organization to fill in. {about}").format(about=about)
        else:
            count = len(self._benchmarking.participants(self._workshop_id))
            title = _("Survey templates for all participants")
            text = ngettext(
                "One workbook per participating organization ({count} organization), each "
                "named after its organization, into the folder you choose. {about}",
                "One workbook per participating organization ({count} organizations), each "
                "named after its organization, into the folder you choose. {about}",
                count,
            ).format(count=format_decimal(count), about=about)
        self._add_heading(layout, title, text)
        self._add_path_row(layout, _("Save as:") if self.mode == "one" else _("Folder:"))
        self._add_progress(layout)
        self.progress.setRange(0, 0)  # no steps to count: a template is written at once
        self.files = QListWidget()
        self.files.setAccessibleName(_("Templates written"))
        self.files.setMaximumHeight(150)
        # The names differ only at their end (the organization): keep both ends in view.
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

    # -- state -----------------------------------------------------------------------------

    def _has_result(self, *, running: bool, done: bool) -> bool:
        return bool(self.written) and not running

    def _show_extra(self, *, running: bool, done: bool) -> None:
        if self.mode == "one":
            self.path_caption.setText(_("Saved as:") if done else _("Save as:"))
        self.files.setVisible(self.mode == "batch" and bool(self.written) and not running)

    def _show(
        self, *, running: bool = False, done: bool = False, status: str = "", error: str = ""
    ) -> None:
        super()._show(running=running, done=done, status=status, error=error)
        self.cancel_button.setVisible(False)  # nothing to cancel: it ends in a moment

    def cancel_export(self) -> None:
        """Writing a template cannot be stopped half-way; it ends in a moment."""

    def _list_files(self) -> None:
        self.files.clear()
        for path in self.written:
            self.files.addItem(path.name)
            item = self.files.item(self.files.count() - 1)
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            item.setToolTip(str(path))

    # -- choosing --------------------------------------------------------------------------

    def choose_target(self) -> None:
        """Ask where to save; choosing starts the writing."""
        if self._running or self.file_dialog is not None:
            return
        folder = self.target.parent if self.target else default_folder(self._services)
        if self.mode == "one":
            assert self._registration_id is not None
            name = (
                self.target.name
                if self.target
                else self._benchmarking.template_file_name(self._registration_id)
            )
            chooser = workbook_chooser(self, _("Save the survey template as"), folder, name)
        else:
            chooser = folder_chooser(
                self, _("Choose the folder for the survey templates"), self.target or folder
            )
        self._open_chooser(chooser, self.export_to)

    # -- running ---------------------------------------------------------------------------

    def export_to(self, path: Path) -> None:
        """Write the template to ``path`` (one) or the templates into folder ``path``."""
        if self._running:
            return
        target = with_xlsx_suffix(Path(path)) if self.mode == "one" else Path(path)
        self.written = []
        benchmarking = self._benchmarking
        if self.mode == "one":
            registration_id = self._registration_id
            assert registration_id is not None

            def job(_progress: Progress) -> object:
                return benchmarking.write_template(registration_id, target)
        else:
            workshop_id = self._workshop_id

            def job(_progress: Progress) -> object:
                return benchmarking.write_templates(workshop_id, target)

        writing = _("Writing the template…") if self.mode == "one" else _("Writing the templates…")
        self._start(target, writing, job)

    def _finished(self, result: object) -> None:
        if not self._ended():
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
            status = _("Done: the template was saved.")
        elif self.written:
            count = len(self.written)
            status = ngettext(
                "Done: {count} template saved.", "Done: {count} templates saved.", count
            ).format(count=format_decimal(count))
        else:
            status = _("No organization takes part yet: no template was written.")
        self._show(done=True, status=status)

    def _failed(self, error: Exception) -> None:
        if not self._ended():
            return
        self._show(error=failure_text(error, self.target or Path()))

    # -- the result ------------------------------------------------------------------------

    def open_result(self) -> None:
        """The template (one), or the folder of the templates (all)."""
        if not self.written:
            return
        self.opener.open_file(self.written[0] if self.mode == "one" else self.written[0].parent)

    def show_in_folder(self) -> None:
        if self.written:
            self.opener.show_in_folder(self.written[0])
