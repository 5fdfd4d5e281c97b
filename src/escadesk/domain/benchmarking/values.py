"""Answers to the questionnaire: text as typed (or read from a file) to a checked number.

Every answer becomes a ``float`` so statistics treat all indicators alike:

* yes/no answers are 1.0 (yes) and 0.0 (no), so a group's mean is its share of "yes";
* ordinal levels 1-5 are the level itself;
* percentages are points (45 means 45 %), never 0.45;
* euro amounts are plain floats: they are indicator values to compare (a budget), never
  money escadesk charges, which is Decimal elsewhere and never mixed with these.

A missing answer is simply absent from a values mapping: it is never zero.

Numbers are read the way people type them: "1 250", "1,250" (a whole-number unit) or
"2,5" (a decimal comma), "45 %", "EUR 350.000". When both "," and "." appear, the last
one is the decimal separator. A single "," or "." followed by exactly three digits is a
thousands separator only for whole-number units and euros ("1,500 members", "350.000
EUR"); elsewhere it is a decimal separator ("1,500 FTE" is 1.5 FTE).

Problems come back as :class:`~escadesk.domain.validation.FieldProblem` whose field is
the indicator code and whose message reads well beside the field or after
"Row 5, column '2.2.1':" in an import report.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType

from escadesk.domain.benchmarking.catalogue import Catalogue, Indicator, Unit
from escadesk.domain.validation import FieldProblem, ValidationError
from escadesk.i18n import N_, Translator, _, pgettext

_YES = frozenset({"yes", "y", "true", "1", "ja", "oui", "si", "sí", "x"})
_NO = frozenset({"no", "n", "false", "0", "nein", "non"})
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_GROUPED = {sep: re.compile(rf"^[+-]?\d{{1,3}}({re.escape(sep)}\d{{3}})+$") for sep in ",."}
_IGNORED_CHARS = str.maketrans("", "", " \u00a0\u202f\u2009'’_")
_PREVIEW_CHARS = 40


@dataclass(frozen=True, slots=True)
class ParsedAnswers:
    """Checked values of a questionnaire (only the valid, non-empty answers) and the
    problems of the others."""

    values: Mapping[str, float]
    problems: tuple[FieldProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True, slots=True)
class Completion:
    """How much of the questionnaire is answered (the survey's completion meter)."""

    answered: int
    total: int
    missing: tuple[str, ...]
    """Codes of the unanswered indicators, in catalogue order."""

    @property
    def share(self) -> float:
        """0.0-1.0; an empty catalogue counts as complete."""
        return self.answered / self.total if self.total else 1.0

    @property
    def complete(self) -> bool:
        return not self.missing


def parse_answer(indicator: Indicator, text: str | None) -> float | None:
    """The value of one answer, or None when it is blank.

    Raises :class:`~escadesk.domain.validation.ValidationError` (one problem, field =
    the indicator code) when the text is not a valid answer for this indicator.
    """
    if text is None or not text.strip():
        return None
    cleaned = " ".join(text.split())
    if indicator.unit is Unit.YES_NO:
        word = cleaned.casefold()
        if word in _YES:
            return 1.0
        if word in _NO:
            return 0.0
        raise _invalid(indicator, _("{value} is not yes or no").format(value=_quote(cleaned)))
    value = _parse_number(cleaned, indicator.unit)
    if value is None:
        raise _invalid(indicator, _("{value} is not a number").format(value=_quote(cleaned)))
    problem = check_value(indicator, value)
    if problem is not None:
        raise ValidationError([problem])
    return value


def check_value(indicator: Indicator, value: float) -> FieldProblem | None:
    """Why ``value`` is not a valid answer to ``indicator`` (whole number, range), or None."""
    # Messages read after an indicator's title ("2.2.1 ...: must be a number").
    value = float(value)
    if not math.isfinite(value):
        return FieldProblem(indicator.code, _("must be a number"))
    if indicator.unit is Unit.YES_NO:
        if value not in (0.0, 1.0):
            return FieldProblem(indicator.code, _("must be yes or no"))
        return None
    shown = format_number(value)
    if indicator.unit.whole and not value.is_integer():
        if indicator.unit is Unit.ORDINAL:
            message = _("must be a whole level, not {value}")
        else:
            message = _("must be a whole number, not {value}")
        return FieldProblem(indicator.code, message.format(value=shown))
    if not indicator.minimum <= value <= indicator.maximum:
        if indicator.unit is Unit.ORDINAL:
            message = _("must be {levels}, not {value}").format(
                levels=_levels(indicator), value=shown
            )
        else:
            message = _("must be between {range}, not {value}").format(
                range=range_text(indicator), value=shown
            )
        return FieldProblem(indicator.code, message)
    return None


def parse_answers(catalogue: Catalogue, texts: Mapping[str, str | None]) -> ParsedAnswers:
    """Check a whole questionnaire given as ``{code: text}``; blanks are left out of the
    values, unknown codes and invalid answers become problems (in catalogue order)."""
    values: dict[str, float] = {}
    problems: list[FieldProblem] = []
    for indicator in catalogue.indicators:
        if indicator.code not in texts:
            continue
        try:
            value = parse_answer(indicator, texts[indicator.code])
        except ValidationError as error:
            problems.extend(error.problems)
            continue
        if value is not None:
            values[indicator.code] = value
    for code in texts:
        if code not in catalogue:
            message = _("{code} is not an indicator of catalogue {version}")
            problems.append(
                FieldProblem(code, message.format(code=code, version=catalogue.version))
            )
    return ParsedAnswers(values=MappingProxyType(values), problems=tuple(problems))


def completion(catalogue: Catalogue, values: Mapping[str, float]) -> Completion:
    """Which indicators of ``catalogue`` have a value in ``values``."""
    missing = tuple(code for code in catalogue.codes if code not in values)
    return Completion(answered=len(catalogue) - len(missing), total=len(catalogue), missing=missing)


def format_value(indicator: Indicator, value: float) -> str:
    """The canonical text of a value (as stored and written to files): "yes"/"no" for
    yes/no, otherwise the plain number ("3", "2.5", "350000"); it parses back to
    ``value``."""
    if indicator.unit is Unit.YES_NO:
        return "yes" if value >= 0.5 else "no"
    return format_number(value)


def format_number(value: float) -> str:
    """Shortest plain text that reads back as exactly ``value``: no exponent, no trailing
    zeros ("1250", "0.5", "0.0000001")."""
    value = float(value)  # an int is welcome too
    if value.is_integer():
        return str(int(value))
    return format(Decimal(repr(value)), "f")  # repr: the shortest exact digits


def range_text(indicator: Indicator, language: Translator | None = None) -> str:
    """The valid range for messages and help ("0 and 100 %", "0 and 1000 FTE"), in
    ``language`` (default: the user interface's)."""
    symbol = indicator.unit.symbol
    low, high = format_number(indicator.minimum), format_number(indicator.maximum)
    if symbol:
        text = _in(language, N_("{low} and {high} {unit}"))
        return text.format(low=low, high=high, unit=symbol)
    return _in(language, N_("{low} and {high}")).format(low=low, high=high)


def _levels(indicator: Indicator, language: Translator | None = None) -> str:
    low, high = format_number(indicator.minimum), format_number(indicator.maximum)
    return _in(language, N_("a level from {low} to {high}")).format(low=low, high=high)


def _in(language: Translator | None, message: str) -> str:
    """``message`` in ``language``, or in the user interface's when None."""
    return _(message) if language is None else language.gettext(message)


def expected_answer(indicator: Indicator, language: Translator | None = None) -> str:
    """What a valid answer is, in words ("a whole number between 0 and 10000", "yes or
    no", "a level from 1 to 5"): for messages and the survey template, in ``language``
    (default: the user interface's; a template passes its organization's)."""
    if indicator.unit is Unit.YES_NO:
        return _in(language, N_("yes or no"))
    if indicator.unit is Unit.ORDINAL:
        return _levels(indicator, language)
    if indicator.unit.whole:
        sentence = _in(language, N_("a whole number between {range}"))
    else:
        sentence = _in(language, N_("a number between {range}"))
    return sentence.format(range=range_text(indicator, language))


def with_indicator(indicator: Indicator, message: str) -> str:
    """'2.2.1 Human resources of the management team: must be between 0 and 1000 FTE,
    not 1200': a problem's message with its indicator, and what is valid where the
    message does not say it already (the form and the template import say the same)."""
    stated = _levels(indicator) if indicator.unit is Unit.ORDINAL else range_text(indicator)
    if indicator.unit is Unit.YES_NO or stated in message:
        return _("{title}: {message}").format(title=indicator.title, message=message)
    return _("{title}: {message} (expected {expected})").format(
        title=indicator.title, message=message, expected=expected_answer(indicator)
    )


def answer_choices(indicator: Indicator) -> tuple[str, ...]:
    """The answers to choose from, as typed ("yes", "no"; "1" to "5" for a level), or ()
    when the answer is a number in a range."""
    if indicator.unit is Unit.YES_NO:
        return ("yes", "no")
    if indicator.unit is Unit.ORDINAL:
        levels = range(int(indicator.minimum), int(indicator.maximum) + 1)
        return tuple(str(level) for level in levels)
    return ()


# ------------------------------------------------------------------ helpers


def _parse_number(text: str, unit: Unit) -> float | None:
    compact = text.translate(_IGNORED_CHARS)
    if unit is Unit.PERCENT:
        compact = compact.removesuffix("%")
    elif unit is Unit.EUR:
        for mark in ("€", "EUR", "eur", "Eur"):
            compact = compact.removeprefix(mark).removesuffix(mark)
    if "," in compact and "." in compact:
        decimal = "," if compact.rfind(",") > compact.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        compact = compact.replace(thousands, "").replace(decimal, ".")
    else:
        separator = "," if "," in compact else "."
        whole_amount = unit.whole or unit is Unit.EUR
        grouped = _GROUPED[separator].match(compact) is not None
        if grouped and (whole_amount or compact.count(separator) > 1):
            compact = compact.replace(separator, "")
        elif compact.count(separator) <= 1:
            compact = compact.replace(separator, ".")
        else:
            return None
    if not _NUMBER.match(compact):
        return None
    value = float(compact)
    return 0.0 if value == 0 else value  # no "-0"


def _invalid(indicator: Indicator, message: str) -> ValidationError:
    return ValidationError([FieldProblem(indicator.code, message)])


def _quote(text: str) -> str:
    if len(text) > _PREVIEW_CHARS:
        text = text[: _PREVIEW_CHARS - 1] + "…"
    # Translators: a text quoted in a message: 'abc' is not a number.
    return pgettext("quoted", "'{text}'").format(text=text)
