"""Certificates of destruction shown as a formatted page under the institute's letterhead,
printed (to a PDF printer here) and saved as PDF; the PDF's own text is read back."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from pytestqt.qtbot import QtBot

from escadesk.domain.institute import InstituteIdentity
from escadesk.services.certificate import Certificate
from escadesk.ui.certificate_document import LOGO_URL, certificate_document, certificate_html
from escadesk.ui.certificates import CertificatesDialog
from escadesk.ui.main_window import MainWindow

BALTIC = "Baltic Maritime Innovation Network"


def pdf_text(path: Path) -> str:
    """The PDF's text, read by pdftotext or pypdf where installed, else by Qt's own PDF
    module (always there with PySide6)."""
    if shutil.which("pdftotext"):
        return subprocess.run(
            ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
        ).stdout
    if importlib.util.find_spec("pypdf") is not None:
        from pypdf import PdfReader

        return "\n".join(page.extract_text() for page in PdfReader(path).pages)
    document = QPdfDocument()
    assert document.load(str(path)) == QPdfDocument.Error.None_
    return "\n".join(document.getAllText(page).text() for page in range(document.pageCount()))


def _certificates(qtbot: QtBot, window: MainWindow) -> CertificatesDialog:
    services = window.services
    rows = services.registrations.list(window.workshop.id)
    registration = next(row.id for row in rows if row.organization == BALTIC)
    erasure = services.vault.erase(registration, "Workshop cancelled: quorum not reached")
    window.open_certificates(erasure.id)
    dialog = window.active_dialog
    assert isinstance(dialog, CertificatesDialog)
    qtbot.waitExposed(dialog)
    return dialog


def test_the_certificate_reads_as_a_page_under_the_letterhead(
    qtbot: QtBot, window: MainWindow
) -> None:
    dialog = _certificates(qtbot, window)
    text = dialog.text.toPlainText()
    assert text.index("Institute for Competitiveness & Prosperity") < text.index(
        "CERTIFICATE OF DESTRUCTION"
    )
    assert "105 St George Street" in text and BALTIC in text
    assert "What was destroyed" in text and "What was checked, and where" in text
    assert text.rstrip().endswith(
        "Morgan Ashdown\nResearch Director\nInstitute for Competitiveness & Prosperity"
    )
    logo = dialog.text.document().resource(QTextDocument.ResourceType.ImageResource, LOGO_URL)
    assert isinstance(logo, QImage) and logo.width() == 128
    assert dialog.text.accessibleName() == "Certificate of destruction"
    for button in (dialog.print_button, dialog.pdf_button, dialog.save_button):
        assert button.isEnabled()


def test_print_to_a_pdf_printer_then_save_as_pdf(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    dialog = _certificates(qtbot, window)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    dialog.print_to(printer)
    assert printed.read_bytes().startswith(b"%PDF")
    words = " ".join(pdf_text(printed).split())
    assert BALTIC in words and "destroyed" in words
    assert "Institute for Competitiveness & Prosperity" in words

    saved = dialog.save_pdf(tmp_path / "certificate.pdf")
    assert saved.read_bytes().startswith(b"%PDF")
    words = " ".join(pdf_text(saved).split())
    assert BALTIC in words and "What was destroyed" in words
    document = QPdfDocument()
    document.load(str(saved))
    assert document.pageCount() == 1
    size = document.pagePointSize(0)
    assert (round(size.width()), round(size.height())) == (612, 792)  # Letter
    assert document.metaData(QPdfDocument.MetaDataField.Title).startswith(
        "Certificate of destruction — Baltic"
    )
    assert not list(tmp_path.glob(".*"))  # no temporary file left beside it


def test_the_print_dialog_is_window_modal_and_can_be_cancelled(
    qtbot: QtBot, window: MainWindow
) -> None:
    dialog = _certificates(qtbot, window)
    dialog.print_button.click()
    printing = dialog.print_dialog
    assert isinstance(printing, QPrintDialog) and printing.isVisible()
    printing.reject()
    qtbot.waitUntil(lambda: dialog.print_dialog is None)


def test_saving_where_it_cannot_is_explained_and_text_still_saves(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    dialog = _certificates(qtbot, window)
    dialog.write_file(tmp_path / "missing" / "certificate", ".pdf", dialog.save_pdf)
    assert dialog.status.text().startswith("Could not write certificate.pdf:")
    dialog.write_file(tmp_path / "certificate", ".txt", dialog.save_to)
    assert dialog.status.text() == f"Saved certificate.txt in {tmp_path}."
    text = (tmp_path / "certificate.txt").read_text(encoding="utf-8")
    assert text.startswith("CERTIFICATE OF DESTRUCTION")
    assert "Issued by: Institute for Competitiveness & Prosperity, 105 St George Street" in text


def test_values_are_text_never_markup(qapp) -> None:
    certificate = Certificate(
        number="KQXF-MBTR-ZHAW-PLEC",
        organization="<b>Bold</b> & Co",
        workshop="W <script>",
        destroyed_on="2018-10-02 09:00",
        zone="America/Toronto",
        destroyed_by="director",
        reason="Asked <i>nicely</i>",
        destroyed="the card number",
        checks=("a <b> line",),
        issuer=InstituteIdentity(name="A & B <Institute>"),
    )
    html = certificate_html(certificate, has_logo=False)
    assert "<b>Bold</b>" not in html and "&lt;b&gt;Bold&lt;/b&gt; &amp; Co" in html
    document = certificate_document(certificate)
    plain = document.toPlainText()
    assert "<b>Bold</b> & Co" in plain and "A & B <Institute>" in plain
    assert document.resource(QTextDocument.ResourceType.ImageResource, QUrl(LOGO_URL)) is None


def test_the_text_version_and_the_page_say_the_same(qtbot: QtBot, window: MainWindow) -> None:
    dialog = _certificates(qtbot, window)
    assert dialog.certificate is not None
    page = " ".join(dialog.text.toPlainText().split())
    for label, value in dialog.certificate.facts():
        if label != "Issued by":
            assert " ".join(value.split()) in page
    assert dialog.certificate.destroyed[1:] in page
