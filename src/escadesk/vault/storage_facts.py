"""Where the vault's bytes live: the filesystem under a folder, and whether it is
copy-on-write.

Crypto-erase by replacing the device key is only as good as the place the old key was
in. An OS keychain is the operating system's business. A key *file* is overwritten and
deleted by escadesk, and on a copy-on-write filesystem that overwrite never reaches the
blocks that held the old key: they stay on the disk until the filesystem reuses them
(and in its snapshots for as long as those live).

Copy-on-write, as escadesk counts it (:data:`COPY_ON_WRITE`): btrfs, ZFS, APFS and
bcachefs always write changed data to new blocks; ReFS does so for files with integrity
streams and block cloning, which cannot be told from outside, so it is counted too;
F2FS and NILFS2 are log-structured (every write goes to a new place), with the same
effect. Filesystems known to overwrite file data in place (:data:`IN_PLACE`) are ext2/3/4,
XFS, FAT, exFAT, NTFS, HFS+ and the memory filesystems. Anything else (a network or FUSE
filesystem, an overlay whose upper layer is unknown, an unreadable mount table) is
"unknown", which never counts as "not copy-on-write".
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import sys
from dataclasses import dataclass
from pathlib import Path

MOUNTINFO = Path("/proc/self/mountinfo")
UNKNOWN = "unknown"

COPY_ON_WRITE = frozenset({"btrfs", "zfs", "apfs", "bcachefs", "refs", "f2fs", "nilfs2"})
IN_PLACE = frozenset(
    {
        "ext2",
        "ext3",
        "ext4",
        "xfs",
        "vfat",
        "msdos",
        "fat",
        "fat32",
        "exfat",
        "ntfs",
        "ntfs3",
        "hfs",
        "hfsplus",
        "tmpfs",
        "ramfs",
    }
)


@dataclass(frozen=True)
class Filesystem:
    """The filesystem of a folder, as the operating system names it ("ext4", "btrfs",
    "apfs", "NTFS"…, or "unknown")."""

    kind: str

    @property
    def copy_on_write(self) -> bool | None:
        """True, False, or None when escadesk cannot tell."""
        name = self.kind.lower()
        if name in COPY_ON_WRITE:
            return True
        if name in IN_PLACE:
            return False
        return None

    def describe(self) -> str:
        """'btrfs (copy-on-write)', 'ext4 (overwrites in place)', 'unknown …'."""
        if self.kind == UNKNOWN:
            return "could not be determined"
        if self.copy_on_write is True:
            return f"{self.kind} (copy-on-write)"
        if self.copy_on_write is False:
            return f"{self.kind} (not copy-on-write)"
        return f"{self.kind} (whether it is copy-on-write is not known)"


def _unescape(field: str) -> str:
    """Mount points in mountinfo escape space, tab, newline and backslash as octal."""
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def fstype_from_mountinfo(path: Path, mountinfo: str) -> str:
    """The fstype of the mount holding ``path`` (absolute, resolved): the longest mount
    point that contains it, the last one mounted when several share a point."""
    best, best_length = UNKNOWN, -1
    text = str(path)
    for line in mountinfo.splitlines():
        fields = line.split()
        if "-" not in fields:
            continue
        separator = fields.index("-")
        if separator < 5 or separator + 1 >= len(fields):
            continue
        point = _unescape(fields[4])
        inside = text == point or point == "/" or text.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= best_length:
            best, best_length = fields[separator + 1], len(point)
    return best


def _existing(path: Path) -> Path:
    """The path itself, or its nearest existing parent (a folder not created yet)."""
    path = Path(os.path.abspath(path))
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate.resolve()
    return path


#: statfs(2) magic numbers of the filesystems the certificates tell apart (linux/magic.h).
STATFS_MAGIC: dict[int, str] = {
    0xEF53: "ext4",  # ext2, ext3 and ext4 share it
    0x58465342: "xfs",
    0x9123683E: "btrfs",
    0x2FC12FC1: "zfs",
    0xCA451A4E: "bcachefs",
    0xF2F52010: "f2fs",
    0x3434: "nilfs2",
    0x01021994: "tmpfs",
    0x858458F6: "ramfs",
    0x794C7630: "overlay",
}


def _linux(path: Path) -> str:
    kind = fstype_from_mountinfo(path, MOUNTINFO.read_text(encoding="utf-8", errors="replace"))
    # In a chroot no listed mount point need contain the path: ask the kernel for the
    # filesystem's magic number instead.
    return kind if kind != UNKNOWN else _statfs_kind(path)


def _statfs_kind(path: Path) -> str:
    import ctypes

    buffer = ctypes.create_string_buffer(256)  # struct statfs; f_type is its first word
    if ctypes.CDLL(None, use_errno=True).statfs(os.fsencode(path), buffer) != 0:
        return UNKNOWN
    magic = ctypes.c_long.from_buffer(buffer).value & 0xFFFFFFFF
    return STATFS_MAGIC.get(magic, UNKNOWN)


def _macos(path: Path) -> str:
    """statfs(2)'s f_fstypename ("apfs", "hfs", "smbfs"…), with the 64-bit inode layout."""

    class StatFs(ctypes.Structure):
        _fields_ = [
            ("f_bsize", ctypes.c_uint32),
            ("f_iosize", ctypes.c_int32),
            ("f_blocks", ctypes.c_uint64),
            ("f_bfree", ctypes.c_uint64),
            ("f_bavail", ctypes.c_uint64),
            ("f_files", ctypes.c_uint64),
            ("f_ffree", ctypes.c_uint64),
            ("f_fsid", ctypes.c_int32 * 2),
            ("f_owner", ctypes.c_uint32),
            ("f_type", ctypes.c_uint32),
            ("f_flags", ctypes.c_uint32),
            ("f_fssubtype", ctypes.c_uint32),
            ("f_fstypename", ctypes.c_char * 16),
            ("f_mntonname", ctypes.c_char * 1024),
            ("f_mntfromname", ctypes.c_char * 1024),
            ("f_flags_ext", ctypes.c_uint32),
            ("f_reserved", ctypes.c_uint32 * 7),
        ]

    libc = ctypes.CDLL("libc.dylib", use_errno=True)
    function = None
    for name in ("statfs$INODE64", "statfs64", "statfs"):
        with contextlib.suppress(AttributeError):
            function = getattr(libc, name)
            break
    if function is None:
        return UNKNOWN
    result = StatFs()
    if function(os.fsencode(path), ctypes.byref(result)) != 0:
        return UNKNOWN
    return result.f_fstypename.decode("utf-8", "replace") or UNKNOWN


def _windows(path: Path) -> str:
    """GetVolumeInformationW's file system name ("NTFS", "ReFS", "FAT32", "exFAT")."""
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    volume = ctypes.create_unicode_buffer(261)
    if not kernel32.GetVolumePathNameW(str(path), volume, len(volume)):
        return UNKNOWN
    name = ctypes.create_unicode_buffer(261)
    if not kernel32.GetVolumeInformationW(volume, None, 0, None, None, None, name, len(name)):
        return UNKNOWN
    return name.value or UNKNOWN


def filesystem_of(path: Path) -> Filesystem:
    """The filesystem holding ``path`` (or its nearest existing parent); never raises:
    whatever cannot be read is "unknown"."""
    try:
        where = _existing(path)
        if sys.platform.startswith("linux"):
            kind = _linux(where)
        elif sys.platform == "darwin":
            kind = _macos(where)
        elif sys.platform == "win32":
            kind = _windows(where)
        else:
            kind = UNKNOWN
    except Exception:  # a missing /proc, a denied call: say "unknown", never guess
        kind = UNKNOWN
    return Filesystem(kind.strip() or UNKNOWN)


def keychain_folder(keychain: object) -> Path | None:
    """The folder of a file keychain (None for any other kind)."""
    if getattr(keychain, "kind", None) != "file":
        return None
    folder = getattr(keychain, "folder", None)
    if folder is None and isinstance(getattr(keychain, "path", None), Path):
        folder = keychain.path.parent  # type: ignore[attr-defined]  # the slot file's folder
    if folder is None:
        folder = getattr(keychain, "_folder", None)
    return Path(folder) if folder is not None else None


def keychain_description(keychain: object) -> str:
    """Where the device key is kept, in words for a certificate."""
    kind = getattr(keychain, "kind", UNKNOWN)
    if kind == "system":
        backend = ""
        with contextlib.suppress(Exception):
            import keyring

            chosen = keyring.get_keyring()
            backend = str(getattr(chosen, "name", "") or type(chosen).__name__)
        return "the operating system's keychain" + (f" ({backend})" if backend else "")
    if kind == "file":
        folder = keychain_folder(keychain)
        where = f", in its {folder.name} folder" if folder else ""
        return f"a key file in the data folder{where} (the file keychain)"
    if kind == "memory":
        return "the memory of the running program only (a test keychain)"
    return f"a keychain of kind {kind!r}"
