"""A desk that is not the vault desk (issue 20): the unlock page names the vault desk and
opens the desk without the vault, with masked cards and no vault command."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from uihelpers import make_services, open_window, unlock

from escadesk.app import Services
from escadesk.domain.roles import Role
from escadesk.services.vault_desk import VAULT_DESK_SETTING
from escadesk.ui.actions.capabilities import VAULT
from escadesk.ui.main_window import MainWindow
from escadesk.ui.vault_pages import UnlockPage


@pytest.fixture
def front_desk(tmp_path: Path, demo_services: Services) -> Iterator[Services]:
    """The demo's data opened on another computer: a keychain without its device key."""
    demo_services.close()
    services = make_services(tmp_path / "data")
    yield services
    services.close()


def _open_without_the_vault(qtbot: QtBot, window: MainWindow) -> UnlockPage:
    page = window.vault_page
    assert isinstance(page, UnlockPage)
    qtbot.waitUntil(page.open_without_button.isVisible, timeout=10000)
    qtbot.mouseClick(page.open_without_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.unlocked, timeout=10000)
    return page


def test_another_desk_opens_without_the_vault(qtbot: QtBot, qapp, front_desk: Services) -> None:
    window = open_window(qtbot, qapp, front_desk)
    page = window.vault_page
    assert isinstance(page, UnlockPage)
    qtbot.waitUntil(page.open_without_button.isVisible, timeout=10000)
    desk = front_desk.settings.get(VAULT_DESK_SETTING)
    assert desk and page.desk_note.text().startswith(f"Cards are opened on the vault desk: {desk}.")
    assert page.passphrase.isVisible()  # a director may still try (e.g. a key moved in)
    _open_without_the_vault(qtbot, window)

    assert window.workshop is not None
    assert not front_desk.vault.unlocked
    assert window.state.cards == front_desk.vault.masked(window.workshop.id)  # masks shown
    for key in VAULT:
        assert not window.action(key).isVisible(), key
        assert not window.action(key).isEnabled(), key
    for key in ("new_registration", "edit_workshop", "export_roster", "lock"):
        assert window.action(key).isVisible(), key

    window.lock()  # locking still hides the data behind the page, which offers it again
    assert not window.unlocked
    _open_without_the_vault(qtbot, window)


def test_a_staff_role_gets_only_the_way_in_without_the_vault(
    qtbot: QtBot, qapp, demo_services: Services
) -> None:
    demo_services.context.role = Role.STAFF
    window = open_window(qtbot, qapp, demo_services)
    page = window.vault_page
    assert isinstance(page, UnlockPage)
    qtbot.waitUntil(page.open_without_button.isVisible, timeout=10000)
    assert "Your role (staff) works with masked cards only." in page.desk_note.text()
    assert not page.passphrase.isVisible() and not page.unlock_button.isVisible()
    _open_without_the_vault(qtbot, window)
    assert all(not window.action(key).isVisible() for key in VAULT)


def test_the_vault_desk_unlocks_as_before(qtbot: QtBot, locked_window: MainWindow) -> None:
    page = locked_window.vault_page
    assert isinstance(page, UnlockPage)
    qtbot.waitUntil(lambda: page.desk is not None, timeout=10000)
    assert page.desk is not None and page.desk.here
    assert not page.open_without_button.isVisible() and not page.desk_note.isVisible()
    unlock(qtbot, locked_window)
    assert all(locked_window.action(key).isVisible() for key in VAULT)
