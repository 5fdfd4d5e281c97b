"""The paper checklist: signed forms received by mail or e-mail, and when each was
shredded (cross-cut) or deleted. The app cannot destroy paper; it keeps the record."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QLabel,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from escadesk.domain.moments import long_date
from escadesk.domain.validation import ValidationError
from escadesk.i18n import N_, _, format_decimal, ngettext
from escadesk.services.paper import Channel, Disposal, PaperKind, PaperRecord
from escadesk.ui.dialog_buttons import (
    act_cancel_buttons,
    add_action,
    close_buttons,
    save_cancel_buttons,
)
from escadesk.ui.form_parts import error_label, list_table
from escadesk.ui.qt_dates import pydate, qdate
from escadesk.ui.sizing import fit_to_screen

if TYPE_CHECKING:
    from escadesk.services.container import Services

COLUMNS = (
    N_("Organization"),
    N_("Form"),
    N_("Received by"),
    N_("Received on"),
    N_("Destroyed"),
    N_("Destroyed on"),
)
#: The stored values (English, in the database) as shown, translated with ``_()``.
KIND_WORDS = {
    PaperKind.REGISTRATION_FORM: N_("registration form"),
    PaperKind.CARD_AUTHORIZATION: N_("card authorization form"),
}
CHANNEL_WORDS = {
    Channel.MAIL: N_("mail"),
    Channel.EMAIL: N_("e-mail"),
    Channel.FAX: N_("fax"),
    Channel.HAND: N_("by hand"),
}
DISPOSAL_WORDS = {
    Disposal.SHREDDED: N_("shredded (cross-cut)"),
    Disposal.DELETED: N_("deleted (e-mail and attachments)"),
}


def _received_text(paper: PaperRecord) -> str:
    """A whole sentence per channel ("received by hand", never "by by hand")."""
    received = {
        Channel.MAIL: _("The {kind} of {organization}, received by mail on {date}."),
        Channel.EMAIL: _("The {kind} of {organization}, received by e-mail on {date}."),
        Channel.FAX: _("The {kind} of {organization}, received by fax on {date}."),
        Channel.HAND: _("The {kind} of {organization}, received by hand on {date}."),
    }[paper.channel]
    return received.format(
        kind=_(KIND_WORDS[paper.kind]),
        organization=paper.organization,
        date=long_date(paper.received_on),
    )


def _date_edit(today: date) -> QDateEdit:
    edit = QDateEdit(qdate(today))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("MMM d, yyyy")
    edit.setMaximumDate(qdate(today))
    return edit


class AddPaperDialog(QDialog):
    """A signed form arrived: which organization, which form, how, and when."""

    def __init__(
        self, services: Services, workshop_id: int, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._services = services
        self.saved_id: int | None = None
        self.setWindowTitle(_("Add received form"))
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.organization = QComboBox()
        for row in services.registrations.list(workshop_id):
            self.organization.addItem(row.organization, row.id)
        self.kind = QComboBox()
        for kind in PaperKind:
            self.kind.addItem(_(KIND_WORDS[kind]).capitalize(), kind)
        self.channel = QComboBox()
        for channel in Channel:
            self.channel.addItem(_(CHANNEL_WORDS[channel]).capitalize(), channel)
        self.received_on = _date_edit(today)
        form.addRow(_("&Organization:"), self.organization)
        form.addRow(_("&Form:"), self.kind)
        form.addRow(_("Received &by:"), self.channel)
        form.addRow(_("Received o&n:"), self.received_on)
        layout.addLayout(form)
        self.error = error_label()
        layout.addWidget(self.error)
        buttons, self.save_button = save_cancel_buttons(self, self.save)
        layout.addWidget(buttons)

    def save(self) -> None:
        registration_id = self.organization.currentData()
        if registration_id is None:
            self._show_error(_("Register the organization first."))
            return
        try:
            self.saved_id = self._services.paper.record_received(
                registration_id,
                PaperKind(self.kind.currentData()),
                Channel(self.channel.currentData()),
                pydate(self.received_on.date()),
            )
        except ValidationError as error:
            self._show_error(str(error))
            return
        self.accept()

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()


class DisposeDialog(QDialog):
    """The director shredded (cross-cut) the paper, or deleted the e-mail: record when."""

    def __init__(
        self, services: Services, paper: PaperRecord, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._paper = paper
        self.setWindowTitle(_("Record destroyed form"))
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        intro = QLabel(_received_text(paper))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.disposal = QComboBox()
        for disposal in Disposal:
            self.disposal.addItem(_(DISPOSAL_WORDS[disposal]).capitalize(), disposal)
        if paper.channel is Channel.EMAIL:
            self.disposal.setCurrentIndex(self.disposal.findData(Disposal.DELETED))
        self.disposed_on = _date_edit(today)
        form.addRow(_("&How:"), self.disposal)
        form.addRow(_("&When:"), self.disposed_on)
        layout.addLayout(form)
        self.error = error_label()
        layout.addWidget(self.error)
        buttons, self.record_button = act_cancel_buttons(self, _("&Record destroyed"), self.save)
        layout.addWidget(buttons)

    def save(self) -> None:
        try:
            self._services.paper.record_disposed(
                self._paper.id,
                Disposal(self.disposal.currentData()),
                pydate(self.disposed_on.date()),
                expected_version=self._paper.version,
            )
        except ValidationError as error:
            self.error.setText(str(error))
            self.error.show()
            return
        self.accept()


class PaperDialog(QDialog):
    """The checklist of the workshop's signed paper forms."""

    def __init__(
        self, services: Services, workshop_id: int, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._workshop_id = workshop_id
        self._today = today
        self.records: list[PaperRecord] = []
        self.sub_dialog: QDialog | None = None
        self.setWindowTitle(_("Paper forms"))
        fit_to_screen(self, 960, 460)
        layout = QVBoxLayout(self)
        intro = QLabel(
            _(
                "Signed forms that arrived on paper or by e-mail. Shred the paper (cross-cut) or "
                "delete the e-mail and its attachments once the card is charged or erased, then "
                "record it here."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = list_table(_("Paper forms"), [_(column) for column in COLUMNS])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        layout.addWidget(self.table)
        self.summary = QLabel()
        self.summary.setObjectName("muted")
        layout.addWidget(self.summary)
        buttons, self.close_button = close_buttons(self)
        self.add_button = add_action(buttons, _("&Add received form…"), self.open_add)
        self.dispose_button = add_action(buttons, _("Record &destroyed…"), self.open_dispose)
        layout.addWidget(buttons)
        self.reload()

    def reload(self, select_id: int | None = None) -> None:
        self.records = self._services.paper.checklist(self._workshop_id)
        self.table.setRowCount(len(self.records))
        for index, record in enumerate(self.records):
            values = (
                record.organization,
                _(KIND_WORDS[record.kind]).capitalize(),
                _(CHANNEL_WORDS[record.channel]),
                long_date(record.received_on),
                _(DISPOSAL_WORDS[record.disposal]) if record.disposal else _("not yet"),
                long_date(record.disposed_on) if record.disposed_on else "",
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, record.id)
                self.table.setItem(index, column, item)
        self.table.resizeColumnsToContents()
        pending = sum(1 for record in self.records if record.disposed_on is None)
        self.summary.setText(
            ngettext(
                "{count} form received, {pending} still to destroy.",
                "{count} forms received, {pending} still to destroy.",
                len(self.records),
            ).format(count=format_decimal(len(self.records)), pending=format_decimal(pending))
            if self.records
            else _("No signed form recorded yet.")
        )
        if select_id is not None:
            self.select(select_id)
        self._selection_changed()

    def select(self, paper_id: int) -> None:
        for index, record in enumerate(self.records):
            if record.id == paper_id:
                self.table.selectRow(index)

    def selected(self) -> PaperRecord | None:
        rows = self.table.selectionModel().selectedRows()
        return self.records[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        record = self.selected()
        self.dispose_button.setEnabled(record is not None and record.disposed_on is None)

    def open_add(self) -> None:
        dialog = AddPaperDialog(self._services, self._workshop_id, self._today, parent=self)
        self._open(dialog, lambda: self.reload(dialog.saved_id))

    def open_dispose(self) -> None:
        record = self.selected()
        if record is None or record.disposed_on is not None:
            return
        dialog = DisposeDialog(self._services, record, self._today, parent=self)
        self._open(dialog, lambda: self.reload(record.id))

    def _open(self, dialog: QDialog, on_accepted: Callable[[], None]) -> None:
        self.sub_dialog = dialog
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.accepted.connect(on_accepted)
        dialog.finished.connect(lambda _result: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: QDialog) -> None:
        if self.sub_dialog is dialog:
            self.sub_dialog = None
        dialog.deleteLater()
