"""A real desk on a temporary data folder, with the demo workshop loaded."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from escadesk.app import AppConfig, Services, build_services
from escadesk.services.clock import FixedClock
from escadesk.services.demo import DEMO_TODAY, seed_demo
from escadesk.ui.main_window import MainWindow
from escadesk.ui.style import apply_style


@pytest.fixture
def demo_services(tmp_path: Path) -> Iterator[Services]:
    services = build_services(AppConfig.resolve(tmp_path / "data"), clock=FixedClock(DEMO_TODAY))
    seed_demo(services)
    yield services
    services.close()


@pytest.fixture
def window(qtbot: QtBot, qapp, demo_services: Services) -> MainWindow:
    apply_style(qapp)
    window = MainWindow(demo_services)
    qtbot.addWidget(window)
    window.resize(1400, 860)
    window.show()
    qtbot.waitExposed(window)
    return window
