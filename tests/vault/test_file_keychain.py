"""The file keychain rewrites one file of fixed-size slots in place: no rotation leaves an
earlier device secret in a new file, a renamed-over file or a freed block (issue 14).
The disk-level proof is tests/security/test_carved_disk_image.py."""

from __future__ import annotations

import base64
import os
import secrets
from pathlib import Path

import pytest

from escadesk.vault.keychain import FileKeychain, FileKeychainFullError

NAME = "0b6c5a5e-1d2f-4c3a-9e8d-7f6a5b4c3d2e/device-secret"
NEXT = NAME + "-next"


def _rotate(keychain: FileKeychain, new: bytes) -> None:
    """As VaultService._rotate_device_secret does: next, then the swap, then next goes."""
    keychain.set(NEXT, new)
    keychain.set(NAME, new)
    keychain.delete(NEXT)


def test_a_rotation_rewrites_the_one_file_in_place(tmp_path: Path) -> None:
    keychain = FileKeychain(tmp_path / "keys")
    first = secrets.token_bytes(32)
    keychain.set(NAME, first)
    path = keychain.path
    identity = (os.stat(path).st_ino, os.stat(path).st_size)
    assert identity[1] == FileKeychain.SLOTS * FileKeychain.SLOT_BYTES
    assert first in path.read_bytes()

    olds = [first]
    for _ in range(FileKeychain.SLOTS * 2):  # more rotations than slots: they are reused
        new = secrets.token_bytes(32)
        _rotate(keychain, new)
        olds.append(new)
    assert keychain.get(NAME) == olds[-1] and keychain.get(NEXT) is None
    assert (os.stat(path).st_ino, os.stat(path).st_size) == identity  # same file, same size
    assert sorted(p.name for p in path.parent.iterdir()) == [FileKeychain.FILE_NAME]
    content = path.read_bytes()
    for old in olds[:-1]:
        assert old not in content and base64.b64encode(old) not in content
    assert content.count(olds[-1]) == 1  # one live copy: the slot of "next" was zeroed
    assert content.count(FileKeychain.MAGIC) == 1


def test_deleting_zeroes_the_slot(tmp_path: Path) -> None:
    keychain = FileKeychain(tmp_path)
    value = secrets.token_bytes(32)
    keychain.set(NAME, value)
    keychain.delete(NAME)
    assert keychain.get(NAME) is None
    assert keychain.path.read_bytes() == bytes(FileKeychain.SLOTS * FileKeychain.SLOT_BYTES)


def test_a_crash_between_the_new_slot_and_the_zeroing_keeps_the_newer_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keychain = FileKeychain(tmp_path)
    old, new, newer = (secrets.token_bytes(32) for _ in range(3))
    keychain.set(NAME, old)

    def power_cut(*_args: object) -> None:
        raise OSError("power cut")

    monkeypatch.setattr(keychain, "_zero", power_cut)
    with pytest.raises(OSError, match="power cut"):
        keychain.set(NAME, new)
    monkeypatch.undo()
    restarted = FileKeychain(tmp_path)
    assert restarted.get(NAME) == new  # the newer slot wins
    restarted.set(NAME, newer)  # ... and the next write zeroes every older copy
    content = restarted.path.read_bytes()
    assert old not in content and new not in content and restarted.get(NAME) == newer


def test_a_torn_slot_reads_as_empty(tmp_path: Path) -> None:
    keychain = FileKeychain(tmp_path)
    old = secrets.token_bytes(32)
    keychain.set(NAME, old)
    data = bytearray(keychain.path.read_bytes())
    torn = keychain._pack(99, NAME.encode(), secrets.token_bytes(32))
    data[FileKeychain.SLOT_BYTES : 2 * FileKeychain.SLOT_BYTES] = torn[:100] + bytes(156)
    keychain.path.write_bytes(bytes(data))
    assert keychain.get(NAME) == old


def test_a_secret_of_an_earlier_version_moves_into_a_slot_and_its_file_is_shredded(
    tmp_path: Path,
) -> None:
    value = secrets.token_bytes(32)
    legacy = tmp_path / f"{NAME.replace('/', '--')}.key"
    legacy.write_text(base64.b64encode(value).decode("ascii"), "ascii")
    leftover = legacy.with_suffix(".tmp")
    leftover.write_text(base64.b64encode(secrets.token_bytes(32)).decode("ascii"), "ascii")
    keychain = FileKeychain(tmp_path)
    assert keychain.get(NAME) == value
    assert not legacy.exists() and not leftover.exists()
    assert FileKeychain(tmp_path).get(NAME) == value


def test_sizes_are_bounded_and_a_full_file_is_refused(tmp_path: Path) -> None:
    keychain = FileKeychain(tmp_path)
    with pytest.raises(ValueError):
        keychain.set(NAME, bytes(FileKeychain.MAX_VALUE + 1))
    with pytest.raises(ValueError):
        keychain.set("x" * (FileKeychain.MAX_NAME + 1), b"v")
    for index in range(FileKeychain.SLOTS):
        keychain.set(f"name-{index}", b"v")
    with pytest.raises(FileKeychainFullError):
        keychain.set("one-too-many", b"v")
    with pytest.raises(FileKeychainFullError):  # a replacement needs a free slot first
        keychain.set("name-0", b"w")
    assert keychain.get("name-0") == b"v"
