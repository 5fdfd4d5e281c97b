"""Letters to the organizations, the blank forms and the invitation that go out to them,
and the signed paper forms kept (and destroyed)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from escadesk.i18n import _
from escadesk.ui.actions.area import ActionArea, Place, has_workshop

if TYPE_CHECKING:
    from escadesk.ui.window_api import MainWindowApi


class LetterActions(ActionArea):
    def __init__(self, window: MainWindowApi) -> None:
        super().__init__(window)
        self.add(
            "letters",
            _("&Letters…"),
            self.open_letters,
            enabled=has_workshop,
            menu=Place("workshop", 1, 2),
            tip=_("Preview, save or send the letters to the organizations"),
        )
        self.add(
            "letters_reminders",
            _("&Reminders due…"),
            self.open_reminders,
            enabled=has_workshop,
            menu=Place("workshop", 1, 2),
            tip=_("The missing-document reminders due before the registration deadline"),
        )
        self.add(
            "paper",
            _("&Paper forms…"),
            self.open_paper,
            enabled=has_workshop,
            menu=Place("workshop", 1, 4),
            tip=_("Signed forms received, and when each was destroyed"),
        )
        self.add(
            "blank_forms",
            _("&Blank forms…"),
            self.open_blank_forms,
            enabled=has_workshop,
            menu=Place("workshop", 1, 5),
            tip=_("Save the registration and card-authorization forms as fillable PDFs"),
        )
        self.add(
            "invitations",
            _("Invitation e-&mails…"),
            self.open_invitations,
            enabled=has_workshop,
            menu=Place("workshop", 1, 6),
            tip=_("E-mail drafts inviting the delegates to register, both forms attached"),
        )

    def open_letters(self) -> None:
        window = self.window
        if window.workshop is None:
            return
        from escadesk.ui.letters_dialog import LettersDialog

        window.messages.open(
            LettersDialog(window.services, window.workshop, parent=window.window())
        )

    def open_reminders(self) -> None:
        """The letters dialog on the reminders (the desk's "N reminders due" step)."""
        window = self.window
        if window.workshop is None:
            return
        from escadesk.notifications.letter_kinds import Template
        from escadesk.ui.letters_dialog import LettersDialog

        window.messages.open(
            LettersDialog(
                window.services, window.workshop, parent=window.window(), template=Template.REMINDER
            )
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

    def open_blank_forms(self) -> None:
        self._open_forms_out("blank")

    def open_invitations(self) -> None:
        self._open_forms_out("invitations")

    def _open_forms_out(self, mode: Literal["blank", "invitations"]) -> None:
        """The blank forms, or the invitation drafts with both attached, into a folder."""
        window = self.window
        if window.workshop is None:
            return
        from escadesk.ui.forms_out_dialog import FormsOutDialog

        window.messages.open(
            FormsOutDialog(window.services, window.workshop.id, mode, parent=window.window())
        )
