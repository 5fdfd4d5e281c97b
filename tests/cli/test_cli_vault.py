"""``escadesk-cli vault move-out`` / ``move-in`` (issue 20): the vault desk moved to another
computer through a move file. "Another computer" here is another data folder (its own
key folder: the demo keeps its device key in the file fallback) on the same database."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from escadesk import cli
from escadesk.app import AppConfig
from escadesk.services.demo import DEMO_PASSPHRASE
from escadesk.vault.keychain import FileKeychain
from escadesk.vault.move_file import read_move_file


def _run(*args: str, stdin: str = "") -> tuple[int, str]:
    out = io.StringIO()
    code = cli.main(list(args), stdin=io.StringIO(stdin), out=out)
    return code, out.getvalue()


def _err(capsys: pytest.CaptureFixture[str]) -> str:
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1, lines
    (line,) = lines
    assert "Traceback" not in line
    return line.removeprefix("escadesk-cli: ")


def _vault_uid(move: Path) -> str:
    return read_move_file(move).header.vault_uid


def _new_computer(demo: Path, tmp_path: Path) -> list[str]:
    """The options of a second computer on the demo's database."""
    return [
        "--data-dir",
        str(tmp_path / "new-computer"),
        "--database-url",
        AppConfig.resolve(demo).database_url,
    ]


def test_the_vault_moves_to_another_computer(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    move = tmp_path / "vault.move"
    code, text = _run(
        "--data-dir",
        str(demo),
        "vault",
        "move-out",
        "--to",
        str(move),
        "--passphrase-stdin",
        stdin=DEMO_PASSPHRASE + "\n",
    )
    assert code == cli.OK, capsys.readouterr().err
    first, second = text.splitlines()
    assert first.startswith(f"Wrote {move}: the vault's new device key (key generation 2), ")
    assert first.endswith("keeps no key any more.")
    assert second.startswith(
        f"On the new computer, with the same database: escadesk-cli vault move-in {move} "
        "(or here, to cancel the move)."
    )
    assert "Keep the file safe" in second
    assert move.exists()
    uid = _vault_uid(move)
    old_keys = FileKeychain(demo / "keys")
    assert old_keys.get(f"{uid}/device-secret") is None  # the file is the key's only place
    assert old_keys.get(f"{uid}/device-secret-next") is None

    # In transit: the old desk refuses the vault, naming the move.
    code, _text = _run(
        "--data-dir",
        str(demo),
        "vault",
        "move-out",
        "--to",
        str(tmp_path / "again.move"),
        "--passphrase-stdin",
        stdin=DEMO_PASSPHRASE + "\n",
    )
    assert code == cli.LOCKED
    assert _err(capsys).startswith("The vault is on its way to another computer: move file")

    new = _new_computer(demo, tmp_path)
    code, text = _run(
        *new, "vault", "move-in", str(move), "--passphrase-stdin", stdin=DEMO_PASSPHRASE + "\n"
    )
    assert code == cli.OK, capsys.readouterr().err
    assert "is now the vault desk, with a new device key (key generation 3)" in text
    assert f"The move file {move} was overwritten and removed." in text
    assert not move.exists()
    assert (tmp_path / "new-computer" / "keys" / "keychain.slots").exists()

    # The new computer opens the vault (audit verify uses the keychain's anchor); the old
    # one is refused, naming the new vault desk.
    code, text = _run(*new, "audit", "verify")
    assert code == cli.OK and text.startswith("Audit log intact")
    again = tmp_path / "again.move"
    code, _text = _run(
        "--data-dir",
        str(demo),
        "vault",
        "move-out",
        "--to",
        str(again),
        "--passphrase-stdin",
        stdin=DEMO_PASSPHRASE + "\n",
    )
    assert code == cli.LOCKED
    line = _err(capsys)
    assert line.startswith("Cards are opened on the vault desk: ")
    assert not again.exists()


def test_a_wrong_passphrase_or_a_wrong_file_changes_nothing(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    move = tmp_path / "vault.move"
    out = ["--data-dir", str(demo), "vault", "move-out", "--to", str(move), "--passphrase-stdin"]
    assert _run(*out, stdin=DEMO_PASSPHRASE + "\n")[0] == cli.OK
    new = _new_computer(demo, tmp_path)

    code, _text = _run(
        *new, "vault", "move-in", str(move), "--passphrase-stdin", stdin="not the passphrase\n"
    )
    assert code == cli.LOCKED
    assert _err(capsys).startswith("That passphrase does not open this move file")
    assert move.exists()

    not_a_move = tmp_path / "notes.txt"
    not_a_move.write_text("hello")
    code, _text = _run(
        *new,
        "vault",
        "move-in",
        str(not_a_move),
        "--passphrase-stdin",
        stdin=DEMO_PASSPHRASE + "\n",
    )
    assert code == cli.REFUSED
    assert _err(capsys) == (
        f"refused: {not_a_move} cannot be used: it is not an escadesk move file (or it was "
        "damaged). Nothing was changed."
    )

    # A move file is written to a new name only.
    code, _text = _run(*out, stdin=DEMO_PASSPHRASE + "\n")
    assert code == cli.REFUSED
    assert (
        _err(capsys)
        == f"refused: {move} already exists: give a new file name. Nothing was written."
    )

    # Moved back in on the old desk: the move is cancelled, the vault opens there.
    code, text = _run(
        "--data-dir",
        str(demo),
        "vault",
        "move-in",
        str(move),
        "--passphrase-stdin",
        stdin=DEMO_PASSPHRASE + "\n",
    )
    assert code == cli.OK, capsys.readouterr().err
    assert "is now the vault desk" in text and not move.exists()


def test_the_passphrase_is_never_an_argument(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _text = _run("--data-dir", str(demo), "vault", "move-out", "--to", str(tmp_path / "m"))
    assert code == cli.USAGE
    assert _err(capsys).startswith("give the vault passphrase on standard input")
    assert not (tmp_path / "m").exists()
