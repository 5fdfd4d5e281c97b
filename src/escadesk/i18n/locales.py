"""Which language: the user's choice if any, else the system's; English by default.

The window passes ``QLocale.system().name()``; the command line reads the environment
(LANGUAGE, LC_ALL, LC_MESSAGES, LANG, gettext's order). The choice (View > Language) is a
one-line file ``language`` in the data folder, so the window and the CLI share it and it
is read before any Qt object exists.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

#: The locale the app speaks when nothing says otherwise (the institute is in Ontario).
DEFAULT_LOCALE = "en_CA"

#: The languages the app ships (a catalogue for each one but English).
SUPPORTED_LANGUAGES = ("en", "fr")

#: Region per language when a locale names none (``fr`` alone is Canadian French here).
DEFAULT_REGION = {"en": "CA", "fr": "CA"}

#: The choice file in the data folder: a locale name such as ``fr_CA``, or absent.
CHOICE_FILE = "language"


def normalize(name: str | None) -> str | None:
    """``fr-CA``, ``fr_CA.UTF-8``, ``fr_CA@euro``, ``FR`` -> ``fr_CA``/``fr``; None for an
    empty name, ``C`` or ``POSIX``."""
    if not name:
        return None
    base = name.strip().split(".")[0].split("@")[0].replace("-", "_")
    if not base or base in ("C", "POSIX"):
        return None
    language, _, region = base.partition("_")
    if not language.isalpha():
        return None
    return f"{language.lower()}_{region.upper()}" if region else language.lower()


def supported(name: str | None) -> str:
    """The supported locale closest to ``name``: same language and region if the language
    is supported (``fr_FR`` stays ``fr_FR``: Babel formats for France), the default region
    for a bare language, else the default locale."""
    locale = normalize(name)
    if locale is None:
        return DEFAULT_LOCALE
    language, _, region = locale.partition("_")
    if language not in SUPPORTED_LANGUAGES:
        return DEFAULT_LOCALE
    return f"{language}_{region or DEFAULT_REGION[language]}"


def environment_locale(environ: Mapping[str, str] | None = None) -> str | None:
    """The locale the environment asks for (LANGUAGE's first entry counts), or None."""
    environ = os.environ if environ is None else environ
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable, "")
        first = value.split(":")[0]
        if normalize(first) is not None:
            return normalize(first)
    return None


def read_choice(data_dir: Path) -> str | None:
    """The language chosen in View > Language for this data folder, or None (follow the
    system). An unreadable or unknown choice counts as none."""
    try:
        text = (data_dir / CHOICE_FILE).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    locale = normalize(text)
    if locale is None or locale.partition("_")[0] not in SUPPORTED_LANGUAGES:
        return None
    return supported(locale)


def write_choice(data_dir: Path, locale: str | None) -> None:
    """Remember ``locale`` (None: follow the system again). Written whole then renamed, so
    a crash leaves the old choice or the new one."""
    path = data_dir / CHOICE_FILE
    if locale is None:
        path.unlink(missing_ok=True)
        return
    chosen = normalize(locale)
    if chosen is None or chosen.partition("_")[0] not in SUPPORTED_LANGUAGES:
        raise ValueError(f"escadesk does not speak {locale!r} (English or French only).")
    temporary = path.with_name(f".{CHOICE_FILE}.tmp")
    temporary.write_text(supported(chosen) + "\n", encoding="utf-8")
    os.replace(temporary, path)


def resolve(
    data_dir: Path | None = None,
    system: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> str:
    """The locale to run in: the remembered choice, else ``system`` (the window's
    QLocale.system().name()), else the environment's, else the default."""
    if data_dir is not None:
        chosen = read_choice(data_dir)
        if chosen is not None:
            return chosen
    return supported(normalize(system) or environment_locale(environ))
