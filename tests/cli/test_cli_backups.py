"""escadesk-cli's care of the data (issue 15): backup, backups, restore, check; and the
passphrase delay that every process shares."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from escadesk import cli
from escadesk.services.demo import DEMO_PASSPHRASE


def _run(*args: str, stdin: str = "") -> tuple[int, str]:
    out = io.StringIO()
    code = cli.main(list(args), stdin=io.StringIO(stdin), out=out)
    return code, out.getvalue()


def _flip_the_middle(database: Path) -> None:
    data = bytearray(database.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 256] = bytes(b ^ 0xFF for b in data[middle : middle + 256])
    database.write_bytes(bytes(data))


@pytest.mark.sqlite_only("backups are copies of the SQLite file")
def test_backup_then_list(demo: Path) -> None:
    code, text = _run("--data-dir", str(demo), "backup", "--keep", "3")
    assert code == cli.OK and text.startswith(f"Backed up to {demo / 'backups'}")
    assert "(keeping the newest 3)" in text

    code, listing = _run("--data-dir", str(demo), "backups")
    header, *rows = listing.splitlines()
    assert code == cli.OK and header.split("\t")[:3] == ["taken (UTC)", "why", "size"]
    assert rows[0].split("\t")[1] == "backed up by hand"
    assert rows[0].split("\t")[3:5] == ["1", "7"]  # workshops, registrations


@pytest.mark.sqlite_only("backups are copies of the SQLite file")
def test_check_restore_round_trip_on_damaged_data(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run("--data-dir", str(demo), "backup")[0] == cli.OK
    database = demo / "escadesk.sqlite3"
    _flip_the_middle(database)
    damaged = database.read_bytes()

    assert _run("--data-dir", str(demo), "workshops")[0] == cli.DATA_UNREADABLE
    assert "escadesk-cli restore --latest" in capsys.readouterr().err
    assert _run("--data-dir", str(demo), "check")[0] == cli.DATA_UNREADABLE
    assert "is damaged" in capsys.readouterr().err

    code, text = _run("--data-dir", str(demo), "restore", "--latest")
    assert code == cli.OK and text.startswith("Restored escadesk-")
    (aside,) = (demo / "backups" / "set-aside").glob("*.sqlite3")
    assert aside.read_bytes() == damaged and str(aside) in text

    assert _run("--data-dir", str(demo), "check") == (
        cli.OK,
        f"Database intact: SQLite's integrity check found no problem in {database}.\n",
    )
    code, text = _run("--data-dir", str(demo), "workshops")
    assert code == cli.OK and "TCI2018-BENCH" in text
    code, text = _run("--data-dir", str(demo), "audit", "verify")
    assert code == cli.OK and text.startswith("Audit log intact")


@pytest.mark.sqlite_only("backups are copies of the SQLite file")
def test_restore_of_an_unknown_backup_is_not_found(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = (demo / "escadesk.sqlite3").read_bytes()
    assert _run("--data-dir", str(demo), "restore", "--backup", "nope.sqlite3")[0] == cli.NOT_FOUND
    assert "No backup named nope.sqlite3" in capsys.readouterr().err
    assert (demo / "escadesk.sqlite3").read_bytes() == before


def test_keep_is_validated(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run("--data-dir", str(demo), "backup", "--keep", "0")[0] == cli.USAGE
    assert "keep between 1 and 1000 backups" in capsys.readouterr().err


def test_a_later_process_waits_out_the_delay(
    demo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A wrong passphrase in one run; the next run (a new process, here a new set of
    services) waits before trying, instead of guessing at full speed."""
    waited: list[float] = []
    monkeypatch.setattr(cli.time, "sleep", waited.append)
    decide = (
        "--data-dir",
        str(demo),
        "decide",
        "--workshop",
        "1",
        "--confirm",
        "--passphrase-stdin",
    )

    assert _run(*decide, stdin="not the passphrase\n")[0] == cli.LOCKED
    _run(*decide, stdin=DEMO_PASSPHRASE + "\n")

    assert len(waited) == 1 and 0 < waited[0] <= 1
    assert "waiting 1 s after earlier wrong passphrases" in capsys.readouterr().err


def test_an_empty_passphrase_is_no_attempt(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    decide = (
        "--data-dir",
        str(demo),
        "decide",
        "--workshop",
        "1",
        "--confirm",
        "--passphrase-stdin",
    )
    assert _run(*decide, stdin="\n")[0] == cli.USAGE
    assert "no passphrase on standard input" in capsys.readouterr().err
