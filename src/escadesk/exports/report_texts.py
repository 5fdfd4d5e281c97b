"""The report's sentences, as plain text shared by the workbook and its PDF.

They explain the figures (how a score, a standing and a typical peer are meant) and must
say the same in both files, so they are written once, here, without openpyxl.
"""

from __future__ import annotations

from collections.abc import Sequence

from escadesk.domain.benchmarking import Area, Comparison, PeerGroup, QualityLabelAward
from escadesk.exports.report_context import ReportContext
from escadesk.exports.report_data import TABLE_GROUPS, area_chart_groups, group_title
from escadesk.exports.report_language import (
    english,
    excellence_text,
    list_separator,
    long_day,
    number,
    score_percent,
)
from escadesk.i18n import N_, Translator

TOP_SHARE = 0.25
AREA_TABLE_CAPTION = N_(
    "The same indicators in their own units (peers: the median; for a yes/no question, "
    "how many answer yes)"
)


#: The recommendations table's headings (the workbook adds the advice as a last column;
#: the PDF sets it under each row).
RECOMMENDATION_HEADERS = (
    "#",
    N_("Indicator"),
    N_("Your value"),
    N_("Typical peer"),
    N_("Unit"),
    N_("Compared with"),
    N_("Gap"),
    N_("Your standing (0–100)"),
)


def recommendation_headers(language: Translator) -> tuple[str, ...]:
    return tuple(language.gettext(h) if h != "#" else h for h in RECOMMENDATION_HEADERS)


def label_text(award: QualityLabelAward, language: Translator | None = None) -> str:
    """The label awarded and its validity, as the front page states it."""
    language = language or english()
    return language.gettext("{label} label awarded {awarded}; valid from {start} to {end}").format(
        label=award.label,
        awarded=long_day(award.awarded_on, language),
        start=long_day(award.valid_from, language),
        end=long_day(award.valid_until, language),
    )


def area_headers(
    comparison: Comparison, groups: Sequence[PeerGroup], language: Translator | None = None
) -> tuple[str, ...]:
    """The headings of an area's table (workbook and PDF)."""
    words = language or english()
    return (
        words.gettext("Indicator"),
        words.gettext("Your value"),
        words.gettext("Unit"),
        *(group_title(comparison, group) for group in groups),
        words.gettext("Standing in the technology area (0–100)"),
        words.gettext("Your score"),
        words.gettext("Scale: 0 % → 100 %"),
    )


def peer_groups_text(comparison: Comparison, language: Translator | None = None) -> str:
    """Every group with its size; an empty one is named as left out of the report."""
    language = language or english()
    lines = []
    for group in TABLE_GROUPS:
        size = comparison.groups[group].size
        count = (
            language.ngettext("{count} cluster", "{count} clusters", size).format(
                count=number(size, language)
            )
            if size
            else language.gettext(EMPTY_GROUP)
        )
        # Translators: a peer group and its size ("All clusters: 1,300 clusters").
        lines.append(
            language.gettext("{group}: {count}").format(
                group=group_title(comparison, group), count=count
            )
        )
    rule = excellence_text(comparison.excellence, language)
    lines[-1] += f" — {rule[:1].lower()}{rule[1:]}"
    return "\n".join(lines)


EMPTY_GROUP = N_("none in the reference set, so left out of the charts and tables")


def headline_text(comparison: Comparison, language: Translator | None = None) -> str:
    """'Top 25% of ICT clusters in 7 of 12 indicators' (the technology area, else all
    clusters), capitalised."""
    language = language or english()
    head = comparison.headline(top_share=TOP_SHARE)
    if language.language == "en":
        text = head.text
    else:
        text = language.ngettext(
            "top {share} of {group} in {count} of {compared} indicator",
            "top {share} of {group} in {count} of {compared} indicators",
            head.compared,
        ).format(
            share=score_percent(head.top_share, language),
            group=group_title(comparison, head.group),
            count=number(head.in_top, language),
            compared=number(head.compared, language),
        )
    return text[:1].upper() + text[1:]


def headline_note(comparison: Comparison, language: Translator | None = None) -> str:
    language = language or english()
    main = comparison.headline(top_share=TOP_SHARE).group
    others = [
        comparison.headline(group, TOP_SHARE)
        for group in (PeerGroup.ALL, PeerGroup.COUNTRY, PeerGroup.EXCELLENCE)
        if group is not main
    ]
    share = score_percent(TOP_SHARE, language)
    if language.language == "en":
        parts = [f"{h.group_label}: {h.in_top} of {h.compared}" for h in others if h.compared]
        text = (
            f"Counted: the indicators where the organization stands in the top {share} of the "
            f"group (a standing of {100 - TOP_SHARE * 100:.0f} or more; see Indicators)."
        )
        if parts:
            text += f" In the top {share} of " + "; of ".join(parts) + "."
        return text
    text = language.gettext(
        "Counted: the indicators where the organization stands in the top {share} of the "
        "group (a standing of {standing} or more; see Indicators)."
    ).format(share=share, standing=f"{100 - TOP_SHARE * 100:.0f}")
    parts = [
        language.gettext("{group}: {count} of {compared}").format(
            group=group_title(comparison, h.group),
            count=number(h.in_top, language),
            compared=number(h.compared, language),
        )
        for h in others
        if h.compared
    ]
    if parts:
        text += " " + language.gettext("In the top {share}: {groups}.").format(
            share=share, groups=list_separator(language).join(parts)
        )
    return text


def scores_note(comparison: Comparison, language: Translator | None = None) -> str:
    language = language or english()
    return language.gettext(SCORES_NOTE).format(
        rule=excellence_text(comparison.excellence, language)
    )


SCORES_NOTE = N_(
    "Each indicator is scored on its own scale, from 0 % to 100 % (the scales are on the "
    "area pages). An area's score is the average over its answered indicators, the "
    "overall score the average over all answered indicators; a group's score is the "
    "average of its clusters' scores. Unanswered indicators are left out, never counted "
    "as zero; '–' means no score. Cluster excellence group: {rule}"
)


def recommendations_intro(context: ReportContext) -> str:
    return context.language.gettext(RECOMMENDATIONS_INTRO).format(organization=context.organization)


RECOMMENDATIONS_INTRO = N_(
    "The indicators where {organization} is furthest below its typical peer, "
    "largest gap first. The typical peer is the median of the peers; for a yes/no "
    "question, the share of them answering yes. Peers are the clusters of the same "
    "technology area; where fewer than 5 of them have a value, all clusters. The gap "
    "is measured on the indicator's own scale (see the area pages): 25 % means a "
    "quarter of the scale below the typical peer. The standing is the organization's "
    "percentile among those peers (100 = better than all of them)."
)
AREA_NOTE = N_(
    "Area score: {organization} {score}; group averages: {groups}. Each bar is a score "
    "on the indicator's own scale (last column below: the value that scores 0 % and the "
    "value that scores 100 %); a group's bar is the score of its median cluster, or for a "
    "yes/no question its share answering yes. Technology area: {area_group}. An indicator "
    "without a figure for {organization} was not answered."
)


def area_note(context: ReportContext, area: Area) -> str:
    comparison = context.comparison
    language = context.language
    profile = next(p for p in comparison.area_profiles if p.area == area)

    def pct(value: float | None) -> str:
        return "–" if value is None else score_percent(value, language)

    peers = ", ".join(
        f"{group_title(comparison, g)} {pct(profile.peers[g])}"
        for g in area_chart_groups(comparison)
    )
    area_group = group_title(comparison, PeerGroup.TECHNOLOGY_AREA)
    return language.gettext(AREA_NOTE).format(
        organization=context.organization,
        score=pct(profile.subject),
        groups=peers,
        area_group=area_group,
    )
