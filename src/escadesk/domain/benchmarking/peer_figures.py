"""Which figure describes a peer group on an indicator, by the indicator's kind.

* **Numbers and levels** (counts, percentages, FTE, euros, 1-5 levels): the median and
  the quartiles (see :mod:`escadesk.domain.benchmarking.statistics`).
* **Yes/no questions**: the *share answering yes*, written "4 of 6 (67 %)", never a
  median or quartiles. The values are 1 and 0, so their median is 1, 0 or a meaningless
  0.5 on a tie, and their quartiles say nothing a reader can use; the share is what a
  cluster manager asks ("how many of them do this?").

The typical peer (what the charts draw for a group and the recommendations measure a gap
from) follows the same rule: the median for numbers and levels, the share answering yes
for yes/no questions (the mean of the 1s and 0s, so the same point on the 0-1 scale).
Every screen and report reads the figure from here, so they cannot disagree.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from escadesk.domain.benchmarking.catalogue import Indicator, Unit

NO_ANSWERS = "no answers"
"""The share of a group in which no peer answered the question."""


class StatisticKind(StrEnum):
    """How a peer group is described on one indicator."""

    SHARE_YES = "share answering yes"
    MEDIAN = "median and quartiles"


def statistic_kind(indicator: Indicator) -> StatisticKind:
    """The share answering yes for a yes/no question, the median and quartiles otherwise."""
    return StatisticKind.SHARE_YES if indicator.unit is Unit.YES_NO else StatisticKind.MEDIAN


@dataclass(frozen=True, slots=True)
class YesShare:
    """How many peers with an answer said yes."""

    yes: int
    answered: int
    """Peers with an answer (yes or no); peers without one are left out, as everywhere."""

    def __post_init__(self) -> None:
        if not 0 <= self.yes <= self.answered:
            raise ValueError(f"{self.yes} yes of {self.answered} answers is impossible")

    @property
    def share(self) -> float | None:
        """0-1; None when nobody answered."""
        return self.yes / self.answered if self.answered else None

    @property
    def percent_text(self) -> str:
        """'67 %', rounded half up; never '0 %' or '100 %' unless it is exactly that
        ('<1 %', '>99 %'), so 1 of 1,300 does not read as nobody."""
        if not self.answered:
            return "–"
        rounded = (200 * self.yes + self.answered) // (2 * self.answered)
        if rounded == 0 and self.yes:
            return "<1 %"
        if rounded == 100 and self.yes < self.answered:
            return ">99 %"
        return f"{rounded} %"

    @property
    def text(self) -> str:
        """'4 of 6 (67 %)', '868 of 1,300 (67 %)'; 'no answers' when nobody answered."""
        if not self.answered:
            return NO_ANSWERS
        return f"{self.yes:,} of {self.answered:,} ({self.percent_text})"


def yes_share(sorted_values: Sequence[float]) -> YesShare:
    """The share of yes (1) among yes/no values sorted ascending (0s first)."""
    return YesShare(
        yes=len(sorted_values) - bisect_left(sorted_values, 0.5), answered=len(sorted_values)
    )
