"""Where the compiled French catalogue comes from: the bundle's ``.mo``, else the ``.po``
compiled once by Babel into the user's cache.

A frozen app carries ``escadesk.mo`` beside ``escadesk.po`` (compiled at build time by
installer/escadesk.spec). A checkout has only the ``.po`` (no generated file in git): the
first start that needs it compiles it with Babel (``read_po`` + ``write_mo``) into the
user cache folder, under a name made of the ``.po``'s SHA-256, and every later start loads
that ``.mo`` with stdlib ``gettext`` (Babel costs about 80 ms of imports: not before the
first paint). A changed ``.po`` has another digest, so it is compiled again (the stale
files of that locale are removed). A cache that cannot be written (read-only, full disk)
costs only the compilation: it is then done in memory, every start.
"""

from __future__ import annotations

import contextlib
import gettext
import io
import os
import struct
from functools import cache
from pathlib import Path

from escadesk.resource_files import resources_dir

DOMAIN = "escadesk"

#: Overrides the cache folder (tests; a portable install on a read-only medium).
CACHE_ENV = "ESCADESK_CATALOGUE_CACHE"


def locale_dir() -> Path:
    """resources/locale: one folder per catalogue locale (fr_CA/LC_MESSAGES/escadesk.po)."""
    return resources_dir() / "locale"


def catalogue_locales() -> tuple[str, ...]:
    """The locales a catalogue exists for, e.g. ('fr_CA',)."""
    folder = locale_dir()
    if not folder.is_dir():
        return ()
    return tuple(
        sorted(
            path.name
            for path in folder.iterdir()
            if (path / "LC_MESSAGES" / f"{DOMAIN}.po").is_file()
            or (path / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file()
        )
    )


def po_path(catalogue_locale: str) -> Path:
    return locale_dir() / catalogue_locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def cache_dir() -> Path:
    """Where a checkout's compiled catalogues live: ESCADESK_CATALOGUE_CACHE, else the
    user cache folder (~/.cache/escadesk/locale, %LOCALAPPDATA%\\escadesk\\Cache\\locale)."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen:
        return Path(chosen)
    from platformdirs import user_cache_path

    return user_cache_path("escadesk", appauthor=False) / "locale"


def cached_mo_path(catalogue_locale: str, po_bytes: bytes) -> Path:
    """The cache file of this exact ``.po`` text: ``fr_CA-<sha256>.mo``."""
    import hashlib  # here: it loads OpenSSL's library, only a checkout in French needs it

    digest = hashlib.sha256(po_bytes).hexdigest()
    return cache_dir() / f"{catalogue_locale}-{digest}.mo"


@cache
def load_translations(catalogue_locale: str) -> gettext.NullTranslations:
    """The translations of one catalogue locale: the bundle's ``.mo``, else the ``.po``
    compiled (or its cached compilation); English (the msgids) when there is neither."""
    po = po_path(catalogue_locale)
    mo = po.with_suffix(".mo")
    if mo.is_file():
        with mo.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    try:
        source = po.read_bytes()
    except OSError:
        return gettext.NullTranslations()
    cached = cached_mo_path(catalogue_locale, source)
    loaded = _read_mo(cached)
    if loaded is not None:
        return loaded
    compiled = compile_po(source, catalogue_locale)
    _store(cached, compiled)
    return gettext.GNUTranslations(io.BytesIO(compiled))


def compile_po(source: bytes, catalogue_locale: str) -> bytes:
    """The ``.mo`` bytes of a ``.po`` text, by Babel: no fuzzy and no empty translation
    (gettext then falls back to the English msgid, never to an unchecked guess)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalogue = read_po(io.BytesIO(source), locale=catalogue_locale, domain=DOMAIN)
    output = io.BytesIO()
    write_mo(output, catalogue, use_fuzzy=False)
    return output.getvalue()


def _read_mo(path: Path) -> gettext.GNUTranslations | None:
    """The cached catalogue, or None when absent or unreadable (then compiled again)."""
    try:
        with path.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    except (OSError, struct.error, UnicodeDecodeError, ValueError):
        return None


def _store(path: Path, compiled: bytes) -> None:
    """Write the compiled catalogue whole then rename it (a crash or a second escadesk
    starting at the same moment leaves no half file), and drop this locale's stale ones.
    A cache that cannot be written is no error: the catalogue stays in memory."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(compiled)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        return
    locale = path.name.partition("-")[0]
    for stale in path.parent.glob(f"{locale}-*.mo"):
        if stale != path:
            with contextlib.suppress(OSError):
                stale.unlink()
