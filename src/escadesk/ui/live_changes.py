"""The window's ear on the other desks (issue 20): on a PostgreSQL server a change
committed elsewhere shows here within a second, through the window's own refresh path.

How, without ever making the window wait: the listening connection
(services/live_changes.py) is opened in a worker thread; its socket is then watched by a
``QSocketNotifier``, and reading it takes what has already arrived. A change shows at
once; a burst of them (other desks importing forms one transaction each) makes at most one
refresh per ``COALESCE_MS``, gathering what came meanwhile: a refresh of the changed
rows when every change named its registrations, of the workshop otherwise, and of the
workshop list when a workshop itself changed. This desk's own changes are not
heard (its window showed them already). What is heard is also said through
``changed_elsewhere``, so an open form can note that its row changed meanwhile.

If the server drops the connection (a restart, the network), a quiet note in the status
bar says so and the ear reconnects, waiting a little longer each time; once back, the
desk reloads, since what was said meanwhile was lost. On SQLite nothing of this runs.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QLabel, QStatusBar
from shiboken6 import isValid

from escadesk.services.live_changes import Change, ChangeFeed, ListenerLost
from escadesk.ui.workers import run_in_background

if TYPE_CHECKING:
    from escadesk.services.container import Services
    from escadesk.services.views import WorkshopView

#: At most one refresh per this many milliseconds; what arrives meanwhile is gathered.
COALESCE_MS = 150
#: Reconnection delays, in milliseconds: doubled after each failure up to the last.
RETRY_FIRST_MS = 1000
RETRY_MAX_MS = 15_000
PAUSED = "Live updates from other desks paused: the database server is not answering; retrying…"


class _Window(Protocol):
    """What of the main window this uses (ui/main_window.py; no import of it: no cycle)."""

    workshop: WorkshopView | None
    workshop_picker: QComboBox

    @property
    def unlocked(self) -> bool: ...

    def statusBar(self) -> QStatusBar: ...  # Qt's name

    def refresh(self, changed: Sequence[int] | None = None) -> None: ...

    def reload_workshops(self, select_id: int | None = None) -> None: ...


class LiveChanges(QObject):
    """Started with the services (``start``); ``stop`` lets go of the connection."""

    #: The changes other desks committed (a tuple of ``Change``), as the window refreshes
    #: for them: an open registration form notes a change of its registration.
    changed_elsewhere = Signal(object)

    def __init__(self, window: _Window, feed: ChangeFeed) -> None:
        super().__init__()  # kept by the window (its ``live_changes``), stopped by it
        self._window = window
        self.feed = feed
        self._notifier: QSocketNotifier | None = None
        self._pending: list[Change] = []
        self._reload_all = False
        self._stopped = False
        self._retry_ms = RETRY_FIRST_MS
        self._last_flush = 0.0
        self._coalesce = QTimer(self, singleShot=True, interval=COALESCE_MS)
        self._coalesce.timeout.connect(self._flush)
        self._retry = QTimer(self, singleShot=True)
        self._retry.timeout.connect(self.listen)
        self.status = QLabel(PAUSED)
        self.status.setObjectName("liveChangesPaused")
        self.status.hide()
        window.statusBar().addPermanentWidget(self.status)
        #: Refreshes this ear asked the window for (read by tests and the benchmark).
        self.refreshes = 0

    @classmethod
    def start(cls, window: _Window, services: Services) -> LiveChanges | None:
        """The ear of ``window``, connecting; None where there is nothing to hear (SQLite)."""
        feed = ChangeFeed(services.context)
        if not feed.available:
            return None
        live = cls(window, feed)
        live.listen()
        return live

    @property
    def listening(self) -> bool:
        return self._notifier is not None

    # -- the connection --------------------------------------------------------------------

    def listen(self) -> None:
        """Open the listening connection off the GUI thread (again after a loss)."""
        if self._stopped:
            return
        run_in_background(lambda _progress: self.feed.connect(), self._connected, self._failed)

    def _connected(self, _result: object) -> None:
        if self._stopped or not isValid(self):
            self.feed.close()
            return
        notifier = QSocketNotifier(self.feed.fileno(), QSocketNotifier.Type.Read, self)
        notifier.activated.connect(self._read)
        self._notifier = notifier
        self._retry_ms = RETRY_FIRST_MS
        if self.status.isVisible():  # back after a loss: what was said meanwhile is lost
            self.status.hide()
            self._reload_all = True
            self._coalesce.start()
        self._read()  # anything that came with the LISTEN's answer

    def _failed(self, _error: Exception) -> None:
        if self._stopped or not isValid(self):
            return
        self.status.show()
        self._retry.start(self._retry_ms)
        self._retry_ms = min(self._retry_ms * 2, RETRY_MAX_MS)

    def _lost(self) -> None:
        self._drop_notifier()
        self.feed.close()
        self._failed(ListenerLost())

    def _drop_notifier(self) -> None:
        notifier, self._notifier = self._notifier, None
        if notifier is not None:
            notifier.setEnabled(False)
            notifier.deleteLater()

    def stop(self) -> None:
        """Let go of the connection (the window closes, or its data is released)."""
        self._stopped = True
        self._coalesce.stop()
        self._retry.stop()
        self._drop_notifier()
        self.feed.close()
        if isValid(self.status):
            self.status.hide()

    # -- what arrives ----------------------------------------------------------------------

    def _read(self) -> None:
        try:
            changes = self.feed.receive()
        except ListenerLost:
            self._lost()
            return
        if changes:
            self._pending.extend(changes)
            if not self._coalesce.isActive():  # at once, unless a refresh just ran
                since = (time.monotonic() - self._last_flush) * 1000
                self._coalesce.start(max(0, round(COALESCE_MS - since)))

    def _flush(self) -> None:
        self._last_flush = time.monotonic()
        changes, self._pending = self._pending, []
        reload_all, self._reload_all = self._reload_all, False
        window = self._window
        if self._stopped or not isValid(window) or not window.unlocked:
            return  # locked: unlocking loads everything anew
        if changes:
            self.changed_elsewhere.emit(tuple(changes))
        current = window.workshop.id if window.workshop is not None else None
        picker = window.workshop_picker
        listed = {picker.itemData(index) for index in range(picker.count())}
        if reload_all or any(
            "workshop" in change.entities
            or (change.workshop_ids is not None and not change.workshop_ids <= listed)
            for change in changes
        ):
            self.refreshes += 1
            window.reload_workshops(current)
            return
        if current is None:
            return
        here = [c for c in changes if c.workshop_ids is None or current in c.workshop_ids]
        if not here:
            return
        self.refreshes += 1
        if any(change.registration_ids is None for change in here):
            window.refresh()
        else:
            window.refresh(sorted(set().union(*(change.registration_ids or () for change in here))))
