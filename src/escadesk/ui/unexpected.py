"""What the window says when a slot raises what nobody caught (issue 15: "never a
traceback"). Qt would print the traceback to standard error and carry on, leaving the
director with a button that seemingly did nothing. Instead: one message box, in words.

A full disk (DiskFullError) and other OS errors say what they are; anything else is a
bug and says so. No message shows a card number (escadesk's own guard masks it).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING

from escadesk.i18n import _

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

# The hook is installed before the first paint; what it needs to word an error (the card
# number guard, the error kinds, the message box) is imported when an error happens:
# ~10 ms less on the way to the first paint (issue 17).

Hook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


def words_for(error: BaseException) -> tuple[str, str]:
    """(title, message) for an error nobody caught."""
    from escadesk.disk_space import DiskFullError
    from escadesk.domain.cards import contains_card_number
    from escadesk.permission_refusal import PermissionRefusedError

    text = str(error)
    if contains_card_number(text):
        text = _("(the details are not shown: they may contain card data)")
    if isinstance(error, DiskFullError):
        return _("The disk is full"), text
    if isinstance(error, PermissionRefusedError):  # a role on a shared server
        return _("Not allowed"), text
    if isinstance(error, OSError):
        return _("Not done"), _("The computer refused: {text}. Nothing was saved.").format(
            text=text
        )
    return (
        _("Something went wrong"),
        _(
            "escadesk met an error it did not expect ({kind}: {text}). "
            "What you were doing was not finished; please report this."
        ).format(kind=type(error).__name__, text=text),
    )


def install(parent: Callable[[], QWidget | None]) -> Hook:
    """Show uncaught errors of the GUI thread in a message box over ``parent()``; returns
    the previous hook. KeyboardInterrupt keeps Python's own behaviour."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        from PySide6.QtWidgets import QApplication, QMessageBox

        if issubclass(kind, KeyboardInterrupt) or QApplication.instance() is None:
            previous(kind, error, trace)
            return
        title, message = words_for(error)
        QMessageBox.warning(parent(), title, message)

    sys.excepthook = hook
    return previous
