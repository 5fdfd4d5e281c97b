"""The individual benchmarking reports: one workbook per organization, alone or for every
participant of a workshop, each written whole or not at all.

Confidentiality: a report holds one organization's own answers and notes (peer figures
are statistics of the reference set) and says so on its cover; the audit trail records
that a report was written and its file name, never its content.

A report needs a minimum of answers (the domain's rule,
:mod:`escadesk.domain.benchmarking.report_minimum`), checked before anything is written:
one report is refused with :class:`ReportRefusedError` (the reason says how many
indicators are answered and how many are needed); a batch skips those organizations and
names them, with the reason, in its :class:`ReportBatch`.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

from escadesk.atomic_files import write_atomically
from escadesk.domain import benchmarking as bm
from escadesk.domain import file_names
from escadesk.domain.institute import DEFAULT_INSTITUTE_NAME
from escadesk.domain.languages import locale_of
from escadesk.domain.validation import FieldProblem, ValidationError
from escadesk.domain.wording import counted
from escadesk.exports.benchmark_report import (
    ReportContext,
    benchmark_report_bytes,
    write_benchmark_report,
)
from escadesk.exports.data import CONFIDENTIALITY_NOTICE
from escadesk.exports.progress import Cancelled, ExportCancelled, Progress
from escadesk.exports.report_language import localized_comparison
from escadesk.i18n import N_, Translator, _
from escadesk.i18n.translator import translator
from escadesk.services import audit
from escadesk.services.benchmark_comparison import Comparisons
from escadesk.services.benchmark_questionnaires import Questionnaires
from escadesk.services.benchmark_records import award_of, find_label
from escadesk.services.benchmark_views import (
    BenchmarkReportCancelledError,
    ReportBatch,
    ReportRefusedError,
    SkippedReport,
)
from escadesk.services.context import ServiceContext
from escadesk.services.institute import read_identity
from escadesk.services.lookups import load_registration
from escadesk.services.page_size import document_page
from escadesk.services.settings import SettingsService
from escadesk.storage import models

REPORT_KIND = "Benchmarking report"
#: The files a report can be written as: the workbook and its PDF (same figures).
XLSX, PDF = "xlsx", "pdf"
REPORT_FORMATS = (XLSX, PDF)
REPORT_RECOMMENDATIONS = 6
CONFIDENTIALITY = N_(
    "Confidential: prepared for {organization} only; it holds the organization's own "
    "benchmarking answers, shared with no one else (peer figures are statistics of the "
    "reference set). "
)
#: The announcement's notice (domain/confidentiality.py) for a French report.
ANNOUNCEMENT_NOTICE = N_(
    "All collected data and information shared during the workshop and any reports "
    "produced are treated with absolute confidentiality by ESCA and will not be made "
    "available to any third party. All registration information collected by the "
    "{institute} will be treated with absolute confidentiality by the Institute "
    "and will not be made available to any third party."
)
"""The report's notice: this line, then the announcement's confidentiality notice."""
PARTIAL_RUN = "not written (too few answers)"
"""In a batch's audit summary when organizations were skipped: not a run for every
participant (services/lifecycle.py reads it), so each written report is audited too."""


class Reports:
    """Writes the benchmarking reports (safe to call from a worker thread)."""

    def __init__(
        self,
        context: ServiceContext,
        comparisons: Comparisons,
        questionnaires: Questionnaires,
    ) -> None:
        self._context = context
        self._comparisons = comparisons
        self._questionnaires = questionnaires

    def report_file_name(self, registration_id: int) -> str:
        """'ESCA Cluster Benchmarking Workshop (TCI 2018) 2018-10-04 benchmarking report -
        Northshore Photonics Cluster.xlsx' (the workshop's title, never its code; safe on
        Windows and macOS)."""
        with self._context.database.reading() as session:
            registration = load_registration(session, registration_id)
            return _report_name(registration.workshop, registration.organization.name)

    def report_refusal(self, registration_id: int) -> ReportRefusedError | None:
        """Why the organization's report would be refused (too few answers), or None."""
        organization, readiness = self._comparisons.report_readiness(registration_id)
        return None if readiness.ready else ReportRefusedError(organization, readiness)

    def write_report(
        self,
        registration_id: int,
        target: Path,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
        formats: Collection[str] = (XLSX,),
    ) -> Path:
        """Write one organization's report to ``target`` (.xlsx or .pdf) and, when
        ``formats`` holds both, the other file beside it with the same name; the path of
        ``target``'s format (else the one written). Raises ReportRefusedError, writing
        nothing, when it answered too little."""
        chosen = checked_formats(formats)
        target = _checked_target(target)
        _report(progress, 0, _("Comparing with the reference set"), cancelled, written=())
        benchmark = self._comparisons.benchmark()  # NoReferenceSetError first: nothing works
        refusal = self.report_refusal(registration_id)
        if refusal is not None:
            raise refusal
        context = self._report_context(registration_id, benchmark)
        targets = [target.with_suffix(f".{kind}") for kind in chosen]
        written: list[Path] = []
        try:
            for number, path in enumerate(targets):
                step = _file_progress(progress, number, len(targets), path.name)
                written.append(self._write_file(context, path, step, cancelled))
        except ExportCancelled:
            raise BenchmarkReportCancelledError(written) from None
        for path in written:
            self._audit_report(registration_id, path)
        return next((p for p in written if p.suffix == target.suffix.lower()), written[0])

    def report_files(self, registration_id: int) -> list[tuple[str, bytes]]:
        """The report as attachments, in memory: [(PDF file name, PDF bytes), (workbook
        file name, workbook bytes)]. Refused with ReportRefusedError like write_report.
        (openpyxl streams a workbook's rows through its own temporary files, removed once
        the workbook is assembled, as for every export.)"""
        benchmark = self._comparisons.benchmark()
        refusal = self.report_refusal(registration_id)
        if refusal is not None:
            raise refusal
        context = self._report_context(registration_id, benchmark)
        name = Path(self.report_file_name(registration_id))
        return [
            (name.with_suffix(".pdf").name, self._pdf(context)),
            (name.name, benchmark_report_bytes(context)),
        ]

    def _write_file(
        self,
        context: ReportContext,
        target: Path,
        progress: Progress | None,
        cancelled: Cancelled | None,
    ) -> Path:
        """One file of a report, written atomically (the workbook, or its PDF)."""
        if target.suffix.lower() == ".xlsx":
            return write_benchmark_report(context, target, progress, cancelled)
        if progress is not None:
            progress(10, _("Laying out the PDF"))
        if cancelled is not None and cancelled():
            raise ExportCancelled()
        content = self._pdf(context)
        write_atomically(
            target, lambda stream: stream.write(content), prefix=f".{target.stem[:40]}."
        )
        if progress is not None:
            progress(100, _("Saved {target}").format(target=target.name))
        return target

    def _pdf(self, context: ReportContext) -> bytes:
        from escadesk.documents.report_pdf import report_pdf  # reportlab: on first use

        with self._context.database.reading() as session:
            institute = read_identity(session)
        page = document_page(SettingsService(self._context.database))
        return report_pdf(context, page, institute)

    def write_reports(
        self,
        workshop_id: int,
        folder: Path,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
        formats: Collection[str] = (XLSX,),
    ) -> ReportBatch:
        """One report per participant into ``folder`` (created if missing), named by
        :meth:`report_file_name`; participants that answered too little are skipped and
        named with the reason in the result. Cancelling raises
        BenchmarkReportCancelledError: the report in progress leaves no file, finished
        ones stay (listed in the error)."""
        chosen = checked_formats(formats)
        folder = Path(folder).expanduser()
        if folder.exists() and not folder.is_dir():
            raise ValidationError(
                [
                    FieldProblem(
                        "folder",
                        _("'{folder}' is a file; choose a folder for the reports.").format(
                            folder=folder
                        ),
                    )
                ]
            )
        participants = self._questionnaires.participants(workshop_id)
        _report(progress, 0, _("Preparing the reference set"), cancelled, written=())
        # fails before the first file when there is nothing to compare with
        benchmark = self._comparisons.benchmark()
        folder.mkdir(parents=True, exist_ok=True)
        written: list[Path] = []
        written_for: list[int] = []
        skipped: list[SkippedReport] = []
        used: set[str] = set()
        total = len(participants)
        try:
            for index, participant in enumerate(participants):
                name = participant.organization
                _report(progress, 100 * index // total, name, cancelled, written=written)
                refusal = self.report_refusal(participant.registration_id)
                if refusal is not None:
                    skipped.append(SkippedReport(participant.registration_id, name, refusal.reason))
                    continue
                context = self._report_context(participant.registration_id, benchmark)
                file_name = file_names.unique_name(
                    self.report_file_name(participant.registration_id), used
                )
                for number, kind in enumerate(chosen):  # one step of the bar per file
                    path = (folder / file_name).with_suffix(f".{kind}")
                    step = _step_progress(
                        progress, index * len(chosen) + number, total * len(chosen), name
                    )
                    try:
                        written.append(self._write_file(context, path, step, cancelled))
                        written_for.append(participant.registration_id)
                    except ExportCancelled:
                        raise BenchmarkReportCancelledError(written) from None
        except BenchmarkReportCancelledError:
            self._audit_batch(workshop_id, written, total, folder, skipped, cancelled=True)
            raise
        self._audit_batch(workshop_id, written, total, folder, skipped, cancelled=False)
        if skipped:  # not a full run: each report written counts on its own (lifecycle)
            for registration_id, path in zip(written_for, written, strict=True):
                self._audit_report(registration_id, path)
        done = f"{counted(len(written), 'report')} written"
        if skipped:
            done += f"; {len(skipped)} skipped (too few answers)"
        _report(progress, 100, done)
        return ReportBatch(tuple(written), tuple(skipped))

    def report_context(self, registration_id: int) -> ReportContext:
        """Everything the report writer needs for one organization (plain data)."""
        return self._report_context(registration_id, self._comparisons.benchmark())

    def _report_context(self, registration_id: int, benchmark: bm.Benchmark) -> ReportContext:
        comparison = self._comparisons.comparison(registration_id, benchmark)
        with self._context.database.reading() as session:
            registration = load_registration(session, registration_id)
            workshop = registration.workshop
            label = find_label(session, registration_id)
            organization = registration.organization.name
            # The organization's language, never the window's (its texts, numbers, dates).
            language = translator(locale_of(registration.organization.language))
            comparison = localized_comparison(comparison, language)
            return ReportContext(
                organization=organization,
                workshop_title=workshop.title,
                workshop_date=workshop.event_date,
                generated_at=self._context.clock.now().astimezone(ZoneInfo(workshop.timezone)),
                comparison=comparison,
                recommendations=bm.recommendations(comparison, limit=REPORT_RECOMMENDATIONS),
                label=award_of(label) if label else None,
                confidentiality=confidentiality_notice(organization, language),
                prepared_by=read_identity(session).name,
                language=language,
            )

    def _audit_report(self, registration_id: int, path: Path) -> None:
        with self._context.database.transaction() as session:
            registration = load_registration(session, registration_id)
            audit.record_for_registration(
                session,
                self._context,
                registration,
                "benchmark.report",
                f"{registration.organization.name}: benchmarking report written as '{path.name}'",
            )

    def _audit_batch(
        self,
        workshop_id: int,
        written: list[Path],
        total: int,
        folder: Path,
        skipped: list[SkippedReport],
        cancelled: bool,
    ) -> None:
        reports = (
            f"{len(written)} of {counted(total, 'benchmarking report')}"
            if cancelled
            else counted(len(written), "benchmarking report")
        )
        suffix = ""
        if skipped:  # before "(cancelled)", which ends a cancelled run's summary
            names = ", ".join(item.organization for item in skipped)
            suffix += f"; {PARTIAL_RUN}: {names}"
        if cancelled:
            suffix += " (cancelled)"
        with self._context.database.transaction() as session:
            audit.record_now(
                session,
                self._context,
                action="benchmark.reports",
                entity="workshop",
                entity_id=workshop_id,
                workshop_id=workshop_id,
                summary=f"{reports} written to '{folder}'{suffix}",
            )


def confidentiality_notice(organization: str, language: Translator | None = None) -> str:
    """The notice on a report's cover (ending with the announcement's own notice), in the
    report's language."""
    if language is None or language.language == "en":
        return CONFIDENTIALITY.format(organization=organization) + CONFIDENTIALITY_NOTICE
    notice = language.gettext(ANNOUNCEMENT_NOTICE).format(institute=DEFAULT_INSTITUTE_NAME)
    return language.gettext(CONFIDENTIALITY).format(organization=organization) + notice


def _report_name(workshop: models.Workshop, organization: str) -> str:
    return file_names.file_name(
        workshop.title, workshop.event_date, REPORT_KIND.lower(), "xlsx", about=organization
    )


def checked_formats(formats: Collection[str]) -> tuple[str, ...]:
    """The chosen formats in file order (workbook, then PDF); a clear error for none or
    an unknown one."""
    wanted = {str(kind).lower().lstrip(".") for kind in formats}
    unknown = sorted(wanted - set(REPORT_FORMATS))
    if unknown or not wanted:
        shown = ", ".join(unknown) or "none"
        raise ValidationError(
            [
                FieldProblem(
                    "format",
                    _("Choose the report's format: xlsx, pdf or both (not {shown}).").format(
                        shown=shown
                    ),
                )
            ]
        )
    return tuple(kind for kind in REPORT_FORMATS if kind in wanted)


def _checked_target(target: Path) -> Path:
    target = Path(target).expanduser()
    problem = None
    if target.suffix.lower() not in (".xlsx", ".pdf"):
        stem = target.stem or "report"
        problem = _("Save the report as an .xlsx or .pdf file (e.g. '{stem}.xlsx').").format(
            stem=stem
        )
    elif target.is_dir():
        problem = _("'{target}' is a folder; give a file name ending in .xlsx or .pdf.").format(
            target=target
        )
    elif not target.parent.is_dir():
        problem = _("The folder '{parent}' does not exist.").format(parent=target.parent)
    if problem:
        raise ValidationError([FieldProblem("target", problem)])
    return target


def _report(
    progress: Progress | None,
    percent: int,
    message: str,
    cancelled: Cancelled | None = None,
    written: Sequence[Path] = (),
) -> None:
    """Report progress; when the user has cancelled, stop with what is already written."""
    if cancelled is not None and cancelled():
        raise BenchmarkReportCancelledError(list(written))
    if progress is not None:
        progress(max(0, min(100, percent)), message)


def _file_progress(
    progress: Progress | None, number: int, count: int, file_name: str
) -> Progress | None:
    """Progress of one file of a report mapped onto its share of the bar."""
    if progress is None or count == 1:
        return progress
    outer = progress

    def report(percent: int, message: str) -> None:
        overall = (100 * number + max(0, min(100, percent))) // count
        # Translators: a benchmarking report's progress: the file, then what is being done.
        outer(
            min(overall, 99),
            _("{file_name}: {message}").format(file_name=file_name, message=message),
        )

    return report


def _step_progress(
    progress: Progress | None, index: int, total: int, organization: str
) -> Progress | None:
    """Progress of one report mapped onto its share of the batch's bar."""
    if progress is None:
        return None
    outer = progress

    def report(percent: int, message: str) -> None:
        overall = (100 * index + max(0, min(100, percent))) // max(total, 1)
        outer(
            min(overall, 99),
            _("{organization} ({number} of {total}): {message}").format(
                organization=organization, number=index + 1, total=total, message=message
            ),
        )

    return report
