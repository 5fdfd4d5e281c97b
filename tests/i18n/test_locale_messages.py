"""The domain's messages in the user's language; a Translator for an explicit one."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest

from escadesk.domain.eligibility import DelegateList
from escadesk.domain.institute import tax_number_problem
from escadesk.domain.registration_form import RegistrationDetails, check_registration
from escadesk.domain.text_rules import problem_in_text
from escadesk.i18n import Translator, _, current_locale, locales, ngettext, pgettext, set_locale
from escadesk.i18n.catalogue import load_translations, po_path

NBSP = "\u00a0"


@pytest.fixture(autouse=True)
def _english_afterwards():
    yield
    set_locale("en_CA")


def _details(**changes: str) -> RegistrationDetails:
    values = {
        "organization": "Acme",
        "country": "Narnia",
        "technology_area": "",
        "contact_name": "Ann",
        "contact_email": "ann@example.com",
    }
    values.update(changes)
    return RegistrationDetails(**values)


def _messages() -> dict[str, str]:
    delegates = DelegateList.of(["ann@example.com"])
    return {p.field: p.message for p in check_registration(_details(), delegates)}


def test_a_domain_message_in_french_under_fr_ca():
    set_locale("fr_CA")
    messages = _messages()
    assert messages["country"] == f"«{NBSP}Narnia{NBSP}» n’est pas un pays connu."
    assert (
        messages["technology_area"]
        == f"Le champ «{NBSP}Domaine technologique{NBSP}» est obligatoire."
    )


def test_the_same_message_in_english_under_en_ca():
    set_locale("en_CA")
    messages = _messages()
    assert messages["country"] == "'Narnia' is not a known country."
    assert messages["technology_area"] == "Technology area is required."


def test_french_plural_and_context():
    set_locale("fr_CA")
    one = problem_in_text("organization", "a\tb\tc", label="Organisation")
    assert one is not None
    assert "et 1 autre après celle-ci" in one.message
    assert pgettext("date pattern", "EEEE, MMM d, y") == "EEEE d MMM y"
    assert ngettext("{n} thing", "{n} things", 2) == "{n} things"  # not in the catalogue


def test_french_tax_number_messages_are_whole_sentences():
    set_locale("fr_CA")
    problem = tax_number_problem("123456782 RP0001")
    assert problem is not None
    assert problem.message.startswith("RP est un compte de retenues sur la paie")


def test_the_translator_is_independent_of_the_interface_language():
    set_locale("en_CA")
    french = Translator("fr_CA")
    assert french.gettext("E-mail") == "Courriel"
    assert _("E-mail") == "E-mail"
    set_locale("fr_CA")
    assert Translator("en_CA").gettext("E-mail") == "E-mail"
    assert _("E-mail") == "Courriel"
    # France reads the one French catalogue; its formats stay France's.
    assert Translator("fr_FR").gettext("E-mail") == "Courriel"


def test_the_locale_follows_the_choice_then_the_system(tmp_path: Path):
    assert locales.resolve(tmp_path, system="fr_CA") == "fr_CA"
    assert locales.resolve(tmp_path, system="de_DE") == "en_CA"
    assert locales.resolve(tmp_path, environ={"LANG": "fr_CA.UTF-8"}) == "fr_CA"
    assert locales.resolve(tmp_path, environ={"LANG": "C.UTF-8"}) == "en_CA"
    assert locales.resolve(tmp_path, environ={"LANGUAGE": "fr"}) == "fr_CA"
    locales.write_choice(tmp_path, "en-CA")
    assert locales.resolve(tmp_path, system="fr_CA") == "en_CA"
    locales.write_choice(tmp_path, None)
    assert locales.resolve(tmp_path, system="fr_CA") == "fr_CA"
    with pytest.raises(ValueError, match="English or French"):
        locales.write_choice(tmp_path, "de_DE")
    (tmp_path / locales.CHOICE_FILE).write_text("klingon", encoding="utf-8")
    assert locales.read_choice(tmp_path) is None
    assert set_locale("fr") == "fr_CA" and current_locale() == "fr_CA"


def test_the_loaded_catalogue_agrees_with_babels_reading_of_the_po():
    from babel.messages.pofile import read_po

    ours = load_translations("fr_CA")
    assert isinstance(ours, gettext.GNUTranslations)
    with po_path("fr_CA").open("rb") as handle:
        theirs = read_po(handle)
    count = 0
    for message in theirs:
        if not message.id:
            continue
        if isinstance(message.id, str):
            key = message.id if message.context is None else f"{message.context}\x04{message.id}"
            assert ours.gettext(key) == message.string
        else:
            assert ours.ngettext(message.id[0], message.id[1], 1) == message.string[0]
            assert ours.ngettext(message.id[0], message.id[1], 5) == message.string[1]
        count += 1
    assert count > 40
