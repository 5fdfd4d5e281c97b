"""The installer's pieces that need no build: which Qt parts a bundle keeps, the ICU data
trimming, and the icon files. (The build itself: test_bundle.py, marker ``packaging``.)"""

from __future__ import annotations

import struct

import pytest
from installer_modules import load_installer_module
from PySide6.QtGui import QImage

rules = load_installer_module("bundle_rules")
icu = load_installer_module("icu_trim")
icons = load_installer_module("make_icons")


# -- Qt plugins and translations ---------------------------------------------------------


@pytest.mark.parametrize(
    ("dest", "plugin"),
    [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", ("platforms", "qxcb")),
        # Windows: Qt sits directly in PySide6 (and the separators are backslashes).
        ("PySide6\\plugins\\platforms\\qwindows.dll", ("platforms", "qwindows")),
        ("PySide6/Qt/plugins/imageformats/libqjpeg.dylib", ("imageformats", "qjpeg")),
        ("PySide6/Qt/lib/libQt6Core.so.6", None),
        ("otherpackage/plugins/platforms/libqxcb.so", None),
    ],
)
def test_plugins_are_recognised_by_folder_and_name(dest: str, plugin: object) -> None:
    assert rules.plugin_of(dest) == plugin


def test_the_desk_keeps_its_platforms_and_image_formats_only() -> None:
    kept = [
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6\\plugins\\platforms\\qwindows.dll",
        "PySide6/Qt/plugins/platforms/libqcocoa.dylib",
        "PySide6/Qt/plugins/imageformats/libqjpeg.so",
        "PySide6/Qt/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so",
        "PySide6/Qt/lib/libQt6Widgets.so.6",
        "cryptography/hazmat/bindings/_rust.abi3.so",
    ]
    dropped = [
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/plugins/platforms/libqvnc.so",
        "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
        "PySide6/Qt/plugins/imageformats/libqsvg.so",
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
        "PySide6/Qt/plugins/tls/libqopensslbackend.so",
        "PySide6\\plugins\\styles\\qmodernwindowsstyle.dll",
    ]
    assert all(rules.keep_plugin(dest) for dest in kept)
    assert not any(rules.keep_plugin(dest) for dest in dropped)


def test_translations_go_but_french_qt_base_other_data_stays() -> None:
    assert not rules.keep_data("PySide6/Qt/translations/qtbase_de.qm")
    assert not rules.keep_data("PySide6\\translations\\qt_fr.qm")
    assert rules.keep_data("PySide6/Qt/translations/qtbase_fr.qm")
    assert rules.keep_data("PySide6\\translations\\qtbase_fr.qm")


def test_babel_keeps_the_locale_data_of_english_and_french_only() -> None:
    for kept in ("root", "en", "en_001", "en_CA", "fr", "fr_CA"):
        assert rules.keep_data(f"babel/locale-data/{kept}.dat"), kept
    for dropped in ("de", "fr_BE", "en_GB", "zh_Hant_HK"):
        assert not rules.keep_data(f"babel/locale-data/{dropped}.dat"), dropped
    assert rules.keep_data("babel/global.dat")
    assert rules.keep_data("babel\\locale-data\\LICENSE.unicode")
    assert rules.keep_data("escadesk/resources/templates/confirmed.txt.j2")
    assert rules.keep_data("escadesk/storage/migrations/versions/0001_initial.py")


def _graph(links: dict[str, list[str]]):
    return lambda source: links.get(source, [])


def test_libraries_only_dropped_plugins_needed_are_pruned_with_their_links() -> None:
    binaries = [
        ("PySide6/QtWidgets.abi3.so", "/w/QtWidgets.abi3.so", "EXTENSION"),
        ("PySide6/Qt/lib/libQt6Widgets.so.6", "/q/libQt6Widgets.so.6", "BINARY"),
        ("PySide6/Qt/lib/libQt6Core.so.6", "/q/libQt6Core.so.6", "BINARY"),
        ("PySide6/Qt/lib/libQt6Quick.so.6", "/q/libQt6Quick.so.6", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/q/libqxcb.so", "BINARY"),
        (
            "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
            "/q/libqtvirtualkeyboardplugin.so",
            "BINARY",
        ),
        ("libxcb-cursor.so.0", "/usr/lib/libxcb-cursor.so.0", "BINARY"),
        ("libcairo.so.2", "/usr/lib/libcairo.so.2", "BINARY"),
        ("libpython3.11.so.1.0", "/py/libpython3.11.so.1.0", "BINARY"),
    ]
    links = {
        "/w/QtWidgets.abi3.so": ["libQt6Widgets.so.6", "libpython3.11.so.1.0"],
        "/q/libQt6Widgets.so.6": ["libQt6Core.so.6"],
        "/q/libqxcb.so": ["libQt6Core.so.6", "libxcb-cursor.so.0"],
        "/q/libqtvirtualkeyboardplugin.so": ["libQt6Quick.so.6", "libcairo.so.2"],
    }
    kept, dropped = rules.lean_binaries(binaries, _graph(links), "linux")

    assert {entry[0] for entry in dropped} == {
        "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
        "PySide6/Qt/lib/libQt6Quick.so.6",
        "libcairo.so.2",
    }
    assert len(kept) + len(dropped) == len(binaries)

    datas = [
        ("libQt6Quick.so.6", "PySide6/Qt/lib/libQt6Quick.so.6", "SYMLINK"),
        ("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
        ("PySide6/Qt/translations/qt_de.qm", "/q/qt_de.qm", "DATA"),
        ("escadesk/resources/templates/receipt.txt.j2", "/r/receipt.txt.j2", "DATA"),
    ]
    kept_datas, dropped_datas = rules.lean_datas(datas, dropped)
    assert [entry[0] for entry in kept_datas] == [
        "libQt6Core.so.6",
        "escadesk/resources/templates/receipt.txt.j2",
    ]
    assert len(dropped_datas) == 2


def test_windows_prunes_only_qt_dlls_and_macos_nothing() -> None:
    assert rules.is_prunable("PySide6\\Qt6Quick.dll", "win32")
    assert rules.is_prunable("PySide6/opengl32sw.dll", "win32")
    assert not rules.is_prunable("python311.dll", "win32")
    assert not rules.is_prunable("PySide6/pyside6.abi3.dll", "win32")
    assert not rules.is_prunable("PySide6/Qt/lib/QtQuick.framework/Versions/A/QtQuick", "darwin")
    assert rules.is_prunable("libstdc++.so.6", "linux")
    assert not rules.is_prunable("libpython3.11.so.1.0", "linux")
    assert not rules.is_prunable("python3.11/lib-dynload/_ssl.so", "linux")


@pytest.mark.parametrize(
    ("version", "numbers"),
    [("0.1.0", (0, 1, 0, 0)), ("1.2", (1, 2, 0, 0)), ("2.0.1rc1", (2, 0, 1, 0))],
)
def test_windows_versions_have_four_numbers(version: str, numbers: tuple[int, ...]) -> None:
    assert rules.four_part_version(version) == numbers


# -- ICU data ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("icudt73l/uprops.icu", True),
        ("icudt73l/nfc.nrm", True),
        ("icudt73l/pool.res", True),
        ("icudt73l/supplementalData.res", True),
        ("icudt73l/ibm-943_P15A-2003.cnv", True),
        ("icudt73l/root.res", True),
        ("icudt73l/en_CA.res", True),
        ("icudt73l/coll/fr_CA.res", True),
        ("icudt73l/coll/root.res", True),
        ("icudt73l/coll/ucadata.icu", True),
        ("icudt73l/brkitr/line.brk", True),
        ("icudt73l/coll/de.res", False),
        ("icudt73l/zone/zh_Hant_TW.res", False),
        ("icudt73l/es_419.res", False),
        ("icudt73l/brkitr/cjdict.dict", False),
        ("icudt73l/translit/root.res", False),
    ],
)
def test_icu_keeps_neutral_data_and_the_kept_languages(name: str, kept: bool) -> None:
    assert icu.keep_item(name) is kept


def _item(payload: bytes) -> bytes:
    """A tiny ICU data item: its own header, then the payload (padded by the packager)."""
    return struct.pack("<HBB", 16, 0xDA, 0x27) + bytes(12) + payload


def _common_data(items: list[tuple[str, bytes]]) -> bytes:
    header = struct.pack("<HBB", 32, 0xDA, 0x27) + struct.pack("<HHBBBB", 20, 0, 0, 0, 2, 0)
    header += b"CmnD" + bytes([1, 0, 0, 0]) + bytes([3, 0, 0, 0])
    header += bytes(32 - len(header))
    return icu.build_blob(header, items)


def test_icu_common_data_survives_a_round_trip_and_keeps_its_alignment() -> None:
    items = [
        ("icudt73l/coll/de.res", _item(b"german rules")),
        ("icudt73l/coll/en.res", _item(b"english rules!")),
        ("icudt73l/nfc.nrm", _item(b"normalization")),
    ]
    blob = _common_data(items)
    header, parsed = icu.parse_items(blob)

    assert [name for name, _data in parsed] == [name for name, _data in items]
    assert icu.build_blob(header, parsed) == blob
    count = struct.unpack_from("<I", blob, 32)[0]
    offsets = [struct.unpack_from("<II", blob, 32 + 4 + 8 * i)[1] for i in range(count)]
    assert all((32 + offset) % 16 == 0 for offset in offsets)
    assert all(
        data.startswith(original) for (_n, data), (_m, original) in zip(parsed, items, strict=True)
    )

    trimmed, kept, dropped = icu.trim_blob(blob)
    assert (kept, dropped) == (2, 1)
    assert [name for name, _data in icu.parse_items(trimmed)[1]] == [
        "icudt73l/coll/en.res",
        "icudt73l/nfc.nrm",
    ]


def test_something_else_is_refused() -> None:
    with pytest.raises(icu.IcuDataError, match="CmnD"):
        icu.parse_items(b"\x7fELF" + bytes(64))
    with pytest.raises(icu.IcuDataError, match="ELF"):
        icu.find_symbol(b"MZ" + bytes(100))


# -- icons -----------------------------------------------------------------------------------


def test_the_windows_icon_holds_every_size_as_png() -> None:
    data = icons.ico_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data, 0)
    assert (reserved, kind, count) == (0, 1, len(icons.ICO_SIZES))
    for index, size in enumerate(icons.ICO_SIZES):
        width, height, _c, _r, _p, bits, length, offset = struct.unpack_from(
            "<BBBBHHII", data, 6 + 16 * index
        )
        assert width == height == (0 if size == 256 else size)
        assert bits == 32
        image = QImage.fromData(data[offset : offset + length], "PNG")
        assert (image.width(), image.height()) == (size, size)


def test_the_macos_icon_family_is_well_formed() -> None:
    data = icons.icns_bytes()
    assert data[:4] == b"icns"
    assert struct.unpack_from(">I", data, 4)[0] == len(data)
    position, kinds = 8, []
    while position < len(data):
        kind, length = (
            data[position : position + 4],
            struct.unpack_from(">I", data, position + 4)[0],
        )
        assert data[position + 8 : position + 16] == b"\x89PNG\r\n\x1a\n"
        kinds.append(kind)
        position += length
    assert position == len(data)
    assert kinds == [kind for kind, _size in icons.ICNS_TYPES]


def test_the_icon_is_drawn_on_a_transparent_corner() -> None:
    image = icons.draw(256)
    assert image.pixelColor(0, 0).alpha() == 0
    assert image.pixelColor(128, 40).alpha() == 255  # the tile
    assert image.pixelColor(128, 40).name() != "#ffffff"
    assert image.pixelColor(180, 170).name() == "#ffffff"  # the tallest bar
