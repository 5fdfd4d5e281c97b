"""One participant against the active reference set, and where it should improve.

The statistics are the domain's (``escadesk.domain.benchmarking``); this module reads the
participant's answers and hands them to the prepared active set. Safe to call from a
worker thread (each call opens its own read).
"""

from __future__ import annotations

from collections.abc import Callable

from escadesk.domain import benchmarking as bm
from escadesk.services.benchmark_records import find_survey, stored_values
from escadesk.services.benchmark_reference_sets import ReferenceSets
from escadesk.services.context import ServiceContext
from escadesk.services.lookups import load_registration


class Comparisons:
    """Participants compared with the active reference set."""

    def __init__(
        self,
        context: ServiceContext,
        catalogue: Callable[[], bm.Catalogue],
        reference_sets: ReferenceSets,
    ) -> None:
        self._context = context
        self._catalogue = catalogue
        self._reference_sets = reference_sets

    def comparison(
        self, registration_id: int, benchmark: bm.Benchmark | None = None
    ) -> bm.Comparison:
        """The organization against ``benchmark``, by default the active reference set
        (NoReferenceSetError when no set is stored)."""
        if benchmark is None:
            benchmark = self.benchmark()
        return benchmark.compare(self.subject(registration_id))

    def recommendations(
        self, registration_id: int, limit: int = 6
    ) -> tuple[bm.Recommendation, ...]:
        """Where the organization is furthest below its technology-area peers."""
        return bm.recommendations(self.comparison(registration_id), limit=limit)

    def report_readiness(self, registration_id: int) -> tuple[str, bm.ReportReadiness]:
        """The organization's name and whether it answered enough for a report (the
        domain's minimum: two thirds of the indicators, every area answered)."""
        subject = self.subject(registration_id)
        return subject.name, bm.report_readiness(self._catalogue(), subject.values)

    def benchmark(self) -> bm.Benchmark:
        """The active reference set, prepared (prepared once per set, then cached)."""
        return self._reference_sets.active_benchmark()

    def subject(self, registration_id: int) -> bm.Subject:
        """The organization and its stored answers, as the domain compares them."""
        catalogue = self._catalogue()
        with self._context.database.reading() as session:
            registration = load_registration(session, registration_id)
            organization = registration.organization
            return bm.Subject(
                name=organization.name,
                country=organization.country,
                technology_area=organization.technology_area,
                values=stored_values(catalogue, find_survey(session, registration_id)),
            )
