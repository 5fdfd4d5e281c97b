"""Change the vault passphrase: only the key wrapping changes (in a worker, ~2 s)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from escadesk.domain.validation import ValidationError
from escadesk.i18n import _
from escadesk.services.vault import MIN_PASSPHRASE, VaultService, WrongPassphraseError
from escadesk.ui.dialog_buttons import act_cancel_buttons
from escadesk.ui.field_labels import buddy_label
from escadesk.ui.form_parts import error_label
from escadesk.ui.passphrase import StrengthMeter, passphrase_field
from escadesk.ui.sizing import grow_to_fit
from escadesk.ui.workers import run_in_background

if TYPE_CHECKING:
    from escadesk.services.container import Services


class ChangePassphraseDialog(QDialog):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._retired = False
        self.busy = False
        self.changed = False
        self.worked = False  # the background change has come back (done or failed)
        self.setWindowTitle(_("Change the vault passphrase"))
        self.setMinimumWidth(580)
        intro = QLabel(
            _(
                "The card authorizations stay as they are; only the keys that open them are "
                "re-encrypted with the new passphrase. It cannot be recovered if it is forgotten."
            )
        )
        intro.setWordWrap(True)
        self.current = passphrase_field(_("Your passphrase now"))
        self.new = passphrase_field(_("At least {count} characters").format(count=MIN_PASSPHRASE))
        self.meter = StrengthMeter(MIN_PASSPHRASE)
        self.confirmation = passphrase_field(_("The new passphrase again"))
        self._errors: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setVerticalSpacing(6)
        form.setHorizontalSpacing(12)
        for key, title, widgets in (
            ("current", _("C&urrent passphrase"), (self.current,)),
            ("passphrase", _("&New passphrase"), (self.new, self.meter)),
            ("confirmation", _("Con&firm new"), (self.confirmation,)),
        ):
            container = QWidget()
            column = QVBoxLayout(container)
            column.setContentsMargins(0, 0, 0, 2)
            column.setSpacing(2)
            for widget in widgets:
                column.addWidget(widget)
            error = error_label()
            column.addWidget(error)
            column.addStretch(1)
            self._errors[key] = error
            # The field is the label's buddy (not the container): Alt+letter reaches it.
            form.addRow(buddy_label(title, widgets[0]), container)
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setFixedHeight(6)
        self.busy_bar.hide()
        self.busy_label = QLabel(_("Re-encrypting the keys with the new passphrase…"))
        self.busy_label.setObjectName("muted")
        self.busy_label.hide()
        self.buttons, self.ok_button = act_cancel_buttons(
            self, _("&Change passphrase"), self.submit
        )
        self.ok_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.busy_label)
        layout.addWidget(self.busy_bar)
        layout.addWidget(self.buttons)
        for field in (self.current, self.new, self.confirmation):
            field.textChanged.connect(self._changed)

    def _changed(self) -> None:
        self.meter.show_strength(self.new.text())
        for label in self._errors.values():
            label.hide()
        problems = VaultService.passphrase_problems(self.new.text(), self.confirmation.text())
        mismatch = [p.message for p in problems if p.field == "confirmation"]
        if mismatch and len(self.confirmation.text()) >= len(self.new.text()):
            self._errors["confirmation"].setText(mismatch[0])
            self._errors["confirmation"].show()
        self.ok_button.setEnabled(not self.busy and bool(self.current.text()) and not problems)
        grow_to_fit(self)

    def submit(self) -> None:
        current, new, again = self.current.text(), self.new.text(), self.confirmation.text()
        if self.busy or not current or VaultService.passphrase_problems(new, again):
            return
        self._set_busy(True)
        vault = self._services.vault
        run_in_background(
            lambda _progress: vault.change_passphrase(current, new, again),
            self._done,
            self._failed,
        )

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.busy_bar.setVisible(busy)
        self.busy_label.setVisible(busy)
        for field in (self.current, self.new, self.confirmation):
            field.setEnabled(not busy)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setEnabled(not busy)
        self._changed()

    def _done(self, _result: object) -> None:
        self.changed = self.worked = True
        if self._retired:
            # Locked while the keys were being re-wrapped: the vault re-opened itself at
            # the end of the change, so close it again.
            self._services.vault.lock()
            return
        self._set_busy(False)
        self.accept()

    def _failed(self, error: Exception) -> None:
        self.worked = True
        if self._retired:
            return
        self._set_busy(False)
        if isinstance(error, WrongPassphraseError):
            self.current.clear()
            self.current.setFocus()
            self._errors["current"].setText(_("That is not the current passphrase."))
            self._errors["current"].show()
        elif isinstance(error, ValidationError):
            for problem in error.problems:
                label = self._errors.get(problem.field, self._errors["passphrase"])
                label.setText(problem.message)
                label.show()
        else:
            self._errors["current"].setText(str(error) or _("The passphrase was not changed."))
            self._errors["current"].show()
        grow_to_fit(self)

    def reject(self) -> None:
        if self.busy:
            return  # the change cannot be stopped half-way; it takes a moment
        super().reject()

    def done(self, result: int) -> None:
        self._retired = True
        for field in (self.current, self.new, self.confirmation):
            field.clear()
        super().done(result)
