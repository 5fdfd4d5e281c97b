"""The roster's countries and technology areas in the window's language (stored English)."""

from __future__ import annotations

from pathlib import Path

from exportkit import participant, read, roster_data

from escadesk.exports.roster import write_roster

GERMAN = participant(9, country="Germany", technology_area="Energy and environment")


def _places(path: Path) -> list[tuple[object, object]]:
    sheet = read(path).worksheets[1]  # the participants
    return [(row[1].value, row[2].value) for row in sheet.iter_rows(min_row=2) if row[0].value]


def test_the_french_roster_names_countries_and_areas_in_french(
    tmp_path: Path, french: None
) -> None:
    path = write_roster(roster_data(1, extra=(GERMAN,)), tmp_path / "liste.xlsx")
    assert ("Canada", "TIC") in _places(path)
    assert ("Allemagne", "Énergie et environnement") in _places(path)


def test_the_english_roster_keeps_the_stored_names(tmp_path: Path) -> None:
    path = write_roster(roster_data(1, extra=(GERMAN,)), tmp_path / "roster.xlsx")
    assert ("Canada", "ICT") in _places(path)
    assert ("Germany", "Energy and environment") in _places(path)
