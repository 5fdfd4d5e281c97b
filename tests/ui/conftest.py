"""A real desk on a temporary data folder, with the demo workshop loaded.

The vault uses an in-memory keychain and a deliberately fast key derivation; the window
is unlocked the way the director does it: type the passphrase, press Unlock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from uihelpers import fill_card_dialog, make_services, open_window, unlock

from escadesk.app import Services, build_services
from escadesk.config import AppConfig
from escadesk.services.clock import FixedClock
from escadesk.services.demo import DEMO_PASSPHRASE, DEMO_TODAY, seed_demo
from escadesk.ui.main_window import MainWindow


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    """Real services on an empty database in this test's folder, on the demo's day;
    closed afterwards (a test module wanting the demo overrides it)."""
    built = build_services(
        AppConfig.resolve(data_dir=tmp_path / "data"), clock=FixedClock(DEMO_TODAY)
    )
    try:
        yield built
    finally:
        built.close()


@pytest.fixture
def demo_services(tmp_path: Path) -> Iterator[Services]:
    services = make_services(tmp_path / "data")
    seed_demo(services, vault_passphrase=DEMO_PASSPHRASE)
    yield services
    services.close()


@pytest.fixture
def locked_window(qtbot: QtBot, qapp, demo_services: Services) -> MainWindow:
    """The demo desk as it starts: behind the unlock page."""
    return open_window(qtbot, qapp, demo_services)


@pytest.fixture
def window(qtbot: QtBot, locked_window: MainWindow) -> MainWindow:
    """The demo desk, unlocked through the real unlock page."""
    unlock(qtbot, locked_window)
    return locked_window


@pytest.fixture
def fill_card() -> Callable[..., None]:
    """Type a (test) card into the card authorization dialog."""
    return fill_card_dialog
