"""Notice when nobody has touched the app for a while (auto-lock).

An event filter on the QApplication sees every key and mouse event of every window and
dialog; it only notes the time (cheap: it runs for each event), and one timer checks
whether the idle limit has passed. The same filter catches the lock keys (Ctrl+L) inside
window-modal dialogs, where the main window's own shortcut is blocked by design.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence

ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
    }
)


class IdleWatcher(QObject):
    """Emits ``idle`` once after ``seconds`` without keyboard or mouse activity, and
    ``lock_keys_pressed`` when ``lock_keys`` reach a widget (e.g. inside a dialog)."""

    idle = Signal()
    lock_keys_pressed = Signal()

    def __init__(
        self,
        seconds: float,
        parent: QObject | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        lock_keys: QKeySequence | None = None,
    ) -> None:
        super().__init__(parent)
        self._seconds = seconds
        self._lock_keys = lock_keys
        self._monotonic = monotonic
        self._last = monotonic()
        self._running = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._check)

    @property
    def seconds(self) -> float:
        return self._seconds

    @seconds.setter
    def seconds(self, value: float) -> None:
        self._seconds = value
        if self._running:
            self._schedule()

    @property
    def running(self) -> bool:
        return self._running

    def start(self) -> None:
        app = QCoreApplication.instance()
        if not self._running and app is not None:
            app.installEventFilter(self)
        self._running = True
        self._last = self._monotonic()
        self._schedule()

    def stop(self) -> None:
        app = QCoreApplication.instance()
        if self._running and app is not None:
            app.removeEventFilter(self)
        self._running = False
        self._timer.stop()

    def remaining(self) -> float:
        return self._seconds - (self._monotonic() - self._last)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in ACTIVITY:
            self._last = self._monotonic()
            # A shortcut the window handled never arrives as a KeyPress; one blocked by a
            # modal dialog does, and is taken here (and not typed into the field).
            if (
                kind == QEvent.Type.KeyPress
                and self._lock_keys is not None
                and isinstance(event, QKeyEvent)
                and QKeySequence(event.keyCombination()) == self._lock_keys
            ):
                QTimer.singleShot(0, self.lock_keys_pressed.emit)
                return True
        return False

    def _schedule(self) -> None:
        self._timer.start(max(1, math.ceil(self.remaining() * 1000)))

    def _check(self) -> None:
        if not self._running:
            return
        if self.remaining() > 0:
            self._schedule()
            return
        self.stop()
        self.idle.emit()
