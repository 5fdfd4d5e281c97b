"""Delegate lists, reference sets and web-form exports headed in French import like
English ones (one place per importer holds both header sets), and a missing column is
named in the window's language, with the English header beside it in French."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from escadesk.benchmark_resources import load_catalogue
from escadesk.domain.benchmarking import Catalogue
from escadesk.importing import load_delegates
from escadesk.importing.reference import load_reference_set
from escadesk.importing.web_form_columns import FIELD_ALIASES, guess_columns

NB = "\u00a0"  # inside « », before « : »


def _csv(path: Path, headers: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        writer.writerows(rows)
    return path


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


DELEGATE_ROWS = [
    ["anne@grappe.example", "Anne Tremblay", "Grappe photonique du Québec", "Canada"],
    ["bo@cluster.example", "Bo Berg", "Baltic Maritime Innovation Network", "Sweden"],
]


@pytest.mark.parametrize(
    "headers",
    [
        ["Courriel", "Nom", "Organisation", "Pays"],
        ["Adresse courriel", "Nom complet", "Organisme", "PAYS"],
        ["E-mail", "Name", "Organization", "Country"],
    ],
    ids=["french", "french-variants", "english"],
)
def test_a_delegate_list_headed_in_either_language_imports(
    tmp_path: Path, headers: list[str]
) -> None:
    outcome = load_delegates(_csv(tmp_path / "delegates.csv", headers, DELEGATE_ROWS))
    assert outcome.ok, [str(p) for p in outcome.problems]
    first, second = outcome.rows
    assert (first.email, first.name, first.organization, first.country) == (
        "anne@grappe.example",
        "Anne Tremblay",
        "Grappe photonique du Québec",
        "Canada",
    )
    assert (second.name, second.country) == ("Bo Berg", "Sweden")


def test_a_missing_column_in_french_names_both_headers(tmp_path: Path, french: None) -> None:
    path = _csv(tmp_path / "delegates.csv", ["Nom", "Pays"], [["Anne", "Canada"]])
    (problem,) = load_delegates(path).problems
    assert str(problem) == (
        f"La colonne obligatoire «{NB}Courriel{NB}» (ou «{NB}E-mail{NB}») est absente. "
        f"Colonnes trouvées{NB}: «{NB}Nom{NB}», «{NB}Pays{NB}»."
    )


def test_a_missing_column_in_english_is_unchanged(tmp_path: Path) -> None:
    path = _csv(tmp_path / "delegates.csv", ["Nom", "Pays"], [["Anne", "Canada"]])
    (problem,) = load_delegates(path).problems
    assert str(problem) == (
        "The required column is missing: 'E-mail'. Columns found: 'Nom', 'Pays'."
    )


def test_two_columns_for_one_in_french_name_it_in_french(tmp_path: Path, french: None) -> None:
    path = _csv(tmp_path / "d.csv", ["Courriel", "E-mail"], [["a@x.example", "b@x.example"]])
    (problem,) = load_delegates(path).problems
    assert str(problem).startswith(f"Les colonnes «{NB}Courriel{NB}» et «{NB}E-mail{NB}» ")
    assert f"«{NB}Courriel{NB}» (ou «{NB}E-mail{NB}»)" in str(problem)


def test_a_french_reference_set_imports(tmp_path: Path, catalogue: Catalogue) -> None:
    french = catalogue.localized("fr").indicator("2.2.1")
    assert french.label != catalogue.indicator("2.2.1").label  # the test reads French
    headers = ["Identifiant", "Pays", "Domaine technologique", "Année", "Label", "1.1.2"]
    headers.append(french.title)  # "2.2.1 Ressources humaines …"
    rows = [["SYN-1", "Germany", "ICT", "2018", "Bronze", "70", "3.5"]]
    result = load_reference_set(_csv(tmp_path / "ref.csv", headers, rows), catalogue)
    assert result.ok, [str(p) for p in result.problems]
    (organization,) = result.organizations
    assert (organization.identifier, organization.country, organization.year) == (
        "SYN-1",
        "Germany",
        2018,
    )
    assert dict(organization.values) == {"1.1.2": 70, "2.2.1": 3.5}
    assert result.ignored_columns == ()


def test_a_reference_set_without_its_year_in_french(
    tmp_path: Path, catalogue: Catalogue, french: None
) -> None:
    headers = ["Identifiant", "Pays", "Domaine technologique", "2.2.1"]
    path = _csv(tmp_path / "ref.csv", headers, [["SYN-1", "Germany", "ICT", "3"]])
    (problem,) = load_reference_set(path, catalogue).problems
    assert str(problem).startswith(
        f"La colonne obligatoire «{NB}Année{NB}» (ou «{NB}Year{NB}») est absente."
    )


def test_a_french_web_form_export_is_guessed() -> None:
    headers = [
        "Horodateur",
        "Nom de votre organisme",
        "Pays",
        "Domaine technologique",
        "Prénom",
        "Nom de famille",
        "Adresse courriel",
        "Titre du poste",
        "Numéro de téléphone",
    ]
    columns = guess_columns(headers)
    assert dict(columns.columns) == {
        "organization": ("Nom de votre organisme",),
        "country": ("Pays",),
        "technology_area": ("Domaine technologique",),
        "contact_name": ("Prénom", "Nom de famille"),
        "contact_email": ("Adresse courriel",),
        "contact_title": ("Titre du poste",),
        "contact_phone": ("Numéro de téléphone",),
    }
    assert FIELD_ALIASES["courriel"] == "contact_email"
    assert FIELD_ALIASES["pays"] == "country"
