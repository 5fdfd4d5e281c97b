"""The indicator catalogue in French (issue 21): its texts have their French beside them in
catalogue-<year>.toml, chosen by locale, and adding them changes nothing the stored data
names (answers, reference sets and survey templates name the catalogue's version only)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from escadesk.benchmark_resources import load_reference_file, load_synthetic_reference_set
from escadesk.domain.benchmarking import Catalogue, CatalogueError, parse_catalogue
from escadesk.domain.benchmarking.survey_template import form_identifier

SHIPPED = Path(__file__).resolve().parents[3] / "resources" / "benchmarking" / "catalogue-2018.toml"


def _raw() -> dict[str, Any]:
    with SHIPPED.open("rb") as handle:
        return tomllib.load(handle)


def _without_french(data: dict[str, Any]) -> dict[str, Any]:
    """The mapping as it was before the French was added: every ``*_fr`` key removed."""

    def strip(table: dict[str, Any]) -> dict[str, Any]:
        return {key: value for key, value in table.items() if not key.endswith("_fr")}

    return {
        **data,
        "catalogue": strip(data["catalogue"]),
        "areas": [strip(area) for area in data["areas"]],
        "indicators": [strip(indicator) for indicator in data["indicators"]],
    }


@pytest.fixture(scope="module")
def shipped() -> Catalogue:
    return parse_catalogue(_raw())


def test_french_leaves_the_catalogue_identity_and_fingerprints_unchanged(shipped: Catalogue):
    english_only = parse_catalogue(_without_french(_raw()))
    assert english_only.translations == {} and shipped.translations
    assert shipped == english_only  # translations are not part of what it is
    assert shipped.version == english_only.version == "2018.1"
    for ours, theirs in zip(shipped.indicators, english_only.indicators, strict=True):
        assert ours == theirs and hash(ours) == hash(theirs)
    # A survey template's check is made from the version: the same with or without French.
    assert form_identifier(3, 7, shipped.version, "Northshore") == form_identifier(
        3, 7, english_only.version, "Northshore"
    )
    # The synthetic reference set names the version, and still loads with the catalogue.
    reference = load_synthetic_reference_set(shipped)
    assert reference.catalogue_version == shipped.version


def test_french_catalogue_every_text_translated_and_chosen_by_locale(shipped: Catalogue):
    french = shipped.localized("fr_CA")
    assert french.title.startswith("Analyse comparative de la gestion des grappes")
    assert [area.short_name for area in french.areas][:3] == ["Structure", "Gestion", "Financement"]
    for english, translated in zip(shipped.indicators, french.indicators, strict=True):
        assert translated.label != english.label, english.code
        assert translated.help != english.help, english.code
        assert translated.unit_label != english.unit_label, english.code
        # Only the texts change: codes, ranges and scoring stay.
        assert (translated.code, translated.unit, translated.minimum, translated.maximum) == (
            english.code,
            english.unit,
            english.minimum,
            english.maximum,
        )
        assert (translated.score_zero, translated.score_full) == (
            english.score_zero,
            english.score_full,
        )
    churn = french.indicator("2.3")
    assert churn.label == "Stabilité de la participation des entreprises"
    assert "\u202f;" in churn.help  # French punctuation, a thin no-break space before ";"
    assert french.indicator("2.2.1").unit_label == "ETP de l'équipe de gestion"
    assert shipped.localized("en_CA") is shipped
    assert shipped.indicator("2.3").label == "Stability of company participation"


def test_french_catalogue_a_missing_translation_falls_back_to_english(shipped: Catalogue):
    data = _without_french(_raw())
    data["indicators"][0]["label_fr"] = "Engagement"
    catalogue = parse_catalogue(data)
    first, second = catalogue.localized("fr").indicators[:2]
    assert first.label == "Engagement" and first.help == shipped.indicators[0].help
    assert second == shipped.indicators[1] and second.label == shipped.indicators[1].label


def test_french_catalogue_an_empty_translation_is_refused_by_name():
    data = _without_french(_raw())
    data["indicators"][0]["help_fr"] = "  "
    data["areas"][1]["name_fr"] = 3
    with pytest.raises(CatalogueError) as refused:
        parse_catalogue(data)
    assert "indicator 1.1.0: help_fr must be a non-empty text" in refused.value.problems
    assert "area 2: name_fr must be a non-empty text" in refused.value.problems


def test_french_catalogue_reference_set_of_the_version_loads(tmp_path: Path, shipped: Catalogue):
    """A reference set names the catalogue's version: the one with French reads it."""
    sidecar = SHIPPED.parent / "reference-synthetic-2018.toml"
    assert load_reference_file(sidecar, shipped.localized("fr_CA")).catalogue_version == "2018.1"


def test_french_catalogue_recommendations_translated_one_for_each(shipped: Catalogue):
    french = shipped.localized("fr_CA")
    for english, translated in zip(shipped.indicators, french.indicators, strict=True):
        assert len(translated.recommendations) == len(english.recommendations) >= 1
        for text, advice in zip(english.recommendations, translated.recommendations, strict=True):
            assert advice != text and advice[:1].isupper(), english.code
    assert french.indicator("4.1.5").recommendations == (
        "Révisez la stratégie avec les membres au moins tous les trois ans, ainsi qu'après tout "
        "changement important dans les marchés de la grappe.",
    )
    assert "\u00a0:" in french.indicator("1.1.0").recommendations[0]  # no-break before ":"
    # Only French readers see them; the English advice is as it was.
    assert shipped.indicator("4.1.5").recommendations[0].startswith("Review the strategy")
    only_advice = _without_french(_raw())
    only_advice["indicators"][0]["recommendations_fr"] = ["Engagez-les."]
    first = parse_catalogue(only_advice).localized("fr").indicators[0]
    assert first.recommendations == ("Engagez-les.",) and first.label == shipped.indicators[0].label


def test_french_catalogue_recommendations_of_another_length_are_refused_by_name():
    data = _without_french(_raw())
    data["indicators"][0]["recommendations_fr"] = ["Un.", "Deux."]
    data["indicators"][1]["recommendations_fr"] = "Un seul texte."
    with pytest.raises(CatalogueError) as refused:
        parse_catalogue(data)
    assert (
        "indicator 1.1.0: recommendations_fr has 2 texts but recommendations has 1; give one "
        "translation for each recommendation, in the same order"
    ) in refused.value.problems
    assert (
        "indicator 1.1.1a: recommendations_fr must be a list of non-empty texts"
        in refused.value.problems
    )
