"""escadesk-cli export and import on a temporary demo data folder."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from escadesk import cli
from escadesk.app import AppConfig, build_services
from escadesk.services.clock import FixedClock
from escadesk.services.demo import DEMO_TODAY, seed_demo
from raw_sql import query

#: The name proposed for a report of the demo workshop (issue 16: its title, not its code).
REPORT = "ESCA Cluster Benchmarking Workshop (TCI 2018) 2018-10-04 benchmarking report - "

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "delegates"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """The demo (no vault needed for exports and imports), its clock a few days before
    the deadline."""
    folder = tmp_path / "data"
    services = build_services(AppConfig.resolve(folder), clock=FixedClock(DEMO_TODAY))
    seed_demo(services)
    services.close()
    return folder


def run(data: Path, *args: str) -> tuple[int, str]:
    out = io.StringIO()
    code = cli.main(["--data-dir", str(data), *args], stdin=io.StringIO(""), out=out)
    return code, out.getvalue()


def _delegates(data: Path) -> int:
    ((count,),) = query(AppConfig.resolve(data).database_url, "SELECT count(*) FROM delegate")
    return count


def test_export_roster_and_finance(data: Path, tmp_path: Path) -> None:
    roster = tmp_path / "roster.xlsx"
    code, text = run(data, "export", "roster", "--workshop", "1", "--out", str(roster))
    assert code == cli.OK and text.strip() == str(roster)
    assert load_workbook(roster).sheetnames == [
        "Cover",
        "Participants",
        "Programme",
        "Facilitators",
    ]

    code, text = run(data, "export", "finance", "--workshop", "1", "--out", str(tmp_path))
    # A folder gets the suggested name: the workshop's title and date, not its code.
    named = tmp_path / "ESCA Cluster Benchmarking Workshop (TCI 2018) 2018-10-04 finance.xlsx"
    assert code == cli.OK and text.strip() == str(named)
    assert load_workbook(named).sheetnames == ["Summary", "Charges"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--workshop", "1", "--out", "roster.txt"], "as an .xlsx file"),
        (["--workshop", "1", "--out", "missing/roster.xlsx"], "does not exist"),
    ],
)
def test_export_refusals_say_why(
    data: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _text = run(data, "export", "roster", *args)
    assert code == cli.REFUSED
    assert message in capsys.readouterr().err
    assert not list(tmp_path.glob("*.xlsx")) and not list(tmp_path.glob("roster*"))


def test_a_write_error_is_a_clear_refusal(
    data: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from escadesk.exports import workbook_files

    def refuse(_source: object, _target: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(workbook_files.os, "replace", refuse)
    target = tmp_path / "roster.xlsx"
    code, _text = run(data, "export", "roster", "--workshop", "1", "--out", str(target))
    assert code == cli.REFUSED
    assert f"could not write {target}: Permission denied" in capsys.readouterr().err
    assert not list(tmp_path.glob("*roster*"))  # nor the temporary file


def test_import_delegates_dry_run_then_for_real(data: Path) -> None:
    before = _delegates(data)
    source = FIXTURES / "good_comma.csv"
    code, text = run(data, "import", "delegates", str(source), "--workshop", "1", "--dry-run")
    assert code == cli.OK
    assert text.strip() == (
        "good_comma.csv: 6 delegates (6 new, 0 already known). Dry run: nothing was stored."
    )
    assert _delegates(data) == before

    code, text = run(data, "import", "delegates", str(source), "--workshop", "1")
    assert code == cli.OK and "imported 6 delegates (6 new, 0 already known)" in text
    assert _delegates(data) == before + 6

    code, text = run(data, "import", "delegates", str(source), "--workshop", "1")
    assert code == cli.OK and "(0 new, 6 already known)" in text
    assert _delegates(data) == before + 6


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("bad_duplicate_emails.csv", "Row 5, column 'Email': "),
        ("bad_header_only.csv", "no delegates"),
        ("bad_corrupt.xlsx", ""),
    ],
)
def test_import_problems_are_listed_and_nothing_is_stored(
    data: Path, name: str, expected: str
) -> None:
    before = _delegates(data)
    code, text = run(data, "import", "delegates", str(FIXTURES / name), "--workshop", "1")
    assert code == cli.REFUSED
    assert text.startswith(f"{name}: nothing imported; fix these problems first:")
    assert expected in text
    assert _delegates(data) == before


def test_import_of_a_missing_file(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _text = run(data, "import", "delegates", "nowhere.csv", "--workshop", "1")
    assert code == cli.REFUSED
    assert "there is no file nowhere.csv" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("command", "words"),
    [
        (["export", "--help"], ["--workshop", "--out", "roster", "finance"]),
        (["import", "--help"], ["delegates"]),
        (["import", "delegates", "--help"], ["--workshop", "--dry-run", "FILE"]),
    ],
)
def test_every_new_command_has_help(
    command: list[str], words: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(command) == cli.OK
    text = capsys.readouterr().out
    assert all(word in text for word in words)


def test_usage_errors_exit_with_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["export", "payroll", "--workshop", "1", "--out", "x.xlsx"]) == cli.USAGE
    error = capsys.readouterr().err
    assert "invalid choice" in error and error.count("\n") == 1  # one line, no usage block


def test_benchmark_report_writes_one_workbook_per_participant(data: Path, tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    arguments = ["--workshop", "1", "--out", str(folder), "--format", "xlsx"]  # PDF: elsewhere
    code, text = run(data, "benchmark", "report", *arguments)
    assert code == cli.OK
    written = [Path(line) for line in text.splitlines()]
    assert sorted(written) == sorted(folder.glob("*.xlsx"))
    assert len(written) == 3  # before the decision: the three complete organizations
    names = {path.name for path in written}
    assert f"{REPORT}Northshore Photonics Cluster.xlsx" in names
    # Each report in its organization's language (the demo's Québec cluster: French).
    languages = dict(query(AppConfig.resolve(data).database_url,
                           "SELECT name, language FROM organization"))  # fmt: skip
    assert languages["Northshore Photonics Cluster"] == "fr"
    sheets = {"en": ["Cover", "Summary", "Indicators"],
              "fr": ["Page de garde", "Sommaire", "Indicateurs"]}  # fmt: skip
    for path in written:
        organization = path.stem.removeprefix(REPORT)
        cover, summary, indicators = sheets[languages[organization]]
        workbook = load_workbook(path)
        assert workbook.sheetnames[:2] == [cover, summary], organization
        assert indicators in workbook.sheetnames


def test_benchmark_report_help_and_a_file_as_folder(data: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    code, _text = run(data, "benchmark", "report", "--workshop", "1", "--out", str(blocker))
    assert code == cli.REFUSED
    assert cli.main(["benchmark", "report", "--help"], out=io.StringIO()) == cli.OK
