"""Moving the vault desk to another computer (issue 20): the checks and the words.

The device key exists in exactly one place at every moment (README, "Moving the vault
desk"). ``VaultService.move_out`` (on the vault desk, unlocked) makes a new device key,
seals it into the move file, and in one transaction re-wraps every stored key under it
and records the vault as in transit (services/vault_desk.py ``Transit``); then it deletes
every device key from this desk's keychain. From then on no desk opens the vault and no
erasure can happen. ``move_in`` (any computer on the same data, the old one included:
that cancels the move) checks the file, keeps its key and at once replaces it again, so
the file is dead the moment the move completes. A failure at any step changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from escadesk.i18n import _
from escadesk.services.vault_desk import Transit
from escadesk.vault.move_file import MoveFile


@dataclass(frozen=True)
class MoveOut:
    path: Path
    desk: str
    generation: int
    #: This desk's keychain let go of every device key (False: it refused; the next
    #: start here retries, see VaultService._settle_keychain).
    keys_removed: bool


@dataclass(frozen=True)
class MoveIn:
    desk: str
    from_desk: str
    generation: int
    #: The used move file was overwritten and removed (False: remove it by hand).
    file_removed: bool


def moment(at: datetime) -> str:
    """How a move's time is shown and recorded: "2018-09-28 10:00 UTC"."""
    return f"{at:%Y-%m-%d %H:%M %Z}".rstrip()


def target_problem(target: Path) -> str | None:
    """A move file is written to a new name only: never over a file someone kept."""
    if target.exists():
        return _("{target} already exists: give a new file name. Nothing was written.").format(
            target=target
        )
    return None


def file_problem(
    move: MoveFile, vault_uid: str, generation: int, transit: Transit | None, desk: str | None
) -> str | None:
    """Why this move file cannot move this vault in, before any passphrase is asked for
    (so a wrong file costs no passphrase delay): another vault's, no move under way, or
    not the file of the move under way."""
    header = move.header
    written = {
        "from_desk": header.from_desk,
        "written_by": header.written_by,
        "written_at": header.written_at,
    }
    if header.vault_uid != vault_uid:
        return _(
            "This move file is for another vault ({file_vault}; this database's is "
            "{vault}): it was written on {from_desk} by {written_by} at {written_at}. "
            "Nothing was changed."
        ).format(file_vault=header.vault_uid, vault=vault_uid, **written)
    if transit is None:
        if desk:
            return _(
                "This move file (written on {from_desk} by {written_by} at {written_at}) "
                "opens nothing: the vault is not on its way to another computer (on the "
                "vault desk, {desk}). A move file is dead once its move is completed, or "
                "when its move-out did not finish. Nothing was changed."
            ).format(desk=desk, **written)
        return _(
            "This move file (written on {from_desk} by {written_by} at {written_at}) opens "
            "nothing: the vault is not on its way to another computer. A move file is dead "
            "once its move is completed, or when its move-out did not finish. Nothing was "
            "changed."
        ).format(**written)
    if header.generation != transit.generation or move.fingerprint != transit.file:
        return _(
            "This is not the move file of the move under way: it was written on {from_desk} "
            "by {written_by} at {written_at}, and the vault travels in the one written by "
            "{by} on {desk} at {at}. Nothing was changed."
        ).format(by=transit.by, desk=transit.from_desk, at=transit.at, **written)
    if generation != transit.generation:  # a database restored from a copy, or damaged
        return _(
            "The database's vault is at key generation {generation}, not the move's "
            "({move_generation}): was it restored from a copy? Nothing was changed."
        ).format(generation=generation, move_generation=transit.generation)
    return None
