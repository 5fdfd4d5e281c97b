"""The names proposed for the files escadesk writes, said once for every export.

A proposed name reads like the director would name the file: the workshop's title (never
its internal code), the date and what the file is, "ESCA Cluster Benchmarking Workshop
(TCI 2018) 2018-10-04 roster.xlsx", with the organization last where the file is about
one. Every name is safe on Windows, macOS and Linux: characters those systems refuse are
replaced by look-alikes, reserved device names are avoided and the length is trimmed
(the title gives way first, so the date and the kind of file always stay). Accents are
kept.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

#: Longest stem proposed: room for the folder's path within Windows' 260 characters.
MAX_STEM = 120
ELLIPSIS = "…"
FALLBACK = "file"
#: A shortened title keeps at least this many characters.
MIN_TITLE = 24

# What Windows (and, for ":" and "/", macOS) refuses, with a look-alike that reads well.
_LOOK_ALIKES = str.maketrans(
    {
        "/": "-",
        "\\": "-",
        "|": "-",
        ":": " - ",
        '"': "'",
        "<": "(",
        ">": ")",
        "?": "",
        "*": "",
    }
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL"}
    | {f"COM{n}" for n in range(1, 10)}
    | {f"LPT{n}" for n in range(1, 10)}
)


def safe_stem(text: str, limit: int = MAX_STEM) -> str:
    """``text`` as a file name without extension that every system accepts: no reserved
    character or device name, no leading or trailing dot or space, at most ``limit``
    characters (cut at a word where one is near)."""
    stem = _CONTROL.sub(" ", unicodedata.normalize("NFC", text)).translate(_LOOK_ALIKES)
    stem = " ".join(stem.split())
    if len(stem) > limit:
        stem = _shortened(stem, limit)
    stem = stem.strip(" .")
    if not stem:
        return FALLBACK
    if stem.split(".")[0].strip().upper() in _WINDOWS_RESERVED:
        stem = f"_{stem}"
    return stem


def file_stem(title: str, day: date | None, kind: str, about: str | None = None) -> str:
    """'<title> <YYYY-MM-DD> <kind>', then ' - <about>' for a file about one organization.

    ``title`` is the workshop's title (or, for a file about an organization across
    workshops, the organization's name); ``day`` the event's date (or the day of the
    export). Where the whole is too long the title is shortened first, then ``about``.
    """
    fixed = " ".join(part for part in (day.isoformat() if day else "", kind.strip()) if part)
    clean_about = safe_stem(about) if about and about.strip() else ""
    clean_title = safe_stem(title) if title.strip() else ""

    def length() -> int:
        return len(clean_title) + 1 + len(fixed) + (len(clean_about) + 3 if clean_about else 0)

    if length() > MAX_STEM:  # the title gives way first, down to a recognizable start
        clean_title = safe_stem(clean_title, max(MIN_TITLE, len(clean_title) - length() + MAX_STEM))
    if length() > MAX_STEM and clean_about:  # then the organization
        clean_about = safe_stem(clean_about, len(clean_about) - length() + MAX_STEM)
    stem = " ".join(part for part in (clean_title, fixed) if part)
    return safe_stem(f"{stem} - {clean_about}" if clean_about else stem)


def pattern_stem(pattern: str, title: str, day: date | None, about: str | None = None) -> str:
    """A stem from a whole (translated) ``pattern`` naming ``{title}``, ``{date}`` and,
    for a file about one organization, ``{organization}``: "{title} {date} confirmation -
    {organization}" / "{title} {date} confirmation - {organization}" in French. The same
    rules as :func:`file_stem` (safe on every system, the title gives way first, then the
    organization); the date stays ISO (it sorts, in either language)."""
    clean_title = safe_stem(title) if title.strip() else ""
    clean_about = safe_stem(about) if about and about.strip() else ""
    iso = day.isoformat() if day else ""

    def render() -> str:
        text = pattern.format(title=clean_title, date=iso, organization=clean_about)
        return " ".join(text.split())

    if len(render()) > MAX_STEM:  # the title gives way first, down to a recognizable start
        excess = len(render()) - MAX_STEM
        clean_title = safe_stem(clean_title, max(MIN_TITLE, len(clean_title) - excess))
    if len(render()) > MAX_STEM and clean_about:  # then the organization
        clean_about = safe_stem(clean_about, len(clean_about) - len(render()) + MAX_STEM)
    return safe_stem(render())


def file_name(
    title: str, day: date | None, kind: str, suffix: str, about: str | None = None
) -> str:
    """:func:`file_stem` with its extension (``suffix`` with or without the dot)."""
    return f"{file_stem(title, day, kind, about)}.{suffix.lstrip('.')}"


def unique_name(name: str, used: set[str]) -> str:
    """``name``, or 'name (2).xlsx' when a file of a batch already took it (two
    organizations with the same name); file systems that ignore case count as one, so
    ``used`` holds case-folded names and gets the one returned."""
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    candidate, number = name, 1
    while candidate.casefold() in used:
        number += 1
        candidate = f"{stem} ({number}){dot}{suffix}"
    used.add(candidate.casefold())
    return candidate


def _shortened(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, ellipsis included, at a space if one is in
    the last third."""
    cut = text[: limit - len(ELLIPSIS)]
    space = cut.rfind(" ")
    if space > len(cut) * 2 // 3:
        cut = cut[:space]
    return cut.rstrip(" .-") + ELLIPSIS
