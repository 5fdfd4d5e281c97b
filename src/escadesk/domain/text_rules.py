"""The characters no name or free-text field may hold: one rule for every field.

Refused in every field:

* Control characters (Unicode category Cc: C0 U+0000-U+001F, DEL U+007F, C1
  U+0080-U+009F). They are invisible yet act: NUL is refused by PostgreSQL (a raw driver
  error), ``ESC[31m`` recolours or hides what follows in a terminal (the CLI prints
  names), CR overwrites a line, and none of them belongs in a letter, an export or the
  audit log. Tab and line feed are the exception, in fields that take several lines.
* Bidirectional embedding, override and isolate controls (U+202A-U+202E, U+2066-U+2069):
  they reorder how the rest of the text is displayed, so what is shown is not what is
  stored ("Trojan Source", CVE-2021-42574). Arabic and Hebrew need none of them: the
  Unicode bidi algorithm lays out right-to-left text from its letters alone.
* Lone surrogates (U+D800-U+DFFF): not characters at all; no database or file encoding
  can store them.

Refused in one-line fields only: tab, line feed and the line and paragraph separators
U+2028/U+2029 (they break a line as a newline does).

Not judged: spaces, tabs, line feeds and carriage returns before and after the text (a
cell copied from a spreadsheet ends with one). Every field trims them before it is stored,
and the caller must keep doing so: what is checked is what is stored.

Accepted on purpose: the left-to-right, right-to-left and Arabic letter marks (LRM U+200E,
RLM U+200F, ALM U+061C). They are invisible strong letters, not overrides: they cannot
reverse text already there, Hebrew and Arabic keyboards type them, and names copied from
right-to-left documents carry them. Zero-width joiners and non-joiners (needed by Persian,
Indic scripts and emoji sequences) and the soft hyphen are accepted too.
"""

from __future__ import annotations

import re
import unicodedata

from escadesk.domain.validation import FieldProblem
from escadesk.i18n import _, ngettext

#: The bidi embedding, override and isolate controls (never the LRM/RLM/ALM marks).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: What a field of several lines may contain that a one-line field may not.
LINE_BREAKS = frozenset("\t\n\u2028\u2029")
#: Trimmed off both ends by every field before storing, so never judged there.
OUTER_WHITESPACE = " \t\n\r"

_REFUSED_ANYWHERE = "\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_MULTILINE = re.compile(f"[{_REFUSED_ANYWHERE}]")
_ONE_LINE = re.compile(f"[{_REFUSED_ANYWHERE}\t\n\u2028\u2029]")

#: The usual abbreviations of the C0 and C1 controls (Unicode gives them no names).
# fmt: off
_C0 = (
    "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL",
    "BS", "HT", "LF", "VT", "FF", "CR", "SO", "SI",
    "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB",
    "CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US",
)
_C1 = (
    "PAD", "HOP", "BPH", "NBH", "IND", "NEL", "SSA", "ESA",
    "HTS", "HTJ", "VTS", "PLD", "PLU", "RI", "SS2", "SS3",
    "DCS", "PU1", "PU2", "STS", "CCH", "MW", "SPA", "EPA",
    "SOS", "SGCI", "SCI", "CSI", "ST", "OSC", "PM", "APC",
)
# fmt: on
_CONTROL_NAMES = {
    **{chr(code): name for code, name in enumerate(_C0)},
    "\x7f": "DEL",
    **{chr(0x80 + code): name for code, name in enumerate(_C1)},
}


def refused_positions(value: str, multiline: bool = False) -> list[int]:
    """Where (0-based, in ``value`` as given) it holds a character this rule refuses,
    outer whitespace aside; empty when the text may be stored (once trimmed)."""
    pattern = _MULTILINE if multiline else _ONE_LINE
    start = len(value) - len(value.lstrip(OUTER_WHITESPACE))
    end = len(value.rstrip(OUTER_WHITESPACE))
    return [match.start() for match in pattern.finditer(value, start, max(start, end))]


def is_clean_text(value: str, multiline: bool = False) -> bool:
    return not refused_positions(value, multiline)


def problem_in_text(
    field: str, value: str, multiline: bool = False, *, label: str | None = None
) -> FieldProblem | None:
    """The problem with ``value`` as the text of ``field`` (None when it may be stored).

    ``multiline``: the field takes several lines (a reason, an address), so tab and line
    feed are allowed. ``label`` names the field for the user (default: from ``field``).
    Outer spaces, tabs and line breaks are not judged: the caller stores the text trimmed.
    The message names the first refused character and its position (counted from 1),
    never quotes the text around it (which would carry the character along).
    """
    positions = refused_positions(value, multiline)
    if not positions:
        return None
    label = label or field.replace("_", " ").capitalize()
    first = positions[0]
    others = len(positions) - 1
    character = value[first]
    sentence = _sentence(character, others)
    message = sentence.format(
        label=label,
        position=first + 1,
        others=others,
        code=f"U+{ord(character):04X}",
        name=unicodedata.name(character, "").lower(),
        control=_CONTROL_NAMES.get(character, ""),
    )
    return FieldProblem(field, message)


def _sentence(character: str, others: int) -> str:
    """The whole sentence for a refused character (its placeholders: label, position,
    others, code, name, control), one per kind and per count of the others."""
    if character == "\t":
        if not others:
            return _("{label} contains a tab at position {position}; use a space instead.")
        return ngettext(
            "{label} contains a tab at position {position}, and {others} more after it; "
            "use a space instead.",
            "{label} contains a tab at position {position}, and {others} more after it; "
            "use a space instead.",
            others,
        )
    if character in LINE_BREAKS:
        if not others:
            return _(
                "{label} must be on one line: it contains a line break at position "
                "{position}; type the text again on one line."
            )
        return ngettext(
            "{label} must be on one line: it contains a line break at position {position}, "
            "and {others} more after it; type the text again on one line.",
            "{label} must be on one line: it contains a line break at position {position}, "
            "and {others} more after it; type the text again on one line.",
            others,
        )
    if character in BIDI_CONTROLS:
        if not others:
            return _(
                "{label} contains a hidden text-direction control ({name}, {code}) at "
                "position {position}, which can make the text display in a misleading "
                "order; type the text again without it."
            )
        return ngettext(
            "{label} contains a hidden text-direction control ({name}, {code}) at position "
            "{position}, and {others} more after it, which can make the text display in a "
            "misleading order; type the text again without them.",
            "{label} contains a hidden text-direction control ({name}, {code}) at position "
            "{position}, and {others} more after it, which can make the text display in a "
            "misleading order; type the text again without them.",
            others,
        )
    if character in _CONTROL_NAMES:
        if not others:
            return _(
                "{label} contains an invisible control character ({control}, {code}) at "
                "position {position}; type the text again without it."
            )
        return ngettext(
            "{label} contains an invisible control character ({control}, {code}) at "
            "position {position}, and {others} more after it; type the text again "
            "without them.",
            "{label} contains an invisible control character ({control}, {code}) at "
            "position {position}, and {others} more after it; type the text again "
            "without them.",
            others,
        )
    if not others:  # a lone surrogate
        return _(
            "{label} contains a broken character (half of a surrogate pair, {code}) at "
            "position {position}; type the text again without it."
        )
    return ngettext(
        "{label} contains a broken character (half of a surrogate pair, {code}) at "
        "position {position}, and {others} more after it; type the text again without them.",
        "{label} contains a broken character (half of a surrogate pair, {code}) at "
        "position {position}, and {others} more after it; type the text again without them.",
        others,
    )
