"""Where the device secret lives: the OS keychain (Windows Credential Locker, macOS
Keychain, Secret Service on Linux) through ``keyring``, behind a small interface.

The device secret is half of the vault key: a copy of the database alone, even with the
passphrase, opens nothing. Where no keychain exists, the director may choose the explicit
file fallback, which keeps the secret in an owner-only file in the data folder (weaker: a
copy of the whole data folder then needs only the passphrase), rewritten in place so that
a rotated-out secret does not survive in a freed block of the disk (see FileKeychain).
"""

from __future__ import annotations

import base64
import contextlib
import os
import struct
import threading
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Protocol

from escadesk.atomic_files import fsync_folder

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


class FileKeychainFullError(OSError):
    """Every slot of the key file is taken (never in normal use: a vault uses three)."""


class FileKeychain:
    """The documented fallback: one owner-only file of fixed-size slots in the data folder,
    always rewritten in place, so that no earlier device secret is left on the disk.

    Crypto-erase rests on the old device secret being gone: with it and the passphrase,
    old wrapped keys and ciphertexts left in freed blocks of the database files (WAL frames,
    vacuumed pages) decrypt again. A file written anew and renamed over the old one leaves
    the old secret in a freed block, so this keychain never writes a new file:

    - ``keychain.slots`` is created once at its full size, explicitly zero-filled and
      fsynced (its blocks allocated then), and never grows, shrinks or is renamed;
    - a value is written into a free slot and fsynced, *then* every older slot of the same
      name is overwritten with zeros and fsynced (a crash in between leaves two copies,
      the newer one winning, and the next write zeroes the older);
    - deleting zeroes the name's slots; a slot holds a checksum, so a torn write reads as
      empty and the previous slot still counts.

    On ext4 (default data=ordered, also data=writeback) and NTFS, file data is not copied
    into the journal and an overwrite reaches the same block. It does not hold on copy-on-
    write file systems (btrfs, ZFS, APFS), under data=journal, in snapshots or backups of
    the folder, or below the file system (an SSD's flash translation may keep the old page).

    Secrets kept by earlier versions in one ``<name>.key`` file each are moved into a slot
    when first read and their files overwritten with zeros before they are removed.
    """

    kind = "file"

    FILE_NAME = "keychain.slots"
    SLOT_BYTES = 512
    SLOTS = 16  # 8 KiB: device secret, its "next", the audit anchor, and room to replace
    MAGIC = b"ESKSLOT1"
    MAX_NAME = 160
    MAX_VALUE = 320
    _HEADER = struct.Struct(">8sQHH")  # magic, sequence, name length, value length
    _BODY = _HEADER.size + MAX_NAME + MAX_VALUE

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._lock = threading.Lock()

    @property
    def path(self) -> Path:
        return self._folder / self.FILE_NAME

    # -- the slot file ---------------------------------------------------------------------

    def _pack(self, sequence: int, name: bytes, value: bytes) -> bytes:
        body = (
            self._HEADER.pack(self.MAGIC, sequence, len(name), len(value))
            + name.ljust(self.MAX_NAME, b"\0")
            + value.ljust(self.MAX_VALUE, b"\0")
        )
        slot = body + struct.pack(">I", zlib.crc32(body))
        return slot.ljust(self.SLOT_BYTES, b"\0")

    def _unpack(self, slot: bytes) -> tuple[int, str, bytes] | None:
        """(sequence, name, value), or None for an empty, zeroed or torn slot."""
        body = slot[: self._BODY]
        (checksum,) = struct.unpack(">I", slot[self._BODY : self._BODY + 4])
        if not body.startswith(self.MAGIC) or zlib.crc32(body) != checksum:
            return None
        _magic, sequence, name_length, value_length = self._HEADER.unpack_from(body)
        if name_length > self.MAX_NAME or value_length > self.MAX_VALUE:
            return None
        offset = self._HEADER.size
        name = body[offset : offset + name_length].decode("utf-8")
        value = body[offset + self.MAX_NAME : offset + self.MAX_NAME + value_length]
        return sequence, name, value

    def _slots(self, handle: BinaryIO) -> list[tuple[int, str, bytes] | None]:
        handle.seek(0)
        data = handle.read(self.SLOTS * self.SLOT_BYTES)
        return [
            self._unpack(data[index * self.SLOT_BYTES : (index + 1) * self.SLOT_BYTES])
            for index in range(len(data) // self.SLOT_BYTES)
        ]

    def _write_slot(self, handle: BinaryIO, index: int, slot: bytes) -> None:
        """Overwrite one slot in place and wait until it is on the disk."""
        handle.seek(index * self.SLOT_BYTES)
        handle.write(slot)
        handle.flush()
        os.fsync(handle.fileno())

    def _create(self) -> None:
        """The slot file at its full size, zero-filled and fsynced (its block allocated)."""
        self._folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            descriptor = os.open(
                self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_BINARY", 0), 0o600
            )
        except FileExistsError:
            return
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(bytes(self.SLOTS * self.SLOT_BYTES))
            handle.flush()
            os.fsync(handle.fileno())
        fsync_folder(self._folder)

    @contextlib.contextmanager
    def _opened(self, create: bool) -> Iterator[BinaryIO | None]:
        if create:
            self._create()
        elif not self.path.exists():
            yield None
            return
        with self.path.open("r+b", buffering=0) as handle:
            yield handle

    # -- the keychain ----------------------------------------------------------------------

    def get(self, name: str) -> bytes | None:
        with self._lock, self._opened(create=False) as handle:
            found = None if handle is None else self._newest(self._slots(handle), name)
        if found is not None:
            return found
        legacy = self._legacy_value(name)
        if legacy is not None:  # an earlier version's file: into a slot, then shredded
            self.set(name, legacy)
        return legacy

    def set(self, name: str, value: bytes) -> None:
        encoded = name.encode("utf-8")
        if len(encoded) > self.MAX_NAME or len(value) > self.MAX_VALUE:
            raise ValueError("A key file slot holds names and values of limited size.")
        with self._lock, self._opened(create=True) as handle:
            assert handle is not None
            slots = self._slots(handle)
            free = [index for index, slot in enumerate(slots) if slot is None]
            if not free:
                raise FileKeychainFullError(f"Every slot of {self.path} is in use.")
            sequence = 1 + max((slot[0] for slot in slots if slot is not None), default=0)
            self._write_slot(handle, free[0], self._pack(sequence, encoded, bytes(value)))
            self._zero(handle, slots, name)  # every older copy, now that the new one holds
        self._shred_legacy(name)

    def delete(self, name: str) -> None:
        with self._lock, self._opened(create=False) as handle:
            if handle is not None:
                self._zero(handle, self._slots(handle), name)
        self._shred_legacy(name)

    @staticmethod
    def _newest(slots: list[tuple[int, str, bytes] | None], name: str) -> bytes | None:
        mine = [slot for slot in slots if slot is not None and slot[1] == name]
        return max(mine)[2] if mine else None

    def _zero(
        self, handle: BinaryIO, slots: list[tuple[int, str, bytes] | None], name: str
    ) -> None:
        for index, slot in enumerate(slots):
            if slot is not None and slot[1] == name:
                self._write_slot(handle, index, bytes(self.SLOT_BYTES))

    # -- files of earlier versions ---------------------------------------------------------

    def _legacy_path(self, name: str) -> Path:
        return self._folder / f"{name.replace('/', '--')}.key"

    def _legacy_value(self, name: str) -> bytes | None:
        path = self._legacy_path(name)
        with self._lock:
            return base64.b64decode(path.read_text("ascii")) if path.exists() else None

    def _shred_legacy(self, name: str) -> None:
        """Zero an earlier version's key file (and its temporary file) in place, then
        remove it. Blocks it freed in earlier rotations are beyond reach."""
        with self._lock:
            legacy = self._legacy_path(name)
            for path in (legacy, legacy.with_suffix(".tmp")):
                if not path.exists():
                    continue
                size = path.stat().st_size
                with path.open("r+b") as handle:
                    handle.write(bytes(size))
                    handle.flush()
                    os.fsync(handle.fileno())
                path.unlink()
