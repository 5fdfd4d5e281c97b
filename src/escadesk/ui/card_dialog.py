"""Record a signed credit-card authorization: typed from the form, encrypted on save.

Checks run as the director types (brand, length, check digit, expiry, code length) with
messages under the fields; a card that expires before the charge date is a warning in
amber that does not block saving. Every field's message shows at once on Save, in a line
kept free under the field, so the dialog does not jump. The card number regroups as it is
typed ("4111 1111 1111 1111"); the vault stores its digits. Cancel or Escape on a filled
form asks before discarding it. The dialog never logs or prints card data and empties
its fields when it closes; the scan is read into memory in a worker, never copied to a
file, and shown beside the fields to check them against. A returned form's PDF comes
already in memory (``attach_scan_data``), its fields set by ui/returned_card.py and
shown for review (``review``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QSize, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from escadesk.domain.card_authorization import (
    MAX_SCAN_BYTES,
    CardAuthorizationForm,
    scan_media_type,
)
from escadesk.domain.cards import (
    CardBrand,
    check_card,
    code_length,
    detect_brand,
    digits_only,
    mask,
)
from escadesk.domain.validation import FieldProblem, ValidationError
from escadesk.i18n import N_, _, pgettext
from escadesk.services.vault import VaultError
from escadesk.services.views import RegistrationRow
from escadesk.ui.card_number_field import CardNumberGrouping
from escadesk.ui.dialog_buttons import save_cancel_buttons
from escadesk.ui.discard_guard import DiscardGuard
from escadesk.ui.field_labels import buddy_label
from escadesk.ui.form_parts import (
    FieldMessages,
    debounce,
    error_label,
    keep_size,
    refresh_messages,
    warning_label,
)
from escadesk.ui.scan_preview import ScanPreview, describe_size
from escadesk.ui.sizing import grow_to_fit
from escadesk.ui.workers import run_in_background

if TYPE_CHECKING:
    from escadesk.services.container import Services

FIELDS = ("cardholder", "card_number", "expiry", "code", "billing_address", "signed_on", "scan")
#: Marked for extraction; translated where shown.
SCAN_FILTER = N_("Scanned forms (*.pdf *.png *.jpg *.jpeg);;All files (*)")


class ScanError(ValueError):
    """The chosen file cannot be the scanned form (message for the director)."""


def read_scan(path: Path) -> tuple[str, bytes, str]:
    """(name, bytes, media type) of a scanned form; runs in a worker thread."""
    size = path.stat().st_size
    if size > MAX_SCAN_BYTES:
        raise ScanError(
            _("{file} is {size}; the limit is {limit}. Scan it at a lower resolution.").format(
                file=path.name, size=describe_size(size), limit=describe_size(MAX_SCAN_BYTES)
            )
        )
    data = path.read_bytes()
    media_type = scan_media_type(data)
    if media_type is None:
        raise ScanError(_("{file} is not a PDF, PNG or JPEG file.").format(file=path.name))
    return path.name, data, media_type


class CardAuthorizationDialog(QDialog):
    def __init__(
        self,
        services: Services,
        registration: RegistrationRow,
        charge_date: date,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._registration = registration
        self._charge_date = charge_date
        self._today = today
        self._touched: set[str] = set()
        self._show_all = False
        self._retired = False
        self._scan: bytes | None = None
        self._scan_name = ""
        self.reading = False
        self.saved_mask = ""
        self.warnings: list[FieldProblem] = []
        self.setWindowTitle(
            _("Card authorization — {organization}").format(organization=registration.organization)
        )
        self.setMinimumWidth(900)  # the fields, and the scan beside them

        intro = QLabel(
            _(
                "Type the details from the signed credit-card authorization form of "
                "<b>{organization}</b>. They are encrypted before they are "
                "stored; afterwards only the card's brand and last four digits are shown."
            ).format(organization=_escape(registration.organization))
        )
        intro.setWordWrap(True)
        self.intro = intro
        #: What to check in a returned form (``review``); hidden when typing from paper.
        self.review_notes = warning_label()
        self.review_notes.setTextFormat(Qt.TextFormat.PlainText)
        #: Said under "Date signed" until the date is changed (``review``).
        self._date_note = ""

        self.cardholder = QLineEdit()
        self.cardholder.setPlaceholderText(_("As printed on the card"))
        self.cardholder.setMaxLength(120)
        self.card_number = QLineEdit()
        self.card_number.setPlaceholderText(_("e.g. 4111 1111 1111 1111"))
        self.card_number.setMaxLength(30)
        self.card_number.setInputMethodHints(
            Qt.InputMethodHint.ImhDigitsOnly | Qt.InputMethodHint.ImhSensitiveData
        )
        self.card_number.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.card_number.setDragEnabled(False)
        CardNumberGrouping(self.card_number)
        self.brand = QLabel()
        self.brand.setObjectName("brandBadge")
        self.brand.setMinimumWidth(96)
        self.brand.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.expiry = QLineEdit()
        # Translators: the expiry's placeholder: month and year on two digits each.
        self.expiry.setPlaceholderText(_("MM/YY"))
        self.expiry.setMaxLength(7)
        self.expiry.setMaximumWidth(110)
        self.code = QLineEdit()
        self.code.setEchoMode(QLineEdit.EchoMode.Password)
        self.code.setMaxLength(4)
        self.code.setMaximumWidth(110)
        self.code.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.code.setPlaceholderText(_("{count} digits").format(count=3))
        self.billing_address = QPlainTextEdit()
        self.billing_address.setPlaceholderText(_("Street, city, postal code, country"))
        self.billing_address.setTabChangesFocus(True)
        self.billing_address.setFixedHeight(72)
        qtoday = QDate(today.year, today.month, today.day)
        self.signed_on = QDateEdit(qtoday)
        self.signed_on.setCalendarPopup(True)
        # Translators: a Qt date format (MMM short month, d day, yyyy year).
        self.signed_on.setDisplayFormat(pgettext("Qt date format", "MMM d, yyyy"))
        self.signed_on.setMaximumDate(qtoday)
        self.signed_on.setMinimumDate(qtoday.addYears(-2))
        self.signed_on.setMaximumWidth(160)
        self.attach_button = QPushButton(_("&Attach scan…"))
        self.attach_button.setAutoDefault(False)  # Enter in a field saves, never browses
        self.attach_button.clicked.connect(self.choose_scan)
        self.remove_scan_button = QPushButton(_("Re&move"))
        self.remove_scan_button.setAutoDefault(False)
        self.remove_scan_button.clicked.connect(self.remove_scan)
        self.remove_scan_button.hide()
        # Portrait, beside the fields: the form is checked against its scan, and the
        # dialog still fits a 720-pixel screen with a returned form's notes above.
        self.preview = ScanPreview(QSize(230, 320))
        self.preview.setFixedWidth(230 + 16)  # the same place, with a scan or without
        self.preview.setMinimumHeight(320 + 16)
        self.preview.setObjectName("scanPreview")

        self._errors: dict[str, QLabel] = {}
        self._warnings: dict[str, QLabel] = {}
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(intro)
        layout.addWidget(self.review_notes)
        body = QHBoxLayout()
        body.setSpacing(12)
        fields = QVBoxLayout()
        fields.setSpacing(12)
        body.addLayout(fields, 1)
        body.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(body)
        card_box = QGroupBox(pgettext("group box", "Card"))
        card_form = self._form(card_box)
        self._row(card_form, _("Card&holder *"), "cardholder", self.cardholder)
        number_row = QHBoxLayout()
        number_row.setContentsMargins(0, 0, 0, 0)
        number_row.addWidget(self.card_number, 1)
        number_row.addWidget(self.brand)
        self._row(card_form, _("Card &number *"), "card_number", number_row)
        # Expiry and code share a row, as on the card: the dialog fits a 720-pixel screen.
        expiry_and_code = QWidget()
        pair = QHBoxLayout(expiry_and_code)
        pair.setContentsMargins(0, 0, 0, 0)
        pair.setSpacing(12)
        pair.addWidget(self._column("expiry", self.expiry), 1, Qt.AlignmentFlag.AlignTop)
        code_label = buddy_label(_("Security c&ode *"), self.code)
        code_label.setMinimumHeight(self.code.sizeHint().height())
        self.code.setAccessibleDescription(_("Required"))
        pair.addSpacing(12)
        pair.addWidget(code_label, 0, Qt.AlignmentFlag.AlignTop)
        pair.addWidget(self._column("code", self.code), 1, Qt.AlignmentFlag.AlignTop)
        self._row(card_form, _("E&xpiry *"), "expiry", expiry_and_code, column=False)
        fields.addWidget(card_box)
        form_box = QGroupBox(_("Signed authorization form"))
        signed_form = self._form(form_box)
        self._row(signed_form, _("&Billing address *"), "billing_address", self.billing_address)
        self._row(signed_form, _("&Date signed *"), "signed_on", self.signed_on)
        scan_buttons = QHBoxLayout()
        scan_buttons.setContentsMargins(0, 0, 0, 0)
        scan_buttons.addWidget(self.attach_button)
        scan_buttons.addWidget(self.remove_scan_button)
        scan_buttons.addStretch(1)
        self._row(signed_form, _("Scanned form"), "scan", scan_buttons)
        fields.addWidget(form_box)
        self._align_labels(card_form, signed_form)

        layout.addStretch(1)
        self.summary = error_label()
        summary_line = FieldMessages()  # its line is kept too
        summary_line.add(self.summary)
        layout.addWidget(summary_line)
        self.buttons, self.save_button = save_cancel_buttons(self, self.save)
        layout.addWidget(self.buttons)
        self._timer = debounce(self, 200, self.validate)
        self.card_number.textChanged.connect(self._number_changed)
        for name in ("cardholder", "card_number", "expiry", "code"):
            widget: QLineEdit = getattr(self, name)
            widget.textEdited.connect(lambda _text, n=name: self._edited(n))
            widget.editingFinished.connect(lambda n=name: self._left(n))
        self.billing_address.textChanged.connect(lambda: self._edited("billing_address"))
        self.signed_on.dateChanged.connect(self._date_changed)
        self._number_changed("")
        self.discard_guard = DiscardGuard(
            self, _("Discard the card authorization you typed?"), self.has_input
        )
        keep_size(self, spare_lines=1)  # a message of two lines fits without growing

    # -- construction ----------------------------------------------------------------------

    @staticmethod
    def _form(box: QGroupBox) -> QFormLayout:
        form = QFormLayout(box)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setVerticalSpacing(6)
        form.setHorizontalSpacing(12)
        return form

    @staticmethod
    def _align_labels(*forms: QFormLayout) -> None:
        """One label column for both boxes, so the fields line up down the dialog."""
        labels = [
            label
            for form in forms
            for row in range(form.rowCount())
            if (item := form.itemAt(row, QFormLayout.ItemRole.LabelRole)) is not None
            and (label := item.widget()) is not None
        ]
        width = max(label.sizeHint().width() for label in labels)
        for label in labels:
            label.setMinimumWidth(width)

    def _column(self, name: str, field: QWidget | QHBoxLayout | QVBoxLayout) -> QWidget:
        """``field`` with the line for its messages underneath."""
        container = QWidget()
        column = QVBoxLayout(container)
        column.setContentsMargins(0, 0, 0, 2)
        column.setSpacing(2)
        if isinstance(field, QWidget):
            column.addWidget(field)
        else:
            column.addLayout(field)
        messages = FieldMessages()
        if name == "signed_on":
            messages.setMinimumHeight(0)  # a date picked from a calendar is never wrong
        column.addWidget(messages)
        column.addStretch(1)
        self._errors[name] = messages.error
        self._warnings[name] = messages.warning
        return container

    def _row(
        self,
        form: QFormLayout,
        label: str,
        name: str,
        field: QWidget | QHBoxLayout | QVBoxLayout,
        *,
        column: bool = True,
    ) -> None:
        """A labelled row; ``column`` False when ``field`` brings its messages itself."""
        assert column or isinstance(field, QWidget)
        container = self._column(name, field) if column else field
        assert isinstance(container, QWidget)
        target = getattr(self, name, None)
        if not isinstance(target, QWidget):
            form.addRow(label, container)
            return
        # The field is the label's buddy: Alt+letter reaches it, a screen reader names it.
        form.addRow(buddy_label(label, target), container)
        if label.endswith("*"):
            target.setAccessibleDescription(_("Required"))

    # -- live checks -----------------------------------------------------------------------

    def _number_changed(self, text: str) -> None:
        digits = digits_only(text)
        brand = detect_brand(digits) if digits else CardBrand.UNKNOWN
        self.brand.setText(brand.label if digits and brand is not CardBrand.UNKNOWN else "")
        self.brand.setVisible(bool(self.brand.text()))
        length = code_length(brand)
        self.code.setMaxLength(length)
        self.code.setPlaceholderText(_("{count} digits").format(count=length))

    def _edited(self, name: str) -> None:
        # Reward early, complain late: a field that shows a message is re-checked as the
        # director types; a fresh one only once they leave it.
        if self._retired:
            return
        if name in self._touched or self._show_all:
            self._timer.start()

    def _left(self, name: str) -> None:
        if self._retired:
            return
        self._touched.add(name)
        self._timer.start()

    def _date_changed(self, _date: QDate) -> None:
        self._date_note = ""  # the director set the date: nothing left to check there
        self._left("signed_on")

    def form(self) -> CardAuthorizationForm:
        day = self.signed_on.date()
        return CardAuthorizationForm(
            cardholder=self.cardholder.text(),
            card_number=self.card_number.text(),
            expiry=self.expiry.text(),
            code=self.code.text(),
            billing_address=self.billing_address.toPlainText(),
            signed_on=date(day.year(), day.month(), day.day()),
            scan=self._scan,
        )

    def problems(self) -> tuple[list[FieldProblem], list[FieldProblem]]:
        """(errors, warnings) of what is typed now, with the same rules as the vault."""
        errors, warnings = check_card(
            self.card_number.text(),
            self.expiry.text(),
            self.code.text(),
            self.cardholder.text(),
            self._charge_date,
            today=self._today,
        )
        if not self.billing_address.toPlainText().strip():
            errors.append(FieldProblem("billing_address", _("The billing address is required.")))
        if self._date_note:
            warnings.append(FieldProblem("signed_on", self._date_note))
        return errors, warnings

    def validate(self) -> list[FieldProblem]:
        if self._retired:
            return []
        errors, warnings = self.problems()
        self._show(errors, warnings)
        return errors

    def _show(self, errors: list[FieldProblem], warnings: list[FieldProblem]) -> None:
        for problems, labels, is_error in (
            (errors, self._errors, True),
            (warnings, self._warnings, False),
        ):
            by_field: dict[str, list[str]] = {}
            for problem in problems:
                by_field.setdefault(problem.field, []).append(problem.message)
            for name, label in labels.items():
                messages = by_field.get(name, [])
                visible = bool(messages) and (self._show_all or name in self._touched)
                label.setText("\n".join(messages))
                label.setVisible(visible)
                if is_error:
                    self._mark(name, visible)
        if self._show_all and errors:
            self.summary.setText(_("Please correct the fields marked in red; nothing was saved."))
            self.summary.show()
        else:
            self.summary.hide()
        refresh_messages(self)  # a message of two lines gets its second line

    def review(
        self,
        intro: str,
        notes: Sequence[str],
        *,
        date_note: str = "",
        discard_question: str = "",
    ) -> None:
        """Show a filled-in form for review (a returned form's fields, set by the caller):
        ``intro`` (rich text, escaped by the caller) replaces the opening words, ``notes``
        are listed in amber above the form, ``date_note`` stays under the date signed
        until it is changed, and every field's problem shows at once."""
        self.intro.setText(intro)
        self.review_notes.setText("\n".join(f"• {note}" for note in notes))
        self.review_notes.setVisible(bool(notes))
        self._date_note = date_note
        if discard_question:
            self.discard_guard = DiscardGuard(self, discard_question, self.has_input)
        self._touched.update(FIELDS)
        self.validate()
        self.fit_height()

    def fit_height(self) -> None:
        """Grow to fit the preview."""
        grow_to_fit(self)

    def _mark(self, name: str, invalid: bool) -> None:
        widget = getattr(self, name, None)
        if not isinstance(widget, QLineEdit | QPlainTextEdit):
            return
        widget.setProperty("invalid", invalid)
        widget.style().unpolish(widget)
        widget.style().polish(widget)

    # -- the scan --------------------------------------------------------------------------

    def choose_scan(self) -> None:
        chooser = QFileDialog(self, _("Attach the scanned, signed authorization form"))
        chooser.setFileMode(QFileDialog.FileMode.ExistingFile)
        chooser.setNameFilter(_(SCAN_FILTER))
        chooser.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        chooser.fileSelected.connect(lambda path: self.attach_scan(Path(path)))
        chooser.finished.connect(lambda _result: chooser.deleteLater())
        chooser.open()

    def attach_scan(self, path: Path) -> None:
        """Read the file in a worker (into memory only) and preview it."""
        self.reading = True
        self.attach_button.setEnabled(False)
        self.preview.caption.setText(_("Reading {file}…").format(file=path.name))
        run_in_background(lambda _progress: read_scan(path), self._scan_read, self._scan_failed)

    def _scan_read(self, result: object) -> None:
        self.reading = False
        if self._retired:
            return
        assert isinstance(result, tuple)
        self.attach_scan_data(*result)

    def attach_scan_data(self, name: str, data: bytes, media_type: str) -> None:
        """Attach a scan already in memory (a returned form's PDF): previewed and kept
        for Save, never written anywhere."""
        self._scan, self._scan_name = data, name
        self.attach_button.setEnabled(True)
        self.attach_button.setText(_("Re&place scan…"))
        self.remove_scan_button.show()
        self._errors["scan"].hide()
        self.preview.show_scan(data, media_type, name)
        self.fit_height()

    def _scan_failed(self, error: Exception) -> None:
        self.reading = False
        if self._retired:
            return
        self.attach_button.setEnabled(True)
        message = str(error) if isinstance(error, ScanError | OSError) else ""
        if isinstance(error, OSError):
            message = _("The file could not be read: {error}.").format(
                error=error.strerror or error
            )
        self._errors["scan"].setText(message or _("The file could not be read."))
        self._errors["scan"].show()
        if self._scan is None:
            self.preview.clear()
        refresh_messages(self)

    def remove_scan(self) -> None:
        self._scan, self._scan_name = None, ""
        self.preview.clear()
        self.attach_button.setText(_("&Attach scan…"))
        self.remove_scan_button.hide()

    # -- saving ----------------------------------------------------------------------------

    def save(self) -> None:
        if self.reading:
            return
        self._timer.stop()
        self._show_all = True
        errors = self.validate()
        if errors:
            first = next((p.field for p in errors if p.field in FIELDS), None)
            widget = getattr(self, first, None) if first else None
            if isinstance(widget, QWidget):
                widget.setFocus()
            return
        form = self.form()
        try:
            self.warnings = self._services.vault.record(self._registration.id, form)
        except ValidationError as error:
            self._show(list(error.problems), [])
            if not any(p.field in self._errors for p in error.problems):
                self.summary.setText(str(error))
                self.summary.show()
            return
        except VaultError as error:
            self.summary.setText(str(error))
            self.summary.show()
            return
        self.saved_mask = mask(form.digits, form.brand)
        self.accept()

    def has_input(self) -> bool:
        """Whether closing now would throw away something typed or attached."""
        day = self.signed_on.date()
        return (
            any(
                field.text()
                for field in (self.cardholder, self.card_number, self.expiry, self.code)
            )
            or bool(self.billing_address.toPlainText())
            or self._scan is not None
            or date(day.year(), day.month(), day.day()) != self._today
        )

    def reject(self) -> None:
        """Cancel, Escape or the close button: ask first when something was typed. (The
        lock closes the dialog through ``done`` and never asks.)"""
        if self.discard_guard.may_close():
            super().reject()

    def done(self, result: int) -> None:
        """Closing, for whatever reason: nothing typed stays in the widgets."""
        self._retired = True
        self._timer.stop()
        for field in (self.cardholder, self.card_number, self.expiry, self.code):
            field.clear()
        self.billing_address.clear()
        self._scan = None
        self.preview.clear()
        super().done(result)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
