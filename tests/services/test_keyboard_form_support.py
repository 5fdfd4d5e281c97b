"""What the forms that help (issue 16, item 6) ask of the services: the delegate list as
entries to suggest and fill in from, and an editable, checked, audited programme."""

from __future__ import annotations

from dataclasses import replace
from datetime import time
from pathlib import Path

import pytest

from escadesk.domain.delegate_match import DelegateEntry
from escadesk.domain.validation import ValidationError
from escadesk.domain.workshop_calendar import AgendaItem, Facilitator, announcement_agenda
from escadesk.importing.delegates import DelegateRecord
from escadesk.services import audit
from escadesk.services.delegates import DelegatePreview
from escadesk.services.demo import announcement_workshop


def _import(services, workshop_id: int, *people: tuple[str, str | None, str | None]) -> None:
    records = tuple(
        DelegateRecord(
            row=number,
            email=email,
            email_normalized=email.lower(),
            name=name,
            organization=organization,
            country=None,
        )
        for number, (email, name, organization) in enumerate(people, start=2)
    )
    services.delegates.commit(
        DelegatePreview(workshop_id, Path("delegates.csv"), records, (), frozenset())
    )


def test_keyboard_the_delegate_list_comes_as_entries_by_name(services, workshop_id) -> None:
    _import(
        services,
        workshop_id,
        ("z.last@x.example", "Zoë Last", "Zed Cluster"),
        ("anon@x.example", None, None),
        ("a.first@x.example", "Ana First", "Alpha Hub"),
    )
    assert services.delegates.entries(workshop_id) == [
        DelegateEntry("anon@x.example"),  # no name: first, and empty texts, not None
        DelegateEntry("a.first@x.example", "Ana First", "Alpha Hub"),
        DelegateEntry("z.last@x.example", "Zoë Last", "Zed Cluster"),
    ]
    assert services.delegates.entries(workshop_id + 1) == []


def test_keyboard_the_programme_is_edited_and_audited(services, workshop_id) -> None:
    agenda = (*announcement_agenda(), AgendaItem(time(15), time(15, 30), "Closing remarks"))
    people = (Facilitator("Dr. Oliver Ziegler", "ESCA", "Trainer"), Facilitator("Ana", "", " "))
    services.workshops.update(
        workshop_id, replace(announcement_workshop(), agenda=agenda, facilitators=people)
    )

    view = services.workshops.get(workshop_id)
    assert view.calendar.agenda[-1] == AgendaItem(time(15), time(15, 30), "Closing remarks")
    assert [(p.name, p.role) for p in view.facilitators] == [
        ("Dr. Oliver Ziegler", "Trainer"),
        ("Ana", "Facilitator"),  # an empty role is the default one
    ]
    with services.context.database.reading() as session:
        assert audit.recent(session, workshop_id)[0].action == "workshop.update"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"agenda": (AgendaItem(time(9), time(10), "  "),)},
            "agenda",
            "The agenda item 9:00\u201310:00 needs a title.",
        ),
        (
            {
                "agenda": (
                    AgendaItem(time(9), time(10), "One"),
                    AgendaItem(time(9, 30), time(11), "Two"),
                )
            },
            "agenda",
            "'One' overlaps 'Two'.",
        ),
        (
            {"facilitators": (Facilitator("Ana", ""), Facilitator("", "ESCA"))},
            "facilitators",
            "Facilitator 2 needs a name.",
        ),
    ],
)
def test_keyboard_a_wrong_programme_is_refused_by_its_field(
    services, workshop_id, snapshot, changes: dict, field: str, message: str
) -> None:
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        services.workshops.update(workshop_id, replace(announcement_workshop(), **changes))
    assert refused.value.for_field(field) == [message]
    assert refused.value.for_field("calendar") == []  # the dates are fine
    assert snapshot() == before
