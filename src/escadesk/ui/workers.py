"""Run slow work off the GUI thread and hear about it through signals.

Anything that may take more than ~100 ms (file reads, imports, exports) goes through
``run_in_background`` so the window keeps painting and stays responsive.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

Progress = Callable[[int, str], None]


class WorkerSignals(QObject):
    progress = Signal(int, str)
    succeeded = Signal(object)
    failed = Signal(object)


class _Relay(QObject):
    """Lives on the GUI thread, so queued signals land there before any callback runs.

    (A plain Python callable connected to a signal from a pool thread would run in that
    thread, where touching a widget is undefined behaviour.)
    """

    finished = Signal()

    def __init__(
        self,
        on_success: Callable[[Any], None],
        on_failure: Callable[[Exception], object],
        on_progress: Callable[[int, str], None] | None,
    ) -> None:
        super().__init__()
        self._on_success = on_success
        self._on_failure = on_failure
        self._on_progress = on_progress

    @Slot(int, str)
    def progress(self, percent: int, message: str) -> None:
        if self._on_progress is not None:
            self._on_progress(percent, message)

    @Slot(object)
    def succeeded(self, result: object) -> None:
        try:
            self._on_success(result)
        finally:
            self.finished.emit()

    @Slot(object)
    def failed(self, error: Exception) -> None:
        try:
            self._on_failure(error)
        finally:
            self.finished.emit()


class Worker(QRunnable):
    """Calls ``job(progress)`` in a pool thread; the result or exception comes back by signal."""

    def __init__(self, job: Callable[[Progress], Any]) -> None:
        super().__init__()
        self.job = job
        self.signals = WorkerSignals()
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.job(self.signals.progress.emit)
        except Exception as error:
            error.add_note(traceback.format_exc())
            self.signals.failed.emit(error)
        else:
            self.signals.succeeded.emit(result)


_running: set[_Relay] = set()


def jobs_running() -> int:
    """How many background jobs have not yet had their callback run: zero once every
    job started so far, and what its callback opened, has landed (tests wait on it
    instead of on a clock)."""
    return len(_running)


def run_in_background(
    job: Callable[[Progress], Any],
    on_success: Callable[[Any], None],
    on_failure: Callable[[Exception], object],
    on_progress: Callable[[int, str], None] | None = None,
    pool: QThreadPool | None = None,
) -> QObject:
    """Start ``job`` in the pool; callbacks run on the GUI thread. Returns the relay,
    whose ``finished`` signal fires after the success or failure callback."""
    relay = _Relay(on_success, on_failure, on_progress)
    _running.add(relay)
    relay.finished.connect(lambda: _running.discard(relay))
    worker = Worker(job)
    worker.signals.progress.connect(relay.progress)
    worker.signals.succeeded.connect(relay.succeeded)
    worker.signals.failed.connect(relay.failed)
    (pool or QThreadPool.globalInstance()).start(worker)
    return relay
