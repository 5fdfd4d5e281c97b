"""escadesk-cli receipts and refund: the PDFs of a workshop's invoices and credit notes,
a refund with its credit note; a bad id, a folder that cannot be written, a missing GST/HST
number and a bad refund each their message and exit code, never a traceback."""

from __future__ import annotations

import io
import os
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from escadesk import cli
from escadesk.app import KEYCHAIN_SETTING, AppConfig, build_services
from escadesk.services.clock import FIXED_CLOCK_SETTING
from escadesk.services.demo import DEMO_PASSPHRASE, seed_demo
from escadesk.services.institute import TAX_NUMBER_SETTING
from escadesk.vault.kdf import fast_test_params
from escadesk.vault.keychain import FileKeychain
from organization_languages import speak
from service_factory import decide_demo, demo_services

NORTHSHORE = "Northshore Photonics Cluster"
TITLE = "ESCA Cluster Benchmarking Workshop (TCI 2018) 2018-10-04"


@pytest.fixture
def data(tmp_path: Path) -> tuple[Path, int, int]:
    """The demo decided on Oct 2, Northshore charged: folder, workshop, registration."""
    folder = tmp_path / "data"
    services = demo_services(folder, FileKeychain(folder / "keys"))
    try:
        services.settings.set(KEYCHAIN_SETTING, "file")
        workshop_id = seed_demo(services, vault_passphrase=DEMO_PASSPHRASE)
        speak(services, "en")  # the English documents (their French: tests/services)
        ids = decide_demo(services, workshop_id)
        services.charging.record_charge(ids[NORTHSHORE], date(2018, 10, 2), "APPROVAL 1")
        # The command line's clock: a week after the charge (the demo's stands before it).
        services.settings.set(FIXED_CLOCK_SETTING, "2018-10-09T12:00:00-04:00")
    finally:
        services.close()
    return folder, workshop_id, ids[NORTHSHORE]


def run(folder: Path, *args: str) -> tuple[int, str]:
    out = io.StringIO()
    code = cli.main(["--data-dir", str(folder), *args], stdin=io.StringIO(""), out=out)
    return code, out.getvalue()


def test_refund_then_receipts_writes_both_pdfs(data: tuple[Path, int, int], tmp_path: Path) -> None:
    folder, workshop, northshore = data
    code, said = run(
        folder,
        "refund",
        "--registration",
        str(northshore),
        "--amount",
        "1,130.00",
        "--date",
        "2018-10-05",
        "--reference",
        "RF 55",
        "--reason",
        "Two of three delegates cancelled",
    )
    assert code == cli.OK, said
    assert said.strip() == (
        f"Refund of 1,130.00 CAD to {NORTHSHORE} recorded: credit note CN-2018-0001 on "
        "invoice INV-2018-0001."
    )
    out = tmp_path / "receipts"
    code, said = run(folder, "receipts", "--workshop", str(workshop), "--out", str(out))
    assert code == cli.OK
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        f"{TITLE} credit note CN-2018-0001 - {NORTHSHORE}.pdf",
        f"{TITLE} invoice INV-2018-0001 - {NORTHSHORE}.pdf",
    ]
    assert said.splitlines() == [str(out / names[1]), str(out / names[0])]
    credit = PdfReader(out / names[0]).pages[0].extract_text()
    assert "1,000.00 CAD" in credit and "130.00 CAD" in credit and "RF 55" in credit


def test_bad_refunds_name_their_options(data: tuple[Path, int, int], capsys) -> None:
    folder, _workshop, northshore = data
    base = ["refund", "--registration", str(northshore), "--reference", "R", "--reason", "x"]
    code, _ = run(folder, *base, "--amount", "3000.01", "--date", "2018-10-01")
    assert code == cli.REFUSED
    err = capsys.readouterr().err
    assert "--amount: At most the amount charged, 3,000.00 CAD" in err
    assert "--date: A refund cannot be dated before its charge (Oct 2, 2018)" in err
    code, _ = run(folder, *base, "--amount", "ten", "--date", "2018-10-05")
    assert code == cli.USAGE
    assert "the amount is a number such as 500.00" in capsys.readouterr().err
    code, _ = run(folder, *base[:2], "999", *base[3:], "--amount", "1", "--date", "2018-10-05")
    assert code == cli.NOT_FOUND
    assert "There is no registration #999." in capsys.readouterr().err


def test_receipts_refusals(data: tuple[Path, int, int], tmp_path: Path, capsys) -> None:
    folder, workshop, _ = data
    code, _ = run(folder, "receipts", "--workshop", "99", "--out", str(tmp_path / "x"))
    assert code == cli.NOT_FOUND
    assert "No workshop 99" in capsys.readouterr().err
    if os.name == "posix" and os.geteuid() != 0:
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o500)
        try:
            code, _ = run(folder, "receipts", "--workshop", str(workshop), "--out", str(locked))
        finally:
            locked.chmod(0o700)
        assert code == cli.REFUSED
        assert "could not write in" in capsys.readouterr().err

    # A charge recorded while Settings lacked the GST/HST number: its invoice waits.
    services = build_services(
        AppConfig.resolve(folder),
        keychain=FileKeychain(folder / "keys"),
        kdf_profile=fast_test_params,
    )
    try:
        services.settings.set(TAX_NUMBER_SETTING, "")
        services.vault.unlock(DEMO_PASSPHRASE)
        baltic = next(
            r.id
            for r in services.registrations.list(workshop)
            if r.organization == "Baltic Maritime Innovation Network"
        )
        assert services.charging.record_charge(baltic, date(2018, 10, 3), "B").invoice_number == ""
    finally:
        services.close()
    code, _ = run(folder, "receipts", "--workshop", str(workshop), "--out", str(tmp_path / "y"))
    err = capsys.readouterr().err
    assert code == cli.REFUSED
    assert "GST/HST registration number" in err and "Settings > Institute" in err
    assert "Traceback" not in err
