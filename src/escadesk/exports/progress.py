"""Progress and cancellation for an export running in a worker thread."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, str], None]
Cancelled = Callable[[], bool]


class ExportCancelled(Exception):
    """The user cancelled; the writer has left nothing behind."""


class Monitor:
    """Reports progress and asks, at each report, whether the user has cancelled."""

    def __init__(
        self, progress: Progress | None = None, cancelled: Cancelled | None = None
    ) -> None:
        self._progress = progress
        self._cancelled = cancelled

    def check(self) -> None:
        if self._cancelled is not None and self._cancelled():
            raise ExportCancelled("The export was cancelled.")

    def report(self, percent: int, message: str) -> None:
        self.check()
        if self._progress is not None:
            self._progress(max(0, min(100, percent)), message)

    def finished(self, message: str) -> None:
        """The last report: the file is in place, so it is too late to cancel."""
        if self._progress is not None:
            self._progress(100, message)

    def span(self, start: int, end: int) -> Span:
        """A share of the bar (e.g. 10-60 %) for one step that reports its own fraction."""
        return Span(self, start, end)


class Span:
    def __init__(self, monitor: Monitor, start: int, end: int) -> None:
        self._monitor = monitor
        self._start = start
        self._end = end

    def report(self, done: int, total: int, message: str) -> None:
        share = done / total if total else 1.0
        self._monitor.report(self._start + int((self._end - self._start) * share), message)
