"""Stored benchmarking rows read as the domain's values.

The questionnaire, the comparison, the label and the reports all read a participant's
survey and label; reading them here, once, keeps the four agreeing on what an answer
is worth (a stored text that no longer parses counts as unanswered everywhere).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from escadesk.domain import benchmarking as bm
from escadesk.domain.validation import ValidationError
from escadesk.storage import models


def find_survey(session: Session, registration_id: int) -> models.BenchmarkSurvey | None:
    """The registration's survey with its answers, or None before the first answer."""
    return session.scalar(
        select(models.BenchmarkSurvey)
        .where(models.BenchmarkSurvey.registration_id == registration_id)
        .options(selectinload(models.BenchmarkSurvey.answers))
    )


def stored_values(
    catalogue: bm.Catalogue, survey: models.BenchmarkSurvey | None
) -> dict[str, float]:
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


def find_label(session: Session, registration_id: int) -> models.QualityLabel | None:
    """The label recorded for the registration, if any (at most one)."""
    return session.scalar(
        select(models.QualityLabel).where(models.QualityLabel.registration_id == registration_id)
    )


def award_of(label: models.QualityLabel) -> bm.QualityLabelAward:
    """A stored label as the domain's award (valid from the first day of its month)."""
    return bm.QualityLabelAward(
        label=label.label,
        awarded_on=label.awarded_on,
        valid_from=label.awarded_on.replace(day=1),
        valid_until=label.valid_until,
    )
