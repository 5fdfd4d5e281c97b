"""Copying a secret: marked concealed where the platform knows how, and taken back.

The clipboard is cleared after a short time, on lock and on quit, but only if it still
holds what we put there (the director may have copied something else meanwhile). What we
copied is remembered as a keyed hash, never as text.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sys

from PySide6.QtCore import QByteArray, QCoreApplication, QMimeData, QObject, QTimer
from PySide6.QtGui import QClipboard, QGuiApplication

#: KDE's Klipper, GNOME's clipboard managers and most Linux history tools skip these.
LINUX_HINT = "x-kde-passwordManagerHint"
#: macOS clipboard managers honour org.nspasteboard.ConcealedType (mapped below).
MAC_CONCEALED = "application/x-nspasteboard-concealed-type"
MAC_CONCEALED_UTI = "org.nspasteboard.ConcealedType"
#: Windows: keep it out of clipboard monitors, the clipboard history and the cloud.
_WINDOWS = 'application/x-qt-windows-mime;value="{}"'
_DWORD_0 = bytes(4)
_DWORD_1 = (1).to_bytes(4, "little")


def concealed_mime(text: str, platform: str | None = None) -> QMimeData:
    """Plain text plus the platform's 'this is a secret' markers."""
    platform = platform or sys.platform
    mime = QMimeData()
    mime.setText(text)
    if platform == "darwin":
        _register_mac_converter()
        mime.setData(MAC_CONCEALED, b"")
    elif platform.startswith("win"):
        mime.setData(_WINDOWS.format("ExcludeClipboardContentFromMonitorProcessing"), _DWORD_1)
        mime.setData(_WINDOWS.format("CanIncludeInClipboardHistory"), _DWORD_0)
        mime.setData(_WINDOWS.format("CanUploadToCloudClipboard"), _DWORD_0)
    else:
        mime.setData(LINUX_HINT, b"secret")
    return mime


_mac_converter: object | None = None


def _register_mac_converter() -> None:
    """Teach Qt's macOS pasteboard the concealed type (best effort: where PySide6 exposes
    QUtiMimeConverter). Without it, the text is still copied and cleared as usual."""
    global _mac_converter
    if _mac_converter is not None:
        return
    from PySide6 import QtGui

    base = getattr(QtGui, "QUtiMimeConverter", None)
    if base is None:
        _mac_converter = False
        return

    class ConcealedConverter(base):  # type: ignore[misc, valid-type]
        def canConvert(self, mime: str, uti: str) -> bool:
            return mime == MAC_CONCEALED and uti == MAC_CONCEALED_UTI

        def mimeForUti(self, uti: str) -> str:
            return MAC_CONCEALED if uti == MAC_CONCEALED_UTI else ""

        def utiForMime(self, mime: str) -> str:
            return MAC_CONCEALED_UTI if mime == MAC_CONCEALED else ""

        # The marker's presence is what counts; it carries no data.
        def convertToMime(self, mime: str, data: list, uti: str) -> object:
            return QByteArray()

        def convertFromMime(self, mime: str, data: object, uti: str) -> list:
            return [QByteArray()]

    try:
        _mac_converter = ConcealedConverter()
    except Exception:  # an unexpected binding: fall back to unmarked copying
        _mac_converter = False


class ClipboardGuard(QObject):
    """Puts text on the clipboard and takes it off again, only if it is still ours."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._key = secrets.token_bytes(32)
        self._ours: bytes | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clear_if_ours)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.clear_if_ours)

    def _digest(self, text: str) -> bytes:
        return hmac.new(self._key, text.encode("utf-8"), hashlib.sha256).digest()

    @staticmethod
    def _clipboard() -> QClipboard:
        return QGuiApplication.clipboard()

    def copy(self, text: str, clear_after_seconds: float) -> None:
        self._clipboard().setMimeData(concealed_mime(text), QClipboard.Mode.Clipboard)
        self._ours = self._digest(text)
        self._timer.start(max(1, round(clear_after_seconds * 1000)))

    @property
    def pending(self) -> bool:
        """Whether something we copied may still be on the clipboard."""
        return self._ours is not None

    def holds_ours(self) -> bool:
        if self._ours is None:
            return False
        current = self._clipboard().text(QClipboard.Mode.Clipboard)
        return hmac.compare_digest(self._digest(current), self._ours)

    def clear_if_ours(self) -> None:
        self._timer.stop()
        if self.holds_ours():
            self._clipboard().clear(QClipboard.Mode.Clipboard)
        self._ours = None
