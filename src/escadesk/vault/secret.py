"""Key material held in mutable buffers that are overwritten when no longer needed.

Python cannot promise that no copy of a key survives (the crypto library makes its own,
immutable, copies while it works), but keys we hold are wiped on lock, on rotation and
when dropped, which keeps them out of long-lived memory and crash dumps in practice.
"""

from __future__ import annotations

import hmac
import secrets


class SecretKey:
    """A key in a bytearray; ``wipe`` zeroes it and makes further use an error."""

    __slots__ = ("_buffer",)

    def __init__(self, material: bytes | bytearray) -> None:
        self._buffer: bytearray | None = bytearray(material)
        if isinstance(material, bytearray):
            material[:] = bytes(len(material))

    @classmethod
    def random(cls, size: int = 32) -> SecretKey:
        return cls(bytearray(secrets.token_bytes(size)))

    def bytes(self) -> bytes:
        """A short-lived immutable copy for a crypto call (see the module note)."""
        if self._buffer is None:
            raise RuntimeError("This key has been wiped (the vault is locked).")
        return bytes(self._buffer)

    @property
    def wiped(self) -> bool:
        return self._buffer is None

    def wipe(self) -> None:
        if self._buffer is not None:
            self._buffer[:] = bytes(len(self._buffer))
            self._buffer = None

    def same_as(self, other: SecretKey) -> bool:
        return hmac.compare_digest(self.bytes(), other.bytes())

    def __len__(self) -> int:
        return 0 if self._buffer is None else len(self._buffer)

    def __repr__(self) -> str:  # never the material
        return "SecretKey(wiped)" if self._buffer is None else f"SecretKey({len(self)} bytes)"

    def __del__(self) -> None:
        self.wipe()
