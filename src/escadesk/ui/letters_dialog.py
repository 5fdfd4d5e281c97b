"""Letters to the organizations: pick a template, preview each letter, then save them
as .eml drafts or send them through the director's SMTP server.

Saving and sending run in a worker (files, network); every letter saved or sent is
logged by the notification service. The SMTP password is kept in the OS keychain only
when the director ticks "Remember"; it is never stored anywhere else.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from escadesk.domain.decision import Outcome
from escadesk.i18n import N_, _, format_decimal, ngettext
from escadesk.notifications.messages import Template
from escadesk.notifications.smtp import (
    PasswordStoreError,
    Security,
    SmtpSettings,
    smtp_password,
    store_smtp_password,
)
from escadesk.services.notify import Letter
from escadesk.ui.dialog_buttons import act_cancel_buttons, add_action, close_buttons
from escadesk.ui.field_labels import buddy_label
from escadesk.ui.form_parts import error_label
from escadesk.ui.sizing import fit_to_screen
from escadesk.ui.workers import run_in_background

if TYPE_CHECKING:
    from escadesk.services.container import Services
    from escadesk.services.views import WorkshopView

TEMPLATE_TITLES = {
    Template.CONFIRMED: N_("Workshop confirmed (exact price, next steps)"),
    Template.WAITLISTED: N_("Waitlisted"),
    Template.CANCELLED: N_("Workshop cancelled (card not charged)"),
    Template.RECEIPT: N_("Charge receipt"),
    Template.ACKNOWLEDGEMENT: N_("Acknowledgement of a document received"),
    Template.REMINDER: N_("Reminder: documents missing before the deadline"),
    Template.PRACTICAL_DETAILS: N_("Practical details of the day (calendar invitation)"),
    Template.REPORT_DELIVERY: N_("Benchmarking report delivery (report attached)"),
    Template.BRONZE_LABEL: N_("Bronze label award (certificate attached)"),
}
SECURITY_TITLES = {
    Security.STARTTLS: N_("STARTTLS (usually port 587)"),
    Security.SSL: N_("SSL/TLS (usually port 465)"),
    Security.NONE: "None (local test servers only)",
}
SMTP_KEYS = ("smtp.host", "smtp.port", "smtp.security", "smtp.username")


class SmtpDialog(QDialog):
    """Where to send from: host, port, security, user and (optionally) the password."""

    def __init__(self, saved: dict[str, str], count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Send letters"))
        self.setMinimumWidth(500)
        self.settings: SmtpSettings | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(10)
        intro = QLabel(
            ngettext(
                "Send {count} letter through your mail server. It is written to the audit log.",
                "Send {count} letters through your mail server. Each one is written "
                "to the audit log.",
                count,
            ).format(count=format_decimal(count))
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(8)
        self.host = QLineEdit(saved.get("smtp.host", ""))
        self.host.setPlaceholderText("smtp.institute.example")
        form.addRow(_("Ser&ver"), self.host)
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(int(saved.get("smtp.port") or 587))
        self.port.setMaximumWidth(120)
        form.addRow(_("P&ort"), self.port)
        self.security = QComboBox()
        for security, title in SECURITY_TITLES.items():
            self.security.addItem(_(title), security)
        index = self.security.findData(Security(saved.get("smtp.security") or "starttls"))
        self.security.setCurrentIndex(max(0, index))
        self.security.currentIndexChanged.connect(self._usual_port)
        form.addRow(_("Securit&y"), self.security)
        self.username = QLineEdit(saved.get("smtp.username", ""))
        self.username.setPlaceholderText(_("Leave empty if the server needs no login"))
        form.addRow(_("&User name"), self.username)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(_("Empty: use the one kept in the keychain"))
        form.addRow(_("Pass&word"), self.password)
        self.remember = QCheckBox(_("&Remember the password in the system keychain"))
        form.addRow("", self.remember)
        layout.addLayout(form)
        self.message = error_label()
        layout.addWidget(self.message)
        buttons, self.send_button = act_cancel_buttons(
            self,
            ngettext("Send {count} letter", "Send {count} letters", count).format(
                count=format_decimal(count)
            ),
            self.check,
        )
        layout.addWidget(buttons)
        (self.username if self.host.text() else self.host).setFocus()

    def _usual_port(self) -> None:
        """Follow the security choice while the port is still one of the usual ones."""
        usual = {Security.STARTTLS: 587, Security.SSL: 465, Security.NONE: 25}
        if self.port.value() in usual.values():
            self.port.setValue(usual[Security(self.security.currentData())])

    def check(self) -> None:
        try:
            self.settings = SmtpSettings(
                self.host.text().strip(),
                self.port.value(),
                self.security.currentData(),
                self.username.text().strip(),
            )
        except ValueError as error:
            self.message.setText(str(error))
            self.message.show()
            return
        self.accept()

    def values(self) -> dict[str, str]:
        """What is kept in the settings for next time (never the password)."""
        return {
            "smtp.host": self.host.text().strip(),
            "smtp.port": str(self.port.value()),
            "smtp.security": str(self.security.currentData()),
            "smtp.username": self.username.text().strip(),
        }


class LettersDialog(QDialog):
    def __init__(
        self,
        services: Services,
        workshop: WorkshopView,
        parent: QWidget | None = None,
        template: Template | None = None,
    ) -> None:
        """``template``: the letter to start with (the desk's "reminders due" opens the
        reminders); else the one the workshop's phase calls for."""
        super().__init__(parent)
        self._services = services
        self._workshop_id = workshop.id
        self._busy = False
        self._retired = False
        self.letters: list[Letter] = []
        self.smtp_dialog: SmtpDialog | None = None
        self.setWindowTitle(_("Letters — {workshop}").format(workshop=workshop.title))
        fit_to_screen(self, 980, 640)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(10)
        top = QHBoxLayout()
        self.template = QComboBox()
        top.addWidget(buddy_label(_("&Letter:"), self.template))
        for kind, title in TEMPLATE_TITLES.items():
            self.template.addItem(_(title), kind)
        top.addWidget(self.template, 1)
        self.only_due = QCheckBox(_("D&ue only"))
        self.only_due.setChecked(True)
        self.only_due.setToolTip(
            _("Only the letters due now, each with the reason; untick to write one again")
        )
        top.addWidget(self.only_due)
        self.count = QLabel()
        self.count.setObjectName("muted")
        top.addWidget(self.count)
        layout.addLayout(top)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.recipients = QListWidget()
        self.recipients.setAccessibleName(_("Recipients"))
        self.recipients.setMinimumWidth(280)
        self.recipients.setSpacing(4)
        self.recipients.setWordWrap(True)  # the reason a letter is due, in full
        self.recipients.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.recipients.currentRowChanged.connect(self._show_letter)
        splitter.addWidget(self.recipients)
        preview = QWidget()
        pane = QVBoxLayout(preview)
        pane.setContentsMargins(8, 0, 0, 0)
        pane.setSpacing(6)
        self.subject = QLabel()
        self.subject.setObjectName("panelTitle")
        self.subject.setWordWrap(True)
        # The letter's own subject, in its organization's language, not the window's
        # (the French walker reads it as data: tests/ui/test_french_walker.py).
        self.subject.setProperty("organizationLanguage", True)
        self.subject.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.to = QLabel()
        self.to.setObjectName("muted")
        self.to.setWordWrap(True)
        self.to.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body = QPlainTextEdit()
        self.body.setReadOnly(True)
        self.body.setAccessibleName(_("Letter text"))
        self.attachments = QLabel()
        self.attachments.setObjectName("muted")
        self.attachments.setWordWrap(True)
        pane.addWidget(self.subject)
        pane.addWidget(self.to)
        pane.addWidget(self.body, 1)
        pane.addWidget(self.attachments)
        splitter.addWidget(preview)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([320, 640])
        layout.addWidget(splitter, 1)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.hide()
        layout.addWidget(self.status)
        self.message = error_label()
        layout.addWidget(self.message)
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setFixedHeight(6)
        self.busy_bar.hide()
        layout.addWidget(self.busy_bar)
        buttons, self.close_button = close_buttons(self)
        self.save_button = add_action(buttons, _("Save &drafts…"), self.choose_folder)
        self.save_button.setToolTip(_(".eml files that open in Outlook or Apple Mail"))
        self.send_button = add_action(buttons, _("Se&nd…"), self.ask_smtp)
        layout.addWidget(buttons)

        start = template or self._default_template()
        self.template.setCurrentIndex(self.template.findData(start))
        self.template.currentIndexChanged.connect(lambda _index: self.load())
        self.only_due.toggled.connect(lambda _checked: self.load())
        self.load()

    # -- the letters -----------------------------------------------------------------------

    def _default_template(self) -> Template:
        decision = self._services.decision.taken(self._workshop_id)
        if decision is None:
            return Template.CONFIRMED
        if decision.outcome is Outcome.CANCEL:
            return Template.CANCELLED
        notifications = self._services.notifications
        if not notifications.letters(self._workshop_id, Template.CONFIRMED) and (
            notifications.letters(self._workshop_id, Template.RECEIPT)
        ):
            return Template.RECEIPT
        return Template.CONFIRMED

    @property
    def chosen(self) -> Template:
        return Template(self.template.currentData())

    def load(self) -> None:
        """The chosen template's letters (a few ms of queries and rendering)."""
        self.message.hide()
        self.status.hide()
        try:
            self.letters = self._services.letters.letters(
                self._workshop_id, self.chosen, due_only=self.only_due.isChecked()
            )
        except Exception as error:  # shown, not raised: the dialog stays usable
            self.letters = []
            self._error(_("The letters could not be prepared: {error}").format(error=error))
        self.recipients.clear()
        for letter in self.letters:
            why = f"\n{letter.why}" if letter.why else ""
            item = QListWidgetItem(f"{letter.organization}\n{letter.to.email}{why}")
            item.setToolTip(f"{letter.to.name} <{letter.to.email}>")
            self.recipients.addItem(item)
        count = len(self.letters)
        self.count.setText(
            ngettext("{count} letter", "{count} letters", count).format(count=format_decimal(count))
            if count
            else _("No organization is due this letter now.")
        )
        if count:
            self.recipients.setCurrentRow(0)
        else:
            self._show_letter(-1)
        self._update_buttons()

    def _show_letter(self, row: int) -> None:
        if not 0 <= row < len(self.letters):
            for label in (self.subject, self.to, self.attachments):
                label.clear()
            self.body.clear()
            return
        letter = self.letters[row]
        self.subject.setText(letter.message.subject)
        self.to.setText(
            _("To: {name} <{email}>").format(name=letter.to.name, email=letter.to.email)
        )
        self.body.setPlainText(letter.message.body)
        names = ", ".join(
            [attachment.name for attachment in letter.attachments]
            + ([letter.attachment_note] if letter.attachment_note else [])
        )
        self.attachments.setText(
            _("Attached: {names}").format(names=names) if names else _("No attachments.")
        )

    def _update_buttons(self) -> None:
        ready = bool(self.letters) and not self._busy
        self.save_button.setEnabled(ready)
        self.send_button.setEnabled(ready)
        self.template.setEnabled(not self._busy)

    # -- saving drafts ---------------------------------------------------------------------

    def choose_folder(self) -> None:
        chooser = QFileDialog(self, _("Save the drafts in…"))
        chooser.setFileMode(QFileDialog.FileMode.Directory)
        chooser.setOption(QFileDialog.Option.ShowDirsOnly, True)
        chooser.fileSelected.connect(lambda folder: self.save_to(Path(folder)))
        chooser.finished.connect(lambda _result: chooser.deleteLater())
        chooser.open()

    def save_to(self, folder: Path) -> None:
        """Save the shown letters as .eml drafts in ``folder`` (in a worker)."""
        letters = list(self.letters)
        if self._busy or not letters:
            return
        notifications = self._services.letters
        self._start(_("Saving the drafts…"))
        run_in_background(
            lambda _progress: notifications.save_drafts(letters, folder),
            lambda paths: self._finished(
                ngettext(
                    "{count} draft saved in {folder}.",
                    "{count} drafts saved in {folder}.",
                    len(paths),
                ).format(count=format_decimal(len(paths)), folder=folder)
            ),
            lambda error: self._failed(_("The drafts were not saved"), error),
        )

    # -- sending ---------------------------------------------------------------------------

    def ask_smtp(self) -> None:
        if self._busy or not self.letters:
            return
        settings = self._services.settings
        saved = {key: settings.get(key) or "" for key in SMTP_KEYS}
        dialog = SmtpDialog(saved, len(self.letters), self)
        self.smtp_dialog = dialog
        dialog.setWindowModality(Qt.WindowModality.WindowModal)

        def accepted() -> None:
            if dialog.settings is None:
                return
            for key, value in dialog.values().items():
                settings.set(key, value)
            self.send_with(
                dialog.settings, dialog.password.text() or None, dialog.remember.isChecked()
            )

        dialog.accepted.connect(accepted)
        dialog.finished.connect(lambda _result: self._smtp_closed(dialog))
        dialog.open()

    def _smtp_closed(self, dialog: SmtpDialog) -> None:
        if self.smtp_dialog is dialog:
            self.smtp_dialog = None
        dialog.deleteLater()

    def send_with(
        self, settings: SmtpSettings, password: str | None, remember: bool = False
    ) -> None:
        """Send the shown letters (in a worker). Without a password, the keychain's is used
        when there is a user name; ``remember`` keeps a typed password in the keychain."""
        letters = list(self.letters)
        if self._busy or not letters:
            return
        notifications = self._services.letters

        def job(_progress: object) -> tuple[int, str]:
            note = ""
            secret = password
            if secret and remember:
                try:
                    store_smtp_password(settings, secret)
                except PasswordStoreError as error:
                    note = f" {error}"
            if secret is None and settings.username:
                secret = smtp_password(settings)
            return notifications.send_all(letters, settings, secret), note

        def sent(result: tuple[int, str]) -> None:
            count, note = result
            self._finished(
                ngettext(
                    "{count} letter sent via {host}.", "{count} letters sent via {host}.", count
                ).format(count=format_decimal(count), host=settings.host)
                + note
            )

        self._start(
            ngettext("Sending {count} letter…", "Sending {count} letters…", len(letters)).format(
                count=format_decimal(len(letters))
            )
        )
        run_in_background(
            job, sent, lambda error: self._failed(_("Not everything was sent"), error)
        )

    # -- progress and results --------------------------------------------------------------

    def _start(self, text: str) -> None:
        self._busy = True
        self.message.hide()
        self.status.setText(text)
        self.status.show()
        self.busy_bar.show()
        self._update_buttons()

    def _finished(self, text: str) -> None:
        if self._retired:
            return
        self._busy = False
        self.busy_bar.hide()
        self.status.setText(text)
        self.status.show()
        self._update_buttons()

    def _failed(self, what: str, error: Exception) -> None:
        if self._retired:
            return
        self._busy = False
        self.busy_bar.hide()
        self.status.hide()
        # Translators: what failed, then why: "The drafts were not saved: disk full".
        self._error(_("{what}: {error}").format(what=what, error=error))
        self._update_buttons()

    def _error(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def done(self, result: int) -> None:
        self._retired = True
        super().done(result)
