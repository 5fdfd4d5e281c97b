"""AES-256-GCM envelopes: round trip, fresh nonces, and every kind of damage refused."""

from __future__ import annotations

import pytest

from escadesk.vault.envelope import (
    FORMAT,
    NONCE_BYTES,
    TamperedError,
    associated_data,
    open_sealed,
    seal,
    unwrap,
    wrap,
)
from escadesk.vault.secret import SecretKey

AAD = associated_data("0b7c7c5e-record", "card")
PLAINTEXT = b'{"card_number": "4111111111111111"}'


@pytest.fixture
def key() -> SecretKey:
    return SecretKey.random()


def test_round_trip(key: SecretKey) -> None:
    blob = seal(key, PLAINTEXT, AAD)

    assert blob[0] == FORMAT
    assert len(blob) == 1 + NONCE_BYTES + len(PLAINTEXT) + 16
    assert PLAINTEXT not in blob
    assert open_sealed(key, blob, AAD) == PLAINTEXT


def test_round_trip_of_empty_and_large_plaintexts(key: SecretKey) -> None:
    large = bytes(range(256)) * 4096  # 1 MiB
    assert open_sealed(key, seal(key, b"", AAD), AAD) == b""
    assert open_sealed(key, seal(key, large, AAD), AAD) == large


def test_every_seal_uses_a_fresh_nonce(key: SecretKey) -> None:
    blobs = [seal(key, PLAINTEXT, AAD) for _ in range(200)]

    assert len(set(blobs)) == len(blobs)
    nonces = {blob[1 : 1 + NONCE_BYTES] for blob in blobs}
    assert len(nonces) == len(blobs)
    assert all(open_sealed(key, blob, AAD) == PLAINTEXT for blob in blobs)


def test_a_flipped_bit_anywhere_is_refused(key: SecretKey) -> None:
    blob = seal(key, b"4111 1111 1111 1111 12/29", AAD)

    for position in range(len(blob) * 8):
        damaged = bytearray(blob)
        damaged[position // 8] ^= 1 << (position % 8)
        with pytest.raises(TamperedError) as caught:
            open_sealed(key, bytes(damaged), AAD)
        message = str(caught.value)
        assert "damaged" in message or "altered" in message, position
        assert "4111" not in message


@pytest.mark.parametrize("length", [0, 1, 1 + NONCE_BYTES, 1 + NONCE_BYTES + 15])
def test_truncated_blobs_are_refused(key: SecretKey, length: int) -> None:
    blob = seal(key, PLAINTEXT, AAD)

    with pytest.raises(TamperedError, match="damaged"):
        open_sealed(key, blob[:length], AAD)


def test_a_shortened_ciphertext_is_refused(key: SecretKey) -> None:
    blob = seal(key, PLAINTEXT, AAD)

    with pytest.raises(TamperedError):
        open_sealed(key, blob[:-1], AAD)


def test_the_wrong_key_is_refused(key: SecretKey) -> None:
    blob = seal(key, PLAINTEXT, AAD)

    with pytest.raises(TamperedError, match="key is wrong"):
        open_sealed(SecretKey.random(), blob, AAD)


@pytest.mark.parametrize(
    "other",
    [
        associated_data("0b7c7c5e-record", "code"),  # another field of the same record
        associated_data("another-record", "card"),  # the same field of another record
        b"escadesk/v2/0b7c7c5e-record/card",  # another format version
        b"",
    ],
)
def test_associated_data_binds_record_field_and_version(key: SecretKey, other: bytes) -> None:
    blob = seal(key, PLAINTEXT, AAD)

    with pytest.raises(TamperedError, match="moved to another record"):
        open_sealed(key, blob, other)


def test_associated_data_names_record_field_and_version() -> None:
    assert associated_data("r1", "scan") == f"escadesk/v{FORMAT}/r1/scan".encode()
    assert associated_data("r1", "scan") != associated_data("r2", "scan")
    assert associated_data("r1", "scan") != associated_data("r1", "code")


def test_wrap_and_unwrap_a_data_key(key: SecretKey) -> None:
    data_key = SecretKey.random()
    aad = associated_data("r1", "card-key")

    wrapped = wrap(key, data_key, aad)

    assert data_key.bytes() not in wrapped
    unwrapped = unwrap(key, wrapped, aad)
    assert unwrapped.same_as(data_key)
    assert wrap(key, data_key, aad) != wrapped  # fresh nonce for wrapping too
    with pytest.raises(TamperedError):
        unwrap(key, wrapped, associated_data("r2", "card-key"))
    with pytest.raises(TamperedError):
        unwrap(SecretKey.random(), wrapped, aad)


def test_a_wiped_key_cannot_seal_or_open(key: SecretKey) -> None:
    blob = seal(key, PLAINTEXT, AAD)
    key.wipe()

    with pytest.raises(RuntimeError, match="locked"):
        seal(key, PLAINTEXT, AAD)
    with pytest.raises(RuntimeError, match="locked"):
        open_sealed(key, blob, AAD)
