"""The move file: the vault's device key, sealed under the passphrase, carried from the
old vault desk to the new one (services/vault.py ``move_out`` and ``move_in``, issue 20).

The device key is half of the vault key and must exist in one place only: crypto-erase
rests on it. So a move never copies the key: ``move_out`` makes a *new* device key, seals
it into this file and, in one transaction, re-wraps every stored key under it, then
deletes every device key from the old desk's keychain. While the vault is in transit the
file is the key's only place. The file:

- seals the key with AES-GCM under a key derived from the *passphrase key* (the vault's
  own Argon2id parameters, read from the database, then HKDF with a fresh salt kept in
  the file): without the passphrase and the database the file opens nothing;
- binds its header (vault id, key generation, desk, who, when) as associated data: a
  file edited to look current, or moved to another vault, fails to open;
- is named in the database by its fingerprint (a hash of the whole file, which says
  nothing of the key), so only the file of the move under way moves the vault in;
- is dead as soon as the move completes: ``move_in`` at once replaces the device key
  again (a new key generation, every stored key re-wrapped).

A lost move file cannot be replaced: the key in it exists nowhere else, so the stored
cards then open for no one (README, "Moving the vault desk").
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from escadesk.i18n import _
from escadesk.vault.envelope import associated_data, open_sealed, seal
from escadesk.vault.secret import SecretKey

FORMAT = "escadesk vault move"
VERSION = 1
#: A move file is a few hundred bytes; anything much larger is not one.
MAX_BYTES = 16 * 1024
_INFO = b"escadesk vault move v1"


class MoveFileError(ValueError):
    """The file is not a move file escadesk can read (the message says why)."""


@dataclass(frozen=True)
class MoveHeader:
    """What the file says of itself, all of it bound to the sealed key."""

    vault_uid: str
    generation: int
    from_desk: str
    written_by: str
    written_at: str

    def aad(self, salt: bytes) -> bytes:
        fields = {
            "vault": self.vault_uid,
            "generation": self.generation,
            "from": self.from_desk,
            "by": self.written_by,
            "at": self.written_at,
            "salt": salt.hex(),
        }
        return associated_data(self.vault_uid, "device-move") + json.dumps(
            fields, sort_keys=True
        ).encode("utf-8")


@dataclass(frozen=True, repr=False)
class MoveFile:
    header: MoveHeader
    salt: bytes
    sealed: bytes

    def __repr__(self) -> str:
        return f"MoveFile(vault {self.header.vault_uid}, generation {self.header.generation})"

    def to_bytes(self) -> bytes:
        header = self.header
        data = {
            "format": FORMAT,
            "version": VERSION,
            "vault": header.vault_uid,
            "generation": header.generation,
            "from": header.from_desk,
            "by": header.written_by,
            "at": header.written_at,
            "salt": self.salt.hex(),
            "sealed": base64.b64encode(self.sealed).decode("ascii"),
        }
        return (json.dumps(data, indent=2, sort_keys=True) + "\n").encode("utf-8")

    @property
    def fingerprint(self) -> str:
        """The file's name in the database (of its canonical bytes: what was written)."""
        return file_fingerprint(self.to_bytes())

    @classmethod
    def from_bytes(cls, data: bytes) -> MoveFile:
        try:
            fields = json.loads(data.decode("utf-8"))
            if not isinstance(fields, dict) or fields.get("format") != FORMAT:
                raise MoveFileError(_("it is not an escadesk move file"))
            if fields.get("version") != VERSION:
                raise MoveFileError(
                    _(
                        "it was written by another version of escadesk (format {format}); "
                        "write it again with this version"
                    ).format(format=repr(fields.get("version")))
                )
            generation = fields["generation"]
            if not isinstance(generation, int) or isinstance(generation, bool):
                raise MoveFileError(_("its key generation is not a number"))
            header = MoveHeader(
                vault_uid=str(fields["vault"]),
                generation=generation,
                from_desk=str(fields["from"]),
                written_by=str(fields["by"]),
                written_at=str(fields["at"]),
            )
            return cls(
                header,
                bytes.fromhex(fields["salt"]),
                base64.b64decode(fields["sealed"], validate=True),
            )
        except MoveFileError:
            raise
        except (UnicodeDecodeError, ValueError, KeyError, TypeError, binascii.Error):
            raise MoveFileError(_("it is not an escadesk move file (or it was damaged)")) from None


def _move_key(passphrase_key: SecretKey, salt: bytes) -> SecretKey:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=_INFO)
    return SecretKey(bytearray(hkdf.derive(passphrase_key.bytes())))


def seal_device(passphrase_key: SecretKey, device: SecretKey, header: MoveHeader) -> MoveFile:
    salt = secrets.token_bytes(16)
    key = _move_key(passphrase_key, salt)
    try:
        return MoveFile(header, salt, seal(key, device.bytes(), header.aad(salt)))
    finally:
        key.wipe()


def open_device(passphrase_key: SecretKey, move: MoveFile) -> SecretKey:
    """The device key; TamperedError when the passphrase (key) is not the one it was
    sealed under, or the file was altered."""
    key = _move_key(passphrase_key, move.salt)
    try:
        return SecretKey(bytearray(open_sealed(key, move.sealed, move.header.aad(move.salt))))
    finally:
        key.wipe()


def file_fingerprint(data: bytes) -> str:
    """Names a move file (its bytes, all of them ciphertext or header) without revealing
    anything of the key in it."""
    return hashlib.sha256(b"escadesk move file\0" + data).hexdigest()[:32]


def read_move_file(path: Path) -> MoveFile:
    """MoveFileError for a file that cannot be read or is not a move file."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as error:
        raise MoveFileError(
            _("it cannot be read ({reason})").format(reason=error.strerror or error)
        ) from None
    if len(data) > MAX_BYTES:
        raise MoveFileError(_("it is far larger than a move file"))
    return MoveFile.from_bytes(data)


def shred(path: Path) -> bool:
    """Overwrite the used move file with zeros and remove it; False if that failed (the
    file opens nothing any more, but should not lie around)."""
    try:
        size = path.stat().st_size
        with path.open("r+b") as handle:
            handle.write(bytes(size))
            handle.flush()
            os.fsync(handle.fileno())
        path.unlink()
    except OSError:
        return False
    return True
