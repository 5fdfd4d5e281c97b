"""Where a workshop stands in its life, and what the director does next.

One workshop goes through five phases, read from its calendar, its decision and now:

- before the deadline: registrations come in (until the end of the last day to register,
  in the workshop's zone);
- decision due: the deadline has passed and nobody has decided yet;
- proceeding: decided to proceed, up to and including the event day;
- cancelled: decided not to proceed (for good: the event does not take place);
- after the event: decided to proceed, and the event day is over in the workshop's zone.

A workshop left undecided stays "decision due" even after its event date: the decision
is still what cancels its registrations and destroys its cards. The next steps of each
phase are plain data (a stable key, a label, why); the screens turn them into buttons and
the window maps each key to its command. They are said here once, for the desk and for
the decision wizard alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from escadesk.domain.decision import Outcome
from escadesk.domain.moments import long_date, require_aware
from escadesk.domain.wording import counted, verb
from escadesk.domain.workshop_calendar import WorkshopCalendar


class Phase(StrEnum):
    BEFORE_DEADLINE = "before_deadline"
    DECISION_DUE = "decision_due"
    PROCEEDING = "proceeding"
    CANCELLED = "cancelled"
    AFTER_EVENT = "after_event"

    @property
    def heading(self) -> str:
        """What the desk calls the phase (str already has a ``title``)."""
        return _HEADINGS[self]


_HEADINGS = {
    Phase.BEFORE_DEADLINE: "Registration open",
    Phase.DECISION_DUE: "Decision due",
    Phase.PROCEEDING: "The workshop proceeds",
    Phase.CANCELLED: "The workshop does not proceed",
    Phase.AFTER_EVENT: "After the workshop",
}


def phase_of(calendar: WorkshopCalendar, decision: Outcome | None, now: datetime) -> Phase:
    """The phase at ``now``: the deadline and the event day are the workshop's own, so
    11 pm in Toronto on the last day to register is still before the deadline."""
    require_aware(now)
    if decision is Outcome.CANCEL:
        return Phase.CANCELLED
    if decision is Outcome.PROCEED:
        today = calendar.local(now).date()
        return Phase.AFTER_EVENT if today > calendar.event_date else Phase.PROCEEDING
    return Phase.BEFORE_DEADLINE if calendar.registration_open(now) else Phase.DECISION_DUE


class StepKey(StrEnum):
    """What a next step opens; the window maps each key to one of its commands.

    Most values are the keys of the window's own commands (ui/actions/). Two are not:
    "charges" (the charge command needs an organization chosen first) and
    "finish_erasing" (the decision wizard, which finishes an interrupted erasure).
    """

    IMPORT_DELEGATES = "import"
    NEW_REGISTRATION = "new_registration"
    DECISION = "decision"
    FINISH_ERASING = "finish_erasing"
    LETTERS = "letters"
    CHARGES = "charges"
    CERTIFICATES = "certificates"
    PAPER = "paper"
    ERASE_CARDS = "after_event_erase"
    BENCHMARKING = "benchmark"
    REPORTS = "benchmark_reports"
    #: The letters dialog opened on the missing-document reminders (ui/actions/letters.py).
    REMINDERS = "letters_reminders"


@dataclass(frozen=True)
class NextStep:
    key: StepKey
    label: str
    why: str


@dataclass(frozen=True)
class WorkLeft:
    """What is still to do, counted by the services from the stored data."""

    delegates: int = 0
    late_pending: int = 0
    #: Incomplete registrations due a missing-document reminder (domain/letters.py).
    reminders_due: int = 0
    #: Organizations not yet told their outcome (or a fee that changed since).
    letters_due: int = 0
    #: Confirmed organizations not yet charged, of ``taking_part``.
    uncharged: int = 0
    taking_part: int = 0
    #: Card authorizations the decision destroys that are still stored.
    decision_erasures: int = 0
    #: After the event: cards of waitlisted and withdrawn organizations, never charged.
    cards_no_longer_needed: int = 0
    certificates: int = 0
    #: Signed forms received on paper or by e-mail, not yet recorded as destroyed.
    paper_to_destroy: int = 0
    reports_missing: int = 0
    labels_missing: int = 0


def next_steps(phase: Phase, calendar: WorkshopCalendar, work: WorkLeft) -> tuple[NextStep, ...]:
    """The phase's next steps, most pressing first; only those with something to do
    (before the deadline, registering and the dry run always are)."""
    steps: list[NextStep] = []
    if phase is Phase.BEFORE_DEADLINE:
        deadline = long_date(calendar.registration_deadline)
        if not work.delegates:
            steps.append(
                NextStep(
                    StepKey.IMPORT_DELEGATES,
                    "Import the delegate list…",
                    "Only conference delegates may register, and the list is empty.",
                )
            )
        steps.append(
            NextStep(
                StepKey.NEW_REGISTRATION,
                "New registration…",
                f"Registration is open until the end of {deadline}.",
            )
        )
        steps.append(
            NextStep(
                StepKey.DECISION,
                "Preview the decision…",
                "The outcome as it would be if registration closed now (nothing changes).",
            )
        )
        if work.reminders_due:
            steps.append(
                NextStep(
                    StepKey.REMINDERS,
                    f"{counted(work.reminders_due, 'reminder')} due…",
                    f"{counted(work.reminders_due, 'registration')} still "
                    f"{verb(work.reminders_due, 'misses', 'miss')} a document before the "
                    f"end of {deadline}; incomplete registrations do not count.",
                )
            )
        return tuple(steps)
    if phase is Phase.DECISION_DUE:
        why = (
            f"Registration closed at the end of {long_date(calendar.registration_deadline)}: "
            "decide whether the workshop proceeds."
        )
        if work.late_pending:
            why += (
                f" {counted(work.late_pending, 'late completion')} "
                f"{verb(work.late_pending, 'awaits', 'await')} your answer there."
            )
        return (NextStep(StepKey.DECISION, "Open the decision…", why),)
    if work.decision_erasures:
        steps.append(
            NextStep(
                StepKey.FINISH_ERASING,
                "Finish erasing…",
                f"{counted(work.decision_erasures, 'card authorization')} the decision "
                f"destroys {verb(work.decision_erasures, 'is', 'are')} still stored.",
            )
        )
    if phase is Phase.AFTER_EVENT and work.reports_missing:
        steps.append(
            NextStep(
                StepKey.REPORTS,
                "Benchmarking reports…",
                f"{counted(work.reports_missing, 'participant')} "
                f"{verb(work.reports_missing, 'has', 'have')} no report written yet.",
            )
        )
    if work.letters_due:
        steps.append(
            NextStep(
                StepKey.LETTERS,
                "Letters due…",
                f"{counted(work.letters_due, 'organization')} "
                f"{verb(work.letters_due, 'has', 'have')} not been written to yet.",
            )
        )
    if phase is not Phase.CANCELLED and work.uncharged:
        charged = work.taking_part - work.uncharged
        steps.append(
            NextStep(
                StepKey.CHARGES,
                "Record charges…",
                f"{charged} of {counted(work.taking_part, 'confirmed organization')} "
                f"{verb(charged, 'is', 'are')} charged.",
            )
        )
    if phase is Phase.AFTER_EVENT and work.cards_no_longer_needed:
        steps.append(
            NextStep(
                StepKey.ERASE_CARDS,
                "Erase cards no longer needed…",
                f"{counted(work.cards_no_longer_needed, 'card authorization')} of waitlisted or "
                "withdrawn organizations will never be charged.",
            )
        )
    if phase is Phase.AFTER_EVENT and work.labels_missing:
        steps.append(
            NextStep(
                StepKey.BENCHMARKING,
                "Questionnaires and labels…",
                f"{counted(work.labels_missing, 'participant')} "
                f"{verb(work.labels_missing, 'has', 'have')} no Bronze label recorded.",
            )
        )
    if phase is Phase.CANCELLED and work.certificates:
        steps.append(
            NextStep(
                StepKey.CERTIFICATES,
                "Certificates of destruction…",
                f"{counted(work.certificates, 'certificate')}, one for each card destroyed.",
            )
        )
    if work.paper_to_destroy:
        steps.append(
            NextStep(
                StepKey.PAPER,
                "Paper forms…",
                f"{counted(work.paper_to_destroy, 'signed form')} received "
                f"{verb(work.paper_to_destroy, 'is', 'are')} not recorded as destroyed.",
            )
        )
    return tuple(steps)
