"""The installers speak English and French (issue 21): the NSIS script's own texts, the
macOS app's Finder texts (Info.plist and its .lproj translations), and where the bundle
puts them.

The script, the property list and the .strings files are read as text, without a build
(the fast suite). Compiling the script with makensis over a tiny fake bundle and
PyInstaller's placement of the .lproj folders in the .app need the packaging tools: they
are marker ``packaging`` (CI's installer step, ``python3 run.py --group packaging pytest
-m packaging tests/packaging``). The French install under Wine is in
test_windows_installer.py, beside the other installs.
"""

from __future__ import annotations

import ast
import lzma
import plistlib
import re
import shutil
import struct
from pathlib import Path

import pytest
from installer_modules import INSTALLER, load_installer_module

from escadesk import __version__

rules = load_installer_module("bundle_rules")

NSIS_SCRIPT = INSTALLER / "windows" / "escadesk.nsi"
MACOS = INSTALLER / "macos"
LANGUAGES = {"ENGLISH", "FRENCH"}


# -- the NSIS script ---------------------------------------------------------------------


def _script_lines() -> list[str]:
    """The script's statements, comments left out (NSIS comments start with ; or #)."""
    lines = NSIS_SCRIPT.read_text("utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and line.strip()[0] not in ";#"]


def _defines() -> dict[str, str]:
    found = {}
    for line in _script_lines():
        match = re.fullmatch(r'!define\s+(\w+)\s+"(.*)"', line)
        if match:
            found[match[1]] = match[2]
    return found


def _expand(text: str, defines: dict[str, str]) -> str:
    """``${NAME}`` replaced as makensis does when it compiles (recursively)."""
    while match := re.search(r"\$\{(\w+)\}", text):
        text = text.replace(match[0], defines[match[1]])
    return text


def _lang_strings() -> dict[str, dict[str, str]]:
    """LangString name -> {language: text}; a name set twice for a language fails."""
    found: dict[str, dict[str, str]] = {}
    for line in _script_lines():
        if not line.startswith("LangString"):
            continue
        match = re.fullmatch(r'LangString\s+(\w+)\s+\$\{LANG_(\w+)\}\s+"(.*)"', line)
        assert match, f"not a LangString this test reads: {line}"
        texts = found.setdefault(match[1], {})
        assert match[2] not in texts, f"{match[1]} given twice in {match[2]}"
        texts[match[2]] = match[3]
    return found


def _placeholders(text: str) -> list[str]:
    """``${DEFINE}``, ``$VARIABLE`` and ``$(LangString)`` references, in order."""
    return re.findall(r"\$\{\w+\}|\$\(\^?\w+\)|\$[A-Za-z_]\w*", text)


def test_every_nsis_langstring_is_given_in_english_and_french() -> None:
    strings = _lang_strings()
    assert strings, "the script has no LangString"
    for name, texts in strings.items():
        assert set(texts) == LANGUAGES, f"{name}: {sorted(texts)}"
        assert texts["ENGLISH"].strip() and texts["FRENCH"].strip(), name
        assert texts["FRENCH"] != texts["ENGLISH"], f"{name} is not translated"
        # The same folder, program name... in both (a translation never drops one).
        assert sorted(_placeholders(texts["FRENCH"])) == sorted(_placeholders(texts["ENGLISH"])), (
            name
        )


def test_the_nsis_script_shows_no_text_of_its_own_outside_its_langstrings() -> None:
    """Every text of ours the installer or the uninstaller shows (section names, their
    descriptions, the finish page's check box) is a LangString reference; the only
    literal is the program's name, which is the same in both languages."""
    shown_by = [  # a statement that shows text, and the text's group
        (r'Section\s+(?:/o\s+)?"(?:un\.)?([^"]*)"\s+\w+', 1),
        (r'!insertmacro\s+MUI_DESCRIPTION_TEXT\s+\S+\s+"(.*)"', 1),
        (r'!define\s+(MUI_\w+_TEXT\w*)\s+"(.*)"', 2),
    ]
    shown = []
    for line in _script_lines():
        for pattern, group in shown_by:
            if match := re.fullmatch(pattern, line):
                shown.append(match[group])
        assert not re.match(r"(MessageBox|DetailPrint|Caption|SubCaption)\b", line), (
            f"a text outside the LangStrings: {line}"
        )
    assert len(shown) >= 8, shown
    references = set()
    for text in shown:
        match = re.fullmatch(r"\$\((\w+)\)", text)
        assert match or text == "${APP_NAME}", f"untranslated text: {text!r}"
        if match:
            references.add(match[1])
    assert references == set(_lang_strings()), "a LangString unused, or used and not defined"


def test_the_nsis_script_asks_for_the_language_and_the_uninstaller_follows_it() -> None:
    lines = _script_lines()
    defines = _defines()
    languages = [
        match[1]
        for line in lines
        if (match := re.fullmatch(r'!insertmacro MUI_LANGUAGE "(\w+)"', line))
    ]
    assert languages == ["English", "French"]  # English when the system's is neither
    # The language dialog, before the first page; the uninstaller reads the choice back.
    body = "\n".join(lines)
    inside = r"(?:(?!FunctionEnd).*\n)*?"  # lines of the same function
    assert re.search(rf"Function \.onInit\n{inside}!insertmacro MUI_LANGDLL_DISPLAY\n", body)
    assert re.search(rf"Function un\.onInit\n{inside}!insertmacro MUI_UNGETLANGUAGE\n", body)
    assert defines["MUI_LANGDLL_REGISTRY_KEY"] == "${UNINSTALL_KEY}"  # gone with the uninstall
    value = defines["MUI_LANGDLL_REGISTRY_VALUENAME"]
    # Saved by the install section too (MUI saves it on leaving a page; /S shows none).
    assert (
        'WriteRegStr HKCU "${UNINSTALL_KEY}" "${MUI_LANGDLL_REGISTRY_VALUENAME}" "$LANGUAGE"'
        in lines
    )
    assert value == "InstallerLanguage"
    # The dialog asks before any language is chosen: in both.
    assert "Choose" in defines["MUI_LANGDLL_INFO"] and "Choisissez" in defines["MUI_LANGDLL_INFO"]
    # The installer's file properties, in both languages.
    tables = [
        match[1]
        for line in lines
        if (match := re.fullmatch(r'!insertmacro VERSION_KEYS \$\{LANG_(\w+)\} "(.*)"', line))
    ]
    assert tables == ["ENGLISH", "FRENCH"]


def test_the_french_installer_texts_read_as_canadian_french() -> None:
    defines = _defines()
    french = {name: _expand(texts["FRENCH"], defines) for name, texts in _lang_strings().items()}
    assert french["SecDesktopName"] == "Raccourci sur le bureau"
    assert french["FinishRunText"] == "Lancer escadesk"
    assert french["UnSecAppName"] == "Désinstaller escadesk"
    assert french["UnSecDataName"] == "Supprimer aussi mes données escadesk"
    assert french["SecAppDescription"] == (
        "Le programme escadesk et son raccourci dans le menu Démarrer."
    )
    assert french["UnSecDataDescription"].endswith(
        r"dans $LOCALAPPDATA\escadesk. Cette opération est irréversible."
    )
    # Accents as characters (the script is UTF-8), never as NSIS escapes or lost.
    assert all("$\\" not in text and "\ufffd" not in text for text in french.values())


# -- macOS: Info.plist and its translations ----------------------------------------------


def _strings_file(path: Path) -> dict[str, str]:
    """A .strings file (``"key" = "value";`` lines and C comments), as macOS reads it:
    UTF-16 with its byte order mark, or UTF-8. Anything else in it fails."""
    data = path.read_bytes()
    text = data.decode("utf-16") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else data.decode()
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r"^\s*//.*$", "", text, flags=re.M)
    quoted = r'"((?:[^"\\]|\\.)*)"'
    entries: dict[str, str] = {}
    position = 0
    for match in re.finditer(rf"\s*{quoted}\s*=\s*{quoted}\s*;", text):
        assert match.start() == position, (
            f"{path}: unreadable text {text[position : match.start()]!r}"
        )
        position = match.end()
        key, value = (
            part.encode("latin-1", "backslashreplace").decode("unicode_escape")
            if "\\" in part
            else part
            for part in match.groups()
        )
        assert key not in entries, f"{path}: {key} twice"
        entries[key] = value
    assert not text[position:].strip(), f"{path}: unreadable text {text[position:]!r}"
    return entries


def _info_plist() -> dict[str, object]:
    with open(MACOS / "Info.plist", "rb") as handle:
        return plistlib.load(handle)


def test_the_macos_info_plist_declares_english_and_french_locales() -> None:
    info = _info_plist()
    assert info["CFBundleDevelopmentRegion"] == "en"
    assert info["CFBundleLocalizations"] == ["en", "fr"]
    # The system's panels follow the app's language, never a third one.
    assert not info.get("CFBundleAllowMixedLocalizations", False)
    folders = sorted(path.name for path in MACOS.glob("*.lproj") if path.is_dir())
    assert folders == ["en.lproj", "fr.lproj"]


def test_the_locale_strings_files_parse_and_translate_the_shown_plist_keys() -> None:
    info = _info_plist()
    english = _strings_file(MACOS / "en.lproj" / "InfoPlist.strings")
    french = _strings_file(MACOS / "fr.lproj" / "InfoPlist.strings")

    shown = {
        key
        for key in info
        if key in {"CFBundleName", "CFBundleDisplayName", "NSHumanReadableCopyright"}
        or key.endswith("UsageDescription")
    }
    assert len(shown) >= 4, shown
    assert set(english) == set(french) == shown
    assert english == {key: info[key] for key in shown}  # English is the plist's own text
    assert french["CFBundleDisplayName"] == "escadesk"
    assert french["NSHumanReadableCopyright"] == "© Institute for Competitiveness & Prosperity"
    for key in shown:
        if key.endswith("UsageDescription"):
            assert french[key] != english[key], f"{key} is not translated"
            assert french[key].startswith("escadesk "), french[key]
    assert "Téléchargements" in french["NSDownloadsFolderUsageDescription"]


def test_the_macos_bundle_gets_the_locale_folders() -> None:
    entries = rules.macos_localizations(MACOS)
    assert [(dest, kind) for dest, _source, kind in entries] == [
        ("en.lproj/InfoPlist.strings", "DATA"),
        ("fr.lproj/InfoPlist.strings", "DATA"),
    ]
    assert all(Path(source).is_file() for _dest, source, _kind in entries)
    # The spec hands them to BUNDLE (the .app only), not to COLLECT.
    spec = ast.parse((INSTALLER / "escadesk.spec").read_text("utf-8"))
    calls = {
        node.func.id: [ast.unparse(argument) for argument in node.args]
        for node in ast.walk(spec)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }
    wanted = "bundle_rules.macos_localizations(INSTALLER / 'macos')"
    assert wanted in calls["BUNDLE"]
    assert wanted not in calls["COLLECT"]


@pytest.mark.packaging
def test_pyinstaller_puts_the_french_strings_where_macos_looks() -> None:
    """PyInstaller's own relocation (BUNDLE sorts a .app's files into Contents/MacOS,
    Frameworks and Resources), run on this system: macOS finds a localization's
    InfoPlist.strings in Contents/Resources/<language>.lproj."""
    from PyInstaller.building.osx import BUNDLE

    bundle = object.__new__(BUNDLE)  # BUNDLE() itself does nothing off macOS
    toc = [
        ("escadesk", "/build/escadesk", "EXECUTABLE"),
        ("libpython3.11.dylib", "/build/libpython3.11.dylib", "BINARY"),
        *rules.macos_localizations(MACOS),
    ]
    placed = {dest: (source, kind) for dest, source, kind in bundle._process_bundle_toc(toc)}
    for language in ("en", "fr"):
        dest = f"Contents/Resources/{language}.lproj/InfoPlist.strings"
        assert placed[dest] == (str(MACOS / f"{language}.lproj" / "InfoPlist.strings"), "DATA")


# -- the compiled Windows installer ------------------------------------------------------


def _lzma_raw(stream: bytes) -> bytes:
    """NSIS's LZMA: five property bytes, then the raw stream (no size, no end marker)."""
    properties, dictionary = stream[0], struct.unpack_from("<I", stream, 1)[0]
    literal_context, rest = properties % 9, properties // 9
    decoder = lzma.LZMADecompressor(
        format=lzma.FORMAT_RAW,
        filters=[
            {
                "id": lzma.FILTER_LZMA1,
                "dict_size": dictionary,
                "lc": literal_context,
                "lp": rest % 5,
                "pb": rest // 5,
            }
        ],
    )
    return decoder.decompress(stream[5:])


def _nsis_payload(program: bytes) -> bytes:
    """What an NSIS program (``SetCompressor /SOLID lzma``) carries, uncompressed: its
    first header (flags, 0xDEADBEEF, "NullsoftInst", the header's length, the length of
    all that follows, checksum included) then one LZMA stream with the header (every
    text of every language) and the files, the uninstaller among them."""
    start = program.find(b"\xef\xbe\xad\xdeNullsoftInst") - 4
    assert start >= 0, "not an NSIS program"
    total = struct.unpack_from("<I", program, start + 24)[0]
    return _lzma_raw(program[start + 28 : start + total - 4])


@pytest.mark.packaging
def test_the_french_installer_compiles_with_every_text_in_both_languages(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """The release's own makensis command (installer/build.py) over a tiny fake bundle:
    no warning (a LangString missing in a language is one), and the installer and its
    uninstaller carry the French texts, accents intact."""
    if shutil.which("makensis") is None:
        pytest.fail("makensis is needed (Debian: apt-get install nsis)")
    build = load_installer_module("build")
    bundle = tmp_path / "bundle"
    (bundle / "_internal").mkdir(parents=True)
    (bundle / "escadesk.exe").write_bytes(b"MZ not really a program")
    target = tmp_path / f"escadesk-{__version__}-setup.exe"

    build.compile_nsis(bundle, target, None, "escadesk.exe")

    output = capfd.readouterr().out
    assert "warning" not in output.lower(), output
    payload = _nsis_payload(target.read_bytes())
    installer_texts = ["Raccourci sur le bureau", "Lancer escadesk", "Choisissez la langue"]
    installer_texts += ["Le programme escadesk et son raccourci dans le menu Démarrer."]
    installer_texts += ["Desktop shortcut", "Start escadesk"]
    # NSIS's own French pages (MUI's French.nsh) come with them.
    installer_texts += ["Vous êtes sur le point d'installer"]
    for text in installer_texts:
        assert text.encode("utf-16-le") in payload, text
    uninstaller = payload[payload.find(b"\xef\xbe\xad\xdeNullsoftInst") - 4 :]
    assert uninstaller[:4] == b"\x01\x00\x00\x00", "the uninstaller's first header"
    uninstaller_texts = _nsis_payload(uninstaller)
    for text in ["Désinstaller escadesk", "Supprimer aussi mes données escadesk"]:
        assert text.encode("utf-16-le") in uninstaller_texts, text
    assert "Cette opération est irréversible.".encode("utf-16-le") in uninstaller_texts
    assert "Uninstall escadesk".encode("utf-16-le") in uninstaller_texts
