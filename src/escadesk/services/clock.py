"""Where "now" comes from: the system clock, or a fixed instant for the demo and tests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol

from escadesk.domain.moments import require_aware

#: Settings key: when set, the app's clock stands still at this ISO instant (the demo's
#: 'today'). Here, not in services/settings.py, so that the unlock page can read it before
#: the database layer is loaded (services/first_look.py).
FIXED_CLOCK_SETTING = "clock.fixed_at"


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock that stays where it is put; ``set`` moves it (the demo's 'today')."""

    def __init__(self, moment: datetime) -> None:
        require_aware(moment)
        self._moment = moment

    def now(self) -> datetime:
        return self._moment

    def set(self, moment: datetime) -> None:
        require_aware(moment)
        self._moment = moment
