"""AES-256-GCM envelopes: a fresh 96-bit nonce per encryption, context bound as AAD.

Layout: 1 format byte, 12-byte nonce, ciphertext with its 16-byte tag. The associated
data names the record, the field and the format version, so a ciphertext moved to another
record or field fails to open instead of decrypting as the wrong thing.
"""

from __future__ import annotations

import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from escadesk.vault.secret import SecretKey

FORMAT = 1
NONCE_BYTES = 12


class TamperedError(ValueError):
    """A ciphertext does not open: altered, moved, or the key is wrong."""


def associated_data(record: str, field: str) -> bytes:
    return f"escadesk/v{FORMAT}/{record}/{field}".encode()


def seal(key: SecretKey, plaintext: bytes, aad: bytes) -> bytes:
    nonce = secrets.token_bytes(NONCE_BYTES)
    return bytes([FORMAT]) + nonce + AESGCM(key.bytes()).encrypt(nonce, plaintext, aad)


def open_sealed(key: SecretKey, blob: bytes, aad: bytes) -> bytes:
    if len(blob) < 1 + NONCE_BYTES + 16 or blob[0] != FORMAT:
        raise TamperedError("The encrypted data is damaged or in an unknown format.")
    view = memoryview(blob)  # no copy of a (possibly large) ciphertext
    nonce, body = view[1 : 1 + NONCE_BYTES], view[1 + NONCE_BYTES :]
    try:
        return AESGCM(key.bytes()).decrypt(nonce, body, aad)
    except InvalidTag as error:
        raise TamperedError(
            "The encrypted data does not match its key or its record: it was altered, "
            "moved to another record, or the key is wrong."
        ) from error


def wrap(wrapping_key: SecretKey, key: SecretKey, aad: bytes) -> bytes:
    return seal(wrapping_key, key.bytes(), aad)


def unwrap(wrapping_key: SecretKey, blob: bytes, aad: bytes) -> SecretKey:
    return SecretKey(bytearray(open_sealed(wrapping_key, blob, aad)))
