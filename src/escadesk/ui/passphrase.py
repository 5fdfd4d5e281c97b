"""Passphrase fields and a simple strength meter (length, variety, common words).

The meter is advice, not a gate: the only hard rule is the vault's own minimum
(``VaultService.passphrase_problems``). It never stores, logs or echoes what is typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QSizePolicy, QVBoxLayout, QWidget

from escadesk.i18n import _, pgettext
from escadesk.ui import style

#: In English; shown through ``strength_label`` (translated, per score).
LABELS = ("Weak", "Weak", "Fair", "Good", "Strong")
COLOURS = (style.BAD, style.BAD, style.WARN, style.ACCENT, style.GOOD)

#: Words that make a passphrase easy to guess (lists of leaked passwords start with them).
COMMON_WORDS = frozenset(
    {
        "password",
        "passphrase",
        "passwort",
        "motdepasse",
        "secret",
        "letmein",
        "welcome",
        "admin",
        "qwerty",
        "azerty",
        "iloveyou",
        "dragon",
        "monkey",
        "sunshine",
        "master",
        "login",
        "escadesk",
        "workshop",
        "cluster",
        "benchmark",
        "toronto",
        "rotman",
        "institute",
        "creditcard",
        "mastercard",
    }
)
_SEQUENCES = ("0123456789", "abcdefghijklmnopqrstuvwxyz", "qwertyuiop", "asdfghjkl", "zxcvbnm")
_REPEAT = re.compile(r"(.)\1{3,}")


@dataclass(frozen=True)
class Strength:
    score: int  # 0 (nothing typed) .. 4
    label: str
    advice: str


def _has_sequence(lowered: str) -> bool:
    for sequence in _SEQUENCES:
        for start in range(len(sequence) - 3):
            run = sequence[start : start + 4]
            if run in lowered or run[::-1] in lowered:
                return True
    return False


def passphrase_strength(text: str, minimum: int) -> Strength:
    """A rough, explainable estimate: long and varied is good, common words cost."""
    if not text:
        return Strength(0, "", "")
    length = len(text)
    lowered = text.casefold()
    points = sum(length >= bound for bound in (minimum, minimum + 4, minimum + 8, minimum + 16))
    classes = sum(
        (
            any(c.islower() for c in text),
            any(c.isupper() for c in text),
            any(c.isdigit() for c in text),
            any(not c.isalnum() for c in text),
        )
    )
    points += (classes >= 2) + (classes >= 3)
    points += len(text.split()) >= 4
    common = [word for word in COMMON_WORDS if word in lowered]
    repeated = bool(_REPEAT.search(text)) or len(set(text)) < max(5, length // 4)
    points -= min(2 * len(common), 3)
    points -= 2 if repeated else 0
    points -= 1 if _has_sequence(lowered) else 0
    score = max(1, min(points, 4))
    if length < minimum:
        score = 1
        advice = _("Use at least {minimum} characters: a few unrelated words work well.").format(
            minimum=minimum
        )
    elif common:
        advice = _("Easy to guess: avoid common words such as “{word}”.").format(
            word=sorted(common)[0]
        )
    elif repeated:
        advice = _("Avoid repeating the same characters.")
    elif score < 3:
        advice = _("Longer is stronger: add another unrelated word.")
    else:
        advice = ""
    return Strength(score, strength_label(score), advice)


def strength_label(score: int) -> str:
    """LABELS[score] in the window's language (a passphrase's strength, feminine in French)."""
    return (
        pgettext("passphrase strength", "Weak"),
        pgettext("passphrase strength", "Weak"),
        pgettext("passphrase strength", "Fair"),
        pgettext("passphrase strength", "Good"),
        pgettext("passphrase strength", "Strong"),
    )[score]


class StrengthBar(QWidget):
    """Four segments filled up to the score, in the score's colour."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.score = 0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(_("Passphrase strength"))

    def sizeHint(self) -> QSize:
        return QSize(200, 8)

    def set_score(self, score: int) -> None:
        self.score = score
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        gap = 4.0
        width = (self.width() - 3 * gap) / 4
        colour = QColor(COLOURS[self.score])
        for index in range(4):
            painter.setBrush(colour if index < self.score else QColor(style.BORDER))
            rect = QRectF(index * (width + gap), 0, width, self.height())
            painter.drawRoundedRect(rect, 3, 3)


class StrengthMeter(QWidget):
    """The bar, its label (Weak/Fair/Good/Strong) and one line of advice."""

    def __init__(self, minimum: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.minimum = minimum
        self.bar = StrengthBar()
        self.bar.setFixedHeight(8)
        self.label = QLabel()
        self.label.setMinimumWidth(56)
        self.label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.advice = QLabel()
        self.advice.setObjectName("muted")
        self.advice.setWordWrap(True)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.bar, 1)
        row.addWidget(self.label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.advice)
        self.show_strength("")

    def show_strength(self, text: str) -> Strength:
        strength = passphrase_strength(text, self.minimum)
        self.bar.set_score(strength.score)
        self.label.setText(strength.label)
        self.label.setStyleSheet(
            f"color: {COLOURS[strength.score]}; font-weight: 600;" if strength.score else ""
        )
        self.advice.setText(strength.advice)
        self.advice.setVisible(bool(strength.advice))
        return strength


def passphrase_field(placeholder: str) -> QLineEdit:
    """A password-echo field that offers no copy, drag or autocomplete of what is typed."""
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setPlaceholderText(placeholder)
    field.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
    field.setDragEnabled(False)
    field.setInputMethodHints(
        Qt.InputMethodHint.ImhHiddenText
        | Qt.InputMethodHint.ImhSensitiveData
        | Qt.InputMethodHint.ImhNoPredictiveText
    )
    field.setMinimumWidth(280)
    return field
