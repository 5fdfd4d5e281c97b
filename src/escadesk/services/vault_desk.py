"""The vault desk (issue 20): the one computer whose keychain holds the vault's device key.

Crypto-erase destroys a card by destroying the key that wrapped it; that is only real if
the device key exists in one place. So on a shared server the vault stays on one desk, and
every other desk works with masked cards. The database records which desk that is, so
that a refusal elsewhere can say where to go.

It is a setting (``vault.desk``), not a column of the vault row: it is a label for people,
read by no rule of the vault (holding the device key is what makes a desk the vault desk,
never this name), and a setting needs no migration. It is written in the transaction that
sets the vault up, and again by an unlock that finds another name recorded (a renamed
computer, a moved vault), with an audit entry each time: two desks that both hold the key
would show up in the audit log as a name flipping back and forth.

While the vault moves to another computer (``escadesk-cli vault move-out``, then
``move-in``: services/vault_move.py) no desk holds its device key: the key is in the move
file only. The setting ``vault.in_transit`` says so (from which desk, by whom, when, the
file's fingerprint), so that every desk refuses the vault with where it went.
"""

from __future__ import annotations

import getpass
import json
import socket
from dataclasses import asdict, dataclass

from sqlalchemy.orm import Session

from escadesk.domain.roles import Role
from escadesk.i18n import _
from escadesk.storage.models import Setting

VAULT_DESK_SETTING = "vault.desk"
#: The move under way, if any (services/vault_move.py): no desk holds the key meanwhile.
TRANSIT_SETTING = "vault.in_transit"


def this_desk() -> str:
    """This computer and its user, as people name a desk: "lab-pc-3 (director)"."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown user"
    return f"{socket.gethostname() or 'this computer'} ({user})"


def recorded_desk(session: Session) -> str | None:
    setting = session.get(Setting, VAULT_DESK_SETTING)
    return setting.value if setting is not None else None


def record_desk(session: Session, desk: str) -> str | None:
    """Record ``desk`` as the vault desk in the caller's transaction; the name it replaces."""
    setting = session.get(Setting, VAULT_DESK_SETTING)
    if setting is None:
        session.add(Setting(key=VAULT_DESK_SETTING, value=desk))
        return None
    previous, setting.value = setting.value, desk
    return previous


@dataclass(frozen=True)
class Transit:
    """A move under way: the vault's device key is in a move file only (written by
    ``move_out`` in the transaction that replaced the key), until a ``move_in``."""

    from_desk: str
    by: str
    #: When the move file was written ("2018-09-28 10:00 UTC").
    at: str
    #: The key generation the move file's key opens (the vault's while in transit).
    generation: int
    #: The move file's fingerprint (vault/move_file.py ``file_fingerprint``): only that
    #: file moves the vault in.
    file: str

    def words(self) -> str:
        """What every desk says while the vault is on its way."""
        return _(
            "The vault is on its way to another computer: move file written by {by} on "
            "{desk} at {at}; move it in there (escadesk-cli vault move-in FILE), or move it "
            "back in here with the same file. Until then no computer opens the cards "
            "(recording, revealing, charging and erasing cards, and the decision)."
        ).format(by=self.by, desk=self.from_desk, at=self.at)


def recorded_transit(session: Session) -> Transit | None:
    setting = session.get(Setting, TRANSIT_SETTING)
    if setting is None or not setting.value:
        return None
    try:
        return Transit(**json.loads(setting.value))
    except (ValueError, TypeError):  # damaged: still in transit, described as such
        return Transit(_("an unknown desk"), _("someone"), _("an unknown time"), 0, "")


def record_transit(session: Session, transit: Transit | None) -> None:
    """Record the move under way (None: the vault arrived) in the caller's transaction."""
    setting = session.get(Setting, TRANSIT_SETTING)
    if transit is None:
        if setting is not None:
            session.delete(setting)
        return
    value = json.dumps(asdict(transit), sort_keys=True)
    if setting is None:
        session.add(Setting(key=TRANSIT_SETTING, value=value))
    else:
        setting.value = value


def desk_words(desk: str | None) -> str:
    return desk or _("the computer where the vault was set up (its name was not recorded)")


@dataclass(frozen=True)
class VaultDesk:
    """Where this process stands: whether it may open the vault here, and where it is."""

    #: The vault desk's name as recorded (None: not recorded, or no vault yet).
    name: str | None
    #: This computer's keychain holds the vault's device key.
    holds_key: bool
    #: The role this process runs as may use the vault at all.
    role_may: bool
    role: Role
    #: The vault is on its way to another computer: no desk opens it.
    transit: Transit | None = None

    @property
    def here(self) -> bool:
        """The vault can be unlocked here (this desk, and a role that uses it)."""
        return self.holds_key and self.role_may and self.transit is None

    @property
    def message(self) -> str:
        """What the unlock page and every refusal say on a desk that is not the vault's."""
        if self.transit is not None:
            return self.transit.words()
        if not self.role_may:
            return _(
                "Cards are opened on the vault desk: {desk}. Your role ({role}) works with "
                "masked cards only."
            ).format(desk=desk_words(self.name), role=self.role)
        return _(
            "Cards are opened on the vault desk: {desk}. This computer's keychain has no "
            "device key for this vault, so recording, revealing, charging and erasing "
            "cards, and the decision are done there; everything else can be done here."
        ).format(desk=desk_words(self.name))
