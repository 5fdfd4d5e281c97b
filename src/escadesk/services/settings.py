"""Small key/value settings kept in the database (so they travel with the data)."""

from __future__ import annotations

from escadesk.storage.database import Database
from escadesk.storage.models import Setting

#: When set, the app's clock stands still at this ISO instant (the demo's 'today').
FIXED_CLOCK_SETTING = "clock.fixed_at"


class SettingsService:
    def __init__(self, database: Database) -> None:
        self._database = database

    def get(self, key: str, default: str | None = None) -> str | None:
        with self._database.reading() as session:
            setting = session.get(Setting, key)
            return setting.value if setting else default

    def set(self, key: str, value: str) -> None:
        with self._database.transaction() as session:
            setting = session.get(Setting, key)
            if setting is None:
                session.add(Setting(key=key, value=value))
            else:
                setting.value = value
