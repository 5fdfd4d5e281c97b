"""The catalogue checks of CI (scripts/check_catalogue.py): they pass on the real French
catalogue and fail on broken ones (missing, obsolete, empty, fuzzy, wrong placeholders)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from babel.messages.catalog import Catalog

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "check_catalogue.py"


@pytest.fixture(scope="module")
def check() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_catalogue", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["check_catalogue"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def extracted(check: ModuleType) -> Catalog:
    return check.extract()


def _catalogue(*entries: tuple) -> Catalog:
    catalog = Catalog(locale="fr_CA")
    for entry in entries:
        msgid, string, *rest = entry
        flags = rest[0] if rest else ()
        context = rest[1] if len(rest) > 1 else None
        catalog.add(msgid, string, flags=flags, context=context)
    return catalog


def test_the_french_catalogue_is_complete_and_up_to_date(check, extracted, capsys):
    assert check.problems(check.read_catalogue(), extracted) == []
    assert check.main([]) == 0
    assert "all translated" in capsys.readouterr().out


def test_broken_catalogues_are_refused(check):
    extracted = _catalogue(("{label} is required.", ""), ("Phone", ""), ("Title", ""))
    broken = _catalogue(
        ("{label} is required.", "Le champ {libellé} est obligatoire."),  # placeholder
        ("Phone", "Téléphone", ("fuzzy",)),
        ("Title", ""),
        ("Gone", "Parti"),
    )
    found = "\n".join(check.problems(broken, extracted))
    assert "placeholders differ in '{label} is required.'" in found
    assert "fuzzy (unchecked) translation: 'Phone'" in found
    assert "not translated: 'Title'" in found
    assert "obsolete (no longer in the code): 'Gone'" in found
    missing = check.problems(_catalogue(("Phone", "Téléphone")), extracted)
    assert "missing from the catalogue: '{label} is required.'" in missing


def test_a_message_added_to_the_code_is_caught_then_merged(check, extracted, tmp_path):
    new = _catalogue(*((m.id, "") for m in extracted if m.id and isinstance(m.id, str)))
    new.add("A brand new message", None)
    catalogue = check.read_catalogue()
    assert "missing from the catalogue: 'A brand new message'" in check.problems(catalogue, new)
    text = check.updated_text(catalogue, new)
    assert 'msgid "A brand new message"\nmsgstr ""' in text


def test_placeholders_are_read_in_both_styles(check):
    assert check.placeholders("{name} paid {amount:.2f} {{literal}}") == {"{name}", "{amount}"}
    assert check.placeholders("%(count)d of %s") == {"%(count)d", "%s"}


def test_a_contributors_part_fills_in_translations_and_strangers_are_reported(check):
    catalogue = _catalogue(("Phone", ""), ("Email", "Adresse"))
    part = _catalogue(("Phone", "Téléphone"), ("Email", "Courriel"), ("Not in the code", "Non"))
    part.add("Fuzzy one", "Flou", flags=["fuzzy"])
    unknown = check.merge_translations(catalogue, [part])
    assert catalogue.get("Phone").string == "Téléphone"
    assert catalogue.get("Email").string == "Courriel"
    assert unknown == ["'Not in the code'"]
    assert catalogue.get("Fuzzy one") is None
