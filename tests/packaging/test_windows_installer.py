"""The Windows installer does what installer/windows/escadesk.nsi promises, run under Wine
(slow; ``python3 run.py --group packaging pytest -m packaging tests/packaging``).

The NSIS script is compiled over a small fake bundle laid out as PyInstaller's Windows
one-folder bundle is (``escadesk.exe`` beside ``_internal``), so only the installer is
tested, not the program. The tests install silently (``/S``) into a throw-away Wine
prefix (one for the module, reset after each test), check the program folder, the
Start-menu shortcut and the Add/Remove Programs key, and uninstall with the key's
QuietUninstallString; the director's data folder must survive both the uninstall and an
update. A French Windows (Wine under a fr_CA locale) installs in French and the choice is
kept for the uninstaller and updates. About 50 s, a third of it booting the prefix.

Debian's NSIS makes a 32-bit installer, which the 64-bit ``wine64`` package alone cannot
run (its ``wine`` then exits 0 having done nothing): Debian needs
``dpkg --add-architecture i386 && apt-get update &&
apt-get install --no-install-recommends nsis wine wine64 wine32:i386``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path, PureWindowsPath

import pytest
from installer_modules import load_installer_module

from escadesk import __version__

pytestmark = [pytest.mark.packaging, pytest.mark.timeout(300)]

installer = load_installer_module("build")

APP_EXE = "escadesk.exe"
UNINSTALL_KEY = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\escadesk"
PUBLISHER = "Institute for Competitiveness & Prosperity"
WINE_PACKAGES = (
    "dpkg --add-architecture i386 && apt-get update && "
    "apt-get install --no-install-recommends wine wine64 wine32:i386"
)
#: One Wine step (booting the prefix, an installer, a settle): generous, each takes seconds.
WINE_SECONDS = 120


class Wine:
    """Wine in its own prefix under the test's folder, away from the real home and display."""

    def __init__(self, root: Path) -> None:
        self.prefix = root / "wineprefix"
        home = root / "wine-home"  # the prefix links Desktop, Documents... to $HOME
        home.mkdir(parents=True, exist_ok=True)
        hidden = {"DISPLAY", "WAYLAND_DISPLAY", "WINEPREFIX", "WINEARCH", "WINEDEBUG"}
        self.environment = {
            **{
                key: value
                for key, value in os.environ.items()
                if key not in hidden and key != "LANGUAGE" and not key.startswith("LC_")
            },
            # Wine's Windows takes its language from the Unix locale (the glibc locale need
            # not be installed): English unless a test asks (``run(..., locale=...)``).
            "LANG": "en_US.UTF-8",
            "WINEPREFIX": str(self.prefix),
            "HOME": str(home),
            "XDG_DATA_HOME": str(home / ".local" / "share"),
            "XDG_CONFIG_HOME": str(home / ".config"),
            # Not "-all": Debian's wine script then hides its "wine32 is missing" hint.
            "WINEDEBUG": "fixme-all",
            # No Mono or Gecko install prompts, no desktop menu entries for shortcuts.
            "WINEDLLOVERRIDES": "mscoree,mshtml=;winemenubuilder.exe=d",
        }
        self.local_app_data = self.app_data = self.profile = PureWindowsPath()

    def boot(self) -> None:
        """Create the prefix and read the user's folders (%LOCALAPPDATA%...) from it."""
        result = self.run("wineboot", "--init")
        assert result.returncode == 0, _output(result)
        self.settle()
        result = self.run("cmd", "/c", "echo %LOCALAPPDATA%&echo %APPDATA%&echo %USERPROFILE%")
        folders = [PureWindowsPath(line) for line in result.stdout.split()]
        assert result.returncode == 0 and len(folders) == 3, _output(result)
        assert all(folder.drive == "C:" for folder in folders), _output(result)
        self.local_app_data, self.app_data, self.profile = folders

    @property
    def program_folder(self) -> PureWindowsPath:
        return self.local_app_data / "Programs" / "escadesk"

    @property
    def data_folder(self) -> PureWindowsPath:
        """escadesk's data folder on Windows (platformdirs, not roaming)."""
        return self.local_app_data / "escadesk"

    @property
    def start_menu_shortcut(self) -> PureWindowsPath:
        """Where the installer's Start-menu shortcut goes (SetShellVarContext current)."""
        start_menu = self.app_data / "Microsoft" / "Windows" / "Start Menu"
        return start_menu / "Programs" / "escadesk.lnk"

    def run(self, *arguments: str, locale: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["wine", *arguments],
            capture_output=True,
            text=True,
            env=self.environment if locale is None else {**self.environment, "LC_ALL": locale},
            timeout=WINE_SECONDS,
            check=False,
        )

    def settle(self) -> None:
        """Wait until every process in the prefix has ended (an NSIS uninstaller copies
        itself to the temporary folder, starts the copy and returns at once). ``run``
        mostly waits already: the processes it starts keep its output pipes open."""
        subprocess.run(["wineserver", "-w"], env=self.environment, timeout=WINE_SECONDS, check=True)

    def stop(self) -> None:
        subprocess.run(["wineserver", "-k"], env=self.environment, timeout=60, check=False)

    def unix(self, path: PureWindowsPath) -> Path:
        """Where a path on the prefix's drive C: is on this machine."""
        assert path.drive == "C:", path
        return self.prefix / "drive_c" / Path(*path.parts[1:])

    def registry_key(self, key: str) -> dict[str, str] | None:
        """The values of a registry key by name (as ``reg query`` prints them), or None
        when there is no such key."""
        result = self.run("reg", "query", key)
        if result.returncode != 0:
            assert "Unable to find" in result.stdout + result.stderr, _output(result)
            return None
        values = {}
        for line in result.stdout.splitlines():
            match = re.match(r"^ {4}(\S.*?) {4}(REG_\w+) {4}(.*)$", line.rstrip("\r"))
            if match:
                values[match[1]] = match[3]
        return values


def _output(result: subprocess.CompletedProcess[str]) -> str:
    return (
        f"{' '.join(map(str, result.args))} exited {result.returncode}\n"
        f"-- stdout --\n{result.stdout}\n-- stderr --\n{result.stderr}"
    )


@pytest.fixture(scope="module")
def wine_prefix(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Wine]:
    """One prefix for the module: booting one takes seconds and writes 1.3 GB (Debian's
    Wine copies its DLLs into it), so it is removed at the end, whatever happened."""
    if shutil.which("wine") is None or shutil.which("wineserver") is None:
        pytest.skip(f"wine is not installed (Debian: {WINE_PACKAGES})")
    wine = Wine(tmp_path_factory.mktemp("wine"))
    try:
        wine.boot()
        yield wine
    finally:
        wine.stop()
        shutil.rmtree(wine.prefix, ignore_errors=True)


@pytest.fixture
def wine(wine_prefix: Wine) -> Iterator[Wine]:
    """The module's prefix, left as the test found it: no escadesk, no data, no key."""
    yield wine_prefix
    wine_prefix.settle()
    for folder in (wine_prefix.program_folder, wine_prefix.data_folder):
        shutil.rmtree(wine_prefix.unix(folder), ignore_errors=True)
    wine_prefix.unix(wine_prefix.start_menu_shortcut).unlink(missing_ok=True)
    wine_prefix.run("reg", "delete", UNINSTALL_KEY, "/f")


def _fake_bundle(folder: Path, libraries: dict[str, str]) -> Path:
    """A folder laid out as PyInstaller's Windows bundle: the program and ``_internal``."""
    (folder / "_internal" / "PySide6").mkdir(parents=True)
    (folder / APP_EXE).write_bytes(b"MZ not really a program")
    for name, text in libraries.items():
        (folder / "_internal" / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    return _fake_bundle(
        tmp_path / "bundle",
        {"python311.dll": "python", "PySide6/Qt6Core.dll": "qt", "base_library.zip": "zip"},
    )


def _installer(bundle: Path, folder: Path) -> Path:
    """installer/windows/escadesk.nsi compiled over ``bundle``, as installer/build.py does."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"escadesk-{__version__}-windows-x86_64-setup.exe"
    return installer.compile_nsis(bundle, target, None, APP_EXE)


def _install(wine: Wine, setup: Path, locale: str | None = None) -> Path:
    """Run the installer silently; the program folder (on this machine)."""
    result = wine.run(str(setup), "/S", locale=locale)
    wine.settle()
    programs = wine.unix(wine.program_folder)
    assert result.returncode == 0, _output(result)
    assert (programs / APP_EXE).is_file(), f"nothing installed\n{_output(result)}"
    return programs


def _files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_install_then_uninstall_keeps_the_data(wine: Wine, bundle: Path, tmp_path: Path) -> None:
    setup = _installer(bundle, tmp_path / "setup")

    programs = _install(wine, setup)

    installed = _files(programs)
    assert installed.pop("uninstall.exe")[:2] == b"MZ"
    assert installed == _files(bundle), "the program folder: the bundle and the uninstaller"
    # The Start-menu shortcut starts the program; the desktop one is not ticked by default.
    shortcut = wine.unix(wine.start_menu_shortcut)
    link = shortcut.read_bytes()
    target = str(wine.program_folder / APP_EXE)
    assert link[:4] == b"L\0\0\0", "a Windows shortcut"
    assert target.encode("utf-16-le") in link or target.encode("ascii") in link, link
    assert not wine.unix(wine.profile / "Desktop" / "escadesk.lnk").exists()
    key = wine.registry_key(UNINSTALL_KEY)
    assert key is not None, "the Add/Remove Programs key"
    uninstaller = wine.program_folder / "uninstall.exe"
    assert key == {
        "DisplayName": "escadesk",
        "DisplayVersion": __version__,
        "Publisher": PUBLISHER,
        "DisplayIcon": f"{wine.program_folder / APP_EXE},0",
        "InstallLocation": str(wine.program_folder),
        "UninstallString": f'"{uninstaller}"',
        "QuietUninstallString": f'"{uninstaller}" /S',
        "NoModify": "0x1",
        "NoRepair": "0x1",
        "EstimatedSize": key.get("EstimatedSize"),
        # The installer's language (English: 1033), which the uninstaller speaks.
        "InstallerLanguage": "1033",
    }
    assert int(key["EstimatedSize"], 16) >= 1  # KiB

    # The director's data, as escadesk would have written it.
    data = wine.unix(wine.data_folder)
    (data / "backups").mkdir(parents=True)
    (data / "escadesk.db").write_bytes(b"workshops")
    (data / "backups" / "escadesk-1.db").write_bytes(b"a backup")

    # What Add/Remove Programs runs for a quiet uninstall.
    command = re.fullmatch(r'"([^"]+)" (/S)', key["QuietUninstallString"])
    assert command is not None
    result = wine.run(command[1], command[2])
    wine.settle()  # the uninstaller ran from a copy in the temporary folder
    assert result.returncode == 0, _output(result)

    assert not programs.exists(), sorted(_files(programs))
    assert programs.parent.is_dir()  # %LOCALAPPDATA%\Programs itself stays
    assert not shortcut.exists()
    assert wine.registry_key(UNINSTALL_KEY) is None
    assert _files(data) == {"escadesk.db": b"workshops", "backups/escadesk-1.db": b"a backup"}


def test_an_update_replaces_the_program_and_keeps_the_data(
    wine: Wine, bundle: Path, tmp_path: Path
) -> None:
    newer = _fake_bundle(
        tmp_path / "newer", {"python311.dll": "python 2", "PySide6/Qt6Core.dll": "qt 2"}
    )
    _install(wine, _installer(bundle, tmp_path / "setup-old"))
    data = wine.unix(wine.data_folder)
    data.mkdir()
    (data / "escadesk.db").write_bytes(b"workshops")

    programs = _install(wine, _installer(newer, tmp_path / "setup-new"))

    installed = _files(programs)
    installed.pop("uninstall.exe")
    # base_library.zip was only in the old bundle: no stale library lingers.
    assert installed == _files(newer)
    assert wine.registry_key(UNINSTALL_KEY) is not None
    assert _files(data) == {"escadesk.db": b"workshops"}


def test_a_french_windows_installs_in_french_and_the_choice_is_remembered(
    wine: Wine, bundle: Path, tmp_path: Path
) -> None:
    """A silent install takes the system's language (Canadian French here, which NSIS
    matches to its French); the choice is kept for the uninstaller and for an update made
    later from an English session."""
    setup = _installer(bundle, tmp_path / "setup")

    _install(wine, setup, locale="fr_CA.UTF-8")
    key = wine.registry_key(UNINSTALL_KEY)
    assert key is not None and key["InstallerLanguage"] == "1036", key  # LANG_FRENCH

    programs = _install(wine, setup)  # an update, the session now in English
    key = wine.registry_key(UNINSTALL_KEY)
    assert key is not None and key["InstallerLanguage"] == "1036", key

    # The uninstaller (reading the language back) still removes everything it should.
    result = wine.run(str(wine.program_folder / "uninstall.exe"), "/S")
    wine.settle()
    assert result.returncode == 0, _output(result)
    assert not programs.exists()
    assert wine.registry_key(UNINSTALL_KEY) is None
