"""The window-level API that the per-area helpers of the main window call.

``main_window`` imports the helpers that act on it (``withdrawal``, ``after_decision``);
they type their ``window`` argument with this protocol rather than with ``MainWindow``,
so the dependency points one way (main window -> helpers -> this API) and no import
cycle forms. ``MainWindow`` satisfies it structurally; it names only what the helpers use.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog, QMessageBox, QStatusBar, QWidget

    from escadesk.services.container import Services
    from escadesk.services.views import WorkshopView


class MainWindowApi(Protocol):
    """What a helper may do with the main window (a ``QMainWindow``, also the parent of
    the dialogs and messages the helper opens)."""

    #: The workshop shown, if any.
    workshop: WorkshopView | None
    #: The dialog or message open over the window (the lock closes it).
    active_dialog: QDialog | None

    @property
    def services(self) -> Services: ...

    def window(self) -> QWidget:
        """The main window itself, as a ``QWidget`` (``QWidget.window()`` of a top-level
        window): the parent to give the dialogs and messages a helper opens."""
        ...

    def statusBar(self) -> QStatusBar: ...

    def refresh(self) -> None: ...

    def select_registration(self, registration_id: int) -> None: ...

    def show_message(self, icon: QMessageBox.Icon, title: str, message: str) -> None: ...

    def open_certificates(self, select_erasure: int | None = None) -> None: ...

    def request_restore(self, backup: object) -> None: ...

    def _enable_actions(self, enabled: bool) -> None: ...

    def _open(self, dialog: QDialog, on_accepted: Callable[[], None]) -> None: ...

    def _show_window_modal(self, dialog: QDialog) -> None: ...
