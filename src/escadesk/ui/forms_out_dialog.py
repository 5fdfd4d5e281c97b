"""Send the forms out: the workshop's two blank PDFs, or the invitation e-mails with both
attached, written into a folder on A4 or Letter paper.

The choices come first (the paper, and for the invitations one draft per delegate or one
for all), with the folder of the last export already chosen, so Save is one click away;
Change… picks another folder without starting anything. The writing runs off the GUI
thread (a second or two: nothing to cancel). The result lists the files written, says how
many delegates were invited and how many had registered already, and opens the folder
through the export's :class:`~escadesk.ui.file_job.Opener` (tests record it instead). A
refusal (no delegate list yet, everyone registered, a file where the folder should be) is
said in the dialog, which stays open to try again.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from escadesk.domain.languages import ENGLISH, FRENCH, LOCALES
from escadesk.domain.validation import ValidationError
from escadesk.i18n import N_, _, current_locale, format_decimal, ngettext, pgettext
from escadesk.services.form_views import InvitationDrafts, PageSize
from escadesk.services.page_size import PAGE_SETTING, remembered_page
from escadesk.ui.export_dialog import DesktopOpener, Opener, default_folder, describe_failure
from escadesk.ui.file_job import FileJobDialog, folder_chooser
from escadesk.ui.workers import Progress

if TYPE_CHECKING:
    from escadesk.services.container import Services

Mode = Literal["blank", "invitations"]

#: Where Letter is the usual paper (elsewhere A4 is).
_LETTER_TERRITORIES = frozenset(
    {
        QLocale.Country.UnitedStates,
        QLocale.Country.Canada,
        QLocale.Country.Mexico,
        QLocale.Country.Chile,
        QLocale.Country.Colombia,
        QLocale.Country.Philippines,
    }
)
#: Files listed at once (more scroll).
_LIST_ROWS = 8
_PAGES = {
    PageSize.A4: N_("A4 (210 × 297 mm)"),
    PageSize.LETTER: N_("Letter (8.5 × 11 in)"),
}

BLANK_ABOUT = N_(
    "The registration form and the credit-card authorization form, as PDFs the "
    "organizations fill in on screen (or print, fill in and sign). Both carry the "
    "workshop's date, place and conditions, the fees and the institute's identity; "
    "filled in and sent back, they open with Registration > Open a returned form."
)
INVITATIONS_ABOUT = N_(
    "The invitation to register, with both blank forms attached, as e-mail drafts (.eml) "
    "to open in your mail program, check and send. It goes to the delegates on the "
    "workshop's list; those who have registered already are left out."
)


def preferred_page(services: Services) -> PageSize:
    """The paper chosen last; else Letter where it is the usual paper, A4 elsewhere."""
    remembered = remembered_page(services.settings)
    if remembered is not None:
        return remembered
    return PageSize.LETTER if QLocale().territory() in _LETTER_TERRITORIES else PageSize.A4


def invitation_outcome(drafts: InvitationDrafts, one_for_all: bool) -> str:
    """How many were invited, how, and how many had registered already."""
    invited = drafts.invited
    if one_for_all:
        done = ngettext(
            "Done: one draft to {count} delegate (in Bcc) saved.",
            "Done: one draft to {count} delegates (in Bcc) saved.",
            invited,
        ).format(count=format_decimal(invited))
    else:
        # Translators: delegates is "1 delegate" or "12 delegates".
        done = ngettext(
            "Done: {count} draft saved, one for each of {delegates}.",
            "Done: {count} drafts saved, one for each of {delegates}.",
            len(drafts.paths),
        ).format(
            count=format_decimal(len(drafts.paths)),
            delegates=ngettext("{count} delegate", "{count} delegates", invited).format(
                count=format_decimal(invited)
            ),
        )
    left = drafts.already_registered
    if left:
        done += " " + ngettext(
            "{count} delegate on the list registered already and was left out.",
            "{count} delegates on the list registered already and were left out.",
            left,
        ).format(count=format_decimal(left))
    return done


class FormsOutDialog(FileJobDialog):
    """The blank forms (``"blank"``) or the invitation drafts (``"invitations"``).

    Tests drive it through its widgets, its folder chooser (``choose_in``) or
    ``export_to(folder)``.
    """

    def __init__(
        self,
        services: Services,
        workshop_id: int,
        mode: Mode,
        parent: QWidget | None = None,
        opener: Opener | None = None,
    ) -> None:
        act = _("&Save the forms") if mode == "blank" else _("&Write the drafts")
        super().__init__(services, opener or DesktopOpener(), act, parent)
        self._forms = services.forms
        self._workshop_id = workshop_id
        self.mode: Mode = mode
        self.written: list[Path] = []
        self.drafts: InvitationDrafts | None = None
        self.target = default_folder(services)
        self.setWindowTitle(_("Blank forms") if mode == "blank" else _("Invitation e-mails"))
        self._build()
        self._show()

    # -- building --------------------------------------------------------------------------

    def _build(self) -> None:
        self.setMinimumWidth(740)  # a file name (workshop, date, form or delegate) whole
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(10)
        workshop = self._services.workshops.get(self._workshop_id)
        if self.mode == "blank":
            self._add_heading(
                layout,
                _("Blank forms of {workshop}").format(workshop=workshop.title),
                _(BLANK_ABOUT),
            )
        else:
            self._add_heading(
                layout,
                _("Invite the delegates to {workshop}").format(workshop=workshop.title),
                _(INVITATIONS_ABOUT),
            )
        options = QFormLayout()
        options.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        options.setHorizontalSpacing(12)
        options.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.page = QComboBox()
        for page, text in _PAGES.items():
            self.page.addItem(_(text), page.value)
        self.page.setCurrentIndex(self.page.findData(preferred_page(self._services).value))
        self.page.setAccessibleName(_("Paper size"))
        self.page.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        page_label = QLabel(_("&Paper:"))
        page_label.setObjectName("fieldLabel")
        page_label.setBuddy(self.page)
        options.addRow(page_label, self.page)
        #: Blank forms in a folder belong to no organization: the director picks their
        #: language (the window's to begin with); an invitation's go in each reader's.
        self.language = QComboBox(self)
        self.language.addItem(pgettext("language", "English"), LOCALES[ENGLISH])
        self.language.addItem(pgettext("language", "French"), LOCALES[FRENCH])
        window_language = current_locale().partition("_")[0]
        self.language.setCurrentIndex(1 if window_language == FRENCH else 0)
        self.language.setAccessibleName(_("Language of the forms"))
        self.language.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        if self.mode == "blank":
            language_label = QLabel(_("&Language of the forms:"))
            language_label.setObjectName("fieldLabel")
            language_label.setBuddy(self.language)
            options.addRow(language_label, self.language)
        else:
            self.language.hide()
        self.per_delegate = QRadioButton(_("One per &delegate, addressed to each"))
        self.one_for_all = QRadioButton(_("One for &all, the delegates in Bcc"))
        self.per_delegate.setChecked(True)
        self._how = QButtonGroup(self)
        self._how.addButton(self.per_delegate)
        self._how.addButton(self.one_for_all)
        if self.mode == "invitations":
            choice = QWidget()
            row = QHBoxLayout(choice)
            row.setContentsMargins(0, 0, 0, 0)
            row.setSpacing(16)
            row.addWidget(self.per_delegate)
            row.addWidget(self.one_for_all)
            row.addStretch(1)
            drafts_label = QLabel(_("Drafts:"))
            drafts_label.setObjectName("fieldLabel")
            options.addRow(drafts_label, choice)
        layout.addLayout(options)
        self._add_path_row(layout, _("Folder:"))
        self._add_progress(layout)
        self.progress.setRange(0, 0)  # nothing to count: the files come at once
        self.files = QListWidget()
        self.files.setAccessibleName(_("Files written"))
        self.files.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.files.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # the end tells them apart
        self.files.itemDoubleClicked.connect(
            lambda item: self.opener.open_file(Path(item.data(Qt.ItemDataRole.UserRole)))
        )
        layout.addWidget(self.files)
        self._add_error(layout)
        self._add_buttons(layout, _("&Open folder"), _("Cancel"))

    # -- state -----------------------------------------------------------------------------

    def chosen_page(self) -> PageSize:
        return PageSize(self.page.currentData())

    def chosen_locale(self) -> str:
        """The blank forms' language: 'en_CA' or 'fr_CA'."""
        return str(self.language.currentData())

    def _has_result(self, *, running: bool, done: bool) -> bool:
        return bool(self.written) and not running

    def _show_extra(self, *, running: bool, done: bool) -> None:
        for option in (self.page, self.language, self.per_delegate, self.one_for_all):
            option.setEnabled(not running and not done)
        self.files.setVisible(bool(self.written) and not running)

    def _show(
        self, *, running: bool = False, done: bool = False, status: str = "", error: str = ""
    ) -> None:
        super()._show(running=running, done=done, status=status, error=error)
        self.cancel_button.setVisible(False)  # nothing to cancel: it ends in a moment

    def cancel_export(self) -> None:
        """Writing the files cannot be stopped half-way; it ends in a moment."""

    def _list_files(self) -> None:
        self.files.clear()
        for path in self.written:
            self.files.addItem(path.name)
            item = self.files.item(self.files.count() - 1)
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            item.setToolTip(str(path))
        rows = min(self.files.count(), _LIST_ROWS)
        frame = 2 * self.files.frameWidth()
        self.files.setFixedHeight(max(1, rows) * self.files.sizeHintForRow(0) + frame + 2)

    # -- choosing --------------------------------------------------------------------------

    def choose_target(self) -> None:
        """Ask for the folder; choosing it starts nothing (Save does)."""
        if self._running or self.file_dialog is not None:
            return
        title = (
            _("Choose the folder for the blank forms")
            if self.mode == "blank"
            else _("Choose the folder for the invitation drafts")
        )
        start = self.target or default_folder(self._services)
        chooser = folder_chooser(self, title, start)
        self._open_chooser(chooser, self._folder_chosen)

    def _folder_chosen(self, folder: Path) -> None:
        self.target = folder
        self._show()

    # -- running ---------------------------------------------------------------------------

    def export_to(self, path: Path) -> None:
        """Write the forms (or the drafts) into folder ``path``."""
        if self._running:
            return
        folder = Path(path)
        self.written, self.drafts = [], None
        forms, workshop_id, page = self._forms, self._workshop_id, self.chosen_page()
        if self.mode == "blank":
            locale = self.chosen_locale()

            def job(_progress: Progress) -> object:
                return forms.write_blank(workshop_id, folder, page, locale)

            status = _("Writing the blank forms…")
        else:
            one_for_all = self.one_for_all.isChecked()

            def job(_progress: Progress) -> object:
                return forms.write_invitations(
                    workshop_id, folder, one_for_all=one_for_all, page=page
                )

            status = _("Writing the invitation drafts…")
        self._start(folder, status, job)

    def _finished(self, result: object) -> None:
        if not self._ended():
            return
        page = self.chosen_page()
        if isinstance(result, InvitationDrafts):
            self.drafts = result
            self.written = list(result.paths)
            status = invitation_outcome(result, self.one_for_all.isChecked())
        else:
            self.written = [Path(path) for path in result] if isinstance(result, list) else []
            status = (
                _("Done: both forms saved, laid out for A4 paper.")
                if page == PageSize.A4
                else _("Done: both forms saved, laid out for Letter paper.")
            )
        if self.target is not None:
            self._remember_folder(self.target)
        with contextlib.suppress(Exception):  # a preference never spoils written files
            self._services.settings.set(PAGE_SETTING, page.value)
        self._list_files()
        self._show(done=True, status=status)

    def _failed(self, error: Exception) -> None:
        if not self._ended():
            return
        if isinstance(error, ValidationError):
            text = _("Nothing was written: {error}").format(error=error)
        else:
            text = describe_failure(error, self.target or Path())
        self._show(error=text)

    # -- the result ------------------------------------------------------------------------

    def open_result(self) -> None:
        """The folder the files were written into."""
        if self.written:
            self.opener.open_file(self.written[0].parent)

    def show_in_folder(self) -> None:
        if self.written:
            self.opener.show_in_folder(self.written[0])
