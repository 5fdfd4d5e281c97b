"""The window-level API that the window's areas (ui/actions/) and helpers call.

``main_window`` composes the areas, and the areas and helpers act on the window through
this protocol rather than through ``MainWindow``, so the dependency points one way
(main window -> areas -> this API) and no import cycle forms. ``MainWindow`` satisfies it
structurally; it names only public members: no area touches another's (or the window's)
private state.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from escadesk.services.container import Services
    from escadesk.services.views import RegistrationRow, WorkshopView
    from escadesk.ui.clipboard import ClipboardGuard
    from escadesk.ui.column_chooser import ColumnChooser
    from escadesk.ui.live_changes import LiveChanges
    from escadesk.ui.selection_state import SelectionState
    from escadesk.ui.window_messages import WindowMessages


class MainWindowApi(Protocol):
    """What an area or a helper may do with the main window (a ``QMainWindow``, also
    the parent of the dialogs and messages it opens)."""

    #: Every dialog, message, question and status note goes through it.
    messages: WindowMessages
    #: Seconds a revealed card stays on screen / in the clipboard (tests shorten them).
    reveal_seconds: float | None
    clipboard_seconds: float | None
    #: Changes committed at other desks (PostgreSQL; None on SQLite or while locked).
    live_changes: LiveChanges | None

    @property
    def services(self) -> Services: ...

    @property
    def state(self) -> SelectionState:
        """What the commands depend on: workshop, selection, card, decision, lock."""
        ...

    @property
    def workshop(self) -> WorkshopView | None: ...

    @property
    def clipboard_guard(self) -> ClipboardGuard | None: ...

    def window(self) -> QWidget:
        """The main window itself, as a ``QWidget`` (``QWidget.window()`` of a top-level
        window): the parent to give the dialogs and messages an area opens."""
        ...

    def selected_registration(self) -> RegistrationRow | None: ...

    def refresh(self, changed: Sequence[int] | None = None) -> None:
        """Reload what the desk shows for the current workshop; ``changed``: the only
        registrations a change touched, when the caller knows (only they are re-read)."""
        ...

    def reload_workshops(self, select_id: int | None = None) -> None:
        """Reload the workshop picker (a workshop was added or renamed)."""
        ...

    def select_registration(self, registration_id: int) -> None: ...

    def set_busy(self, busy: bool) -> None:
        """A background job that changes the data started (True) or ended (False)."""
        ...

    def lock(self) -> None: ...

    def focus_search(self) -> None: ...

    def column_chooser(self) -> ColumnChooser | None:
        """The desk's column chooser (None while locked: no desk is shown)."""
        ...

    def open_certificates(self, select_erasure: int | None = None) -> None: ...

    def open_next_step(self, key: str) -> None:
        """Open what a next-step button names (``domain.lifecycle.StepKey``)."""
        ...

    def request_restore(self, backup: object) -> None: ...
