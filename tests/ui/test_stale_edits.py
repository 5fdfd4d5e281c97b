"""Two desks on one data folder (issue 20): the second saves first, then the first's Save
is refused with who changed it and when; the dialog stays open with what was typed, and
Reload shows the other desk's change, against which Save then goes through."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from escadesk.app import AppConfig, Services, build_services
from escadesk.domain.institute import InstituteIdentity
from escadesk.services.clock import FixedClock
from escadesk.services.demo import DEMO_TODAY, seed_demo
from escadesk.storage.data_lock import DataLease
from escadesk.ui.registration_dialog import RegistrationDialog
from escadesk.ui.settings_dialog import SettingsDialog
from escadesk.ui.workshop_dialog import WorkshopDialog

HERE = "dorinda.so"
THERE = "hubert.lee"
REFUSAL_END = " — reload to see the change; nothing was saved."


@pytest.fixture
def desks(tmp_path: Path) -> Iterator[tuple[Services, Services]]:
    """This desk (the demo seeded) and another on the same data, another person at it."""
    config = AppConfig.resolve(data_dir=tmp_path / "data")
    here = build_services(config, clock=FixedClock(DEMO_TODAY), actor=HERE)
    there = build_services(
        config,
        clock=FixedClock(DEMO_TODAY),
        actor=THERE,
        data_lock=lambda _url, _program: DataLease(),
    )
    try:
        seed_demo(here)
        yield here, there
    finally:
        there.close()
        here.close()


def shown(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def retype(qtbot, edit: QLineEdit, text: str) -> None:
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(edit, text)


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_registration_saved_elsewhere_first_is_refused_and_what_was_typed_stays(
    qtbot, desks
) -> None:
    here, there = desks
    workshop_id = here.workshops.list()[0].id
    row = here.registrations.list(workshop_id)[0]
    dialog = shown(qtbot, RegistrationDialog(here, workshop_id, row))
    retype(qtbot, dialog.contact_name, "Typed Here")
    there.registrations.update_details(
        row.id, replace(row.details, contact_title="Director"), expected_version=row.version
    )

    click(qtbot, dialog.save_button)

    assert dialog.isVisible() and dialog.result() == 0  # still open, nothing accepted
    message = dialog.summary.text()
    assert message.startswith(f"The registration of {row.organization} was changed by {THERE} at ")
    assert message.endswith(REFUSAL_END)
    assert dialog.summary.isVisible() and dialog.reload_button.isVisible()
    assert dialog.contact_name.text() == "Typed Here"  # kept, not overwritten
    stored = next(r for r in here.registrations.list(workshop_id) if r.id == row.id)
    assert (stored.contact_name, stored.contact_title) == (row.contact_name, "Director")

    qtbot.keyClick(dialog.contact_phone, Qt.Key.Key_End)  # typing on keeps the refusal
    qtbot.keyClicks(dialog.contact_phone, "1")
    qtbot.waitUntil(lambda: not dialog._timer.isActive())
    assert dialog.summary.text() == message and dialog.summary.isVisible()

    click(qtbot, dialog.reload_button)
    assert dialog.contact_title.text() == "Director"
    assert dialog.contact_name.text() == row.contact_name
    assert not dialog.reload_button.isVisible() and not dialog.summary.isVisible()
    retype(qtbot, dialog.contact_name, "Typed Here")
    click(qtbot, dialog.save_button)
    assert dialog.result() == 1
    stored = next(r for r in there.registrations.list(workshop_id) if r.id == row.id)
    assert (stored.contact_name, stored.contact_title) == ("Typed Here", "Director")


def test_a_workshop_saved_elsewhere_first_is_refused_and_reload_shows_it(qtbot, desks) -> None:
    here, there = desks
    workshop_id = here.workshops.list()[0].id
    dialog = shown(qtbot, WorkshopDialog(here, workshop_id))
    retype(qtbot, dialog.title_edit, "A title typed here")
    seen = there.workshops.get(workshop_id)
    there.workshops.update(
        workshop_id, replace(seen.as_input(), venue="Room 201"), expected_version=seen.version
    )

    click(qtbot, dialog.save_button)

    assert dialog.isVisible() and dialog.saved_id is None
    message = dialog.error_text("general")
    assert message.startswith(f"The workshop {seen.code} was changed by {THERE} at ")
    assert message.endswith(REFUSAL_END)
    assert dialog.reload_button.isVisible()
    assert dialog.title_edit.text() == "A title typed here"
    assert here.workshops.get(workshop_id).title == seen.title

    click(qtbot, dialog.reload_button)
    assert dialog.venue_edit.text() == "Room 201" and dialog.title_edit.text() == seen.title
    assert dialog.error_text("general") == "" and not dialog.reload_button.isVisible()
    retype(qtbot, dialog.title_edit, "A title typed here")
    click(qtbot, dialog.save_button)
    assert dialog.saved_id == workshop_id
    stored = there.workshops.get(workshop_id)
    assert (stored.title, stored.venue) == ("A title typed here", "Room 201")


def test_the_institute_saved_elsewhere_first_is_refused(qtbot, desks) -> None:
    here, there = desks
    dialog = shown(qtbot, SettingsDialog(here))
    retype(qtbot, dialog.name, "Institute typed here")
    identity, version = there.institute.versioned_identity()
    there.institute.save(
        InstituteIdentity(
            name="Institute saved there",
            address=identity.address,
            director_name=identity.director_name,
            director_title=identity.director_title,
            sender_email=identity.sender_email,
            tax_number=identity.tax_number,
            logo=identity.logo,
        ),
        expected_version=version,
    )

    click(qtbot, dialog.save_button)

    assert dialog.isVisible() and dialog.result() == 0
    message = dialog.error.text()
    assert message.startswith(f"The institute's identity was changed by {THERE} at ")
    assert message.endswith(REFUSAL_END)
    assert dialog.name.text() == "Institute typed here"
    assert here.institute.identity().name == "Institute saved there"
    click(qtbot, dialog.reload_button)
    assert dialog.name.text() == "Institute saved there"
