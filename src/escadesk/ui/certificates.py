"""Certificates of destruction: what was erased, when and why, ready to send.

Each is shown laid out as a page under the institute's letterhead (see
``certificate_document.py``), and can be printed, saved as PDF, or saved as the plain
text the cancellation letter attaches. The facts come from the vault service and hold no
card data.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
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

from escadesk.atomic_files import write_atomically
from escadesk.services.vault import VaultError
from escadesk.ui.certificate_document import certificate_document, pdf_bytes, print_document
from escadesk.ui.dialog_buttons import add_action, close_buttons
from escadesk.ui.formatting import local_time
from escadesk.ui.sizing import fit_to_screen

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from escadesk.services.certificate import Certificate
    from escadesk.services.container import Services

ERASURE_ROLE = Qt.ItemDataRole.UserRole + 1


def certificate_file_name(organization: str, certificate_number: str) -> str:
    """'Certificate of destruction - Andes AgriFood Alliance - KQXF-MBTR.txt'."""
    safe = "".join(c for c in organization if c.isalnum() or c in " -_&.").strip()
    return f"Certificate of destruction - {safe} - {certificate_number[:9]}.txt"


class CertificatesDialog(QDialog):
    def __init__(
        self,
        services: Services,
        workshop_id: int,
        zone: ZoneInfo,
        select_erasure: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self.certificate: Certificate | None = None
        self.print_dialog: QPrintDialog | None = None
        self.file_dialog: QFileDialog | None = None
        self._document: QTextDocument | None = None
        self.setWindowTitle("Certificates of destruction")
        fit_to_screen(self, 880, 560)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Each erasure of a card authorization leaves a certificate: what was destroyed, "
            "when, why and by whom. Certificates contain no card data."
        )
        intro.setWordWrap(True)
        intro.setObjectName("muted")
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.erasures = QListWidget()
        self.erasures.setAccessibleName("Erasures")
        self.erasures.setMinimumWidth(300)
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        self.text.setAccessibleName("Certificate of destruction")
        row.addWidget(self.erasures, 2)
        row.addWidget(self.text, 5)
        layout.addLayout(row, 1)
        self.empty = QLabel("No card authorization of this workshop has been erased.")
        self.empty.setObjectName("muted")
        layout.addWidget(self.empty)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.hide()
        layout.addWidget(self.status)
        buttons, _close = close_buttons(self)
        self.print_button = add_action(buttons, "&Print…", self.choose_printer)
        self.pdf_button = add_action(buttons, "Save as P&DF…", self.choose_pdf_file)
        self.save_button = add_action(buttons, "Save as &text…", self.choose_file_and_save)
        layout.addWidget(buttons)
        self.erasures.currentItemChanged.connect(self._show_selected)
        for erasure in services.vault.erasures(workshop_id):
            what = (
                "whole card authorization"
                if erasure.scope.value == "full"
                else "security code and scanned form"
            )
            item = QListWidgetItem(
                f"{erasure.organization}\n{local_time(erasure.erased_at, zone)} — {what}"
                f"{'' if erasure.status == 'complete' else ' (' + erasure.status + ')'}"
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
            button.setEnabled(self.certificate is not None)

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
            return "Certificate of destruction.txt"
        erasure = self._services.vault.erasure(erasure_id)
        return certificate_file_name(erasure.organization, erasure.certificate_number)

    def save_to(self, path: Path) -> Path:
        """Write the shown certificate (UTF-8 text); returns the path written."""
        text = self.certificate.text() if self.certificate else self.text.toPlainText()
        path.write_text(text + "\n", encoding="utf-8")
        return path

    # -- printing and PDF ------------------------------------------------------------------

    def print_to(self, printer: QPrinter) -> None:
        """Print the shown certificate (a real printer, or a PDF file in tests)."""
        if self.certificate is not None:
            printer.setDocName(self._document_title())
            print_document(self.text.document(), printer)

    def choose_printer(self) -> None:
        """The system's print dialog, window-modal and not blocking; Print prints."""
        if self.certificate is None or self.print_dialog is not None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Print the certificate of destruction")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.accepted.connect(lambda: self.print_to(printer))
        dialog.finished.connect(lambda _result: self._print_dialog_closed(dialog))
        self.print_dialog = dialog
        QDialog.open(dialog)  # QPrintDialog hides the plain open() behind open(receiver, slot)

    def _print_dialog_closed(self, dialog: QPrintDialog) -> None:
        if self.print_dialog is dialog:
            self.print_dialog = None
        dialog.deleteLater()

    def _document_title(self) -> str:
        organization = self.certificate.organization if self.certificate else ""
        return f"Certificate of destruction — {organization}"

    def save_pdf(self, path: Path) -> Path:
        """Write the shown certificate as a PDF (whole or not at all); returns the path."""
        if self.certificate is None:
            raise ValueError("No certificate is shown.")
        data = pdf_bytes(self.text.document(), self._document_title())
        write_atomically(path, lambda stream: stream.write(data), prefix=f".{path.stem[:40]}.")
        return path

    def choose_pdf_file(self) -> None:
        self._choose_file(
            "Save the certificate of destruction as PDF",
            Path(self.suggested_name()).with_suffix(".pdf").name,
            "PDF files (*.pdf)",
            self.save_pdf,
        )

    def choose_file_and_save(self) -> None:
        self._choose_file(
            "Save the certificate of destruction as text",
            self.suggested_name(),
            "Text files (*.txt)",
            self.save_to,
        )

    def _choose_file(
        self, title: str, name: str, file_filter: str, write: Callable[[Path], Path]
    ) -> None:
        """A save-file chooser, window-modal and not blocking; the chosen file is written
        with ``write`` and the result said under the certificate (never a traceback)."""
        if self.certificate is None or self.file_dialog is not None:
            return
        suffix = Path(name).suffix
        chooser = QFileDialog(self, title, str(Path.home() / name), file_filter)
        chooser.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        chooser.setDefaultSuffix(suffix.lstrip("."))
        chooser.selectFile(name)
        chooser.setWindowModality(Qt.WindowModality.WindowModal)
        chooser.fileSelected.connect(lambda chosen: self.write_file(Path(chosen), suffix, write))
        chooser.finished.connect(lambda _result: self._chooser_closed(chooser))
        self.file_dialog = chooser
        chooser.open()

    def _chooser_closed(self, chooser: QFileDialog) -> None:
        if self.file_dialog is chooser:
            self.file_dialog = None
        chooser.deleteLater()

    def write_file(self, path: Path, suffix: str, write: Callable[[Path], Path]) -> None:
        """Write with ``suffix`` added if missing; say where, or why not."""
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        try:
            written = write(path)
        except OSError as error:
            self.status.setObjectName("fieldError")
            self.status.setText(
                f"Could not write {path.name}: {error.strerror or error}. Nothing was written; "
                "choose another folder or close the file where it is open."
            )
        else:
            self.status.setObjectName("muted")
            self.status.setText(f"Saved {written.name} in {written.parent}.")
        self.status.style().polish(self.status)
        self.status.show()
