"""Settings: the institute's identity (who signs the letters and issues the documents)
and how long a charged card's number is kept.

Both tabs are saved together by Save. The identity's rules live in the domain
(``domain/institute.py``): the dialog shows every problem at once under its field and
opens the tab that has them. The logo is chosen with a file chooser, checked from its
bytes and stored in the database by the service (see ``services/institute.py`` for why).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from escadesk.domain.institute import (
    MAX_LOGO_BYTES,
    TAX_NUMBER_EXAMPLE,
    InstituteIdentity,
    Logo,
    check_identity,
)
from escadesk.domain.validation import FieldProblem, ValidationError
from escadesk.i18n import N_, _, format_decimal, ngettext
from escadesk.services.views import STALE_FIELD
from escadesk.ui.dialog_buttons import add_action, save_cancel_buttons
from escadesk.ui.discard_guard import DiscardGuard
from escadesk.ui.file_job import ChooserHost
from escadesk.ui.form_parts import FieldMessages, error_label, keep_size
from escadesk.ui.formatting import fixed
from escadesk.ui.sizing import fit_to_screen

if TYPE_CHECKING:
    from escadesk.services.container import Services
    from escadesk.ui.window_api import MainWindowApi

MAX_RETENTION_DAYS = 30
LOGO_FILTER = N_("Images (*.png *.jpg *.jpeg)")
LOGO_PREVIEW = QSize(180, 72)
INSTITUTE_TAB, CARDS_TAB = 0, 1

#: (field, caption with its letter): the identity form, top to bottom.
_TEXT_FIELDS = (
    ("name", N_("&Name")),
    ("address", N_("Postal &address")),
    ("director_name", N_("&Director's name")),
    ("director_title", N_("Director's &title")),
    ("sender_email", N_("Sender &e-mail")),
    ("tax_number", N_("&GST/HST registration number")),
)
_REQUIRED = {"name", "director_name", "sender_email"}


def open_settings(window: MainWindowApi) -> None:
    """File > Settings…: the dialog over the window; what was saved goes to the status bar."""
    dialog = SettingsDialog(window.services, parent=window.window())
    window.messages.open(dialog, lambda: window.messages.note(dialog.saved_note()))


class SettingsDialog(ChooserHost, QDialog):
    """The institute's identity and the card-number retention, saved together."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.setWindowTitle(_("Settings"))
        self.file_dialog: QFileDialog | None = None
        self._errors: dict[str, QLabel] = {}
        self.changed: list[str] = []
        #: The identity as loaded, and its version: what Save is checked against.
        self._initial, self._version = services.institute.versioned_identity()
        self._logo: Logo | None = self._initial.logo
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("Settings"))
        self.tabs.addTab(self._institute_page(), _("&Institute"))
        self.tabs.addTab(self._cards_page(services), _("Ca&rds"))
        layout.addWidget(self.tabs, 1)
        self.error = error_label()
        layout.addWidget(self.error)
        self.buttons, self.save_button = save_cancel_buttons(self, self.save)
        #: Shown with a stale edit's refusal: fills the identity with what is stored now.
        self.reload_button = add_action(self.buttons, _("&Reload"), self.reload)
        self.reload_button.hide()
        layout.addWidget(self.buttons)
        # Switching tabs hides the focused field, and Qt then drops the default button:
        # Enter must still save on either tab.
        self.tabs.currentChanged.connect(lambda _index: self.save_button.setDefault(True))
        self._fill(self._initial)
        self._initial_retention = self.retention.value()
        self.discard_guard = DiscardGuard(
            self,
            _("Discard your changes to the settings?"),
            lambda: (
                self.identity() != self._initial
                or self.retention.value() != self._initial_retention
            ),
        )
        self.resize(660, self.height())
        keep_size(self, spare_lines=3)  # room for messages: the dialog keeps its size
        fit_to_screen(self, max(self.width(), 660), self.height())

    # -- building --------------------------------------------------------------------------

    def _institute_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        intro = QLabel(
            _(
                "Every letter is sent and signed with these details, and certificates of "
                "destruction and workbooks carry them."
            )
        )
        intro.setObjectName("muted")
        intro.setWordWrap(True)
        column.addWidget(intro)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setVerticalSpacing(4)
        form.setHorizontalSpacing(12)
        self.name = QLineEdit()
        self.address = QPlainTextEdit()
        self.address.setTabChangesFocus(True)  # Tab leaves the field, as in a line edit
        self.address.setPlaceholderText(_("Street\nCity, province and postal code\nCountry"))
        lines = self.address.fontMetrics().lineSpacing()
        self.address.setFixedHeight(lines * 4 + 12)
        self.director_name = QLineEdit()
        self.director_title = QLineEdit()
        self.director_title.setPlaceholderText(_("Research Director"))
        self.sender_email = QLineEdit()
        self.sender_email.setPlaceholderText(_("name@institute.example"))
        self.tax_number = QLineEdit()
        self.tax_number.setPlaceholderText(TAX_NUMBER_EXAMPLE)
        self.tax_number.setToolTip(
            _(
                "The business number (9 digits), RT and the 4-digit reference number, as on "
                "the CRA's confirmation of GST/HST registration; receipts show it."
            )
        )
        for field, caption in _TEXT_FIELDS:
            self._add_row(form, field, caption, getattr(self, field))
        self._add_row(form, "logo", _("Logo"), self._logo_row())
        column.addLayout(form)
        column.addStretch(1)
        return page

    def _add_row(self, form: QFormLayout, field: str, caption: str, widget: QWidget) -> None:
        container = QWidget()
        rows = QVBoxLayout(container)
        rows.setContentsMargins(0, 0, 0, 2)
        rows.setSpacing(2)
        rows.addWidget(widget)
        messages = FieldMessages()
        rows.addWidget(messages)
        self._errors[field] = messages.error
        caption = _(caption)
        label = QLabel(f"{caption} *" if field in _REQUIRED else caption)
        if field != "logo":
            label.setBuddy(widget)
            widget.setAccessibleName(caption.replace("&", ""))
            if field in _REQUIRED:
                widget.setAccessibleDescription(_("Required"))
        form.addRow(label, container)

    def _logo_row(self) -> QWidget:
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.setSpacing(10)
        self.logo_preview = QLabel()
        self.logo_preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.logo_preview.setFixedSize(LOGO_PREVIEW + QSize(8, 8))
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_preview.setAccessibleName(_("Logo"))
        line.addWidget(self.logo_preview)
        side = QVBoxLayout()
        side.setSpacing(4)
        self.logo_description = QLabel()
        self.logo_description.setObjectName("muted")
        self.logo_description.setWordWrap(True)
        side.addWidget(self.logo_description)
        buttons = QHBoxLayout()
        self.choose_logo_button = QPushButton(_("C&hoose logo…"))
        self.choose_logo_button.setAutoDefault(False)
        self.choose_logo_button.setToolTip(
            _(
                "A PNG or JPEG image of at most {megabytes} MB; it is kept "
                "in the database, so it travels with backups."
            ).format(megabytes=MAX_LOGO_BYTES // 1_000_000)
        )
        self.choose_logo_button.clicked.connect(self.choose_logo)
        self.remove_logo_button = QPushButton(_("Re&move logo"))
        self.remove_logo_button.setAutoDefault(False)
        self.remove_logo_button.clicked.connect(lambda: self._show_logo(None))
        buttons.addWidget(self.choose_logo_button)
        buttons.addWidget(self.remove_logo_button)
        buttons.addStretch(1)
        side.addLayout(buttons)
        line.addLayout(side, 1)
        return row

    def _cards_page(self, services: Services) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.retention = QSpinBox()
        self.retention.setRange(0, MAX_RETENTION_DAYS)
        self.retention.valueChanged.connect(
            lambda days: self.retention.setSuffix(ngettext(" day", " days", days))
        )
        self.retention.setSuffix(_(" days"))
        self.retention.setSpecialValueText(_("none: erase at the charge"))
        self.retention.setValue(services.charging.retention_days())
        caption = QLabel(_("&Keep the full card number after a charge:"))
        caption.setBuddy(self.retention)
        self.retention.setAccessibleName(_("Keep the full card number after a charge"))
        form.addRow(caption, self.retention)
        column.addLayout(form)
        note = QLabel(
            _(
                "The security code and the scanned form are always erased when the charge is "
                "recorded. The full card number can be kept up to 30 days (for a disputed or "
                "declined charge); it is erased at the first start-up after that."
            )
        )
        note.setObjectName("muted")
        note.setWordWrap(True)
        column.addWidget(note)
        self.retention_error = error_label()
        column.addWidget(self.retention_error)
        column.addStretch(1)
        return page

    # -- the identity ----------------------------------------------------------------------

    def _fill(self, identity: InstituteIdentity) -> None:
        self.name.setText(identity.name)
        self.address.setPlainText(identity.address)
        self.director_name.setText(identity.director_name)
        self.director_title.setText(identity.director_title)
        self.sender_email.setText(identity.sender_email)
        self.tax_number.setText(identity.tax_number)
        self._show_logo(identity.logo)

    def identity(self) -> InstituteIdentity:
        """The identity as typed (not yet checked)."""
        return InstituteIdentity(
            name=self.name.text(),
            address=self.address.toPlainText(),
            director_name=self.director_name.text(),
            director_title=self.director_title.text(),
            sender_email=self.sender_email.text(),
            tax_number=self.tax_number.text(),
            logo=self._logo,
        )

    # -- the logo --------------------------------------------------------------------------

    def choose_logo(self) -> None:
        """A file chooser (window-modal, not blocking); choosing a file loads it."""
        if self.file_dialog is not None:
            return
        chooser = QFileDialog(
            self, _("Choose the institute's logo"), str(Path.home()), _(LOGO_FILTER)
        )
        chooser.setFileMode(QFileDialog.FileMode.ExistingFile)
        chooser.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        self._open_chooser(chooser, self.load_logo)

    def load_logo(self, path: Path) -> bool:
        """Read and check the image at ``path``; show it, or say why it cannot be the logo
        (the logo shown before stays). Small by rule (1 MB), so read here."""
        try:
            size = path.stat().st_size
            if size > MAX_LOGO_BYTES:
                raise ValidationError(
                    [
                        FieldProblem(
                            "logo",
                            _(
                                "{file} is {size} MB; a logo may be at most "
                                "{megabytes} MB. Save it smaller."
                            ).format(
                                file=path.name,
                                size=fixed(size / 1_000_000, 1),
                                megabytes=MAX_LOGO_BYTES // 1_000_000,
                            ),
                        )
                    ]
                )
            data = path.read_bytes()
            logo = Logo.read(data)
        except OSError as error:
            self._set_error(
                "logo",
                _("{file} could not be read: {reason}.").format(
                    file=path.name, reason=error.strerror or error
                ),
            )
            return False
        except ValidationError as error:
            self._set_error("logo", " ".join(error.for_field("logo")) or str(error))
            return False
        if QImage.fromData(logo.data).isNull():
            self._set_error(
                "logo",
                _("{file} could not be shown as an image; save it again as PNG.").format(
                    file=path.name
                ),
            )
            return False
        self._set_error("logo", "")
        self._show_logo(logo)
        return True

    def _show_logo(self, logo: Logo | None) -> None:
        self._logo = logo
        self.remove_logo_button.setEnabled(logo is not None)
        if logo is None:
            self.logo_preview.clear()
            self.logo_preview.setText(_("No logo"))
            self.logo_description.setText(
                _("Letters and certificates then show the institute's name only.")
            )
            return
        image = QImage.fromData(logo.data)
        pixmap = QPixmap.fromImage(image).scaled(
            LOGO_PREVIEW,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        self.logo_preview.setPixmap(pixmap)
        self.logo_description.setText(logo.describe())

    # -- saving ----------------------------------------------------------------------------

    def _set_error(self, field: str, message: str) -> None:
        label = self._errors[field]
        label.setText(message)
        label.setVisible(bool(message))

    def _show_problems(self, problems: list[FieldProblem]) -> None:
        for field in self._errors:
            if field == "logo" and not any(p.field == "logo" for p in problems):
                continue  # a refused file's message stays until another is chosen
            self._set_error(field, " ".join(p.message for p in problems if p.field == field))

    def save(self) -> None:
        """Check everything, show every problem at once; save only when all is right."""
        identity = self.identity()
        problems = check_identity(identity)
        self._show_problems(problems)
        self.retention_error.hide()
        if problems:
            self.tabs.setCurrentIndex(INSTITUTE_TAB)
            first = next(
                (getattr(self, f) for f, _c in _TEXT_FIELDS if any(p.field == f for p in problems)),
                self.choose_logo_button,
            )
            first.setFocus()
            return
        try:
            self.changed = self._services.institute.save(identity, expected_version=self._version)
            self._services.charging.set_retention_days(self.retention.value())
        except ValidationError as error:
            self._show_problems(list(error.problems))
            if stale := error.for_field(STALE_FIELD):  # what was typed stays in the form
                self.error.setText(" ".join(stale))
                self.error.show()
                self.reload_button.show()
                self.tabs.setCurrentIndex(INSTITUTE_TAB)
            retention = error.for_field("retention")
            if retention:
                self.retention_error.setText(" ".join(retention))
                self.retention_error.show()
                self.tabs.setCurrentIndex(CARDS_TAB)
            return
        self.accept()

    def reload(self) -> None:
        """Replace the identity typed with the one stored now (after a stale refusal)."""
        self._initial, self._version = self._services.institute.versioned_identity()
        self._logo = self._initial.logo
        self._fill(self._initial)
        self._show_problems([])
        self.error.hide()
        self.reload_button.hide()

    def saved_note(self) -> str:
        """What the status bar says after Save."""
        days = self.retention.value()
        kept = ngettext(
            "Card numbers are kept {count} day after a charge.",
            "Card numbers are kept {count} days after a charge.",
            days,
        ).format(count=format_decimal(days))
        if not self.changed:
            return kept
        return _("Institute settings saved ({changes}). {kept}").format(
            changes=", ".join(self.changed), kept=kept
        )

    def reject(self) -> None:
        """Cancel, Escape or the close button: ask first when something was changed."""
        if self.discard_guard.may_close():
            super().reject()
