"""Invoices and refunds of a workshop: the invoices and credit notes issued, a refund with
its credit note, and every PDF saved to a folder.

An invoice is issued with each charge; a charge without one (recorded while Settings
lacked the GST/HST number, or by an older escadesk) is named here with "Issue missing
invoices". A refund issues a numbered credit note, which cannot be taken back: the dialog
asks first. Each problem the service names is shown under its field. The PDFs are
written in a worker, with progress.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from escadesk.domain.invoicing import MAX_REASON, MAX_REFERENCE, DocumentKind
from escadesk.domain.moments import long_date
from escadesk.domain.money import money_text
from escadesk.domain.validation import FieldProblem, ValidationError
from escadesk.i18n import N_, _, format_decimal, ngettext, parse_number
from escadesk.ui.dialog_buttons import add_action, close_buttons, confirmation
from escadesk.ui.file_job import ChooserHost, folder_chooser
from escadesk.ui.form_parts import FieldMessages, error_label, list_table
from escadesk.ui.formatting import fixed
from escadesk.ui.qt_dates import pydate, qdate
from escadesk.ui.sizing import fit_to_screen
from escadesk.ui.workers import run_in_background

if TYPE_CHECKING:
    from escadesk.services.container import Services
    from escadesk.services.invoices import IssuedDocument, Refundable
    from escadesk.services.views import WorkshopView

COLUMNS = [
    N_("Number"),
    N_("Document"),
    N_("Date"),
    N_("Organization"),
    N_("Total"),
    N_("Tax included"),
]
FIELDS = ("registration", "amount", "refunded_on", "reference", "reason")


class InvoicesDialog(ChooserHost, QDialog):
    def __init__(
        self, services: Services, workshop: WorkshopView, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._workshop_id = workshop.id
        self._zone = workshop.calendar.zone
        self.documents: list[IssuedDocument] = []
        self.refundables: list[Refundable] = []
        self.confirmation_box: QMessageBox | None = None
        self.file_dialog: QFileDialog | None = None
        self.saving = False
        self.written: list[Path] = []
        self.setWindowTitle(_("Invoices and refunds — {workshop}").format(workshop=workshop.title))
        fit_to_screen(self, 900, 640)
        layout = QVBoxLayout(self)
        layout.setSpacing(8)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = list_table(_("Invoices and credit notes"), [_(column) for column in COLUMNS])
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)

        layout.addWidget(self._refund_box())

        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setAccessibleName(_("Saving the PDFs"))
        self.progress.hide()
        layout.addWidget(self.progress)
        self.status = QLabel()
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.status)
        self.error = error_label()
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.error)

        buttons, self.close_button = close_buttons(self)
        self.issue_button = add_action(buttons, _("&Issue missing invoices"), self.issue_missing)
        self.save_button = add_action(buttons, _("&Save PDFs…"), self.choose_folder)
        layout.addWidget(buttons)
        self.reload()

    # -- the refund form -------------------------------------------------------------------

    def _refund_box(self) -> QGroupBox:
        box = QGroupBox(_("Record a refund"))
        form = QFormLayout(box)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setVerticalSpacing(2)
        self.messages: dict[str, FieldMessages] = {}
        self.organization = QComboBox()
        self.organization.currentIndexChanged.connect(lambda _index: self._chosen_changed())
        self.amount = QLineEdit()
        self.amount.setPlaceholderText(_("e.g. 500.00 (taxes included)"))
        self.amount.setMaximumWidth(220)
        self.refunded_on = QDateEdit(qdate(self._today()))
        self.refunded_on.setCalendarPopup(True)
        self.refunded_on.setDisplayFormat("MMM d, yyyy")
        self.refunded_on.setMaximumWidth(180)
        self.reference = QLineEdit()
        self.reference.setMaxLength(MAX_REFERENCE)
        self.reference.setPlaceholderText(_("The terminal's refund reference"))
        self.reason = QLineEdit()
        self.reason.setMaxLength(MAX_REASON)
        self.reason.setPlaceholderText(
            _("Why the money is given back (printed on the credit note)")
        )
        rows = (
            ("registration", _("&Organization"), self.organization, _("Organization refunded")),
            ("amount", _("A&mount"), self.amount, _("Amount refunded")),
            ("refunded_on", _("Refund &date"), self.refunded_on, _("Refund date")),
            ("reference", _("Re&ference"), self.reference, _("Refund reference")),
            ("reason", _("Reaso&n"), self.reason, _("Reason for the refund")),
        )
        for name, text, field, accessible in rows:
            label = QLabel(text)
            label.setBuddy(field)
            field.setAccessibleName(accessible)
            column = QWidget()
            lines = QVBoxLayout(column)
            lines.setContentsMargins(0, 0, 0, 0)
            lines.setSpacing(1)
            lines.addWidget(field)
            messages = FieldMessages()
            lines.addWidget(messages)
            self.messages[name] = messages
            form.addRow(label, column)
        for edit in (self.amount, self.reference, self.reason):
            edit.textChanged.connect(lambda _text: self._clear_messages())
        self.refund_button = QPushButton(_("Record &refund…"))
        self.refund_button.setAutoDefault(False)
        self.refund_button.clicked.connect(self.record_refund)
        button_row = QHBoxLayout()
        button_row.addWidget(self.refund_button)
        button_row.addStretch(1)
        form.addRow("", button_row)
        return box

    def _today(self) -> date:
        """Today in the workshop's zone (the last day a refund may carry)."""
        return self._services.clock.now().astimezone(self._zone).date()

    # -- what is shown ---------------------------------------------------------------------

    def reload(self) -> None:
        invoices = self._services.invoices
        self.documents = invoices.documents(self._workshop_id)
        self.refundables = invoices.refundable(self._workshop_id)
        missing = invoices.missing(self._workshop_id)
        self.table.setRowCount(len(self.documents))
        for row, issued in enumerate(self.documents):
            document = issued.document
            values = (
                document.number,
                document.title
                if not document.refers_to
                else _("Credit note on {invoice}").format(invoice=document.refers_to),
                long_date(document.issued_on),
                document.buyer,
                money_text(document.amounts.gross),
                f"{document.amounts.tax.format()} {document.tax_label}",
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column in (4, 5):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        invoices_count = sum(1 for d in self.documents if d.kind is DocumentKind.INVOICE)
        notes = len(self.documents) - invoices_count
        text = (
            _("{invoices} and {credit_notes} issued.").format(
                invoices=ngettext("{count} invoice", "{count} invoices", invoices_count).format(
                    count=format_decimal(invoices_count)
                ),
                credit_notes=ngettext("{count} credit note", "{count} credit notes", notes).format(
                    count=format_decimal(notes)
                ),
            )
            if self.documents
            else _("No invoice issued yet: an invoice is issued with each charge.")
        )
        if missing:
            text += " " + ngettext(
                "{count} charge has no invoice yet: Issue missing invoices.",
                "{count} charges have no invoice yet: Issue missing invoices.",
                missing,
            ).format(count=format_decimal(missing))
        self.summary.setText(text)
        self.issue_button.setEnabled(bool(missing))
        self.save_button.setEnabled(bool(self.documents) or bool(missing))
        chosen = self.organization.currentData()
        self.organization.blockSignals(True)
        self.organization.clear()
        for refundable in self.refundables:
            self.organization.addItem(
                _("{organization} — {amount} refundable").format(
                    organization=refundable.organization, amount=refundable.remaining
                ),
                refundable.registration_id,
            )
        index = self.organization.findData(chosen)
        self.organization.setCurrentIndex(max(index, 0))
        self.organization.blockSignals(False)
        has_charges = bool(self.refundables)
        for widget in (
            self.organization,
            self.amount,
            self.refunded_on,
            self.reference,
            self.reason,
            self.refund_button,
        ):
            widget.setEnabled(has_charges and not self.saving)
        self._chosen_changed()

    def _chosen_changed(self) -> None:
        refundable = self.chosen()
        if refundable is not None:
            self.refunded_on.setMinimumDate(qdate(refundable.charged_on))
        self._clear_messages()

    def chosen(self) -> Refundable | None:
        registration_id = self.organization.currentData()
        return next((r for r in self.refundables if r.registration_id == registration_id), None)

    def _clear_messages(self) -> None:
        for messages in self.messages.values():
            messages.error.hide()
        self.error.hide()

    def show_problems(self, problems: tuple[FieldProblem, ...]) -> None:
        self._clear_messages()
        first: QWidget | None = None
        for problem in problems:
            messages = self.messages.get(problem.field)
            if messages is None:
                self.error.setText(problem.message)
                self.error.show()
                continue
            messages.error.setText(problem.message)
            messages.error.show()
            messages.refresh()
            if first is None:
                first = self._field(problem.field)
        if first is not None:
            first.setFocus()

    def _field(self, name: str) -> QWidget:
        fields: dict[str, QWidget] = {
            "registration": self.organization,
            "amount": self.amount,
            "refunded_on": self.refunded_on,
            "reference": self.reference,
            "reason": self.reason,
        }
        return fields[name]

    # -- acts ------------------------------------------------------------------------------

    def issue_missing(self) -> None:
        try:
            numbers = self._services.invoices.issue_missing(self._workshop_id)
        except ValidationError as error:
            self.error.setText(_("No invoice was issued: {error}").format(error=error))
            self.error.show()
            return
        self.reload()
        self.status.setText(
            ngettext(
                "Issued {count} invoice: {numbers}.",
                "Issued {count} invoices: {numbers}.",
                len(numbers),
            ).format(count=format_decimal(len(numbers)), numbers=", ".join(numbers))
        )

    def record_refund(self) -> None:
        """Check the entry, then ask before recording (a credit note is issued)."""
        refundable = self.chosen()
        if refundable is None or self.confirmation_box is not None:
            return
        text = self.amount.text().strip()
        try:
            # Any number of decimals: the domain names a third one ("in cents at most").
            amount = parse_number(text, _("Amount refunded"), decimals=28) if text else None
        except ValueError as error:  # "1.500,50": no amount in either form
            self.show_problems((FieldProblem("amount", str(error)),))
            return
        refunded_on = pydate(self.refunded_on.date())
        entry = (refundable.registration_id, amount, refunded_on)
        problems = self._check(refundable, amount, refunded_on)
        if problems:
            self.show_problems(problems)
            return
        assert amount is not None
        box = confirmation(
            self,
            _("Record the refund?"),
            _(
                "Record a refund of {amount} {currency} to "
                "{organization} and issue its credit note? It cannot be undone."
            ).format(
                amount=fixed(amount, 2),
                currency=refundable.charged.currency,
                organization=refundable.organization,
            ),
            _("&Record refund"),
        )
        box.setInformativeText(
            _("Date: {date}\nReference: {reference}\nReason: {reason}").format(
                date=long_date(refunded_on),
                reference=self.reference.text().strip(),
                reason=self.reason.text().strip(),
            )
        )

        def answered(_result: int) -> None:
            self.confirmation_box = None
            box.deleteLater()
            if box.standardButton(box.clickedButton()) == QMessageBox.StandardButton.Yes:
                self._record(*entry)

        box.finished.connect(answered)
        self.confirmation_box = box
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.open()

    def _check(
        self, refundable: Refundable, amount: Decimal | None, refunded_on: date
    ) -> tuple[FieldProblem, ...]:
        from escadesk.domain.invoicing import RefundEntry, RefundLimits, refund_problems

        limits = RefundLimits(
            charged=refundable.charged,
            refunded_before=refundable.refunded,
            charged_on=refundable.charged_on,
            today=self._today(),
        )
        entry = RefundEntry(amount, refunded_on, self.reference.text(), self.reason.text())
        return tuple(refund_problems(entry, limits))

    def _record(self, registration_id: int, amount: Decimal | None, refunded_on: date) -> None:
        try:
            note = self._services.invoices.record_refund(
                registration_id, amount, refunded_on, self.reference.text(), self.reason.text()
            )
        except ValidationError as error:
            self.show_problems(error.problems)
            return
        for edit in (self.amount, self.reference, self.reason):
            edit.clear()
        self.reload()
        self.status.setText(
            _("Refund recorded: credit note {number} ({amount}) on invoice {invoice}.").format(
                number=note.number,
                amount=note.document.amounts.gross,
                invoice=note.document.refers_to,
            )
        )

    def choose_folder(self) -> None:
        chooser = folder_chooser(self, _("Save the invoices and credit notes in"), Path.home())
        self._open_chooser(chooser, self.save_pdfs)

    def save_pdfs(self, folder: Path) -> None:
        """Write every PDF into ``folder`` in a worker, with progress."""
        if self.saving:
            return
        self.saving = True
        self.error.hide()
        self.progress.setValue(0)
        self.progress.show()
        self.status.setText(_("Saving the PDFs in {folder}…").format(folder=folder))
        for button in (self.save_button, self.issue_button, self.refund_button):
            button.setEnabled(False)
        invoices, workshop_id = self._services.invoices, self._workshop_id
        run_in_background(
            lambda progress: invoices.write_pdfs(workshop_id, folder, progress),
            lambda written: self._saved(folder, written),
            self._save_failed,
            self._progressed,
        )

    def _progressed(self, percent: int, number: str) -> None:
        self.progress.setValue(percent)
        if number != "done":
            self.status.setText(_("Saving {document}…").format(document=number))

    def _saved(self, folder: Path, written: list[Path]) -> None:
        self.saving = False
        self.written = written
        self.progress.hide()
        self.reload()
        self.status.setText(
            ngettext(
                "Saved {count} PDF in {folder}.", "Saved {count} PDFs in {folder}.", len(written)
            ).format(count=format_decimal(len(written)), folder=folder)
        )

    def _save_failed(self, error: Exception) -> None:
        self.saving = False
        self.progress.hide()
        self.reload()
        if isinstance(error, ValidationError):
            text = _("Nothing was saved: {error}").format(error=error)
        elif isinstance(error, OSError):
            text = _("The PDFs could not be saved: {error}").format(error=error.strerror or error)
        else:
            text = _("The PDFs could not be saved: {error}").format(error=error)
        self.status.setText("")
        self.error.setText(text)
        self.error.show()

    def reject(self) -> None:
        if self.saving:  # the files are being written: closing waits for the worker
            return
        super().reject()
