"""After a returned form is stored: offer to delete its file.

A card-authorization form holds the card number in clear until its file is gone, and
the vault keeps the PDF itself (encrypted) as the signed scan, so nothing is lost by
deleting it: for a card, Delete is the default answer. A registration form's file only
repeats what was stored; Keep is its default, as for any irreversible act. Deleting (in a
worker) zeroes the file, then removes it (``services.forms.delete_returned``); the copy in
the e-mail it came with is out of reach, and the question says so.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from escadesk.i18n import N_, _
from escadesk.ui.workers import run_in_background

if TYPE_CHECKING:
    from escadesk.ui.window_api import MainWindowApi

TITLE = N_("Delete the returned form?")
DELETE = N_("&Delete the file")
KEEP = N_("&Keep the file")


def ask_to_delete(
    window: MainWindowApi, path: Path, workshop_id: int, stored: str, *, card: bool
) -> QMessageBox:
    """``stored`` says what was stored; the question follows. Returns the question."""
    if card:
        question = _(
            "{stored}\n\nThe file {path} still holds the card number in clear, until it is "
            "deleted. Delete it now? It is overwritten, then removed; the copy attached to "
            "the e-mail it came with is not touched (delete that e-mail too)."
        ).format(stored=stored, path=path)
    else:
        question = _(
            "{stored}\n\nDelete the file {path} now? What it says is stored; it is "
            "overwritten, then removed."
        ).format(stored=stored, path=path)
    box = window.messages.ask(
        _(TITLE),
        question,
        lambda: delete(window, path, workshop_id, card=card),
        act=_(DELETE),
        irreversible=not card,
    )
    delete_button = box.button(QMessageBox.StandardButton.Yes)
    box.button(QMessageBox.StandardButton.Cancel).setText(_(KEEP))

    def kept(_result: int) -> None:
        if box.clickedButton() is not delete_button:
            kept = (
                _("Kept {name}: it holds the card number in clear until you delete it")
                if card
                else _("Kept {name}.")
            )
            window.messages.note(kept.format(name=path.name), 20_000)

    box.finished.connect(kept)
    return box


def delete(window: MainWindowApi, path: Path, workshop_id: int, *, card: bool) -> None:
    """Delete the file off the GUI thread; a failure is said (the file stays as it was,
    or zeroed if only the removal failed)."""
    forms = window.services.forms
    window.messages.note(_("Deleting {name}…").format(name=path.name), None)

    def deleted(_result: object) -> None:
        window.messages.note(_("Deleted {name}.").format(name=path.name))

    def failed(error: Exception) -> None:
        window.messages.clear_note()
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        advice = (
            _(
                "{path} could not be deleted ({reason}). Delete it yourself: it holds the card "
                "number in clear."
            )
            if card
            else _("{path} could not be deleted ({reason}). Delete it yourself.")
        )
        window.messages.warn(_("File not deleted"), advice.format(path=path, reason=reason))

    run_in_background(lambda _progress: forms.delete_returned(path, workshop_id), deleted, failed)
