"""Field-level problems, shared by every form and import so messages look the same."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class FieldProblem:
    """``field`` is the form's field key; ``message`` is written for the user."""

    field: str
    message: str

    def __str__(self) -> str:
        return self.message


class ValidationError(ValueError):
    """Input was refused; nothing was saved. Carries every problem, not just the first."""

    def __init__(self, problems: Sequence[FieldProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(problem.message for problem in self.problems))

    def for_field(self, field: str) -> list[str]:
        return [problem.message for problem in self.problems if problem.field == field]
