"""A Linux machine without Qt's system libraries: one paragraph naming the Debian/Ubuntu
packages instead of a traceback (PySide6's import) or a C++ abort (the xcb plugin)."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path

import PySide6
import pytest

from escadesk.qt_libraries import (
    BASE_LIBRARIES,
    BASE_PACKAGES,
    XCB_LIBRARIES,
    XCB_PACKAGES,
    XCB_PLUGIN,
    advice,
    install_command,
    missing_library,
    uses_xcb,
    xcb_problem,
)

GLIB_MISSING = "libglib-2.0.so.0: cannot open shared object file: No such file or directory"
BASE_COMMAND = (
    "sudo apt-get update && sudo apt-get install --no-install-recommends "
    "libglib2.0-0 libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3"
)
QT = Path(PySide6.__file__).parent / "Qt"
LINUX_ONLY = "Linux's Qt: ELF libraries and the xcb plugin"
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason=LINUX_ONLY)


def test_the_loader_message_names_the_missing_library() -> None:
    assert missing_library(GLIB_MISSING) == "libglib-2.0.so.0"
    assert missing_library(f"Cannot load library /q/libqxcb.so: {GLIB_MISSING}") == (
        "libglib-2.0.so.0"
    )
    assert missing_library("libxcb-render-util.so.0: cannot open shared object file") == (
        "libxcb-render-util.so.0"
    )
    # Not a missing library: a version clash, Windows' and macOS' wording, a Python error.
    assert missing_library("/q/libQt6Core.so.6: version `Qt_6.9' not found") is None
    assert missing_library("DLL load failed while importing QtCore: not found.") is None
    assert missing_library("cannot import name 'QThreadPool' from 'PySide6.QtCore'") is None


def test_a_missing_qt_library_gets_the_whole_base_set_in_one_command() -> None:
    text = advice(GLIB_MISSING)

    assert text is not None and "\n" not in text  # one paragraph
    assert text.startswith("escadesk cannot start: the system library libglib-2.0.so.0 ")
    assert "(Debian/Ubuntu package libglib2.0-0)" in text
    assert text.endswith(BASE_COMMAND)  # pasteable: nothing after the command


def test_a_library_outside_the_set_is_added_to_the_command() -> None:
    text = advice("libfreetype.so.6: cannot open shared object file: No such file or directory")
    assert text is not None
    assert text.endswith(f"{BASE_COMMAND} libfreetype6")

    unknown = advice("libfoo.so.3: cannot open shared object file: No such file or directory")
    assert unknown is not None
    assert "libfoo.so.3, which Qt needs" in unknown and unknown.endswith(BASE_COMMAND)


def test_a_missing_xcb_library_gets_the_xcb_set() -> None:
    text = advice("libxcb-icccm.so.4: cannot open shared object file", lead="To fix it")

    assert text is not None
    assert text.startswith("To fix it: the system library libxcb-icccm.so.4 (Debian/Ubuntu ")
    assert "xcb platform plugin" in text
    assert text.endswith(install_command(XCB_PACKAGES))
    # A base library the plugin misses: the xcb set plus that library's package.
    from_plugin = advice("libGL.so.1: cannot open shared object file", window=True)
    assert from_plugin is not None
    assert from_plugin.endswith(f"{install_command(XCB_PACKAGES)} libgl1")


def test_other_errors_get_no_advice() -> None:
    assert advice("No module named 'PySide6'") is None


def test_every_listed_package_brings_a_library_of_its_list() -> None:
    assert set(BASE_PACKAGES) <= set(BASE_LIBRARIES.values())
    assert set(XCB_PACKAGES) <= set(XCB_LIBRARIES.values())
    assert not set(BASE_LIBRARIES) & set(XCB_LIBRARIES)


@pytest.mark.parametrize(
    ("environment", "xcb"),
    [
        ({}, True),  # Qt's Linux default, with or without DISPLAY
        ({"DISPLAY": ":0"}, True),
        ({"QT_QPA_PLATFORM": "xcb"}, True),
        ({"QT_QPA_PLATFORM": "xcb:nograb"}, True),
        ({"QT_QPA_PLATFORM": "offscreen"}, False),
        ({"QT_QPA_PLATFORM": "offscreen:configfile=/x/screen.json"}, False),
        ({"QT_QPA_PLATFORM": "minimal;xcb"}, False),
        ({"XDG_SESSION_TYPE": "x11", "DISPLAY": ":0"}, True),
        ({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}, False),  # Qt tries Wayland first
        ({"XDG_SESSION_TYPE": "wayland"}, False),
        ({"QT_QPA_PLATFORM": "wayland", "WAYLAND_DISPLAY": "wayland-0"}, False),
        ({"QT_QPA_PLATFORM": "wayland;xcb"}, True),  # no compositor: Qt falls back to xcb
        ({"QT_QPA_PLATFORM": "wayland;xcb", "WAYLAND_DISPLAY": "wayland-0"}, False),
        ({"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "wayland-0"}, True),
    ],
)
def test_when_qt_will_start_its_xcb_plugin(environment: dict[str, str], xcb: bool) -> None:
    assert uses_xcb(environment) is xcb


@pytest.fixture
def plugins(tmp_path: Path) -> Path:
    folder = tmp_path / "plugins"
    (folder / XCB_PLUGIN).parent.mkdir(parents=True)
    (folder / XCB_PLUGIN).write_bytes(b"\x7fELF")
    return folder


def test_the_plugin_is_loaded_and_a_missing_library_named(plugins: Path, tmp_path: Path) -> None:
    loaded: list[str] = []

    def missing_keysyms(path: str) -> object:
        loaded.append(path)
        raise OSError("libxcb-keysyms.so.1: cannot open shared object file: No such file")

    text = xcb_problem({"DISPLAY": ":0"}, "linux", [tmp_path / "none", plugins], missing_keysyms)

    assert loaded == [str(plugins / XCB_PLUGIN)]  # the first folder that has the plugin
    assert (
        text is not None and "libxcb-keysyms.so.1 (Debian/Ubuntu package libxcb-keysyms1)" in text
    )
    assert text.endswith(install_command(XCB_PACKAGES))


def test_a_frozen_apps_loader_error_is_read_through_to_the_original(plugins: Path) -> None:
    """PyInstaller's ctypes replaces the loader's message with its own and chains it."""

    def frozen_cdll(path: str) -> object:
        try:
            raise OSError("libxcb-icccm.so.4: cannot open shared object file: No such file")
        except OSError as original:
            raise OSError(f"Failed to load dynlib/dll {path!r}.") from original

    text = xcb_problem({}, "linux", [plugins], frozen_cdll)
    assert text is not None and "libxcb-icccm.so.4 (Debian/Ubuntu package libxcb-icccm4)" in text


def test_no_advice_when_the_plugin_loads_or_fails_otherwise(plugins: Path) -> None:
    assert xcb_problem({}, "linux", [plugins], lambda _path: object()) is None

    def clash(_path: str) -> object:
        raise OSError("/q/libqxcb.so: undefined symbol: xcb_foo")

    assert xcb_problem({}, "linux", [plugins], clash) is None  # Qt gets its chance


def test_nothing_is_loaded_off_xcb_or_off_linux(plugins: Path, tmp_path: Path) -> None:
    def never(_path: str) -> object:
        raise AssertionError("loaded")

    assert xcb_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux", [plugins], never) is None
    assert xcb_problem({}, "win32", [plugins], never) is None
    assert xcb_problem({}, "darwin", [plugins], never) is None
    assert xcb_problem({}, "linux", [tmp_path / "no-plugins"], never) is None


def _needed(library: Path) -> set[str]:
    """The DT_NEEDED entries of a 64-bit little-endian ELF file (what ``readelf -d`` lists)."""
    data = library.read_bytes()
    assert data[:6] == b"\x7fELF\x02\x01", library
    (shoff,) = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [
        struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)
    ]
    dynamic = next(s for s in sections if s[1] == 6)  # SHT_DYNAMIC
    strings = sections[dynamic[6]]  # sh_link: its string table
    names: set[str] = set()
    for offset in range(dynamic[4], dynamic[4] + dynamic[5], 16):
        tag, value = struct.unpack_from("<qQ", data, offset)
        if tag == 0:
            break
        if tag == 1:  # DT_NEEDED
            start = strings[4] + value
            names.add(data[start : data.index(b"\0", start)].decode())
    return names


def _system_needs(*libraries: Path) -> set[str]:
    """What these need from the system: not glibc, the C++ runtime or the wheel's own Qt."""
    bundled = ("libQt6", "libicu", "libpyside6", "libshiboken6")
    runtime = ("libc.so", "libm.so", "libdl.so", "libpthread.so", "ld-linux", "libstdc++.so")
    return {
        name
        for library in libraries
        for name in _needed(library)
        if not name.startswith(bundled + runtime + ("libgcc_s.so",))
    }


@linux_only
@pytest.mark.accepted_skip(LINUX_ONLY)
def test_the_lists_cover_what_this_pyside6_needs() -> None:
    """A PySide6 upgrade that needs another library fails here, not on a director's PC."""
    lib = QT / "lib"
    base = _system_needs(
        *(lib / f"libQt6{name}.so.6" for name in ("Core", "Gui", "Widgets", "DBus")),
        QT / "plugins" / "platforms" / "libqoffscreen.so",
    )
    xcb = _system_needs(QT / "plugins" / XCB_PLUGIN, lib / "libQt6XcbQpa.so.6")

    assert base - set(BASE_LIBRARIES) == set()
    assert xcb - set(BASE_LIBRARIES) - set(XCB_LIBRARIES) == set()
    assert "libglib-2.0.so.0" in base and "libxcb-cursor.so.0" in xcb  # the reader works


def _environment(**changes: str) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "WAYLAND"))}
    environment.update(changes)
    return environment


def test_escadesk_without_qt_libraries_prints_the_packages(tmp_path: Path) -> None:
    """PySide6's import fails as it does on a bare Debian: a paragraph, exit 1, no traceback."""
    fake = tmp_path / "fake" / "PySide6"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("", "utf-8")
    for module in ("QtCore", "QtGui", "QtWidgets"):
        (fake / f"{module}.py").write_text(f"raise ImportError({GLIB_MISSING!r})\n", "utf-8")

    result = subprocess.run(
        [sys.executable, "-m", "escadesk", "--demo", "--data-dir", str(tmp_path / "data")],
        env=_environment(PYTHONPATH=str(tmp_path / "fake"), QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == advice(GLIB_MISSING)
    assert BASE_COMMAND in result.stderr


def test_another_import_error_keeps_its_traceback(tmp_path: Path) -> None:
    fake = tmp_path / "fake" / "PySide6"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("", "utf-8")
    (fake / "QtCore.py").write_text("raise ImportError('a bug, not a library')\n", "utf-8")

    result = subprocess.run(
        [sys.executable, "-m", "escadesk", "--data-dir", str(tmp_path / "data")],
        env=_environment(PYTHONPATH=str(tmp_path / "fake"), QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode != 0
    assert "Traceback" in result.stderr and "a bug, not a library" in result.stderr
    assert "apt-get" not in result.stderr


@linux_only
@pytest.mark.accepted_skip(LINUX_ONLY)
def test_a_real_window_without_an_xcb_library_exits_instead_of_aborting(tmp_path: Path) -> None:
    """The real plugin, renamed dependency and all: loading it really fails, as on a machine
    without libxkbcommon-x11-0. Qt would abort (SIGABRT); escadesk explains and exits 1."""
    plugins = tmp_path / "Qt" / "plugins"
    (plugins / XCB_PLUGIN).parent.mkdir(parents=True)
    (tmp_path / "Qt" / "lib").symlink_to(QT / "lib")  # the plugin's RUNPATH: $ORIGIN/../../lib
    original = (QT / "plugins" / XCB_PLUGIN).read_bytes()
    # Its first dependency past Qt and the base set, so no other one can fail before it.
    assert original.count(b"libxkbcommon-x11.so.0\0") == 1
    (plugins / XCB_PLUGIN).write_bytes(
        original.replace(b"libxkbcommon-x11.so.0\0", b"libxkbcommon-x11.so.9\0")
    )

    result = subprocess.run(
        [sys.executable, "-m", "escadesk", "--demo", "--data-dir", str(tmp_path / "data")],
        env=_environment(QT_QPA_PLATFORM="xcb", QT_PLUGIN_PATH=str(plugins), DISPLAY=":0"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "Could not load" not in result.stderr
    paragraph = result.stderr.strip()
    assert paragraph.startswith("escadesk cannot start: the system library libxkbcommon-x11.so.9")
    assert paragraph.endswith(install_command(XCB_PACKAGES))
    assert not (tmp_path / "data").exists()  # stopped before opening anything


def test_the_module_needs_no_qt() -> None:
    code = (
        "import sys, escadesk.qt_libraries\n"
        "assert not any(m.startswith('PySide6') for m in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
