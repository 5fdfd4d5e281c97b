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
from escadesk.domain.workshop_calendar import WorkshopCalendar
from escadesk.i18n import N_, _, format_decimal, ngettext


class Phase(StrEnum):
    BEFORE_DEADLINE = "before_deadline"
    DECISION_DUE = "decision_due"
    PROCEEDING = "proceeding"
    CANCELLED = "cancelled"
    AFTER_EVENT = "after_event"

    @property
    def heading(self) -> str:
        """What the desk calls the phase (str already has a ``title``)."""
        return _(_HEADINGS[self])


_HEADINGS = {
    Phase.BEFORE_DEADLINE: N_("Registration open"),
    Phase.DECISION_DUE: N_("Decision due"),
    Phase.PROCEEDING: N_("The workshop proceeds"),
    Phase.CANCELLED: N_("The workshop does not proceed"),
    Phase.AFTER_EVENT: N_("After the workshop"),
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
                    _("Import the delegate list…"),
                    _("Only conference delegates may register, and the list is empty."),
                )
            )
        steps.append(
            NextStep(
                StepKey.NEW_REGISTRATION,
                _("New registration…"),
                _("Registration is open until the end of {deadline}.").format(deadline=deadline),
            )
        )
        steps.append(
            NextStep(
                StepKey.DECISION,
                _("Preview the decision…"),
                _("The outcome as it would be if registration closed now (nothing changes)."),
            )
        )
        if work.reminders_due:
            steps.append(
                NextStep(
                    StepKey.REMINDERS,
                    ngettext(
                        "{count} reminder due…", "{count} reminders due…", n := work.reminders_due
                    ).format(count=format_decimal(n)),
                    ngettext(
                        "{count} registration still misses a document before the end of "
                        "{deadline}; incomplete registrations do not count.",
                        "{count} registrations still miss a document before the end of "
                        "{deadline}; incomplete registrations do not count.",
                        n,
                    ).format(count=format_decimal(n), deadline=deadline),
                )
            )
        return tuple(steps)
    if phase is Phase.DECISION_DUE:
        why = _(
            "Registration closed at the end of {deadline}: decide whether the workshop proceeds."
        ).format(deadline=long_date(calendar.registration_deadline))
        if n := work.late_pending:
            # Translators: follows "Registration closed at the end of …: decide whether…".
            why += " " + ngettext(
                "{count} late completion awaits your answer there.",
                "{count} late completions await your answer there.",
                n,
            ).format(count=format_decimal(n))
        return (NextStep(StepKey.DECISION, _("Open the decision…"), why),)
    if work.decision_erasures:
        steps.append(
            NextStep(
                StepKey.FINISH_ERASING,
                _("Finish erasing…"),
                ngettext(
                    "{count} card authorization the decision destroys is still stored.",
                    "{count} card authorizations the decision destroys are still stored.",
                    n := work.decision_erasures,
                ).format(count=format_decimal(n)),
            )
        )
    if phase is Phase.AFTER_EVENT and work.reports_missing:
        steps.append(
            NextStep(
                StepKey.REPORTS,
                _("Benchmarking reports…"),
                ngettext(
                    "{count} participant has no report written yet.",
                    "{count} participants have no report written yet.",
                    n := work.reports_missing,
                ).format(count=format_decimal(n)),
            )
        )
    if work.letters_due:
        steps.append(
            NextStep(
                StepKey.LETTERS,
                _("Letters due…"),
                ngettext(
                    "{count} organization has not been written to yet.",
                    "{count} organizations have not been written to yet.",
                    n := work.letters_due,
                ).format(count=format_decimal(n)),
            )
        )
    if phase is not Phase.CANCELLED and work.uncharged:
        charged = work.taking_part - work.uncharged
        steps.append(
            NextStep(
                StepKey.CHARGES,
                _("Record charges…"),
                _charged_text(charged, work.taking_part),
            )
        )
    if phase is Phase.AFTER_EVENT and work.cards_no_longer_needed:
        steps.append(
            NextStep(
                StepKey.ERASE_CARDS,
                _("Erase cards no longer needed…"),
                ngettext(
                    "{count} card authorization of waitlisted or withdrawn organizations "
                    "will never be charged.",
                    "{count} card authorizations of waitlisted or withdrawn organizations "
                    "will never be charged.",
                    n := work.cards_no_longer_needed,
                ).format(count=format_decimal(n)),
            )
        )
    if phase is Phase.AFTER_EVENT and work.labels_missing:
        steps.append(
            NextStep(
                StepKey.BENCHMARKING,
                _("Questionnaires and labels…"),
                ngettext(
                    "{count} participant has no Bronze label recorded.",
                    "{count} participants have no Bronze label recorded.",
                    n := work.labels_missing,
                ).format(count=format_decimal(n)),
            )
        )
    if phase is Phase.CANCELLED and work.certificates:
        steps.append(
            NextStep(
                StepKey.CERTIFICATES,
                _("Certificates of destruction…"),
                ngettext(
                    "{count} certificate, one for each card destroyed.",
                    "{count} certificates, one for each card destroyed.",
                    n := work.certificates,
                ).format(count=format_decimal(n)),
            )
        )
    if work.paper_to_destroy:
        steps.append(
            NextStep(
                StepKey.PAPER,
                _("Paper forms…"),
                ngettext(
                    "{count} signed form received is not recorded as destroyed.",
                    "{count} signed forms received are not recorded as destroyed.",
                    n := work.paper_to_destroy,
                ).format(count=format_decimal(n)),
            )
        )
    return tuple(steps)


def _charged_text(charged: int, taking_part: int) -> str:
    """ "2 of 5 confirmed organizations are charged": the noun agrees with the total, the
    verb with the charged (two counts, so two plural choices)."""
    # Translators: {charged} of {total} confirmed organizations; the verb agrees with
    # {charged}.
    return (
        ngettext(
            "{charged} of {total} confirmed organization is charged.",
            "{charged} of {total} confirmed organizations is charged.",
            taking_part,
        ).format(charged=format_decimal(charged), total=format_decimal(taking_part))
        if charged == 1
        else ngettext(
            "{charged} of {total} confirmed organization are charged.",
            "{charged} of {total} confirmed organizations are charged.",
            taking_part,
        ).format(charged=format_decimal(charged), total=format_decimal(taking_part))
    )
