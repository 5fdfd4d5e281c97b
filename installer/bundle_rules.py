"""What the frozen app keeps of Qt and of the libraries PyInstaller finds: the lean bundle.

PyInstaller's Qt hooks collect every plugin a used Qt module *might* load (virtual
keyboards pulling in QML and Quick, Wayland and EGL integrations, TLS backends, GTK
themes pulling in the build machine's GTK) and every translation; ``--exclude-module``
cannot reach those. The spec keeps only the plugins the desk uses, drops the
translations but Qt's French base (escadesk speaks English and French) and Babel's locale
data but its locales, then prunes the libraries no kept binary links to.

Plain data in, plain data out (PyInstaller's TOC entries are ``(dest, source, kind)``
tuples), so the rules are unit-tested without building anything.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath

TocEntry = tuple[str, str, str]

#: Qt plugins kept, by plugin folder; a folder not listed is dropped whole.
#: The desk is Qt Widgets in the Fusion style (built in), so no style plugins; PNG is
#: built into QtGui, JPEG is what scans often are; offscreen runs the self-test.
KEPT_PLUGINS: dict[str, frozenset[str]] = {
    "platforms": frozenset({"qxcb", "qoffscreen", "qwindows", "qcocoa"}),
    "imageformats": frozenset({"qjpeg", "qico"}),
    # Typing accents and other languages' characters on Linux (compose key, IBus).
    "platforminputcontexts": frozenset(
        {"composeplatforminputcontextplugin", "ibusplatforminputcontextplugin"}
    ),
    # xcb with OpenGL (charts may draw with it); small, and a missing one only logs.
    "xcbglintegrations": frozenset({"qxcb-glx-integration", "qxcb-egl-integration"}),
}

#: Python modules the app never imports but PyInstaller's hooks would drag in.
EXCLUDED_MODULES: tuple[str, ...] = (
    "tkinter",
    "pydoc_data",
    "pygments",
    "setuptools",
    "pkg_resources",
    "_distutils_hack",
    "distutils",
    # Only concurrent.futures names it, for process pools the app never uses; bundled, its
    # runtime hook imports multiprocessing on every start (about 10 % of a cold start).
    "multiprocessing",
    # The PostgreSQL driver of the `postgres` dependency group (a development install
    # that has it would otherwise bundle it through SQLAlchemy's dialects: 10 MB of
    # libpq, OpenSSL and Kerberos). The double-click desk opens its SQLite file; a
    # shared server is reached from a development install until the desk bundles a
    # driver on purpose.
    "psycopg",
    "psycopg_binary",
    "psycopg2",
    # Qt bindings linked to by the Qt libraries, never imported from Python: the
    # libraries stay when something links to them, their 10 MB of bindings go.
    "PySide6.QtNetwork",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtDBus",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtSvg",
    # Pillow comes with reportlab, to draw the institute's logo (a PNG or JPEG) on the
    # PDF forms: its core stays; the codecs and colour management nothing here reads go,
    # with the 6 MB of libraries only they link (libavif, libwebp, lcms2).
    "PIL._avif",
    "PIL.AvifImagePlugin",
    "PIL._webp",
    "PIL.WebPImagePlugin",
    "PIL._imagingcms",
    "PIL.ImageCms",
    "PIL._imagingtk",
    "PIL.ImageTk",
    "PIL.ImageQt",
)

# PyInstaller puts Qt under PySide6/Qt on Linux and macOS, directly under PySide6 on Windows.
_PLUGIN_DIR = re.compile(r"^PySide6/(?:Qt/)?plugins/(?P<kind>[^/]+)/(?P<file>[^/]+)$")
_TRANSLATIONS_DIR = re.compile(r"^PySide6/(?:Qt/)?translations/")


def plugin_of(dest: str) -> tuple[str, str] | None:
    """(folder, name) of a Qt plugin destination, e.g. ('platforms', 'qxcb'); else None."""
    match = _PLUGIN_DIR.search(dest.replace("\\", "/"))
    if match is None:
        return None
    name = match["file"]
    for suffix in (".so", ".dll", ".dylib"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    if name.startswith("lib"):
        name = name[3:]
    return match["kind"], name


def keep_plugin(dest: str) -> bool:
    """Whether a binary is kept as far as Qt plugins go (non-plugins are always kept)."""
    plugin = plugin_of(dest)
    if plugin is None:
        return True
    kind, name = plugin
    return name in KEPT_PLUGINS.get(kind, frozenset())


#: Qt's own texts (standard buttons, file dialogs) in the app's languages (issue 21).
KEPT_QT_TRANSLATIONS = frozenset({"qtbase_fr.qm"})
#: Babel's CLDR data for the app's locales (English and French, Canadian and general)
#: and their parents; the other ~800 locales are 34 MB.
KEPT_BABEL_LOCALES = frozenset({"root", "en", "en_001", "en_CA", "fr", "fr_CA"})
_BABEL_LOCALE = re.compile(r"^babel/locale-data/([^/]+)\.dat$")


def keep_data(dest: str) -> bool:
    """Data files kept: everything but Qt's translations other than French's base and
    Babel's locale data other than the app's locales."""
    dest = dest.replace("\\", "/")
    if _TRANSLATIONS_DIR.search(dest) is not None:
        return PurePosixPath(dest).name in KEPT_QT_TRANSLATIONS
    babel = _BABEL_LOCALE.search(dest)
    return babel is None or babel.group(1) in KEPT_BABEL_LOCALES


def is_prunable(dest: str, platform: str) -> bool:
    """Libraries that are only there because something links to them.

    Linux: the Qt libraries and the system libraries PyInstaller copied next to the
    executable (never libpython). Windows: the Qt DLLs and Qt's optional OpenGL/Direct3D
    helpers, which only Quick and OpenGL widgets load. macOS: nothing (Qt comes as
    frameworks with resources and symlinks; pruning them is not worth the risk).
    """
    path = PurePosixPath(dest.replace("\\", "/"))
    parent, name = path.parent.as_posix(), path.name
    if platform.startswith("linux"):
        if parent in ("PySide6/Qt/lib",):
            return True
        return parent == "." and name.startswith("lib") and not name.startswith("libpython")
    if platform == "win32":
        lowered = name.lower()
        return parent == "PySide6" and (
            re.fullmatch(r"qt6\w+\.dll", lowered) is not None
            or lowered in ("opengl32sw.dll", "d3dcompiler_47.dll")
        )
    return False


def _key(name: str, platform: str) -> str:
    base = PurePosixPath(name.replace("\\", "/")).name
    return base.lower() if platform == "win32" else base


def prune_unlinked(
    binaries: Iterable[TocEntry],
    imports_of: Callable[[str], Iterable[str]],
    platform: str,
) -> tuple[list[TocEntry], list[TocEntry]]:
    """(kept, dropped): drop prunable libraries no kept binary links to, directly or not.

    ``imports_of(source)`` gives the names a binary links to (PyInstaller's bindepend).
    Everything not prunable is a root: executables, extension modules, Qt plugins.
    """
    entries = list(binaries)
    by_name: dict[str, list[TocEntry]] = {}
    for entry in entries:
        by_name.setdefault(_key(entry[0], platform), []).append(entry)
    reached: set[str] = set()
    pending = [entry for entry in entries if not is_prunable(entry[0], platform)]
    seen: set[str] = set()
    while pending:
        entry = pending.pop()
        if entry[1] in seen:
            continue
        seen.add(entry[1])
        for name in imports_of(entry[1]):
            key = _key(name, platform)
            if key in reached:
                continue
            reached.add(key)
            pending.extend(by_name.get(key, []))
    kept, dropped = [], []
    for entry in entries:
        prunable = is_prunable(entry[0], platform)
        wanted = not prunable or _key(entry[0], platform) in reached
        (kept if wanted else dropped).append(entry)
    return kept, dropped


def lean_binaries(
    binaries: Iterable[TocEntry],
    imports_of: Callable[[str], Iterable[str]],
    platform: str,
) -> tuple[list[TocEntry], list[TocEntry]]:
    """(kept, dropped): unused Qt plugins out, then whatever only they needed."""
    entries = list(binaries)
    plugins_kept = [entry for entry in entries if keep_plugin(entry[0])]
    plugins_dropped = [entry for entry in entries if not keep_plugin(entry[0])]
    kept, pruned = prune_unlinked(plugins_kept, imports_of, platform)
    return kept, plugins_dropped + pruned


def lean_datas(
    datas: Iterable[TocEntry], dropped_binaries: Iterable[TocEntry] = ()
) -> tuple[list[TocEntry], list[TocEntry]]:
    """(kept, dropped): only the translations and locale data the app speaks (keep_data),
    and no symbolic link left pointing at a dropped
    library (PyInstaller lists those links among the data)."""
    gone = {_posix(entry[0]) for entry in dropped_binaries}
    kept, dropped = [], []
    for entry in datas:
        dangling = entry[2] == "SYMLINK" and _posix(entry[1]) in gone
        (kept if keep_data(entry[0]) and not dangling else dropped).append(entry)
    return kept, dropped


def _posix(path: str) -> str:
    return path.replace("\\", "/")


def four_part_version(version: str) -> tuple[int, int, int, int]:
    """Windows' version resources and NSIS want four numbers: '0.1.0' -> (0, 1, 0, 0); a
    pre-release suffix ('0.2.0rc1') is left out."""
    leading = [int(re.match(r"\d*", part).group() or 0) for part in version.split(".")]
    major, minor, patch, build = [*leading[:3], 0, 0, 0, 0][:4]
    return major, minor, patch, build


def macos_localizations(folder: Path) -> list[TocEntry]:
    """The .app's translated Info.plist texts (issue 21): each ``<language>.lproj`` folder
    of installer/macos, as BUNDLE entries. BUNDLE puts data files in Contents/Resources,
    where macOS looks for ``fr.lproj/InfoPlist.strings``; only the .app gets them (the
    Windows and Linux bundles have no use for them)."""
    return [
        (f"{language.name}/{path.name}", str(path), "DATA")
        for language in sorted(folder.glob("*.lproj"))
        if language.is_dir()
        for path in sorted(language.iterdir())
        if path.is_file()
    ]
