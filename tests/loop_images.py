"""An ext4 file system in an image file on a loop device, for the tests that need a real
disk of their own: the raw-disk carve (issue 14) and the full disk (issue 15).

Needs root and loop devices (losetup, mkfs.ext4 from e2fsprogs, mount). Where they are
missing a test is skipped and says why; with ESCADESK_REQUIRE_LOOP_DEVICES=1 (set by CI,
which has them) that is a failure instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SYSTEM_PATH = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/sbin"])
TOOLS = ("losetup", "mkfs.ext4", "mount", "umount")


def _run(*command: str) -> str:
    tool = shutil.which(command[0], path=SYSTEM_PATH) or command[0]
    done = subprocess.run(
        [tool, *command[1:]], capture_output=True, text=True, check=False, timeout=60
    )
    if done.returncode != 0:
        raise OSError(f"{' '.join(command)}: {done.stderr.strip() or done.returncode}")
    return done.stdout.strip()


def loop_devices_missing() -> str | None:
    if not sys.platform.startswith("linux"):
        return f"loop devices are a Linux feature (this is {sys.platform})"
    if os.geteuid() != 0:
        return "attaching a loop device and mounting need root"
    missing = [tool for tool in TOOLS if shutil.which(tool, path=SYSTEM_PATH) is None]
    if missing:
        return f"missing tools: {', '.join(missing)} (e2fsprogs, mount, util-linux)"
    if not Path("/dev/loop-control").exists():
        return "no /dev/loop-control (loop devices not available in this container)"
    return None


def skip_or_fail(why: str) -> None:
    message = f"no loop-mounted ext4 image here: {why}"
    print(message)
    if os.environ.get("ESCADESK_REQUIRE_LOOP_DEVICES") == "1":
        pytest.fail(message + " (ESCADESK_REQUIRE_LOOP_DEVICES=1)")
    pytest.skip(message)


class Ext4Image:
    """An ext4 file system in an image file, attached to a loop device and mounted."""

    def __init__(self, path: Path, mountpoint: Path, size: int) -> None:
        self.path, self.mountpoint, self.size = path, mountpoint, size
        self.device: str | None = None
        self.mounted = False

    def create(self) -> None:
        with self.path.open("wb") as handle:
            handle.truncate(self.size)
        self.device = _run("losetup", "--find", "--show", str(self.path))
        _run("mkfs.ext4", "-q", "-b", "4096", "-E", "nodiscard", self.device)
        self.mountpoint.mkdir(exist_ok=True)
        self.mount()

    def mount(self) -> None:
        assert self.device is not None
        _run("mount", self.device, str(self.mountpoint))  # default options: data=ordered
        self.mounted = True

    def unmount(self) -> None:
        if self.mounted:
            _run("umount", str(self.mountpoint))
            self.mounted = False

    def raw(self) -> bytes:
        """The whole image as a carver would read it (unmounted: nothing cached)."""
        assert not self.mounted
        return self.path.read_bytes()

    def remove(self) -> None:
        try:
            self.unmount()
        finally:
            if self.device is not None:
                _run("losetup", "--detach", self.device)
                self.device = None
