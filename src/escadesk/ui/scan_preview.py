"""The scanned, signed authorization form, shown from memory only.

Images are decoded with QPixmap.loadFromData; a PDF's first page is rendered with QtPdf
from a QBuffer where this Qt build ships QtPdf. Nothing is ever written to a file and no
external viewer is started; where no preview is possible, the type and size are shown.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from escadesk.i18n import N_, _, format_decimal, ngettext

KINDS = {"application/pdf": N_("PDF"), "image/png": N_("PNG image"), "image/jpeg": N_("JPEG image")}


def describe_size(size: int) -> str:
    if size < 1024:
        return ngettext("{size} byte", "{size} bytes", size).format(size=size)
    if size < 1024 * 1024:
        return _("{size} KB").format(size=format_decimal(size / 1024, pattern="0"))
    return _("{size} MB").format(size=format_decimal(size / 1024 / 1024, pattern="0.0"))


def render_pdf_first_page(data: bytes, size: QSize) -> QImage | None:
    """The first page of an in-memory PDF, or None where QtPdf is missing or fails."""
    try:
        from PySide6.QtPdf import QPdfDocument
    except ImportError:
        return None
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    if not buffer.open(QIODevice.OpenModeFlag.ReadOnly):
        return None
    document = QPdfDocument()
    try:
        document.load(buffer)
        if document.status() != QPdfDocument.Status.Ready or document.pageCount() < 1:
            return None
        page = document.pagePointSize(0)
        if page.width() <= 0 or page.height() <= 0:
            return None
        scale = min(size.width() / page.width(), size.height() / page.height())
        target = QSize(max(1, int(page.width() * scale)), max(1, int(page.height() * scale)))
        image = document.render(0, target)
        return None if image.isNull() else image
    except Exception:
        return None
    finally:
        document.close()
        buffer.close()


class ScanPreview(QFrame):
    """A thumbnail of the scan (or its type and size) with a one-line caption."""

    def __init__(self, size: QSize | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scanPreview")
        self._size = size or QSize(320, 220)
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption = QLabel()
        self.caption.setObjectName("muted")
        self.caption.setWordWrap(True)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(4)
        layout.addWidget(self.image, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.caption)
        self.previewed = False
        self.clear()

    def clear(self) -> None:
        self.image.clear()
        self.image.setText("")
        self.image.hide()
        self.caption.setText(_("No scan attached."))
        self.previewed = False

    def show_scan(self, data: bytes, media_type: str | None, name: str | None = None) -> None:
        kind = _(KINDS[media_type]) if media_type in KINDS else _("File")
        # Translators: a scan's kind and size, "PDF, 230 KB".
        facts = _("{kind}, {size}").format(kind=kind, size=describe_size(len(data)))
        pixmap = self._pixmap(data, media_type)
        if pixmap is not None:
            scaled = pixmap.scaled(
                self._size,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            self.image.setPixmap(scaled)
            self.image.setFixedSize(scaled.size())  # never squeezed into a crop
            self.image.show()
            self.previewed = True
            self.caption.setText(f"{name}  ·  {facts}" if name else facts)
            return
        self.image.clear()
        self.image.hide()
        self.previewed = False
        reason = (
            _("no preview: this installation has no PDF viewer component")
            if media_type == "application/pdf"
            else _("no preview: the file could not be decoded")
        )
        self.caption.setText(f"{name}  ·  {facts} ({reason})" if name else f"{facts} ({reason})")

    def _pixmap(self, data: bytes, media_type: str | None) -> QPixmap | None:
        if media_type == "application/pdf":
            image = render_pdf_first_page(data, self._size)
            return QPixmap.fromImage(image) if image is not None else None
        pixmap = QPixmap()
        if media_type in ("image/png", "image/jpeg") and pixmap.loadFromData(data):
            return pixmap
        return None
