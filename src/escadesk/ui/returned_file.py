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

from escadesk.i18n import _
from escadesk.ui.workers import run_in_background

if TYPE_CHECKING:
    from escadesk.ui.window_api import MainWindowApi

TITLE = "Delete the returned form?"
DELETE = "&Delete the file"
KEEP = "&Keep the file"
CARD_IN_CLEAR = "it holds the card number in clear"


def ask_to_delete(
    window: MainWindowApi, path: Path, workshop_id: int, stored: str, *, card: bool
) -> QMessageBox:
    """``stored`` says what was stored; the question follows. Returns the question."""
    if card:
        question = (
            f"{stored}\n\nThe file {path} still holds the card number in clear, until it is "
            "deleted. Delete it now? It is overwritten, then removed; the copy attached to "
            "the e-mail it came with is not touched (delete that e-mail too)."
        )
    else:
        question = (
            f"{stored}\n\nDelete the file {path} now? What it says is stored; it is "
            "overwritten, then removed."
        )
    box = window.messages.ask(
        TITLE,
        question,
        lambda: delete(window, path, workshop_id, card=card),
        act=DELETE,
        irreversible=not card,
    )
    delete_button = box.button(QMessageBox.StandardButton.Yes)
    box.button(QMessageBox.StandardButton.Cancel).setText(KEEP)

    def kept(_result: int) -> None:
        if box.clickedButton() is not delete_button:
            warning = f": {CARD_IN_CLEAR} until you delete it" if card else "."
            window.messages.note(f"Kept {path.name}{warning}", 20_000)

    box.finished.connect(kept)
    return box


def delete(window: MainWindowApi, path: Path, workshop_id: int, *, card: bool) -> None:
    """Delete the file off the GUI thread; a failure is said (the file stays as it was,
    or zeroed if only the removal failed)."""
    forms = window.services.forms
    window.messages.note(f"Deleting {path.name}…", None)

    def deleted(_result: object) -> None:
        window.messages.note(f"Deleted {path.name}.")

    def failed(error: Exception) -> None:
        window.messages.clear_note()
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        advice = f": {CARD_IN_CLEAR}" if card else ""
        window.messages.warn(
            _("File not deleted"),
            f"{path} could not be deleted ({reason}). Delete it yourself{advice}.",
        )

    run_in_background(lambda _progress: forms.delete_returned(path, workshop_id), deleted, failed)
