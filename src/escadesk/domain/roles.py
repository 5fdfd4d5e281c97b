"""Who may do what: the three roles of a team on a shared server, and what each may do.

The database engine enforces the roles (its GRANTs, see storage/server_roles.py); this is
the same rule in words the window can follow, so it hides what the engine would refuse.
Reading and exporting are everyone's; a SQLite file has one user, who may do everything.
"""

from __future__ import annotations

from enum import StrEnum


class Capability(StrEnum):
    #: Record, reveal, charge and erase cards, and take the decision (which charges and
    #: erases them): the vault's acts.
    VAULT = "vault"
    #: Change the data: registrations, workshops, letters, settings, benchmarking answers.
    EDIT = "edit"
    #: Not a role's but a desk's: the vault is open in this window, on the vault desk (the
    #: computer whose keychain holds the device key, services/vault_desk.py). Elsewhere
    #: the window shows masked cards and no vault command.
    VAULT_HERE = "vault_here"


class Role(StrEnum):
    DIRECTOR = "director"
    STAFF = "staff"
    FINANCE = "finance"


CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.DIRECTOR: frozenset({Capability.VAULT, Capability.EDIT}),
    Role.STAFF: frozenset({Capability.EDIT}),
    Role.FINANCE: frozenset(),
}

#: What each role is, in the words the CLI's help and messages use.
DESCRIPTIONS: dict[Role, str] = {
    Role.DIRECTOR: "everything, the vault's cards included",
    Role.STAFF: "everything but the vault (sees masked cards only)",
    Role.FINANCE: "reads and exports; changes nothing",
}


def capabilities(role: Role) -> frozenset[Capability]:
    return CAPABILITIES[role]
