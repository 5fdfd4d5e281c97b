"""The exit codes are listed once (``cli.EXIT_MEANINGS``) and said alike by ``--help``, the
module's docstring and the README's table."""

from __future__ import annotations

from pathlib import Path

import pytest

from escadesk import cli

README = Path(__file__).resolve().parents[2] / "README.md"


def words(text: str) -> str:
    return " ".join(text.split())


def test_help_and_docstring_list_every_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--help"]) == cli.OK
    shown = words(capsys.readouterr().out)
    listed = "; ".join(f"{code} {meaning}" for code, meaning in cli.EXIT_MEANINGS.items())
    assert f"exit codes: {listed}" in shown
    assert f"Exit codes: {listed}." in words(cli.__doc__ or "")


def test_the_readme_table_is_the_same_list() -> None:
    text = README.read_text("utf-8")
    table = text.split("| code | meaning |\n|---|---|\n", 1)[1].split("\n\n", 1)[0]
    rows = [line.strip("|").split("|") for line in table.splitlines()]
    assert {int(code): meaning.strip() for code, meaning in rows} == cli.EXIT_MEANINGS


def test_the_codes_are_distinct() -> None:
    codes = [cli.OK, cli.REFUSED, cli.USAGE, cli.LOCKED, cli.DAMAGED, cli.IN_USE]
    codes += [cli.DATA_UNREADABLE, cli.NOT_FOUND, cli.UNEXPECTED, cli.INTERRUPTED]
    assert sorted(codes) == sorted(set(codes)) == sorted(cli.EXIT_MEANINGS)
