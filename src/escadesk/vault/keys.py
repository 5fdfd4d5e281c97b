"""The vault key: HKDF over the passphrase key and the device secret."""

from __future__ import annotations

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from escadesk.vault.secret import SecretKey

INFO = b"escadesk vault key v1"


def vault_key(passphrase_key: SecretKey, device_secret: SecretKey) -> SecretKey:
    """Both halves are needed: the passphrase (in the director's head) and the device
    secret (in this computer's keychain, rotated at every erasure)."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=device_secret.bytes(), info=INFO)
    return SecretKey(bytearray(hkdf.derive(passphrase_key.bytes())))
