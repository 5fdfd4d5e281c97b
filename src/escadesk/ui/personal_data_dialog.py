"""An organization's personal data from the desk (issue 15, item 10): export it all (an
access request), or erase it.

The export is a file job like the workbooks (choose where, progress, Cancel, Open or
Show in folder). The erasure shows first what goes and what stays, refuses while a card
authorization is stored (the vault erases that, with its certificate), and runs only
once the organization's name is typed; Cancel is the default button. Both run off the
GUI thread and are audited by the service.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from escadesk.i18n import N_, _
from escadesk.services.personal_data import KEPT_WORDS, ExportCancelledError
from escadesk.ui.export_dialog import DesktopOpener, default_folder, describe_failure
from escadesk.ui.file_job import FileJobDialog, Opener
from escadesk.ui.form_parts import error_label
from escadesk.ui.sizing import grow_to_fit, screen_room
from escadesk.ui.style import GOOD
from escadesk.ui.workers import run_in_background

if TYPE_CHECKING:
    from escadesk.services.container import Services
    from escadesk.services.personal_data import ErasedOrganization, ErasurePreview, Organization
    from escadesk.ui.window_api import MainWindowApi

FILE_FILTER = N_("Zip archive (*.zip)")
CANCELLED_MESSAGE = N_("Export cancelled; no file was written.")
EXPORT_DESCRIPTION = N_(
    "One zip for an access request: organization.json holds its registrations with the "
    "contact, history, fee and charge (cards as brand and last four digits only), its "
    "questionnaire answers and notes, its people's delegate-list entries and the audit "
    "log entries about it. escadesk keeps no letters or reports (they are saved where "
    "you chose), so the file says so instead. The export is recorded in the audit log."
)


def with_zip_suffix(path: Path) -> Path:
    return path if path.suffix.lower() == ".zip" else path.with_name(path.name + ".zip")


class ExportPersonalDataDialog(FileJobDialog):
    """Everything about one organization, into one zip. Tests call ``export_to(path)``."""

    def __init__(
        self,
        services: Services,
        organization: Organization,
        parent: QWidget | None = None,
        opener: Opener | None = None,
    ) -> None:
        super().__init__(services, opener or DesktopOpener(), _("&Export"), parent)
        self._organization = organization
        self.written: Path | None = None
        self.setWindowTitle(_("Export everything about this organization"))
        self.setMinimumWidth(600)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(10)
        self._add_heading(
            layout,
            _("Export everything about {organization}").format(organization=organization.name),
            _(EXPORT_DESCRIPTION),
        )
        self._add_path_row(layout, _("Save as:"))
        self._add_progress(layout)
        self._add_error(layout)
        self._add_buttons(layout, _("&Open"), _("Cancel export"))
        self.path_label.setAccessibleName(_("Where the zip is saved"))
        self.progress.setAccessibleName(_("Export progress"))
        self._show(status=_("Choose where to save the zip…"))

    def _has_result(self, *, running: bool, done: bool) -> bool:
        return done

    def _show_extra(self, *, running: bool, done: bool) -> None:
        self.path_caption.setText(_("Saved as:") if done else _("Save as:"))

    def choose_target(self) -> None:
        if self._running or self.file_dialog is not None:
            return
        if self.target is not None:
            folder, name = self.target.parent, self.target.name
        else:
            folder = default_folder(self._services)
            name = self._services.personal_data.suggested_file_name(
                self._organization.organization_id
            )
        chooser = QFileDialog(self, _("Save everything about the organization as"), str(folder))
        chooser.setNameFilter(_(FILE_FILTER))
        chooser.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        chooser.setFileMode(QFileDialog.FileMode.AnyFile)
        chooser.setDefaultSuffix("zip")
        chooser.selectFile(name)
        self._open_chooser(chooser, self.export_to)

    def export_to(self, path: Path) -> None:
        if self._running:
            return
        target = with_zip_suffix(Path(path))
        self.written = None
        export = self._services.personal_data.export
        organization_id, cancelled = self._organization.organization_id, self._cancel.is_set
        self._start(
            target,
            _("Collecting the organization's data…"),
            lambda progress: export(organization_id, target, progress, cancelled),
        )

    def _finished(self, written: object) -> None:
        if not self._ended():
            return
        path = Path(written) if isinstance(written, str | Path) else self.target
        self.written = path
        if path is not None:
            self._remember_folder(path.parent)
        self._show(done=True, status=_("Done: everything about the organization was saved."))

    def _failed(self, error: Exception) -> None:
        if not self._ended():
            return
        if isinstance(error, ExportCancelledError):
            self._show(status=_(CANCELLED_MESSAGE))
            return
        self._show(error=describe_failure(error, self.target or Path()))

    def open_result(self) -> None:
        if self.written is not None:
            self.opener.open_file(self.written)

    def show_in_folder(self) -> None:
        if self.written is not None:
            self.opener.show_in_folder(self.written)


class ErasePersonalDataDialog(QDialog):
    """Erase one organization's personal data: what goes, what stays, then type its name."""

    #: Emitted on the GUI thread once the erasure is done (the desk refreshes).
    erased = Signal(object)

    def __init__(
        self, services: Services, preview: ErasurePreview, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._preview = preview
        self._running = False
        #: What the erasure did (None until it finished); not ``result``: QDialog's own.
        self.outcome: ErasedOrganization | None = None
        name = preview.organization.name
        self.setWindowTitle(_("Erase this organization's personal data"))
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(10)

        heading = QLabel(_("Erase the personal data of {organization}").format(organization=name))
        heading.setObjectName("headline")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        self.erased_label = self._text(
            _(
                "Erased, here and in the backups: {what}. "
                "This cannot be undone; the erasure is recorded in the audit log."
            ).format(what=preview.counts.words())
            if preview.counts.anything
            else _("Nothing is left to erase: its personal data is already gone."),
            _("What is erased"),
        )
        layout.addWidget(self.erased_label)
        self.kept_label = self._text(_(KEPT_WORDS), _("What is kept"))
        self.kept_label.setObjectName("muted")
        layout.addWidget(self.kept_label)
        self.warning_label = self._text(" ".join(preview.warnings), _("Before you erase"))
        self.warning_label.setObjectName("fieldWarning")
        self.warning_label.setVisible(bool(preview.warnings) and preview.allowed)
        layout.addWidget(self.warning_label)
        self.blocker_label = error_label()
        self.blocker_label.setTextFormat(Qt.TextFormat.PlainText)
        self.blocker_label.setAccessibleName(_("Why it cannot be erased now"))
        self.blocker_label.setText(" ".join(preview.blockers))
        self.blocker_label.setVisible(bool(preview.blockers))
        layout.addWidget(self.blocker_label)

        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(line)
        # A label with a buddy reads "&" as its mnemonic: the name's own are doubled.
        shown = name.replace("&", "&&")
        self.confirm_caption = QLabel(
            _("&Type the organization's name to confirm: {name}").format(name=shown)
        )
        self.confirm_caption.setObjectName("fieldLabel")
        self.confirm_caption.setWordWrap(True)
        self.confirm_caption.setTextFormat(Qt.TextFormat.PlainText)
        self.confirm_edit = QLineEdit()
        self.confirm_edit.setAccessibleName(_("The organization's name, to confirm the erasure"))
        self.confirm_edit.setPlaceholderText(name)
        self.confirm_caption.setBuddy(self.confirm_edit)
        layout.addWidget(self.confirm_caption)
        layout.addWidget(self.confirm_edit)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setAccessibleName(_("Erasing"))
        self.progress.hide()
        layout.addWidget(self.progress)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setAccessibleName(_("Result"))
        self.status_label.hide()
        layout.addWidget(self.status_label)
        self.error = error_label()
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setAccessibleName(_("Why nothing was erased"))
        layout.addWidget(self.error)

        self.buttons = QDialogButtonBox()
        role = QDialogButtonBox.ButtonRole
        self.erase_button: QPushButton = self.buttons.addButton(
            _("&Erase personal data"), role.DestructiveRole
        )
        self.erase_button.setAccessibleName(_("Erase the organization's personal data"))
        self.cancel_button: QPushButton = self.buttons.addButton(
            QDialogButtonBox.StandardButton.Cancel
        )
        self.close_button: QPushButton = self.buttons.addButton(
            QDialogButtonBox.StandardButton.Close
        )
        self.close_button.hide()
        self.erase_button.setAutoDefault(False)
        self.cancel_button.setDefault(True)  # Enter never erases
        self.erase_button.clicked.connect(self.start_erasure)
        self.cancel_button.clicked.connect(self.reject)
        self.close_button.clicked.connect(self.accept)
        layout.addWidget(self.buttons)

        self.confirm_edit.textChanged.connect(self._refresh)
        allowed = preview.allowed and preview.counts.anything
        self.confirm_edit.setEnabled(allowed)
        self.confirm_caption.setEnabled(allowed)
        self._refresh()
        self.cancel_button.setFocus()

    def _text(self, text: str, accessible: str) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setAccessibleName(accessible)
        return label

    @property
    def is_running(self) -> bool:
        return self._running

    def confirmed(self) -> bool:
        """Whether the name typed is the organization's (spaces around it and case aside)."""
        typed = " ".join(self.confirm_edit.text().split()).casefold()
        return typed == " ".join(self._preview.organization.name.split()).casefold()

    def _refresh(self) -> None:
        self.erase_button.setEnabled(
            not self._running
            and self.outcome is None
            and self._preview.allowed
            and self._preview.counts.anything
            and self.confirmed()
        )

    def start_erasure(self) -> None:
        """Erase in the background (it compacts the database and cleans the backups)."""
        if self._running or not self.erase_button.isEnabled():
            return
        self._running = True
        self.error.hide()
        self.confirm_edit.setEnabled(False)
        self.cancel_button.setEnabled(False)
        self.progress.show()
        self.status_label.setText(_("Erasing the personal data, then cleaning the backups…"))
        self.status_label.setStyleSheet("")
        self.status_label.show()
        self._refresh()
        organization_id = self._preview.organization.organization_id
        erase = self._services.personal_data.erase
        run_in_background(lambda _progress: erase(organization_id), self._done, self._failed)
        self._grow()

    def _done(self, result: object) -> None:
        if not shiboken6.isValid(self):  # closed meanwhile (the window locked)
            return
        self._running = False
        self.progress.hide()
        self.outcome = result  # type: ignore[assignment]
        sentence = getattr(result, "sentence", None)
        self.status_label.setText(sentence() if callable(sentence) else _("Erased."))
        self.status_label.setStyleSheet(f"color: {GOOD}; font-weight: 600;")
        self.erase_button.hide()
        self.cancel_button.hide()
        self.close_button.show()
        self.close_button.setDefault(True)
        self.close_button.setFocus()
        self.erased.emit(result)
        self._grow()

    def _failed(self, error: Exception) -> None:
        if not shiboken6.isValid(self):
            return
        self._running = False
        self.progress.hide()
        self.status_label.hide()
        # A refusal (a card stored meanwhile) or the disk's words: nothing was erased.
        self.error.setText(_("Not erased: {error}").format(error=error))
        self.error.show()
        self.cancel_button.setEnabled(True)
        self.confirm_edit.setEnabled(True)
        self._refresh()
        self._grow()

    def _grow(self) -> None:
        """Grow to fit what was just shown, once the layout has taken it in (never shrink:
        a word-wrapped label would be measured at the width it had before)."""
        QTimer.singleShot(0, lambda: self._fit() if shiboken6.isValid(self) else None)

    def _fit(self) -> None:
        layout = self.layout()
        if not self.isVisible() or layout is None:
            return
        layout.activate()
        needed = min(layout.totalHeightForWidth(self.width()), screen_room(self).height())
        if needed > self.height():
            self.resize(self.width(), needed)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        grow_to_fit(self, shrink=True)  # wrapped labels: exactly the height they need

    def reject(self) -> None:
        if self._running:  # the erasure is one transaction: it is let finish
            return
        super().reject()


# ---------------------------------------------------------------------------------------
# From the window's Registration menu


def open_export(window: MainWindowApi, registration_id: int) -> ExportPersonalDataDialog:
    """The export dialog for the selected registration's organization, chooser open."""
    services = window.services
    organization = services.personal_data.organization_of(registration_id)
    dialog = ExportPersonalDataDialog(services, organization, parent=window.window())
    window.messages.open(dialog)
    dialog.choose_target()
    return dialog


def open_erase(window: MainWindowApi, registration_id: int) -> ErasePersonalDataDialog:
    """The erasure dialog; the desk shows the erased registration once it is done."""
    services = window.services
    organization = services.personal_data.organization_of(registration_id)
    preview = services.personal_data.preview_erase(organization.organization_id)
    dialog = ErasePersonalDataDialog(services, preview, parent=window.window())

    def erased(result: object) -> None:
        window.refresh([registration_id])
        window.select_registration(registration_id)
        sentence = getattr(result, "sentence", None)
        if callable(sentence):
            window.messages.note(sentence(), 15000)

    dialog.erased.connect(erased)
    window.messages.open(dialog)
    return dialog
