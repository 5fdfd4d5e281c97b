"""What every service shares: the database, the clock and who is acting."""

from __future__ import annotations

from dataclasses import dataclass

from escadesk.domain.roles import Capability, Role, capabilities
from escadesk.services.clock import Clock
from escadesk.storage.database import Database


@dataclass
class ServiceContext:
    database: Database
    clock: Clock
    actor: str
    #: What the actor may do (services/identity.py): on a server, from its database role.
    role: Role = Role.DIRECTOR

    @property
    def capabilities(self) -> frozenset[Capability]:
        return capabilities(self.role)
