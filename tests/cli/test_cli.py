"""escadesk-cli end to end on a temporary data folder (the demo, past its deadline)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from escadesk import cli
from escadesk.app import KEYCHAIN_SETTING, AppConfig, build_services
from escadesk.services.clock import FixedClock
from escadesk.services.demo import DEMO_PASSPHRASE, DEMO_TODAY, seed_demo
from escadesk.services.settings import FIXED_CLOCK_SETTING
from escadesk.vault.kdf import fast_test_params
from escadesk.vault.keychain import FileKeychain

DECISION_DAY = datetime(2018, 10, 2, 9, 0, tzinfo=ZoneInfo("America/Toronto"))


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A demo data folder whose device key lives in keys/ (the documented fallback) and
    whose clock stands on decision day."""
    folder = tmp_path / "data"
    services = build_services(
        AppConfig.resolve(folder),
        clock=FixedClock(DEMO_TODAY),
        keychain=FileKeychain(folder / "keys"),
        kdf_profile=fast_test_params,
    )
    services.settings.set(KEYCHAIN_SETTING, "file")
    seed_demo(services, vault_passphrase=DEMO_PASSPHRASE)
    services.settings.set(FIXED_CLOCK_SETTING, DECISION_DAY.isoformat())
    services.close()
    return folder


def run(data: Path, *args: str, stdin: str = "") -> tuple[int, str]:
    out = io.StringIO()
    code = cli.main(["--data-dir", str(data), *args], stdin=io.StringIO(stdin), out=out)
    return code, out.getvalue()


def test_dry_run_then_confirm_cancels_and_erases(data: Path, tmp_path: Path) -> None:
    code, text = run(data, "workshops")
    assert code == 0 and "TCI2018-BENCH" in text
    workshop = text.split("\t", 1)[0]

    code, text = run(data, "decide", "--workshop", workshop, "--dry-run")
    assert code == 0
    assert "does not proceed" in text and "cancelled  Andes AgriFood Alliance" in text

    code, _text = run(
        data,
        "decide",
        "--workshop",
        workshop,
        "--confirm",
        "--passphrase-stdin",
        stdin="wrong passphrase\n",
    )
    assert code == cli.LOCKED

    code, text = run(
        data,
        "decide",
        "--workshop",
        workshop,
        "--confirm",
        "--passphrase-stdin",
        stdin=DEMO_PASSPHRASE + "\n",
    )
    assert code == 0, text
    assert "Decision taken. The workshop does not proceed" in text
    assert text.count("erased: ") == 4

    code, text = run(
        data,
        "decide",
        "--workshop",
        workshop,
        "--confirm",
        "--passphrase-stdin",
        stdin=DEMO_PASSPHRASE + "\n",
    )
    assert code == cli.REFUSED

    code, text = run(data, "erasures", "--workshop", workshop)
    assert code == 0 and text.count("\tcomplete\t") == 4

    code, text = run(
        data,
        "notify",
        "--workshop",
        workshop,
        "--template",
        "cancelled",
        "--out",
        str(tmp_path / "letters"),
    )
    assert code == 0
    assert len(list((tmp_path / "letters").glob("*.eml"))) == 6

    code, text = run(data, "audit", "verify")
    assert code == 0 and text.startswith("Audit log intact")


def test_a_tampered_audit_log_fails_verification(data: Path) -> None:
    import sqlite3

    with sqlite3.connect(data / "escadesk.sqlite3") as connection:
        connection.execute("UPDATE audit_entry SET summary = 'nothing happened' WHERE id = 3")
    connection.close()
    code, text = run(data, "audit", "verify")
    assert code == cli.DAMAGED and "Entry #3" in text


def test_the_installed_command_reads_the_passphrase_from_stdin(data: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "ESCADESK_DATA_DIR"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "escadesk.cli",
            "--data-dir",
            str(data),
            "decide",
            "--workshop",
            "1",
            "--confirm",
        ],
        input="",
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert result.returncode == cli.USAGE
    assert "--passphrase-stdin" in result.stderr
    help_text = subprocess.run(
        [sys.executable, "-m", "escadesk.cli", "decide", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert help_text.returncode == 0 and "--dry-run" in help_text.stdout
