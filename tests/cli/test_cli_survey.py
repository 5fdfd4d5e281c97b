"""escadesk-cli benchmark template and benchmark answers import, on a temporary demo data
folder: real templates written, filled as a spreadsheet program would (openpyxl), and
read back; the stored answers are read through the service afterwards."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from openpyxl import load_workbook

from escadesk import cli
from escadesk.app import AppConfig, Services, build_services
from escadesk.services.benchmarking import BenchmarkingService
from escadesk.services.clock import FixedClock
from escadesk.services.demo import DEMO_TODAY, seed_demo
from survey_template_kit import fill, template_names_of

TEMPLATE = "ESCA Cluster Benchmarking Workshop (TCI 2018) 2018-10-04 benchmarking survey - "
NORTHSHORE = "Northshore Photonics Cluster"
TAKING_PART = ["Baltic Maritime Innovation Network", NORTHSHORE, "Rhine Valley Health Cluster"]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """The demo (no vault needed), its clock a few days before the deadline: three
    organizations complete, so taking part; Northshore's 36 answers stored."""
    folder = tmp_path / "data"
    services = build_services(AppConfig.resolve(folder), clock=FixedClock(DEMO_TODAY))
    seed_demo(services)
    services.close()
    return folder


@contextmanager
def opened(data: Path) -> Iterator[Services]:
    services = build_services(AppConfig.resolve(data), clock=FixedClock(DEMO_TODAY))
    try:
        yield services
    finally:
        services.close()


def run(data: Path, *args: str) -> tuple[int, str]:
    out = io.StringIO()
    code = cli.main(["--data-dir", str(data), *args], stdin=io.StringIO(""), out=out)
    return code, out.getvalue()


def registration(data: Path, organization: str) -> int:
    with opened(data) as services:
        rows = services.registrations.list(1)
        return next(row.id for row in rows if row.organization == organization)


def stored(data: Path, organization: str) -> dict[str, str]:
    with opened(data) as services:
        survey = services.benchmarking.survey(registration(data, organization))
        return {code: answer.text for code, answer in survey.answers.items() if answer.text}


def northshore_template(data: Path, folder: Path) -> Path:
    number = registration(data, NORTHSHORE)
    code, text = run(
        data, "benchmark", "template", "--workshop", "1", "--out", str(folder),
        "--registration", str(number),
    )  # fmt: skip
    assert code == cli.OK
    (path,) = [Path(line) for line in text.splitlines()]
    return path


# -- out ---------------------------------------------------------------------------------------


def test_templates_for_everyone_taking_part(data: Path, tmp_path: Path) -> None:
    folder = tmp_path / "templates" / "new"  # created
    code, text = run(data, "benchmark", "template", "--workshop", "1", "--out", str(folder))

    assert code == cli.OK
    written = [Path(line) for line in text.splitlines()]
    assert sorted(written) == sorted(folder.iterdir())
    assert sorted(path.name for path in written) == [f"{TEMPLATE}{o}.xlsx" for o in TAKING_PART]
    with opened(data) as services:
        for path in written:
            preview = services.benchmarking.read_answers(path)
            assert preview.ok and preview.organization in path.name
            assert preview.to_store == ()  # the stored answers, pre-filled


def test_one_organizations_template(data: Path, tmp_path: Path) -> None:
    path = northshore_template(data, tmp_path / "one")
    assert path == tmp_path / "one" / f"{TEMPLATE}{NORTHSHORE}.xlsx"
    assert list(path.parent.iterdir()) == [path]


def test_a_template_for_someone_not_taking_part_or_unknown(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    catalonia = registration(data, "Catalonia Smart Mobility Hub")  # not complete
    folder = tmp_path / "out"
    args = ("benchmark", "template", "--workshop", "1", "--out", str(folder), "--registration")

    code, _text = run(data, *args, str(catalonia))
    assert code == cli.REFUSED
    error = capsys.readouterr().err
    assert f"registration #{catalonia} does not take part in workshop 1's benchmarking" in error
    assert f"#{registration(data, NORTHSHORE)} {NORTHSHORE}" in error

    assert run(data, *args, "999")[0] == cli.NOT_FOUND
    assert "There is no registration #999." in capsys.readouterr().err
    assert run(data, *args, "four")[0] == cli.USAGE
    assert not folder.exists()


def test_templates_refuse_a_file_as_their_folder(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    code, _text = run(data, "benchmark", "template", "--workshop", "1", "--out", str(blocker))
    assert code == cli.REFUSED
    assert "is a file, not a folder" in capsys.readouterr().err


# -- back --------------------------------------------------------------------------------------


def test_dry_run_lists_the_changes_and_stores_nothing(data: Path, tmp_path: Path) -> None:
    template = northshore_template(data, tmp_path)
    before = stored(data, NORTHSHORE)
    fill(template, {"1.1.2": 120, "4.1.1": None})

    code, text = run(data, "benchmark", "answers", "import", str(template), "--dry-run")

    assert code == cli.OK
    lines = text.splitlines()
    number = registration(data, NORTHSHORE)
    assert lines[0] == (
        f"{template.name}: {NORTHSHORE} (registration #{number}), ESCA Cluster Benchmarking "
        "Workshop (TCI 2018), catalogue 2018.1"
    )
    assert lines[1] == "0 new, 1 changed, 34 unchanged, 1 cleared answers."
    assert lines[2:] == [
        f"  1.1.2 Total committed participants: changed, {before['1.1.2']} -> 120",
        f"  4.1.1 Strategy process: cleared, {before['4.1.1']} -> (empty)",
        "Dry run: nothing was stored.",
    ]
    assert stored(data, NORTHSHORE) == before


def test_import_stores_every_change_then_has_nothing_left(data: Path, tmp_path: Path) -> None:
    template = northshore_template(data, tmp_path)
    fill(template, {"1.1.2": 120, "4.1.1": None, "2.2.1": 6.5})

    code, text = run(data, "benchmark", "answers", "import", str(template))

    assert code == cli.OK
    assert text.splitlines()[-1] == "Stored 3 answers."
    after = stored(data, NORTHSHORE)
    assert (after["1.1.2"], after["2.2.1"], "4.1.1" in after) == ("120", "6.5", False)
    code, text = run(data, "benchmark", "answers", "import", str(template))
    assert code == cli.OK
    assert text.splitlines()[1:] == [
        "0 new, 0 changed, 36 unchanged, 0 cleared answers.",
        "Nothing to store: the file holds the answers escadesk already has.",
    ]


def test_problems_one_a_line_and_nothing_stored(data: Path, tmp_path: Path) -> None:
    template = northshore_template(data, tmp_path)
    before = stored(data, NORTHSHORE)
    fill(template, {"1.1.2": 120, "2.2.1": "about forty", "4.1.1": "perhaps", "3.3": "=1+1"})

    code, text = run(data, "benchmark", "answers", "import", str(template))

    assert code == cli.REFUSED
    lines = text.splitlines()
    assert lines[0] == f"{template.name}: nothing stored; fix these problems first:"
    assert len(lines) == 4
    problems = "\n".join(lines[1:])
    # The sheet is named in the template's language (Northshore's: French, from Québec).
    answers = template_names_of(load_workbook(template)).answers_sheet
    assert f"  Sheet '{answers}', row 12, column F: 2.2.1 " in problems
    assert "'about forty' is not a number" in problems
    assert "'perhaps' is not yes or no" in problems
    assert "is a formula (=1+1)" in problems
    assert stored(data, NORTHSHORE) == before


def test_a_file_that_is_not_a_template(data: Path, tmp_path: Path) -> None:
    text_file = tmp_path / "answers.xlsx"
    text_file.write_text("Code,Answer\n2.2.1,3\n", encoding="utf-8")
    code, text = run(data, "benchmark", "answers", "import", str(text_file))
    assert code == cli.REFUSED
    assert "is a text (CSV) file with an .xlsx name" in text.splitlines()[1]


def test_a_missing_file_and_another_workshop(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _text = run(data, "benchmark", "answers", "import", str(tmp_path / "none.xlsx"))
    assert code == cli.REFUSED
    assert "there is no file" in capsys.readouterr().err
    template = northshore_template(data, tmp_path)
    args = ("benchmark", "answers", "import", str(template), "--workshop")
    assert run(data, *args, "9")[0] == cli.NOT_FOUND
    assert run(data, *args, "1")[0] == cli.OK


def test_answers_changed_while_reading_are_not_overwritten(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The stored answers change between the reading and the storing (another desk on
    a shared database): nothing is stored, and the message says to read the file again."""
    template = northshore_template(data, tmp_path)
    fill(template, {"1.1.2": 120})
    number = registration(data, NORTHSHORE)
    read = BenchmarkingService.read_answers

    def read_then_typed_elsewhere(self: BenchmarkingService, path: Path, **kwargs: object):
        preview = read(self, path, **kwargs)  # type: ignore[arg-type]
        self.save_answer(number, "2.2.1", "9")
        return preview

    monkeypatch.setattr(BenchmarkingService, "read_answers", read_then_typed_elsewhere)

    code, _text = run(data, "benchmark", "answers", "import", str(template))

    assert code == cli.REFUSED
    error = capsys.readouterr().err
    assert "changed since the file was read; nothing was saved" in error
    assert "run escadesk-cli benchmark answers import again" in error
    assert stored(data, NORTHSHORE)["1.1.2"] != "120"


def test_help_of_the_new_actions() -> None:
    for args in (["benchmark", "template", "-h"], ["benchmark", "answers", "import", "-h"]):
        assert cli.main(args, out=io.StringIO()) == cli.OK
