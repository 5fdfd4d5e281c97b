"""The Bronze label of the European Cluster Excellence Initiative: whether a participant's
answers earn it, and recording it once the interview has taken place.

The rule itself (which answers, how long the label is valid) is the domain's
(``escadesk.domain.benchmarking.label``); this module adds what needs the database and
the clock: the interview date, a label already held, and the audit entry.
"""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from escadesk.domain import benchmarking as bm
from escadesk.domain.validation import FieldProblem, ValidationError
from escadesk.i18n import _
from escadesk.services import audit
from escadesk.services.benchmark_records import find_label, find_survey, stored_values
from escadesk.services.context import ServiceContext
from escadesk.services.lookups import load_registration
from escadesk.storage import models


class Labels:
    """Checks and records the Bronze label of one registration."""

    def __init__(self, context: ServiceContext, catalogue: Callable[[], bm.Catalogue]) -> None:
        self._context = context
        self._catalogue = catalogue

    def bronze(self, registration_id: int) -> bm.BronzeEligibility:
        """Whether the answers earn the Bronze label now, and what stands in the way."""
        catalogue = self._catalogue()
        with self._context.database.reading() as session:
            load_registration(session, registration_id)
            values = stored_values(catalogue, find_survey(session, registration_id))
        return bm.bronze_eligibility(catalogue, values)

    def award_bronze(self, registration_id: int) -> bm.QualityLabelAward:
        """Record the Bronze label (dated the interview, valid 2 years from its month).

        Refused (ValidationError, every reason) without an interview date, before the
        interview has taken place, when a label is already recorded, or when the answers
        are not eligible.
        """
        catalogue = self._catalogue()
        with self._context.database.transaction() as session:
            registration = load_registration(session, registration_id)
            survey = find_survey(session, registration_id)
            existing = find_label(session, registration_id)
            if existing is not None:
                raise ValidationError(
                    [
                        FieldProblem(
                            "label",
                            _(
                                "{organization} already holds the {label} label awarded on "
                                "{awarded_on} "
                                "(valid until {valid_until})."
                            ).format(
                                organization=registration.organization.name,
                                label=existing.label,
                                awarded_on=existing.awarded_on.isoformat(),
                                valid_until=existing.valid_until.isoformat(),
                            ),
                        )
                    ]
                )
            interview_on = survey.interview_on if survey else None
            problems: list[FieldProblem] = []
            if interview_on is None:
                problems.append(
                    FieldProblem(
                        "interview_on",
                        _(
                            "Record the date of the benchmarking interview first: the label is "
                            "valid for 2 years from the month of the interview."
                        ),
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
                            _(
                                "The interview on {interview_on} is still to come; award the "
                                "label after it."
                            ).format(interview_on=interview_on.isoformat()),
                        )
                    )
            values = stored_values(catalogue, survey)
            problems.extend(bm.bronze_eligibility(catalogue, values).problems)
            if problems or interview_on is None:
                raise ValidationError(problems)
            award = bm.award_bronze(catalogue, values, interview_on)
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
