"""What goes to Excel for the day and for finance, and the order of the pitches."""

from __future__ import annotations

from typing import TYPE_CHECKING

from escadesk.i18n import _
from escadesk.ui.actions.area import ActionArea, Place, has_workshop

if TYPE_CHECKING:
    from escadesk.ui.export_dialog import ExportKind
    from escadesk.ui.selection_state import SelectionState
    from escadesk.ui.window_api import MainWindowApi


def _has_pitch_order(state: SelectionState) -> bool:
    return state.has_workshop and state.has_pitch_order


class ExportActions(ActionArea):
    def __init__(self, window: MainWindowApi) -> None:
        super().__init__(window)
        self.add(
            "export_roster",
            _("Export &roster…"),
            lambda: self.open_export("roster"),
            enabled=has_workshop,
            menu=Place("file", 0, 1),
            tip=_("Save the roster of the day as an Excel workbook"),
            toolbar=4,
        )
        self.add(
            "export_finance",
            _("Export &finance workbook…"),
            lambda: self.open_export("finance"),
            enabled=has_workshop,
            menu=Place("file", 0, 2),
            tip=_("Save the charges and totals for finance (Excel)"),
        )
        self.add(
            "pitch_order",
            _("Pitch &order…"),
            self.open_pitch_order,
            enabled=_has_pitch_order,
            menu=Place("workshop", 1, 3),
            tip=_("Choose the order of the strategy pitches"),
        )

    def open_export(self, kind: ExportKind) -> None:
        """The export dialog, with the save-file chooser over it straight away."""
        window = self.window
        if window.workshop is None:
            return
        from escadesk.ui.export_dialog import ExportDialog

        dialog = ExportDialog(window.services, window.workshop.id, kind, parent=window.window())
        window.messages.open(dialog)
        dialog.choose_target()

    def open_pitch_order(self) -> None:
        window = self.window
        if window.workshop is None:
            return
        from escadesk.ui.pitch_order_dialog import PitchOrderDialog

        dialog = PitchOrderDialog(window.services, window.workshop, parent=window.window())
        window.messages.open(dialog, lambda: window.messages.note(_("The pitch order was saved.")))
