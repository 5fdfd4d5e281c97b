"""``escadesk-cli import registrations``: a web form's export, on a copy of the demo."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from escadesk import cli
from escadesk.app import AppConfig
from raw_sql import dump as dump_database
from raw_sql import query
from web_form_kit import (
    GOOGLE_HEADERS,
    LUCIA,
    WEI,
    google_export,
    google_rows,
    typeform_export,
    with_changes,
    write_export,
)

TYPEFORM_COLUMNS = """\
  Organization:     'What's the name of your cluster organization?'
  Country:          'Which country is your cluster organization based in?'
  Technology area:  'Which of ESCA's technology areas fits it best?'
  Contact name:     'First name' + 'Last name'
  E-mail:           'Email'
  Title:            'What's your job title?'
  Phone:            'Phone number'
"""


def run(data: Path, *args: str) -> tuple[int, str]:
    out = io.StringIO()
    code = cli.main(["--data-dir", str(data), *args], stdin=io.StringIO(""), out=out)
    return code, out.getvalue()


def dump(data: Path) -> list[str]:
    return dump_database(AppConfig.resolve(data).database_url)  # the file, or the server


def organizations(data: Path) -> set[str]:
    url = AppConfig.resolve(data).database_url
    return {name for (name,) in query(url, "SELECT name FROM organization")}


def test_a_dry_run_prints_the_guessed_columns_then_the_import_stores_and_remembers(
    demo: Path, tmp_path: Path
) -> None:
    path = typeform_export(tmp_path)
    before = dump(demo)
    code, text = run(demo, "import", "registrations", str(path), "--workshop", "1", "--dry-run")

    assert code == cli.OK, text
    assert text == (
        f"{path.name} (Typeform export): the columns (guessed from the column names; "
        "correct them with --map FIELD=COLUMN):\n"
        + TYPEFORM_COLUMNS
        + "  row 2: new: Pearl River ICT Cluster (wei.chen@prict.example)\n"
        "  row 3: new: Basque Advanced Manufacturing (l.fernandez@bam.example)\n"
        "  row 4: new: Atlantic Ocean Tech (tom.obrien@aot.example)\n"
        f"{path.name}: 3 responses: 3 new registrations. Dry run: nothing was stored.\n"
    )
    assert dump(demo) == before

    code, text = run(demo, "import", "registrations", str(path), "--workshop", "1")
    assert code == cli.OK, text
    assert text.endswith(
        f"{path.name}: 3 responses: 3 new registrations. Registered 3 organizations; "
        "the columns are remembered for the next export of this form.\n"
    )
    assert {"Pearl River ICT Cluster", "Atlantic Ocean Tech"} <= organizations(demo)

    # The next export of the same form: remembered, and the old responses skipped.
    code, text = run(demo, "import", "registrations", str(path), "--workshop", "1")
    assert code == cli.REFUSED
    assert "the columns (remembered from an earlier import of this form):" in text
    assert "  row 2: skipped (registered already): Pearl River ICT Cluster" in text
    assert text.endswith("nothing imported; every response is registered already.\n")


def test_map_changes_a_column_and_the_change_is_remembered(demo: Path, tmp_path: Path) -> None:
    path = google_export(tmp_path, [WEI])
    code, text = run(
        demo,
        "import", "registrations", str(path), "--workshop", "1",
        "--map", "phone=", "--map", "TITLE=your title / POSITION",
    )  # fmt: skip
    assert code == cli.OK, text
    assert "the columns (given with --map):" in text
    assert "  Phone:            (not in the file)\n" in text
    assert "  Title:            'Your title / position'\n" in text

    later = write_export(tmp_path / "friday.csv", GOOGLE_HEADERS, google_rows([WEI, LUCIA]))
    code, text = run(demo, "import", "registrations", str(later), "--workshop", "1")
    assert code == cli.OK, text
    assert "(remembered from an earlier import of this form)" in text
    assert "  Phone:            (not in the file)\n" in text


@pytest.mark.parametrize(
    ("people", "expected"),
    [
        (
            [WEI, with_changes(LUCIA, email="lucia@")],
            "  Row 3, column 'Email Address': 'lucia@' is not a valid e-mail address.\n",
        ),
        (
            [WEI, with_changes(LUCIA, area="Robotics")],
            "  Row 3, column 'Which ESCA technology area fits your cluster best?': 'Robotics' "
            "is not one of ESCA's technology areas.\n",
        ),
        (
            [WEI, with_changes(WEI, organization="PRICT")],
            "  Row 3, column 'Email Address': E-mail wei.chen@prict.example is also on row 2; "
            "keep one of the two responses.\n",
        ),
    ],
    ids=["bad-email", "unknown-area", "duplicate"],
)
def test_problems_are_listed_by_row_and_column_and_nothing_is_stored(
    demo: Path, tmp_path: Path, people, expected: str
) -> None:
    path = google_export(tmp_path, people)
    before = dump(demo)
    code, text = run(demo, "import", "registrations", str(path), "--workshop", "1")
    assert code == cli.REFUSED
    assert f"{path.name}: nothing imported; fix these problems first:\n{expected}" in text
    assert dump(demo) == before


def test_a_file_that_cannot_be_read_is_one_line(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes(
        "Organization,Country\nBasque Advanced Manufacturing,España\n".encode("cp1252")
    )
    before = dump(demo)
    code, _text = run(demo, "import", "registrations", str(path), "--workshop", "1")
    assert code == cli.REFUSED
    assert capsys.readouterr().err == (
        "escadesk-cli: refused: The file is not UTF-8 text (line 2). "
        "Save it as 'CSV UTF-8' and try again.\n"
    )
    assert dump(demo) == before


@pytest.mark.parametrize(
    ("option", "words"),
    [
        (["--map", "colour=Country"], "'colour' is not a field"),
        (["--map", "Country"], "give FIELD=COLUMN, not 'Country'"),
    ],
)
def test_a_wrong_map_is_a_usage_error(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], option, words
) -> None:
    path = google_export(tmp_path)
    code, _text = run(demo, "import", "registrations", str(path), "--workshop", "1", *option)
    assert code == cli.USAGE
    assert words in capsys.readouterr().err


def test_a_column_not_in_the_file_is_refused_with_the_columns_it_has(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = google_export(tmp_path)
    code, _text = run(
        demo, "import", "registrations", str(path), "--workshop", "1", "--map", "email=Mail"
    )
    assert code == cli.REFUSED
    error = capsys.readouterr().err
    assert f"refused: {path.name} has no column 'Mail'; its columns: 'Timestamp', " in error


def test_the_help_names_the_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["import", "registrations", "--help"]) == cli.OK
    text = capsys.readouterr().out
    assert all(word in text for word in ("FILE", "--workshop", "--map", "--dry-run", "Typeform"))
