"""Which window command needs which capability (escadesk.domain.roles): the one place
that says what a role's window shows. A command not named here is everyone's (reading,
exporting, checking, the audit log, locking). The server refuses these acts to a role
anyway (its GRANTs, storage/server_roles.py); hiding them spares a refusal.

A command missing here is shown to every role and refused by the server if it writes:
add each new editing command to ``EDITING``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from escadesk.domain.roles import CAPABILITIES, Capability, Role

if TYPE_CHECKING:
    from escadesk.ui.window_api import MainWindowApi

#: The vault's acts: record a card, reveal it, charge it, erase it, and the decision
#: (which charges and erases cards); the passphrase is the vault's too.
VAULT = frozenset(
    {
        "authorization",
        "reveal",
        "charge",
        "erase_card",
        "after_event_erase",
        "decision",
        "change_passphrase",
    }
)
#: Commands that change the data (or write the letters it records).
EDITING = frozenset(
    {
        "new_registration",
        "edit_registration",
        "import_registrations",
        "returned_form",
        "form",
        "accept_late",
        "withdraw",
        "erase_personal",
        "import",
        "reprice",
        "pitch_order",
        "letters",
        "letters_reminders",
        "paper",
        "invitations",
        "new_workshop",
        "edit_workshop",
        "settings",
        "restore",
        "survey",
        "survey_answers_import",
        "reference_sets",
    }
)
NEEDS: dict[str, Capability] = {
    **{key: Capability.EDIT for key in EDITING},
    # The role's VAULT is not enough: the vault must be open here (window_capabilities).
    **{key: Capability.VAULT_HERE for key in VAULT},
}
EVERYTHING = CAPABILITIES[Role.DIRECTOR] | {Capability.VAULT_HERE}


def permitted(key: str, capabilities: frozenset[Capability]) -> bool:
    """Whether a role with ``capabilities`` sees the command ``key``."""
    needed = NEEDS.get(key)
    return needed is None or needed in capabilities


def window_capabilities(window: MainWindowApi) -> frozenset[Capability]:
    """What the window's role may do, and VAULT_HERE where the vault is open in it (a
    desk opened without the vault has none: services/vault_desk.py); everything while
    the data is still opening (no command is enabled then anyway)."""
    try:
        services = window.services
    except RuntimeError:
        return EVERYTHING
    role = services.context.capabilities
    if Capability.VAULT in role and services.vault.unlocked:
        return role | {Capability.VAULT_HERE}
    return role
