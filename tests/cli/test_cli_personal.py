"""``escadesk-cli personal`` (issue 15, item 10): export everything about an organization,
erase its personal data, purge the workshops past their retention period; one line per
failure, documented exit codes."""

from __future__ import annotations

import io
import json
import os
import stat
import zipfile
from pathlib import Path

import pytest

from escadesk import cli
from escadesk.app import AppConfig, build_services
from escadesk.domain.cards import contains_card_number
from escadesk.services.settings import FIXED_CLOCK_SETTING

#: The demo's registration ids (registered in this order): Northshore holds a card,
#: Nordic withdrew.
NORTHSHORE, NORDIC = 1, 7


def _run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    code = cli.main(list(args), stdin=io.StringIO(""), out=out)
    return code, out.getvalue()


def _one_line(capsys: pytest.CaptureFixture[str]) -> str:
    (line,) = capsys.readouterr().err.splitlines()
    assert "Traceback" not in line
    return line


def _set_clock(demo: Path, moment: str) -> None:
    """Move the demo's fixed clock (as the window's demo keeps it, in its settings)."""
    services = build_services(AppConfig.resolve(demo))
    try:
        services.settings.set(FIXED_CLOCK_SETTING, moment)
    finally:
        services.close()


def test_export_writes_one_owner_only_zip_without_card_numbers(demo: Path, tmp_path: Path) -> None:
    target = tmp_path / "northshore"
    code, text = _run(
        "--data-dir", str(demo), "personal", "export", "--registration", "1", "--out", str(target)
    )
    written = tmp_path / "northshore.zip"
    assert (code, text) == (cli.OK, f"{written}\n")
    assert not contains_card_number(written.read_bytes().decode("latin-1"))
    with zipfile.ZipFile(written) as archive:
        data = json.loads(archive.read("organization.json"))
    (registration,) = data["registrations"]
    assert registration["contact"]["email"] == "a.tremblay@northshore-photonics.example"
    assert registration["card_authorization"]["card"] == "VISA •••• 1111"
    if os.name == "posix":
        assert stat.S_IMODE(written.stat().st_mode) == 0o600


def test_export_into_a_folder_takes_the_usual_name(demo: Path, tmp_path: Path) -> None:
    code, text = _run(
        "--data-dir",
        str(demo),
        "personal",
        "export",
        "--organization-id",
        "7",
        "--out",
        f"{tmp_path}/",
    )
    assert code == cli.OK
    assert text == f"{tmp_path / 'Nordic Games & Media Cluster 2018-09-28 personal data.zip'}\n"


def test_erase_is_shown_then_done_and_a_card_refuses_it(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ("--data-dir", str(demo), "personal", "erase")
    code, text = _run(*base, "--registration", str(NORDIC), "--workshop", "1", "--dry-run")
    assert code == cli.OK
    assert text.splitlines()[1].startswith(
        "Dry run: Erase from Nordic Games & Media Cluster: 1 contact, 1 delegate-list entry, "
        "1 typed reason. Kept: "
    )
    code, text = _run(*base, "--registration", str(NORDIC), "--confirm")
    assert (code, text.splitlines()[1]) == (
        cli.OK,
        "Personal data of Nordic Games & Media Cluster erased: 1 contact, 1 delegate-list "
        "entry, 1 typed reason.",
    )
    code, text = _run(
        "--data-dir",
        str(demo),
        "personal",
        "export",
        "--registration",
        "7",
        "--out",
        str(demo.parent / "nordic.zip"),
    )
    with zipfile.ZipFile(demo.parent / "nordic.zip") as archive:
        (registration,) = json.loads(archive.read("organization.json"))["registrations"]
    assert registration["contact"] == {"name": "(erased)", "title": "", "email": "", "phone": ""}
    assert registration["personal_data_erased_at"] is not None

    capsys.readouterr()
    assert _run(*base, "--registration", str(NORTHSHORE), "--confirm")[0] == cli.REFUSED
    assert _one_line(capsys) == (
        "escadesk-cli: refused: Northshore Photonics Cluster still has a card authorization "
        "stored (VISA •••• 1111). Erase it first (Registration > Erase card authorization…, "
        "which issues its certificate of destruction), then erase the personal data. "
        "Nothing was erased."
    )


def test_purge_lists_the_periods_then_purges_what_is_due(demo: Path) -> None:
    code, text = _run("--data-dir", str(demo), "personal", "purge", "--dry-run")
    assert (code, text) == (
        cli.OK,
        "1\tTCI2018-BENCH\tkept 24 months after the event of 2018-10-04, until 2020-10-04: "
        "not due yet\nNothing is due to be purged today.\n",
    )
    assert _run("--data-dir", str(demo), "personal", "purge", "--confirm") == (
        cli.OK,
        "Nothing was due to be purged today.\n",
    )

    _set_clock(demo, "2020-10-05T09:00:00-04:00")
    code, text = _run("--data-dir", str(demo), "personal", "purge", "--dry-run", "--workshop", "1")
    assert code == cli.OK and "until 2020-10-04: due now" in text
    code, text = _run("--data-dir", str(demo), "personal", "purge", "--confirm")
    assert code == cli.OK
    assert text.startswith(
        "Workshop TCI2018-BENCH: personal data kept 24 months after the event of Oct 4, 2018, "
        "due on Oct 4, 2020; erased 3 contacts, "
    )
    assert text.rstrip().endswith(
        "Left as they are until their card authorization is erased: Northshore Photonics "
        "Cluster, Baltic Maritime Innovation Network, Rhine Valley Health Cluster, Lakeside "
        "Clean Energy Cluster."
    )
    code, text = _run("--data-dir", str(demo), "audit", "verify")
    assert code == cli.OK and text.startswith("Audit log intact")


@pytest.mark.parametrize(
    ("arguments", "code", "message"),
    [
        (
            ["erase", "--registration", "999", "--dry-run"],
            cli.NOT_FOUND,
            "escadesk-cli: There is no registration #999.",
        ),
        (
            ["erase", "--organization-id", "0", "--dry-run"],
            cli.NOT_FOUND,
            "escadesk-cli: There is no organization #0.",
        ),
        (
            ["export", "--registration", "1", "--workshop", "5", "--out", "x.zip"],
            cli.NOT_FOUND,
            "escadesk-cli: No workshop 5; see escadesk-cli workshops",
        ),
        (
            ["purge", "--confirm", "--workshop", "99999999999999999999999"],
            cli.USAGE,
            "escadesk-cli personal purge: error: argument --workshop: '99999999999999999999999' "
            "is out of range for a workshop id (escadesk-cli workshops lists them) "
            "(see escadesk-cli personal purge -h)",
        ),
        (
            ["erase", "--registration", "abc", "--confirm"],
            cli.USAGE,
            "escadesk-cli personal erase: error: argument --registration: an id is a whole "
            "number, not 'abc' (see escadesk-cli personal erase -h)",
        ),
        (
            ["erase", "--registration", "7"],
            cli.USAGE,
            "escadesk-cli personal erase: error: one of the arguments --dry-run --confirm is "
            "required (see escadesk-cli personal erase -h)",
        ),
    ],
)
def test_failures_are_one_line_with_their_code(
    demo: Path,
    capsys: pytest.CaptureFixture[str],
    arguments: list[str],
    code: int,
    message: str,
) -> None:
    assert _run("--data-dir", str(demo), "personal", *arguments)[0] == code
    assert _one_line(capsys) == message


def test_an_export_into_a_missing_folder_is_refused(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "missing" / "x.zip"
    code, _text = _run(
        "--data-dir", str(demo), "personal", "export", "--registration", "1", "--out", str(target)
    )
    assert code == cli.REFUSED
    assert _one_line(capsys) == f"escadesk-cli: refused: the folder {target.parent} does not exist"
    assert not target.parent.exists()


def test_help_documents_the_three_actions(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run("personal", "--help")[0] == cli.OK
    text = " ".join(capsys.readouterr().out.split())
    for words in ("export", "erase", "purge", "24 unless its form says otherwise"):
        assert words in text
    assert _run("personal", "purge", "--help")[0] == cli.OK
    assert "--dry-run" in capsys.readouterr().out
