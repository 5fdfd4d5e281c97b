"""What every service shares: the database, the clock and who is acting."""

from __future__ import annotations

from dataclasses import dataclass

from escadesk.services.clock import Clock
from escadesk.storage.database import Database


@dataclass
class ServiceContext:
    database: Database
    clock: Clock
    actor: str
