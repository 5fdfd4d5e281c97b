"""Hypothesis drives escadesk-cli with argument lists built from its own parser: every
command and option, with random values (ids huge and negative, text with NUL, controls
and any Unicode, paths too long, under a file, missing). Whatever comes in, main()
returns a documented exit code and standard error holds no traceback (issue 15)."""

from __future__ import annotations

import argparse
import io
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from escadesk import cli
from escadesk.vault import kdf

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "delegates"

#: Any text is fair, but every path stays inside the test's folder (no "/" and no "\" in
#: a random name, never "." or "..", fixtures copied in): an export given a random path
#: must never replace a file of the repository.
NAMES = st.text(st.characters(exclude_characters="/\\"), min_size=1, max_size=16).filter(
    lambda name: name not in (".", "..")
)
JUNK = st.text(st.characters(exclude_characters="/\\"), max_size=12)
IDS = st.one_of(
    st.just("1"),
    st.just("1"),
    st.integers(-3, 3).map(str),
    st.integers(-(2**70), 2**70).map(str),
    st.sampled_from(
        ["1", "0", "-1", "99999999999999999999999", "1e3", "\u0661", " 1 ", "+1", "1_000"]
    ),
    st.sampled_from(["0x1", "4111111111111111", "9223372036854775807", "9223372036854775808"]),
    st.text(max_size=10),
)


def leaf_commands(
    parser: argparse.ArgumentParser,
) -> list[tuple[list[str], argparse.ArgumentParser]]:
    """Each command as typed (``["audit", "verify"]``) with the parser of its options."""
    found: list[tuple[list[str], argparse.ArgumentParser]] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                nested = leaf_commands(child)
                found += [([name, *path], leaf) for path, leaf in nested] or [([name], child)]
    return found


PARSER = cli._parser()
COMMANDS = leaf_commands(PARSER)


def arguments(base: Path, demo: Path) -> st.SearchStrategy[list[str]]:
    paths = st.one_of(
        st.lists(NAMES, min_size=1, max_size=3).map(lambda names: str(base.joinpath(*names))),
        st.sampled_from(
            [
                str(base / "somefile.txt" / "x.xlsx"),
                str(base / "somefile.txt"),
                str(base / ("n" * 300) / "x.xlsx"),
                str(base / "out") + "/",
                str(base / "roster.xlsx"),
                str(base),
                str(base / "good_comma.csv"),  # copies: an export may replace them
                str(base / "bad_corrupt.xlsx"),
                "a" * 5000,
                "",
                "\x00",
                "/dev/null",
            ]
        ),
    )
    damaged = st.sampled_from([str(base / "random-bytes"), str(base / "newer")])
    data_dirs = st.one_of(st.just(str(demo)), st.just(str(demo)), damaged, paths)
    urls = st.one_of(
        st.text(max_size=30),
        st.sampled_from(
            [
                "foo://x",
                ":::",
                "sqlite://",
                f"sqlite:///{base / 'url.sqlite3'}",
                f"sqlite:///{demo / 'escadesk.sqlite3'}",
                f"sqlite:///{base / 'somefile.txt' / 'x.sqlite3'}",
                "sqlite:///" + "u" * 5000,
                "mysql://nobody@127.0.0.1:1/x",
                "postgresql+psycopg://user:secret@127.0.0.1:1/escadesk",
            ]
        ),
    )

    def values(action: argparse.Action) -> st.SearchStrategy[list[str]]:
        if action.nargs == 0:  # a flag
            return st.just([])
        if action.dest == "data_dir":
            return data_dirs.map(lambda value: [value])
        if action.dest == "database_url":
            return urls.map(lambda value: [value])
        if action.type is cli._workshop_id:
            return IDS.map(lambda value: [value])
        if action.type in (cli._path, cli._path_text):
            return paths.map(lambda value: [value])
        if action.choices:
            choices = st.sampled_from(list(action.choices))
            return st.one_of(choices, choices, choices, JUNK).map(lambda value: [value])
        return JUNK.map(lambda value: [value])

    @st.composite
    def build(draw: st.DrawFn) -> list[str]:
        path, leaf = draw(st.sampled_from(COMMANDS))
        words: list[str] = []
        for action in PARSER._actions:  # the data options before the command, now and then
            if action.dest not in ("data_dir", "database_url", "demo"):
                continue
            if draw(st.integers(0, 9)) < (8 if action.dest == "data_dir" else 1):
                words += [action.option_strings[0], *draw(values(action))]
        words += path
        groups: list[list[str]] = []
        for action in leaf._actions:
            if isinstance(action, argparse._HelpAction):
                if draw(st.integers(0, 49)) == 0:
                    groups.append(["--help"])
                continue
            if action.dest == "demo":
                wanted = draw(st.integers(0, 19)) == 0
            elif action.dest in ("data_dir", "database_url"):
                wanted = False  # given before the command above
            else:
                wanted = draw(st.integers(0, 19)) < (19 if action.required else 10)
            if not wanted:
                continue
            if action.option_strings:
                groups.append([draw(st.sampled_from(action.option_strings)), *draw(values(action))])
            else:
                groups.append(draw(values(action)))
        if draw(st.integers(0, 9)) == 0:
            groups.append([draw(JUNK)])
        for group in draw(st.permutations(groups)):
            words += group
        return words

    return build()


@pytest.mark.sqlite_only("SQLite files of random bytes and of a newer escadesk, sqlite URLs")
def test_no_argument_list_gets_a_traceback(
    demo: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    base = tmp_path / "work"
    base.mkdir()
    (base / "somefile.txt").write_text("a file where a folder is expected")
    for fixture in ("good_comma.csv", "bad_corrupt.xlsx"):
        shutil.copyfile(FIXTURES / fixture, base / fixture)
    (base / "random-bytes").mkdir()
    (base / "random-bytes" / "escadesk.sqlite3").write_bytes(bytes(range(256)) * 64)
    shutil.copytree(demo, base / "newer")
    with closing(sqlite3.connect(base / "newer" / "escadesk.sqlite3")) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'f00dfeedcafe'")
        connection.commit()
    monkeypatch.chdir(base)  # a relative path or a sqlite URL lands in here
    monkeypatch.setattr(kdf, "calibrate", kdf.fast_test_params)  # a new demo's vault
    documented = set(cli.EXIT_MEANINGS) - {cli.UNEXPECTED}  # 70 would be a bug
    said_one_line = {cli.USAGE, cli.DATA_UNREADABLE, cli.NOT_FOUND, cli.IN_USE, cli.LOCKED}

    @settings(
        max_examples=150,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(arguments(base, demo))
    def check(argv: list[str]) -> None:
        capsys.readouterr()
        code = cli.main(argv, stdin=io.StringIO(""), out=io.StringIO())
        error = capsys.readouterr().err
        assert code in documented, (argv, error)
        assert "Traceback" not in error, (argv, error)
        assert "secret" not in error and "4111" not in error, (argv, error)
        lines = error.splitlines()
        assert all(line.startswith("escadesk-cli") for line in lines), (argv, error)
        assert len(lines) <= 2, (argv, error)  # "created the demo", then what went wrong
        if code in said_one_line:
            assert lines, (argv, code)

    check()
