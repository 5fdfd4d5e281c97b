"""Which registration a returned card-authorization form is for, when the organization
written on it names none of the workshop's (or several): the director chooses among the
registrations waiting for a card authorization, the one selected on the desk first."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QVBoxLayout, QWidget

from escadesk.i18n import _
from escadesk.services.views import RegistrationRow
from escadesk.ui.dialog_buttons import act_cancel_buttons
from escadesk.ui.field_labels import buddy_label


class RegistrationChoiceDialog(QDialog):
    def __init__(
        self,
        rows: Sequence[RegistrationRow],
        organization: str,
        file_name: str,
        selected: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._rows = list(rows)
        self.setWindowTitle(_("Which registration?"))
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        choose = _(
            "Choose the registration the card is for (only those waiting for a card "
            "authorization are listed); the card dialog then shows the form for review."
        )
        if organization.strip():
            named = _(
                "The credit-card authorization form {file} names the organization "
                "“{organization}”, which is not the name of one registration of this workshop."
            ).format(file=file_name, organization=organization.strip())
        else:
            named = _(
                "The credit-card authorization form {file} names no organization, so it "
                "matches no registration of this workshop."
            ).format(file=file_name)
        message = QLabel(f"{named} {choose}")
        message.setTextFormat(Qt.TextFormat.PlainText)
        message.setWordWrap(True)
        layout.addWidget(message)
        self.registration = QComboBox()
        for row in self._rows:
            self.registration.addItem(
                _("{organization} ({status})").format(
                    organization=row.organization, status=row.status.label.lower()
                ),
                row.id,
            )
        if selected is not None and (index := self.registration.findData(selected)) >= 0:
            self.registration.setCurrentIndex(index)
        layout.addWidget(buddy_label(_("&Registration:"), self.registration))
        layout.addWidget(self.registration)
        layout.addStretch(1)
        buttons, self.continue_button = act_cancel_buttons(self, _("&Continue"), self.accept)
        layout.addWidget(buttons)

    def chosen(self) -> RegistrationRow:
        return self._rows[self.registration.currentIndex()]
