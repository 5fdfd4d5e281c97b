"""Each organization's preferred language: its country's (and Québec's) default when the
form says none, the one it names otherwise, kept on an edit that says none, and what
``language_of`` gives the letters and documents (a locale for i18n.Translator)."""

from __future__ import annotations

from dataclasses import replace

from raw_sql import query


def _language(db_url: str, registration_id: int) -> str:
    ((language,),) = query(
        db_url,
        "SELECT o.language FROM organization o JOIN registration r "
        f"ON r.organization_id = o.id WHERE r.id = {registration_id}",
    )
    return str(language)


def test_a_new_organization_gets_its_default_or_its_choice(
    services, workshop_id, delegates_for_ten, details, db_url
):
    registrations = services.registrations
    quebec = registrations.register(
        workshop_id, details(1, country="Canada", contact_phone="+1 418 555 0142")
    )
    ontario = registrations.register(
        workshop_id, details(2, country="Canada", contact_phone="+1 416 555 0100")
    )
    france = registrations.register(workshop_id, details(3, country="France"))
    chosen = registrations.register(workshop_id, details(4, country="France", language="English"))
    assert [_language(db_url, r) for r in (quebec, ontario, france, chosen)] == [
        "fr",
        "en",
        "fr",
        "en",
    ]
    assert registrations.language_of(quebec) == "fr_CA"
    assert registrations.language_of(ontario) == "en_CA"
    assert registrations.preferred_language(france) == "fr"


def test_an_edit_keeps_the_language_unless_it_names_one(
    services, workshop_id, delegates_for_ten, details, db_url
):
    registrations = services.registrations
    rid = registrations.register(workshop_id, details(1, country="France"))
    row = next(r for r in registrations.list(workshop_id) if r.id == rid)
    registrations.update_details(rid, replace(row.details, country="Germany"))
    assert _language(db_url, rid) == "fr"  # nobody chose another: kept
    registrations.update_details(rid, replace(row.details, country="Germany", language="en"))
    assert registrations.language_of(rid) == "en_CA"
