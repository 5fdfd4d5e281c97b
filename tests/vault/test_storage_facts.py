"""The filesystem under a folder, and whether an overwrite there reaches the old blocks."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from escadesk.vault import storage_facts
from escadesk.vault.keychain import FileKeychain, MemoryKeychain
from escadesk.vault.storage_facts import (
    Filesystem,
    filesystem_of,
    fstype_from_mountinfo,
    keychain_description,
    keychain_folder,
)

MOUNTINFO = "\n".join(
    [
        "22 27 0:21 / /proc rw,relatime - proc proc rw",
        "27 1 254:0 / / rw,relatime - ext4 /dev/vda rw",
        "30 27 0:27 / /home rw,relatime shared:1 - btrfs /dev/sda2 rw,subvol=/@home",
        "31 30 0:28 / /home/ana/pool rw - zfs tank/ana rw,xattr",
        "32 27 0:29 / /var/lib/docker/overlay rw - overlay overlay rw,lowerdir=/l",
        "33 27 0:30 / /mnt/my\\040disk rw - ext4 /dev/sdb1 rw",
        "34 27 0:31 / /tmp rw - tmpfs tmpfs rw",
        "35 34 0:32 / /tmp rw - btrfs /dev/sdc1 rw",  # mounted over the tmpfs: it wins
        "36 27 0:33 / /media/stick rw - fuseblk /dev/sdd1 rw",
        "a line that is not a mount",
    ]
)


@pytest.mark.parametrize(
    ("path", "kind", "copy_on_write"),
    [
        ("/home/ana/escadesk", "btrfs", True),
        ("/home/ana/pool/escadesk", "zfs", True),
        ("/home/ana/poolside", "btrfs", True),  # a prefix of a name is no mount point
        ("/var/lib/docker/overlay/x", "overlay", None),
        ("/mnt/my disk/escadesk", "ext4", False),
        ("/srv/escadesk", "ext4", False),
        ("/tmp/escadesk", "btrfs", True),
        ("/media/stick/escadesk", "fuseblk", None),
    ],
)
def test_the_longest_mount_point_names_the_filesystem(
    path: str, kind: str, copy_on_write: bool | None
) -> None:
    found = Filesystem(fstype_from_mountinfo(Path(path), MOUNTINFO))
    assert found.kind == kind
    assert found.copy_on_write is copy_on_write


def test_an_unreadable_mount_table_is_unknown_never_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert fstype_from_mountinfo(Path("/srv"), "") == "unknown"
    monkeypatch.setattr(storage_facts, "MOUNTINFO", tmp_path / "missing")
    monkeypatch.setattr(storage_facts.sys, "platform", "linux")
    found = filesystem_of(tmp_path)
    assert found.kind == "unknown"
    assert found.copy_on_write is None  # not "False": nobody said it overwrites in place
    assert found.describe() == "could not be determined"


def test_a_fake_mount_table_is_read_for_a_real_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    table = tmp_path / "mountinfo"
    table.write_text(
        f"27 1 254:0 / / rw - ext4 /dev/vda rw\n35 27 0:32 / {tmp_path} rw - btrfs x rw\n"
    )
    monkeypatch.setattr(storage_facts, "MOUNTINFO", table)
    monkeypatch.setattr(storage_facts.sys, "platform", "linux")
    assert filesystem_of(tmp_path / "data" / "keys") == Filesystem("btrfs")  # not created yet


@pytest.mark.parametrize(
    ("kind", "copy_on_write", "words"),
    [
        ("btrfs", True, "btrfs (copy-on-write)"),
        ("zfs", True, "zfs (copy-on-write)"),
        ("apfs", True, "apfs (copy-on-write)"),
        ("ReFS", True, "ReFS (copy-on-write)"),
        ("ext4", False, "ext4 (not copy-on-write)"),
        ("NTFS", False, "NTFS (not copy-on-write)"),
        ("tmpfs", False, "tmpfs (not copy-on-write)"),
        ("overlay", None, "overlay (whether it is copy-on-write is not known)"),
        ("nfs4", None, "nfs4 (whether it is copy-on-write is not known)"),
    ],
)
def test_which_filesystems_count_as_copy_on_write(
    kind: str, copy_on_write: bool | None, words: str
) -> None:
    assert Filesystem(kind).copy_on_write is copy_on_write
    assert Filesystem(kind).describe() == words


def _kernel_magic_name(path: Path) -> str | None:
    """The filesystem as coreutils' ``stat -f`` reads it from the kernel (statfs's magic
    number, mapped with escadesk's table), or None without stat."""
    if shutil.which("stat") is None:
        return None
    done = subprocess.run(
        ["stat", "-f", "-c", "%t", str(path)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        return None
    from escadesk.vault import storage_facts

    return storage_facts.STATFS_MAGIC.get(int(done.stdout.strip(), 16), "unknown")


def _listed_fstype(path: Path) -> str | None:
    """The filesystem as findmnt reads /proc/self/mountinfo (None without findmnt, or in a
    chroot, where no listed mount point holds the path)."""
    if shutil.which("findmnt") is None:
        return None
    done = subprocess.run(
        ["findmnt", "-n", "-o", "FSTYPE", "-T", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip() or None if done.returncode == 0 else None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/mountinfo")
def test_the_real_filesystem_of_the_test_folder(tmp_path: Path) -> None:
    found = filesystem_of(tmp_path)
    assert found.kind != "unknown"
    listed = _listed_fstype(tmp_path)
    expected = listed if listed is not None else _kernel_magic_name(tmp_path)
    if expected is not None:
        assert found.kind == expected


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="statfs(2) on Linux")
def test_without_a_listed_mount_the_kernel_names_the_filesystem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a chroot, /proc/self/mountinfo may list no mount point holding the path (the
    fresh-machine check's Debian root): then statfs's magic number names it."""
    from escadesk.vault import storage_facts

    monkeypatch.setattr(storage_facts, "fstype_from_mountinfo", lambda *_args: "unknown")
    kind = storage_facts.filesystem_of(tmp_path).kind
    expected = _kernel_magic_name(tmp_path)
    assert expected is not None, "coreutils' stat is part of every Linux this runs on"
    assert kind == expected


def test_where_the_device_key_is_kept(tmp_path: Path) -> None:
    file_keychain = FileKeychain(tmp_path / "keys")
    assert keychain_folder(file_keychain) == tmp_path / "keys"
    assert keychain_description(file_keychain).startswith("a key file in the data folder")
    assert keychain_folder(MemoryKeychain()) is None
    assert "memory" in keychain_description(MemoryKeychain())
