"""Registrations: register an organization (or a web form's responses), record its
documents, accept it late, withdraw it; the delegate list it is checked against; its
personal data on request."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence

from escadesk.domain.registration import RegistrationEvent
from escadesk.ui.actions.area import ActionArea, Place, has_registration, has_workshop

if TYPE_CHECKING:
    from escadesk.ui.selection_state import SelectionState
    from escadesk.ui.window_api import MainWindowApi


def _allows(event: RegistrationEvent) -> Callable[[SelectionState], bool]:
    return lambda state: state.allows(event)


class RegistrationActions(ActionArea):
    def __init__(self, window: MainWindowApi) -> None:
        super().__init__(window)
        menu = "registration"
        self.add(
            "new_registration",
            "&New registration…",
            self.open_new,
            enabled=has_workshop,
            menu=Place(menu, 0, 0),
            shortcut=QKeySequence.StandardKey.New,
            tip="Register a cluster organization (Ctrl+N)",
            toolbar=0,
        )
        self.add(
            "edit_registration",
            "&Edit registration…",
            self.open_edit,
            enabled=has_registration,
            menu=Place(menu, 0, 1),
            shortcut="Ctrl+Return",
        )
        self.add(
            "import_registrations",
            "&Import registrations from a web form…",
            self.open_registration_import,
            enabled=has_workshop,
            menu=Place(menu, 0, 2),
            tip="Register the responses of a Microsoft Forms, Google Forms or Typeform export",
        )
        self.add(
            "returned_form",
            "&Open a returned form…",
            self.open_returned_form,
            enabled=has_workshop,
            menu=Place(menu, 0, 3),
            shortcut=QKeySequence.StandardKey.Open,
            tip="A filled-in registration or card-authorization PDF, for review (Ctrl+O)",
        )
        self.add(
            "form",
            "Registration &form received…",
            self.record_form,
            enabled=_allows(RegistrationEvent.RECEIVE_FORM),
            menu=Place(menu, 1, 0),
            shortcut="Ctrl+1",
            tip="Record that the registration form arrived (Ctrl+1)",
            toolbar=1,
        )
        self.add(
            "authorization",
            "Card &authorization received…",
            self.record_authorization,
            enabled=_allows(RegistrationEvent.RECEIVE_AUTHORIZATION),
            menu=Place(menu, 1, 1),
            shortcut="Ctrl+2",
            tip="Record that the signed credit-card authorization arrived (Ctrl+2)",
            toolbar=2,
        )
        self.add(
            "accept_late",
            "Accept &late completion…",
            self.accept_late,
            enabled=_allows(RegistrationEvent.ACCEPT_LATE),
            menu=Place(menu, 1, 4),
            shortcut="Ctrl+3",
        )
        self.add(
            "withdraw",
            "&Withdraw…",
            self.withdraw,
            enabled=_allows(RegistrationEvent.WITHDRAW),
            menu=Place(menu, 2, 0),
        )
        self.add(
            "export_personal",
            "E&xport everything about this organization…",
            self.export_personal_data,
            enabled=has_registration,
            menu=Place(menu, 3, 0),
            tip="An access request: one zip with everything kept about the selected organization",
        )
        self.add(
            "erase_personal",
            "Erase this organization's &personal data…",
            self.erase_personal_data,
            enabled=has_registration,
            menu=Place(menu, 3, 1),
            tip="Erase the contact, questionnaire and notes; fees and counts stay",
        )
        self.add(
            "import",
            "&Import delegate list…",
            self.open_delegate_import,
            enabled=has_workshop,
            menu=Place("file", 0, 0),
            shortcut="Ctrl+I",
            toolbar=3,
        )

    def open_new(self) -> None:
        window = self.window
        if window.workshop is None:
            return
        from escadesk.ui.registration_dialog import RegistrationDialog

        dialog = RegistrationDialog(window.services, window.workshop.id, parent=window.window())

        def saved() -> None:
            window.refresh([dialog.saved_id] if dialog.saved_id is not None else None)
            if dialog.saved_id is not None:
                window.select_registration(dialog.saved_id)

        window.messages.open(dialog, saved)

    def open_edit(self) -> None:
        window = self.window
        row = window.selected_registration()
        if window.workshop is None or row is None:
            return
        from escadesk.ui.registration_dialog import RegistrationDialog

        erased = window.services.registrations.erased_on(row.id)
        if erased is not None:
            window.messages.inform(
                "Personal data erased",
                f"The personal data of {row.organization} was erased on "
                f"{erased.astimezone(window.workshop.calendar.zone):%Y-%m-%d}: there is "
                "nothing left to edit.",
            )
            return
        dialog = RegistrationDialog(
            window.services, window.workshop.id, row, parent=window.window()
        )
        # Saved or not, the row is read again: a refusal as stale (another desk changed it,
        # services/row_versions.py) leaves the desk showing what it has become.
        dialog.finished.connect(lambda _result: window.refresh([row.id]))
        window.messages.open(dialog)

    def open_delegate_import(self, path: Path | None = None) -> None:
        window = self.window
        if window.workshop is None:
            return
        from escadesk.ui.delegate_import_dialog import DelegateImportDialog

        dialog = DelegateImportDialog(
            window.services, window.workshop.id, parent=window.window(), path=path
        )
        window.messages.open(dialog, window.refresh)

    def open_registration_import(self, path: Path | None = None) -> None:
        """Registrations from a web form's export: columns, preview, all or nothing."""
        window = self.window
        if window.workshop is None:
            return
        from escadesk.ui.registration_import_dialog import RegistrationImportDialog

        dialog = RegistrationImportDialog(
            window.services, window.workshop.id, parent=window.window(), path=path
        )

        def imported() -> None:
            from escadesk.domain.wording import counted

            window.refresh()
            registered = counted(len(dialog.registered_ids), "organization")
            window.messages.note(f"Registered {registered} from the web form's export.")

        window.messages.open(dialog, imported)

    def open_returned_form(self) -> None:
        """Choose a returned form (PDF); it opens its dialog, filled in for review."""
        from escadesk.ui.returned_forms import open_returned_form

        open_returned_form(self.window)

    def record_form(self) -> None:
        self._record_received(
            "Registration form received",
            "When did the registration form of {name} arrive?",
            self.window.services.registrations.record_form,
        )

    def record_authorization(self) -> None:
        """The signed card authorization arrived: type it into the vault."""
        window = self.window
        row = window.selected_registration()
        if row is None or window.workshop is None:
            return
        from escadesk.ui.card_dialog import CardAuthorizationDialog

        calendar = window.workshop.calendar
        today = window.services.clock.now().astimezone(calendar.zone).date()
        dialog = CardAuthorizationDialog(
            window.services, row, calendar.decision_opens.date(), today, parent=window.window()
        )

        def saved() -> None:
            window.refresh([row.id])
            window.select_registration(row.id)
            note = f" Note: {dialog.warnings[0].message}" if dialog.warnings else ""
            window.messages.note(
                f"Card authorization of {row.organization} stored ({dialog.saved_mask}).{note}",
                15000,
            )

        window.messages.open(dialog, saved)

    def _record_received(
        self, title: str, prompt: str, record: Callable[[int, datetime], None]
    ) -> None:
        window = self.window
        row = window.selected_registration()
        if row is None or window.workshop is None:
            return
        from escadesk.ui.step_dialogs import ReceivedDialog

        dialog = ReceivedDialog(
            title,
            prompt.format(name=row.organization),
            window.services.clock.now(),
            window.workshop.calendar.zone,
            parent=window.window(),
        )
        window.messages.open(
            dialog, lambda: self._apply(lambda: record(row.id, dialog.received_at()), row.id)
        )

    def accept_late(self) -> None:
        window = self.window
        row = window.selected_registration()
        if row is None:
            return
        from escadesk.ui.step_dialogs import ReasonDialog

        dialog = ReasonDialog(
            "Accept late completion",
            f"{row.organization} completed its registration after the deadline. Accepting it "
            "counts it toward the quorum. Why do you accept it?",
            parent=window.window(),
        )
        registrations = window.services.registrations
        window.messages.open(
            dialog,
            lambda: self._apply(lambda: registrations.accept_late(row.id, dialog.reason()), row.id),
        )

    def _apply(self, change: Callable[[], None], registration_id: int) -> None:
        """Apply a change to one registration; a refusal is shown to the user and nothing
        is stored. Only that registration's row is read again."""
        from escadesk.domain.validation import ValidationError

        try:
            change()
        except ValidationError as error:
            self.window.messages.warn("Not recorded", str(error))
        self.window.refresh([registration_id])

    def withdraw(self) -> None:
        """Withdraw the selected registration; its stored card authorization is destroyed
        with it (the confirmation says so first)."""
        window = self.window
        row = window.selected_registration()
        if row is None:
            return
        from escadesk.ui.withdrawal import withdraw

        card = window.state.card
        withdraw(window, row, str(card) if card else None)

    def export_personal_data(self) -> None:
        """Everything about the selected organization, in one zip (an access request)."""
        row = self.window.selected_registration()
        if row is None:
            return
        from escadesk.ui.personal_data_dialog import open_export

        open_export(self.window, row.id)

    def erase_personal_data(self) -> None:
        """Erase the selected organization's personal data (what goes is shown first)."""
        row = self.window.selected_registration()
        if row is None:
            return
        from escadesk.ui.personal_data_dialog import open_erase

        open_erase(self.window, row.id)
