"""Issue 21: ``escadesk-cli forms blank --language en|fr``: blank forms belong to no
organization, so their language is asked for (default: the command line's own); a
language escadesk does not print forms in is a usage error that says which it does."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from escadesk import cli
from escadesk.i18n import locales
from pdf_text import pdf_words

REGISTRATION_FR = "formulaire d'inscription"
CARD_FR = "formulaire d'autorisation de paiement par carte de crédit"


def run(demo: Path, *args: str) -> tuple[int, str]:
    out = io.StringIO()
    code = cli.main(["--data-dir", str(demo), *args], stdin=io.StringIO(""), out=out)
    return code, out.getvalue()


def blank(demo: Path, folder: Path, *extra: str) -> tuple[int, list[Path]]:
    code, text = run(demo, "forms", "blank", "--workshop", "1", "--out", str(folder), *extra)
    return code, [Path(line) for line in text.splitlines()]


@pytest.mark.parametrize("typed", ["fr", "FR"])
def test_french_blank_forms_on_request(demo: Path, tmp_path: Path, typed: str) -> None:
    code, (registration, card) = blank(demo, tmp_path / "f", "--language", typed)
    assert code == cli.OK
    assert registration.name.endswith(f" 2018-10-04 {REGISTRATION_FR}.pdf")
    assert card.name.endswith(f" 2018-10-04 {CARD_FR}.pdf")
    assert "Formulaire d'inscription" in pdf_words(registration)
    assert "Frais par organisation de grappe" in pdf_words(card)


def test_locale_of_blank_forms_defaults_to_the_command_lines(demo: Path, tmp_path: Path) -> None:
    code, (english, _card) = blank(demo, tmp_path / "en")
    assert code == cli.OK and english.name.endswith(" 2018-10-04 registration form.pdf")
    locales.write_choice(demo, "fr_CA")  # View > Language: the CLI speaks French too
    code, (french, _card) = blank(demo, tmp_path / "fr")
    assert code == cli.OK and french.name.endswith(f" {REGISTRATION_FR}.pdf")
    code, (asked, _card) = blank(demo, tmp_path / "asked", "--language", "en")
    assert code == cli.OK and asked.name.endswith(" registration form.pdf")


def test_locale_unknown_is_a_usage_error_that_says_which(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, printed = blank(demo, tmp_path / "f", "--language", "de")
    assert code == cli.USAGE and printed == []
    err = capsys.readouterr().err
    assert "argument --language: the forms are printed in en (English) or fr (French), " in err
    assert "not 'de'" in err and "Traceback" not in err
    assert not (tmp_path / "f").exists()
    locales.write_choice(demo, "fr_CA")
    assert blank(demo, tmp_path / "f", "--language", "german")[0] == cli.USAGE
    french = capsys.readouterr().err
    assert "les formulaires s’impriment en en (anglais) ou en fr (français)" in french
