"""Let a dialog grow when messages appear (word-wrapped labels need height for width)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


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
    if needed > widget.height() or (shrink and needed < widget.height()):
        widget.resize(widget.width(), needed)
