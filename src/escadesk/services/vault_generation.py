"""Is the vault key this process holds still the vault's key? (issue 14, defence in depth)

Each escadesk process keeps its own vault key in memory. An erasure in one rotates the
device key and re-wraps every stored key; a card another process then recorded with
its old key could never be opened again. The data lock (storage/data_lock.py) keeps a
second process out, but a lock can be bypassed (a server session dropped, an older
escadesk, a folder reached by two paths the OS does not see as one file). So every
transaction that wraps a key with the in-memory vault key first checks, under the
database's write lock, that this key is current:

- the key generation stored in the vault row (bumped by every device-key rotation)
  equals the one this process unlocked or rotated to; and
- the vault's check value opens with the key. It is sealed (AES-GCM) under the current
  vault key by every change of key, a new passphrase included, so it is the key's
  fingerprint: no column of its own is needed, and an older escadesk updates it too.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from escadesk.storage.models import VaultMeta
from escadesk.vault.envelope import TamperedError, associated_data, open_sealed
from escadesk.vault.secret import SecretKey

CHECK_AAD = associated_data("vault", "check")


def lock_vault_row(session: Session) -> VaultMeta | None:
    """Take the write lock on the vault row for the rest of the caller's transaction, then
    read the row as it is now (None if the vault is not set up).

    A no-op UPDATE takes the lock, and it works the same on both databases: SQLite
    (through pysqlite) starts the transaction at its first write, so a SELECT first would
    read outside it; a server's row lock makes a concurrent rotation wait for this
    transaction, or this transaction for the rotation, then read the new generation.
    """
    session.execute(
        update(VaultMeta)
        .where(VaultMeta.id == 1)
        .values(key_generation=VaultMeta.key_generation)
        .execution_options(synchronize_session=False)
    )
    return session.get(VaultMeta, 1, populate_existing=True)


def is_current(meta: VaultMeta, generation: int, key: SecretKey) -> bool:
    """Same generation, and the check value opens with ``key``."""
    if meta.key_generation != generation:
        return False
    try:
        open_sealed(key, meta.check_blob, CHECK_AAD)
    except TamperedError:
        return False
    return True
