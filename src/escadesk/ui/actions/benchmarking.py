"""Benchmarking after the workshop: the questionnaire, the comparison with the peers,
each organization's report, and the reference sets compared with."""

from __future__ import annotations

from typing import TYPE_CHECKING

from escadesk.ui.actions.area import ActionArea, Place, has_workshop

if TYPE_CHECKING:
    from escadesk.ui.window_api import MainWindowApi


class BenchmarkActions(ActionArea):
    def __init__(self, window: MainWindowApi) -> None:
        super().__init__(window)
        menu = "benchmarking"
        self.add(
            "benchmark",
            "&Benchmarking…",
            self.open_benchmarking,
            enabled=has_workshop,
            menu=Place(menu, 0, 0),
            shortcut="Ctrl+B",
            tip="Compare an organization with its peers (charts)",
        )
        self.add(
            "survey",
            "&Questionnaire…",
            self.open_survey,
            enabled=has_workshop,
            menu=Place(menu, 0, 1),
            tip="Type the benchmarking answers of an organization",
        )
        self.add(
            "benchmark_report",
            "Benchmarking &report…",
            self.open_report,
            enabled=has_workshop,
            menu=Place(menu, 1, 0),
        )
        self.add(
            "benchmark_reports",
            "Reports for &all participants…",
            self.open_reports,
            enabled=has_workshop,
            menu=Place(menu, 1, 1),
        )
        self.add(
            "reference_sets",
            "Reference &sets…",
            self.open_reference_sets,
            menu=Place(menu, 2, 0),
        )

    def _selected(self) -> int | None:
        """The selected organization, if any (the dialogs offer the others)."""
        row = self.window.state.registration
        return row.id if row is not None else None

    def open_benchmarking(self) -> None:
        window = self.window
        if window.workshop is None:
            return
        from escadesk.ui.benchmark_page import BenchmarkDialog

        dialog = BenchmarkDialog(
            window.services, window.workshop.id, self._selected(), parent=window.window()
        )
        window.messages.open(dialog)

    def open_survey(self) -> None:
        window = self.window
        if window.workshop is None:
            return
        from escadesk.ui.survey_dialog import SurveyDialog

        dialog = SurveyDialog(
            window.services, window.workshop.id, self._selected(), parent=window.window()
        )
        window.messages.open(dialog)

    def open_report(self) -> None:
        """One organization's report: the selected one, else the benchmarking page to pick."""
        window = self.window
        workshop, registration_id = window.workshop, self._selected()
        if workshop is None:
            return
        participants = {
            p.registration_id for p in window.services.benchmarking.participants(workshop.id)
        }
        if registration_id is None or registration_id not in participants:
            self.open_benchmarking()
            return
        from escadesk.ui.report_export_dialog import BenchmarkReportDialog

        dialog = BenchmarkReportDialog.for_organization(
            window.services, workshop.id, registration_id, parent=window.window()
        )
        window.messages.open(dialog)
        dialog.choose_target()

    def open_reports(self) -> None:
        window = self.window
        if window.workshop is None:
            return
        from escadesk.ui.report_export_dialog import BenchmarkReportDialog

        dialog = BenchmarkReportDialog.for_workshop(
            window.services, window.workshop.id, parent=window.window()
        )
        window.messages.open(dialog)
        dialog.choose_target()

    def open_reference_sets(self) -> None:
        from escadesk.ui.reference_sets_dialog import ReferenceSetsDialog

        window = self.window
        window.messages.open(ReferenceSetsDialog(window.services, parent=window.window()))
