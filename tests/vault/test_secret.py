"""SecretKey: key material in a bytearray that is overwritten when dropped."""

from __future__ import annotations

import gc

import pytest

from escadesk.app import Services
from escadesk.vault.secret import SecretKey


def _buffer(key: SecretKey) -> bytearray:
    buffer = key._buffer  # the one mutable copy the key owns
    assert buffer is not None
    return buffer


def test_wipe_zeroes_the_buffer_and_forbids_further_use() -> None:
    key = SecretKey(bytearray(b"\x42" * 32))
    buffer = _buffer(key)

    key.wipe()

    assert buffer == bytearray(32)
    assert key.wiped and len(key) == 0
    with pytest.raises(RuntimeError, match="wiped"):
        key.bytes()
    key.wipe()  # wiping twice is harmless


def test_a_bytearray_source_is_zeroed_once_copied() -> None:
    source = bytearray(b"\x17" * 32)
    key = SecretKey(source)

    assert source == bytearray(32)
    assert key.bytes() == b"\x17" * 32


def test_random_keys_differ_and_compare_in_constant_time() -> None:
    first, second = SecretKey.random(), SecretKey.random()

    assert len(first) == 32
    assert not first.same_as(second)
    assert first.same_as(SecretKey(first.bytes()))


def test_repr_never_shows_the_material() -> None:
    key = SecretKey(bytearray(b"A" * 32))

    assert "A" not in repr(key) and "41" not in repr(key)
    assert repr(key) == "SecretKey(32 bytes)"
    key.wipe()
    assert repr(key) == "SecretKey(wiped)"


def test_dropping_a_key_wipes_it() -> None:
    key = SecretKey(bytearray(b"\x99" * 32))
    buffer = _buffer(key)

    del key
    gc.collect()

    assert buffer == bytearray(32)


def test_lock_wipes_the_vault_keys(services: Services) -> None:
    keys = services.vault._keys
    assert keys is not None
    buffers = [_buffer(keys.passphrase_key), _buffer(keys.vault)]
    assert all(any(buffer) for buffer in buffers)
    told: list[str] = []
    services.vault.on_lock.append(lambda: told.append("locked"))

    services.vault.lock()

    assert all(buffer == bytearray(32) for buffer in buffers)
    assert keys.passphrase_key.wiped and keys.vault.wiped
    assert not services.vault.unlocked
    assert told == ["locked"]
