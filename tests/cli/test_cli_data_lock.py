"""escadesk-cli on data another escadesk has open (issue 14): refused, with the holder
named and an exit code of its own (5)."""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from data_holder import holding
from escadesk import cli


def _me() -> str:
    try:
        import pwd

        return pwd.getpwuid(os.geteuid()).pw_name
    except ImportError:
        import getpass

        return getpass.getuser()


@pytest.mark.sqlite_only("the lock file beside the SQLite file, named by its folder")
def test_data_open_in_the_window_is_refused_with_exit_code_5(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    with holding(data, "window") as window:
        out = io.StringIO()
        code = cli.main(["--data-dir", str(data), "workshops"], stdin=io.StringIO(), out=out)
        # The console script itself: the same message, no traceback, the same code.
        result = subprocess.run(
            [sys.executable, "-m", "escadesk.cli", "--data-dir", str(data), "workshops"],
            capture_output=True,
            text=True,
            timeout=120,
            env=os.environ.copy(),
            check=False,
        )

    assert code == cli.IN_USE == 5
    assert out.getvalue() == ""  # nothing was done
    error = capsys.readouterr().err
    named = f"the escadesk window of {_me()} on {socket.gethostname()} (process {window.pid})"
    assert error.startswith(f"escadesk-cli: The data in {data} is already in use by {named}")
    assert result.returncode == 5 and named in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    # Once the window is closed, the same command works.
    assert cli.main(["--data-dir", str(data), "workshops"], out=io.StringIO()) == cli.OK


def test_the_exit_codes_are_in_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--help"]) == cli.OK  # main() returns its code, --help's too
    text = " ".join(capsys.readouterr().out.split())
    assert "4 the audit log is damaged; 5 the data is open in another escadesk" in text
    assert "5 the data is open" in " ".join((cli.__doc__ or "").split())
