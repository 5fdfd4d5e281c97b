"""escadesk-cli charges: one tab-separated line per charge, with the reason for an amount
other than the fixed fee (empty when the fee was charged)."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from escadesk import cli
from escadesk.app import KEYCHAIN_SETTING
from escadesk.services.demo import DEMO_PASSPHRASE, seed_demo
from escadesk.vault.keychain import FileKeychain
from service_factory import decide_demo, demo_services

NORTHSHORE = "Northshore Photonics Cluster"
BALTIC = "Baltic Maritime Innovation Network"
HEADER = "organization\tcardholder\tcard\tamount\tdate\treference\tamount reason"


@pytest.fixture
def data(tmp_path: Path) -> tuple[Path, int]:
    """The demo, decided on Oct 2 (it proceeds), two organizations charged: Baltic the
    fixed fee, Northshore a deposit with its reason. The data folder and the workshop."""
    folder = tmp_path / "data"
    services = demo_services(folder, FileKeychain(folder / "keys"))
    try:
        services.settings.set(KEYCHAIN_SETTING, "file")
        workshop_id = seed_demo(services, vault_passphrase=DEMO_PASSPHRASE)
        ids = decide_demo(services, workshop_id)
        services.charging.record_charge(ids[BALTIC], date(2018, 10, 2), "APPROVAL 1")
        services.charging.record_charge(
            ids[NORTHSHORE],
            date(2018, 10, 2),
            "APPROVAL 2",
            amount=Decimal("1000.00"),
            amount_reason="Deposit; the rest by bank transfer",
        )
    finally:
        services.close()
    return folder, workshop_id


def test_charges_show_the_amount_reason(data: tuple[Path, int]) -> None:
    folder, workshop_id = data
    out = io.StringIO()
    code = cli.main(
        ["--data-dir", str(folder), "charges", "--workshop", str(workshop_id)],
        stdin=io.StringIO(""),
        out=out,
    )
    assert code == cli.OK
    header, *lines = out.getvalue().splitlines()
    assert header == HEADER
    rows = {line.split("\t")[0]: line.split("\t") for line in lines}
    assert set(rows) == {BALTIC, NORTHSHORE}
    assert all(len(row) == len(HEADER.split("\t")) for row in rows.values())
    assert rows[NORTHSHORE][3:] == [
        "1,000.00 CAD",
        "2018-10-02",
        "APPROVAL 2",
        "Deposit; the rest by bank transfer",
    ]
    assert rows[BALTIC][3:] == ["3,000.00 CAD", "2018-10-02", "APPROVAL 1", ""]  # the fee
