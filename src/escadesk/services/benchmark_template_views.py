"""What reading a filled survey template hands to the screens and the command line.

Plain, immutable values with no database behind them, so the UI may import this module.
A preview holds the organization's answers (to show them before they are stored): like
every answer it is confidential, shown but never logged.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from escadesk.domain.wording import counted
from escadesk.importing.survey_template import TemplateProblem

__all__ = ["AnswerChange", "AnswersPreview", "ChangeKind", "TemplateProblem"]


class ChangeKind(StrEnum):
    """What storing the file would do to one indicator's answer."""

    NEW = "new"
    """Unanswered in escadesk, answered in the file."""
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    """The same answer in both, or unanswered in both."""
    CLEARED = "cleared"
    """Answered in escadesk, left empty in the file: storing clears it."""


@dataclass(frozen=True)
class AnswerChange:
    """One indicator of the preview; texts are the canonical stored form ("yes", "2.5")."""

    code: str
    title: str
    kind: ChangeKind
    before: str | None
    """What escadesk holds now (None: unanswered)."""
    after: str | None
    """What the file says (None: empty)."""
    row: int
    """The indicator's row on the Answers sheet."""


@dataclass(frozen=True)
class AnswersPreview:
    """A filled template read against the stored answers: the changes *or* the problems.

    Nothing is stored until :meth:`commit` of the service is called with an ``ok``
    preview; then every change is stored, or none.
    """

    source: Path
    problems: tuple[TemplateProblem, ...]
    changes: tuple[AnswerChange, ...] = ()
    """Every indicator of the catalogue, in order (empty when there are problems)."""
    registration_id: int | None = None
    workshop_id: int | None = None
    organization: str = ""
    workshop: str = ""
    catalogue_version: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems and self.registration_id is not None

    @property
    def to_store(self) -> tuple[AnswerChange, ...]:
        """The changes a commit writes (new, changed and cleared answers)."""
        return tuple(change for change in self.changes if change.kind is not ChangeKind.UNCHANGED)

    def count(self, kind: ChangeKind) -> int:
        return sum(1 for change in self.changes if change.kind is kind)

    def summary(self) -> str:
        """'3 new, 1 changed, 0 cleared, 32 unchanged answers', or the problem count."""
        if self.problems:
            return f"{counted(len(self.problems), 'problem')}; nothing can be stored"
        parts = [f"{self.count(kind)} {kind.value}" for kind in ChangeKind]
        return ", ".join(parts) + " " + ("answer" if len(self.changes) == 1 else "answers")
