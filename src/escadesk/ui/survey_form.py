"""The questionnaire's pieces: one row per indicator, one scrolling page per area.

A row saves itself when the director leaves it (editing finished, focus out, a choice in a
combo), through a ``save`` callable the dialog gives it; the service validates, and a refusal
is shown next to the field while the stored answer stays as it was. Rows never log or
print answers: benchmark answers are confidential.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from escadesk.domain.benchmarking import Indicator, Unit, format_number
from escadesk.domain.validation import ValidationError
from escadesk.i18n import _, format_decimal
from escadesk.services.benchmark_views import AnswerView
from escadesk.ui.form_parts import error_label

SaveAnswer = Callable[[str, str | None, str], AnswerView]
"""``save(code, text, note)``: stores one answer (text None/"" clears it) or raises
ValidationError; returns the stored answer."""

UNANSWERED = "—"
ANSWER_WIDTH = 230
NOTE_WIDTH = 260


def expected_text(indicator: Indicator) -> str:
    """What to type, under the field: "FTE in the management team · 0 to 1,000"."""
    unit = indicator.unit_label
    if indicator.unit is Unit.YES_NO:
        return unit or _("yes or no")
    low, high = _number(indicator.minimum), _number(indicator.maximum)
    if indicator.unit is Unit.ORDINAL:
        return unit or _("level {low}-{high}").format(low=low, high=high)
    between = _("{low} to {high}").format(low=low, high=high)
    return f"{unit} · {between}" if unit else f"{between} {indicator.unit.symbol}".strip()


def _number(value: float) -> str:
    """A range end with thousands grouped ("100,000", "0.5")."""
    return format_decimal(int(value)) if float(value).is_integer() else format_number(value)


class AnswerRow(QObject):
    """The widgets of one indicator (question, answer, note, message) and its saving.

    ``saved_answer`` is what the database holds; the widgets may hold an edit not saved
    yet (``dirty``) or refused (``problem``).
    """

    changed = Signal(object)
    """Emitted with the stored AnswerView after a successful save."""

    def __init__(
        self, indicator: Indicator, answer: AnswerView, save: SaveAnswer, parent: QObject
    ) -> None:
        super().__init__(parent)
        self.indicator = indicator
        self.saved_answer = answer
        self._save = save
        self.problem = ""

        self.question = QLabel(f"<b>{_html(indicator.code)}</b>&nbsp; {_html(indicator.label)}")
        self.question.setTextFormat(Qt.TextFormat.RichText)
        self.question.setWordWrap(True)
        self.help = QLabel(indicator.help)
        self.help.setObjectName("muted")
        self.help.setWordWrap(True)
        self.help.setTextFormat(Qt.TextFormat.PlainText)

        self.editor: QLineEdit | QComboBox
        if indicator.unit in (Unit.YES_NO, Unit.ORDINAL):
            self.editor = self._combo()
        else:
            self.editor = QLineEdit()
            self.editor.setPlaceholderText(_("not answered"))
            self.editor.editingFinished.connect(self.commit)
        self.editor.setAccessibleName(indicator.title)
        self.editor.setToolTip(indicator.help)
        self.expected = QLabel(expected_text(indicator))
        self.expected.setObjectName("muted")
        self.expected.setWordWrap(True)
        self.error = error_label()
        self.note = QLineEdit()
        self.note.setPlaceholderText(_("Note (optional)"))
        self.note.setAccessibleName(_("Note on {code}").format(code=indicator.code))
        self.note.editingFinished.connect(self.commit)
        self.show_answer(answer)

    def _combo(self) -> QComboBox:
        combo = QComboBox()
        combo.addItem(UNANSWERED, "")
        if self.indicator.unit is Unit.YES_NO:
            combo.addItem(_("Yes"), "yes")
            combo.addItem(_("No"), "no")
        else:
            low, high = int(self.indicator.minimum), int(self.indicator.maximum)
            for level in range(low, high + 1):
                combo.addItem(str(level), str(level))
        combo.activated.connect(lambda _index: self.commit())
        return combo

    # -- state -----------------------------------------------------------------------------

    @property
    def code(self) -> str:
        return self.indicator.code

    @property
    def answered(self) -> bool:
        """Whether the database holds an answer (what the completion meter counts)."""
        return bool(self.saved_answer.text)

    def text(self) -> str:
        """The answer as the widgets hold it now ("" for unanswered)."""
        if isinstance(self.editor, QComboBox):
            return str(self.editor.currentData() or "")
        return self.editor.text().strip()

    def note_text(self) -> str:
        return self.note.text().strip()

    @property
    def dirty(self) -> bool:
        """An edit the database does not hold yet (refused ones included)."""
        saved = self.saved_answer
        return self.text() != saved.text or self.note_text() != saved.note

    def show_answer(self, answer: AnswerView) -> None:
        """Show the stored answer (its canonical text, "1 250" becomes "1250")."""
        self.saved_answer = answer
        if isinstance(self.editor, QComboBox):
            index = self.editor.findData(answer.text)
            self.editor.setCurrentIndex(max(index, 0))
        elif self.editor.text().strip() != answer.text:
            self.editor.setText(answer.text)
        if self.note.text().strip() != answer.note:
            self.note.setText(answer.note)
        self._show_problem("")

    # -- saving ----------------------------------------------------------------------------

    def commit(self) -> bool:
        """Save the edit if there is one; False when the service refused it."""
        if not self.dirty:
            self._show_problem("")
            return True
        try:
            stored = self._save(self.code, self.text() or None, self.note_text())
        except ValidationError as error:
            self._show_problem(_message(error, self.indicator))
            return False
        self.show_answer(stored)
        self.changed.emit(stored)
        return True

    def _show_problem(self, message: str) -> None:
        self.problem = message
        self.error.setText(message)
        self.error.setVisible(bool(message))
        self.editor.setProperty("invalid", bool(message))
        style = self.editor.style()
        style.unpolish(self.editor)
        style.polish(self.editor)


def _message(error: ValidationError, indicator: Indicator) -> str:
    """The refusal as shown beside the field: without the indicator's name, which is
    right there ("Must be between 0 and 1000 FTE, not 1200")."""
    own = error.for_field(indicator.code) or [str(error)]
    prefix = f"{indicator.title}: "
    french = f"{indicator.title}\u00a0: "  # the domain's message in French
    texts = [text.removeprefix(prefix).removeprefix(french) for text in own]
    return " ".join(text[:1].upper() + text[1:] for text in texts)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class AreaPage(QScrollArea):
    """One tab: the rows of one area, question on the left, answer and note on the right."""

    def __init__(self, rows: Sequence[AnswerRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows = tuple(rows)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the answers; they scroll
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        body.setObjectName("surveyBody")
        outer = QVBoxLayout(body)
        outer.setContentsMargins(12, 10, 12, 10)
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(0, 1)
        grid.setColumnMinimumWidth(1, ANSWER_WIDTH)
        grid.setColumnMinimumWidth(2, NOTE_WIDTH)
        for heading, column in ((_("Indicator"), 0), (_("Answer"), 1), (_("Note"), 2)):
            label = QLabel(heading)
            label.setObjectName("cardTitle")
            grid.addWidget(label, 0, column)
        line = 1
        for index, row in enumerate(self.rows):
            if index:
                grid.addWidget(_separator(), line, 0, 1, 3)
                line += 1
            question = QVBoxLayout()
            question.setSpacing(2)
            question.addWidget(row.question)
            question.addWidget(row.help)
            answer = QVBoxLayout()
            answer.setSpacing(2)
            row.editor.setFixedWidth(ANSWER_WIDTH)
            answer.addWidget(row.editor)
            answer.addWidget(row.expected)
            answer.addWidget(row.error)
            answer.addStretch(1)
            row.expected.setFixedWidth(ANSWER_WIDTH)
            row.error.setFixedWidth(ANSWER_WIDTH)
            row.note.setMinimumWidth(NOTE_WIDTH)
            row.note.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            grid.addLayout(question, line, 0, Qt.AlignmentFlag.AlignTop)
            grid.addLayout(answer, line, 1, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(row.note, line, 2, Qt.AlignmentFlag.AlignTop)
            line += 1
        outer.addLayout(grid)
        outer.addStretch(1)
        self.setWidget(body)

    @property
    def answered(self) -> int:
        return sum(row.answered for row in self.rows)

    @property
    def total(self) -> int:
        return len(self.rows)


def _separator() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.HLine)
    line.setStyleSheet("color: #e3e7eb;")
    return line
