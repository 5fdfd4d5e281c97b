"""Record the charge of a confirmed organization, after keying the card into the terminal.

Amount (the fixed fee unless changed), date (never in the future, in the workshop's
zone) and the terminal's approval/reference code. Saving runs in a worker: recording
erases the security code and the scanned form at once and compacts the database.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from escadesk.domain.fees import FeeScheduleError
from escadesk.domain.money import Money
from escadesk.domain.validation import ValidationError
from escadesk.services.charging import ChargeView
from escadesk.ui.form_parts import error_label, save_cancel_buttons
from escadesk.ui.sizing import grow_to_fit
from escadesk.ui.workers import run_in_background

if TYPE_CHECKING:
    from escadesk.app import Services
    from escadesk.services.views import RegistrationRow, WorkshopView


def parse_amount(text: str) -> Decimal:
    """'3,000.00' -> Decimal('3000.00'); ValueError with a message for the user."""
    cleaned = text.strip().replace(",", "").replace(" ", "")
    if not cleaned:
        raise ValueError("Give the amount charged.")
    try:
        value = Decimal(cleaned)
    except InvalidOperation as error:
        raise ValueError(f"“{text.strip()}” is not an amount (e.g. 3000.00).") from error
    if not value.is_finite() or value <= 0:
        raise ValueError("The amount must be greater than zero.")
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        raise ValueError("Give the amount in cents at most (two decimals).")
    return value.quantize(Decimal("0.01"))


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


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


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
        self._busy = False
        self._retired = False
        self.charge: ChargeView | None = None
        zone = workshop.calendar.zone
        self.today = services.clock.now().astimezone(zone).date()
        self.fee = fixed_fee(services, workshop, registration)
        self._default_amount = f"{self.fee.amount:.2f}" if self.fee else ""
        retention = services.charging.retention_days()

        self.setWindowTitle(f"Record charge — {registration.organization}")
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
        self.card_label = QLabel(masked_card or "No card authorization is stored.")
        self.card_label.setObjectName("cardMask" if masked_card else "fieldError")
        form.addRow("Card", self.card_label)

        self.amount = QLineEdit(self._default_amount)
        self.amount.setPlaceholderText("e.g. 3000.00")
        self.amount.setMaximumWidth(180)
        amount_field = QVBoxLayout()
        amount_field.setSpacing(4)
        amount_row = QHBoxLayout()
        amount_row.setSpacing(8)
        amount_row.addWidget(self.amount)
        currency = self.fee.currency if self.fee else workshop.schedule.currency
        amount_row.addWidget(QLabel(currency))
        amount_row.addStretch(1)
        amount_field.addLayout(amount_row)
        fee_note = QLabel(
            f"The fixed fee is {self.fee.format()} (taxes included)."
            if self.fee
            else "No fee was fixed by a decision; give the amount charged."
        )
        fee_note.setObjectName("muted")
        fee_note.setWordWrap(True)
        amount_field.addWidget(fee_note)
        form.addRow("Amount", amount_field)

        self.charged_on = QDateEdit(_qdate(self.today))
        self.charged_on.setCalendarPopup(True)
        self.charged_on.setDisplayFormat("MMM d, yyyy")
        self.charged_on.setMaximumDate(_qdate(self.today))
        self.charged_on.setMaximumWidth(180)
        form.addRow("Charge date", self.charged_on)

        self.reference = QLineEdit()
        self.reference.setPlaceholderText("Approval or reference code from the terminal")
        self.reference.textChanged.connect(lambda _text: self.message.hide())
        form.addRow("Reference", self.reference)
        layout.addLayout(form)

        when = (
            "immediately as well"
            if retention == 0
            else f"after {retention} day{'s' if retention != 1 else ''} (the retention period)"
        )
        self.note = QLabel(
            "Recording the charge erases the security code and the scanned form at once; "
            f"the card number is erased {when}. What remains: cardholder, brand, last 4 "
            "digits, amount, date and reference."
        )
        self.note.setObjectName("muted")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)

        self.message = error_label()
        layout.addWidget(self.message)
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setFixedHeight(6)
        self.busy_bar.hide()
        layout.addWidget(self.busy_bar)
        self.buttons, self.save_button = save_cancel_buttons(self, self.save)
        self.save_button.setText("Record charge")
        layout.addWidget(self.buttons)
        self.reference.setFocus()

    def charged_date(self) -> date:
        day = self.charged_on.date()
        return date(day.year(), day.month(), day.day())

    def _show_error(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
        grow_to_fit(self)

    def save(self) -> None:
        if self._busy or self._retired:
            return
        reference = self.reference.text().strip()
        if not reference:
            self._show_error("The approval or reference code is required.")
            self.reference.setFocus()
            return
        try:
            amount = parse_amount(self.amount.text())
        except ValueError as error:
            self._show_error(str(error))
            self.amount.setFocus()
            return
        # Unchanged: let the service charge the fee stored with the registration.
        chosen = None if self.amount.text().strip() == self._default_amount else amount
        charged_on = self.charged_date()
        self._set_busy(True)
        charging, registration_id = self._services.charging, self._registration_id
        run_in_background(
            lambda _progress: charging.record_charge(
                registration_id, charged_on, reference, chosen
            ),
            self._recorded,
            self._refused,
        )

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.message.hide()
        self.busy_bar.setVisible(busy)
        for widget in (self.amount, self.charged_on, self.reference, self.buttons):
            widget.setEnabled(not busy)

    def _recorded(self, charge: object) -> None:
        if self._retired:
            return
        self._set_busy(False)
        if isinstance(charge, ChargeView):
            self.charge = charge
        self.accept()

    def _refused(self, error: Exception) -> None:
        if self._retired:
            return
        self._set_busy(False)
        if isinstance(error, ValidationError):
            text = str(error)
        else:
            text = f"The charge was not recorded: {error}"
        self._show_error(text or "The charge was not recorded.")

    def done(self, result: int) -> None:
        self._retired = True
        super().done(result)
