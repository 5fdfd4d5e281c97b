"""run.py, the README's set-up path: its options, its messages, and a quiet normal start."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPOSITORY = Path(__file__).resolve().parents[1]
RUN_PY = REPOSITORY / "run.py"


def load_run() -> ModuleType:
    spec = importlib.util.spec_from_file_location("run_py", RUN_PY)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


run_py = load_run()


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(RUN_PY), *args],
        capture_output=True,
        text=True,
        cwd=REPOSITORY,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize(
    ("argv", "options", "command"),
    [
        (["pytest"], [], ["pytest"]),
        (["escadesk", "--demo"], [], ["escadesk", "--demo"]),
        (
            ["--group", "packaging", "pytest", "-m", "packaging"],
            ["--group", "packaging"],
            ["pytest", "-m", "packaging"],
        ),
        (["--extra", "x", "--group", "y", "python"], ["--extra", "x", "--group", "y"], ["python"]),
    ],
)
def test_uv_options_come_before_the_command(argv, options, command) -> None:
    assert run_py.split_uv_options(argv) == (options, command)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--group"], "--group needs a name"),
        (["--group", "packaging"], "Say which command to run"),
        (["--frozen", "pytest"], "Unknown option --frozen"),
    ],
)
def test_a_wrong_call_is_named(argv, message) -> None:
    with pytest.raises(run_py.SetupError, match=message):
        run_py.split_uv_options(argv)


def test_a_wrong_call_prints_one_line_and_no_traceback() -> None:
    result = run("--frozen", "pytest")
    assert result.returncode == 1
    assert result.stderr.startswith("run.py: Unknown option --frozen")
    assert "Traceback" not in result.stderr


def test_help_shows_the_usage() -> None:
    result = run("--help")
    assert result.returncode == 0
    assert "python3 run.py escadesk --demo" in result.stdout


def test_a_normal_start_prints_only_what_the_command_prints() -> None:
    """With .venv in line with uv.lock (this suite runs in it), run.py and uv say nothing:
    no "Bytecode compiled", no "Installed", no "Resolved"."""
    result = run("python", "-c", "import escadesk; print('escadesk', escadesk.__version__)")
    assert result.returncode == 0, result.stderr
    from escadesk import __version__

    assert result.stdout == f"escadesk {__version__}\n"
    assert result.stderr == ""


def test_the_command_s_exit_code_is_passed_on() -> None:
    assert run("python", "-c", "raise SystemExit(7)").returncode == 7


def test_the_pinned_uv_is_the_one_installed_and_run() -> None:
    """Every machine gets the same uv (a newer one may rewrite the lock's format)."""
    found = run_py.uv_executable()
    assert found is not None and f"uv-{run_py.UV_VERSION}" in str(found)
    version = subprocess.run([str(found), "--version"], capture_output=True, text=True)
    assert version.stdout.split()[1] == run_py.UV_VERSION


@pytest.mark.accepted_skip("Windows has no SIGTERM to forward; CI runs on Linux")
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_a_sigterm_to_run_py_stops_the_program_too(tmp_path: Path) -> None:
    """``timeout 30 python3 run.py escadesk`` or a logout must not leave the app running."""
    import os
    import signal
    import time

    pid_file = tmp_path / "program.pid"
    program = f"import os, time; open({str(pid_file)!r}, 'w').write(str(os.getpid())); "
    program += "time.sleep(120)"
    with subprocess.Popen([sys.executable, str(RUN_PY), "python", "-c", program]) as wrapper:
        deadline = time.monotonic() + 60
        while not (pid_file.is_file() and pid_file.read_text()) and time.monotonic() < deadline:
            time.sleep(0.05)
        pid = int(pid_file.read_text())
        wrapper.send_signal(signal.SIGTERM)
        assert wrapper.wait(timeout=30) != 0
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)
    pytest.fail("the program outlived run.py's SIGTERM")
