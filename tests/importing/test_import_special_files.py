"""Only regular files are read: pipes, devices, folders, sockets (and links to them) are
refused before they are opened, and what is read is bounded.

A named pipe used to block the reader for ever and a link to /dev/zero to read until
memory ran out, so those cases run the reader in a child process with a memory limit and
a timeout: a regression fails the test instead of hanging or exhausting the machine.
"""

from __future__ import annotations

import contextlib
import io
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from escadesk.benchmark_resources import load_catalogue
from escadesk.importing import files
from escadesk.importing.delegates import load_delegates
from escadesk.importing.reference import load_reference_set
from escadesk.importing.tables import MAX_FILE_BYTES, TableReadError, read_table

posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX special files")

_CHILD = """
import resource, sys
limit = 1 << 30  # 1 GiB: /dev/zero read to the end would pass it quickly
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from escadesk.importing.tables import TableReadError, read_table
try:
    read_table(sys.argv[1])
except TableReadError as error:
    print("REFUSED:" + error.message)
except MemoryError:
    print("MEMORY")
else:
    print("READ")
"""


def _read_in_child(path: Path, timeout: float = 30) -> str:
    """read_table(path) in a child process; its one line of outcome."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, str(path)],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"reading {path.name} did not finish within {timeout} s (it hangs)")
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def _within(seconds: float, call: Callable[[], object], *, unblock: Path | None = None) -> object:
    """``call()`` in a daemon thread; fail (never hang) when it takes longer than ``seconds``.

    ``unblock`` is a named pipe whose writing end is opened on a timeout, so a reader
    stuck in open() is released and the thread can end.
    """
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(call())
        except BaseException as error:  # handed back to the test below
            outcome.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        if unblock is not None:
            with contextlib.suppress(OSError):
                os.close(os.open(unblock, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail(f"the call did not return within {seconds} s (it hangs)")
    (result,) = outcome
    if isinstance(result, BaseException):
        raise result
    return result


def _refusal(path: Path) -> str:
    with pytest.raises(TableReadError) as caught:
        _within(10, lambda: read_table(path))
    return caught.value.message


# ---------------------------------------------------------------------- named pipes


@posix_only
@pytest.mark.parametrize("name", ["list.csv", "list.xlsx"])
def test_named_pipe_is_refused_without_hanging(tmp_path, name):
    fifo = tmp_path / name
    os.mkfifo(fifo)
    assert _read_in_child(fifo) == (
        f"REFUSED:'{name}' is not a regular file (it is a named pipe); "
        "choose a saved .xlsx or .csv file."
    )


@posix_only
def test_named_pipe_refused_in_process(tmp_path):
    fifo = tmp_path / "list.csv"
    os.mkfifo(fifo)
    with pytest.raises(TableReadError) as caught:
        _within(10, lambda: read_table(fifo), unblock=fifo)
    assert "(it is a named pipe)" in caught.value.message


@posix_only
def test_delegate_and_reference_imports_refuse_a_named_pipe(tmp_path):
    fifo = tmp_path / "list.csv"
    os.mkfifo(fifo)
    delegates = _within(10, lambda: load_delegates(fifo), unblock=fifo)
    (problem,) = delegates.problems  # type: ignore[attr-defined]
    assert "is not a regular file (it is a named pipe)" in problem.message
    catalogue = load_catalogue()
    reference = _within(10, lambda: load_reference_set(fifo, catalogue), unblock=fifo)
    (problem,) = reference.problems  # type: ignore[attr-defined]
    assert "is not a regular file (it is a named pipe)" in problem.message


# ------------------------------------------------------------------------- devices


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
@pytest.mark.parametrize("name", ["zero.csv", "zero.xlsx"])
def test_link_to_dev_zero_is_refused_before_reading(tmp_path, name):
    link = tmp_path / name
    link.symlink_to("/dev/zero")
    assert _read_in_child(link) == (
        f"REFUSED:'{name}' is not a regular file (it is a link to a character device); "
        "choose a saved .xlsx or .csv file."
    )


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="needs /dev/null")
def test_link_to_dev_null_is_refused(tmp_path):
    link = tmp_path / "null.csv"
    link.symlink_to("/dev/null")
    assert _refusal(link) == (
        "'null.csv' is not a regular file (it is a link to a character device); "
        "choose a saved .xlsx or .csv file."
    )


# ----------------------------------------------------------- folders and sockets


@pytest.mark.parametrize("name", ["list.csv", "list.xlsx"])
def test_folder_is_refused(tmp_path, name):
    (tmp_path / name).mkdir()
    assert _refusal(tmp_path / name) == (
        f"'{name}' is not a regular file (it is a folder); choose a saved .xlsx or .csv file."
    )


@posix_only
def test_link_to_a_folder_is_refused(tmp_path):
    (tmp_path / "folder").mkdir()
    link = tmp_path / "list.csv"
    link.symlink_to(tmp_path / "folder")
    assert "(it is a link to a folder)" in _refusal(link)


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="needs Unix sockets")
def test_socket_is_refused(tmp_path):
    path = tmp_path / "s.csv"
    if len(str(path)) > 100:
        pytest.skip("temporary path too long for a Unix socket")
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(str(path))
        assert _refusal(path) == (
            "'s.csv' is not a regular file (it is a socket); choose a saved .xlsx or .csv file."
        )


def test_link_to_a_regular_file_is_read(tmp_path):
    target = tmp_path / "real.csv"
    target.write_text("Email\na@example.org\n", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    assert read_table(link).headers == ("Email",)


def test_dangling_link_is_a_missing_file(tmp_path):
    link = tmp_path / "gone.csv"
    link.symlink_to(tmp_path / "nowhere.csv")
    assert _refusal(link).startswith("The file 'gone.csv' cannot be opened:")


# ------------------------------------------------------------------------ size bound


class _CountingReader(io.RawIOBase):
    """An endless stream of "a,b\\n" that counts how much was asked of it."""

    def __init__(self) -> None:
        self.served = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        size = len(buffer)
        buffer[:size] = (b"a,b\n" * (size // 4 + 1))[:size]
        self.served += size
        return size


def test_reading_stops_one_byte_past_the_limit():
    stream = _CountingReader()
    data = files.read_at_most(stream, 1000)
    assert len(data) == 1001
    assert stream.served <= 1001 + 64 * 1024  # never the whole (endless) stream


def test_reading_at_most_the_limit_returns_everything():
    assert files.read_at_most(io.BytesIO(b"x" * 10), 10) == b"x" * 10


def test_the_limit_is_still_50_mb():
    assert MAX_FILE_BYTES == 50 * 1024 * 1024
