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
from escadesk.i18n import _, format_decimal, ngettext, pgettext
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
            _("&New registration…"),
            self.open_new,
            enabled=has_workshop,
            menu=Place(menu, 0, 0),
            shortcut=QKeySequence.StandardKey.New,
            tip=_("Register a cluster organization (Ctrl+N)"),
            toolbar=0,
        )
        self.add(
            "edit_registration",
            _("&Edit registration…"),
            self.open_edit,
            enabled=has_registration,
            menu=Place(menu, 0, 1),
            shortcut="Ctrl+Return",
        )
        self.add(
            "import_registrations",
            _("&Import registrations from a web form…"),
            self.open_registration_import,
            enabled=has_workshop,
            menu=Place(menu, 0, 2),
            tip=_("Register the responses of a Microsoft Forms, Google Forms or Typeform export"),
        )
        self.add(
            "returned_form",
            _("&Open a returned form…"),
            self.open_returned_form,
            enabled=has_workshop,
            menu=Place(menu, 0, 3),
            shortcut=QKeySequence.StandardKey.Open,
            tip=_("A filled-in registration or card-authorization PDF, for review (Ctrl+O)"),
        )
        self.add(
            "form",
            _("Registration &form received…"),
            self.record_form,
            enabled=_allows(RegistrationEvent.RECEIVE_FORM),
            menu=Place(menu, 1, 0),
            shortcut="Ctrl+1",
            tip=_("Record that the registration form arrived (Ctrl+1)"),
            toolbar=1,
            # Translators: the toolbar's short text for "Registration &form received…".
            toolbar_text=pgettext("toolbar", "Registration form received"),
        )
        self.add(
            "authorization",
            _("Card &authorization received…"),
            self.record_authorization,
            enabled=_allows(RegistrationEvent.RECEIVE_AUTHORIZATION),
            menu=Place(menu, 1, 1),
            shortcut="Ctrl+2",
            tip=_("Record that the signed credit-card authorization arrived (Ctrl+2)"),
            toolbar=2,
            # Translators: the toolbar's short text for "Card &authorization received…".
            toolbar_text=pgettext("toolbar", "Card authorization received"),
        )
        self.add(
            "accept_late",
            _("Accept &late completion…"),
            self.accept_late,
            enabled=_allows(RegistrationEvent.ACCEPT_LATE),
            menu=Place(menu, 1, 4),
            shortcut="Ctrl+3",
        )
        self.add(
            "withdraw",
            _("&Withdraw…"),
            self.withdraw,
            enabled=_allows(RegistrationEvent.WITHDRAW),
            menu=Place(menu, 2, 0),
        )
        self.add(
            "export_personal",
            _("E&xport everything about this organization…"),
            self.export_personal_data,
            enabled=has_registration,
            menu=Place(menu, 3, 0),
            tip=_(
                "An access request: one zip with everything kept about the selected organization"
            ),
        )
        self.add(
            "erase_personal",
            _("Erase this organization's &personal data…"),
            self.erase_personal_data,
            enabled=has_registration,
            menu=Place(menu, 3, 1),
            tip=_("Erase the contact, questionnaire and notes; fees and counts stay"),
        )
        self.add(
            "import",
            _("&Import delegate list…"),
            self.open_delegate_import,
            enabled=has_workshop,
            menu=Place("file", 0, 0),
            shortcut="Ctrl+I",
            toolbar=3,
            # Translators: the toolbar's short text for "&Import delegate list…".
            toolbar_text=pgettext("toolbar", "Import delegate list"),
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
            day = erased.astimezone(window.workshop.calendar.zone)
            window.messages.inform(
                _("Personal data erased"),
                _(
                    "The personal data of {organization} was erased on {day}: there is "
                    "nothing left to edit."
                ).format(organization=row.organization, day=f"{day:%Y-%m-%d}"),
            )
            return
        dialog = RegistrationDialog(
            window.services, window.workshop.id, row, parent=window.window()
        )
        # Saved or not, the row is read again: a refusal as stale (another desk changed it,
        # services/row_versions.py) leaves the desk showing what it has become.
        dialog.finished.connect(lambda _result: window.refresh([row.id]))
        if window.live_changes is not None:  # another desk's change is noted in the form
            window.live_changes.changed_elsewhere.connect(dialog.note_changes_elsewhere)
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
            window.refresh()
            count = len(dialog.registered_ids)
            window.messages.note(
                ngettext(
                    "Registered {count} organization from the web form's export.",
                    "Registered {count} organizations from the web form's export.",
                    count,
                ).format(count=format_decimal(count))
            )

        window.messages.open(dialog, imported)

    def open_returned_form(self) -> None:
        """Choose a returned form (PDF); it opens its dialog, filled in for review."""
        from escadesk.ui.returned_forms import open_returned_form

        open_returned_form(self.window)

    def record_form(self) -> None:
        self._record_received(
            _("Registration form received"),
            _("When did the registration form of {name} arrive?"),
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
            if dialog.warnings:
                text = _(
                    "Card authorization of {organization} stored ({card}). Note: {warning}"
                ).format(
                    organization=row.organization,
                    card=dialog.saved_mask,
                    warning=dialog.warnings[0].message,
                )
            else:
                text = _("Card authorization of {organization} stored ({card}).").format(
                    organization=row.organization, card=dialog.saved_mask
                )
            window.messages.note(text, 15000)

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
            _("Accept late completion"),
            _(
                "{organization} completed its registration after the deadline. Accepting it "
                "counts it toward the quorum. Why do you accept it?"
            ).format(organization=row.organization),
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
            self.window.messages.warn(_("Not recorded"), str(error))
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
