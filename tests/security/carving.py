"""Carve a raw disk image for the vault's keys and ciphertexts, as someone holding the
image and the passphrase would, and decrypt with escadesk's own kdf, keys and envelope.

What is carved (every candidate is deduplicated):
- key derivation parameters: the KDF's JSON text (salt included), as the vault row keeps it;
- device secrets, 32 bytes: base64 and hex tokens anywhere; raw slices at every offset
  within ``NEAR`` bytes of a key-file marker (a secret's name, as a key file or a keychain
  slot holds it), keeping only slices that look random (see :func:`_plausible`);
- wrapped data keys: 61-byte envelopes (format byte 1, nonce, key, tag) near every record
  id (a UUID's text) in the image: the id is the associated data they are bound to;
- card ciphertexts: envelopes of any length near the same record id, tried only with a data
  key that did unwrap.
A card counts as decrypted when its envelope opens and holds one of the expected numbers.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass, field

from escadesk.vault.envelope import TamperedError, associated_data, open_sealed, unwrap
from escadesk.vault.kdf import KdfParams, derive
from escadesk.vault.keys import vault_key
from escadesk.vault.secret import SecretKey

KDF_JSON = re.compile(
    rb'\{"algorithm": "argon2id", "iterations": \d+, "lanes": \d+, "memory_kib": \d+, '
    rb'"salt": "[0-9a-f]{32}"\}'
)
UID = re.compile(rb"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
BASE64_32 = re.compile(rb"(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{43}=")
HEX_32 = re.compile(rb"(?<![0-9a-fA-F])[0-9a-fA-F]{64}(?![0-9a-fA-F])")
#: What sits beside a device secret in a key file or a keychain slot: its name.
KEY_MARKERS = (b"device-secret", b"device--secret")
NEAR = 512
WRAPPED_BYTES = 1 + 12 + 32 + 16
#: Where, around a record id, its envelopes are looked for (a row is a few hundred bytes).
ROW_BEFORE, ROW_AFTER = 256, 1024
MAX_BLOB = 1024


@dataclass
class CarveReport:
    kdf_params: int = 0
    device_candidates: int = 0
    wrapped_candidates: int = 0
    vault_keys_that_unwrap: int = 0
    data_keys: int = 0
    attempts: int = 0
    decrypted: set[str] = field(default_factory=set)

    def line(self) -> str:
        return (
            f"{self.kdf_params} KDF parameter sets, {self.device_candidates} device-key "
            f"candidates, {self.wrapped_candidates} wrapped-key candidates, "
            f"{self.attempts} decryption attempts: {self.vault_keys_that_unwrap} vault keys "
            f"unwrapped {self.data_keys} data keys, {len(self.decrypted)} cards decrypted"
        )


def _plausible(candidate: bytes) -> bool:
    """A random 32-byte key: not all printable text, and at least 16 distinct byte values
    (secrets.token_bytes(32) has about 30; fewer than 16 has a chance below 1e-9)."""
    if len(set(candidate)) < 16:
        return False
    return not all(32 <= byte < 127 for byte in candidate)


def device_candidates(image: bytes) -> set[bytes]:
    found: set[bytes] = set()
    for match in BASE64_32.finditer(image):
        try:
            found.add(base64.b64decode(match.group(), validate=True))
        except binascii.Error:
            continue
    for match in HEX_32.finditer(image):
        found.add(bytes.fromhex(match.group().decode("ascii")))
    for marker in KEY_MARKERS:
        start = image.find(marker)
        while start != -1:
            low, high = max(0, start - NEAR), min(len(image) - 32, start + NEAR)
            for offset in range(low, high):
                slice_ = image[offset : offset + 32]
                if _plausible(slice_):
                    found.add(slice_)
            start = image.find(marker, start + 1)
    return {candidate for candidate in found if len(candidate) == 32}


def _row_windows(image: bytes) -> dict[str, list[tuple[int, int]]]:
    windows: dict[str, list[tuple[int, int]]] = {}
    for match in UID.finditer(image):
        uid = match.group().decode("ascii")
        windows.setdefault(uid, []).append(
            (max(0, match.start() - ROW_BEFORE), min(len(image), match.end() + ROW_AFTER))
        )
    return windows


def _envelope_starts(image: bytes, low: int, high: int) -> list[int]:
    starts, at = [], image.find(b"\x01", low, high)
    while at != -1:
        starts.append(at)
        at = image.find(b"\x01", at + 1, high)
    return starts


def carve(image: bytes, passphrase: str, numbers: set[str]) -> CarveReport:
    report = CarveReport()
    params = {match.group() for match in KDF_JSON.finditer(image)}
    report.kdf_params = len(params)
    passphrase_keys = [derive(passphrase, KdfParams.from_json(text.decode())) for text in params]
    devices = device_candidates(image)
    report.device_candidates = len(devices)
    windows = _row_windows(image)
    wrapped: set[tuple[str, bytes]] = set()
    for uid, spans in windows.items():
        for low, high in spans:
            for start in _envelope_starts(image, low, high):
                blob = image[start : start + WRAPPED_BYTES]
                if len(blob) == WRAPPED_BYTES:
                    wrapped.add((uid, blob))
    report.wrapped_candidates = len(wrapped)

    data_keys: dict[str, set[bytes]] = {}
    for passphrase_key in passphrase_keys:
        for device in devices:
            key = vault_key(passphrase_key, SecretKey(device))
            unwrapped = False
            for uid, blob in wrapped:
                report.attempts += 1
                try:
                    data_key = unwrap(key, blob, associated_data(uid, "card-key"))
                except TamperedError:
                    continue
                unwrapped = True
                data_keys.setdefault(uid, set()).add(data_key.bytes())
                data_key.wipe()
            report.vault_keys_that_unwrap += unwrapped
            key.wipe()
    report.data_keys = sum(len(keys) for keys in data_keys.values())

    for uid, keys in data_keys.items():
        for material in keys:
            number = _open_card(image, windows[uid], uid, SecretKey(material), report)
            if number is not None and number in numbers:
                report.decrypted.add(number)
                break
    return report


def _open_card(
    image: bytes, spans: list[tuple[int, int]], uid: str, key: SecretKey, report: CarveReport
) -> str | None:
    aad = associated_data(uid, "card")
    for low, high in spans:
        for start in _envelope_starts(image, low, high):
            for length in range(1 + 12 + 16 + 1, MAX_BLOB):
                blob = image[start : start + length]
                if len(blob) < length:
                    break
                report.attempts += 1
                try:
                    payload = open_sealed(key, blob, aad)
                except TamperedError:
                    continue
                return str(json.loads(payload)["card_number"])
    return None
