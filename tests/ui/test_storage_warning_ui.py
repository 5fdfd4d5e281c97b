"""Issue 14: the set-up page warns when the device key would live in a file on a
copy-on-write filesystem, and recommends the OS keychain and full-disk encryption."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from uihelpers import make_services, open_window

from escadesk.app import KEYCHAIN_SETTING, AppConfig, build_services
from escadesk.services import vault as vault_module
from escadesk.services.clock import FixedClock
from escadesk.services.demo import DEMO_TODAY
from escadesk.ui.vault_pages import SetUpPage
from escadesk.vault.kdf import fast_test_params
from escadesk.vault.storage_facts import Filesystem

PASSPHRASE = "lantern orbit granite tulip"


def _filesystem(monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    monkeypatch.setattr(vault_module, "filesystem_of", lambda _path: Filesystem(kind))


def test_choosing_the_key_file_on_btrfs_warns_before_the_passphrase_is_set(
    qtbot: QtBot, qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _filesystem(monkeypatch, "btrfs")
    # No keychain passed: the suite's failing keyring backend stands for "none here".
    config = AppConfig.resolve(tmp_path / "data")
    services = build_services(config, clock=FixedClock(DEMO_TODAY), kdf_profile=fast_test_params)
    try:
        window = open_window(qtbot, qapp, services)
        page = window.vault_page
        assert isinstance(page, SetUpPage)
        qtbot.waitUntil(page.keychain_panel.isVisible, timeout=10000)
        assert not page.storage_warning.isVisible()

        qtbot.mouseClick(page.keychain_panel.choose_button, Qt.MouseButton.LeftButton)
        assert page.storage_warning.isVisible()
        text = page.storage_warning.text()
        assert "copy-on-write filesystem (btrfs)" in text
        assert "operating system's keychain" in text and "full-disk encryption" in text
        assert page.passphrase.isEnabled()  # a warning, not a refusal

        qtbot.keyClicks(page.passphrase, PASSPHRASE)
        qtbot.keyClicks(page.confirmation, PASSPHRASE)
        qtbot.mouseClick(page.set_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.unlocked, timeout=10000)
    finally:
        services.close()


@pytest.mark.parametrize(("kind", "warned"), [("zfs", True), ("ext4", False), ("tmpfs", False)])
def test_a_key_file_chosen_earlier_is_judged_once_the_keychain_is_known(
    kind: str, warned: bool, qtbot: QtBot, qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _filesystem(monkeypatch, kind)
    config = AppConfig.resolve(tmp_path / "data")
    services = build_services(config, clock=FixedClock(DEMO_TODAY), kdf_profile=fast_test_params)
    services.settings.set(KEYCHAIN_SETTING, "file")  # chosen at an earlier start
    try:
        window = open_window(qtbot, qapp, services)
        page = window.vault_page
        assert isinstance(page, SetUpPage)
        qtbot.waitUntil(lambda: not page._probing, timeout=10000)
        assert not page.keychain_panel.isVisible()
        assert page.storage_warning.isVisible() is warned
        if warned:
            assert f"copy-on-write filesystem ({kind})" in page.storage_warning.text()
    finally:
        services.close()


def test_the_os_keychain_is_never_warned_about(
    qtbot: QtBot, qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _filesystem(monkeypatch, "btrfs")
    services = make_services(tmp_path / "data")  # a keychain that is not a file
    try:
        window = open_window(qtbot, qapp, services)
        page = window.vault_page
        assert isinstance(page, SetUpPage)
        qtbot.waitUntil(lambda: not page._probing, timeout=10000)
        assert not page.storage_warning.isVisible()
    finally:
        services.close()
