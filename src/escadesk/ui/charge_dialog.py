"""Record the charge of a confirmed organization, after keying the card into the terminal.

Amount (the fixed fee unless changed: another amount asks for a reason, kept with the
charge and in the audit log), date (from the decision's day to today, in the workshop's
zone) and the terminal's approval/reference code. The charge's rules (domain/charging.py)
are checked first; then, because recording cannot be undone, a confirmation states the
organization, amount, masked card, date and reference, and what is erased when (Cancel is
its default and records nothing). Recording runs in a worker: it erases the security code
and the scanned form at once and compacts the database. The service has the last word:
each problem it names is shown, and its field gets the focus. A charge whose erasure
stopped after it was recorded is recorded: the window says what is left for the next
unlock (charge_message).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from escadesk.domain.charging import (
    MAX_AMOUNT_REASON,
    ChargeDates,
    ChargeEntry,
    ChargeTerms,
    amount_problems,
    charge_dates,
    charged_amount,
    check_charge,
    reason_required,
)
from escadesk.domain.fees import FeeScheduleError
from escadesk.domain.moments import long_date
from escadesk.domain.money import CENT, Money, money_text
from escadesk.domain.validation import FieldProblem, ValidationError
from escadesk.i18n import _, amount_input_text, format_decimal, ngettext, parse_number, pgettext
from escadesk.services.charging import ChargeView, RecordedCharge
from escadesk.ui.dialog_buttons import act_cancel_buttons
from escadesk.ui.form_parts import error_label
from escadesk.ui.qt_dates import qdate
from escadesk.ui.sizing import grow_to_fit
from escadesk.ui.workers import run_in_background

if TYPE_CHECKING:
    from escadesk.services.container import Services
    from escadesk.services.views import RegistrationRow, WorkshopView


def read_amount(text: str) -> Decimal:
    """'3,000.00' (fr_CA '3 000,00') -> Decimal('3000.00') exactly as typed; ValueError
    with a message for the user when the text is no number (what the number may be is
    the domain's rule)."""
    if not text.strip():
        raise ValueError(_("Give the amount charged."))
    # Any number of decimals: the domain names a third one ("two decimals at most").
    return parse_number(text, _("Amount charged"), decimals=28)


def parse_amount(text: str) -> Decimal:
    """A typed amount that may be charged, in cents; ValueError with the first problem."""
    value = read_amount(text)
    problems = amount_problems(value)
    if problems:
        raise ValueError(problems[0].message)
    return value.quantize(CENT)


def fixed_fee(
    services: Services, workshop: WorkshopView, registration: RegistrationRow | None = None
) -> Money | None:
    """The fee fixed for the organization (stored with its registration at the decision,
    a promotion or a re-pricing); the decided tier's fee otherwise; None before a decision."""
    if registration is not None and registration.fee_gross is not None:
        return Money(registration.fee_gross, workshop.schedule.currency)
    decision = services.decision.taken(workshop.id)
    if decision is None:
        return None
    try:
        return workshop.schedule.quote(decision.participants).price.gross
    except FeeScheduleError:
        return None


def dates_of(services: Services, workshop: WorkshopView) -> ChargeDates:
    """The days a charge may carry: from the decision's to today, in the workshop's zone."""
    decision = services.decision.taken(workshop.id)
    decided_at = decision.decided_at if decision is not None else None
    return charge_dates(decided_at, services.clock.now(), workshop.calendar.zone)


def charge_message(organization: str, recorded: RecordedCharge | None) -> str:
    """What the window says once the dialog has recorded a charge: the truth when erasing
    the card stopped after the charge was committed."""
    if recorded is None:
        return _("Charge of {organization} recorded.").format(organization=organization)
    charge = recorded.charge
    sentences = [
        _("Charge of {organization} recorded ({amount}, reference {reference}).").format(
            organization=organization, amount=charge.amount, reference=charge.reference
        )
    ]
    if recorded.erasure_pending:
        sentences.append(
            _(
                "Erasing the card stopped: {problem}. Its security code "
                "and scanned form are already deleted; the rest of the erasure and its "
                "certificate of destruction are pending, finished at the next unlock."
            ).format(problem=recorded.problem.rstrip("."))
        )
    if recorded.invoice_number:
        sentences.append(_("Invoice {number} issued.").format(number=recorded.invoice_number))
    else:  # the charge stands; its invoice waits for the institute's GST/HST number
        sentences.append(
            _(
                "No invoice yet: fill in the GST/HST registration number in Settings > "
                "Institute, then Workshop > Invoices and refunds > Issue missing invoices."
            )
        )
    return " ".join(sentences)


def erasure_schedule(retention_days: int, erase_on: date) -> str:
    """What recording a charge erases, and when: the code and scan at once, the number
    with them or on the day its retention period ends (enforced at each unlock)."""
    if retention_days == 0:
        return _(
            "Erased at once: the security code, the scanned form and the card number "
            "(no retention period is set)."
        )
    return ngettext(
        "Erased at once: the security code and the scanned form.\n"
        "Erased on {day}, when the retention period of {count} day ends: the card number.",
        "Erased at once: the security code and the scanned form.\n"
        "Erased on {day}, when the retention period of {count} days ends: the card number.",
        retention_days,
    ).format(day=long_date(erase_on), count=format_decimal(retention_days))


def confirmation_text(
    organization: str,
    amount: Money,
    card: str,
    entry: ChargeEntry,
    retention_days: int,
    erase_on: date,
) -> tuple[str, str]:
    """The question and the details of the confirmation shown before a charge is recorded."""
    question = _("Record the charge of {amount} for {organization}? It cannot be undone.").format(
        amount=money_text(amount), organization=organization
    )
    lines = [
        _("Amount: {amount}").format(amount=money_text(amount)),
        _("Card: {card}").format(card=card),
        _("Date: {day}").format(day=long_date(entry.charged_on)),
        _("Reference: {reference}").format(reference=entry.reference),
    ]
    if entry.amount_reason:
        lines.append(_("Reason for the amount: {reason}").format(reason=entry.amount_reason))
    lines += [
        "",
        erasure_schedule(retention_days, erase_on),
        _("Kept: cardholder, brand, last 4 digits, amount, date and reference."),
    ]
    return question, "\n".join(lines)


def _buddy_label(text: str, field: QWidget, accessible_name: str) -> QLabel:
    """A form label that moves the focus to its field (Alt+mnemonic) and names it for
    screen readers."""
    label = QLabel(text)
    label.setBuddy(field)
    field.setAccessibleName(accessible_name)
    return label


class ChargeDialog(QDialog):
    def __init__(
        self,
        services: Services,
        workshop: WorkshopView,
        registration: RegistrationRow,
        masked_card: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._registration_id = registration.id
        self._organization = registration.organization
        self._masked_card = masked_card
        self._zone = workshop.calendar.zone
        self._busy = False
        self._retired = False
        self.charge: ChargeView | None = None
        #: The charge recorded, with how far its erasure got (None until recorded).
        self.recorded: RecordedCharge | None = None
        #: The confirmation asked before recording, while it is open.
        self.confirmation: QMessageBox | None = None
        dates = dates_of(services, workshop)
        self.today = dates.last
        self.fee = fixed_fee(services, workshop, registration)
        self._currency = self.fee.currency if self.fee else workshop.schedule.currency
        # What the service checks the charge against (it checks again when recording).
        self._terms = ChargeTerms(
            status=registration.status,
            fee=registration.fee_gross,
            currency=workshop.schedule.currency,
            dates=dates,
        )
        self._default_amount = (
            amount_input_text(self.fee.amount, grouping=False) if self.fee else ""
        )
        self.retention = retention = services.charging.retention_days()

        self.setWindowTitle(
            _("Record charge — {organization}").format(organization=registration.organization)
        )
        self.setMinimumWidth(540)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(10)
        headline = QLabel(registration.organization)
        headline.setObjectName("headline")
        headline.setWordWrap(True)
        layout.addWidget(headline)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(8)
        self.card_label = QLabel(masked_card or _("No card authorization is stored."))
        self.card_label.setObjectName("cardMask" if masked_card else "fieldError")
        form.addRow(pgettext("form label", "Card"), self.card_label)

        self.amount = QLineEdit(self._default_amount)
        self.amount.setPlaceholderText(_("e.g. 3000.00"))
        self.amount.setMaximumWidth(180)
        amount_field = QVBoxLayout()
        amount_field.setSpacing(4)
        amount_row = QHBoxLayout()
        amount_row.setSpacing(8)
        amount_row.addWidget(self.amount)
        amount_row.addWidget(QLabel(self._currency))
        amount_row.addStretch(1)
        amount_field.addLayout(amount_row)
        fee_note = QLabel(
            _("The fixed fee is {fee} (taxes included).").format(fee=money_text(self.fee))
            if self.fee
            else _("No fee was fixed by a decision; give the amount charged.")
        )
        fee_note.setObjectName("muted")
        fee_note.setWordWrap(True)
        amount_field.addWidget(fee_note)
        form.addRow(_buddy_label(_("&Amount"), self.amount, _("Amount charged")), amount_field)

        self.amount_reason = QLineEdit()
        self.amount_reason.setPlaceholderText(_("Why not the fixed fee (kept with the charge)"))
        self.amount_reason.setMaxLength(MAX_AMOUNT_REASON)
        self.amount_reason.textChanged.connect(lambda _text: self.message.hide())
        self.reason_label = _buddy_label(
            _("Reason for the a&mount"), self.amount_reason, _("Reason for the amount")
        )
        form.addRow(self.reason_label, self.amount_reason)
        self._form = form
        self.amount.textChanged.connect(self._show_reason_if_needed)

        self.charged_on = QDateEdit(qdate(self.today))
        self.charged_on.setCalendarPopup(True)
        # Translators: a Qt date format (MMM short month, d day, yyyy year).
        self.charged_on.setDisplayFormat(pgettext("Qt date format", "MMM d, yyyy"))
        if dates.first is not None and dates.first <= self.today:
            self.charged_on.setMinimumDate(qdate(dates.first))
        self.charged_on.setMaximumDate(qdate(self.today))
        self.charged_on.setMaximumWidth(180)
        form.addRow(
            _buddy_label(_("Charge &date"), self.charged_on, _("Charge date")), self.charged_on
        )

        self.reference = QLineEdit()
        self.reference.setPlaceholderText(_("Approval or reference code from the terminal"))
        self.reference.textChanged.connect(lambda _text: self.message.hide())
        form.addRow(
            _buddy_label(_("&Reference"), self.reference, _("Approval or reference code")),
            self.reference,
        )
        layout.addLayout(form)
        self._show_reason_if_needed()

        if retention == 0:
            note = _(
                "Recording the charge erases the security code and the scanned form at once; "
                "the card number is erased immediately as well. What remains: cardholder, "
                "brand, last 4 digits, amount, date and reference."
            )
        else:
            note = ngettext(
                "Recording the charge erases the security code and the scanned form at once; "
                "the card number is erased after {count} day (the retention period). What "
                "remains: cardholder, brand, last 4 digits, amount, date and reference.",
                "Recording the charge erases the security code and the scanned form at once; "
                "the card number is erased after {count} days (the retention period). What "
                "remains: cardholder, brand, last 4 digits, amount, date and reference.",
                retention,
            ).format(count=format_decimal(retention))
        self.note = QLabel(note)
        self.note.setObjectName("muted")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)

        self.message: QLabel = error_label()  # typed: the lambdas above refer to it
        layout.addWidget(self.message)
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setFixedHeight(6)
        self.busy_bar.hide()
        layout.addWidget(self.busy_bar)
        # Not a save button (no save icon): recording is irreversible and asks first.
        self.buttons, self.record_button = act_cancel_buttons(
            self, _("Record &charge…"), self.record
        )
        layout.addWidget(self.buttons)
        self.reference.setFocus()

    def amount_differs(self) -> bool:
        """Whether the amount typed is not the fixed fee (with no fee fixed, any is)."""
        if self.fee is None:
            return True
        try:
            return reason_required(self.fee.amount, parse_amount(self.amount.text()))
        except ValueError:
            return self.amount.text().strip() != self._default_amount

    def _show_reason_if_needed(self) -> None:
        """The reason is asked for only when it is needed: when the amount is not the fee."""
        self._form.setRowVisible(self.amount_reason, self.amount_differs())
        grow_to_fit(self)

    def charged_date(self) -> date:
        day = self.charged_on.date()
        return date(day.year(), day.month(), day.day())

    def _show_error(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
        grow_to_fit(self)

    def entry(self) -> ChargeEntry:
        """The charge as entered; ValueError when the amount is no number at all."""
        amount = read_amount(self.amount.text())
        # Unchanged: let the service charge the fee stored with the registration.
        chosen = None if self.amount.text().strip() == self._default_amount else amount
        reason = self.amount_reason.text().strip() if self.amount_differs() else ""
        return ChargeEntry(self.charged_date(), self.reference.text().strip(), chosen, reason)

    def record(self) -> None:
        """Check the charge, then ask before recording it (nothing is recorded unless the
        director answers Record charge)."""
        if self._busy or self._retired or self.confirmation is not None:
            return
        try:
            entry = self.entry()
        except ValueError as error:
            self._show_problems((FieldProblem("amount", str(error)),))
            return
        problems = check_charge(entry, self._terms)  # the domain's rules, before asking
        if problems:
            self._show_problems(tuple(problems))
            return
        if not self._masked_card:
            self._show_error(
                _(
                    "The charge was not recorded: no card authorization is stored for "
                    "{organization}."
                ).format(organization=self._organization)
            )
            return
        self._confirm(entry)

    def charged_amount(self, entry: ChargeEntry) -> Money:
        """The amount the entry charges: the one typed, or the fee fixed for it."""
        return Money(charged_amount(self._terms.fee, entry.amount), self._terms.currency)

    def card_erased_on(self) -> date:
        """The day the card number is erased if the charge is recorded now."""
        due = self._services.clock.now() + timedelta(days=self.retention)
        return due.astimezone(self._zone).date()

    def _confirm(self, entry: ChargeEntry) -> None:
        question, details = confirmation_text(
            self._organization,
            self.charged_amount(entry),
            self._masked_card,
            entry,
            self.retention,
            self.card_erased_on(),
        )
        box = QMessageBox(QMessageBox.Icon.Question, _("Record the charge?"), question, parent=self)
        box.setInformativeText(details)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        yes = box.button(QMessageBox.StandardButton.Yes)
        yes.setText(_("&Record charge"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        box.setWindowModality(Qt.WindowModality.WindowModal)

        def answered(_result: int) -> None:
            self.confirmation = None
            box.deleteLater()
            confirmed = box.standardButton(box.clickedButton()) == QMessageBox.StandardButton.Yes
            if confirmed and not self._retired:
                self._start(entry)

        box.finished.connect(answered)
        self.confirmation = box
        box.open()

    def _start(self, entry: ChargeEntry) -> None:
        """Record the confirmed charge in a worker."""
        if self._busy or self._retired:
            return
        self._set_busy(True)
        charging, registration_id = self._services.charging, self._registration_id
        run_in_background(
            lambda _progress: charging.record_charge(
                registration_id,
                entry.charged_on,
                entry.reference,
                entry.amount,
                entry.amount_reason,
            ),
            self._recorded,
            self._refused,
        )

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.message.hide()
        self.busy_bar.setVisible(busy)
        for widget in (
            self.amount,
            self.amount_reason,
            self.charged_on,
            self.reference,
            self.buttons,
        ):
            widget.setEnabled(not busy)

    def _recorded(self, result: object) -> None:
        """Recorded, even when erasing the card stopped afterwards: the window says so."""
        if self._retired:
            return
        self._set_busy(False)
        if isinstance(result, RecordedCharge):
            self.recorded = result
            self.charge = result.charge
        self.accept()

    def _refused(self, error: Exception) -> None:
        if self._retired:
            return
        self._set_busy(False)
        if isinstance(error, ValidationError):
            self._show_problems(error.problems)
            return
        text = str(error)
        self._show_error(
            _("The charge was not recorded: {error}").format(error=text)
            if text
            else _("The charge was not recorded.")
        )

    def _show_problems(self, problems: tuple[FieldProblem, ...]) -> None:
        """Every problem the service named, one a line; the first one's field gets the
        focus (a problem of the registration itself has no field here)."""
        self._show_error("\n".join(problem.message for problem in problems))
        fields = {
            "amount": self.amount,
            "amount_reason": self.amount_reason,
            "charged_on": self.charged_on,
            "reference": self.reference,
        }
        for problem in problems:
            if problem.field in fields:
                fields[problem.field].setFocus()
                return

    def done(self, result: int) -> None:
        self._retired = True
        super().done(result)
