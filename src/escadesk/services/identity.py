"""Who is acting, decided in one place: the actor every audit entry and ``recorded_by``
column names, and the role whose capabilities the window follows.

On a PostgreSQL server both come from the engine: the actor is ``session_user``, the
role the person logged in with (``current_user`` would turn into a group's name after a
``SET ROLE``, and it is the login that names a person); the role is what the groups of
``current_user`` allow (storage/server_roles.py), since ``current_user``'s privileges are
the ones the server applies. On a SQLite file the actor is the computer's user and the
role is director: one person owns the file.
"""

from __future__ import annotations

from dataclasses import dataclass

from escadesk.domain.roles import Capability, Role, capabilities
from escadesk.storage.database import Database


@dataclass(frozen=True)
class Identity:
    actor: str
    role: Role

    @property
    def capabilities(self) -> frozenset[Capability]:
        return capabilities(self.role)


def identify(database: Database, os_user: str, via: str | None = None) -> Identity:
    """The identity of this process on ``database``; ``os_user`` is the computer's user
    (the actor on SQLite), ``via`` a program named after the actor ("escadesk-cli")."""
    if database.engine.dialect.name != "postgresql":
        who, role = os_user, Role.DIRECTOR
    else:
        from escadesk.storage.server_roles import engine_identity

        with database.engine.connect() as connection:
            who, role = engine_identity(connection)
    return Identity(f"{who} ({via})" if via else who, role)


def role_capabilities(database: Database) -> frozenset[Capability]:
    """What the role this process runs as may do (every capability on SQLite)."""
    return identify(database, "").capabilities
