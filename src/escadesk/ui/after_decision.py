"""What the director does after a proceed decision: offer a freed place to the waitlist,
re-price explicitly, erase the authorizations no longer needed once the event is over;
and the card-number retention setting (how long a charged card's number is kept)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from escadesk.domain.decision import Outcome
from escadesk.domain.registration import RegistrationStatus
from escadesk.domain.validation import ValidationError
from escadesk.ui.form_parts import error_label, save_cancel_buttons

if TYPE_CHECKING:
    from escadesk.services.container import Services
    from escadesk.services.decision import ErasureReport
    from escadesk.services.views import RegistrationRow
    from escadesk.ui.window_api import MainWindowApi

MAX_RETENTION_DAYS = 30


def proceeded(services: Services, workshop_id: int) -> bool:
    decision = services.decision.taken(workshop_id)
    return decision is not None and decision.outcome is Outcome.PROCEED


def ask(
    window: MainWindowApi, title: str, question: str, on_yes: Callable[[], None]
) -> QMessageBox:
    """A Yes/No question, window-modal and non-blocking; ``on_yes`` runs only on Yes."""
    box = QMessageBox(QMessageBox.Icon.Question, title, question, parent=window.window())
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setDefaultButton(QMessageBox.StandardButton.Yes)
    box.setWindowModality(Qt.WindowModality.WindowModal)

    def finished(_result: int) -> None:
        window.active_dialog = None if window.active_dialog is box else window.active_dialog
        box.deleteLater()
        if box.standardButton(box.clickedButton()) == QMessageBox.StandardButton.Yes:
            on_yes()

    box.finished.connect(finished)
    window.active_dialog = box
    box.open()
    return box


# -- a freed place ---------------------------------------------------------------------------


def offer_freed_place(window: MainWindowApi, withdrawn: RegistrationRow) -> None:
    """After withdrawing a confirmed organization of a workshop that proceeds: offer its
    place to the first waitlisted organization (by completion time)."""
    workshop = window.workshop
    if workshop is None or withdrawn.status is not RegistrationStatus.CONFIRMED:
        return
    services = window.services
    if not proceeded(services, workshop.id):
        return
    waiting = [
        row
        for row in services.registrations.list(workshop.id)
        if row.status is RegistrationStatus.WAITLISTED
    ]
    if not waiting:
        return
    first = min(waiting, key=lambda row: (row.waitlist_position or 0, row.completed_at or 0))

    def promote() -> None:
        try:
            promoted = services.decision.promote_next(workshop.id)
        except ValidationError as error:
            window.show_message(QMessageBox.Icon.Warning, "Not promoted", str(error))
            return
        window.refresh()
        if promoted is not None:
            window.select_registration(promoted)
            window.statusBar().showMessage(
                f"{first.organization} is confirmed at the notified fee; send it a letter.",
                15000,
            )

    ask(
        window,
        "Offer the freed place",
        f"{withdrawn.organization} withdrew. Offer the freed place to {first.organization}?\n\n"
        "It is confirmed at the fee already notified; the price does not change.",
        promote,
    )


# -- re-pricing ------------------------------------------------------------------------------


def open_reprice(window: MainWindowApi) -> None:
    """Re-price the workshop for the current head-count, with a reason."""
    workshop = window.workshop
    if workshop is None:
        return
    from escadesk.ui.step_dialogs import ReasonDialog

    dialog = ReasonDialog(
        "Re-price the workshop",
        "The fee stays as notified unless you re-price. Re-pricing sets the fee of the tier "
        "for the organizations taking part now; every confirmed organization not yet charged "
        "gets the new fee and is flagged for a new letter. Why does the price change?",
        parent=window.window(),
    )

    def reprice() -> None:
        try:
            repriced = window.services.decision.reprice(workshop.id, dialog.reason())
        except ValidationError as error:
            window.show_message(QMessageBox.Icon.Warning, "Not re-priced", str(error))
            window.refresh()
            return
        window.refresh()
        flagged = "\n".join(f"  • {name}" for name in repriced.flagged)
        window.show_message(
            QMessageBox.Icon.Information,
            "Re-priced",
            f"The fee is now {repriced.fee.format()} per organization.\n\n"
            + (
                f"These organizations must be told the new price (Letters… → "
                f"Workshop confirmed):\n\n{flagged}"
                if repriced.flagged
                else "Every organization taking part has already been charged; nobody needs "
                "a new letter."
            ),
        )

    window._open(dialog, reprice)


# -- after the event -------------------------------------------------------------------------


def after_event_organizations(services: Services, workshop_id: int) -> list[str]:
    pending = set(services.decision.after_event_erasures(workshop_id))
    return [
        row.organization for row in services.registrations.list(workshop_id) if row.id in pending
    ]


def erase_after_event(window: MainWindowApi) -> None:
    """List the authorizations that will never be charged, confirm, erase them in the
    background with progress, then show the certificates."""
    workshop = window.workshop
    if workshop is None:
        return
    services = window.services
    organizations = after_event_organizations(services, workshop.id)
    if not organizations:
        return
    from escadesk.ui.workers import run_in_background

    workshop_id = workshop.id
    names = "\n".join(f"  • {name}" for name in organizations)
    bar = QProgressDialog(
        "Erasing the card authorizations no longer needed…", "", 0, 100, window.window()
    )
    bar.setWindowTitle("Erasing card authorizations")
    bar.setCancelButton(None)  # an erasure is finished, not halted
    bar.setWindowModality(Qt.WindowModality.WindowModal)
    bar.setMinimumDuration(0)
    bar.setAutoClose(False)
    bar.setAutoReset(False)
    bar.setMinimumWidth(420)

    def progress(percent: int, message: str) -> None:
        bar.setLabelText(message)
        bar.setValue(percent)

    def close_bar() -> None:
        bar.close()
        bar.deleteLater()
        if window.active_dialog is bar:
            window.active_dialog = None

    def erased(report: ErasureReport) -> None:
        """Say what was destroyed, counted; anything not destroyed is shown, not hidden."""
        close_bar()
        window._enable_actions(True)
        window.statusBar().showMessage(report.sentence(), 15000)
        window.refresh()
        if report.failures:
            window.show_message(QMessageBox.Icon.Warning, "Not all erased", report.sentence())
            return
        last = report.erasures[-1].id if report.erasures else None
        window.open_certificates(last)

    def failed(error: Exception) -> None:
        close_bar()
        window._enable_actions(True)
        window.statusBar().clearMessage()
        window.refresh()
        window.show_message(QMessageBox.Icon.Warning, "Not erased", str(error))

    def erase() -> None:
        window._enable_actions(False)
        window.active_dialog = bar
        bar.setValue(0)
        bar.show()
        run_in_background(
            lambda report: services.decision.erase_after_event(workshop_id, report),
            erased,
            failed,
            progress,
        )

    ask(
        window,
        "Erase cards no longer needed",
        "The workshop is over. These organizations were waitlisted or withdrew; their card "
        f"authorizations will never be charged:\n\n{names}\n\n"
        "Destroy them now? This cannot be undone; a certificate of destruction is kept "
        "for each.",
        erase,
    )


# -- settings --------------------------------------------------------------------------------


class SettingsDialog(QDialog):
    """How long the full card number is kept after a charge (0 = erased at once)."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.setWindowTitle("Settings")
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.retention = QSpinBox()
        self.retention.setRange(0, MAX_RETENTION_DAYS)
        self.retention.valueChanged.connect(
            lambda days: self.retention.setSuffix(" day" if days == 1 else " days")
        )
        self.retention.setSuffix(" days")
        self.retention.setSpecialValueText("none — erase at the charge")
        self.retention.setValue(services.charging.retention_days())
        form.addRow("Keep the full card number after a charge:", self.retention)
        layout.addLayout(form)
        note = QLabel(
            "The security code and the scanned form are always erased when the charge is "
            "recorded. The full card number can be kept up to 30 days (for a disputed or "
            "declined charge); it is erased at the first start-up after that."
        )
        note.setObjectName("muted")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.error = error_label()
        layout.addWidget(self.error)
        buttons, self.save_button = save_cancel_buttons(self, self.save)
        layout.addWidget(buttons)

    def save(self) -> None:
        try:
            self._services.charging.set_retention_days(self.retention.value())
        except ValidationError as error:
            self.error.setText(str(error))
            self.error.show()
            return
        self.accept()
