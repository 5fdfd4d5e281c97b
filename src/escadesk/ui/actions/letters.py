"""Letters to the organizations and the signed paper forms kept (and destroyed)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from escadesk.ui.actions.area import ActionArea, Place, has_workshop

if TYPE_CHECKING:
    from escadesk.ui.window_api import MainWindowApi


class LetterActions(ActionArea):
    def __init__(self, window: MainWindowApi) -> None:
        super().__init__(window)
        self.add(
            "letters",
            "&Letters…",
            self.open_letters,
            enabled=has_workshop,
            menu=Place("workshop", 1, 2),
            tip="Preview, save or send the letters to the organizations",
        )
        self.add(
            "paper",
            "&Paper forms…",
            self.open_paper,
            enabled=has_workshop,
            menu=Place("workshop", 1, 4),
            tip="Signed forms received, and when each was destroyed",
        )

    def open_letters(self) -> None:
        window = self.window
        if window.workshop is None:
            return
        from escadesk.ui.letters_dialog import LettersDialog

        window.messages.open(
            LettersDialog(window.services, window.workshop, parent=window.window())
        )

    def open_paper(self) -> None:
        """The checklist of signed paper forms and their destruction."""
        window = self.window
        if window.workshop is None:
            return
        from escadesk.ui.paper_dialog import PaperDialog

        today = window.services.clock.now().astimezone(window.workshop.calendar.zone).date()
        window.messages.open(
            PaperDialog(window.services, window.workshop.id, today, parent=window.window())
        )
