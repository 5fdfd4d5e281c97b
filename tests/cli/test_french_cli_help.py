"""In French (issue 21): escadesk-cli's --help, every command's help and argparse's own
words ("usage:", "options", its errors) follow LANG, in a real process; exit codes and
option names do not change, and English stays argparse's words exactly."""

from __future__ import annotations

import argparse
import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from escadesk import cli, cli_argparse
from escadesk.cli_codes import OK, USAGE


def _run(*args: str, lang: str, data: Path) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG", "ESCADESK_DATA_DIR")
    }
    environment["LANG"] = lang
    return subprocess.run(
        [sys.executable, "-m", "escadesk.cli", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment,
        timeout=120,
        check=False,
    )


def test_french_help_and_usage_error_in_a_real_process(tmp_path: Path) -> None:
    shown = _run("--help", lang="fr_CA.UTF-8", data=tmp_path)
    assert shown.returncode == OK
    assert shown.stdout.startswith("utilisation\u00a0: escadesk-cli")
    # argparse writes the headings' colon itself (no space before it).
    assert "\noptions:" in shown.stdout and "\ndonnées:" in shown.stdout
    assert "afficher ce message d’aide et quitter" in shown.stdout
    assert "--data-dir" in shown.stdout  # option names stay
    assert "codes de sortie\u00a0: 0 terminé" in re.sub(r"[ \n]+", " ", shown.stdout)

    command = _run("export", "--help", lang="fr_CA.UTF-8", data=tmp_path)
    assert command.returncode == OK
    assert "le fichier .xlsx à écrire" in command.stdout
    assert "arguments positionnels:" in command.stdout

    wrong = _run("export", "roster", lang="fr_CA.UTF-8", data=tmp_path)
    assert wrong.returncode == USAGE
    assert wrong.stderr.strip() == (
        "escadesk-cli export\u00a0: erreur\u00a0: les arguments suivants sont obligatoires\u00a0: "
        "--workshop, --out (voyez escadesk-cli export -h)"
    )
    choice = _run("export", "budget", lang="fr_CA.UTF-8", data=tmp_path)
    assert choice.returncode == USAGE
    assert (
        "choix non valide\u00a0: 'budget' (choisissez parmi 'roster', 'finance')" in choice.stderr
    )


def test_english_help_and_usage_error_are_argparse_words(tmp_path: Path) -> None:
    shown = _run("--help", lang="en_CA.UTF-8", data=tmp_path)
    assert shown.returncode == OK
    assert shown.stdout.startswith("usage: escadesk-cli")
    assert "show this help message and exit" in shown.stdout
    assert cli.EXIT_CODES in " ".join(shown.stdout.split())
    wrong = _run("export", "roster", lang="en_CA.UTF-8", data=tmp_path)
    assert wrong.returncode == USAGE
    assert wrong.stderr.strip() == (
        "escadesk-cli export: error: the following arguments are required: --workshop, --out "
        "(see escadesk-cli export -h)"
    )


def test_french_workshop_id_refusal_while_parsing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An argument checked by argparse (the workshop id) speaks the language too: the
    language is known before the parser runs."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "fr_CA.UTF-8")
    try:
        code = cli.main(["--data-dir", str(tmp_path), "charges", "--workshop", "x"])
    finally:
        from escadesk.i18n import set_locale

        set_locale("en_CA")
    assert code == USAGE
    assert "argument --workshop\u00a0:" in capsys.readouterr().err
    assert argparse._("usage: ") == "usage: "  # argparse's own words are put back


def test_locale_every_argparse_text_a_user_can_see_is_in_the_catalogue() -> None:
    """A newer Python's argparse may add texts: each one is either translated (listed in
    cli_argparse) or a mistake only a programmer makes (a parser built wrong)."""
    tree = ast.parse(Path(argparse.__file__).read_text(encoding="utf-8"))
    texts = {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ("_", "ngettext")
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    }
    programmers = {
        ".__call__() not defined",
        "conflicting subparser: %s",
        "conflicting subparser alias: %s",
        'argument "-" with mode %r',
        "cannot merge actions - two groups are named %r",
        "'required' is an invalid argument for positionals",
        "invalid option string %(option)r: must start with a character %(prefix_chars)r",
        "dest= is required for options like %r",
        "invalid conflict_resolution value: %r",
        "conflicting option string: %s",
        "mutually exclusive arguments must be optional",
        "cannot have multiple subparser arguments",
        "%r is not callable",
    }
    known = set(cli_argparse.USER_TEXTS) | {cli_argparse.USER_PLURAL[0]} | programmers
    assert texts - known == set()
