"""escadesk-cli never prints a traceback (issue 15): each fault found by trying it with
damaged files, odd paths and odd ids is one line on standard error and a documented exit
code."""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from escadesk import cli
from escadesk.storage import engine

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "delegates"
CARD = "4111 1111 1111 1111"  # a public test card, Luhn-valid


def run(*args: str, stdin: str = "") -> tuple[int, str]:
    out = io.StringIO()
    code = cli.main(list(args), stdin=io.StringIO(stdin), out=out)
    return code, out.getvalue()


def one_line(capsys: pytest.CaptureFixture[str]) -> str:
    """Standard error, which must be one line from escadesk-cli and no traceback."""
    error = capsys.readouterr().err
    assert "Traceback" not in error
    assert error.count("\n") == 1 and error.endswith("\n"), error
    assert error.startswith("escadesk-cli"), error
    return error.strip()


# The database --------------------------------------------------------------------------


@pytest.mark.sqlite_only("a damaged SQLite file")
def test_a_file_of_random_bytes_is_unreadable_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "escadesk.sqlite3").write_bytes(os.urandom(8192))
    code, text = run("--data-dir", str(data), "workshops")
    assert code == cli.DATA_UNREADABLE == 6 and text == ""
    error = one_line(capsys)
    assert str(data / "escadesk.sqlite3") in error and "recovery screen" in error


@pytest.mark.sqlite_only("a SQLite file cut short")
def test_a_truncated_database_is_unreadable_data(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = demo / "escadesk.sqlite3"
    with closing(sqlite3.connect(database)) as connection:  # everything in the main file
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    database.write_bytes(database.read_bytes()[:3000])
    for extra in ("escadesk.sqlite3-wal", "escadesk.sqlite3-shm"):
        (demo / extra).unlink(missing_ok=True)
    before = database.read_bytes()

    code, _text = run("--data-dir", str(demo), "charges", "--workshop", "1")
    assert code == cli.DATA_UNREADABLE
    assert str(database) in one_line(capsys)
    assert database.read_bytes() == before  # nothing was changed


@pytest.mark.sqlite_only("the SQLite file's bytes left untouched")
def test_a_database_of_a_newer_escadesk_is_refused_untouched(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with closing(sqlite3.connect(demo / "escadesk.sqlite3")) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'f00dfeedcafe'")
        connection.commit()
    code, _text = run("--data-dir", str(demo), "workshops")
    assert code == cli.DATA_UNREADABLE
    error = one_line(capsys)
    assert "newer" in error and "f00dfeedcafe" in error


@pytest.mark.sqlite_only("a read-only SQLite file")
def test_a_read_only_database_says_so(
    demo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """SQLite's own read-only refusal (``query_only``: the suite may run as root, whom file
    permissions do not stop), on a command that writes (an export is audited)."""
    monkeypatch.setattr(engine, "SQLITE_PRAGMAS", (*engine.SQLITE_PRAGMAS, ("query_only", "1")))
    target = demo.parent / "roster.xlsx"
    code, _text = run(
        "--data-dir", str(demo), "export", "roster", "--workshop", "1", "--out", str(target)
    )
    assert code == cli.DATA_UNREADABLE
    error = one_line(capsys)
    assert "read-only" in error and str(demo / "escadesk.sqlite3") in error


@pytest.mark.sqlite_only("the SQLite file and its lock file in a folder without write permission")
def test_a_data_folder_this_account_may_not_write_in(
    demo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """What the operating system says for a read-only folder (simulated: root may write
    anywhere) when the data's lock file is made."""
    import filelock

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(demo / "escadesk.sqlite3.lock"))

    monkeypatch.setattr(filelock.FileLock, "acquire", refuse)
    code, _text = run("--data-dir", str(demo), "workshops")
    assert code == cli.REFUSED
    error = one_line(capsys)
    assert str(demo) in error and "Permission denied" in error


@pytest.mark.sqlite_only("SQLite's own SQLITE_FULL")
def test_a_full_database_says_the_disk_is_full(
    demo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """SQLite's own SQLITE_FULL, made by capping the database at the pages it has, and a
    list of delegates too long for the room left in them."""
    with closing(sqlite3.connect(demo / "escadesk.sqlite3")) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        (pages,) = connection.execute("PRAGMA page_count").fetchone()
    capped = (*engine.SQLITE_PRAGMAS, ("max_page_count", str(pages)))
    monkeypatch.setattr(engine, "SQLITE_PRAGMAS", capped)
    source = demo.parent / "delegates.csv"
    rows = [f"d{n}@example.org,Delegate {n},Organization {n % 40},CA" for n in range(3000)]
    source.write_text("Email,Name,Organization,Country\n" + "\n".join(rows) + "\n")
    code, _text = run(
        "--data-dir", str(demo), "import", "delegates", str(source), "--workshop", "1"
    )
    assert code == cli.REFUSED
    error = one_line(capsys)
    assert (
        error.startswith("escadesk-cli: The disk is full: nothing was saved") and str(demo) in error
    )


def test_a_full_disk_while_writing_a_workbook(
    demo: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from escadesk.exports import workbook_files

    def full(_source: object, _target: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(workbook_files.os, "replace", full)
    target = tmp_path / "out" / "roster.xlsx"
    target.parent.mkdir()
    code, _text = run(
        "--data-dir", str(demo), "export", "roster", "--workshop", "1", "--out", str(target)
    )
    assert code == cli.REFUSED
    assert one_line(capsys) == (
        f"escadesk-cli: The disk is full: nothing was saved (folder {target.parent})."
    )


# The database URL ----------------------------------------------------------------------


def test_an_unknown_driver_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _text = run("--database-url", "foo://x", "workshops")
    assert code == cli.USAGE
    error = one_line(capsys)
    assert "--database-url" in error and "'foo'" in error


@pytest.mark.parametrize("url", [":::", "\x00", "postgresql://user:secret@server:port/x"])
def test_a_malformed_url_is_a_usage_error_without_its_text(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _text = run("--database-url", url, "workshops")
    assert code == cli.USAGE
    error = one_line(capsys)
    assert "is not a database URL" in error and "secret" not in error


def test_the_environment_variable_is_named(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ESCADESK_DATABASE_URL", "nosuchdb://x")
    assert run("workshops")[0] == cli.USAGE
    assert one_line(capsys).startswith("escadesk-cli: ESCADESK_DATABASE_URL: ")


# Paths ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "said"),
    [
        ("a" * 5000, "the path is too long (5000 bytes; at most 4095)"),
        (f"data/{'é' * 200}/x", "is too long (400 bytes; a file or folder name has at most 255)"),
        ("data\x00", "the path contains a NUL character"),
        ("", "the path is empty"),
    ],
)
def test_a_data_folder_no_system_takes_is_a_usage_error(
    path: str, said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _text = run("--data-dir", path, "workshops")
    assert code == cli.USAGE
    error = one_line(capsys)
    assert error.startswith("escadesk-cli: error: argument --data-dir: ") and said in error
    assert len(error) < 300  # a long path is shortened in the message


def test_a_too_long_path_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ESCADESK_DATA_DIR", "d" * 5000)
    assert run("workshops")[0] == cli.USAGE
    assert one_line(capsys).startswith("escadesk-cli: ESCADESK_DATA_DIR: the path is too long")


def test_a_data_folder_under_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("x")
    code, _text = run("--data-dir", str(blocker / "data"), "workshops")
    assert code == cli.DATA_UNREADABLE
    assert one_line(capsys) == (
        f"escadesk-cli: escadesk cannot use the data folder {blocker / 'data'}: "
        f"{blocker} is a file, not a folder."
    )


def test_an_output_under_a_file(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "somefile.txt"
    blocker.write_text("x")
    target = blocker / "x.xlsx"
    code, _text = run(
        "--data-dir", str(demo), "export", "roster", "--workshop", "1", "--out", str(target)
    )
    assert code == cli.REFUSED
    assert one_line(capsys) == (
        f"escadesk-cli: refused: cannot write {target}: {blocker} is a file, not a folder"
    )
    code, _text = run(
        "--data-dir", str(demo), "notify", "--workshop", "1", "--template", "receipt",
        "--out", str(blocker / "letters"),
    )  # fmt: skip
    assert code == cli.REFUSED
    assert f"{blocker} is a file, not a folder" in one_line(capsys)


@pytest.mark.parametrize(
    ("name", "said"),
    [("missing.csv", "there is no file"), ("folder", "is a folder, not a file")],
)
def test_an_input_that_is_not_a_file(
    demo: Path, tmp_path: Path, name: str, said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "folder").mkdir()
    code, _text = run(
        "--data-dir", str(demo), "import", "delegates", str(tmp_path / name), "--workshop", "1"
    )
    assert code == cli.REFUSED
    assert said in one_line(capsys)


# Workshop ids --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["99999999999999999999999", "-99999999999999999999999", "1.5", "x", "", "\u0661"]
)
def test_a_workshop_id_that_is_no_id_is_a_usage_error(
    demo: Path, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _text = run("--data-dir", str(demo), "charges", "--workshop", value)
    assert code == cli.USAGE
    error = one_line(capsys)
    assert error.startswith("escadesk-cli charges: error: argument --workshop: ")


@pytest.mark.parametrize("value", ["0", "-1", "99", "123456789012"])
def test_a_workshop_that_does_not_exist_is_not_found(
    demo: Path, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, text = run("--data-dir", str(demo), "charges", "--workshop", value)
    assert code == cli.NOT_FOUND == 7 and text == ""
    assert one_line(capsys) == f"escadesk-cli: No workshop {value}; see escadesk-cli workshops"


@pytest.mark.parametrize(
    "command",
    [
        ["decide", "--dry-run"],
        ["erasures"],
        ["notify", "--template", "receipt", "--out", "letters"],
        ["export", "roster", "--out", "roster.xlsx"],
        ["import", "delegates", str(FIXTURES / "good_comma.csv")],
        ["benchmark", "report", "--out", "reports"],
    ],
)
def test_every_command_says_not_found(
    demo: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: list[str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _text = run("--data-dir", str(demo), *command, "--workshop", "0")
    assert code == cli.NOT_FOUND
    assert one_line(capsys) == "escadesk-cli: No workshop 0; see escadesk-cli workshops"
    assert not (tmp_path / "letters").exists() and not (tmp_path / "reports").exists()


# Whatever else goes wrong --------------------------------------------------------------


def test_an_unexpected_error_is_one_line_without_the_card(
    demo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*_args: object) -> int:
        raise RuntimeError(f"a bug holding {CARD}\nand a second line")

    monkeypatch.setitem(cli.HANDLERS, "workshops", broken)
    code, _text = run("--data-dir", str(demo), "workshops")
    assert code == cli.UNEXPECTED == 70
    assert one_line(capsys) == (
        "escadesk-cli: unexpected error: RuntimeError: a bug holding [card number hidden] "
        "and a second line (please report it)"
    )
    # The data was let go: the next command opens it.
    monkeypatch.undo()
    assert run("--data-dir", str(demo), "workshops")[0] == cli.OK


def test_ctrl_c_is_one_line(
    demo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(*_args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setitem(cli.HANDLERS, "workshops", interrupted)
    assert run("--data-dir", str(demo), "workshops")[0] == cli.INTERRUPTED == 130
    assert one_line(capsys) == "escadesk-cli: interrupted."


def test_a_usage_error_never_echoes_a_card(capsys: pytest.CaptureFixture[str]) -> None:
    code, _text = run("export", CARD, "--workshop", "1", "--out", "x.xlsx")
    assert code == cli.USAGE
    error = one_line(capsys)
    assert "[card number hidden]" in error and "1111 1111" not in error


def test_control_characters_are_shown_as_escapes(capsys: pytest.CaptureFixture[str]) -> None:
    code, _text = run("charges", "--workshop", "\x1b[31m1\u202e")
    assert code == cli.USAGE
    error = one_line(capsys)
    assert "\\x1b[31m1\\u202e" in error and "\x1b" not in error and "\u202e" not in error


# The console script --------------------------------------------------------------------

SCRIPT = """
import logging, sys, threading
from escadesk import cli

def broken(*_args):
    try:
        raise ValueError("inner {card}")
    except ValueError:
        logging.getLogger("escadesk.somewhere").exception("while listing {card}")
    worker = threading.Thread(target=lambda: 1 / 0)
    worker.start()
    worker.join()
    raise RuntimeError("outer {card}")

if sys.argv[1] == "broken":
    cli.HANDLERS["workshops"] = broken
sys.argv = ["escadesk-cli", "--data-dir", sys.argv[2], "workshops"]
cli.main_exit()
"""


#: The console script (pyproject: escadesk-cli = escadesk.cli:main_exit) installed beside
#: this Python, else the same entry point through ``python -m escadesk.cli``.
INSTALLED = Path(sys.executable).with_name("escadesk-cli" + (".exe" if os.name == "nt" else ""))
ESCADESK_CLI = [str(INSTALLED)] if INSTALLED.exists() else [sys.executable, "-m", "escadesk.cli"]


def console(*args: str, python: bool = False) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args] if python else [*ESCADESK_CLI, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=os.environ.copy(),
        check=False,
    )


@pytest.mark.sqlite_only("a SQLite file of zeros")
def test_the_console_script_prints_no_traceback(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "escadesk.sqlite3").write_bytes(b"\x00" * 4096)
    result = console("--data-dir", str(data), "workshops")
    assert result.returncode == cli.DATA_UNREADABLE
    assert result.stdout == "" and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("escadesk-cli: ")

    result = console("charges", "--workshop", "99999999999999999999999")
    assert result.returncode == cli.USAGE and result.stderr.count("\n") == 1


def test_logging_and_threads_cannot_leak_a_traceback(demo: Path) -> None:
    result = console("-c", SCRIPT.format(card=CARD), "broken", str(demo), python=True)
    assert result.returncode == cli.UNEXPECTED
    assert "Traceback" not in result.stderr and "1111 1111" not in result.stderr
    assert result.stderr.splitlines() == [
        "escadesk-cli: error: while listing [card number hidden]",
        "escadesk-cli: unexpected error: ZeroDivisionError: division by zero (please report it)",
        "escadesk-cli: unexpected error: RuntimeError: outer [card number hidden] "
        "(please report it)",
    ]
