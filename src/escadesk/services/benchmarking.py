"""Benchmarking as use cases: reference sets, each participant's questionnaire, its
comparison with peers, the Bronze label and the individual reports.

Confidentiality: answers and notes leave the app only in the organization's own report.
They are never written to the audit trail (it says "answer to 2.2.1 saved", never what the
answer was) nor put in an exception message beyond the text the director just typed.

Reference sets: several can be stored; exactly one is active whenever any exists (the
first one stored becomes active; deleting the active set is refused while others exist,
so the director picks the next one deliberately; deleting the only set is allowed and
leaves nothing to compare with). A set's organizations are stored as JSON
``{code: number}``; a prepared :class:`~escadesk.domain.benchmarking.Benchmark` is cached
per reference set id (about 0.2 s to load and build for 1,300 organizations; a comparison
then takes about 20 ms with its reads) and dropped whenever reference sets change.

Answers are stored as the canonical text of :func:`~escadesk.domain.benchmarking.format_value`
("yes", "2.5", "350000"), which reads back as exactly the value the director entered.
"""

from __future__ import annotations

import functools
import json
import re
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session, selectinload

from escadesk.benchmark_resources import (
    SYNTHETIC_REFERENCE,
    BenchmarkResourceError,
    benchmarking_dir,
    load_catalogue,
    load_reference_file,
    read_reference_info,
)
from escadesk.domain import benchmarking as bm
from escadesk.domain.decision import Outcome
from escadesk.domain.registration import COUNTS_TOWARD_QUORUM, RegistrationStatus
from escadesk.domain.text_rules import problem_in_text
from escadesk.domain.validation import FieldProblem, ValidationError
from escadesk.exports.benchmark_report import ReportContext, write_benchmark_report
from escadesk.exports.data import CONFIDENTIALITY_NOTICE
from escadesk.exports.progress import ExportCancelled
from escadesk.importing.reference import ReferenceImport, load_reference_set
from escadesk.notifications.drafts import safe_file_stem
from escadesk.services import audit
from escadesk.services.benchmark_views import (
    AnswerView,
    BenchmarkParticipant,
    BenchmarkReportCancelledError,
    NoReferenceSetError,
    ReferenceImportError,
    ReferenceSetView,
    SurveyView,
)
from escadesk.services.context import ServiceContext
from escadesk.services.registration_lifecycle import load_registration
from escadesk.services.views import NotFoundError
from escadesk.services.workshops import load_workshop
from escadesk.storage import models

__all__ = [
    "SHIPPED_SOURCE_PREFIX",
    "AnswerView",
    "BenchmarkParticipant",
    "BenchmarkReportCancelledError",
    "BenchmarkingService",
    "NoReferenceSetError",
    "ReferenceImportError",
    "ReferenceSetView",
    "SurveyView",
]

Progress = Callable[[int, str], None]
Cancelled = Callable[[], bool]

SHIPPED_SOURCE_PREFIX = "shipped with escadesk: "
"""``ReferenceSet.source`` of a set installed from ``resources/benchmarking``."""
MAX_NAME_CHARS = 200
MAX_SOURCE_CHARS = 260
MAX_NOTE_CHARS = 2000
REPORT_KIND = "Benchmarking report"
REPORT_RECOMMENDATIONS = 6
CONFIDENTIALITY = (
    "Confidential: prepared for {organization} only; it holds the organization's own "
    "benchmarking answers, shared with no one else (peer figures are statistics of the "
    "reference set). "
)
"""The report's notice: this line, then the announcement's confidentiality notice."""
_TAKING_PART = frozenset({RegistrationStatus.CONFIRMED.value, RegistrationStatus.CHARGED.value})
_COUNTED = frozenset(status.value for status in COUNTS_TOWARD_QUORUM)
_STORE_CHUNK = 250
_TRAILING_PARENTHESES = re.compile(r"\(([^()]+)\)\s*$")


class BenchmarkingService:
    def __init__(
        self, context: ServiceContext, catalogue_loader: Callable[[], bm.Catalogue] = load_catalogue
    ) -> None:
        self._context = context
        self._load_catalogue = catalogue_loader
        self._catalogue: bm.Catalogue | None = None
        self._lock = threading.Lock()
        self._benchmarks: dict[int, bm.Benchmark] = {}
        self._generation = 0

    # -- the questionnaire -------------------------------------------------------------------

    def catalogue(self) -> bm.Catalogue:
        """The current indicator catalogue (read once, on first use)."""
        with self._lock:
            if self._catalogue is None:
                self._catalogue = self._load_catalogue()
            return self._catalogue

    # -- reference sets ----------------------------------------------------------------------

    def reference_sets(self) -> list[ReferenceSetView]:
        """Every stored reference set, oldest first."""
        with self._context.database.reading() as session:
            rows = session.scalars(
                select(models.ReferenceSet).order_by(
                    models.ReferenceSet.imported_at, models.ReferenceSet.id
                )
            )
            return [_set_view(row) for row in rows]

    def ensure_shipped_reference_set(self) -> int:
        """Install the shipped synthetic reference set unless it is already stored; returns
        its id. It becomes active only when no other set is."""
        sidecar = benchmarking_dir() / SYNTHETIC_REFERENCE
        info = read_reference_info(sidecar)
        source = f"{SHIPPED_SOURCE_PREFIX}{info.data_file.name}"
        existing = self._set_id_by_source(source)
        if existing is not None:
            return existing
        reference = _shipped_reference_set(sidecar, self.catalogue())
        with self._context.database.transaction() as session:
            existing = session.scalar(
                select(models.ReferenceSet.id).where(models.ReferenceSet.source == source)
            )
            if existing is not None:  # installed meanwhile by another thread
                return existing
            set_id = self._store(
                session,
                name=reference.name,
                source=source,
                synthetic=reference.synthetic,
                organizations=reference.organizations,
                activate=False,
                progress=None,
            )
        self._invalidate()
        return set_id

    def preview_reference_file(
        self, path: Path, *, include_hidden: bool = False
    ) -> ReferenceImport:
        """Read and check a reference file without storing anything (for the import dialog).

        Hidden rows and columns of a workbook are left out (and reported in the result's
        warnings) unless ``include_hidden``.
        """
        return load_reference_set(Path(path), self.catalogue(), include_hidden=include_hidden)

    def import_reference_set(
        self,
        path: Path,
        name: str,
        activate: bool = True,
        progress: Progress | None = None,
        *,
        include_hidden: bool = False,
    ) -> int:
        """Store the reference set in ``path`` (CSV or xlsx) as ``name``; all or nothing.

        Raises :class:`ReferenceImportError` (every problem, with row and column) when the
        file is not valid, ValidationError when the name is empty or taken. The set is
        marked synthetic when a reference sidecar (``<file>.toml``) beside it says so.
        It becomes active when ``activate`` or when no other set is active. Hidden rows
        and columns of a workbook are imported only when ``include_hidden``.
        """
        path = Path(path)
        _report(progress, 0, f"Reading {path.name}")
        clean_name = _checked_name(name)
        result = self.preview_reference_file(path, include_hidden=include_hidden)
        if not result.ok:
            raise ReferenceImportError(path.name, result.problems)
        _report(progress, 50, f"Storing {len(result.organizations):,} organizations")
        with self._context.database.transaction() as session:
            _refuse_taken_name(session, clean_name)
            set_id = self._store(
                session,
                name=clean_name,
                source=_source_text(path),
                synthetic=_sidecar_says_synthetic(path),
                organizations=result.organizations,
                activate=activate,
                progress=lambda done, total: _report(
                    progress, 50 + 45 * done // max(total, 1), "Storing organizations"
                ),
            )
        self._invalidate()
        _report(progress, 100, f"Imported {len(result.organizations):,} organizations")
        return set_id

    def activate_reference_set(self, set_id: int) -> None:
        """Compare against ``set_id`` from now on (the others become inactive)."""
        with self._context.database.transaction() as session:
            row = _load_set(session, set_id)
            session.execute(update(models.ReferenceSet).values(active=False))
            row.active = True
            self._audit_set(session, row, "benchmark.reference_activate", "activated")
        self._invalidate()

    def delete_reference_set(self, set_id: int) -> None:
        """Delete a stored set with its organizations. The active set can be deleted only
        when it is the only one (activate another first)."""
        with self._context.database.transaction() as session:
            row = _load_set(session, set_id)
            others = session.scalar(
                select(func.count())
                .select_from(models.ReferenceSet)
                .where(models.ReferenceSet.id != set_id)
            )
            if row.active and others:
                raise ValidationError(
                    [
                        FieldProblem(
                            "reference_set",
                            f"'{row.name}' is the active reference set; activate another one "
                            "before deleting it.",
                        )
                    ]
                )
            self._audit_set(session, row, "benchmark.reference_delete", "deleted")
            session.execute(
                delete(models.ReferenceOrganization).where(
                    models.ReferenceOrganization.reference_set_id == set_id
                )
            )
            session.execute(delete(models.ReferenceSet).where(models.ReferenceSet.id == set_id))
        self._invalidate()

    # -- participants and their surveys ------------------------------------------------------

    def participants(self, workshop_id: int) -> list[BenchmarkParticipant]:
        """The organizations taking part, by name: confirmed or charged once the workshop
        proceeds; before the decision, the complete ones; nobody once it is cancelled."""
        codes = self.catalogue().codes
        with self._context.database.reading() as session:
            workshop = load_workshop(session, workshop_id)
            rows = [
                r
                for r in session.scalars(
                    select(models.Registration)
                    .where(models.Registration.workshop_id == workshop_id)
                    .options(selectinload(models.Registration.organization))
                )
                if _takes_part(workshop, r)
            ]
            ids = [r.id for r in rows]
            answered = dict(
                session.execute(
                    select(models.BenchmarkSurvey.registration_id, func.count())
                    .join(models.BenchmarkAnswer)
                    .where(
                        models.BenchmarkSurvey.registration_id.in_(ids),
                        models.BenchmarkAnswer.value.is_not(None),
                        models.BenchmarkAnswer.indicator.in_(codes),
                    )
                    .group_by(models.BenchmarkSurvey.registration_id)
                ).all()
            )
            labels = {
                label.registration_id: _award(label)
                for label in session.scalars(
                    select(models.QualityLabel).where(models.QualityLabel.registration_id.in_(ids))
                )
            }
            participants = [
                BenchmarkParticipant(
                    registration_id=r.id,
                    organization=r.organization.name,
                    technology_area=r.organization.technology_area,
                    answered=answered.get(r.id, 0),
                    total=len(codes),
                    label=labels.get(r.id),
                )
                for r in rows
            ]
        return sorted(participants, key=lambda p: (p.organization.casefold(), p.registration_id))

    def survey(self, registration_id: int) -> SurveyView:
        """The questionnaire of one registration (empty until the first answer is saved)."""
        catalogue = self.catalogue()
        with self._context.database.reading() as session:
            registration = load_registration(session, registration_id)
            survey = _find_survey(session, registration_id)
            return _survey_view(catalogue, registration, survey)

    def save_answer(
        self,
        registration_id: int,
        code: str,
        text: str | None,
        note: str | None = None,
    ) -> AnswerView:
        """Check and store one answer ("" or None clears it); returns what is stored.

        ``note`` replaces the answer's note; None keeps the note already stored. An invalid
        answer raises ValidationError (field = the code, message naming the indicator and
        what is valid) and nothing is stored. Saving what is already stored writes nothing.
        """
        catalogue = self.catalogue()
        indicator = _indicator(catalogue, code)
        stored = _canonical_text(indicator, text)
        clean_note = None if note is None else _checked_note(indicator, note)
        with self._context.database.transaction() as session:
            registration = load_registration(session, registration_id)
            survey = self._open_survey(session, catalogue, registration_id)
            answer = _find_answer(session, survey.id, code)
            new_note = clean_note if clean_note is not None else (answer.note if answer else "")
            old_text = answer.value if answer else None
            old_note = answer.note if answer else ""
            if stored == old_text and new_note == old_note:
                return AnswerView(code, stored or "", new_note)
            now = self._context.clock.now()
            _store_answer(session, survey, answer, code, stored, new_note, now)
            survey.updated_at, survey.updated_by = now, self._context.actor
            audit.record_for_registration(
                session,
                self._context,
                registration,
                "benchmark.answer",
                f"{registration.organization.name}: "
                + _answer_words(code, old_text, stored, old_note, new_note),
            )
        return AnswerView(code, stored or "", new_note)

    def save_answers(
        self,
        registration_id: int,
        texts: Mapping[str, str | None],
        notes: Mapping[str, str] | None = None,
    ) -> SurveyView:
        """Store many answers at once ({code: text}; a blank clears), all or nothing: any
        invalid answer raises ValidationError listing every problem and nothing is stored.
        ``notes`` ({code: note}) replace those answers' notes. One audit entry."""
        catalogue = self.catalogue()
        notes = dict(notes or {})
        problems: list[FieldProblem] = []
        stored: dict[str, str | None] = {}
        clean_notes: dict[str, str] = {}
        for code in dict.fromkeys([*texts, *notes]):
            indicator = catalogue.find(code)
            if indicator is None:
                problems.append(_unknown(catalogue, code))
                continue
            try:
                if code in texts:
                    stored[code] = _canonical_text(indicator, texts[code])
                if code in notes:
                    clean_notes[code] = _checked_note(indicator, notes[code])
            except ValidationError as error:
                problems.extend(error.problems)
        if problems:
            raise ValidationError(problems)
        with self._context.database.transaction() as session:
            registration = load_registration(session, registration_id)
            survey = self._open_survey(session, catalogue, registration_id)
            existing = {answer.indicator: answer for answer in survey.answers}
            now = self._context.clock.now()
            changed = 0
            for code in dict.fromkeys([*stored, *clean_notes]):
                answer = existing.get(code)
                value = stored.get(code, answer.value if answer else None)
                note = clean_notes.get(code, answer.note if answer else "")
                before = (answer.value, answer.note) if answer else (None, "")
                if before == (value, note):
                    continue
                changed += 1
                _store_answer(session, survey, answer, code, value, note, now)
            if changed:
                survey.updated_at, survey.updated_by = now, self._context.actor
                noun = "answer" if changed == 1 else "answers"
                audit.record_for_registration(
                    session,
                    self._context,
                    registration,
                    "benchmark.answers",
                    f"{registration.organization.name}: {changed} {noun} saved",
                )
            session.flush()
            session.expire(survey)
            return _survey_view(catalogue, registration, survey)

    def set_interview_date(self, registration_id: int, day: date | None) -> None:
        """The day of the benchmarking interview (the Bronze label's date); None clears it."""
        catalogue = self.catalogue()
        with self._context.database.transaction() as session:
            registration = load_registration(session, registration_id)
            survey = self._open_survey(session, catalogue, registration_id)
            if survey.interview_on == day:
                return
            survey.interview_on = day
            survey.updated_at, survey.updated_by = self._context.clock.now(), self._context.actor
            words = f"set to {day.isoformat()}" if day else "cleared"
            audit.record_for_registration(
                session,
                self._context,
                registration,
                "benchmark.interview_date",
                f"{registration.organization.name}: benchmarking interview date {words}",
            )

    # -- comparison, recommendations, label ---------------------------------------------------

    def comparison(self, registration_id: int) -> bm.Comparison:
        """The organization against the active reference set (NoReferenceSetError when no
        set is stored). Safe to call from a worker thread."""
        benchmark = self._benchmark()
        return benchmark.compare(self._subject(registration_id))

    def recommendations(
        self, registration_id: int, limit: int = 6
    ) -> tuple[bm.Recommendation, ...]:
        """Where the organization is furthest below its technology-area peers."""
        return bm.recommendations(self.comparison(registration_id), limit=limit)

    def bronze(self, registration_id: int) -> bm.BronzeEligibility:
        """Whether the answers earn the Bronze label now, and what stands in the way."""
        catalogue = self.catalogue()
        with self._context.database.reading() as session:
            load_registration(session, registration_id)
            values = _values(catalogue, _find_survey(session, registration_id))
        return bm.bronze_eligibility(catalogue, values)

    def award_bronze(self, registration_id: int) -> bm.QualityLabelAward:
        """Record the Bronze label (dated the interview, valid 2 years from its month).

        Refused (ValidationError, every reason) without an interview date, before the
        interview has taken place, when a label is already recorded, or when the answers
        are not eligible.
        """
        catalogue = self.catalogue()
        with self._context.database.transaction() as session:
            registration = load_registration(session, registration_id)
            survey = _find_survey(session, registration_id)
            existing = session.scalar(
                select(models.QualityLabel).where(
                    models.QualityLabel.registration_id == registration_id
                )
            )
            if existing is not None:
                raise ValidationError(
                    [
                        FieldProblem(
                            "label",
                            f"{registration.organization.name} already holds the "
                            f"{existing.label} label awarded on {existing.awarded_on.isoformat()}"
                            f" (valid until {existing.valid_until.isoformat()}).",
                        )
                    ]
                )
            interview_on = survey.interview_on if survey else None
            problems: list[FieldProblem] = []
            if interview_on is None:
                problems.append(
                    FieldProblem(
                        "interview_on",
                        "Record the date of the benchmarking interview first: the label is "
                        "valid for 2 years from the month of the interview.",
                    )
                )
            else:
                today = self._context.clock.now().astimezone(
                    ZoneInfo(registration.workshop.timezone)
                )
                if interview_on > today.date():
                    problems.append(
                        FieldProblem(
                            "interview_on",
                            f"The interview on {interview_on.isoformat()} is still to come; "
                            "award the label after it.",
                        )
                    )
            problems.extend(bm.bronze_eligibility(catalogue, _values(catalogue, survey)).problems)
            if problems:
                raise ValidationError(problems)
            assert interview_on is not None
            award = bm.award_bronze(catalogue, _values(catalogue, survey), interview_on)
            session.add(
                models.QualityLabel(
                    registration_id=registration_id,
                    label=award.label,
                    awarded_on=award.awarded_on,
                    valid_until=award.valid_until,
                    recorded_at=self._context.clock.now(),
                    recorded_by=self._context.actor,
                )
            )
            audit.record_for_registration(
                session,
                self._context,
                registration,
                "benchmark.label",
                f"{registration.organization.name}: {award.label} label awarded "
                f"(interview {award.awarded_on.isoformat()}, valid until "
                f"{award.valid_until.isoformat()})",
            )
        return award

    # -- reports -----------------------------------------------------------------------------

    def report_file_name(self, registration_id: int) -> str:
        """'TCI 2018 - Benchmarking report - Northshore Photonics Cluster.xlsx' (the
        workshop's short name, from the title's closing parentheses or else its code; safe
        on Windows and macOS)."""
        with self._context.database.reading() as session:
            registration = load_registration(session, registration_id)
            return _report_name(registration.workshop, registration.organization.name)

    def write_report(
        self,
        registration_id: int,
        target: Path,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> Path:
        """Write one organization's report workbook to ``target`` (.xlsx)."""
        target = _checked_target(target)
        _report(progress, 0, "Comparing with the reference set", cancelled, written=())
        context = self._report_context(registration_id, self._benchmark())
        try:
            path = write_benchmark_report(context, target, progress, cancelled)
        except ExportCancelled:
            raise BenchmarkReportCancelledError(()) from None
        with self._context.database.transaction() as session:
            registration = load_registration(session, registration_id)
            audit.record_for_registration(
                session,
                self._context,
                registration,
                "benchmark.report",
                f"{registration.organization.name}: benchmarking report written as '{path.name}'",
            )
        return path

    def write_reports(
        self,
        workshop_id: int,
        folder: Path,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> list[Path]:
        """One report per participant into ``folder`` (created if missing), named by
        :meth:`report_file_name`. Cancelling raises BenchmarkReportCancelledError: the
        report in progress leaves no file, finished ones stay (listed in the error)."""
        folder = Path(folder).expanduser()
        if folder.exists() and not folder.is_dir():
            raise ValidationError(
                [FieldProblem("folder", f"'{folder}' is a file; choose a folder for the reports.")]
            )
        participants = self.participants(workshop_id)
        _report(progress, 0, "Preparing the reference set", cancelled, written=())
        benchmark = self._benchmark()  # fails before the first file if nothing to compare with
        folder.mkdir(parents=True, exist_ok=True)
        written: list[Path] = []
        used: set[str] = set()
        total = len(participants)
        try:
            for index, participant in enumerate(participants):
                name = participant.organization
                _report(progress, 100 * index // total, name, cancelled, written=written)
                context = self._report_context(participant.registration_id, benchmark)
                file_name = _unique(self.report_file_name(participant.registration_id), used)
                step = _step_progress(progress, index, total, name)
                try:
                    written.append(
                        write_benchmark_report(context, folder / file_name, step, cancelled)
                    )
                except ExportCancelled:
                    raise BenchmarkReportCancelledError(written) from None
        except BenchmarkReportCancelledError:
            self._audit_batch(workshop_id, written, total, folder, cancelled=True)
            raise
        self._audit_batch(workshop_id, written, total, folder, cancelled=False)
        _report(progress, 100, f"{len(written)} reports written")
        return written

    def report_context(self, registration_id: int) -> ReportContext:
        """Everything the report writer needs for one organization (plain data)."""
        return self._report_context(registration_id, self._benchmark())

    # -- internals ---------------------------------------------------------------------------

    def _report_context(self, registration_id: int, benchmark: bm.Benchmark) -> ReportContext:
        comparison = benchmark.compare(self._subject(registration_id))
        with self._context.database.reading() as session:
            registration = load_registration(session, registration_id)
            workshop = registration.workshop
            label = session.scalar(
                select(models.QualityLabel).where(
                    models.QualityLabel.registration_id == registration_id
                )
            )
            organization = registration.organization.name
            return ReportContext(
                organization=organization,
                workshop_title=workshop.title,
                workshop_date=workshop.event_date,
                generated_at=self._context.clock.now().astimezone(ZoneInfo(workshop.timezone)),
                comparison=comparison,
                recommendations=bm.recommendations(comparison, limit=REPORT_RECOMMENDATIONS),
                label=_award(label) if label else None,
                confidentiality=confidentiality_notice(organization),
            )

    def _store(
        self,
        session: Session,
        *,
        name: str,
        source: str,
        synthetic: bool,
        organizations: Sequence[bm.ReferenceOrganization],
        activate: bool,
        progress: Callable[[int, int], None] | None,
    ) -> int:
        """Add one set and its organizations inside the caller's transaction."""
        catalogue = self.catalogue()
        any_active = session.scalar(
            select(models.ReferenceSet.id).where(models.ReferenceSet.active).limit(1)
        )
        active = activate or any_active is None
        if active:
            session.execute(update(models.ReferenceSet).values(active=False))
        row = models.ReferenceSet(
            name=name,
            source=source[:MAX_SOURCE_CHARS],
            synthetic=synthetic,
            catalogue_version=catalogue.version,
            organization_count=len(organizations),
            active=active,
            imported_at=self._context.clock.now(),
            imported_by=self._context.actor,
        )
        session.add(row)
        session.flush()
        total = len(organizations)
        for start in range(0, total, _STORE_CHUNK):
            chunk = organizations[start : start + _STORE_CHUNK]
            session.execute(
                insert(models.ReferenceOrganization),
                [
                    {
                        "reference_set_id": row.id,
                        "identifier": org.identifier,
                        "country": org.country,
                        "technology_area": org.technology_area,
                        "year": org.year,
                        "label": org.label,
                        "values_json": values_json(org.values),
                    }
                    for org in chunk
                ],
            )
            if progress is not None:
                progress(start + len(chunk), total)
        kind = "synthetic reference set" if synthetic else "reference set"
        self._audit_set(
            session,
            row,
            "benchmark.reference_import",
            f"stored ({total:,} organizations, {kind}, from {source}"
            + (", active)" if active else ")"),
        )
        return row.id

    def _set_id_by_source(self, source: str) -> int | None:
        with self._context.database.reading() as session:
            return session.scalar(
                select(models.ReferenceSet.id).where(models.ReferenceSet.source == source)
            )

    def _audit_set(
        self, session: Session, row: models.ReferenceSet, action: str, words: str
    ) -> None:
        audit.record_now(
            session,
            self._context,
            action=action,
            entity="reference_set",
            entity_id=row.id,
            workshop_id=None,
            summary=f"Reference set '{row.name}' {words}",
        )

    def _audit_batch(
        self, workshop_id: int, written: list[Path], total: int, folder: Path, cancelled: bool
    ) -> None:
        words = f"{len(written)} of {total}" if cancelled else f"{len(written)}"
        suffix = " (cancelled)" if cancelled else ""
        with self._context.database.transaction() as session:
            audit.record_now(
                session,
                self._context,
                action="benchmark.reports",
                entity="workshop",
                entity_id=workshop_id,
                workshop_id=workshop_id,
                summary=f"{words} benchmarking reports written to '{folder}'{suffix}",
            )

    def _open_survey(
        self, session: Session, catalogue: bm.Catalogue, registration_id: int
    ) -> models.BenchmarkSurvey:
        """The registration's survey, created on first use for the current catalogue."""
        survey = _find_survey(session, registration_id)
        if survey is None:
            survey = models.BenchmarkSurvey(
                registration_id=registration_id,
                catalogue_version=catalogue.version,
                interview_on=None,
                updated_at=self._context.clock.now(),
                updated_by=self._context.actor,
            )
            session.add(survey)
            session.flush()
        elif survey.catalogue_version != catalogue.version:
            raise ValidationError(
                [
                    FieldProblem(
                        "catalogue",
                        f"This questionnaire was started with catalogue "
                        f"{survey.catalogue_version}; this version of escadesk asks catalogue "
                        f"{catalogue.version}.",
                    )
                ]
            )
        return survey

    def _subject(self, registration_id: int) -> bm.Subject:
        catalogue = self.catalogue()
        with self._context.database.reading() as session:
            registration = load_registration(session, registration_id)
            organization = registration.organization
            return bm.Subject(
                name=organization.name,
                country=organization.country,
                technology_area=organization.technology_area,
                values=_values(catalogue, _find_survey(session, registration_id)),
            )

    def _benchmark(self) -> bm.Benchmark:
        """The active set, prepared (cached per set id)."""
        catalogue = self.catalogue()
        with self._context.database.reading() as session:
            row = session.scalar(
                select(models.ReferenceSet)
                .where(models.ReferenceSet.active)
                .order_by(models.ReferenceSet.id.desc())
                .limit(1)
            )
            if row is None:
                row = session.scalar(
                    select(models.ReferenceSet).order_by(models.ReferenceSet.id.desc()).limit(1)
                )
            if row is None:
                raise NoReferenceSetError()
            with self._lock:
                cached = self._benchmarks.get(row.id)
                generation = self._generation
            if cached is not None:
                return cached
            if row.catalogue_version != catalogue.version:
                raise BenchmarkResourceError(
                    f"The reference set '{row.name}' was made for catalogue "
                    f"{row.catalogue_version}, not {catalogue.version}."
                )
            reference = bm.ReferenceSet(
                name=row.name,
                organizations=tuple(_load_organizations(session, row.id)),
                catalogue_version=row.catalogue_version,
                synthetic=row.synthetic,
            )
        benchmark = bm.Benchmark.prepare(catalogue, reference)
        with self._lock:
            if generation == self._generation:
                self._benchmarks[row.id] = benchmark
        return benchmark

    def _invalidate(self) -> None:
        with self._lock:
            self._benchmarks.clear()
            self._generation += 1


# ------------------------------------------------------------------ reference sets


def values_json(values: Mapping[str, float]) -> str:
    """{code: number} as compact JSON; whole numbers as integers, others as the shortest
    text that reads back as the same float (``repr``), so values round-trip exactly."""
    plain = {code: int(v) if float(v).is_integer() else v for code, v in values.items()}
    return json.dumps(plain, separators=(",", ":"))


def _shipped_reference_set(sidecar: Path, catalogue: bm.Catalogue) -> bm.ReferenceSet:
    """The shipped set, read through the importer; kept for the process's lifetime (the
    file does not change while the app runs, and its values are immutable), so a demo
    seeded again or a re-install after a deletion does not parse 1,300 rows again."""
    data_file = read_reference_info(sidecar).data_file
    stat = data_file.stat()
    return _parsed_shipped(sidecar, catalogue, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=1)
def _parsed_shipped(
    sidecar: Path, catalogue: bm.Catalogue, mtime_ns: int, size: int
) -> bm.ReferenceSet:
    return load_reference_file(sidecar, catalogue)


def _load_organizations(session: Session, set_id: int) -> Iterable[bm.ReferenceOrganization]:
    rows = session.execute(
        select(
            models.ReferenceOrganization.identifier,
            models.ReferenceOrganization.country,
            models.ReferenceOrganization.technology_area,
            models.ReferenceOrganization.year,
            models.ReferenceOrganization.label,
            models.ReferenceOrganization.values_json,
        )
        .where(models.ReferenceOrganization.reference_set_id == set_id)
        .order_by(models.ReferenceOrganization.id)
    )
    for identifier, country, area, year, label, raw in rows:
        values = {code: float(value) for code, value in json.loads(raw).items()}
        yield bm.ReferenceOrganization(
            identifier=identifier,
            country=country,
            technology_area=area,
            year=year,
            label=label,
            values=MappingProxyType(values),
        )


def _set_view(row: models.ReferenceSet) -> ReferenceSetView:
    return ReferenceSetView(
        id=row.id,
        name=row.name,
        source=row.source,
        synthetic=row.synthetic,
        size=row.organization_count,
        active=row.active,
        imported_at=row.imported_at,
        catalogue_version=row.catalogue_version,
    )


def _load_set(session: Session, set_id: int) -> models.ReferenceSet:
    row = session.get(models.ReferenceSet, set_id)
    if row is None:
        raise NotFoundError(f"There is no reference set #{set_id}.")
    return row


def _checked_name(name: str) -> str:
    clean = " ".join(str(name).split())
    problem = None
    if refused := problem_in_text("name", str(name), label="The reference set's name"):
        problem = refused.message
    elif not clean:
        problem = "Give the reference set a name (e.g. 'ESCA extract 2018')."
    elif len(clean) > MAX_NAME_CHARS:
        problem = f"The name is longer than {MAX_NAME_CHARS} characters."
    if problem:
        raise ValidationError([FieldProblem("name", problem)])
    return clean


def _refuse_taken_name(session: Session, name: str) -> None:
    names = session.scalars(select(models.ReferenceSet.name))
    if any(existing.casefold() == name.casefold() for existing in names):
        raise ValidationError(
            [FieldProblem("name", f"A reference set named '{name}' already exists.")]
        )


def _source_text(path: Path) -> str:
    text = str(path)
    if len(text) > MAX_SOURCE_CHARS:
        text = "…" + text[-(MAX_SOURCE_CHARS - 1) :]
    return text


def _sidecar_says_synthetic(path: Path) -> bool:
    """A reference sidecar ``<file>.toml`` beside the file, naming it, marks it synthetic."""
    sidecar = path.with_suffix(".toml")
    if not sidecar.is_file():
        return False
    try:
        info = read_reference_info(sidecar)
    except BenchmarkResourceError:
        return False
    return info.synthetic and info.data_file.name == path.name


# ------------------------------------------------------------------ surveys


def _takes_part(workshop: models.Workshop, registration: models.Registration) -> bool:
    if workshop.decision == Outcome.PROCEED.value:
        return registration.status in _TAKING_PART
    if workshop.decision == Outcome.CANCEL.value:
        return False
    return registration.status in _COUNTED


def _find_survey(session: Session, registration_id: int) -> models.BenchmarkSurvey | None:
    return session.scalar(
        select(models.BenchmarkSurvey)
        .where(models.BenchmarkSurvey.registration_id == registration_id)
        .options(selectinload(models.BenchmarkSurvey.answers))
    )


def _find_answer(session: Session, survey_id: int, code: str) -> models.BenchmarkAnswer | None:
    return session.scalar(
        select(models.BenchmarkAnswer).where(
            models.BenchmarkAnswer.survey_id == survey_id,
            models.BenchmarkAnswer.indicator == code,
        )
    )


def _values(catalogue: bm.Catalogue, survey: models.BenchmarkSurvey | None) -> dict[str, float]:
    """The stored answers as values; a stored text that no longer parses (a catalogue
    range changed) counts as unanswered rather than failing the whole comparison."""
    values: dict[str, float] = {}
    if survey is None:
        return values
    for answer in survey.answers:
        indicator = catalogue.find(answer.indicator)
        if indicator is None or answer.value is None:
            continue
        try:
            value = bm.parse_answer(indicator, answer.value)
        except ValidationError:
            continue
        if value is not None:
            values[indicator.code] = value
    return values


def _survey_view(
    catalogue: bm.Catalogue,
    registration: models.Registration,
    survey: models.BenchmarkSurvey | None,
) -> SurveyView:
    stored = {answer.indicator: answer for answer in survey.answers} if survey else {}
    answers = {}
    for code in catalogue.codes:
        answer = stored.get(code)
        answers[code] = AnswerView(
            code, (answer.value or "") if answer else "", answer.note if answer else ""
        )
    organization = registration.organization
    return SurveyView(
        registration_id=registration.id,
        organization=organization.name,
        technology_area=organization.technology_area,
        country=organization.country,
        catalogue_version=survey.catalogue_version if survey else catalogue.version,
        interview_on=survey.interview_on if survey else None,
        answers=MappingProxyType(answers),
        completion=bm.completion(catalogue, _values(catalogue, survey)),
    )


def _indicator(catalogue: bm.Catalogue, code: str) -> bm.Indicator:
    indicator = catalogue.find(code)
    if indicator is None:
        raise ValidationError([_unknown(catalogue, code)])
    return indicator


def _unknown(catalogue: bm.Catalogue, code: str) -> FieldProblem:
    return FieldProblem(code, f"{code} is not an indicator of catalogue {catalogue.version}.")


def _canonical_text(indicator: bm.Indicator, text: str | None) -> str | None:
    """The text to store for ``text`` (None when blank); ValidationError naming the
    indicator and what it accepts when invalid."""
    label = f"The answer to {indicator.title}"
    if text is not None and (refused := problem_in_text(indicator.code, text, label=label)):
        raise ValidationError([refused])
    try:
        value = bm.parse_answer(indicator, text)
    except ValidationError as error:
        raise ValidationError(
            [
                FieldProblem(indicator.code, _with_indicator(indicator, problem.message))
                for problem in error.problems
            ]
        ) from None
    return None if value is None else bm.format_value(indicator, value)


def _with_indicator(indicator: bm.Indicator, message: str) -> str:
    """'2.2.1 Human resources of the management team: must be between 0 and 1000 FTE,
    not 1200'; the valid range is added where the domain's message lacks it."""
    expected = _expected(indicator)
    if "between" in message or "level from" in message or indicator.unit is bm.Unit.YES_NO:
        return f"{indicator.title}: {message}"
    return f"{indicator.title}: {message} (expected {expected})"


def _expected(indicator: bm.Indicator) -> str:
    if indicator.unit is bm.Unit.YES_NO:
        return "yes or no"
    if indicator.unit is bm.Unit.ORDINAL:
        low, high = bm.format_number(indicator.minimum), bm.format_number(indicator.maximum)
        return f"a level from {low} to {high}"
    whole = "a whole number" if indicator.unit.whole else "a number"
    return f"{whole} between {bm.range_text(indicator)}"


def _checked_note(indicator: bm.Indicator, note: str) -> str:
    if refused := problem_in_text(indicator.code, note, label=f"The note on {indicator.title}"):
        raise ValidationError([refused])
    clean = note.strip()
    if len(clean) > MAX_NOTE_CHARS:
        raise ValidationError(
            [
                FieldProblem(
                    indicator.code,
                    f"{indicator.title}: the note is longer than {MAX_NOTE_CHARS} characters.",
                )
            ]
        )
    return clean


def _answer_words(
    code: str, old_text: str | None, new_text: str | None, old_note: str, new_note: str
) -> str:
    """What changed, never the answer or the note themselves (they are confidential)."""
    parts = []
    if old_text != new_text:
        parts.append(f"answer to {code} {'cleared' if new_text is None else 'saved'}")
    if old_note != new_note:
        parts.append(f"note to {code} {'cleared' if not new_note else 'saved'}")
    return "; ".join(parts)


def _award(label: models.QualityLabel) -> bm.QualityLabelAward:
    return bm.QualityLabelAward(
        label=label.label,
        awarded_on=label.awarded_on,
        valid_from=label.awarded_on.replace(day=1),
        valid_until=label.valid_until,
    )


# ------------------------------------------------------------------ reports


def confidentiality_notice(organization: str) -> str:
    """The notice on a report's cover (ending with the announcement's own notice)."""
    return CONFIDENTIALITY.format(organization=organization) + CONFIDENTIALITY_NOTICE


def _report_name(workshop: models.Workshop, organization: str) -> str:
    match = _TRAILING_PARENTHESES.search(workshop.title)
    event = match.group(1).strip() if match else workshop.code
    return f"{safe_file_stem(f'{event} - {REPORT_KIND} - {organization}')}.xlsx"


def _unique(name: str, used: set[str]) -> str:
    """``name``, or 'name (2).xlsx' when two organizations share a name."""
    stem, suffix = name.removesuffix(".xlsx"), ".xlsx"
    candidate, number = name, 1
    while candidate.casefold() in used:
        number += 1
        candidate = f"{stem} ({number}){suffix}"
    used.add(candidate.casefold())
    return candidate


def _checked_target(target: Path) -> Path:
    target = Path(target).expanduser()
    problem = None
    if target.suffix.lower() != ".xlsx":
        problem = f"Save the report as an .xlsx file (e.g. '{target.stem or 'report'}.xlsx')."
    elif target.is_dir():
        problem = f"'{target}' is a folder; give a file name ending in .xlsx."
    elif not target.parent.is_dir():
        problem = f"The folder '{target.parent}' does not exist."
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


def _step_progress(
    progress: Progress | None, index: int, total: int, organization: str
) -> Progress | None:
    """Progress of one report mapped onto its share of the batch's bar."""
    if progress is None:
        return None
    outer = progress

    def report(percent: int, message: str) -> None:
        overall = (100 * index + max(0, min(100, percent))) // max(total, 1)
        outer(min(overall, 99), f"{organization} ({index + 1} of {total}): {message}")

    return report


def _store_answer(
    session: Session,
    survey: models.BenchmarkSurvey,
    answer: models.BenchmarkAnswer | None,
    code: str,
    value: str | None,
    note: str,
    now: datetime,
) -> None:
    """Insert, update or delete one answer row: an answer with neither value nor note is
    not kept (an unanswered indicator is absent, never stored as empty)."""
    if value is None and not note:
        if answer is not None:
            session.delete(answer)
    elif answer is None:
        session.add(
            models.BenchmarkAnswer(
                survey_id=survey.id, indicator=code, value=value, note=note, updated_at=now
            )
        )
    else:
        answer.value, answer.note, answer.updated_at = value, note, now
