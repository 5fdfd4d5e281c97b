"""Where the device secret lives: the OS keychain (Windows Credential Locker, macOS
Keychain, Secret Service on Linux) through ``keyring``, behind a small interface.

The device secret is half of the vault key: a copy of the database alone, even with the
passphrase, opens nothing. Where no keychain exists, the director may choose the explicit
file fallback, which keeps the secret in a owner-only file in the data folder (weaker: a
copy of the whole data folder then needs only the passphrase).
"""

from __future__ import annotations

import base64
import contextlib
import os
from pathlib import Path
from typing import Protocol

SERVICE = "escadesk"


class KeychainUnavailableError(RuntimeError):
    """No usable OS keychain on this machine."""


class Keychain(Protocol):
    kind: str

    def get(self, name: str) -> bytes | None: ...

    def set(self, name: str, value: bytes) -> None: ...

    def delete(self, name: str) -> None: ...


class MemoryKeychain:
    """For tests: lives as long as the object."""

    kind = "memory"

    def __init__(self) -> None:
        self._items: dict[str, bytes] = {}

    def get(self, name: str) -> bytes | None:
        return self._items.get(name)

    def set(self, name: str, value: bytes) -> None:
        self._items[name] = bytes(value)

    def delete(self, name: str) -> None:
        self._items.pop(name, None)


class SystemKeychain:
    """The operating system's keychain via ``keyring``."""

    kind = "system"

    def __init__(self) -> None:
        """Probe with a throw-away entry: a backend can exist yet not work (no session)."""
        import keyring

        self._keyring = keyring
        probe = "escadesk-probe"
        try:
            keyring.set_password(SERVICE, probe, "ok")
            works = keyring.get_password(SERVICE, probe) == "ok"
            keyring.delete_password(SERVICE, probe)
        except Exception as error:
            raise KeychainUnavailableError(
                f"The system keychain cannot be used here ({type(error).__name__})."
            ) from error
        if not works:
            raise KeychainUnavailableError("The system keychain did not keep a test entry.")

    def get(self, name: str) -> bytes | None:
        value = self._keyring.get_password(SERVICE, name)
        return None if value is None else base64.b64decode(value)

    def set(self, name: str, value: bytes) -> None:
        self._keyring.set_password(SERVICE, name, base64.b64encode(value).decode("ascii"))

    def delete(self, name: str) -> None:
        from keyring.errors import PasswordDeleteError

        with contextlib.suppress(PasswordDeleteError):
            self._keyring.delete_password(SERVICE, name)


class FileKeychain:
    """The documented fallback: one owner-only file per secret, in the data folder."""

    kind = "file"

    def __init__(self, folder: Path) -> None:
        self._folder = folder

    def _path(self, name: str) -> Path:
        """One flat file per secret ('/' in names would make sub-folders)."""
        return self._folder / f"{name.replace('/', '--')}.key"

    def get(self, name: str) -> bytes | None:
        path = self._path(name)
        return base64.b64decode(path.read_text("ascii")) if path.exists() else None

    def set(self, name: str, value: bytes) -> None:
        self._folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = self._path(name)
        temporary = path.with_suffix(".tmp")
        descriptor = os.open(temporary, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(base64.b64encode(value).decode("ascii"))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)

    def delete(self, name: str) -> None:
        path = self._path(name)
        if path.exists():
            size = path.stat().st_size
            with path.open("r+b") as handle:  # overwrite before unlinking
                handle.write(bytes(size))
                handle.flush()
                os.fsync(handle.fileno())
            path.unlink()
