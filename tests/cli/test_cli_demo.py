"""``escadesk-cli --demo``: the demo folder of ``escadesk --demo``, created when missing,
and the README's command-line examples working against it as pasted."""

from __future__ import annotations

import io
import shlex
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from escadesk import __main__ as entry
from escadesk import cli
from escadesk.app import AppConfig, default_data_dir
from escadesk.services.demo import DEMO_CODE, DEMO_PASSPHRASE
from escadesk.vault import kdf
from raw_sql import query

#: The name a folder gets for the demo's finance workbook: its title and date, not its code.
FINANCE = "ESCA Cluster Benchmarking Workshop (TCI 2018) 2018-10-04 finance.xlsx"

REPOSITORY = Path(__file__).resolve().parents[2]


def readme_examples() -> list[str]:
    """The README's pasteable examples ("Command line"), in its order, without the
    ``python3 run.py`` that runs them in the project's environment."""
    text = (REPOSITORY / "README.md").read_text("utf-8")
    prefix = "python3 run.py escadesk-cli --demo "
    lines = [line.removeprefix("python3 run.py ") for line in text.splitlines()]
    return [line for line in lines if ("python3 run.py " + line).startswith(prefix)]


README_EXAMPLES = readme_examples()


@pytest.fixture(autouse=True)
def quick_vault(monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo sets up its vault; a key tuned to take 0.5-1 s is not what is tested here."""
    monkeypatch.setattr(kdf, "calibrate", kdf.fast_test_params)


def run(*args: str, stdin: str = "") -> tuple[int, str]:
    out = io.StringIO()
    code = cli.main(list(args), stdin=io.StringIO(stdin), out=out)
    return code, out.getvalue()


def demo_folder() -> Path:
    """Where ``escadesk --demo`` (the window) opens the demo."""
    options = entry.parse_args(["--demo"])
    return AppConfig.resolve(options.data_dir, options.database_url, demo=options.demo).data_dir


def workshop_codes(folder: Path) -> list[str]:
    url = AppConfig.resolve(folder).database_url  # the folder's file, or the server's
    return [code for (code,) in query(url, "SELECT code FROM workshop")]


def test_demo_creates_the_windows_demo_folder_once(capsys: pytest.CaptureFixture[str]) -> None:
    assert not demo_folder().exists()

    code, text = run("--demo", "workshops")

    assert code == cli.OK
    assert text.startswith(f"1\t{DEMO_CODE}\t2018-10-04\t")
    assert demo_folder() == default_data_dir() / "demo"
    assert workshop_codes(demo_folder()) == [DEMO_CODE]
    assert (demo_folder() / "keys").is_dir()  # the demo's device key, in its own folder
    said = capsys.readouterr().err
    assert f"created the demo in {demo_folder()}" in said and DEMO_PASSPHRASE in said
    assert not (default_data_dir() / "escadesk.sqlite3").exists()  # the real data: untouched

    code, again = run("--demo", "workshops")
    assert code == cli.OK and again == text
    assert workshop_codes(demo_folder()) == [DEMO_CODE]  # not seeded twice
    assert "created" not in capsys.readouterr().err


def test_demo_may_follow_the_command() -> None:
    code, before = run("workshops", "--demo")
    assert code == cli.OK and DEMO_CODE in before

    code, text = run("audit", "verify", "--demo")
    assert code == cli.OK and text.startswith("Audit log intact")
    assert workshop_codes(demo_folder()) == [DEMO_CODE]


def test_an_explicit_folder_gets_the_demo_too(tmp_path: Path) -> None:
    folder = tmp_path / "my-demo"
    code, text = run("--demo", "--data-dir", str(folder), "workshops")

    assert code == cli.OK and DEMO_CODE in text
    assert workshop_codes(folder) == [DEMO_CODE]
    assert not demo_folder().exists()


def test_the_demo_clock_stands_before_the_deadline_as_in_the_window(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, text = run("--demo", "decide", "--workshop", "1", "--dry-run")
    assert code == cli.OK
    assert text.startswith("Preview only: the decision opens at the end of the last day")

    # The vault opens in this new process (file keychain, demo passphrase): only the date
    # refuses. A wrong passphrase is refused by the vault instead.
    code, _text = run(
        "--demo", "decide", "--workshop", "1", "--confirm", "--passphrase-stdin", stdin="no\n"
    )
    assert code == cli.LOCKED
    time.sleep(1.1)  # a first wrong passphrase costs 1 s, kept in the data for every process
    code, text = run(
        "--demo",
        "decide",
        "--workshop",
        "1",
        "--confirm",
        "--passphrase-stdin",
        stdin=f"{DEMO_PASSPHRASE}\n",
    )
    assert code == cli.REFUSED and text == ""
    assert capsys.readouterr().err.endswith(
        "refused: The decision can be taken from the end of the last day to register "
        "(Oct 1, 2018) on.\n"
    )


def test_no_workshops_says_so_and_points_at_the_demo(tmp_path: Path) -> None:
    code, text = run("workshops")
    assert code == cli.OK
    assert text == (
        f"No workshops yet in {default_data_dir()}. "
        "To try the demo workshop: escadesk-cli --demo workshops\n"
    )

    empty = tmp_path / "empty"
    code, text = run("--data-dir", str(empty), "workshops")
    assert code == cli.OK and text.startswith(f"No workshops yet in {empty}.")


def test_export_to_a_new_folder_named_with_a_slash(tmp_path: Path) -> None:
    folder = tmp_path / "new" / "exports"
    code, text = run("--demo", "export", "finance", "--workshop", "1", "--out", f"{folder}/")
    assert code == cli.OK
    assert text.strip() == str(folder / FINANCE)

    other = tmp_path / "other"
    code, _text = run("--demo", "export", "roster", "--workshop", "99", "--out", f"{other}/")
    assert code == cli.NOT_FOUND and not other.exists()  # nothing made for a wrong workshop


@pytest.mark.sqlite_only("the examples back up and check the SQLite file of the demo")
def test_every_readme_example_works_against_the_demo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert len(README_EXAMPLES) >= 10, README_EXAMPLES  # the README block was found
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tests").symlink_to(REPOSITORY / "tests")  # "from a clone of this repository"
    results: dict[str, tuple[int, str]] = {}
    for line in README_EXAMPLES:
        program, *args = shlex.split(line)
        assert program == "escadesk-cli"
        results[line] = run(*args)
    assert {line: code for line, (code, _text) in results.items()} == dict.fromkeys(
        README_EXAMPLES, cli.OK
    )

    def said(command: str) -> str:
        return next(text for line, (_code, text) in results.items() if command in line)

    assert DEMO_CODE in said("workshops")
    assert "cancelled  Andes AgriFood Alliance" in said("--dry-run")
    assert said("charges").startswith("organization\tcardholder\tcard")  # none before the day
    assert said("erasures").startswith("erased at (UTC)\torganization")
    assert said("audit").startswith("Audit log intact")
    assert said("notify") == "No organization is due a 'cancelled' letter.\n"
    assert load_workbook(tmp_path / "roster.xlsx").sheetnames[0] == "Cover"
    finance = tmp_path / "exports" / FINANCE
    assert said("finance").strip() == str(Path("exports") / finance.name)
    assert load_workbook(finance).sheetnames == ["Summary", "Charges"]
    assert said("import") == "good.xlsx: 6 delegates (6 new, 0 already known). Dry run: " + (
        "nothing was stored.\n"
    )
    reports = sorted((tmp_path / "reports").glob("*.xlsx"))
    assert len(reports) == 3 and said("benchmark").count(".xlsx") == 3
