"""Certificates of destruction: what was erased, when and why, ready to send.

Each is shown laid out as a page under the institute's letterhead (see
``certificate_document.py``), and can be saved as PDF, printed, or saved as the plain
text the cancellation letter quotes. The facts come from the vault service and hold no
card data.

The PDF is the vault service's (reportlab, ``documents/certificate_pdf.py``): the same
page is attached to the cancellation letter, saved and printed. Printing opens that PDF
in the desktop's PDF viewer, from which it is printed: Qt can print only what it lays out
itself, and drawing a PDF page with Qt needs the QtPdf module (4.5 MB of PDFium the
bundle leaves out). Files are made off the GUI thread.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from escadesk.atomic_files import write_atomically
from escadesk.i18n import N_, _
from escadesk.services.vault import VaultError
from escadesk.ui.certificate_document import certificate_document
from escadesk.ui.dialog_buttons import add_action, close_buttons
from escadesk.ui.export_dialog import DesktopOpener
from escadesk.ui.file_job import ChooserHost, save_chooser
from escadesk.ui.formatting import local_time
from escadesk.ui.sizing import fit_to_screen
from escadesk.ui.workers import Progress, run_in_background

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from escadesk.domain.destruction_certificate import Certificate
    from escadesk.services.container import Services
    from escadesk.ui.file_job import Opener

ERASURE_ROLE = Qt.ItemDataRole.UserRole + 1
#: The stored statuses of an erasure (database values), in words for the list.
ERASURE_STATUSES = {"pending": N_("pending"), "remnants found": N_("remnants found")}


def certificate_file_name(organization: str, certificate_number: str) -> str:
    """'Certificate of destruction - Andes AgriFood Alliance - KQXF-MBTR.txt'."""
    safe = "".join(c for c in organization if c.isalnum() or c in " -_&.").strip()
    return _("Certificate of destruction - {organization} - {number}.txt").format(
        organization=safe, number=certificate_number[:9]
    )


class CertificatesDialog(ChooserHost, QDialog):
    def __init__(
        self,
        services: Services,
        workshop_id: int,
        zone: ZoneInfo,
        select_erasure: int | None = None,
        parent: QWidget | None = None,
        opener: Opener | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self.certificate: Certificate | None = None
        self.file_dialog: QFileDialog | None = None
        #: Hands the PDF to print to the desktop's viewer (tests record it instead).
        self.opener: Opener = opener or DesktopOpener()
        #: A file is being made in the background (the buttons wait for it).
        self.busy = False
        self._document: QTextDocument | None = None
        self.setWindowTitle(_("Certificates of destruction"))
        fit_to_screen(self, 880, 560)
        layout = QVBoxLayout(self)
        intro = QLabel(
            _(
                "Each erasure of a card authorization leaves a certificate: what was "
                "destroyed, when, why and by whom. Certificates contain no card data."
            )
        )
        intro.setWordWrap(True)
        intro.setObjectName("muted")
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.erasures = QListWidget()
        self.erasures.setAccessibleName(_("Erasures"))
        self.erasures.setMinimumWidth(300)
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        self.text.setAccessibleName(_("Certificate of destruction"))
        row.addWidget(self.erasures, 2)
        row.addWidget(self.text, 5)
        layout.addLayout(row, 1)
        self.empty = QLabel(_("No card authorization of this workshop has been erased."))
        self.empty.setObjectName("muted")
        layout.addWidget(self.empty)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.hide()
        layout.addWidget(self.status)
        buttons, _close = close_buttons(self)
        self.print_button = add_action(buttons, _("&Print…"), self.print_certificate)
        self.print_button.setToolTip(
            _("Opens the certificate as a PDF in your PDF viewer, to print it from there.")
        )
        self.pdf_button = add_action(buttons, _("Save as P&DF…"), self.choose_pdf_file)
        self.save_button = add_action(buttons, _("Save as &text…"), self.choose_file_and_save)
        layout.addWidget(buttons)
        self.erasures.currentItemChanged.connect(self._show_selected)
        for erasure in services.vault.erasures(workshop_id):
            what = (
                _("whole card authorization")
                if erasure.scope.value == "full"
                else _("security code and scanned form")
            )
            if erasure.status == "complete":
                line = _("{organization}\n{when} — {what}")
            else:
                # Translators: {status} is "pending" or "remnants found".
                line = _("{organization}\n{when} — {what} ({status})")
            item = QListWidgetItem(
                line.format(
                    organization=erasure.organization,
                    when=local_time(erasure.erased_at, zone),
                    what=what,
                    status=_(ERASURE_STATUSES.get(erasure.status, erasure.status)),
                )
            )
            item.setData(ERASURE_ROLE, erasure.id)
            self.erasures.addItem(item)
            if erasure.id == select_erasure:
                self.erasures.setCurrentItem(item)
        if self.erasures.currentItem() is None and self.erasures.count():
            self.erasures.setCurrentRow(self.erasures.count() - 1)
        has_any = self.erasures.count() > 0
        self.empty.setVisible(not has_any)
        self._enable_buttons()

    def selected_erasure(self) -> int | None:
        item = self.erasures.currentItem()
        return None if item is None else int(item.data(ERASURE_ROLE))

    def _enable_buttons(self) -> None:
        for button in (self.print_button, self.pdf_button, self.save_button):
            button.setEnabled(self.certificate is not None and not self.busy)

    def _show_selected(self) -> None:
        erasure_id = self.selected_erasure()
        self.certificate = None
        if erasure_id is None:
            self.text.clear()
        else:
            try:
                self.certificate = self._services.vault.certificate(erasure_id)
            except VaultError as error:  # e.g. an erasure still pending
                self.text.setPlainText(str(error))
            else:
                shown = certificate_document(self.certificate, parent=self.text)
                self.text.setDocument(shown)
                if self._document is not None:
                    self._document.deleteLater()  # the page shown before, made here
                self._document = shown
        self._enable_buttons()

    def suggested_name(self) -> str:
        erasure_id = self.selected_erasure()
        if erasure_id is None:
            return _("Certificate of destruction.txt")
        erasure = self._services.vault.erasure(erasure_id)
        return certificate_file_name(erasure.organization, erasure.certificate_number)

    def save_to(self, path: Path, certificate: Certificate | None = None) -> Path:
        """Write ``certificate`` (else the shown one) as UTF-8 text; returns the path."""
        certificate = certificate or self.certificate
        if certificate is None:
            raise ValueError("No certificate is shown.")
        path.write_text(certificate.text() + "\n", encoding="utf-8")
        return path

    # -- PDF and printing ------------------------------------------------------------------

    def save_pdf(self, path: Path, erasure_id: int | None = None) -> Path:
        """Write the certificate of ``erasure_id`` (else the shown one) as a PDF, whole or
        not at all; returns the path. Safe in a worker thread when ``erasure_id`` is given."""
        if erasure_id is None:
            erasure_id = self.selected_erasure()
        if erasure_id is None:
            raise ValueError("No certificate is shown.")
        data = self._services.vault.certificate_pdf(erasure_id)
        write_atomically(path, lambda stream: stream.write(data), prefix=f".{path.stem[:40]}.")
        return path

    def print_certificate(self) -> None:
        """Make the PDF in a private temporary folder and open it in the PDF viewer, which
        prints it (see the module's note); what happened is said under the certificate."""
        erasure_id = self.selected_erasure()
        if self.certificate is None or erasure_id is None or self.busy:
            return
        name = Path(self.suggested_name()).with_suffix(".pdf").name

        def job(_progress: Progress) -> Path:
            folder = Path(tempfile.mkdtemp(prefix="escadesk-print-"))  # owner-only
            return self.save_pdf(folder / name, erasure_id)

        def opened(path: Path) -> None:
            self.opener.open_file(path)
            self._say(
                _("Opened {file} in your PDF viewer: print it from there.").format(file=path.name)
            )

        self._run(job, opened, name)

    def choose_pdf_file(self) -> None:
        erasure_id = self.selected_erasure()
        self._choose_file(
            _("Save the certificate of destruction as PDF"),
            Path(self.suggested_name()).with_suffix(".pdf").name,
            _("PDF files (*.pdf)"),
            lambda path: self.save_pdf(path, erasure_id),
        )

    def choose_file_and_save(self) -> None:
        certificate = self.certificate
        self._choose_file(
            _("Save the certificate of destruction as text"),
            self.suggested_name(),
            _("Text files (*.txt)"),
            lambda path: self.save_to(path, certificate),
        )

    def _choose_file(
        self, title: str, name: str, file_filter: str, write: Callable[[Path], Path]
    ) -> None:
        """A save-file chooser, window-modal and not blocking; the chosen file is written
        with ``write`` and the result said under the certificate (never a traceback)."""
        if self.certificate is None or self.file_dialog is not None or self.busy:
            return
        suffix = Path(name).suffix
        chooser = save_chooser(self, title, Path.home(), name, file_filter, suffix.lstrip("."))
        self._open_chooser(chooser, lambda chosen: self.write_file(chosen, suffix, write))

    def write_file(self, path: Path, suffix: str, write: Callable[[Path], Path]) -> None:
        """Write with ``suffix`` added if missing, off the GUI thread; say where, or why
        not (``busy`` until then)."""
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        self._run(
            lambda _progress: write(path),
            lambda written: self._say(
                _("Saved {file} in {folder}.").format(file=written.name, folder=written.parent)
            ),
            path.name,
        )

    def _run(
        self, job: Callable[[Progress], Path], on_success: Callable[[Path], None], name: str
    ) -> None:
        """Run ``job`` in the background with the buttons disabled; a failure is said
        under the certificate, never a traceback."""
        self.busy = True
        self._enable_buttons()
        self._say(_("Making {file}…").format(file=name))

        def succeeded(written: Path) -> None:
            if isValid(self.status):  # else the window was closed meanwhile
                self._finished()
                on_success(written)

        def failed(error: Exception) -> None:
            if isValid(self.status):
                self._finished()
                self._say(_failure(error, name), error=True)

        run_in_background(job, succeeded, failed)

    def _finished(self) -> None:
        self.busy = False
        self._enable_buttons()

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setObjectName("fieldError" if error else "muted")
        self.status.setText(text)
        self.status.style().polish(self.status)
        self.status.show()


def _failure(error: Exception, name: str) -> str:
    """What went wrong, in words the director can act on."""
    if isinstance(error, OSError):
        return _(
            "Could not write {file}: {error}. Nothing was written; "
            "choose another folder or close the file where it is open."
        ).format(file=name, error=error.strerror or error)
    if isinstance(error, VaultError):
        return _("{file} was not made: {error}").format(file=name, error=error)
    return _("{file} was not made: {error}. Nothing was written.").format(file=name, error=error)
