"""Benchmarking after the workshop: the questionnaire, the comparison with the peers,
each organization's report, the survey template out to the organizations and back, and
the reference sets compared with."""

from __future__ import annotations

from typing import TYPE_CHECKING

from escadesk.i18n import N_, _, format_decimal, ngettext
from escadesk.ui.actions.area import ActionArea, Place, has_registration, has_workshop

if TYPE_CHECKING:
    from escadesk.ui.window_api import MainWindowApi

NOBODY_TAKES_PART = N_(
    "No organization takes part yet: the survey templates are for the organizations "
    "taking part (complete registrations before the decision, confirmed ones after it)."
)


def not_taking_part(organization: str) -> str:
    return _(
        "{organization} does not take part in the benchmarking (yet): the survey template "
        "is for the organizations taking part (complete registrations before the decision, "
        "confirmed ones after it)."
    ).format(organization=organization)


class BenchmarkActions(ActionArea):
    def __init__(self, window: MainWindowApi) -> None:
        super().__init__(window)
        menu = "benchmarking"
        self.add(
            "benchmark",
            _("&Benchmarking…"),
            self.open_benchmarking,
            enabled=has_workshop,
            menu=Place(menu, 0, 0),
            shortcut="Ctrl+B",
            tip=_("Compare an organization with its peers (charts)"),
        )
        self.add(
            "survey",
            _("&Questionnaire…"),
            self.open_survey,
            enabled=has_workshop,
            menu=Place(menu, 0, 1),
            tip=_("Type the benchmarking answers of an organization"),
        )
        self.add(
            "benchmark_report",
            _("Benchmarking &report…"),
            self.open_report,
            enabled=has_workshop,
            menu=Place(menu, 1, 0),
        )
        self.add(
            "benchmark_reports",
            _("Reports for &all participants…"),
            self.open_reports,
            enabled=has_workshop,
            menu=Place(menu, 1, 1),
        )
        self.add(
            "survey_template",
            _("Survey &template…"),
            self.open_survey_template,
            enabled=has_registration,
            menu=Place(menu, 2, 0),
            tip=_("Save the survey workbook for the selected organization to fill in"),
        )
        self.add(
            "survey_templates",
            _("Survey te&mplates for all…"),
            self.open_survey_templates,
            enabled=has_workshop,
            menu=Place(menu, 2, 1),
            tip=_("Save one survey workbook per participating organization into a folder"),
        )
        self.add(
            "survey_answers_import",
            _("&Import survey answers…"),
            self.open_survey_answers_import,
            enabled=has_workshop,
            menu=Place(menu, 2, 2),
            tip=_("Read a filled survey workbook, check it and store its answers"),
        )
        self.add(
            "reference_sets",
            _("Reference &sets…"),
            self.open_reference_sets,
            menu=Place(menu, 3, 0),
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
        dialog.start()  # the format first, then the file or folder

    def open_reports(self) -> None:
        window = self.window
        if window.workshop is None:
            return
        from escadesk.ui.report_export_dialog import BenchmarkReportDialog

        dialog = BenchmarkReportDialog.for_workshop(
            window.services, window.workshop.id, parent=window.window()
        )
        window.messages.open(dialog)
        dialog.start()  # the format first, then the file or folder

    def open_survey_template(self) -> None:
        """The selected organization's template; one not taking part is told why not."""
        window = self.window
        workshop, row = window.workshop, window.state.registration
        if workshop is None or row is None:
            return
        participants = window.services.benchmarking.participants(workshop.id)
        if row.id not in {p.registration_id for p in participants}:
            window.messages.inform(_("Survey template"), not_taking_part(row.organization))
            return
        from escadesk.ui.survey_template_dialog import SurveyTemplateDialog

        dialog = SurveyTemplateDialog.for_organization(
            window.services, workshop.id, row.id, parent=window.window()
        )
        window.messages.open(dialog)
        dialog.choose_target()

    def open_survey_templates(self) -> None:
        window = self.window
        if window.workshop is None:
            return
        if not window.services.benchmarking.participants(window.workshop.id):
            window.messages.inform(_("Survey templates"), _(NOBODY_TAKES_PART))
            return
        from escadesk.ui.survey_template_dialog import SurveyTemplateDialog

        dialog = SurveyTemplateDialog.for_workshop(
            window.services, window.workshop.id, parent=window.window()
        )
        window.messages.open(dialog)
        dialog.choose_target()

    def open_survey_answers_import(self) -> None:
        """Choose a filled template, preview it, store it; then the desk selects the
        organization (its history shows the import; Questionnaire… opens on its answers)."""
        window = self.window
        if window.workshop is None:
            return
        from escadesk.ui.survey_answers_dialog import SurveyAnswersDialog

        dialog = SurveyAnswersDialog(window.services, window.workshop.id, parent=window.window())

        def stored() -> None:
            preview = dialog.preview
            if preview is None or preview.registration_id is None:
                return
            window.refresh([preview.registration_id])
            window.select_registration(preview.registration_id)
            count = len(preview.to_store)
            window.messages.note(
                ngettext(
                    "Stored {count} answer of {organization} from {file}.",
                    "Stored {count} answers of {organization} from {file}.",
                    count,
                ).format(
                    count=format_decimal(count),
                    organization=preview.organization,
                    file=preview.source.name,
                )
            )

        window.messages.open(dialog, stored)
        dialog.choose_file()

    def open_reference_sets(self) -> None:
        from escadesk.ui.reference_sets_dialog import ReferenceSetsDialog

        window = self.window
        window.messages.open(ReferenceSetsDialog(window.services, parent=window.window()))
