"""escadesk-cli end to end on a temporary data folder (the demo, past its deadline)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
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
from raw_sql import plain_sql

DECISION_DAY = datetime(2018, 10, 2, 9, 0, tzinfo=ZoneInfo("America/Toronto"))
#: A first wrong passphrase costs a 1 s delay, in every process (issue 15).
WRONG_PASSPHRASE_DELAY = 1.1


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
    assert "every card" not in text  # the dry run lists each card instead
    assert "card authorizations to destroy: 4" in text
    assert "destroy    Northshore Photonics Cluster: VISA •••• 1111 (complete)" in text

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
    time.sleep(WRONG_PASSPHRASE_DELAY)  # kept in the data: the next process waits too

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
    assert "every card" not in text
    assert "4 of 4 card authorizations found were destroyed" in text
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


def _withdraw_keeping_the_card(data: Path, organization: str) -> None:
    """A withdrawal as stored before issue 14: the state changed, the card stayed."""
    from escadesk.domain.registration import RegistrationEvent
    from escadesk.services.lookups import load_registration
    from escadesk.services.registration_lifecycle import apply_event

    services = build_services(AppConfig.resolve(data), keychain=FileKeychain(data / "keys"))
    try:
        (workshop,) = services.workshops.list()
        rows = services.registrations.list(workshop.id)
        registration_id = next(r.id for r in rows if r.organization == organization)
        with services.context.database.transaction() as session:
            registration = load_registration(session, registration_id)
            apply_event(
                services.context, session, registration, RegistrationEvent.WITHDRAW, None, "Budget"
            )
    finally:
        services.close()


def test_a_cancel_destroys_a_withdrawn_organizations_card_and_says_so(data: Path) -> None:
    """Issue 14: the card of a withdrawn organization stayed in the vault while the CLI
    said every card was destroyed."""
    _withdraw_keeping_the_card(data, "Lakeside Clean Energy Cluster")

    code, text = run(data, "decide", "--workshop", "1", "--dry-run")
    assert code == 0 and "card authorizations to destroy: 4" in text
    assert "destroy    Lakeside Clean Energy Cluster: Discover •••• 1117 (withdrawn)" in text

    code, text = run(
        data,
        "decide",
        "--workshop",
        "1",
        "--confirm",
        "--passphrase-stdin",
        stdin=DEMO_PASSPHRASE + "\n",
    )
    assert code == 0, text
    assert "4 of 4 card authorizations found were destroyed" in text
    assert "erased: Lakeside Clean Energy Cluster (complete)" in text

    code, text = run(data, "erasures", "--workshop", "1")
    (line,) = [
        row
        for row in text.splitlines()
        if row.split("\t")[1:2] == ["Lakeside Clean Energy Cluster"]
    ]
    assert "\tcomplete\tRegistration withdrawn: the card authorization is no longer needed." in line


def test_a_tampered_audit_log_fails_verification(data: Path) -> None:
    sql = plain_sql(AppConfig.resolve(data).database_url)  # the file, or the server's
    sql("UPDATE audit_entry SET summary = 'nothing happened' WHERE id = 3")
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
