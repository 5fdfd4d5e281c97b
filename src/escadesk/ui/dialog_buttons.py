"""Every dialog's buttons, built here so that all dialogs agree.

The buttons sit in a ``QDialogButtonBox`` with their roles, so the platform puts them in
its own order (Cancel left of the act on macOS and GNOME, right of it on Windows). The
wording is one rule: a dialog that takes input has its act, named by its verb ("Save",
"Record charge", "Erase"), and Cancel; a dialog with nothing to cancel has Close; what a
dialog offers besides (Copy number, Save drafts…) are action buttons. A confirmation
names the act on its button instead of "Yes".

Icons: none on dialog buttons (the style sheet turns the platform's off, see
``ui/style.py``), so no act ever carries the platform's floppy "save" picture; only the
ordinary Save of a form uses the standard Save button. An irreversible act is never a
Save button and never the default: Enter and Escape do not perform it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QPushButton, QWidget

Standard = QDialogButtonBox.StandardButton
Role = QDialogButtonBox.ButtonRole


def save_cancel_buttons(
    dialog: QDialog, on_save: Callable[[], None]
) -> tuple[QDialogButtonBox, QPushButton]:
    """Save (the default button, which validates first) and Cancel: an ordinary form."""
    buttons = QDialogButtonBox(Standard.Save | Standard.Cancel)
    save = buttons.button(Standard.Save)
    save.setDefault(True)
    buttons.accepted.connect(on_save)
    buttons.rejected.connect(dialog.reject)
    return buttons, save


def act_cancel_buttons(
    dialog: QDialog, act: str, on_act: Callable[[], None], *, irreversible: bool = False
) -> tuple[QDialogButtonBox, QPushButton]:
    """The act named by its verb (``act``, with its mnemonic) and Cancel.

    The act is the default button unless it is ``irreversible``: then Cancel is, so a
    stray Enter never records a charge or destroys a card."""
    buttons = QDialogButtonBox(Standard.Cancel)
    button = buttons.addButton(act, Role.AcceptRole)
    cancel = buttons.button(Standard.Cancel)
    if irreversible:
        button.setAutoDefault(False)
        cancel.setDefault(True)
    else:
        button.setDefault(True)
    buttons.accepted.connect(on_act)
    buttons.rejected.connect(dialog.reject)
    return buttons, button


def close_buttons(dialog: QDialog) -> tuple[QDialogButtonBox, QPushButton]:
    """Close alone, for a dialog with nothing to cancel; add its actions with
    :func:`add_action`."""
    buttons = QDialogButtonBox(Standard.Close)
    close = buttons.button(Standard.Close)
    close.setAutoDefault(False)
    buttons.rejected.connect(dialog.reject)
    return buttons, close


def add_action(
    buttons: QDialogButtonBox, text: str, on_click: Callable[[], None] | None = None
) -> QPushButton:
    """A button that does something without closing the dialog (Copy number, Back)."""
    button = buttons.addButton(text, Role.ActionRole)
    button.setAutoDefault(False)
    if on_click is not None:
        button.clicked.connect(on_click)
    return button


def confirmation(
    parent: QWidget,
    title: str,
    question: str,
    act: str,
    *,
    irreversible: bool = False,
    icon: QMessageBox.Icon = QMessageBox.Icon.Question,
) -> QMessageBox:
    """A question whose buttons are the act (on the Yes button, renamed) and Cancel.

    Cancel is the default of an ``irreversible`` act; Escape is always Cancel. The caller
    shows it (window-modal) and acts on ``accepted`` or on the Yes button being clicked."""
    box = QMessageBox(
        icon,
        title,
        question,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.button(QMessageBox.StandardButton.Yes).setText(act)
    box.setDefaultButton(
        QMessageBox.StandardButton.Cancel if irreversible else QMessageBox.StandardButton.Yes
    )
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)
    return box
