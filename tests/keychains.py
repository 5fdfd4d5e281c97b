"""Keychains for tests beyond MemoryKeychain (shared by the service and UI tests)."""

from __future__ import annotations

from escadesk.vault.keychain import MemoryKeychain

REFUSAL = "The keychain is not available."
ANCHOR_SUFFIX = "/audit-anchor"


class WriteFailingKeychain(MemoryKeychain):
    """An in-memory keychain that can stop accepting writes (an OS keychain locked or
    gone mid-session): reading and deleting keep working. Works normally until
    :meth:`fail_after` is called.

    Only device-key writes are counted (the budget and ``refused``): the audit anchor is
    written after every audited commit (vault/audit_chain.py), and counting those would
    tie each test to how many commits a use case makes. Once refusing, anchor writes are
    refused too, as a real keychain would."""

    def __init__(self) -> None:
        super().__init__()
        self._writes_left: int | None = None
        #: How many writes were refused.
        self.refused = 0

    def fail_after(self, writes: int = 0) -> None:
        """Accept ``writes`` more writes, then refuse every one (a key rotation writes
        twice: the next device key, then the swap)."""
        self._writes_left = writes

    def recover(self) -> None:
        self._writes_left = None

    def set(self, name: str, value: bytes) -> None:
        key_write = not name.endswith(ANCHOR_SUFFIX)
        if self._writes_left is not None:
            if self._writes_left <= 0:
                self.refused += key_write
                raise OSError(REFUSAL)
            self._writes_left -= key_write
        super().set(name, value)
