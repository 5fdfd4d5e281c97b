"""The indicator catalogue: what the benchmarking questionnaire asks, and how answers score.

Questionnaires change over the years, so the catalogue is data (``resources/benchmarking/
catalogue-<year>.toml``) parsed here from a plain mapping; loading the file is someone
else's job (the domain does no I/O). Every problem in the mapping is collected and
reported at once, naming the indicator and the key, because the file is edited by hand.

Scoring scale: each indicator has ``score_zero`` (the value that scores 0 %) and
``score_full`` (the value that scores 100 %); scores are linear in between and clamped
outside. The direction is part of the scale: for a lower-is-better indicator (member
churn) ``score_zero`` is the larger value. See :mod:`escadesk.domain.benchmarking.scoring`.

Languages: the file is English; a text may have its translation beside it, the key with
the language's suffix (``label_fr``, ``help_fr``, ``unit_label_fr``; areas ``name_fr``,
``short_name_fr``; ``title_fr``; an indicator's advice ``recommendations_fr``, a list as long
as ``recommendations``). ``Catalogue.localized(locale)`` gives the catalogue in
that language (the English where a translation is missing). Translations are not part of
what the catalogue *is*: stored answers and reference sets name only its ``version``, and
two catalogues that differ only in translations compare equal.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from types import MappingProxyType


class Unit(StrEnum):
    """How an answer is given; decides parsing, whole-number checks and display."""

    COUNT = "count"
    """A whole number (members, events, working groups)."""
    NUMBER = "number"
    """A quantity that may have decimals (training days per FTE, contacts per member)."""
    PERCENT = "percent"
    """Percentage points, 0-100 (45 means 45 %), never a 0-1 ratio."""
    YEARS = "years"
    FTE = "fte"
    """Full-time equivalents."""
    EUR = "eur"
    """Euros (an indicator value, e.g. a budget; never money charged by escadesk)."""
    YES_NO = "yes_no"
    """Yes = 1, no = 0; a group's mean is then its share of "yes"."""
    ORDINAL = "ordinal"
    """A level on a 1-5 scale, used as the number itself in statistics."""

    @property
    def whole(self) -> bool:
        """True when only whole numbers are valid answers."""
        return self in _WHOLE_UNITS

    @property
    def symbol(self) -> str:
        """Short unit text for ranges and axis titles ("%", "FTE", "EUR"; "" for none)."""
        return _SYMBOLS[self]


_WHOLE_UNITS = frozenset({Unit.COUNT, Unit.YES_NO, Unit.ORDINAL})
_SYMBOLS = {
    Unit.COUNT: "",
    Unit.NUMBER: "",
    Unit.PERCENT: "%",
    Unit.YEARS: "years",
    Unit.FTE: "FTE",
    Unit.EUR: "EUR",
    Unit.YES_NO: "",
    Unit.ORDINAL: "",
}
_IMPLIED_RANGES = {Unit.YES_NO: (0.0, 1.0), Unit.ORDINAL: (1.0, 5.0), Unit.PERCENT: (0.0, 100.0)}
_SPACES = re.compile(r"[ \t\r\n]+")
#: The languages a catalogue file may translate its texts into (the key's suffix).
LANGUAGES = ("fr",)
#: Translated texts: language -> {key: text}, e.g. {"fr": {"label": "…"}}.
Translations = Mapping[str, Mapping[str, str]]
_NO_TRANSLATIONS: Translations = MappingProxyType({})
#: An indicator's advice per language (``recommendations_fr``), the English list's length.
AdviceTranslations = Mapping[str, tuple[str, ...]]
_NO_ADVICE: AdviceTranslations = MappingProxyType({})


def _language(locale: str | None) -> str:
    return (locale or "en").replace("-", "_").partition("_")[0].lower()


class CatalogueError(ValueError):
    """The catalogue mapping is not valid; ``problems`` lists every reason, for its editor."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("Invalid indicator catalogue: " + "; ".join(self.problems))


@dataclass(frozen=True, slots=True)
class Area:
    """One of the six areas of the questionnaire (a tab of the survey, a radar axis)."""

    code: str
    name: str
    short_name: str
    """For chart axes where the full name does not fit."""
    translations: Translations = field(default_factory=dict, compare=False, repr=False)

    def localized(self, locale: str | None) -> Area:
        """This area with its texts in ``locale``'s language (English where missing)."""
        texts = self.translations.get(_language(locale))
        if not texts:
            return self
        return replace(
            self,
            name=texts.get("name", self.name),
            short_name=texts.get("short_name", self.short_name),
        )


@dataclass(frozen=True, slots=True)
class Indicator:
    """One question of the questionnaire, with its valid range and scoring scale."""

    code: str
    """ESCA's code as published ("2.2.1"); sub-items get a letter ("1.1.1a")."""
    area: str
    """Code of its :class:`Area`."""
    label: str
    help: str
    unit: Unit
    unit_label: str
    """What is counted, for the form ("training days per FTE per year")."""
    minimum: float
    maximum: float
    """Valid range of an answer, inclusive."""
    higher_is_better: bool
    score_zero: float
    score_full: float
    weight: float
    """Weight in the composite scores (1 for every indicator of the 2018 catalogue)."""
    recommendations: tuple[str, ...]
    """Advice for an organization that falls short of its peers on this indicator."""
    translations: Translations = field(default_factory=dict, compare=False, repr=False)
    advice_translations: AdviceTranslations = field(default_factory=dict, compare=False, repr=False)

    def localized(self, locale: str | None) -> Indicator:
        """This indicator with its label, help, unit text and advice in ``locale``'s
        language (English where missing; codes, ranges and scoring are the same)."""
        language = _language(locale)
        texts = self.translations.get(language)
        advice = self.advice_translations.get(language)
        if not texts and not advice:
            return self
        texts = texts or {}
        return replace(
            self,
            label=texts.get("label", self.label),
            help=texts.get("help", self.help),
            unit_label=texts.get("unit_label", self.unit_label),
            recommendations=advice or self.recommendations,
        )

    @property
    def title(self) -> str:
        """Code and label, the way reports name an indicator."""
        return f"{self.code} {self.label}"


@dataclass(frozen=True, slots=True)
class EligibilityCodes:
    """Which indicators carry the Bronze eligibility figures."""

    committed_members: str
    management_fte: str
    member_types: str


@dataclass(frozen=True)
class Catalogue:
    """A versioned questionnaire: areas in order, indicators in order within the file."""

    version: str
    year: int
    title: str
    areas: tuple[Area, ...]
    indicators: tuple[Indicator, ...]
    eligibility: EligibilityCodes
    translations: Translations = field(default_factory=dict, compare=False, repr=False)
    _by_code: Mapping[str, Indicator] = field(init=False, repr=False, compare=False)
    _areas_by_code: Mapping[str, Area] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_code", MappingProxyType({i.code: i for i in self.indicators}))
        object.__setattr__(
            self, "_areas_by_code", MappingProxyType({a.code: a for a in self.areas})
        )

    def __len__(self) -> int:
        return len(self.indicators)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(indicator.code for indicator in self.indicators)

    def indicator(self, code: str) -> Indicator:
        """The indicator ``code``; KeyError naming the catalogue when unknown."""
        try:
            return self._by_code[code]
        except KeyError:
            raise KeyError(f"No indicator {code!r} in catalogue {self.version}") from None

    def find(self, code: str) -> Indicator | None:
        return self._by_code.get(code)

    def area(self, code: str) -> Area:
        try:
            return self._areas_by_code[code]
        except KeyError:
            raise KeyError(f"No area {code!r} in catalogue {self.version}") from None

    def localized(self, locale: str | None) -> Catalogue:
        """The catalogue with its texts in ``locale``'s language, for showing it (the
        window's language for the questionnaire; the organization's for its report).
        Same version, codes, ranges and scoring; only the texts differ."""
        language = _language(locale)
        if language == "en":
            return self
        texts = self.translations.get(language, {})
        return replace(
            self,
            title=texts.get("title", self.title),
            areas=tuple(area.localized(locale) for area in self.areas),
            indicators=tuple(indicator.localized(locale) for indicator in self.indicators),
        )

    def in_area(self, area_code: str) -> tuple[Indicator, ...]:
        """The indicators of one area, in catalogue order."""
        return tuple(indicator for indicator in self.indicators if indicator.area == area_code)


def parse_catalogue(data: Mapping[str, object]) -> Catalogue:
    """Build a :class:`Catalogue` from the mapping of a catalogue file (e.g. TOML).

    Shape: ``[catalogue]`` (version, year, title), ``[eligibility]`` (three indicator
    codes), ``[[areas]]`` (code, name, short_name) and ``[[indicators]]`` (code, area,
    label, help, unit, unit_label, min, max, higher_is_better, score_zero, score_full,
    weight, recommendations). ``min``/``max`` default to 0-1 for yes/no, 1-5 for ordinal
    and 0-100 for percent; ``score_zero``/``score_full`` default to the ends of that range
    in the indicator's direction. Raises :class:`CatalogueError` listing every problem.
    """
    problems: list[str] = []
    head = _table(data, "catalogue", problems)
    version = _text(head, "version", "[catalogue]", problems)
    year = _integer(head, "year", "[catalogue]", problems)
    title = _text(head, "title", "[catalogue]", problems)
    translations = _translations(head, ("title",), "[catalogue]", problems)

    areas = _parse_areas(data.get("areas"), problems)
    area_codes = {area.code for area in areas}

    raw_indicators = data.get("indicators")
    indicators: list[Indicator] = []
    if not isinstance(raw_indicators, list) or not raw_indicators:
        problems.append("[[indicators]] is missing or empty")
    else:
        seen: set[str] = set()
        for position, raw in enumerate(raw_indicators, start=1):
            indicator = _parse_indicator(raw, position, area_codes, problems)
            if indicator is None:
                continue
            if indicator.code in seen:
                problems.append(f"indicator {indicator.code}: the code is used twice")
                continue
            seen.add(indicator.code)
            indicators.append(indicator)
        # Judged on the raw entries: a broken indicator is reported once, by itself.
        raw_areas = {raw.get("area") for raw in raw_indicators if isinstance(raw, Mapping)}
        for area in areas:
            if area.code not in raw_areas:
                problems.append(f"area {area.code}: no indicator belongs to it")

    raw_codes = {
        raw.get("code")
        for raw in (raw_indicators if isinstance(raw_indicators, list) else ())
        if isinstance(raw, Mapping)
    }
    eligibility = _parse_eligibility(data.get("eligibility"), raw_codes, problems)

    if problems:
        raise CatalogueError(problems)
    assert eligibility is not None
    return Catalogue(
        version=version,
        year=year,
        title=title,
        areas=tuple(areas),
        indicators=tuple(indicators),
        eligibility=eligibility,
        translations=translations,
    )


# ------------------------------------------------------------------ parts


def _parse_areas(raw_areas: object, problems: list[str]) -> list[Area]:
    if not isinstance(raw_areas, list) or not raw_areas:
        problems.append("[[areas]] is missing or empty")
        return []
    areas: list[Area] = []
    for position, raw in enumerate(raw_areas, start=1):
        where = f"area #{position}"
        if not isinstance(raw, Mapping):
            problems.append(f"{where}: must be a table")
            continue
        code = _text(raw, "code", where, problems)
        where = f"area {code or '#' + str(position)}"
        name = _text(raw, "name", where, problems)
        short_name = str(raw.get("short_name") or name)
        if code and any(area.code == code for area in areas):
            problems.append(f"{where}: the code is used twice")
            continue
        translations = _translations(raw, ("name", "short_name"), where, problems)
        if code and name:
            areas.append(
                Area(code=code, name=name, short_name=short_name, translations=translations)
            )
    return areas


def _parse_indicator(
    raw: object, position: int, area_codes: set[str], problems: list[str]
) -> Indicator | None:
    if not isinstance(raw, Mapping):
        problems.append(f"indicator #{position}: must be a table")
        return None
    before = len(problems)
    code = _text(raw, "code", f"indicator #{position}", problems)
    where = f"indicator {code}" if code else f"indicator #{position}"
    area = _text(raw, "area", where, problems)
    if area and area not in area_codes:
        problems.append(f"{where}: area {area!r} is not one of the [[areas]]")
    label = _text(raw, "label", where, problems)
    help_text = str(raw.get("help", "")).strip()
    translations = _translations(raw, ("label", "help", "unit_label"), where, problems)

    unit_text = raw.get("unit")
    try:
        unit = Unit(str(unit_text))
    except ValueError:
        choices = ", ".join(u.value for u in Unit)
        problems.append(f"{where}: unit {unit_text!r} is not one of {choices}")
        return None

    higher = raw.get("higher_is_better")
    if not isinstance(higher, bool):
        problems.append(f"{where}: higher_is_better must be true or false")
        higher = True
    implied = _IMPLIED_RANGES.get(unit)
    minimum = _number(raw, "min", where, problems, default=implied[0] if implied else None)
    maximum = _number(raw, "max", where, problems, default=implied[1] if implied else None)
    if minimum is not None and maximum is not None and not minimum < maximum:
        problems.append(f"{where}: min ({minimum:g}) must be below max ({maximum:g})")
    low, high = (minimum, maximum) if higher else (maximum, minimum)
    score_zero = _number(raw, "score_zero", where, problems, default=low)
    score_full = _number(raw, "score_full", where, problems, default=high)
    if score_zero is not None and score_full is not None:
        if score_zero == score_full:
            problems.append(f"{where}: score_zero and score_full must differ")
        elif (score_full > score_zero) != higher:
            direction = "above" if higher else "below"
            problems.append(
                f"{where}: higher_is_better is {str(higher).lower()}, so score_full must be "
                f"{direction} score_zero"
            )
    weight = _number(raw, "weight", where, problems, default=1.0)
    if weight is not None and weight < 0:
        problems.append(f"{where}: weight must not be negative")

    raw_advice = raw.get("recommendations", [])
    if not isinstance(raw_advice, list) or not all(
        isinstance(text, str) and text.strip() for text in raw_advice
    ):
        problems.append(f"{where}: recommendations must be a list of non-empty texts")
        raw_advice = []
    elif not raw_advice:
        problems.append(f"{where}: give at least one recommendation")

    if len(problems) > before:
        return None
    assert minimum is not None and maximum is not None
    assert score_zero is not None and score_full is not None and weight is not None
    return Indicator(
        code=code,
        area=area,
        label=label,
        help=help_text,
        unit=unit,
        unit_label=str(raw.get("unit_label", unit.symbol)).strip(),
        minimum=minimum,
        maximum=maximum,
        higher_is_better=higher,
        score_zero=score_zero,
        score_full=score_full,
        weight=weight,
        recommendations=tuple(" ".join(text.split()) for text in raw_advice),
        translations=translations,
        advice_translations=_advice_translations(raw, len(raw_advice), where, problems),
    )


def _parse_eligibility(
    raw: object, codes_present: set[object], problems: list[str]
) -> EligibilityCodes | None:
    if not isinstance(raw, Mapping):
        problems.append("[eligibility] is missing")
        return None
    codes: dict[str, str] = {}
    for key in ("committed_members", "management_fte", "member_types"):
        code = _text(raw, key, "[eligibility]", problems)
        if code and codes_present and code not in codes_present:
            problems.append(f"[eligibility]: {key} names {code!r}, which is not an indicator")
        codes[key] = code
    return EligibilityCodes(**codes)


def _translations(
    raw: Mapping[str, object], keys: Sequence[str], where: str, problems: list[str]
) -> Translations:
    """The translations beside ``keys`` (``label_fr``...): each a non-empty text."""
    found: dict[str, dict[str, str]] = {}
    for language in LANGUAGES:
        for key in keys:
            name = f"{key}_{language}"
            if name not in raw:
                continue
            value = raw[name]
            if not isinstance(value, str) or not value.strip():
                problems.append(f"{where}: {name} must be a non-empty text")
                continue
            # Runs of ordinary white space only: French keeps its no-break spaces (« : »).
            found.setdefault(language, {})[key] = _SPACES.sub(" ", value).strip()
    if not found:
        return _NO_TRANSLATIONS
    return MappingProxyType({lang: MappingProxyType(texts) for lang, texts in found.items()})


def _advice_translations(
    raw: Mapping[str, object], count: int, where: str, problems: list[str]
) -> AdviceTranslations:
    """The advice beside ``recommendations`` (``recommendations_fr``): a list of
    non-empty texts, one for each English one and in the same order."""
    found: dict[str, tuple[str, ...]] = {}
    for language in LANGUAGES:
        name = f"recommendations_{language}"
        if name not in raw:
            continue
        value = raw[name]
        if not isinstance(value, list) or not all(
            isinstance(text, str) and text.strip() for text in value
        ):
            problems.append(f"{where}: {name} must be a list of non-empty texts")
            continue
        if len(value) != count:
            problems.append(
                f"{where}: {name} has {len(value)} texts but recommendations has {count}; "
                "give one translation for each recommendation, in the same order"
            )
            continue
        found[language] = tuple(_SPACES.sub(" ", text).strip() for text in value)
    return MappingProxyType(found) if found else _NO_ADVICE


def _table(data: Mapping[str, object], key: str, problems: list[str]) -> Mapping[str, object]:
    value = data.get(key)
    if isinstance(value, Mapping):
        return value
    problems.append(f"[{key}] is missing")
    return {}


def _text(raw: Mapping[str, object], key: str, where: str, problems: list[str]) -> str:
    value = raw.get(key)
    if isinstance(value, str) and value.strip():
        return " ".join(value.split())
    problems.append(f"{where}: {key} is missing or not a text")
    return ""


def _integer(raw: Mapping[str, object], key: str, where: str, problems: list[str]) -> int:
    value = raw.get(key)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    problems.append(f"{where}: {key} must be a whole number")
    return 0


def _number(
    raw: Mapping[str, object],
    key: str,
    where: str,
    problems: list[str],
    *,
    default: float | None,
) -> float | None:
    value = raw.get(key, default)
    if value is None:
        problems.append(f"{where}: {key} is missing")
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        problems.append(f"{where}: {key} must be a number")
        return None
    return float(value)
