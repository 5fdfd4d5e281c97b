"""How much of the questionnaire must be answered before a benchmarking report is made.

The rule: **at least two thirds of the catalogue's indicators (rounded up: 24 of the 2018
catalogue's 36), with at least one answer in every area.** Below it the report is refused,
and the refusal says how many indicators are answered and how many are needed.

Why two thirds: a report's headline ("top 25 % of ICT clusters in 9 of 24 indicators"),
its composite scores and its recommendations are all built from the answered indicators
(unanswered ones are left out, never counted as zero). With fewer than two thirds of the
questionnaire, the overall score rests on a minority of it and the report would look like
a finished comparison when it is not; a report with 0 of 36 answers would even say the
cluster is level with its peers everywhere. Two thirds still lets a report go out when a
few figures are genuinely unknown (a budget not yet closed, a member survey not yet run).

Why every area: the summary's radar compares the organization area by area, and each area
has a page of its own; an area without any answer has no score, so the radar would miss an
axis and a page would be all dashes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from escadesk.domain.benchmarking.catalogue import Area, Catalogue

MIN_ANSWERED_SHARE = Fraction(2, 3)
"""Share of the catalogue's indicators a report needs answered (rounded up)."""
MIN_ANSWERED_SHARE_TEXT = "two thirds of the questionnaire"
MIN_PER_AREA = 1
"""Answers a report needs in every area."""


def answers_needed(catalogue: Catalogue) -> int:
    """How many indicators a report needs answered: two thirds, rounded up (24 of 36)."""
    return math.ceil(len(catalogue) * MIN_ANSWERED_SHARE)


@dataclass(frozen=True, slots=True)
class ReportReadiness:
    """Whether an organization has answered enough for its report, and if not, why."""

    answered: int
    total: int
    needed: int
    empty_areas: tuple[Area, ...]
    """Areas with fewer than :data:`MIN_PER_AREA` answers, in catalogue order."""

    @property
    def ready(self) -> bool:
        return self.answered >= self.needed and not self.empty_areas

    def reason(self, organization: str) -> str | None:
        """Why the report is refused, or None when it can be made.

        "Catalonia Smart Mobility Hub has answered 18 of 36 indicators, none in 5
        Contacts and interaction within the cluster or 6 Achievements and recognition; a
        report needs at least 24 (two thirds of the questionnaire) and at least one
        answer in every area."
        """
        if self.ready:
            return None
        answered = f"{organization} has answered {self.answered} of {self.total} indicators"
        if self.empty_areas and self.answered:  # with no answer at all, naming areas is noise
            names = [f"{area.code} {area.name}" for area in self.empty_areas]
            listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
            joint = " but" if self.answered >= self.needed else ","
            answered += f"{joint} none in {listed}"
        return (
            f"{answered}; a report needs at least {self.needed} ({MIN_ANSWERED_SHARE_TEXT}) "
            "and at least one answer in every area."
        )


def report_readiness(catalogue: Catalogue, values: Mapping[str, float]) -> ReportReadiness:
    """Check ``values`` (an organization's answers, {code: value}) against the minimum."""
    answered = [code for code in catalogue.codes if code in values]
    per_area = {area.code: 0 for area in catalogue.areas}
    for code in answered:
        per_area[catalogue.indicator(code).area] += 1
    return ReportReadiness(
        answered=len(answered),
        total=len(catalogue),
        needed=answers_needed(catalogue),
        empty_areas=tuple(area for area in catalogue.areas if per_area[area.code] < MIN_PER_AREA),
    )
