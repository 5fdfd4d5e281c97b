"""Suite-wide fixtures: every test runs with its own home and data folders."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# A skip under CI=true fails unless accepted in its marker (tests/ci_skips.py); pytester
# runs the policy's own tests; with ESCADESK_TEST_DATABASE_URL the storage, services,
# vault and CLI suites run on a fresh PostgreSQL database per test (tests/postgres_server.py).
pytest_plugins = ["ci_skips", "pytester", "postgres_server"]

# Qt must never try to open a real display in tests (set before any QApplication exists).
# The offscreen screen defaults to 800x600; a desktop-sized one lets windows keep the sizes
# a director would see (and geometry restore be tested without clamping).
_SCREEN = Path(__file__).with_name("offscreen-screen.json")
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_SCREEN}"


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Point HOME and the platform data/config/cache folders at tmp_path.

    Nothing a test does (platformdirs, QSettings, a forgotten default path) can touch the
    real user's files, and the app's own overrides are cleared so the defaults apply.
    """
    home = tmp_path / "home"
    folders = {
        "HOME": home,
        "USERPROFILE": home,
        "XDG_DATA_HOME": home / ".local" / "share",
        "XDG_CONFIG_HOME": home / ".config",
        "XDG_CACHE_HOME": home / ".cache",
        "XDG_STATE_HOME": home / ".local" / "state",
        "APPDATA": home / "AppData" / "Roaming",
        "LOCALAPPDATA": home / "AppData" / "Local",
    }
    for variable, folder in folders.items():
        folder.mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(variable, str(folder))
    # Never touch the real OS keychain: a test that needs one passes a MemoryKeychain.
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    monkeypatch.delenv("ESCADESK_DATA_DIR", raising=False)
    monkeypatch.delenv("ESCADESK_DATABASE_URL", raising=False)
    # English unless a test asks for French (issue 21): the developer's own LANG must not
    # change what the CLI prints; a test that switched the language leaves English behind.
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    yield
    from escadesk.i18n import set_locale

    set_locale("en_CA")


@pytest.fixture
def french() -> Iterator[None]:
    """The window's language is Canadian French for this test (English again after it:
    the isolation fixture above restores it whatever happens)."""
    from escadesk.i18n import set_locale

    set_locale("fr_CA")
    yield


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A fresh, empty data directory for the app under test."""
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture
def mailbox():
    """A real local SMTP server and the settings to reach it (see tests/local_smtp.py)."""
    from local_smtp import running_mailbox

    with running_mailbox() as server:
        yield server
