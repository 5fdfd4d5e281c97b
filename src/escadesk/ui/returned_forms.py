"""Registration > Open a returned form…: a filled-in PDF sent back by an organization
opens the dialog it belongs to, filled in for review; nothing is stored before Save.

The file is read off the GUI thread (``services.forms.read_returned``). A registration
form opens the registration dialog, whose Save registers the organization with its form
recorded as received; a credit-card authorization form goes to the card dialog
(ui/returned_card.py). A scan or an XFA form (no fields to read) is offered the manual
way, as a registration or a card authorization typed by hand; any other refusal (another
workshop's form, a damaged or locked PDF) is said, and nothing changes. After a Save the
file can be deleted (ui/returned_file.py). If the window locks while the file is read,
what was read is let go unseen.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog

from escadesk.domain.registration_form import RegistrationDetails
from escadesk.i18n import N_, _
from escadesk.services.form_views import CardFormReview, FormRefusedError
from escadesk.ui.returned_card import review_card, type_card
from escadesk.ui.returned_file import ask_to_delete
from escadesk.ui.workers import run_in_background

if TYPE_CHECKING:
    from escadesk.services.container import Services
    from escadesk.ui.window_api import MainWindowApi

PDF_FILTER = N_("PDF forms (*.pdf);;All files (*)")
#: Settings key: the folder the last returned form came from (the next chooser opens it).
FOLDER_SETTING = "forms.returned_folder"
NOT_READ = N_("Form not read")


def open_returned_form(window: MainWindowApi) -> QFileDialog | None:
    """Ask for the file (window-modal, without blocking); choosing it reads it."""
    if window.workshop is None:
        return None
    chooser = QFileDialog(
        window.window(),
        _("Open a returned form"),
        str(_start_folder(window.services)),
        _(PDF_FILTER),
    )
    chooser.setFileMode(QFileDialog.FileMode.ExistingFile)
    chooser.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    chooser.fileSelected.connect(lambda chosen: read_returned_form(window, Path(chosen)))
    window.messages.show(chooser)
    return chooser


def read_returned_form(window: MainWindowApi, path: Path) -> None:
    """Read ``path`` in a worker, then open what it is for review (or say why not)."""
    workshop = window.workshop
    if workshop is None:
        return
    workshop_id = workshop.id
    _remember_folder(window.services, path.parent)
    forms = window.services.forms
    window.messages.note(_("Reading {name}…").format(name=path.name), None)

    def done(result: object) -> None:
        window.messages.clear_note()
        if not _still_open(window, workshop_id):
            return
        if isinstance(result, CardFormReview):
            review_card(window, path, result)
        elif isinstance(result, RegistrationDetails):
            review_registration(window, path, result)

    def failed(error: Exception) -> None:
        window.messages.clear_note()
        if not _still_open(window, workshop_id):
            return
        if isinstance(error, FormRefusedError) and error.by_hand:
            offer_by_hand(window, path, error.message)
        elif isinstance(error, FormRefusedError):
            window.messages.warn(
                _(NOT_READ),
                _("{file}: {problem}\n\nNothing was stored.").format(
                    file=error.file_name, problem=error.message
                ),
            )
        else:  # the reader's own errors are refusals: this is a fault, said without detail
            window.messages.warn(
                _(NOT_READ),
                _("{file} could not be read ({error}). Nothing was stored.").format(
                    file=path.name, error=type(error).__name__
                ),
            )

    run_in_background(lambda _progress: forms.read_returned(path, workshop_id), done, failed)


def review_registration(
    window: MainWindowApi, path: Path, details: RegistrationDetails | None
) -> None:
    """The registration dialog on what the form says (``None``: empty, for a scan)."""
    workshop = window.workshop
    if workshop is None:
        return
    from escadesk.ui.registration_dialog import RegistrationDialog

    dialog = RegistrationDialog(
        window.services,
        workshop.id,
        parent=window.window(),
        source=path.name,
        prefilled=details,
    )

    def saved() -> None:
        registration_id = dialog.saved_id
        if registration_id is None:
            return
        organization = " ".join(dialog.organization.text().split())
        window.refresh([registration_id])
        window.select_registration(registration_id)
        ask_to_delete(
            window,
            path,
            workshop.id,
            _(
                "{organization} is registered, with its registration form recorded as received."
            ).format(organization=organization),
            card=False,
        )

    window.messages.open(dialog, saved)


def offer_by_hand(window: MainWindowApi, path: Path, why: str) -> None:
    """A scan (or an XFA form): nothing to read, so it is typed by hand, as before."""
    window.messages.choose(
        _("Enter the form by hand"),
        _("{file}: {why}\n\nWhich form is it?").format(file=path.name, why=why),
        [
            (_("A &registration form…"), lambda: review_registration(window, path, None)),
            (_("A &card authorization…"), lambda: type_card(window, path)),
        ],
    )


def _still_open(window: MainWindowApi, workshop_id: int) -> bool:
    """The desk still shows the workshop the file was read for (not locked meanwhile)."""
    workshop = window.workshop
    return window.state.unlocked and workshop is not None and workshop.id == workshop_id


def _start_folder(services: Services) -> Path:
    """The folder of the last returned form, else Downloads (where attachments land),
    else the export's folder."""
    from PySide6.QtCore import QStandardPaths

    from escadesk.ui.export_dialog import default_folder

    last = services.settings.get(FOLDER_SETTING)
    downloads = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DownloadLocation)
    for candidate in (last, downloads):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return default_folder(services)


def _remember_folder(services: Services, folder: Path) -> None:
    try:
        services.settings.set(FOLDER_SETTING, str(folder))
    except Exception:  # a preference must never stop the form from being read
        return
