"""The decision and what follows it: decide, re-price, record the charges, erase the
cards no longer needed after the event."""

from __future__ import annotations

from typing import TYPE_CHECKING

from escadesk.domain.registration import RegistrationEvent
from escadesk.i18n import _
from escadesk.ui.actions.area import ActionArea, Place, has_workshop

if TYPE_CHECKING:
    from escadesk.ui.selection_state import SelectionState
    from escadesk.ui.window_api import MainWindowApi


def _chargeable(state: SelectionState) -> bool:
    return state.allows(RegistrationEvent.CHARGE)


def _proceeded(state: SelectionState) -> bool:
    return state.has_workshop and state.proceeded


def _erasures_due(state: SelectionState) -> bool:
    return state.has_workshop and state.erasures_due


class DecisionActions(ActionArea):
    def __init__(self, window: MainWindowApi) -> None:
        super().__init__(window)
        self.add(
            "decision",
            _("&Decision…"),
            self.open_decision,
            enabled=has_workshop,
            menu=Place("workshop", 1, 0),
            shortcut="Ctrl+D",
            tip=_("Decide whether the workshop proceeds (Ctrl+D)"),
        )
        self.add(
            "reprice",
            _("Re-pr&ice…"),
            self.open_reprice,
            enabled=_proceeded,
            menu=Place("workshop", 1, 1),
            tip=_("Set the fee for the organizations taking part now"),
        )
        self.add(
            "charge",
            _("Record c&harge…"),
            self.open_charge,
            enabled=_chargeable,
            menu=Place("registration", 1, 3),
            tip=_("Record the charge of a confirmed organization"),
        )
        self.add(
            "invoices",
            _("Invoices and re&funds…"),
            self.open_invoices,
            enabled=_proceeded,
            menu=Place("workshop", 1, 2),
            tip=_("The invoices and credit notes of the workshop; record a refund"),
        )
        self.add(
            "after_event_erase",
            _("Erase cards no lon&ger needed…"),
            self.erase_after_event,
            enabled=_erasures_due,
            menu=Place("workshop", 2, 0),
            tip=_("After the event: erase the cards of waitlisted and withdrawn organizations"),
        )

    def open_decision(self) -> None:
        """The decision wizard (a read-only preview before the deadline)."""
        window = self.window
        if window.workshop is None:
            return
        from escadesk.ui.decision_wizard import DecisionWizard

        dialog = DecisionWizard(window.services, window.workshop, parent=window.window())
        dialog.changed.connect(window.refresh)
        dialog.certificates_requested.connect(window.open_certificates)
        dialog.next_step_requested.connect(window.open_next_step)
        window.messages.open(dialog, window.refresh)

    def open_charge(self) -> None:
        """Record the charge of the selected (confirmed) organization."""
        window = self.window
        row = window.selected_registration()
        if row is None or window.workshop is None:
            return
        from escadesk.ui.charge_dialog import ChargeDialog, charge_message

        card = window.state.card
        dialog = ChargeDialog(
            window.services, window.workshop, row, str(card) if card else "", parent=window.window()
        )

        def charged() -> None:
            window.refresh([row.id])
            window.select_registration(row.id)
            recorded = dialog.recorded
            text = charge_message(row.organization, recorded)
            if recorded is not None and recorded.erasure_pending:
                # Recorded all the same; the erasure is finished at the next unlock.
                window.messages.note(text, None)
                window.messages.warn(_("Card erasure not finished"), text)
            else:
                window.messages.note(text, 15000)

        window.messages.open(dialog, charged)

    def open_invoices(self) -> None:
        """The workshop's invoices and credit notes, refunds and their PDFs."""
        window = self.window
        if window.workshop is None:
            return
        from escadesk.ui.invoices_dialog import InvoicesDialog

        dialog = InvoicesDialog(window.services, window.workshop, parent=window.window())
        dialog.finished.connect(lambda _result: window.refresh())
        window.messages.open(dialog)

    def open_reprice(self) -> None:
        from escadesk.ui.after_decision import open_reprice

        open_reprice(self.window)

    def erase_after_event(self) -> None:
        from escadesk.ui.after_decision import erase_after_event

        erase_after_event(self.window)
