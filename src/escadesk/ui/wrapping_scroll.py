"""A scroll area that gives word-wrapped labels the height their lines need.

QScrollArea sizes a resizable widget from its size hints and ignores height-for-width, so
on a short screen a wrapped label was squeezed below its last line (a French place name
on the desk's details panel lost its second line). Here the content is kept at least as
tall as its layout needs at the width shown; the area scrolls for the rest.
"""

from __future__ import annotations

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QScrollArea


class WrappingScrollArea(QScrollArea):
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()

    def fit(self) -> None:
        """Call after changing the texts: the content's least height at this width."""
        content = self.widget()
        if content is None:
            return
        layout = content.layout()
        if layout is None:
            return
        layout.activate()  # what was just added or changed counts
        if layout.hasHeightForWidth():
            least = layout.minimumHeightForWidth(self.viewport().width())
        else:
            least = layout.minimumSize().height()
        content.setMinimumHeight(least)
