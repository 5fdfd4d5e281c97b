"""What the benchmarking service hands to the screens (and the errors they catch).

Plain, immutable values with no database behind them (no SQLAlchemy here), so the UI may
import this module; they may hold the domain's own value objects (``Completion``,
``QualityLabelAward``) because those are pure too.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import overload

from escadesk.domain.benchmarking import Completion, QualityLabelAward, ReportReadiness
from escadesk.domain.validation import FieldProblem, ValidationError
from escadesk.exports.progress import ExportCancelled
from escadesk.i18n import _, ngettext
from escadesk.importing.delegates import ImportProblem

_LISTED_PROBLEMS = 10


@dataclass(frozen=True)
class ReferenceSetView:
    """One stored reference set, as the reference-set manager lists it."""

    id: int
    name: str
    source: str
    """Where it came from: the imported file's path, or the shipped file's name."""
    synthetic: bool
    """Generated organizations, not real clusters: say so wherever the set appears."""
    size: int
    active: bool
    imported_at: datetime
    catalogue_version: str
    #: The row's version when listed (services/row_versions.py): activating or deleting
    #: passes it back, refused if another desk changed the set since.
    version: int | None = None


@dataclass(frozen=True)
class AnswerView:
    """One answer of a survey; ``text`` is "" when unanswered (a note may still exist)."""

    code: str
    text: str
    """The stored canonical text ("yes", "2.5", "350000"): reads back as the exact value."""
    note: str


@dataclass(frozen=True)
class SurveyView:
    """A participant's questionnaire: every indicator of its catalogue, answered or not."""

    registration_id: int
    organization: str
    technology_area: str
    country: str
    catalogue_version: str
    interview_on: date | None
    answers: Mapping[str, AnswerView]
    """One entry per catalogue indicator, in catalogue order."""
    completion: Completion


@dataclass(frozen=True)
class BenchmarkParticipant:
    """An organization taking part in a workshop's benchmarking, with its progress."""

    registration_id: int
    organization: str
    technology_area: str
    answered: int
    total: int
    label: QualityLabelAward | None
    """The label awarded, if any."""


class ReferenceImportError(ValueError):
    """A reference file was refused; nothing was stored. ``problems`` name row and column."""

    def __init__(self, source: str, problems: Sequence[ImportProblem]) -> None:
        self.problems = tuple(problems)
        shown = [str(problem) for problem in self.problems[:_LISTED_PROBLEMS]]
        more = len(self.problems) - len(shown)
        if more > 0:
            shown.append(_("… and {more} more").format(more=more))
        heading = ngettext(
            "{source} was not imported ({count} problem; nothing was stored):",
            "{source} was not imported ({count} problems; nothing was stored):",
            len(self.problems),
        ).format(source=source, count=len(self.problems))
        super().__init__("\n".join([heading, *shown]))


class NoReferenceSetError(LookupError):
    """No reference set is stored, so there is nothing to compare with (the UI offers to
    install the shipped synthetic set)."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "No reference set is installed: install the shipped synthetic reference set or "
                "import one before comparing organizations."
            )
        )


class BenchmarkReportCancelledError(ExportCancelled):
    """The user cancelled a report export. The report in progress left no file behind;
    ``written`` lists the reports already finished (they stay)."""

    def __init__(self, written: Sequence[Path] = ()) -> None:
        self.written = tuple(written)
        if self.written:
            count = len(self.written)
            message = ngettext(
                "The export was cancelled; {count} report was already written.",
                "The export was cancelled; {count} reports were already written.",
                count,
            ).format(count=count)
        else:
            message = _("The export was cancelled; no report was written.")
        super().__init__(message)


class ReportRefusedError(ValidationError):
    """An organization has answered too little for its report (the domain's minimum, see
    :mod:`escadesk.domain.benchmarking.report_minimum`); nothing was written. The message
    says how many indicators are answered and how many are needed."""

    def __init__(self, organization: str, readiness: ReportReadiness) -> None:
        self.organization = organization
        self.readiness = readiness
        reason = readiness.reason(organization) or _("{organization}'s report was refused.").format(
            organization=organization
        )
        super().__init__([FieldProblem("answers", reason)])

    @property
    def reason(self) -> str:
        return str(self)


@dataclass(frozen=True)
class SkippedReport:
    """A participant left out of a batch of reports, and why."""

    registration_id: int
    organization: str
    reason: str


@dataclass(frozen=True)
class ReportBatch(Sequence[Path]):
    """The reports a batch wrote (a sequence of their paths, in participant order) and
    the participants it skipped because they answered too little, with the reason."""

    written: tuple[Path, ...]
    skipped: tuple[SkippedReport, ...] = ()

    def __len__(self) -> int:
        return len(self.written)

    def __iter__(self) -> Iterator[Path]:
        return iter(self.written)

    @overload
    def __getitem__(self, index: int) -> Path: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Path, ...]: ...
    def __getitem__(self, index: int | slice) -> Path | tuple[Path, ...]:
        return self.written[index]

    def skipped_text(self) -> str:
        """'Not written: 1 organization answered too little. Catalonia … has answered …'"""
        if not self.skipped:
            return ""
        count = len(self.skipped)
        lines = [
            ngettext(
                "Not written: {count} organization answered too little for a report.",
                "Not written: {count} organizations answered too little for a report.",
                count,
            ).format(count=count)
        ]
        lines += [skipped.reason for skipped in self.skipped]
        return "\n".join(lines)
