"""A French-speaking organization's report context (issue 21), as the service makes it:
the real domain's comparison on the real catalogue against the shipped synthetic
reference set, put in French by exports/report_language.py."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from escadesk.benchmark_resources import load_catalogue, load_synthetic_reference_set
from escadesk.domain.benchmarking import (
    Benchmark,
    Catalogue,
    Subject,
    Unit,
    bronze_validity,
    recommendations,
)
from escadesk.exports.report_context import ReportContext
from escadesk.exports.report_language import localized_comparison
from escadesk.i18n.translator import translator

ORGANIZATION = "Grappe Photonique du Nord"
UNANSWERED = ("2.7", "5.3")


def answers(catalogue: Catalogue) -> dict[str, float]:
    """Answers spread over each scale (two indicators unanswered)."""
    values = {}
    for number, indicator in enumerate(catalogue.indicators):
        if indicator.code in UNANSWERED:
            continue
        share = (0.35, 0.75, 0.55, 0.15)[number % 4]
        raw = indicator.score_zero + (indicator.score_full - indicator.score_zero) * share
        raw = min(indicator.maximum, max(indicator.minimum, raw))
        if indicator.unit is Unit.YES_NO:
            values[indicator.code] = 1.0 if share >= 0.5 else 0.0
        else:
            values[indicator.code] = float(round(raw)) if indicator.unit.whole else round(raw, 1)
    return values


def french_context(catalogue: Catalogue | None = None, locale: str = "fr_CA") -> ReportContext:
    """The report context of a Québec ICT cluster, in ``locale``'s language."""
    catalogue = catalogue or load_catalogue()
    benchmark = Benchmark.prepare(catalogue, load_synthetic_reference_set(catalogue))
    subject = Subject(
        name=ORGANIZATION, country="Canada", technology_area="ICT", values=answers(catalogue)
    )
    language = translator(locale)
    comparison = localized_comparison(benchmark.compare(subject), language)
    return ReportContext(
        organization=ORGANIZATION,
        workshop_title="Atelier d'analyse comparative des grappes (TCI 2018)",
        workshop_date=date(2018, 10, 4),
        generated_at=datetime(2018, 10, 12, 9, 15, tzinfo=ZoneInfo("America/Toronto")),
        comparison=comparison,
        recommendations=recommendations(comparison, limit=6),
        label=bronze_validity(date(2018, 10, 4)),
        confidentiality="Confidentiel : préparé pour l'organisation seulement.",
        language=language,
    )
