"""French values in imported files (a delegate list, a web form's export): stored in
English, as typed in English; a value neither language knows is named by row and column."""

from __future__ import annotations

from pathlib import Path

from escadesk.app import Services
from escadesk.domain.registration_form import RegistrationDetails
from web_form_kit import LUCIA, RESPONDENTS, TOM, WEI, google_export, with_changes

FRENCH_LIST = """Courriel,Nom,Organisation,Pays
o.ziegler@example.eu,Oliver Ziegler,ESCA,Allemagne
jane.doe@example.org,Jane Doe,Northshore Photonics,Canada
sam@example.us,Sam Hill,Ohio Cluster,États-Unis
amy@example.uk,Amy Lee,Leeds Digital,royaume-uni
paul@example.be,Paul Dubois,Pôle Wallon,Belgique
"""


def test_a_french_delegate_list_stores_english_countries(
    services: Services, workshop_id: int, write_csv
) -> None:
    preview = services.delegates.preview(workshop_id, write_csv("pays.csv", FRENCH_LIST))
    assert preview.problems == ()
    services.delegates.commit(preview)

    countries = {entry.email: entry.country for entry in services.delegates.entries(workshop_id)}
    assert countries == {
        "o.ziegler@example.eu": "Germany",
        "jane.doe@example.org": "Canada",
        "sam@example.us": "United States",
        "amy@example.uk": "United Kingdom",
        "paul@example.be": "Belgium",
    }


def test_an_unknown_country_in_a_french_list_names_its_row_and_column(
    services: Services, workshop_id: int, write_csv
) -> None:
    text = FRENCH_LIST + "x@example.org,X,Y,Atlantide\n"
    preview = services.delegates.preview(workshop_id, write_csv("pays.csv", text))
    assert not preview.ok
    [problem] = preview.problems
    assert (problem.row, problem.column) == (7, "Pays")
    assert "Atlantide" in problem.message
    assert services.delegates.count(workshop_id) == 0


def _stored(services: Services, workshop: int) -> dict[str, RegistrationDetails]:
    return {row.organization: row.details for row in services.registrations.list(workshop)}


def test_a_french_web_form_export_stores_english_values(
    services: Services, workshop_id: int, add_delegates, tmp_path: Path
) -> None:
    add_delegates(workshop_id, [person.email for person in RESPONDENTS])
    french = [
        with_changes(WEI, country="Chine", area="TIC"),
        with_changes(LUCIA, country="ESPAGNE", area="production et ingenierie"),
        with_changes(TOM, country="Irlande", area="Technologies maritimes, ressources en eau"),
    ]
    importer = services.registration_import
    export = importer.read(google_export(tmp_path, french))
    preview = importer.preview(workshop_id, export, importer.columns_for(export).columns)
    assert preview.problems == ()
    importer.commit(preview)

    registered = _stored(services, workshop_id)
    for person in RESPONDENTS:  # the English originals: the same registrations
        assert registered[person.organization] == person.details()
    assert registered[WEI.organization].country == "China"
    assert registered[TOM.organization].technology_area == "Maritime technologies, water resources"


def test_an_unknown_french_area_names_its_row_and_column(
    services: Services, workshop_id: int, add_delegates, tmp_path: Path
) -> None:
    add_delegates(workshop_id, [person.email for person in RESPONDENTS])
    people = [with_changes(WEI, country="Chine", area="Aérospatiale lunaire"), LUCIA, TOM]
    importer = services.registration_import
    export = importer.read(google_export(tmp_path, people))
    preview = importer.preview(workshop_id, export, importer.columns_for(export).columns)
    assert not preview.ok
    rows = {(problem.row, problem.column) for problem in preview.problems}
    assert len(rows) == 1
    [(row, column)] = rows
    assert row == 2 and column is not None
    assert any("Aérospatiale lunaire" in problem.message for problem in preview.problems)
    assert _stored(services, workshop_id) == {}
