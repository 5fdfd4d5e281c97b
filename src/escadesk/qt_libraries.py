"""The Linux system libraries Qt needs, and the one ``apt-get`` line that installs them.

The PySide6 wheels carry Qt but not the system libraries under it. Without them the
import of PySide6 fails with a traceback naming a ``.so`` file, and a real window fails
worse: Qt aborts from C++ ("Could not load the Qt platform plugin xcb"), which Python
cannot catch. The entry point turns both into one paragraph that names the Debian/Ubuntu
packages, so a director on a fresh machine gets the fix instead of a stack trace.

No Qt import here: this module must work precisely when Qt cannot load. The lists come
from ``readelf -d`` of PySide6's Qt libraries and of ``platforms/libqxcb.so``
(tests/test_qt_libraries.py reads them again, so a PySide6 upgrade cannot outgrow them);
the README and ``.ci/run`` should name the same packages.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

#: What QtCore, QtGui, QtWidgets, QtDBus and the offscreen plugin load from the system
#: (library -> Debian/Ubuntu package); a minimal Debian or Ubuntu lacks some of them.
BASE_LIBRARIES: dict[str, str] = {
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libGL.so.1": "libgl1",
    "libGLX.so.0": "libglx0",
    "libGLdispatch.so.0": "libglvnd0",
    "libEGL.so.1": "libegl1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libX11.so.6": "libx11-6",
    "libxcb.so.1": "libxcb1",
    "libz.so.1": "zlib1g",
    "libzstd.so.1": "libzstd1",
}

#: The packages that bring every library of BASE_LIBRARIES (the others come as their
#: dependencies, or, like zlib1g, are part of every Debian and Ubuntu).
BASE_PACKAGES: tuple[str, ...] = (
    "libglib2.0-0",
    "libgl1",
    "libegl1",
    "libxkbcommon0",
    "libfontconfig1",
    "libdbus-1-3",
)

#: What the xcb platform plugin (a window on an X11 desktop, or XWayland) loads beyond
#: BASE_LIBRARIES: library -> Debian/Ubuntu package.
XCB_LIBRARIES: dict[str, str] = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libX11-xcb.so.1": "libx11-xcb1",
}

#: The packages that bring every library of XCB_LIBRARIES (render0, shm0 and util1 come
#: as dependencies of render-util0 and image0).
XCB_PACKAGES: tuple[str, ...] = (
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-sync1",
    "libxcb-xfixes0",
    "libxcb-xkb1",
    "libxkbcommon-x11-0",
    "libx11-xcb1",
)

XCB_PLUGIN = Path("platforms") / "libqxcb.so"

# glibc's loader: "libglib-2.0.so.0: cannot open shared object file: No such file or ...".
_NOT_FOUND = re.compile(r"(?P<library>[\w.+-]+\.so(?:\.[\w.]+)?): cannot open shared object file")


def install_command(packages: Iterable[str]) -> str:
    """The one line a Debian/Ubuntu user pastes (the update: a fresh box has no lists)."""
    return "sudo apt-get update && sudo apt-get install --no-install-recommends " + " ".join(
        packages
    )


def missing_library(message: str) -> str | None:
    """The library a loader error says it could not find (``libglib-2.0.so.0``), else None."""
    found = _NOT_FOUND.search(message)
    return found.group("library") if found else None


def advice(
    message: str, lead: str = "escadesk cannot start", window: bool | None = None
) -> str | None:
    """One paragraph for an error whose cause is a missing system library; None otherwise.

    ``window``: the error comes from loading the xcb plugin (None: judge by the library's
    name). The command names that whole set, not only the library reported: the loader
    stops at the first one missing, and nobody should repeat this once per library.
    """
    library = missing_library(message)
    if library is None:
        return None
    if window is None:
        window = library in XCB_LIBRARIES or library.startswith("libxcb")
    package = XCB_LIBRARIES.get(library) or BASE_LIBRARIES.get(library)
    if window:
        needed_by, short = "Qt's window on an X11 desktop (the xcb platform plugin)", "the window"
        packages = _with(XCB_PACKAGES, package)
    else:
        needed_by, short = "Qt", "Qt"
        packages = _with(BASE_PACKAGES, package)
    provided_by = f" (Debian/Ubuntu package {package})" if package else ""
    return (
        f"{lead}: the system library {library}{provided_by}, which {needed_by} needs, is "
        "missing. On another Linux distribution, install the package that provides it. On "
        f"Debian or Ubuntu, this one command installs it and the rest of what {short} needs: "
        f"{install_command(packages)}"
    )


def error_text(error: BaseException) -> str:
    """The messages of an error and of the errors behind it: a frozen app's ctypes
    (PyInstaller's) replaces the loader's message with its own and chains the original."""
    messages: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        messages.append(str(current))
        current = current.__cause__ or current.__context__
    return "\n".join(messages)


def _with(packages: tuple[str, ...], extra: str | None) -> tuple[str, ...]:
    return packages if extra is None or extra in packages else (*packages, extra)


def platform_names(environ: Mapping[str, str]) -> list[str]:
    """The platform plugins Qt will try, in order: QT_QPA_PLATFORM ("xcb",
    "offscreen:configfile=…", "wayland;xcb"), else Qt's Linux default, which tries
    Wayland first only in a Wayland session."""
    chosen = environ.get("QT_QPA_PLATFORM", "").strip()
    if chosen:
        return [entry.split(":", 1)[0].strip() for entry in chosen.split(";") if entry.strip()]
    if _wayland_session(environ):
        return ["wayland", "xcb"]
    return ["xcb"]


def uses_xcb(environ: Mapping[str, str]) -> bool:
    """Whether Qt will start its xcb plugin. Any doubt counts as no: a wrong "yes" could
    refuse to start an app that would have worked."""
    for name in platform_names(environ):
        if name == "xcb":
            return True
        if name.startswith("wayland") and not _wayland_session(environ):
            continue  # Qt falls back to the next name when there is no compositor
        return False
    return False


def _wayland_session(environ: Mapping[str, str]) -> bool:
    return bool(
        environ.get("WAYLAND_DISPLAY")
        or environ.get("WAYLAND_SOCKET")
        or environ.get("XDG_SESSION_TYPE") == "wayland"
    )


def xcb_problem(
    environ: Mapping[str, str],
    system: str,
    plugin_dirs: Iterable[Path],
    load: Callable[[str], object] | None = None,
) -> str | None:
    """Advice when Qt's xcb plugin would abort the process for a missing library, else None.

    Loads the plugin file itself (``load``: ``ctypes.CDLL`` unless a test passes another),
    so its libraries resolve exactly as they will for Qt a moment later, the bundle's own
    copies included; Qt then finds the plugin already loaded, so this adds little time.
    """
    if not system.startswith("linux") or not uses_xcb(environ):
        return None
    plugin = next((d / XCB_PLUGIN for d in plugin_dirs if (d / XCB_PLUGIN).is_file()), None)
    if plugin is None:
        return None  # Qt names a missing plugin itself
    if load is None:
        import ctypes

        load = ctypes.CDLL
    try:
        load(str(plugin))
    except OSError as error:
        return advice(error_text(error), window=True)
    return None
