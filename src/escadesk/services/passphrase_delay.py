"""The wrong-passphrase delay, kept in the data rather than in one process's memory
(issue 15, item 8): each new escadesk-cli process used to start without a delay, so a
script could try passphrases as fast as the key derivation allowed.

Recorded in the settings table: how many attempts failed in a row and the wall-clock
time before which no attempt is allowed. Wall-clock, because processes share no other
clock; a clock set back cannot lengthen the wait beyond the longest delay (30 s). A
failure to record (a full disk) never hides the passphrase's answer: this process's own
delay still applies.
"""

from __future__ import annotations

import json

from escadesk.storage.database import Database
from escadesk.storage.models import Setting

KEY = "vault.passphrase_delay"
#: The longest delay between two attempts (seconds); the delays are 1, 2, 4 … 30.
MAX_DELAY_SECONDS = 30


def _read(database: Database) -> tuple[int, float]:
    try:
        with database.reading() as session:
            setting = session.get(Setting, KEY)
            if setting is None:
                return 0, 0.0
            data = json.loads(setting.value)
            return int(data["failures"]), float(data["not_before"])
    except (ValueError, KeyError, TypeError):
        return 0, 0.0


def failures(database: Database) -> int:
    return _read(database)[0]


def remaining(database: Database, now: float) -> float:
    """Seconds still to wait according to the data (0 when none)."""
    _count, not_before = _read(database)
    return min(max(0.0, not_before - now), MAX_DELAY_SECONDS)


def record(database: Database, count: int, not_before: float) -> None:
    value = json.dumps({"failures": count, "not_before": not_before})
    try:
        with database.transaction() as session:
            setting = session.get(Setting, KEY)
            if setting is None:
                session.add(Setting(key=KEY, value=value))
            else:
                setting.value = value
    except OSError:  # a full disk (DiskFullError) or a read-only medium
        return


def clear(database: Database) -> None:
    try:
        with database.transaction() as session:
            setting = session.get(Setting, KEY)
            if setting is not None:
                session.delete(setting)
    except OSError:
        return
