"""Text stays readable (issue 16, item 4): every text colour against the background it is
drawn on has a WCAG contrast ratio of at least 4.5:1.

The pairs come from the code itself: the rules of the style sheet (ui/style.py), the
palette, the style sheets and rich-text colours written inline in ui/ (read with ``ast``,
their ``{NAME}`` placeholders resolved), the status colours of the registrations table
and the ``*_COLOUR`` constants of the dialogs. A rule that sets only a text colour is
checked on both the window and the card (base) colours; one that sets only a background
is checked with the palette's text colour. Exempt, as WCAG 1.4.3 exempts them: disabled
controls, and lines or separators that are decoration, not text. The chart series are
graphics: WCAG 1.4.11 asks 3:1 of them.
"""

from __future__ import annotations

import ast
import importlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtGui import QColor

from escadesk.ui import style

UI = Path(style.__file__).parent
TEXT_RATIO = 4.5
GRAPHICS_RATIO = 3.0
#: Where a text colour with no background of its own may be drawn: the window, a card.
BACKGROUNDS = (style.WINDOW, style.SURFACE)
#: Colours set inline that are not text (a line's colour, a decorative separator).
DECORATION = {
    ("decision_wizard.py", "steps_line"): "the line under the steps (a QFrame HLine)",
    ("decision_wizard.py", "&rsaquo;"): "the arrow between the steps, decoration",
    ("survey_form.py", "line.setStyleSheet"): "the rule between questionnaire rows",
    ("benchmark_charts.py", "■"): "a chart's legend swatch: a graphic (3:1, tested below)",
}

RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
DECLARATION = re.compile(r"(?<![-\w])(color|background|background-color)\s*:\s*([^;}\"']+)")


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of ``colour`` (#rgb, #rrggbb or an SVG name)."""
    qcolor = QColor(colour.strip())
    assert qcolor.isValid(), colour

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(c) for c in (qcolor.redF(), qcolor.greenF(), qcolor.blueF()))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(one: str, other: str) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _colour(value: str) -> str | None:
    """The first colour of a declaration's value (``transparent`` and the rest: None)."""
    for token in value.split():
        if token.lower() != "transparent" and QColor(token).isValid():
            return token
    return None


@dataclass(frozen=True)
class Pair:
    where: str
    text: str
    background: str

    @property
    def ratio(self) -> float:
        return contrast(self.text, self.background)

    def __str__(self) -> str:
        return f"{self.where}: {self.text} on {self.background} is {self.ratio:.2f}:1"


def sheet_pairs(sheet: str, where: str) -> Iterator[Pair]:
    """The text/background pairs a style sheet defines, rule by rule."""
    sheet = re.sub(r"/\*.*?\*/", "", sheet, flags=re.DOTALL)
    rules = [(selector.strip(), body) for selector, body in RULE.findall(sheet)]
    backgrounds: dict[str, str] = {}
    for selector, body in rules:
        found = dict(DECLARATION.findall(body))
        background = _colour(found.get("background-color") or found.get("background") or "")
        for part in selector.split(","):
            if background:
                backgrounds[part.strip()] = background
    for selector, body in rules:
        if ":disabled" in selector:
            continue  # WCAG 1.4.3: inactive controls have no contrast requirement
        found = dict(DECLARATION.findall(body))
        text = _colour(found.get("color", ""))
        background = _colour(found.get("background-color") or found.get("background") or "")
        label = f"{where} {selector!r}"
        if text is None and background is not None:
            yield Pair(label, style.TEXT, background)
        elif text is not None and background is not None:
            yield Pair(label, text, background)
        elif text is not None:
            # A descendant rule ("QFrame#box QLabel") sits on its container's background.
            containers = [
                backgrounds[part.split()[0]]
                for part in selector.split(",")
                if len(part.split()) > 1 and part.split()[0] in backgrounds
            ]
            for behind in containers or BACKGROUNDS:
                yield Pair(label, text, behind)
    for selector, body in rules:
        text_match = re.search(r"selection-color\s*:\s*([^;]+)", body)
        back_match = re.search(r"selection-background-color\s*:\s*([^;]+)", body)
        if back_match:
            text = _colour(text_match.group(1)) if text_match else style.TEXT
            background = _colour(back_match.group(1))
            if text and background:
                yield Pair(f"{where} {selector!r} (selected)", text, background)


# -- the inline style sheets and rich text of ui/ --------------------------------------------


def _resolve(node: ast.expr, module: object) -> list[str] | None:
    """The value(s) an f-string placeholder can take: a constant of the module (or of
    ``style``), every colour of a constant tuple or dict; None when it is a variable."""
    if isinstance(node, ast.Name):
        value = getattr(module, node.id, None)
    elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        value = getattr(getattr(module, node.value.id, None), node.attr, None)
    elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
        container = getattr(module, node.value.id, None)
        values = container.values() if isinstance(container, dict) else container
        if isinstance(values, tuple | list | type({}.values())):
            return [v for v in values if isinstance(v, str)]
        return None
    else:
        return None
    return [value] if isinstance(value, str) else None


def _texts(node: ast.JoinedStr | ast.Constant, module: object) -> list[str]:
    """The string a literal or f-string can be, each placeholder's values expanded; a
    placeholder that is a variable becomes ``{?}``."""
    if isinstance(node, ast.Constant):
        return [node.value] if isinstance(node.value, str) else []
    variants = [""]
    for part in node.values:
        if isinstance(part, ast.Constant):
            variants = [v + str(part.value) for v in variants]
        elif isinstance(part, ast.FormattedValue):
            values = _resolve(part.value, module) or ["{?}"]
            variants = [v + value for v in variants for value in values][:64]
    return variants


def inline_pairs() -> Iterator[Pair]:
    for path in sorted(UI.glob("*.py")):
        if path.name == "style.py":
            continue
        source = path.read_text(encoding="utf-8")
        if "color" not in source:
            continue
        module = importlib.import_module(f"escadesk.ui.{path.stem}")
        tree = ast.parse(source)
        seen: set[int] = set()
        for node in ast.walk(tree):
            if not isinstance(node, ast.JoinedStr | ast.Constant) or id(node) in seen:
                continue
            if isinstance(node, ast.JoinedStr):
                seen.update(id(child) for child in ast.walk(node))
            line = source.splitlines()[node.lineno - 1]
            snippet = ast.get_source_segment(source, node) or ""
            if any(
                name == path.name and (mark in line or mark in snippet) for name, mark in DECORATION
            ):
                continue
            for text in _texts(node, module):
                if "color" not in text:
                    continue
                where = f"{path.name}:{node.lineno}"
                if "{" in text and "}" in text and RULE.search(text.replace("{?}", "")):
                    yield from sheet_pairs(text.replace("{?}", ""), where)
                    continue
                found = dict(DECLARATION.findall(text))
                colour = _colour(found.get("color", ""))
                background = _colour(found.get("background-color") or found.get("background") or "")
                if colour is None:
                    continue
                for behind in [background] if background else BACKGROUNDS:
                    yield Pair(where, colour, behind)


# -- the tests -------------------------------------------------------------------------------


def test_accessible_contrast_of_the_style_sheet() -> None:
    pairs = list(sheet_pairs(style.STYLESHEET, "style.py"))
    assert len(pairs) >= 20
    assert [str(p) for p in pairs if p.ratio < TEXT_RATIO] == []


def test_accessible_contrast_of_the_palette(qapp) -> None:
    from PySide6.QtGui import QPalette

    from escadesk.ui.style import apply_style

    apply_style(qapp)
    palette = qapp.palette()
    role = QPalette.ColorRole

    def name(colour_role: QPalette.ColorRole) -> str:
        """The colour as drawn: a half-transparent one blended over the base."""
        colour = palette.color(QPalette.ColorGroup.Active, colour_role)
        base = palette.color(QPalette.ColorGroup.Active, role.Base)
        alpha = colour.alphaF()
        blended = [
            round(255 * (alpha * mine + (1 - alpha) * under))
            for mine, under in zip(colour.getRgbF()[:3], base.getRgbF()[:3], strict=True)
        ]
        return "#{:02x}{:02x}{:02x}".format(*blended)

    pairs = [
        Pair("palette Text on Base", name(role.Text), name(role.Base)),
        Pair("palette Text on AlternateBase", name(role.Text), name(role.AlternateBase)),
        Pair("palette WindowText on Window", name(role.WindowText), name(role.Window)),
        Pair("palette ButtonText on Button", name(role.ButtonText), name(role.Button)),
        Pair("palette HighlightedText", name(role.HighlightedText), name(role.Highlight)),
        Pair("palette PlaceholderText on Base", name(role.PlaceholderText), name(role.Base)),
    ]
    assert [str(p) for p in pairs if p.ratio < TEXT_RATIO] == []


def test_accessible_contrast_of_the_inline_styles() -> None:
    pairs = list(inline_pairs())
    assert len(pairs) >= 20
    assert sorted({str(p) for p in pairs if p.ratio < TEXT_RATIO}) == []


def test_accessible_contrast_of_the_text_colours() -> None:
    """The colours code picks at run time (a status, a strength, a fact's colour), each
    on the window and on a card; the status colours on their own backgrounds."""
    from escadesk.ui import delegate_import_dialog, registrations_model, workshop_dialog

    text_colours = {
        name: getattr(style, name)
        for name in ("TEXT", "MUTED", "ACCENT", "ACCENT_DARK", "GOOD", "WARN", "BAD")
    }
    for module in (delegate_import_dialog, workshop_dialog):
        for name, value in vars(module).items():
            if name.endswith("_COLOUR") and isinstance(value, str):
                text_colours[f"{module.__name__.rsplit('.', 1)[1]}.{name}"] = value
    pairs = [
        Pair(name, colour, background)
        for name, colour in text_colours.items()
        for background in BACKGROUNDS
    ]
    for status, (foreground, background) in registrations_model.STATUS_COLOURS.items():
        pairs.append(Pair(f"status {status.value}", foreground, background))
    pairs.append(Pair("table: muted row", style.MUTED, "#f8fafb"))
    pairs.append(Pair("table: good mark", style.GOOD, "#f8fafb"))
    errors = delegate_import_dialog
    pairs.append(Pair("problems box", errors.ERROR_COLOUR, errors.ERROR_BACKGROUND))
    pairs.append(Pair("warnings box", errors.WARNING_COLOUR, errors.WARNING_BACKGROUND))
    assert [str(p) for p in pairs if p.ratio < TEXT_RATIO] == []


def test_accessible_contrast_of_the_chart_series() -> None:
    """Chart lines and bars are graphics: 3:1 against the white of the chart."""
    from escadesk.ui import benchmark_charts

    series = {
        name: value
        for name, value in vars(benchmark_charts).items()
        if name.endswith("_COLOUR") and isinstance(value, str)
    }
    assert series
    assert [
        str(Pair(name, colour, style.SURFACE))
        for name, colour in series.items()
        if contrast(colour, style.SURFACE) < GRAPHICS_RATIO
    ] == []


@pytest.mark.parametrize(
    ("one", "other", "expected"),
    [("#000000", "#ffffff", 21.0), ("#ffffff", "#ffffff", 1.0), ("#767676", "#ffffff", 4.54)],
)
def test_accessible_contrast_formula(one: str, other: str, expected: float) -> None:
    assert contrast(one, other) == pytest.approx(expected, abs=0.01)
