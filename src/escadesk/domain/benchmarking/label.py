"""The Bronze label ("Striving for Cluster Excellence") for taking part in the benchmarking.

Eligibility: a complete questionnaire (every indicator of the catalogue answered) and the
ECCP eligibility figures: at least 15 committed members, a management team of at least
0.5 FTE and at least 2 member types (triple helix). Which indicators carry those figures
is the catalogue's ``[eligibility]`` table.

Validity: ESCA says "valid 2 years from the month of the interview". Read literally, the
validity starts on the first day of the interview month and lasts 24 whole months: an
interview on 17 March 2026 gives a label valid from 1 March 2026 to 29 February 2028.
The label's date (``awarded_on``) is the interview date.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from escadesk.domain.benchmarking.catalogue import Catalogue
from escadesk.domain.benchmarking.values import format_number
from escadesk.domain.validation import FieldProblem, ValidationError
from escadesk.i18n import N_, _, current_locale, ngettext

BRONZE = "Bronze"
MIN_COMMITTED_MEMBERS = 15
MIN_MANAGEMENT_FTE = 0.5
MIN_MEMBER_TYPES = 2
VALIDITY_MONTHS = 24

QUESTIONNAIRE_FIELD = "questionnaire"
"""FieldProblem.field of the "questionnaire incomplete" problem."""


@dataclass(frozen=True, slots=True)
class BronzeEligibility:
    """Whether an organization's answers earn the Bronze label, and why not."""

    missing: tuple[str, ...]
    """Codes of unanswered indicators, in catalogue order."""
    problems: tuple[FieldProblem, ...]
    """Everything that stands in the way, for the user; empty when eligible."""

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def eligible(self) -> bool:
        return not self.problems


@dataclass(frozen=True, slots=True)
class QualityLabelAward:
    """A label with its date and validity (both ends inclusive)."""

    label: str
    awarded_on: date
    valid_from: date
    valid_until: date

    def is_valid_on(self, day: date) -> bool:
        return self.valid_from <= day <= self.valid_until


def bronze_eligibility(catalogue: Catalogue, values: Mapping[str, float]) -> BronzeEligibility:
    """Check the questionnaire ``values`` ({code: value}) against the Bronze rule."""
    missing = tuple(code for code in catalogue.codes if code not in values)
    problems: list[FieldProblem] = []
    if missing:
        count = len(missing)
        message = ngettext(
            "The questionnaire is not complete: {count} of {total} indicator is unanswered "
            "({codes}).",
            "The questionnaire is not complete: {count} of {total} indicators are unanswered "
            "({codes}).",
            count,
        ).format(count=count, total=len(catalogue), codes=", ".join(missing))
        problems.append(FieldProblem(QUESTIONNAIRE_FIELD, message))
    codes = catalogue.eligibility
    rules = (
        (
            codes.committed_members,
            MIN_COMMITTED_MEMBERS,
            N_("The label needs at least {minimum} committed members; the answer is {value}."),
        ),
        (
            codes.management_fte,
            MIN_MANAGEMENT_FTE,
            N_(
                "The label needs at least {minimum} FTE in the management team; the answer "
                "is {value}."
            ),
        ),
        (
            codes.member_types,
            MIN_MEMBER_TYPES,
            N_("The label needs at least {minimum} member types; the answer is {value}."),
        ),
    )
    for code, minimum, sentence in rules:
        value = values.get(code)
        if value is not None and value < minimum:
            problems.append(
                FieldProblem(
                    code, _(sentence).format(minimum=_number(minimum), value=_number(value))
                )
            )
    return BronzeEligibility(missing=missing, problems=tuple(problems))


def _number(value: float) -> str:
    """``format_number``'s digits, with a decimal comma in French ("0,5")."""
    text = format_number(value)
    return text if current_locale().startswith("en") else text.replace(".", ",")


def bronze_validity(interview_on: date) -> QualityLabelAward:
    """The Bronze label for an interview on ``interview_on`` (see the module's rule)."""
    valid_from = interview_on.replace(day=1)
    months = valid_from.year * 12 + valid_from.month - 1 + VALIDITY_MONTHS - 1
    year, month = divmod(months, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return QualityLabelAward(
        label=BRONZE,
        awarded_on=interview_on,
        valid_from=valid_from,
        valid_until=date(year, month + 1, last_day),
    )


def award_bronze(
    catalogue: Catalogue, values: Mapping[str, float], interview_on: date
) -> QualityLabelAward:
    """The Bronze label when the answers are eligible; ValidationError (every reason)
    otherwise."""
    eligibility = bronze_eligibility(catalogue, values)
    if not eligibility.eligible:
        raise ValidationError(eligibility.problems)
    return bronze_validity(interview_on)
