"""The benchmarking report in its reader's language: the organization's, not the window's.

The domain compares in English (group labels, the excellence rule, the catalogue's
texts); a report for a French-speaking organization gets the same comparison with its
texts in French (:func:`localized_comparison`: the catalogue's own ``*_fr`` fields, the
groups' names and the excellence rule from the message catalogue), and prints its
figures the way that language writes numbers and dates (Babel, through the report's
:class:`~escadesk.i18n.Translator`). English comes out exactly as before: the English
translator returns the msgids, and Babel's en_CA numbers are Python's ``{:,}``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from types import MappingProxyType

from escadesk.domain.benchmarking import (
    Comparison,
    PeerGroup,
    Recommendation,
    no_recommendation_text,
    unanswered,
)
from escadesk.domain.benchmarking.comparison import PeerGroupInfo
from escadesk.domain.benchmarking.peer_figures import YesShare
from escadesk.domain.benchmarking.recommendations import peer_group
from escadesk.domain.benchmarking.scoring import ExcellenceGroup
from escadesk.domain.localized_names import country_name, technology_area_name
from escadesk.i18n import Translator, format_date, format_decimal
from escadesk.i18n.translator import translator

ENGLISH_LOCALE = "en_CA"


def english() -> Translator:
    """The report's language when nobody says otherwise."""
    return translator(ENGLISH_LOCALE)


def number(value: int | float, language: Translator) -> str:
    """A whole number with the language's grouping ("1,300"; fr_CA "1 300")."""
    return format_decimal(value, language.locale)


def long_day(day: date, language: Translator) -> str:
    """'Oct 1, 2018'; fr_CA '1 oct. 2018'."""
    return format_date(day, "medium", language.locale)


def _percent_sign(text: str, language: Translator) -> str:
    """The percent sign as ``language`` writes it: French puts a no-break space before it
    ('67\u00a0%'); English keeps ``text`` as given."""
    if language.language == "en":
        return text
    return text.replace(" %", "%").replace("%", "\u00a0%")


def percent_text(share: YesShare, language: Translator) -> str:
    """'67 %' ('<1 %', '>99 %'); French keeps the space unbroken."""
    return _percent_sign(share.percent_text, language)


def share_text(share: YesShare | None, language: Translator) -> str | None:
    """A yes/no question's figure for a group: '4 of 6 (67 %)', fr '4 sur 6 (67 %)'."""
    if share is None:
        return None
    if not share.answered:
        return language.gettext("no answers")
    return language.gettext("{yes} of {answered} ({percent})").format(
        yes=number(share.yes, language),
        answered=number(share.answered, language),
        percent=percent_text(share, language),
    )


def technology_area(name: str, language: Translator) -> str:
    """ESCA's name for a technology area in ``language`` (another name as given)."""
    return technology_area_name(name, language.locale)


def country(name: str, language: Translator) -> str:
    """A country's name in the language; as given when unknown."""
    return country_name(name, language.locale)


def localized_comparison(comparison: Comparison, language: Translator) -> Comparison:
    """``comparison`` with its texts in ``language`` (the same figures); itself in
    English."""
    if language.language == "en":
        return comparison
    catalogue = comparison.catalogue.localized(language.locale)
    areas = {area.code: area for area in catalogue.areas}
    indicators = tuple(
        replace(item, indicator=catalogue.indicator(item.indicator.code))
        for item in comparison.indicators
    )
    profiles = tuple(
        replace(profile, label=areas[profile.area.code].name, area=areas[profile.area.code])
        if profile.area is not None
        else profile
        for profile in comparison.area_profiles
    )
    overall = replace(comparison.overall_profile, label=language.gettext("Overall"))
    groups = MappingProxyType(
        {
            group: PeerGroupInfo(group, group_label(comparison, group, language), info.size)
            for group, info in comparison.groups.items()
        }
    )
    return replace(
        comparison,
        catalogue=catalogue,
        indicators=indicators,
        area_profiles=profiles,
        overall_profile=overall,
        groups=groups,
    )


def group_label(comparison: Comparison, group: PeerGroup, language: Translator) -> str:
    """How the report names a peer group in ``language`` (lower case, no article: the
    tables capitalise it)."""
    subject = comparison.subject
    if group is PeerGroup.ALL:
        return language.gettext("all clusters")
    if group is PeerGroup.EXCELLENCE:
        # Translators: a peer group's name in a report, without article (a column title).
        return language.gettext("cluster excellence group")
    if group is PeerGroup.TECHNOLOGY_AREA:
        english_label = comparison.groups[group].label
        area = english_label.removesuffix(" clusters") if subject.technology_area else ""
        if not area or area == english_label:
            return language.gettext("clusters of the same technology area")
        return language.gettext("{area} clusters").format(area=technology_area(area, language))
    english_label = comparison.groups[group].label
    place = english_label.removeprefix("clusters in ")
    if place == english_label:
        return language.gettext("clusters of the country")
    # Translators: a peer group: the clusters of one country ("Clusters in Canada").
    return language.gettext("clusters in {country}").format(country=country(place, language))


def excellence_text(excellence: ExcellenceGroup, language: Translator) -> str:
    """The excellence rule as applied, for the report's notes (the domain's
    ``description`` in ``language``)."""
    if language.language == "en":
        return excellence.description
    rule = excellence.rule

    def pct(value: float) -> str:
        return f"{value:.0%}".replace("%", "\u00a0%")

    if excellence.by_threshold:
        return language.gettext(
            "Clusters with an overall score of at least {threshold} ({members} of {scored})."
        ).format(
            threshold=pct(rule.threshold),
            members=number(len(excellence.members), language),
            scored=number(excellence.scored, language),
        )
    if not excellence.members:
        return language.gettext("No cluster of the reference set has an overall score.")
    assert excellence.cutoff is not None
    return language.gettext(
        "Fewer than {minimum} clusters score {threshold} or more, so the group is the top "
        "{share} by overall score ({members} of {scored}, from {cutoff})."
    ).format(
        minimum=rule.min_members,
        threshold=pct(rule.threshold),
        share=pct(rule.fallback_share),
        members=number(len(excellence.members), language),
        scored=number(excellence.scored, language),
        cutoff=pct(excellence.cutoff),
    )


def score_percent(value: float, language: Translator) -> str:
    """A 0-1 score as a whole percentage: '67%' (the workbook's 0% format); fr '67 %'."""
    return _percent_sign(f"{value:.0%}", language)


def yes_no(value: float, language: Translator) -> str:
    """A yes/no answer as the report shows it ("yes"; fr "oui")."""
    if value >= 0.5:
        return language.pgettext("answer", "yes")
    return language.pgettext("answer", "no")


def compared_text(item: Recommendation, language: Translator) -> str:
    """'ICT clusters (12 with a value)': whom a recommendation compares with."""
    peers = item.peer_label.removeprefix("the ")
    return language.gettext("{group} ({count} with a value)").format(
        group=peers[:1].upper() + peers[1:], count=number(item.peer_count, language)
    )


def no_recommendation(comparison: Comparison, organization: str, language: Translator) -> str:
    """Why there is no recommendation (the domain's words, in ``language``)."""
    if language.language == "en":
        return no_recommendation_text(comparison, organization)
    answered = [item for item in comparison.indicators if item.value is not None]
    if not answered:
        return language.gettext(
            "{organization} has not answered any indicator yet: there is nothing to compare, "
            "so no recommendation."
        ).format(organization=organization)
    compared = [item for item in answered if item.typical(peer_group(item)) is not None]
    if not compared:
        return language.gettext(
            "No peer has a value for the indicators answered: there is nothing to compare "
            "with, so no recommendation."
        )
    return language.ngettext(
        "On the {count} indicator compared, {organization} is level with or ahead of its "
        "peers (their median; for a yes/no question, their share answering yes): no "
        "recommendation.",
        "On each of the {count} indicators compared, {organization} is level with or ahead "
        "of its peers (their median; for a yes/no question, their share answering yes): no "
        "recommendation.",
        len(compared),
    ).format(count=len(compared), organization=organization)


def list_separator(language: Translator) -> str:
    """Between the items of a list: '; ', French with a thin no-break space before ';'."""
    return "; " if language.language == "en" else "\u202f; "


def unanswered_text(comparison: Comparison, language: Translator) -> str | None:
    """'Not answered, so not compared: 2.7 …; 5.3 ….' (None when all are answered)."""
    missing = unanswered(comparison)
    if not missing:
        return None
    names = list_separator(language).join(indicator.title for indicator in missing)
    return language.gettext("Not answered, so not compared: {indicators}.").format(indicators=names)
