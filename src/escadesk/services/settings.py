"""Small key/value settings kept in the database (so they travel with the data)."""

from __future__ import annotations

# Re-exported: the key is defined with the clock it fixes.
from escadesk.services.clock import FIXED_CLOCK_SETTING as FIXED_CLOCK_SETTING
from escadesk.storage.database import Database
from escadesk.storage.models import Setting


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
