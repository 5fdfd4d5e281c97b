"""Descriptive statistics of a peer group, and where one value stands in it.

Methods (stated here because reports print the numbers and readers recompute them):

* quartiles and the median use the *inclusive* method, Hyndman & Fan type 7: linear
  interpolation between the closest ranks at position ``p * (n - 1)`` of the sorted
  values. It is Excel's QUARTILE.INC / PERCENTILE.INC, LibreOffice's QUARTILE and
  Python's ``statistics.quantiles(method="inclusive")``, so a reader's spreadsheet agrees.
* the percentile rank of a value among n peers is the *mid-rank* definition:
  ``100 * (below + equal / 2) / n``: a value equal to every peer is at 50, above every
  peer at 100, below every peer at 0.

Inputs are floats (indicator values, see :mod:`escadesk.domain.benchmarking.values`);
missing values are never passed in (they are left out, not zero). Functions taking
``sorted_values`` trust the caller to pass them ascending, so a peer group is sorted once
and queried many times.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Summary:
    """Statistics of the values present in a group (``count`` of them)."""

    count: int
    mean: float
    median: float
    q1: float
    q3: float
    minimum: float
    maximum: float

    @property
    def iqr(self) -> float:
        """Interquartile range, ``q3 - q1``."""
        return self.q3 - self.q1


def summarize(values: Iterable[float]) -> Summary | None:
    """Summary of ``values`` (any order); None when there are none."""
    return summarize_sorted(sorted(values))


def summarize_sorted(sorted_values: Sequence[float]) -> Summary | None:
    """Summary of values already sorted ascending; None when empty.

    Raises ValueError for a non-finite value (NaN would make every comparison false).
    """
    count = len(sorted_values)
    if count == 0:
        return None
    if not (math.isfinite(sorted_values[0]) and math.isfinite(sorted_values[-1])):
        raise ValueError("Statistics need finite values")
    mean = math.fsum(sorted_values) / count
    # fsum is exact, but the division may land a hair outside [min, max]; clamp.
    mean = min(max(mean, sorted_values[0]), sorted_values[-1])
    return Summary(
        count=count,
        mean=mean,
        median=quantile_sorted(sorted_values, 0.5),
        q1=quantile_sorted(sorted_values, 0.25),
        q3=quantile_sorted(sorted_values, 0.75),
        minimum=sorted_values[0],
        maximum=sorted_values[-1],
    )


def quantile_sorted(sorted_values: Sequence[float], p: float) -> float:
    """The ``p`` quantile (0 <= p <= 1) by the inclusive method (type 7, QUARTILE.INC)."""
    if not sorted_values:
        raise ValueError("No values")
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"Quantile {p!r} is outside 0-1")
    position = p * (len(sorted_values) - 1)
    lower = math.floor(position)
    fraction = position - lower
    low = sorted_values[lower]
    if fraction == 0.0:
        return low
    high = sorted_values[lower + 1]
    return min(max(low + (high - low) * fraction, low), high)  # never outside by rounding


def percentile_rank(value: float, sorted_values: Sequence[float]) -> float | None:
    """Mid-rank percentile (0-100) of ``value`` among ``sorted_values``; None when empty.

    ``value`` need not be one of them (the organization is compared with its peers, it is
    not one of them).
    """
    count = len(sorted_values)
    if count == 0:
        return None
    below = bisect_left(sorted_values, value)
    equal = bisect_right(sorted_values, value) - below
    return 100.0 * (below + equal / 2) / count
