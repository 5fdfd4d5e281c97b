"""Run a command of this project in its own environment, installing everything first.

    python3 run.py escadesk --demo        (Windows: py run.py escadesk --demo)
    python3 run.py pytest
    python3 run.py --group packaging pytest -m packaging

Why a script and not ``pip install --user uv && uv run ...``: Debian 12, Ubuntu 23.04 and
later refuse ``pip install --user`` (PEP 668, "externally-managed-environment"), Debian's
Python may lack ``venv``'s pip (``ensurepip``), ``uv`` may not be on PATH after a user
install, and Windows PowerShell 5.1 has no ``&&``. This file needs only Python 3.11+ and
pip, and the same command works in every shell:

1. installs the pinned uv into ``.tools/`` beside this file with
   ``pip install --target`` (allowed under PEP 668: it touches no Python's packages);
2. brings ``.venv`` in line with ``uv.lock`` only when it is not already (``uv sync
   --check``), showing uv's progress then, so a normal start prints nothing of its own;
3. runs the command with ``uv run --locked --no-sync``, using the Python that runs this
   file (uv never downloads an interpreter), and exits with the command's exit code.

Options before the command (``--group NAME``, ``--extra NAME``) go to uv. Standard
library only: nothing else can be assumed before step 1.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# The uv that wrote uv.lock. Bump it together with the lock file (run.py --help says which).
UV_VERSION = "0.13.9"
ROOT = Path(__file__).resolve().parent
TOOLS = ROOT / ".tools" / f"uv-{UV_VERSION}"
UV_OPTIONS_WITH_VALUE = ("--group", "--extra")

USAGE = f"""usage: python3 run.py [--group NAME | --extra NAME ...] COMMAND [ARGUMENT ...]

Installs uv {UV_VERSION} into {TOOLS.relative_to(ROOT)}, the project's locked dependencies
into .venv, then runs COMMAND there. Examples:
  python3 run.py escadesk --demo
  python3 run.py pytest
  python3 run.py escadesk-cli --demo workshops
  python3 run.py --group packaging python installer/build.py
On Windows, type py instead of python3."""


class SetupError(Exception):
    """A step the user has to fix; the message says how. Printed without a traceback."""


def main(argv: list[str]) -> int:
    # run.py itself parses on older Pythons, to say this instead of a syntax error.
    if sys.version_info < (3, 11):  # noqa: UP036
        raise SetupError(
            f"escadesk needs Python 3.11 or newer; this is {sys.version.split()[0]} "
            f"({sys.executable}). Install a newer Python (python.org, or your system's "
            "python3.11 package) and run this command with it."
        )
    if not argv or argv[0] in ("-h", "--help"):
        print(USAGE)
        return 0 if argv else 2
    uv_options, command = split_uv_options(argv)
    uv = ensure_uv()
    ensure_environment(uv, uv_options)
    run_command = [str(uv), "run", "--project", str(ROOT), "--locked", "--no-sync"]
    return hand_over([*run_command, "--python", sys.executable, *uv_options, "--", *command])


def split_uv_options(argv: list[str]) -> tuple[list[str], list[str]]:
    """``--group packaging pytest -m packaging`` -> (["--group", "packaging"], the rest)."""
    options: list[str] = []
    rest = list(argv)
    while rest and rest[0] in UV_OPTIONS_WITH_VALUE:
        if len(rest) < 2:
            raise SetupError(f"{rest[0]} needs a name, for example: {rest[0]} packaging")
        options += rest[:2]
        rest = rest[2:]
    if not rest:
        raise SetupError("Say which command to run, for example: python3 run.py pytest")
    if rest[0].startswith("-"):
        raise SetupError(
            f"Unknown option {rest[0]}: only --group NAME and --extra NAME may come "
            "before the command."
        )
    return options, rest


def uv_executable() -> Path | None:
    """``pip install --target`` puts scripts in ``bin`` (``Scripts`` on some Windows)."""
    for folder in ("bin", "Scripts"):
        for name in ("uv.exe", "uv"):
            candidate = TOOLS / folder / name
            if candidate.is_file():
                return candidate
    return None


def ensure_uv() -> Path:
    found = uv_executable()
    if found is not None:
        return found
    print(
        f"Installing uv {UV_VERSION} into {TOOLS.relative_to(ROOT)} (first run only)…", flush=True
    )
    if subprocess.run([sys.executable, "-m", "pip", "--version"], capture_output=True).returncode:
        raise SetupError(
            f"This Python ({sys.executable}) has no pip. On Debian or Ubuntu: "
            "sudo apt-get update && sudo apt-get install python3-pip. With python.org's "
            "installer, pip is included: run the installer again and keep 'pip' ticked."
        )
    pip = [sys.executable, "-m", "pip", "install", "--target", str(TOOLS), "--quiet"]
    quiet = ["--disable-pip-version-check", "--no-warn-script-location"]
    result = subprocess.run(
        [*pip, *quiet, "--root-user-action=ignore", f"uv=={UV_VERSION}"],
        capture_output=True,
        text=True,
    )
    found = uv_executable()
    if result.returncode or found is None:
        raise SetupError(
            f"Could not install uv {UV_VERSION} with pip (exit {result.returncode}). "
            "Check the internet connection (PyPI must be reachable), then run the same "
            f"command again. pip said:\n{result.stdout}{result.stderr}".rstrip()
        )
    return found


def ensure_environment(uv: Path, uv_options: list[str]) -> None:
    """Sync .venv only when it differs from uv.lock: quiet when nothing is to do."""
    base = [str(uv), "sync", "--project", str(ROOT), "--locked", "--inexact"]
    base += ["--python", sys.executable, *uv_options]
    if subprocess.run([*base, "--check", "--quiet"], capture_output=True).returncode:
        print(
            "Installing escadesk's dependencies into .venv (first run, or uv.lock changed)…",
            flush=True,
        )
        if run([*base, "--compile-bytecode"]):
            raise SetupError(
                "Installing the dependencies failed (uv's message is above). Check the "
                "internet connection and run the same command again."
            )


def hand_over(command: list[str]) -> int:
    """Become ``command`` (POSIX): signals such as a SIGTERM from ``timeout`` or a desktop
    logout reach uv, which passes them to the program, and nothing is left running.
    Windows has no exec that keeps the console: run it and pass its exit code on."""
    if os.name == "posix":
        sys.stdout.flush()
        sys.stderr.flush()
        os.execv(command[0], command)
    return run(command)


def run(command: list[str]) -> int:
    """Run in the current folder; Ctrl+C reaches the child, which decides how to stop."""
    with subprocess.Popen(command) as child:
        while True:
            try:
                return child.wait()
            except KeyboardInterrupt:
                continue


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except SetupError as problem:
        print(f"run.py: {problem}", file=sys.stderr)
        sys.exit(1)
