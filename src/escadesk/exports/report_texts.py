"""The report's sentences, as plain text shared by the workbook and its PDF.

They explain the figures (how a score, a standing and a typical peer are meant) and must
say the same in both files, so they are written once, here, without openpyxl.
"""

from __future__ import annotations

from collections.abc import Sequence

from escadesk.domain.benchmarking import Area, Comparison, PeerGroup, QualityLabelAward
from escadesk.domain.moments import long_date
from escadesk.domain.wording import counted
from escadesk.exports.report_context import ReportContext
from escadesk.exports.report_data import TABLE_GROUPS, area_chart_groups, group_title

TOP_SHARE = 0.25
AREA_TABLE_CAPTION = (
    "The same indicators in their own units (peers: the median; for a yes/no question, "
    "how many answer yes)"
)


#: The recommendations table's headings (the workbook adds the advice as a last column;
#: the PDF sets it under each row).
RECOMMENDATION_HEADERS = (
    "#",
    "Indicator",
    "Your value",
    "Typical peer",
    "Unit",
    "Compared with",
    "Gap",
    "Your standing (0–100)",
)


def label_text(award: QualityLabelAward) -> str:
    """The label awarded and its validity, as the front page states it."""
    return (
        f"{award.label} label awarded {long_date(award.awarded_on)}; valid from "
        f"{long_date(award.valid_from)} to {long_date(award.valid_until)}"
    )


def area_headers(comparison: Comparison, groups: Sequence[PeerGroup]) -> tuple[str, ...]:
    """The headings of an area's table (workbook and PDF)."""
    return (
        "Indicator",
        "Your value",
        "Unit",
        *(group_title(comparison, group) for group in groups),
        "Standing in the technology area (0–100)",
        "Your score",
        "Scale: 0 % → 100 %",
    )


def peer_groups_text(comparison: Comparison) -> str:
    """Every group with its size; an empty one is named as left out of the report."""
    lines = []
    for group in TABLE_GROUPS:
        size = comparison.groups[group].size
        count = counted(size, "cluster") if size else EMPTY_GROUP
        lines.append(f"{group_title(comparison, group)}: {count}")
    rule = comparison.excellence.description
    lines[-1] += f" — {rule[:1].lower()}{rule[1:]}"
    return "\n".join(lines)


EMPTY_GROUP = "none in the reference set, so left out of the charts and tables"


def headline_note(comparison: Comparison) -> str:
    main = comparison.headline(top_share=TOP_SHARE).group
    others = [
        comparison.headline(group, TOP_SHARE)
        for group in (PeerGroup.ALL, PeerGroup.COUNTRY, PeerGroup.EXCELLENCE)
        if group is not main
    ]
    parts = [f"{h.group_label}: {h.in_top} of {h.compared}" for h in others if h.compared]
    share = f"{TOP_SHARE:.0%}"
    text = (
        f"Counted: the indicators where the organization stands in the top {share} of the "
        f"group (a standing of {100 - TOP_SHARE * 100:.0f} or more; see Indicators)."
    )
    if parts:
        text += f" In the top {share} of " + "; of ".join(parts) + "."
    return text


def scores_note(comparison: Comparison) -> str:
    return (
        "Each indicator is scored on its own scale, from 0 % to 100 % (the scales are on the "
        "area pages). An area's score is the average over its answered indicators, the "
        "overall score the average over all answered indicators; a group's score is the "
        "average of its clusters' scores. Unanswered indicators are left out, never counted "
        f"as zero; '–' means no score. Cluster excellence group: "
        f"{comparison.excellence.description}"
    )


def recommendations_intro(context: ReportContext) -> str:
    return (
        f"The indicators where {context.organization} is furthest below its typical peer, "
        "largest gap first. The typical peer is the median of the peers; for a yes/no "
        "question, the share of them answering yes. Peers are the clusters of the same "
        "technology area; where fewer than 5 of them have a value, all clusters. The gap "
        "is measured on the indicator's own scale (see the area pages): 25 % means a "
        "quarter of the scale below the typical peer. The standing is the organization's "
        "percentile among those peers (100 = better than all of them)."
    )


def area_note(context: ReportContext, area: Area) -> str:
    comparison = context.comparison
    profile = next(p for p in comparison.area_profiles if p.area == area)

    def pct(value: float | None) -> str:
        return "–" if value is None else f"{value:.0%}"

    peers = ", ".join(
        f"{group_title(comparison, g)} {pct(profile.peers[g])}"
        for g in area_chart_groups(comparison)
    )
    area_group = group_title(comparison, PeerGroup.TECHNOLOGY_AREA)
    return (
        f"Area score: {context.organization} {pct(profile.subject)}; group averages: "
        f"{peers}. Each bar is a score on the indicator's own scale (last column below: "
        "the value that scores 0 % and the value that scores 100 %); a group's bar is the "
        "score of its median cluster, or for a yes/no question its share answering yes. "
        f"Technology area: {area_group}. An indicator without a figure for "
        f"{context.organization} was not answered."
    )
