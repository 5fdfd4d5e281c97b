"""Text in (issue 15, item 7): control characters and bidi overrides are refused in every
name and free-text field, through the real services, naming the field and storing
nothing; legitimate text in any script is stored as typed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from escadesk.app import Services
from escadesk.domain.card_authorization import CardAuthorizationForm
from escadesk.domain.registration import RegistrationStatus as S
from escadesk.domain.registration_form import FIELD_LABELS
from escadesk.domain.validation import ValidationError
from escadesk.domain.workshop_calendar import AgendaItem, Facilitator
from escadesk.services.clock import FixedClock
from escadesk.services.demo import DEMO_PASSPHRASE, DEMO_TODAY, announcement_workshop
from raw_sql import dump

#: (text with the character inside, how the message names it)
BAD = [
    ("Acme\x00 Corp", "NUL, U+0000"),
    ("Acme\x1b[31m Corp", "ESC, U+001B"),
    ("Acme \u202eproC", "right-to-left override, U+202E"),
]
BAD_IDS = ["NUL", "ESC", "RLO"]
#: Accents, Arabic, Hebrew (with a right-to-left mark), emoji, curly apostrophe, en dash.
GOOD_NAMES = [
    "Société d’Électronique – Québec",
    "مجموعة الابتكار",
    "\u200fאשכול החדשנות\u200f",  # noqa: RUF001 (Hebrew, not a Latin look-alike)
    "🚀 Rocket Cluster 🇨🇦",
    "O'Brien & Søn — Ærø",
]
TORONTO = ZoneInfo("America/Toronto")
DEADLINE = datetime(2018, 10, 2, 4, 0, tzinfo=UTC)  # midnight after Oct 1 in Toronto
DECISION_DAY = datetime(2018, 10, 2, 9, 0, tzinfo=TORONTO)
ANDES = "Andes AgriFood Alliance"  # form received, no card in the demo


def _refused(call: Callable[[], object], field: str, label: str, named: str) -> str:
    """Run ``call``, expect it refused for ``field`` only, the message naming the field
    and the character; returns the message."""
    with pytest.raises(ValidationError) as caught:
        call()
    messages = caught.value.for_field(field)
    assert len(messages) == 1, caught.value.problems
    (message,) = messages
    assert message.startswith(label), message
    assert f"({named})" in message, message
    assert message.endswith("; type the text again without it."), message
    assert not any(c in message for c in "\x00\x1b\u202e")  # never quoted back
    return message


def _dump(services: Services) -> Callable[[], list[str]]:
    url = services.config.database_url

    def take() -> list[str]:
        return dump(url)

    return take


# -- registration forms -----------------------------------------------------------------------


@pytest.mark.parametrize("field", list(FIELD_LABELS))
def test_every_registration_field_refuses_controls_and_overrides(
    services, workshop_id, delegates_for_ten, details, snapshot, field
) -> None:
    existing = services.registrations.register(workshop_id, details(2))
    before = snapshot()
    for text, named in BAD:
        bad = replace(details(1), **{field: text})
        label = FIELD_LABELS[field]
        register = services.registrations.register
        message = _refused(lambda: register(workshop_id, bad), field, label, named)  # noqa: B023
        update = services.registrations.update_details
        assert _refused(lambda: update(existing, bad), field, label, named) == message  # noqa: B023
        # The form's inline check says the same before anything is saved.
        inline = services.registrations.problems(workshop_id, bad)
        assert [p.message for p in inline if p.field == field] == [message]
        assert snapshot() == before


def test_the_message_names_the_field_the_character_and_where(
    services, workshop_id, delegates_for_ten, details
) -> None:
    bad = details(1, organization="ACME\x1b[31m Red")
    with pytest.raises(ValidationError) as caught:
        services.registrations.register(workshop_id, bad)
    assert [p.message for p in caught.value.problems] == [
        "Organization contains an invisible control character (ESC, U+001B) at position 5; "
        "type the text again without it."
    ]


@pytest.mark.parametrize(
    ("text", "what"), [("Acme\tCorp", "a tab"), ("Acme\nCorp", "a line break")]
)
def test_one_line_fields_refuse_tabs_and_line_breaks_inside(
    services, workshop_id, delegates_for_ten, details, snapshot, text, what
) -> None:
    before = snapshot()
    with pytest.raises(ValidationError) as caught:
        services.registrations.register(workshop_id, details(1, organization=text))
    (message,) = caught.value.for_field("organization")
    assert message.startswith(f"Organization contains {what} at position 5") or message.startswith(
        f"Organization must be on one line: it contains {what} at position 5"
    )
    assert snapshot() == before


def test_legitimate_names_in_any_script_are_stored_as_typed(
    services, workshop_id, delegates_for_ten, details
) -> None:
    for number, name in enumerate(GOOD_NAMES, 1):
        services.registrations.register(
            workshop_id, details(number, organization=name, contact_name=name)
        )
    # Outer spaces and a trailing line break (a copied spreadsheet cell) are trimmed.
    services.registrations.register(workshop_id, details(9, organization="  Cluster Nine\r\n"))
    rows = services.registrations.list(workshop_id)
    assert [r.organization for r in rows] == [*GOOD_NAMES, "Cluster Nine"]
    assert [r.contact_name for r in rows][: len(GOOD_NAMES)] == GOOD_NAMES


# -- workshops --------------------------------------------------------------------------------


def _with_text(kind: str, text: str):
    data = announcement_workshop()
    if kind == "agenda":
        first, *rest = data.agenda
        return replace(data, agenda=(replace(first, title=text), *rest))
    if kind in ("name", "affiliation", "role"):
        first, *rest = data.facilitators
        return replace(data, facilitators=(replace(first, **{kind: text}), *rest))
    return replace(data, **{kind: text})


WORKSHOP_TEXTS = [
    ("code", "code", "The code"),
    ("title", "title", "The title"),
    ("venue", "venue", "The venue"),
    ("tax_name", "tax_name", "The tax name"),
    ("agenda", "agenda", "The title of agenda item 1"),
    ("name", "facilitators", "The name of facilitator 1"),
    ("affiliation", "facilitators", "The affiliation of facilitator 1"),
    ("role", "facilitators", "The role of facilitator 1"),
]


@pytest.mark.parametrize(("kind", "field", "label"), WORKSHOP_TEXTS)
def test_every_workshop_text_refuses_controls_and_overrides(
    services, snapshot, kind, field, label
) -> None:
    existing = services.workshops.create(announcement_workshop())
    before = snapshot()
    for text, named in BAD:
        bad = _with_text(kind, text)
        _refused(lambda: services.workshops.create(bad), field, label, named)  # noqa: B023
        _refused(lambda: services.workshops.update(existing, bad), field, label, named)  # noqa: B023
        assert snapshot() == before


def test_workshop_texts_in_any_script_are_stored(services) -> None:
    data = replace(
        announcement_workshop(),
        code="ورشة-2018",
        title="סדנת אשכולות – Atelier d’évaluation 🚀",
        venue="مركز المؤتمرات، الدوحة",
        agenda=(AgendaItem(time(9), time(10), "Accueil et café ☕"),),
        facilitators=(Facilitator(" Dr. Łukasz Żółć ", "Université de Montréal", "Formateur"),),
    )
    view = services.workshops.get(services.workshops.create(data))
    assert (view.code, view.title, view.venue) == (data.code, data.title, data.venue)
    assert view.calendar.agenda[0].title == "Accueil et café ☕"
    assert view.facilitators == (
        Facilitator("Dr. Łukasz Żółć", "Université de Montréal", "Formateur"),
    )


# -- reasons (several lines allowed) ----------------------------------------------------------


@pytest.fixture
def late(services, workshop_id, delegates_for_ten, details, clock) -> int:
    """A registration completed after the deadline (late, awaiting acceptance)."""
    rid = services.registrations.register(workshop_id, details(1))
    services.registrations.record_form(rid)
    clock.set(DEADLINE + timedelta(hours=10))
    services.registrations.record_authorization(rid, DEADLINE)
    return rid


def test_reasons_refuse_controls_and_overrides(services, late, snapshot) -> None:
    before = snapshot()
    for text, named in BAD:
        for change in (services.registrations.accept_late, services.registrations.withdraw):
            _refused(lambda: change(late, text), "reason", "The reason", named)  # noqa: B023
        assert snapshot() == before


def test_a_reason_may_take_several_lines_and_any_script(services, workshop_id, late) -> None:
    reason = "Courier delayed – storm.\n\tالبريد تأخر\nשליח התעכב 📦"  # noqa: RUF001
    services.registrations.accept_late(late, f"  {reason}\r\n")
    assert services.registrations.history(late)[-1].reason == reason
    with pytest.raises(ValidationError, match=r"control character \(CR, U\+000D\)"):
        services.registrations.withdraw(late, "Line one\rLine two")  # a bare CR overwrites
    services.registrations.withdraw(late, "Withdrawn by\nthe organization")
    row = next(r for r in services.registrations.list(workshop_id) if r.id == late)
    assert row.status is S.WITHDRAWN


# -- card authorizations, charges, re-pricing (the demo, with its vault) ----------------------


def _ids(services: Services) -> dict[str, int]:
    (workshop,) = services.workshops.list()
    return {r.organization: r.id for r in services.registrations.list(workshop.id)}


CARD = CardAuthorizationForm(
    "Lucía Quispe",
    "4012 8888 8888 1881",
    "12/2026",
    "918",
    "Av. Arequipa 1200\nLima, Peru",
    DEMO_TODAY.date(),
)


@pytest.mark.parametrize(
    ("field", "label"),
    [("cardholder", "The cardholder's name"), ("billing_address", "The billing address")],
)
def test_card_authorization_texts_refuse_controls_and_overrides(
    demo: Services, field: str, label: str
) -> None:
    andes = _ids(demo)[ANDES]
    snapshot = _dump(demo)
    before = snapshot()
    for text, named in BAD:
        bad = replace(CARD, **{field: text})
        _refused(lambda: demo.vault.record(andes, bad), field, label, named)  # noqa: B023
        assert snapshot() == before
    (workshop,) = demo.workshops.list()
    assert andes not in demo.vault.masked(workshop.id)


def test_a_cardholder_in_arabic_and_an_address_on_several_lines_are_kept(demo: Services) -> None:
    andes = _ids(demo)[ANDES]
    with pytest.raises(ValidationError, match="The cardholder's name contains a tab"):
        demo.vault.record(andes, replace(CARD, cardholder="Lucía\tQuispe"))
    card = replace(CARD, cardholder="مريم الحسيني", billing_address="Calle 1\n\tPiso 2\nLima")
    demo.vault.record(andes, card)
    revealed = demo.vault.reveal(andes, DEMO_PASSPHRASE)
    assert (revealed.cardholder, revealed.billing_address) == (
        "مريم الحسيني",
        "Calle 1\n\tPiso 2\nLima",
    )


@pytest.fixture
def decided(demo: Services) -> Services:
    """The demo after a 'proceed' decision (Andes completes: four organizations)."""
    demo.registrations.record_authorization(_ids(demo)[ANDES])
    clock = demo.clock
    assert isinstance(clock, FixedClock)
    clock.set(DECISION_DAY)
    (workshop,) = demo.workshops.list()
    demo.decision.confirm(workshop.id, DEMO_PASSPHRASE)
    demo.decision.erase_cancelled(workshop.id)
    return demo


def test_charges_and_repricing_refuse_controls_and_overrides(decided: Services) -> None:
    (workshop,) = decided.workshops.list()
    northshore = _ids(decided)["Northshore Photonics Cluster"]
    snapshot = _dump(decided)
    before = snapshot()
    day = date(2018, 10, 2)
    charge = decided.charging.record_charge
    for text, named in BAD:
        _refused(lambda: charge(northshore, day, text), "reference", "The reference", named)  # noqa: B023
        _refused(
            lambda: charge(northshore, day, "REF-1", Decimal("2500"), text),  # noqa: B023
            "amount_reason",
            "The reason for the amount",
            named,
        )
        _refused(lambda: decided.decision.reprice(workshop.id, text), "reason", "The reason", named)  # noqa: B023
        assert snapshot() == before
    with pytest.raises(ValidationError, match="The reason for the amount must be on one line"):
        charge(northshore, day, "REF-1", Decimal("2500"), "Early\nbird")
    assert snapshot() == before

    recorded = charge(northshore, day, "Réf–884213", Decimal("2500"), "خصم – early bird ’18")
    assert (recorded.charge.reference, recorded.charge.amount_reason) == (
        "Réf–884213",
        "خصم – early bird ’18",
    )


# -- benchmarking: answers, notes, reference set names ----------------------------------------


@pytest.fixture
def registration(services, workshop_id, details, delegates_for_ten) -> int:
    return services.registrations.register(workshop_id, details(1))


def test_survey_answers_and_notes_refuse_controls_and_overrides(
    services, registration, snapshot
) -> None:
    bench = services.benchmarking
    title = bench.catalogue().find("2.2.1").title
    before = snapshot()
    for text, named in BAD:
        answer = text.replace("Acme", "2.5")
        _refused(
            lambda: bench.save_answer(registration, "2.2.1", answer),  # noqa: B023
            "2.2.1",
            f"The answer to {title}",
            named,
        )
        for save in (
            lambda: bench.save_answer(registration, "2.2.1", "2.5", note=text),  # noqa: B023
            lambda: bench.save_answers(registration, {"2.2.1": "2.5"}, {"2.2.1": text}),  # noqa: B023
        ):
            _refused(save, "2.2.1", f"The note on {title}", named)
        assert snapshot() == before
    note = "Deux postes à mi-temps – שניים ‘part-time’ 👥"
    assert bench.save_answer(registration, "2.2.1", "2,5", note=note).note == note


def test_reference_set_names_refuse_controls_and_overrides(
    services, tmp_path: Path, snapshot
) -> None:
    path = tmp_path / "extract.csv"
    path.write_text(
        "Identifier,Country,Technology area,Year,Label,1.1.2,2.2.1\nR-1,Canada,ICT,2018,,20,1\n",
        encoding="utf-8",
    )
    bench = services.benchmarking
    before = snapshot()
    for text, named in BAD:
        _refused(
            lambda: bench.import_reference_set(path, text),  # noqa: B023
            "name",
            "The reference set's name",
            named,
        )
        assert snapshot() == before
    set_id = bench.import_reference_set(path, "مستخرج ESCA – 2018")
    assert [s.name for s in bench.reference_sets() if s.id == set_id] == ["مستخرج ESCA – 2018"]
