"""Another escadesk process with a data folder open, for the one-writer tests (issue 14).

The child opens the data exactly as the window or the CLI does (``build_services``), says
"open" and keeps it open until its standard input closes; or, refused, says "refused"
with the message and exits 5 (the CLI's code).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHILD = r"""
import sys
from pathlib import Path

from escadesk.app import AppConfig, build_services
from escadesk.storage.lock_holder import DataLockError

config = AppConfig.resolve(data_dir=Path(sys.argv[1]), database_url=sys.argv[3] or None)
try:
    services = build_services(config, opened_by=sys.argv[2])
except DataLockError as error:
    print("refused", str(error).replace("\n", " "), flush=True)
    sys.exit(5)
print("open", flush=True)
sys.stdin.read()
services.close()
"""


def start(
    data_dir: Path, program: str = "window", database_url: str | None = None
) -> tuple[subprocess.Popen[str], str]:
    """The child and its first line ("open" or "refused <message>")."""
    process = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(data_dir), program, database_url or ""],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),  # the test's HOME, keyring backend...
    )
    assert process.stdout is not None
    line = process.stdout.readline().strip()
    if not line:
        _, errors = process.communicate(timeout=60)
        raise AssertionError(f"the other escadesk said nothing:\n{errors[-3000:]}")
    return process, line


@contextmanager
def holding(
    data_dir: Path, program: str = "window", database_url: str | None = None
) -> Iterator[subprocess.Popen[str]]:
    """Another process has the data open for the duration of the block."""
    process, line = start(data_dir, program, database_url)
    try:
        assert line == "open", line
        yield process
    finally:
        process.communicate(timeout=60)  # closes its stdin: it closes the data


def try_to_open(data_dir: Path, program: str = "cli", database_url: str | None = None) -> str:
    """Open the data in another process and close it at once: "open" or "refused ..."."""
    process, line = start(data_dir, program, database_url)
    process.communicate(timeout=60)
    return line
