"""Small dialogs for one registration step: when a document arrived, or why."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from escadesk.i18n import _
from escadesk.ui.dialog_buttons import act_cancel_buttons
from escadesk.ui.field_labels import buddy_label


def _to_qt(moment: datetime) -> QDateTime:
    return QDateTime(
        QDate(moment.year, moment.month, moment.day), QTime(moment.hour, moment.minute)
    )


class ReceivedDialog(QDialog):
    """When did the document arrive? Defaults to now; never in the future."""

    def __init__(
        self,
        title: str,
        prompt: str,
        now: datetime,
        zone: ZoneInfo,
        parent: QWidget | None = None,
        *,
        act: str | None = None,
    ) -> None:
        super().__init__(parent)
        act = act or _("Re&cord")
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        self._zone = zone
        local_now = now.astimezone(zone)
        layout = QVBoxLayout(self)
        message = QLabel(prompt)
        message.setWordWrap(True)
        layout.addWidget(message)
        self.when = QDateTimeEdit(_to_qt(local_now))
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("MMM d, yyyy  HH:mm")
        self.when.setMaximumDateTime(_to_qt(local_now))
        layout.addWidget(buddy_label(_("&Received on:"), self.when, _("Received on")))
        layout.addWidget(self.when)
        note = QLabel(_("Times are in the workshop's time zone ({zone}).").format(zone=zone.key))
        note.setObjectName("muted")
        layout.addWidget(note)
        buttons, self.ok_button = act_cancel_buttons(self, act, self.accept)
        layout.addWidget(buttons)

    def received_at(self) -> datetime:
        value = self.when.dateTime()
        day, time = value.date(), value.time()
        return datetime(
            day.year(), day.month(), day.day(), time.hour(), time.minute(), tzinfo=self._zone
        )


class ReasonDialog(QDialog):
    """A reason that goes into the history; the act's button stays disabled until one is
    written.

    The button is named by the act: ``act``, or else the title's first word ("Withdraw
    registration" gives "Withdraw"). An ``irreversible`` act (erasing, withdrawing) is
    not the default button, so Enter never does it."""

    def __init__(
        self,
        title: str,
        prompt: str,
        parent: QWidget | None = None,
        *,
        act: str | None = None,
        irreversible: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        message = QLabel(prompt)
        message.setWordWrap(True)
        layout.addWidget(message)
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText(_("Reason (kept in the registration's history)"))
        self.text.setFixedHeight(90)
        self.text.setTabChangesFocus(True)  # Tab leaves the box, as in every other field
        layout.addWidget(buddy_label(_("&Reason:"), self.text, _("Reason")))
        layout.addWidget(self.text)
        self.buttons, self.ok_button = act_cancel_buttons(
            self, act or title.split()[0], self.accept, irreversible=irreversible
        )
        self.ok_button.setEnabled(False)
        self.text.textChanged.connect(
            lambda: self.ok_button.setEnabled(bool(self.text.toPlainText().strip()))
        )
        layout.addWidget(self.buttons)

    def reason(self) -> str:
        return self.text.toPlainText().strip()
