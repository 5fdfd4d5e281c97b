"""Create or edit a workshop: dates, limits, the fee table and its currency approximation.

Money and rates are typed as text and parsed with ``Decimal`` (never a float spin box),
so what the director types is exactly what is stored. Every problem the service reports
is shown under its own field and nothing is saved until all of them are fixed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from zoneinfo import available_timezones

from PySide6.QtCore import QDate, QRegularExpression, Qt
from PySide6.QtGui import QColor, QPalette, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from escadesk.domain.completion import best_completion
from escadesk.domain.fees import EXCHANGE_DISCLAIMER, ExchangeRate, FeeQuote
from escadesk.domain.moments import long_date
from escadesk.domain.money import CENT, Money, format_percent, split_tax_included
from escadesk.domain.retention import (
    DEFAULT_RETENTION_MONTHS,
    MAX_RETENTION_MONTHS,
    MIN_RETENTION_MONTHS,
    purge_due_on,
)
from escadesk.domain.validation import FieldProblem, ValidationError
from escadesk.domain.workshop_calendar import AgendaItem, Facilitator, agenda_timing_problem
from escadesk.i18n import _, amount_input_text, ngettext, parse_number
from escadesk.i18n import parse_amount as i18n_parse_amount
from escadesk.services.container import Services
from escadesk.services.demo import announcement_workshop
from escadesk.services.views import NotFoundError, StaleEditError, WorkshopInput
from escadesk.services.workshops import check_workshop
from escadesk.ui.dialog_buttons import add_action, save_cancel_buttons
from escadesk.ui.discard_guard import DiscardGuard
from escadesk.ui.field_labels import buddy_label
from escadesk.ui.formatting import amount as shown_amount
from escadesk.ui.programme_editor import AgendaEditor, FacilitatorsEditor
from escadesk.ui.qt_dates import pydate, qdate
from escadesk.ui.sizing import TallScrollArea, fit_to_screen
from escadesk.ui.tab_completion import TabCompletion

MIN_ORGANIZATIONS = 1
MAX_ORGANIZATIONS = 20
ERROR_COLOUR = "#b42318"
MUTED_COLOUR = "#5f6b76"

# Grouping commas are accepted only where they belong ("2,780.00"), so "2,78" (a
# decimal comma) is refused instead of silently read as 278.
_CURRENCY = re.compile(r"^[A-Z]{3}$")

#: Problem keys the dialog shows next to a field; anything else goes to the general label.
FIELD_KEYS = (
    "code",
    "title",
    "venue",
    "timezone",
    "calendar",
    "currency",
    "tax_rate",
    "fees",
    "fx_currency",
    "fx_rate",
    "retention_months",
    "agenda",
    "facilitators",
)


def parse_amount(text: str) -> Decimal:
    """'2,780.00' (fr_CA '2 780,00', or '2780.00' in either) -> Decimal('2780.00');
    raises ValueError with a message for the user."""
    cleaned = text.strip()
    try:
        return i18n_parse_amount(cleaned).quantize(CENT)
    except ValueError:
        raise ValueError(
            _("'{text}' is not an amount (write e.g. {plain} or {grouped}).").format(
                text=cleaned,
                plain="2780",
                grouped=amount_input_text(Decimal("2780")),
            )
        ) from None


def parse_percent(text: str) -> Decimal:
    """'13' -> Decimal('0.13') (fr_CA '14,975' as well); percent as typed, converted exactly."""
    try:
        percent = parse_number(text, decimals=4)
    except ValueError:
        percent = None
    if percent is None or percent >= 1000:
        raise ValueError(_("Enter the tax rate in percent, e.g. 13 or 14.975 (0 if none)."))
    return percent / 100


def parse_rate(text: str) -> Decimal:
    """An exchange rate such as '0.662' (fr_CA '0,662' as well)."""
    cleaned = text.strip()
    try:
        rate = parse_number(cleaned, decimals=8)
    except ValueError:
        rate = None
    if rate is None or rate >= 1_000_000:
        raise ValueError(_("'{text}' is not a rate (write e.g. 0.662).").format(text=cleaned))
    return rate


def percent_text(rate: Decimal) -> str:
    """Decimal('0.13') -> '13' (what goes into the percent field)."""
    return format_percent(rate).removesuffix("%")


def amount_text(amount: Decimal) -> str:
    """Decimal('3000') -> '3,000.00' (fr_CA '3 000,00')."""
    return amount_input_text(amount.quantize(CENT))


def _organizations(*counts: int) -> str:
    """(6,) -> '6 organizations'; (5, 6) -> '5 and 6 organizations'."""
    numbers = [str(count) for count in counts]
    if len(numbers) == 1:
        listed = numbers[0]
    else:
        # Translators: the last two of a list of head-counts: "5, 6 and 7".
        listed = _("{first} and {last}").format(first=", ".join(numbers[:-1]), last=numbers[-1])
    many = 1 if counts == (1,) else 2
    return ngettext("{counts} organization", "{counts} organizations", many).format(counts=listed)


def _muted(text: str, *, word_wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setObjectName("muted")
    label.setWordWrap(word_wrap)
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(MUTED_COLOUR))
    label.setPalette(palette)
    return label


@dataclass
class _FeeRow:
    """The widgets of one head-count's line in the fee table."""

    count: int
    label: QLabel
    edit: QLineEdit
    net: QLabel
    tax: QLabel
    approximation: QLabel

    def widgets(self) -> tuple[QWidget, ...]:
        return (self.label, self.edit, self.net, self.tax, self.approximation)

    def set_visible(self, visible: bool) -> None:
        for widget in self.widgets():
            widget.setVisible(visible)


class WorkshopDialog(QDialog):
    """The director's form for one workshop; saving goes through the workshop service."""

    def __init__(
        self, services: Services, workshop_id: int | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._workshop_id = workshop_id
        self.saved_id: int | None = None
        #: The version of the workshop the form was filled from: Save is refused when
        #: another desk changed it since (services/row_versions.py).
        self._version: int | None = None
        if workshop_id is None:
            # The announcement's workshop is the template; code and title must be new.
            initial = replace(announcement_workshop(), code="", title="")
            self.setWindowTitle(_("New workshop"))
        else:
            stored = services.workshops.get(workshop_id)
            initial, self._version = stored.as_input(), stored.version
            self.setWindowTitle(_("Edit workshop {code}").format(code=initial.code))
        self._agenda: tuple[AgendaItem, ...] = initial.agenda
        self._facilitators: tuple[Facilitator, ...] = initial.facilitators
        self._forms: list[QFormLayout] = []
        self._errors: dict[str, QLabel] = {}
        self._error_targets: dict[str, QWidget] = {}
        self._fee_rows: dict[int, _FeeRow] = {}
        self._fee_texts: dict[int, str] = {}

        self._build()
        self._load(initial)
        self._connect()
        self._refresh_fee_rows()
        self._refresh_fx_fields()
        self._refresh_deadline_hint()
        self._refresh_retention_hint()
        self._size_to_content()
        self._initial_state = self.state()
        self.discard_guard = DiscardGuard(
            self,
            _("Discard the new workshop you typed?")
            if workshop_id is None
            else _("Discard your changes to the workshop?"),
            lambda: self.state() != self._initial_state,
        )

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        self.setMinimumWidth(680)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)

        self._scroll = TallScrollArea()
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields only
        content = QWidget()
        content.setObjectName("workshopDialogContent")
        column = QVBoxLayout(content)
        column.setContentsMargins(20, 18, 20, 12)
        column.setSpacing(14)
        heading = QLabel(self.windowTitle())
        heading.setObjectName("headline")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        heading.setFont(font)
        column.addWidget(heading)
        column.addWidget(self._build_workshop_group())
        column.addWidget(self._build_dates_group())
        column.addWidget(self._build_fees_group())
        column.addWidget(self._build_fx_group())
        column.addWidget(self._build_programme_group())
        column.addStretch(1)
        self._align_labels()
        self._content = content
        self._scroll.setWidget(content)
        outer.addWidget(self._scroll, 1)

        footer = QWidget()
        footer_layout = QVBoxLayout(footer)
        footer_layout.setContentsMargins(20, 8, 20, 16)
        footer_layout.setSpacing(8)
        self._general_error = self._error_label("general")
        footer_layout.addWidget(self._general_error)
        self._buttons, self.save_button = save_cancel_buttons(self, self._save)
        self.save_button.setAutoDefault(True)
        #: Shown with a stale edit's refusal: fills the form with what is stored now.
        self.reload_button = add_action(self._buttons, _("&Reload"), self.reload)
        self.reload_button.hide()
        footer_layout.addWidget(self._buttons)
        separator = QFrame()
        separator.setFrameShape(QFrame.Shape.HLine)
        separator.setFrameShadow(QFrame.Shadow.Sunken)
        outer.addWidget(separator)
        outer.addWidget(footer)

    def _form(self, group: QGroupBox) -> QFormLayout:
        form = QFormLayout(group)
        form.setContentsMargins(16, 14, 16, 14)
        form.setHorizontalSpacing(18)
        form.setVerticalSpacing(10)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self._forms.append(form)
        return form

    def _align_labels(self) -> None:
        """One label column width for every section, so the fields line up down the form."""
        labels = [
            label
            for form in self._forms
            for row in range(form.rowCount())
            if (item := form.itemAt(row, QFormLayout.ItemRole.LabelRole)) is not None
            and (label := item.widget()) is not None
        ]
        width = max((label.sizeHint().width() for label in labels), default=0)
        for label in labels:
            label.setMinimumWidth(width)

    def _error_label(self, key: str) -> QLabel:
        """A red message line, hidden until the service reports a problem for ``key``."""
        label = QLabel()
        label.setObjectName("fieldError")
        label.setProperty("field", key)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        palette = label.palette()
        palette.setColor(QPalette.ColorRole.WindowText, QColor(ERROR_COLOUR))
        label.setPalette(palette)
        label.hide()
        self._errors[key] = label
        return label

    def _with_error(self, widget: QWidget, key: str, target: QWidget | None = None) -> QWidget:
        """``widget`` with its error line underneath (so the message sits by the field)."""
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addWidget(widget)
        layout.addWidget(self._error_label(key))
        self._error_targets[key] = target or widget
        return box

    def _with_suffix(self, widget: QWidget, suffix: QLabel | str) -> QWidget:
        """``widget`` followed by a short grey note on the same line."""
        if isinstance(suffix, str):
            suffix = _muted(suffix, word_wrap=False)
        box = QWidget()
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(widget)
        layout.addWidget(suffix)
        layout.addStretch(1)
        return box

    def _date_edit(self) -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("MMMM d, yyyy")
        edit.setMinimumDate(QDate(2000, 1, 1))
        edit.setMaximumDate(QDate(2100, 12, 31))
        edit.setMinimumWidth(200)
        return edit

    def _build_workshop_group(self) -> QGroupBox:
        group = QGroupBox(_("Workshop"))
        form = self._form(group)
        self.code_edit = QLineEdit()
        self.code_edit.setMaxLength(40)
        self.code_edit.setPlaceholderText(_("Short unique code, e.g. TCI2019-BENCH"))
        self.title_edit = QLineEdit()
        self.title_edit.setMaxLength(200)
        self.title_edit.setPlaceholderText(_("As it appears on letters and reports"))
        self.venue_edit = QLineEdit()
        self.venue_edit.setMaxLength(300)
        form.addRow(
            buddy_label(_("Co&de"), self.code_edit), self._with_error(self.code_edit, "code")
        )
        form.addRow(
            buddy_label(_("&Title"), self.title_edit), self._with_error(self.title_edit, "title")
        )
        form.addRow(
            buddy_label(_("&Venue"), self.venue_edit), self._with_error(self.venue_edit, "venue")
        )
        return group

    def _build_dates_group(self) -> QGroupBox:
        group = QGroupBox(_("Dates and participation"))
        form = self._form(group)
        self.timezone_combo = QComboBox()
        self.timezone_combo.setEditable(True)
        self.timezone_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.timezone_combo.addItems(sorted(available_timezones()))
        self.timezone_combo.setMaxVisibleItems(15)
        self.timezone_combo.setMinimumWidth(260)
        completer = QCompleter(self.timezone_combo.model(), self.timezone_combo)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.timezone_combo.setCompleter(completer)
        zones = [self.timezone_combo.itemText(i) for i in range(self.timezone_combo.count())]
        # "Toronto" then Tab is America/Toronto, not "'Toronto' is not a known time zone".
        TabCompletion(
            self.timezone_combo,
            lambda text: text if text in zones else best_completion(text, zones),
        )
        self.deadline_edit = self._date_edit()
        self.event_edit = self._date_edit()
        self.minimum_spin = QSpinBox()
        self.maximum_spin = QSpinBox()
        for spin in (self.minimum_spin, self.maximum_spin):
            spin.setRange(MIN_ORGANIZATIONS, MAX_ORGANIZATIONS)
            spin.setSuffix(_(" organizations"))
            spin.setMinimumWidth(170)
        self._deadline_hint = _muted("")
        deadline_box = QWidget()
        deadline_layout = QVBoxLayout(deadline_box)
        deadline_layout.setContentsMargins(0, 0, 0, 0)
        deadline_layout.setSpacing(3)
        deadline_layout.addWidget(self.deadline_edit, 0, Qt.AlignmentFlag.AlignLeft)
        deadline_layout.addWidget(self._deadline_hint)

        form.addRow(
            buddy_label(_("Time &zone"), self.timezone_combo),
            self._with_error(self.timezone_combo, "timezone"),
        )
        form.addRow(buddy_label(_("&Last day to register"), self.deadline_edit), deadline_box)
        form.addRow(buddy_label(_("&Event date"), self.event_edit), self._left(self.event_edit))
        form.addRow(
            buddy_label(_("&Minimum to proceed"), self.minimum_spin),
            self._with_suffix(self.minimum_spin, _("the quorum")),
        )
        form.addRow(
            buddy_label(_("Ma&ximum"), self.maximum_spin),
            self._with_suffix(self.maximum_spin, "places"),
        )
        form.addRow(self._error_label("calendar"))
        self._error_targets["calendar"] = self.event_edit
        self._add_retention_row(form)
        return group

    def _add_retention_row(self, form: QFormLayout) -> None:
        """How long personal data is kept after the event (issue 15), with the date it
        goes, recomputed as the event date or the months change."""
        self.retention_spin = QSpinBox()
        self.retention_spin.setRange(MIN_RETENTION_MONTHS, MAX_RETENTION_MONTHS)
        self.retention_spin.setSuffix(_(" months"))
        self.retention_spin.setMinimumWidth(170)
        self.retention_spin.setAccessibleName(_("Months personal data is kept after the event"))
        self.retention_label = QLabel(_("&Keep personal data"))
        self.retention_label.setBuddy(self.retention_spin)
        self._retention_hint = _muted("")
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addWidget(self._with_suffix(self.retention_spin, _("after the event")))
        layout.addWidget(self._retention_hint)
        form.addRow(
            self.retention_label,
            self._with_error(box, "retention_months", self.retention_spin),
        )

    def _left(self, widget: QWidget) -> QWidget:
        box = QWidget()
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(widget)
        layout.addStretch(1)
        return box

    def _build_fees_group(self) -> QGroupBox:
        group = QGroupBox(_("Fee per organization"))
        form = self._form(group)
        self.currency_edit = QLineEdit()
        self.currency_edit.setMaxLength(3)
        self.currency_edit.setFixedWidth(70)
        self.currency_edit.setValidator(
            QRegularExpressionValidator(QRegularExpression("[A-Za-z]{0,3}"), self.currency_edit)
        )
        self.tax_name_edit = QLineEdit()
        self.tax_name_edit.setMaxLength(40)
        self.tax_name_edit.setFixedWidth(160)
        self.tax_name_edit.setPlaceholderText(_("e.g. HST"))
        self.tax_rate_edit = QLineEdit()
        self.tax_rate_edit.setFixedWidth(90)
        self.tax_rate_edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.tax_rate_edit.setValidator(
            QRegularExpressionValidator(
                QRegularExpression(r"\d{0,3}(\.\d{0,4})?"), self.tax_rate_edit
            )
        )
        form.addRow(
            buddy_label(_("C&urrency"), self.currency_edit),
            self._with_error(
                self._with_suffix(self.currency_edit, _("ISO code, e.g. CAD")),
                "currency",
                self.currency_edit,
            ),
        )
        form.addRow(buddy_label(_("Tax &name"), self.tax_name_edit), self._left(self.tax_name_edit))
        form.addRow(
            buddy_label(_("Tax &rate"), self.tax_rate_edit),
            self._with_error(
                self._with_suffix(self.tax_rate_edit, _("%  (included in every fee)")),
                "tax_rate",
                self.tax_rate_edit,
            ),
        )

        table = QFrame()
        table.setObjectName("feeTable")
        table.setFrameShape(QFrame.Shape.StyledPanel)
        self._fee_grid = QGridLayout(table)
        self._fee_grid.setContentsMargins(12, 10, 12, 10)
        self._fee_grid.setHorizontalSpacing(18)
        self._fee_grid.setVerticalSpacing(6)
        self._fee_headers = [QLabel() for _ in range(5)]
        for column, header in enumerate(self._fee_headers):
            font = header.font()
            font.setBold(True)
            header.setFont(font)
            align = Qt.AlignmentFlag.AlignLeft if column == 0 else Qt.AlignmentFlag.AlignRight
            header.setAlignment(align | Qt.AlignmentFlag.AlignVCenter)
            self._fee_grid.addWidget(header, 0, column)
        self._fee_grid.setColumnStretch(0, 1)
        for column in (2, 3, 4):
            self._fee_grid.setColumnMinimumWidth(column, 90)
        fees_box = QWidget()
        fees_layout = QVBoxLayout(fees_box)
        fees_layout.setContentsMargins(0, 4, 0, 0)
        fees_layout.setSpacing(6)
        fees_layout.addWidget(table)
        fees_layout.addWidget(self._error_label("fees"))
        fees_layout.addWidget(
            _muted(
                _(
                    "One fee per organization for each possible head-count, tax included. "
                    "Net and tax are computed for you, rounded to the cent."
                )
            )
        )
        form.addRow(fees_box)
        return group

    def _build_fx_group(self) -> QGroupBox:
        group = QGroupBox(_("Approximate price in another currency"))
        form = self._form(group)
        self.fx_currency_edit = QLineEdit()
        self.fx_currency_edit.setMaxLength(3)
        self.fx_currency_edit.setFixedWidth(70)
        self.fx_currency_edit.setValidator(
            QRegularExpressionValidator(QRegularExpression("[A-Za-z]{0,3}"), self.fx_currency_edit)
        )
        self.fx_rate_edit = QLineEdit()
        self.fx_rate_edit.setFixedWidth(110)
        self.fx_rate_edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.fx_rate_edit.setValidator(
            QRegularExpressionValidator(
                QRegularExpression(r"\d{0,6}(\.\d{0,8})?"), self.fx_rate_edit
            )
        )
        self._fx_rate_suffix = _muted("", word_wrap=False)
        self.fx_date_edit = self._date_edit()
        form.addRow(
            buddy_label(_("Currenc&y"), self.fx_currency_edit, _("Other currency")),
            self._with_error(
                self._with_suffix(self.fx_currency_edit, _("e.g. EUR; leave empty for none")),
                "fx_currency",
                self.fx_currency_edit,
            ),
        )
        form.addRow(
            buddy_label(_("Exchan&ge rate"), self.fx_rate_edit),
            self._with_error(
                self._with_suffix(self.fx_rate_edit, self._fx_rate_suffix),
                "fx_rate",
                self.fx_rate_edit,
            ),
        )
        form.addRow(
            buddy_label(_("Rate &published on"), self.fx_date_edit), self._left(self.fx_date_edit)
        )
        self._rounding_note = _muted("")
        form.addRow(self._rounding_note)
        self.disclaimer_label = _muted(_(EXCHANGE_DISCLAIMER))
        font = self.disclaimer_label.font()
        font.setItalic(True)
        self.disclaimer_label.setFont(font)
        form.addRow(self.disclaimer_label)
        return group

    def _build_programme_group(self) -> QGroupBox:
        """The agenda and the facilitators, edited in place; checked with the rest."""
        group = QGroupBox(_("Programme"))
        layout = QVBoxLayout(group)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.setSpacing(6)
        self.programme_note = _muted(
            _(
                "Type in a cell to change it; Delete removes the selected row. The agenda is "
                "kept in time order and its strategy pitches are shared among the organizations."
            )
        )
        layout.addWidget(self.programme_note)
        self.agenda_editor = AgendaEditor(self._agenda)
        self.facilitators_editor = FacilitatorsEditor(self._facilitators)
        for caption, editor, key in (
            (_("&Agenda"), self.agenda_editor, "agenda"),
            (_("&Facilitators"), self.facilitators_editor, "facilitators"),
        ):
            label = buddy_label(caption, editor.table)
            label.setObjectName("fieldLabel")
            layout.addSpacing(6)
            layout.addWidget(label)
            layout.addWidget(self._with_error(editor, key, editor.table))
        return group

    # ------------------------------------------------------------------ values

    def _load(self, data: WorkshopInput) -> None:
        self.code_edit.setText(data.code)
        self.title_edit.setText(data.title)
        self.venue_edit.setText(data.venue)
        self.timezone_combo.setCurrentText(data.timezone)
        self.deadline_edit.setDate(qdate(data.registration_deadline))
        self.event_edit.setDate(qdate(data.event_date))
        self.minimum_spin.setValue(data.minimum_organizations)
        self.maximum_spin.setValue(data.maximum_organizations)
        self.currency_edit.setText(data.currency)
        self.tax_name_edit.setText(data.tax_name)
        self.tax_rate_edit.setText(percent_text(data.tax_rate))
        self._fee_texts = {count: amount_text(fee) for count, fee in data.fees.items()}
        self.fx_currency_edit.setText(data.fx_currency or "")
        self.fx_rate_edit.setText("" if data.fx_rate is None else f"{data.fx_rate:f}")
        self.fx_date_edit.setDate(qdate(data.fx_as_of or data.registration_deadline))
        self.retention_spin.setValue(data.retention_months or DEFAULT_RETENTION_MONTHS)
        for edit in (self.code_edit, self.title_edit, self.venue_edit):
            edit.setCursorPosition(0)  # show the start of a long venue, not its end

    def _connect(self) -> None:
        self.minimum_spin.valueChanged.connect(self._minimum_changed)
        self.maximum_spin.valueChanged.connect(self._maximum_changed)
        for edit in (self.currency_edit, self.fx_currency_edit):
            edit.textEdited.connect(lambda _text, e=edit: self._uppercase(e))
        self.currency_edit.textChanged.connect(self._refresh_fees)
        self.tax_name_edit.textChanged.connect(self._refresh_fees)
        self.tax_rate_edit.textChanged.connect(self._refresh_fees)
        self.fx_currency_edit.textChanged.connect(self._refresh_fx_fields)
        self.fx_rate_edit.textChanged.connect(self._refresh_fees)
        self.fx_date_edit.dateChanged.connect(self._refresh_fees)
        self.timezone_combo.currentTextChanged.connect(self._refresh_deadline_hint)
        self.retention_spin.valueChanged.connect(self._refresh_retention_hint)
        self.event_edit.dateChanged.connect(self._refresh_retention_hint)

    def _uppercase(self, edit: QLineEdit) -> None:
        text = edit.text()
        if text != text.upper():
            position = edit.cursorPosition()
            edit.setText(text.upper())
            edit.setCursorPosition(position)

    def _minimum_changed(self, value: int) -> None:
        # Keep the range consistent so the fee table always has at least one row.
        if self.maximum_spin.value() < value:
            self.maximum_spin.setValue(value)
        self._refresh_fee_rows()

    def _maximum_changed(self, value: int) -> None:
        if self.minimum_spin.value() > value:
            self.minimum_spin.setValue(value)
        self._refresh_fee_rows()

    def _refresh_deadline_hint(self) -> None:
        zone = self.timezone_combo.currentText().strip() or _("the workshop's time zone")
        self._deadline_hint.setText(
            _("Registrations are on time until the end of this day, {zone} time.").format(zone=zone)
        )

    def _refresh_retention_hint(self) -> None:
        due = purge_due_on(pydate(self.event_edit.date()), self.retention_spin.value())
        self._retention_hint.setText(
            _(
                "Until {date}: then contacts, delegate-list entries, questionnaire "
                "answers and notes are erased at the next unlock; fees and counts stay."
            ).format(date=long_date(due))
        )

    def _refresh_fx_fields(self) -> None:
        has_fx = bool(self.fx_currency_edit.text().strip())
        self.fx_rate_edit.setEnabled(has_fx)
        self.fx_date_edit.setEnabled(has_fx)
        self._refresh_fees()

    # ------------------------------------------------------------------ fee table

    def fee_edit(self, count: int) -> QLineEdit:
        """The amount field for ``count`` organizations (shown when within min..max)."""
        return self._fee_row(count).edit

    def fee_breakdown(self, count: int) -> tuple[str, str, str]:
        """(net, tax, approximation) as shown for ``count`` organizations."""
        row = self._fee_row(count)
        return row.net.text(), row.tax.text(), row.approximation.text()

    def fee_counts(self) -> list[int]:
        """The head-counts the table currently asks a fee for."""
        return list(range(self.minimum_spin.value(), self.maximum_spin.value() + 1))

    def _fee_row(self, count: int) -> _FeeRow:
        row = self._fee_rows.get(count)
        if row is not None:
            return row
        # The head-count names its fee field (Alt+the digit, up to 9, reaches it).
        label = QLabel(("&" if count < 10 else "") + _organizations(count))
        edit = QLineEdit(self._fee_texts.get(count, ""))
        label.setBuddy(edit)
        edit.setAccessibleName(
            _("Fee for {organizations}").format(organizations=_organizations(count))
        )
        edit.setObjectName(f"fee_{count}")
        edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        edit.setMaxLength(16)
        edit.setFixedWidth(130)
        edit.setPlaceholderText("0.00")
        edit.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"[0-9][0-9,]*(\.[0-9]{0,2})?"), edit)
        )
        numbers = [QLabel() for _ in range(3)]
        for number in numbers:
            number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            number.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        row = _FeeRow(count, label, edit, *numbers)
        grid_row = count  # row 0 holds the headers
        self._fee_grid.addWidget(label, grid_row, 0)
        self._fee_grid.addWidget(edit, grid_row, 1, Qt.AlignmentFlag.AlignRight)
        for column, number in enumerate(numbers, start=2):
            self._fee_grid.addWidget(number, grid_row, column)
        edit.textChanged.connect(lambda text, c=count: self._fee_text_changed(c, text))
        edit.editingFinished.connect(lambda c=count: self._tidy_fee(c))
        self._fee_rows[count] = row
        return row

    def _fee_text_changed(self, count: int, text: str) -> None:
        self._fee_texts[count] = text
        self._refresh_fees()

    def _tidy_fee(self, count: int) -> None:
        """Show a finished amount with two decimals ('3000' -> '3,000.00')."""
        edit = self._fee_rows[count].edit
        try:
            edit.setText(amount_text(parse_amount(edit.text())))
        except ValueError:
            return

    def _refresh_fee_rows(self) -> None:
        wanted = set(self.fee_counts())
        for count in sorted(wanted):
            self._fee_row(count)
        for count, row in self._fee_rows.items():
            row.set_visible(count in wanted)
        # Rows made after the form are put back in reading order: after the tax rate.
        previous: QWidget = self.tax_rate_edit
        for count in sorted(self._fee_rows):
            QWidget.setTabOrder(previous, self._fee_rows[count].edit)
            previous = self._fee_rows[count].edit
        self._refresh_fees()

    def _currency(self) -> str | None:
        text = self.currency_edit.text().strip().upper()
        return text if _CURRENCY.match(text) else None

    def _tax_rate(self) -> Decimal | None:
        try:
            return parse_percent(self.tax_rate_edit.text())
        except ValueError:
            return None

    def _exchange_rate(self, currency: str | None) -> ExchangeRate | None:
        quote = self.fx_currency_edit.text().strip().upper()
        if currency is None or not _CURRENCY.match(quote):
            return None
        try:
            return ExchangeRate(
                currency, quote, parse_rate(self.fx_rate_edit.text()), self._fx_as_of()
            )
        except ValueError:
            return None

    def _fx_as_of(self) -> date:
        return pydate(self.fx_date_edit.date())

    def _refresh_fees(self) -> None:
        """Recompute every visible row's net/tax split and approximation as the user types."""
        currency = self._currency()
        tax_rate = self._tax_rate()
        exchange = self._exchange_rate(currency)
        tax_name = self.tax_name_edit.text().strip() or _("Tax")
        quote = self.fx_currency_edit.text().strip().upper()
        headers = (
            _("Organizations"),
            _("Fee ({currency}, {tax} incl.)").format(currency=currency or "—", tax=tax_name),
            _("Net"),
            tax_name,
            f"≈ {quote}" if quote else _("Approximation"),
        )
        for header, text in zip(self._fee_headers, headers, strict=True):
            header.setText(text)
        self._fx_rate_suffix.setText(
            # Translators: an exchange rate's unit: "EUR per 1 CAD".
            _("{quote} per 1 {currency}").format(quote=quote or "…", currency=currency or "…")
        )
        step = exchange.round_to if exchange else Decimal(10)
        self._rounding_note.setText(
            _("Approximate prices are rounded to the nearest {step} {currency}.").format(
                step=f"{step:f}", currency=quote
            )
            if quote
            else _("No approximation is shown when no currency is given.")
        )
        for count in self.fee_counts():
            row = self._fee_rows[count]
            net, tax, approximation = "—", "—", ""
            try:
                amount = parse_amount(row.edit.text())
            except ValueError:
                amount = None
            if amount is not None and amount > 0 and currency and tax_rate is not None:
                split = split_tax_included(Money.of(amount, currency), tax_rate)
                net = shown_amount(split.net)
                tax = shown_amount(split.tax)
                approx = exchange.approximate(split.gross) if exchange else None
                approximation = FeeQuote(count, split, approx, exchange).approximation_text()
            row.net.setText(net)
            row.tax.setText(tax)
            row.approximation.setText(approximation or "—")

    # ------------------------------------------------------------------ saving

    def _collect(self) -> tuple[WorkshopInput, list[FieldProblem]]:
        """The form as a WorkshopInput, plus what could not even be read.

        When something is unreadable, it is replaced by a harmless stand-in so the
        service's own checks can still report on every other field in the same round;
        such an input is only ever checked, never saved.
        """
        problems: list[FieldProblem] = []
        currency = self.currency_edit.text().strip().upper()  # the service checks the code
        try:
            tax_rate = parse_percent(self.tax_rate_edit.text())
        except ValueError as error:
            problems.append(FieldProblem("tax_rate", str(error)))
            tax_rate = Decimal(0)
        fees: dict[int, Decimal] = {}
        blank: list[int] = []
        for count in self.fee_counts():
            text = self._fee_rows[count].edit.text().strip()
            if not text:
                blank.append(count)
                fees[count] = Decimal(1)
                continue
            try:
                fees[count] = parse_amount(text)
            except ValueError as error:
                problems.append(
                    FieldProblem(
                        "fees",
                        _("{organizations}: {problem}").format(
                            organizations=_organizations(count), problem=error
                        ),
                    )
                )
                fees[count] = Decimal(1)
        if blank:
            problems.append(
                FieldProblem(
                    "fees",
                    _("Enter a fee for {organizations}.").format(
                        organizations=_organizations(*blank)
                    ),
                )
            )
        agenda = self._agenda_items(problems)
        fx_currency = self.fx_currency_edit.text().strip().upper() or None
        fx_rate: Decimal | None = None
        if fx_currency is not None:
            if fx_currency == currency:
                problems.append(
                    FieldProblem("fx_currency", _("Choose a currency other than the fees' one."))
                )
            rate_text = self.fx_rate_edit.text().strip()
            if rate_text:
                try:
                    fx_rate = parse_rate(rate_text)
                except ValueError as error:
                    problems.append(FieldProblem("fx_rate", str(error)))
                    fx_rate = Decimal(1)
        data = WorkshopInput(
            code=self.code_edit.text().strip(),
            title=self.title_edit.text().strip(),
            venue=self.venue_edit.text().strip(),
            timezone=self.timezone_combo.currentText().strip(),
            registration_deadline=pydate(self.deadline_edit.date()),
            event_date=pydate(self.event_edit.date()),
            minimum_organizations=self.minimum_spin.value(),
            maximum_organizations=self.maximum_spin.value(),
            currency=currency,
            tax_rate=tax_rate,
            tax_name=self.tax_name_edit.text().strip(),
            fees=fees,
            fx_currency=fx_currency,
            fx_rate=fx_rate,
            fx_as_of=self._fx_as_of() if fx_currency else None,
            agenda=agenda,
            facilitators=tuple(self.facilitators_editor.rows()),
            retention_months=self.retention_spin.value(),
        )
        return data, problems

    def _agenda_items(self, problems: list[FieldProblem]) -> tuple[AgendaItem, ...]:
        """The agenda rows whose times can make an item; the others become problems."""
        items: list[AgendaItem] = []
        for row in self.agenda_editor.rows():
            wrong = agenda_timing_problem(row.start, row.end)
            if wrong is not None:
                problems.append(FieldProblem("agenda", wrong))
            else:
                items.append(AgendaItem(row.start, row.end, row.title, row.kind))
        return tuple(items)

    def state(self) -> tuple[object, ...]:
        """Everything the director can change, as shown: equal states, nothing to lose."""
        edits = (
            self.code_edit,
            self.title_edit,
            self.venue_edit,
            self.currency_edit,
            self.tax_name_edit,
            self.tax_rate_edit,
            self.fx_currency_edit,
            self.fx_rate_edit,
        )
        dates = (self.deadline_edit, self.event_edit, self.fx_date_edit)
        spins = (self.minimum_spin, self.maximum_spin, self.retention_spin)
        return (
            tuple(edit.text() for edit in edits),
            self.timezone_combo.currentText(),
            tuple(pydate(edit.date()) for edit in dates),
            tuple(spin.value() for spin in spins),
            tuple(self._fee_rows[count].edit.text() for count in self.fee_counts()),
            tuple(self.agenda_editor.rows()),
            tuple(self.facilitators_editor.rows()),
        )

    def reject(self) -> None:
        """Cancel, Escape or the close button: ask first when something was changed."""
        if self.discard_guard.may_close():
            super().reject()

    def _code_in_use(self, code: str) -> bool:
        """The service's rule (case-insensitive, other workshops only), for the early round."""
        wanted = code.strip().lower()
        return any(
            summary.code.strip().lower() == wanted and summary.id != self._workshop_id
            for summary in self._services.workshops.list()
        )

    def _save(self) -> None:
        self._clear_problems()
        data, problems = self._collect()
        if problems:
            # Not sent to the service: add its other findings so one round shows them all.
            problems += check_workshop(data)
            if data.code and self._code_in_use(data.code):
                problems.append(
                    FieldProblem(
                        "code", _("The code '{code}' is already used.").format(code=data.code)
                    )
                )
            self._show_problems(problems)
            return
        try:
            if self._workshop_id is None:
                saved = self._services.workshops.create(data)
            else:
                self._services.workshops.update(
                    self._workshop_id, data, expected_version=self._version
                )
                saved = self._workshop_id
        except ValidationError as error:  # a stale edit's refusal too: the form stays
            self._show_problems(list(error.problems))
            self.reload_button.setVisible(isinstance(error, StaleEditError))
            return
        except NotFoundError as error:
            self._show_problems([FieldProblem("general", str(error))])
            return
        self.saved_id = saved
        self.accept()

    def reload(self) -> None:
        """Replace the form with the workshop as stored now (after a stale refusal)."""
        if self._workshop_id is None:
            return
        stored = self._services.workshops.get(self._workshop_id)
        data, self._version = stored.as_input(), stored.version
        self._agenda, self._facilitators = data.agenda, data.facilitators
        self._load(data)
        self.agenda_editor.load(data.agenda)
        self.facilitators_editor.load(data.facilitators)
        self._refresh_fee_rows()
        self._refresh_fx_fields()
        self._refresh_deadline_hint()
        self._refresh_retention_hint()
        self._clear_problems()
        self.reload_button.hide()
        self._initial_state = self.state()

    def error_text(self, field: str) -> str:
        """The message shown for ``field`` ('' when none); 'general' for the rest."""
        label = self._errors.get(field)
        return label.text() if label is not None and not label.isHidden() else ""

    def _clear_problems(self) -> None:
        for label in self._errors.values():
            label.clear()
            label.hide()
        for target in self._error_targets.values():
            self._mark_invalid(target, False)
        for row in self._fee_rows.values():
            self._mark_invalid(row.edit, False)

    def _targets(self, key: str) -> list[QWidget]:
        """The input widgets a problem about ``key`` points at (to mark and focus)."""
        if key == "fees":
            counts = self.fee_counts()
            bad: list[QWidget] = [
                self._fee_rows[c].edit for c in counts if not self._fee_is_usable(c)
            ]
            return bad or [self._fee_rows[c].edit for c in counts]
        target = self._error_targets.get(key)
        return [] if target is None else [target]

    def _fee_is_usable(self, count: int) -> bool:
        try:
            return parse_amount(self._fee_rows[count].edit.text()) > 0
        except ValueError:
            return False

    def _show_problems(self, problems: list[FieldProblem]) -> None:
        messages: dict[str, list[str]] = {}
        for problem in problems:
            key = problem.field if problem.field in self._errors else "general"
            if problem.message not in messages.setdefault(key, []):
                messages[key].append(problem.message)
        for key, lines in messages.items():
            label = self._errors[key]
            label.setText("\n".join(lines))
            label.show()
            for target in self._targets(key):
                self._mark_invalid(target, True)
        first = next((key for key in FIELD_KEYS if key in messages), None)
        if first is not None:
            self._scroll.ensureWidgetVisible(self._errors[first], 50, 80)
            targets = self._targets(first)
            if targets:
                targets[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def _mark_invalid(self, widget: QWidget, invalid: bool) -> None:
        """Red border through the desk's style sheet (``[invalid="true"]``)."""
        widget.setProperty("invalid", invalid)
        style = widget.style()
        style.unpolish(widget)
        style.polish(widget)

    # ------------------------------------------------------------------ size

    def _size_to_content(self) -> None:
        """Open tall enough to show the whole form when the screen allows it."""
        self._content.adjustSize()
        wanted_height = self._content.sizeHint().height() + 90
        width = max(self.minimumWidth(), self._content.sizeHint().width() + 30, 760)
        fit_to_screen(self, width, wanted_height)
