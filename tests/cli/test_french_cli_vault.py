"""In French (issue 21): ``escadesk-cli vault move-out`` / ``move-in`` say what they did
and why they refused in Canadian French; the English words are covered by
test_cli_vault.py."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from escadesk import cli
from escadesk.app import AppConfig
from escadesk.i18n import set_locale
from escadesk.services.demo import DEMO_PASSPHRASE


@pytest.fixture
def french(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """LANG=fr_CA.UTF-8, as a French desk's terminal has it (escadesk-cli picks its
    language from the environment); English restored after."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "fr_CA.UTF-8")
    try:
        yield
    finally:
        set_locale("en_CA")


def _run(*args: str, stdin: str = "") -> tuple[int, str]:
    out = io.StringIO()
    code = cli.main(list(args), stdin=io.StringIO(stdin), out=out)
    return code, out.getvalue()


def _err(capsys: pytest.CaptureFixture[str]) -> str:
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1, lines
    assert "Traceback" not in lines[0]
    return lines[0].removeprefix("escadesk-cli: ")


def test_french_vault_move_out_and_in_say_what_they_did_and_refuse_in_french(
    french: None, demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = ["--data-dir", str(demo), "vault"]
    taken = tmp_path / "taken.move"
    taken.write_text("someone's notes")
    code, _text = _run(*old, "move-out", "--to", str(taken), "--passphrase-stdin", stdin="x\n")
    assert code == cli.REFUSED
    assert _err(capsys) == (
        f"refusé\u00a0: {taken} existe déjà\u00a0: indiquez un nouveau nom de fichier. "
        "Rien n’a été écrit."
    )
    assert taken.read_text() == "someone's notes"

    code, _text = _run(*old, "move-out", "--to", str(tmp_path / "x.move"), "--passphrase-stdin")
    assert code == cli.USAGE
    assert _err(capsys) == "aucune phrase de passe donnée\u202f; rien n’a été modifié"

    move = tmp_path / "vault.move"
    code, text = _run(
        *old, "move-out", "--to", str(move), "--passphrase-stdin", stdin=DEMO_PASSPHRASE + "\n"
    )
    assert code == cli.OK, capsys.readouterr().err
    first, second = text.splitlines()
    assert first.startswith(
        f"{move} écrit\u00a0: la nouvelle clé d’appareil du coffre-fort (génération de clé 2)"
    )
    assert second.startswith("Sur le nouvel ordinateur, avec la même base de données\u00a0: ")

    # In transit: the old desk refuses the vault in French, naming the move.
    code, _text = _run(
        *old,
        "move-out",
        "--to",
        str(tmp_path / "again.move"),
        "--passphrase-stdin",
        stdin=DEMO_PASSPHRASE + "\n",
    )
    assert code == cli.LOCKED
    assert _err(capsys).startswith(
        "Le coffre-fort est en déplacement vers un autre ordinateur\u00a0: fichier de "
        "déplacement écrit par "
    )

    new = [
        "--data-dir",
        str(tmp_path / "new-computer"),
        "--database-url",
        AppConfig.resolve(demo).database_url,
        "vault",
    ]
    code, _text = _run(*new, "move-in", str(move), "--passphrase-stdin", stdin="wrong one\n")
    assert code == cli.LOCKED
    assert _err(capsys).startswith("Cette phrase de passe n’ouvre pas ce fichier de déplacement")
    code, text = _run(
        *new, "move-in", str(move), "--passphrase-stdin", stdin=DEMO_PASSPHRASE + "\n"
    )
    assert code == cli.OK, capsys.readouterr().err
    assert "est maintenant le poste du coffre-fort, avec une nouvelle clé d’appareil" in text
    assert f"Le fichier de déplacement {move} a été écrasé et supprimé." in text

    # The dead file refused before any passphrase, in French.
    move.write_bytes(b"")
    code, _text = _run(*new, "move-in", str(move), "--passphrase-stdin", stdin="x\n")
    assert code == cli.REFUSED
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"escadesk-cli: refusé\u00a0: {move} ne peut pas être utilisé\u00a0: ce n’est pas un "
        "fichier de déplacement d’escadesk (ou il a été endommagé). Rien n’a été modifié."
    )
