"""Certificates of destruction shown as a formatted page under the institute's letterhead,
saved as PDF and opened in the PDF viewer to print (reportlab's page, the letter's
attachment); the PDF's own text is read back."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QTextDocument
from pytestqt.qtbot import QtBot

from escadesk.domain.destruction_certificate import Certificate
from escadesk.domain.institute import InstituteIdentity
from escadesk.ui.certificate_document import LOGO_URL, certificate_document, certificate_html
from escadesk.ui.certificates import CertificatesDialog
from escadesk.ui.main_window import MainWindow
from pdf_text import pdf_reader, pdf_words

BALTIC = "Baltic Maritime Innovation Network"


class RecordingOpener:
    """Records what would be handed to the desktop (tests never launch a viewer)."""

    def __init__(self) -> None:
        self.opened: list[Path] = []

    def open_file(self, path: Path) -> None:
        self.opened.append(path)

    def show_in_folder(self, path: Path) -> None:
        raise AssertionError("not used here")


def _certificates(qtbot: QtBot, window: MainWindow) -> CertificatesDialog:
    services = window.services
    rows = services.registrations.list(window.workshop.id)
    registration = next(row.id for row in rows if row.organization == BALTIC)
    erasure = services.vault.erase(registration, "Workshop cancelled: quorum not reached")
    window.open_certificates(erasure.id)
    dialog = window.active_dialog
    assert isinstance(dialog, CertificatesDialog)
    qtbot.waitExposed(dialog)
    dialog.opener = RecordingOpener()
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


def test_save_as_pdf_writes_the_reportlab_page(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    dialog = _certificates(qtbot, window)
    assert dialog.certificate is not None
    dialog.write_file(tmp_path / "certificate", ".pdf", dialog.save_pdf)
    assert dialog.busy and not dialog.pdf_button.isEnabled()  # made off the GUI thread
    qtbot.waitUntil(lambda: not dialog.busy)
    assert dialog.status.text() == f"Saved certificate.pdf in {tmp_path}."
    saved = tmp_path / "certificate.pdf"
    words = pdf_words(saved)
    assert BALTIC in words and "What was destroyed" in words
    assert "Institute for Competitiveness & Prosperity" in words
    reader = pdf_reader(saved)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(box.width), round(box.height)) == (612, 792)  # Letter, the default
    assert reader.metadata is not None
    assert reader.metadata.title.startswith("Certificate of destruction — Baltic")
    assert reader.metadata.creator == "escadesk"  # reportlab's page, not Qt's
    assert not list(tmp_path.glob(".*"))  # no temporary file left beside it
    # The very bytes the cancellation letter attaches.
    erasure_id = dialog.selected_erasure()
    assert erasure_id is not None
    assert saved.read_bytes() == window.services.vault.certificate_pdf(erasure_id)


def test_print_opens_the_pdf_in_the_viewer(qtbot: QtBot, window: MainWindow) -> None:
    dialog = _certificates(qtbot, window)
    opener = dialog.opener
    assert isinstance(opener, RecordingOpener)
    dialog.print_button.click()
    qtbot.waitUntil(lambda: not dialog.busy)
    (opened,) = opener.opened
    assert opened.suffix == ".pdf" and BALTIC in opened.name
    assert opened.parent.name.startswith("escadesk-print-")
    assert (opened.parent.stat().st_mode & 0o077) == 0  # a private folder
    assert BALTIC in pdf_words(opened)
    assert dialog.status.text() == (
        f"Opened {opened.name} in your PDF viewer: print it from there."
    )
    assert dialog.print_button.isEnabled()


def test_saving_where_it_cannot_is_explained_and_text_still_saves(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    dialog = _certificates(qtbot, window)
    dialog.write_file(tmp_path / "missing" / "certificate", ".pdf", dialog.save_pdf)
    qtbot.waitUntil(lambda: not dialog.busy)
    assert dialog.status.text().startswith("Could not write certificate.pdf:")
    assert not (tmp_path / "missing").exists()
    dialog.write_file(tmp_path / "certificate", ".txt", dialog.save_to)
    qtbot.waitUntil(lambda: not dialog.busy)
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
