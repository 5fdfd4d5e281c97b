"""Benchmarking as use cases: reference sets, each participant's questionnaire, its
comparison with peers, the Bronze label and the individual reports.

``BenchmarkingService`` is the one door the window, the command line and the demo use;
each job lives in its own module and this facade only hands the calls on:

- ``benchmark_reference_sets``: the stored reference sets and the prepared active one;
- ``benchmark_questionnaires``: who takes part, their answers, notes and interview date;
- ``benchmark_comparison``: one participant against the active set, its recommendations;
- ``benchmark_labels``: the Bronze label;
- ``benchmark_label_certificate``: the Bronze label's certificate (PDF);
- ``benchmark_reports``: the report workbooks;
- ``benchmark_templates``: the survey template, out to an organization and back;
- ``benchmark_records``: the stored survey and label read as the domain's values.

Confidentiality: answers and notes leave the app only in the organization's own report.
They are never written to the audit trail (it says "answer to 2.2.1 saved", never what the
answer was) nor put in an exception message beyond the text the director just typed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Mapping
from datetime import date
from pathlib import Path

from escadesk.benchmark_resources import load_catalogue
from escadesk.domain import benchmarking as bm
from escadesk.domain.benchmarking.label_certificate import BronzeCertificate
from escadesk.exports.benchmark_report import ReportContext
from escadesk.exports.progress import Cancelled, Progress
from escadesk.importing.reference import ReferenceImport
from escadesk.services.benchmark_comparison import Comparisons
from escadesk.services.benchmark_label_certificate import LabelCertificates
from escadesk.services.benchmark_labels import Labels
from escadesk.services.benchmark_questionnaires import NOT_SEEN, NotSeen, Questionnaires
from escadesk.services.benchmark_reference_sets import (
    SHIPPED_SOURCE_PREFIX,
    ReferenceSets,
    values_json,
)
from escadesk.services.benchmark_reports import Reports, confidentiality_notice
from escadesk.services.benchmark_template_views import AnswersPreview
from escadesk.services.benchmark_templates import SurveyTemplates
from escadesk.services.benchmark_views import (
    AnswerView,
    BenchmarkParticipant,
    BenchmarkReportCancelledError,
    NoReferenceSetError,
    ReferenceImportError,
    ReferenceSetView,
    ReportBatch,
    ReportRefusedError,
    SkippedReport,
    SurveyView,
)
from escadesk.services.context import ServiceContext

__all__ = [
    "SHIPPED_SOURCE_PREFIX",
    "AnswerView",
    "BenchmarkParticipant",
    "BenchmarkReportCancelledError",
    "BenchmarkingService",
    "Cancelled",
    "NoReferenceSetError",
    "Progress",
    "ReferenceImportError",
    "ReferenceSetView",
    "ReportBatch",
    "ReportRefusedError",
    "SkippedReport",
    "SurveyView",
    "confidentiality_notice",
    "values_json",
]


class BenchmarkingService:
    """Every benchmarking use case of one data folder (safe to call from worker threads)."""

    def __init__(
        self, context: ServiceContext, catalogue_loader: Callable[[], bm.Catalogue] = load_catalogue
    ) -> None:
        self._load_catalogue = catalogue_loader
        self._catalogue: bm.Catalogue | None = None
        self._lock = threading.Lock()
        self._reference_sets = ReferenceSets(context, self.catalogue)
        self._questionnaires = Questionnaires(context, self.catalogue)
        self._comparisons = Comparisons(context, self.catalogue, self._reference_sets)
        self._labels = Labels(context, self.catalogue)
        self._label_certificates = LabelCertificates(context)
        self._reports = Reports(context, self._comparisons, self._questionnaires)
        self._templates = SurveyTemplates(context, self.catalogue, self._questionnaires)

    def catalogue(self) -> bm.Catalogue:
        """The current indicator catalogue (read once, on first use)."""
        with self._lock:
            if self._catalogue is None:
                self._catalogue = self._load_catalogue()
            return self._catalogue

    # -- reference sets (benchmark_reference_sets) -------------------------------------------

    def reference_sets(self) -> list[ReferenceSetView]:
        """Every stored reference set, oldest first."""
        return self._reference_sets.reference_sets()

    def ensure_shipped_reference_set(self) -> int:
        """Install the shipped synthetic reference set unless it is already stored; its id."""
        return self._reference_sets.ensure_shipped_reference_set()

    def preview_reference_file(
        self, path: Path, *, include_hidden: bool = False
    ) -> ReferenceImport:
        """Read and check a reference file without storing anything (for the import dialog)."""
        return self._reference_sets.preview_reference_file(path, include_hidden=include_hidden)

    def import_reference_set(
        self,
        path: Path,
        name: str,
        activate: bool = True,
        progress: Progress | None = None,
        *,
        include_hidden: bool = False,
    ) -> int:
        """Store the reference set in ``path`` (CSV or xlsx) as ``name``; all or nothing."""
        return self._reference_sets.import_reference_set(
            path, name, activate, progress, include_hidden=include_hidden
        )

    def activate_reference_set(self, set_id: int, *, expected_version: int | None = None) -> None:
        """Compare against ``set_id`` from now on (the others become inactive)."""
        self._reference_sets.activate_reference_set(set_id, expected_version=expected_version)

    def delete_reference_set(self, set_id: int, *, expected_version: int | None = None) -> None:
        """Delete a stored set; the active one only when it is the only one."""
        self._reference_sets.delete_reference_set(set_id, expected_version=expected_version)

    # -- participants and their surveys (benchmark_questionnaires) ---------------------------

    def participants(self, workshop_id: int) -> list[BenchmarkParticipant]:
        """The organizations taking part, by name, with their progress and label."""
        return self._questionnaires.participants(workshop_id)

    def survey(self, registration_id: int) -> SurveyView:
        """The questionnaire of one registration (empty until the first answer is saved)."""
        return self._questionnaires.survey(registration_id)

    def save_answer(
        self,
        registration_id: int,
        code: str,
        text: str | None,
        note: str | None = None,
        *,
        expected: AnswerView | None = None,
    ) -> AnswerView:
        """Check and store one answer ("" or None clears it); returns what is stored.
        ``expected``: the answer as the form showed it (refused if changed since)."""
        return self._questionnaires.save_answer(
            registration_id, code, text, note, expected=expected
        )

    def save_answers(
        self,
        registration_id: int,
        texts: Mapping[str, str | None],
        notes: Mapping[str, str] | None = None,
    ) -> SurveyView:
        """Store many answers at once, all or nothing; one audit entry."""
        return self._questionnaires.save_answers(registration_id, texts, notes)

    def set_interview_date(
        self,
        registration_id: int,
        day: date | None,
        *,
        expected: date | NotSeen | None = NOT_SEEN,
    ) -> None:
        """The day of the benchmarking interview (the Bronze label's date); None clears it.
        ``expected``: the date the form showed (refused if another desk changed it since)."""
        self._questionnaires.set_interview_date(registration_id, day, expected=expected)

    # -- comparison and recommendations (benchmark_comparison) -------------------------------

    def comparison(self, registration_id: int) -> bm.Comparison:
        """The organization against the active reference set (NoReferenceSetError when no
        set is stored). Safe to call from a worker thread."""
        return self._comparisons.comparison(registration_id)

    def recommendations(
        self, registration_id: int, limit: int = 6
    ) -> tuple[bm.Recommendation, ...]:
        """Where the organization is furthest below its technology-area peers."""
        return self._comparisons.recommendations(registration_id, limit)

    # -- the Bronze label (benchmark_labels) -------------------------------------------------

    def bronze(self, registration_id: int) -> bm.BronzeEligibility:
        """Whether the answers earn the Bronze label now, and what stands in the way."""
        return self._labels.bronze(registration_id)

    def award_bronze(self, registration_id: int) -> bm.QualityLabelAward:
        """Record the Bronze label (dated the interview, valid 2 years from its month)."""
        return self._labels.award_bronze(registration_id)

    def bronze_certificate(self, registration_id: int) -> tuple[str, bytes]:
        """The Bronze label's certificate: (proposed file name, PDF bytes), on the paper
        chosen for every document. ValidationError when no label is recorded."""
        return self._label_certificates.bronze_certificate(registration_id)

    def bronze_certificate_facts(self, registration_id: int) -> BronzeCertificate:
        """What the Bronze label's certificate states (ValidationError without a label)."""
        return self._label_certificates.bronze_certificate_facts(registration_id)

    # -- reports (benchmark_reports) ---------------------------------------------------------

    def report_file_name(self, registration_id: int) -> str:
        """The file name proposed for one organization's report."""
        return self._reports.report_file_name(registration_id)

    def report_refusal(self, registration_id: int) -> ReportRefusedError | None:
        """Why the organization's report would be refused (it answered too little: the
        message says how many indicators are answered and needed), or None."""
        return self._reports.report_refusal(registration_id)

    def write_report(
        self,
        registration_id: int,
        target: Path,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
        formats: Collection[str] = ("xlsx",),
    ) -> Path:
        """Write one organization's report to ``target`` (.xlsx or .pdf; with both
        ``formats``, the other file beside it under the same name); refused with
        ReportRefusedError, writing nothing, when it answered too little."""
        return self._reports.write_report(registration_id, target, progress, cancelled, formats)

    def report_files(self, registration_id: int) -> list[tuple[str, bytes]]:
        """The report as attachments, in memory: [(PDF name, PDF), (workbook name,
        workbook)]; refused with ReportRefusedError like write_report."""
        return self._reports.report_files(registration_id)

    def write_reports(
        self,
        workshop_id: int,
        folder: Path,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
        formats: Collection[str] = ("xlsx",),
    ) -> ReportBatch:
        """One report per participant into ``folder`` (created if missing), in each of
        ``formats`` ("xlsx", "pdf"); those that answered too little are skipped, named
        with the reason in the result."""
        return self._reports.write_reports(workshop_id, folder, progress, cancelled, formats)

    def report_context(self, registration_id: int) -> ReportContext:
        """Everything the report writer needs for one organization (plain data)."""
        return self._reports.report_context(registration_id)

    # -- the survey template (benchmark_templates) -------------------------------------------

    def template_file_name(self, registration_id: int) -> str:
        """The file name proposed for one organization's survey template."""
        return self._templates.template_file_name(registration_id)

    def write_template(self, registration_id: int, target: Path) -> Path:
        """Write one organization's survey template (.xlsx), its stored answers pre-filled."""
        return self._templates.write_template(registration_id, target)

    def write_templates(self, workshop_id: int, folder: Path) -> list[Path]:
        """One survey template per participant of the workshop into ``folder``."""
        return self._templates.write_templates(workshop_id, folder)

    def read_answers(
        self,
        path: Path,
        *,
        registration_id: int | None = None,
        workshop_id: int | None = None,
    ) -> AnswersPreview:
        """Read a filled survey template: its changes against the stored answers, or its
        problems by sheet, row and column. Stores nothing."""
        return self._templates.read_answers(
            path, registration_id=registration_id, workshop_id=workshop_id
        )

    def commit_answers(self, preview: AnswersPreview) -> SurveyView:
        """Store a preview's answers, all or nothing; one audit entry naming the file."""
        return self._templates.commit(preview)
