"""Benchmarking maths: the indicator catalogue, answers, peer statistics, composite
scores, the excellence group, recommendations and the Bronze label.

Pure Python, no I/O: catalogues and reference sets arrive as plain data (loaded by
:mod:`escadesk.benchmark_resources` and :mod:`escadesk.importing.reference`), and every
result is an immutable value.

Typical use::

    benchmark = Benchmark.prepare(catalogue, reference_set)   # once per reference set
    comparison = benchmark.compare(Subject(name, country, technology_area, values))
    comparison.headline().text      # "top 25% of ICT clusters in 7 of 12 indicators"
    recommendations(comparison, limit=5)
"""

from escadesk.domain.benchmarking.catalogue import (
    Area,
    Catalogue,
    CatalogueError,
    EligibilityCodes,
    Indicator,
    Unit,
    parse_catalogue,
)
from escadesk.domain.benchmarking.comparison import (
    Benchmark,
    Comparison,
    Headline,
    IndicatorComparison,
    PeerGroup,
    PeerGroupInfo,
    PeerStatistics,
    ScoreProfile,
    Subject,
    compare,
)
from escadesk.domain.benchmarking.label import (
    BRONZE,
    BronzeEligibility,
    QualityLabelAward,
    award_bronze,
    bronze_eligibility,
    bronze_validity,
)
from escadesk.domain.benchmarking.peer_figures import (
    StatisticKind,
    YesShare,
    statistic_kind,
    yes_share,
)
from escadesk.domain.benchmarking.recommendations import (
    MIN_PEERS,
    Recommendation,
    no_recommendation_text,
    peer_group,
    recommendations,
    unanswered,
)
from escadesk.domain.benchmarking.reference import (
    QUALITY_LABELS,
    ReferenceOrganization,
    ReferenceSet,
    canonical_label,
)
from escadesk.domain.benchmarking.report_minimum import (
    MIN_ANSWERED_SHARE,
    ReportReadiness,
    answers_needed,
    report_readiness,
)
from escadesk.domain.benchmarking.scoring import (
    AreaScore,
    CompositeScores,
    ExcellenceGroup,
    ExcellenceRule,
    composite_scores,
    excellence_group,
    normalise,
)
from escadesk.domain.benchmarking.statistics import (
    Summary,
    percentile_rank,
    quantile_sorted,
    summarize,
    summarize_sorted,
)
from escadesk.domain.benchmarking.values import (
    Completion,
    ParsedAnswers,
    check_value,
    completion,
    format_number,
    format_value,
    parse_answer,
    parse_answers,
    range_text,
)

__all__ = [
    "BRONZE",
    "MIN_ANSWERED_SHARE",
    "MIN_PEERS",
    "QUALITY_LABELS",
    "Area",
    "AreaScore",
    "Benchmark",
    "BronzeEligibility",
    "Catalogue",
    "CatalogueError",
    "Comparison",
    "Completion",
    "CompositeScores",
    "EligibilityCodes",
    "ExcellenceGroup",
    "ExcellenceRule",
    "Headline",
    "Indicator",
    "IndicatorComparison",
    "ParsedAnswers",
    "PeerGroup",
    "PeerGroupInfo",
    "PeerStatistics",
    "QualityLabelAward",
    "Recommendation",
    "ReferenceOrganization",
    "ReferenceSet",
    "ReportReadiness",
    "ScoreProfile",
    "StatisticKind",
    "Subject",
    "Summary",
    "Unit",
    "YesShare",
    "answers_needed",
    "award_bronze",
    "bronze_eligibility",
    "bronze_validity",
    "canonical_label",
    "check_value",
    "compare",
    "completion",
    "composite_scores",
    "excellence_group",
    "format_number",
    "format_value",
    "no_recommendation_text",
    "normalise",
    "parse_answer",
    "parse_answers",
    "parse_catalogue",
    "peer_group",
    "percentile_rank",
    "quantile_sorted",
    "range_text",
    "recommendations",
    "report_readiness",
    "statistic_kind",
    "summarize",
    "summarize_sorted",
    "unanswered",
    "yes_share",
]
