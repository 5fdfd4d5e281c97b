"""Import problems and domain refusals in French under fr_CA: whole sentences naming the
row and the column (the header as the file spells it), plurals by count; English unchanged."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from escadesk.benchmark_resources import load_catalogue
from escadesk.domain.benchmarking.values import check_value, expected_answer, parse_answer
from escadesk.domain.invoicing import RefundEntry, RefundLimits, refund_problems
from escadesk.domain.money import Money
from escadesk.domain.validation import ValidationError
from escadesk.i18n import Translator
from escadesk.importing import load_delegates
from escadesk.importing.columns import ColumnSpec, map_columns
from escadesk.importing.tables import TableReadError, read_table

NB = "\u00a0"  # inside « », before « : »
NNB = "\u202f"  # before « ; »


def _csv(tmp_path: Path, text: str, name: str = "delegates.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


DELEGATES = "Courriel,Name\nann@example.com,Ann\nnot-an-address,Bob\nann@example.com,2018-09-01\n"


def test_french_delegate_problem_names_row_and_column(tmp_path, french):
    outcome = load_delegates(_csv(tmp_path, DELEGATES))
    problems = [str(problem) for problem in outcome.problems]
    assert problems == [
        f"Ligne 3, colonne «{NB}Courriel{NB}»{NB}: «{NB}not-an-address{NB}» "
        "n’est pas une adresse courriel valide",
        f"Ligne 4, colonne «{NB}Courriel{NB}»{NB}: «{NB}ann@example.com{NB}» répète la ligne 2",
    ]
    # The warning of row 4 is held back with the row, so none here; a date in a name:
    outcome = load_delegates(_csv(tmp_path, "Courriel,Name\ncid@example.com,2018-09-01\n"))
    assert [str(w) for w in outcome.warnings] == [
        f"Ligne 2, colonne «{NB}Name{NB}»{NB}: «{NB}2018-09-01{NB}» ressemble à une date, "
        f"pas à un nom{NNB}; vérifiez cette cellule."
    ]


def test_the_same_problems_in_english(tmp_path):
    outcome = load_delegates(_csv(tmp_path, DELEGATES))
    assert [str(problem) for problem in outcome.problems] == [
        "Row 3, column 'Courriel': 'not-an-address' is not a valid e-mail address",
        "Row 4, column 'Courriel': 'ann@example.com' duplicates row 2",
    ]


def test_french_missing_columns_counted_and_headers_kept_as_spelled(french):
    specs = (
        ColumnSpec("email", "E-mail", required=True),
        ColumnSpec("year", "Year", required=True),
    )
    mapping = map_columns(["Nom"], specs)
    assert mapping.problems() == (
        f"Les colonnes obligatoires «{NB}E-mail{NB}», «{NB}Year{NB}» sont absentes. "
        f"Colonnes trouvées{NB}: «{NB}Nom{NB}».",
    )
    one = map_columns([], specs[:1])
    assert one.problems() == (
        f"La colonne obligatoire «{NB}E-mail{NB}» est absente. Colonnes trouvées{NB}: aucune.",
    )


def test_french_file_refusals_and_notes(tmp_path, french):
    with pytest.raises(TableReadError) as refused:
        read_table(_csv(tmp_path, "", "empty.csv"))
    assert refused.value.message == "Le fichier est vide."
    with pytest.raises(TableReadError) as refused:
        read_table(tmp_path / "list.ods")
    assert refused.value.message.startswith(f"Les fichiers «{NB}.ods{NB}» ne sont pas pris")
    table = read_table(
        _csv(tmp_path, "Delegates 2018\nE-mail,Name\na@example.com,A\n", "title.csv"),
        columns=(ColumnSpec("email", "E-mail", required=True),),
    )
    assert table.notes == (
        f"En-tête trouvé à la ligne 2{NNB}; la ligne 1 au-dessus a été ignorée.",
    )


def test_french_answer_refusals_name_the_range(french):
    catalogue = load_catalogue()  # the shipped one (no other test module imported)
    number = next(i for i in catalogue.indicators if i.unit.whole and i.maximum > 10)
    problem = check_value(number, number.maximum + 1)
    assert problem is not None
    assert problem.message.startswith("doit être entre ")
    assert " et " in problem.message and ", et non " in problem.message
    with pytest.raises(ValidationError) as error:
        parse_answer(number, "beaucoup")
    assert error.value.problems[0].message == f"«{NB}beaucoup{NB}» n’est pas un nombre"
    # A document in English keeps English whatever the window speaks.
    assert expected_answer(number, Translator("en_CA")).startswith("a whole number between ")
    assert expected_answer(number).startswith("un nombre entier entre ")


def test_french_refund_refusals(french):
    limits = RefundLimits(
        charged=Money(Decimal("100.00"), "CAD"),
        refunded_before=Money(Decimal(0), "CAD"),
        charged_on=dt.date(2018, 10, 1),
        today=dt.date(2018, 10, 5),
    )
    entry = RefundEntry(
        amount=None, refunded_on=dt.date(2018, 10, 9), reference="", reason="x" * 600
    )
    messages = [problem.message for problem in refund_problems(entry, limits)]
    assert messages == [
        "Indiquez le montant remboursé.",
        "Cette date est dans le futur.",
        "La référence est obligatoire.",
        "Limitez le motif à 500 caractères.",
    ]
