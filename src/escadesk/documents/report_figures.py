"""The report's figures as the workbook shows them, as text for the PDF.

Every value comes from :mod:`escadesk.exports.report_data` (rounded there, once); this
module only prints it the way the workbook's number format displays it, so a reader
comparing the PDF with the workbook sees the same characters:

- euros (``#,##0``): whole, with thousands separators ("350,000");
- yes/no answers: "yes" / "no";
- other values (Excel's General): the plain number ("70", "2.5", "1200");
- counts and standings (``0``): whole numbers; scores (``0%``): whole percentages;
- a missing value: "–", never 0.

Excel rounds a displayed half away from zero (62.5 shows "63"), not to even as Python's
``round`` does: the rounding here is decimal, half up, on the value's shortest text.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from escadesk.domain.benchmarking import (
    Area,
    Comparison,
    Indicator,
    PeerGroup,
    Recommendation,
    format_number,
)
from escadesk.exports.report_data import (
    EUR_FORMAT,
    YES_NO_FORMAT,
    YES_NO_FORMAT_FR,
    area_chart_groups,
    scale_text,
    score,
    share_text,
    standing,
    statistic,
    value_format,
)
from escadesk.exports.report_language import compared_text, english, yes_no
from escadesk.exports.report_language import number as grouped
from escadesk.exports.report_language import share_text as share_text_of
from escadesk.i18n import Translator

MISSING = "–"
#: The workbook's formats of counts and standings, and of scores (report_styles).
WHOLE_FORMAT = "0"
PERCENT_FORMAT = "0%"


def shown(value: float | int | None, number_format: str, language: Translator | None = None) -> str:
    """``value`` as a cell with ``number_format`` displays it (in ``language``: French
    groups thousands with a space and writes "oui", "67 %", "2,5")."""
    if value is None:
        return MISSING
    language = language or english()
    french = language.language != "en"
    if number_format in (YES_NO_FORMAT, YES_NO_FORMAT_FR) and value in (0, 1):
        return yes_no(value, language)
    if number_format == EUR_FORMAT:
        return grouped(_whole(value), language)
    if number_format == WHOLE_FORMAT:
        return str(_whole(value))
    if number_format == PERCENT_FORMAT:
        whole = _whole(Decimal(repr(float(value))) * 100)
        return f"{whole}\u00a0%" if french else f"{whole}%"
    text = format_number(value)
    return text.replace(".", ",") if french else text


def _whole(value: float | int | Decimal) -> int:
    exact = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def figure(indicator: Indicator, value: float | None, language: Translator | None = None) -> str:
    """An indicator value or peer statistic in the indicator's unit."""
    return shown(value, value_format(indicator, language), language)


def percent(value: float | None, language: Translator | None = None) -> str:
    """A 0-1 score as written by report_data (already rounded), shown as a percentage."""
    return shown(value, PERCENT_FORMAT, language)


def whole(value: float | None) -> str:
    return shown(value, WHOLE_FORMAT)


# ------------------------------------------------------------------ area table


@dataclass(frozen=True)
class AreaLine:
    """One row of an area's table, as text, in the workbook area sheet's column order."""

    title: str
    value: str
    unit: str
    peers: tuple[str, ...]
    """Per group of :func:`area_chart_groups`: the median, or the share answering yes."""
    standing: str
    score: str
    scale: str

    @property
    def cells(self) -> tuple[str, ...]:
        return (
            self.title,
            self.value,
            self.unit,
            *self.peers,
            self.standing,
            self.score,
            self.scale,
        )


def area_lines(
    comparison: Comparison, area: Area, language: Translator | None = None
) -> tuple[AreaLine, ...]:
    groups = area_chart_groups(comparison)
    lines = []
    for item in comparison.indicators:
        if item.indicator.area != area.code:
            continue
        indicator = item.indicator
        peers = []
        for group in groups:
            stats = item.peers[group]
            share = share_text(stats, language)
            if share is not None:
                peers.append(share)
                continue
            median = None if stats.summary is None else stats.summary.median
            peers.append(figure(indicator, statistic(indicator, median), language))
        lines.append(
            AreaLine(
                title=indicator.title,
                value=figure(indicator, item.value, language),
                unit=indicator.unit_label,
                peers=tuple(peers),
                standing=whole(standing(item.peers[PeerGroup.TECHNOLOGY_AREA].standing)),
                score=percent(score(item.score), language),
                scale=scale_text(indicator, language),
            )
        )
    return tuple(lines)


# ------------------------------------------------------------------ recommendations


@dataclass(frozen=True)
class RecommendationLine:
    cells: tuple[str, ...]
    """In ``report_texts.RECOMMENDATION_HEADERS`` order (the workbook's, without the
    advice)."""
    advice: tuple[str, ...]


def recommendation_line(
    number: int, item: Recommendation, language: Translator | None = None
) -> RecommendationLine:
    language = language or english()
    indicator = item.indicator
    compared = compared_text(item, language)
    typical = (
        share_text_of(item.peer_share, language) or ""
        if item.peer_share is not None
        else figure(indicator, statistic(indicator, item.peer_typical), language)
    )
    cells = (
        str(number),
        indicator.title,
        figure(indicator, item.value, language),
        typical,
        indicator.unit_label,
        compared,
        percent(score(item.gap), language),
        whole(standing(item.standing)),
    )
    return RecommendationLine(cells, tuple(item.advice))
