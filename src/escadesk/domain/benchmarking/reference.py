"""Reference data: benchmarked cluster organizations a participant is compared with."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

QUALITY_LABELS: tuple[str, ...] = ("Bronze", "Silver", "Gold")
"""ESCA's cluster management excellence labels, lowest first."""


def canonical_label(text: str) -> str | None:
    """The catalogue spelling of a quality label (case and spacing ignored), or None."""
    wanted = " ".join(text.split()).casefold()
    return next((label for label in QUALITY_LABELS if label.casefold() == wanted), None)


@dataclass(frozen=True, slots=True)
class ReferenceOrganization:
    """One benchmarked cluster: who it is in the comparison and its indicator values.

    ``values`` maps indicator codes to values (see
    :mod:`escadesk.domain.benchmarking.values`); a missing indicator is absent, never 0.
    """

    identifier: str
    country: str
    technology_area: str
    year: int
    label: str | None
    values: Mapping[str, float]


@dataclass(frozen=True, slots=True)
class ReferenceSet:
    """Organizations to compare with, as one named set.

    ``synthetic`` sets (generated, not real clusters) must say so wherever they appear.
    """

    name: str
    organizations: tuple[ReferenceOrganization, ...]
    catalogue_version: str
    synthetic: bool = False

    def __len__(self) -> int:
        return len(self.organizations)
