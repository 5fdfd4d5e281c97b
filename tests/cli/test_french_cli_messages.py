"""In French (issue 21): escadesk-cli's refusals and results, the services' refusals and
an import problem naming its row and column come out in Canadian French; English stays
as it was."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from escadesk import cli
from escadesk.i18n import set_locale
from escadesk.services.passphrase_rules import passphrase_problems
from escadesk.services.registration_import_checks import RowProblem
from escadesk.services.views import StaleEditError
from escadesk.storage.lock_holder import DataInUseError, LockHolder


@pytest.fixture
def french_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """LANG=fr_CA.UTF-8, as a French desk's terminal has it; English restored after."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "fr_CA.UTF-8")
    try:
        yield
    finally:
        set_locale("en_CA")


def test_french_cli_says_an_empty_data_folder_has_no_workshop(
    french_environment: None, tmp_path: Path
) -> None:
    out = io.StringIO()
    code = cli.main(["--data-dir", str(tmp_path / "data"), "workshops"], out=out)
    assert code == cli.OK
    assert "Aucun atelier pour l’instant dans" in out.getvalue()
    assert "Pour essayer l’atelier de démonstration\u00a0: escadesk-cli --demo workshops" in (
        out.getvalue()
    )


def test_french_cli_refuses_an_unknown_workshop(
    french_environment: None, demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli.main(["--data-dir", str(demo), "charges", "--workshop", "999"], out=io.StringIO())
    assert code == cli.NOT_FOUND
    assert "Aucun atelier 999\u202f; voyez escadesk-cli workshops" in capsys.readouterr().err


def test_french_cli_refuses_a_missing_import_file(
    french_environment: None, demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = demo / "nowhere.xlsx"
    code = cli.main(
        ["--data-dir", str(demo), "import", "delegates", "--workshop", "1", str(missing)],
        out=io.StringIO(),
    )
    assert code != cli.OK
    err = capsys.readouterr().err
    assert "refusé\u00a0: il n’y a aucun fichier" in err, err


def test_french_import_problem_names_row_and_column(french: None) -> None:
    problem = RowProblem(7, "Courriel", "contact_email", "adresse incomplète")
    assert str(problem) == "Ligne 7, colonne «\u00a0Courriel\u00a0»\u00a0: adresse incomplète"
    assert str(RowProblem(None, "E-mail", None, "x")) == "Colonne «\u00a0E-mail\u00a0»\u00a0: x"


def test_english_import_problem_is_unchanged() -> None:
    assert str(RowProblem(7, "Email", "contact_email", "bad")) == "Row 7, column 'Email': bad"
    assert str(RowProblem(7, None, None, "bad")) == "Row 7: bad"
    assert str(RowProblem(None, "Email", None, "bad")) == "Column 'Email': bad"


def test_french_service_refusals(french: None) -> None:
    short, differ = passphrase_problems("court", "autre")
    assert short.message == "Utilisez au moins 12 caractères (quelques mots)."
    assert differ.message == "Les deux phrases de passe diffèrent."
    stale = StaleEditError("The institute's identity", "alice", "2 oct. 2018 09:15 HAE")
    assert stale.message == (
        "L’identité de l’institut a fait l’objet d’une modification par alice "
        "le 2 oct. 2018 09:15 HAE — rechargez pour voir la modification\u202f; "
        "rien n’a été enregistré."
    )


def test_french_data_in_use_names_the_other_escadesk(french: None) -> None:
    from datetime import UTC, datetime

    holder = LockHolder(
        "window", "alice", "poste-3", 4242, datetime(2018, 10, 2, 13, 5, tzinfo=UTC)
    )
    message = str(DataInUseError("/données", holder))
    assert message.startswith(
        "Les données de /données sont déjà utilisées par la fenêtre "
        "d’escadesk de alice sur poste-3 (processus 4242)"
    )
