"""Window sizes: never larger than the screen a window opens on (a 1280×720 laptop
included), and a dialog that grows when messages appear (word-wrapped labels need height
for width) grows only as far as the screen allows."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMargins, QObject, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

#: The frame (title bar, borders) assumed around a window the platform has not framed yet:
#: the window's own size must leave room for it on the screen.
ASSUMED_FRAME = QMargins(8, 32, 8, 8)


def _frame(window: QWidget) -> QMargins:
    """The frame the platform draws around ``window``, or around the window it opens
    over (both are decorated alike), else :data:`ASSUMED_FRAME`."""
    parent = window.parentWidget()
    for candidate in (window, parent.window() if parent is not None else None):
        handle = candidate.windowHandle() if candidate is not None else None
        if handle is not None and candidate is not None and candidate.isVisible():
            return handle.frameMargins()
    return ASSUMED_FRAME


def screen_room(window: QWidget) -> QSize:
    """The largest size ``window`` (a top-level widget) may have: the available area of
    its screen (the screen of the window it opens over), less its frame."""
    parent = window.parentWidget()
    screen = (parent.window() if parent is not None else window).screen()
    screen = screen or QGuiApplication.primaryScreen()
    area = screen.availableGeometry().size()
    frame = _frame(window)
    return QSize(
        area.width() - frame.left() - frame.right(), area.height() - frame.top() - frame.bottom()
    )


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Give a top-level window its preferred ``width`` × ``height``, or less where the
    screen is smaller; a minimum size larger than the screen shrinks along. Every window
    and dialog is sized through here (tests/ui/small_screen_checks.py opens each on a
    1280×720 screen); what no longer fits then scrolls."""
    room = screen_room(window)
    minimum = window.minimumSize()
    if minimum.width() > room.width() or minimum.height() > room.height():
        window.setMinimumSize(minimum.boundedTo(room))
    window.resize(QSize(width, height).boundedTo(room))


class TallScrollArea(QScrollArea):
    """A frameless scroll area for content that may be taller than the screen.

    QScrollArea sizes its (resizable) content when the area itself is resized, not when
    the content's layout changes afterwards: rows filled in or shown later were squeezed
    to fit the old height (overlapping fields) instead of scrolling. This one fits its
    content again whenever the content's layout changes.
    """

    def __init__(self, content: QWidget | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        if content is not None:
            self.setWidget(content)

    def setWidget(self, widget: QWidget) -> None:
        super().setWidget(widget)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        content = self.widget()
        if watched is content and event.type() == QEvent.Type.LayoutRequest:
            layout = content.layout()
            if layout is not None:
                layout.activate()
            self.setWidgetResizable(True)  # lays the content out again at the new size
        return super().eventFilter(watched, event)


def grow_to_fit(widget: QWidget, shrink: bool = False) -> None:
    """Resize ``widget`` to the height its layout needs at its current width.

    Qt sizes a top-level window from its layout's size hint, which wraps labels at the
    hint's width rather than the window's, so messages shown later get squeezed.
    """
    layout = widget.layout()
    if layout is None:
        return
    layout.activate()
    needed = widget.heightForWidth(widget.width())
    if needed < 0:
        needed = layout.totalSizeHint().height()
    needed = min(needed, screen_room(widget).height()) if widget.isWindow() else needed
    if needed > widget.height() or (shrink and needed < widget.height()):
        widget.resize(widget.width(), needed)
