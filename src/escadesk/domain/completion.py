"""What a half-typed value completes to when the director leaves the field (Tab).

A field that offers a list (countries, technology areas, time zones) treats Tab as
"take the suggestion": "Cana" then Tab is Canada, not an error about "Cana". The order
is the one a reader expects from the list shown while typing: the whole value, then a
value that starts with the text, then one with a word that starts with it, then one
that merely contains it; within each, the list's own order.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable


def folded(text: str) -> str:
    """Case, accents and repeated spaces ignored: "  åland " and "Aland" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.casefold().split())


def _words(text: str) -> list[str]:
    return "".join(ch if ch.isalnum() else " " for ch in text).split()


def best_completion(text: str, choices: Iterable[str]) -> str | None:
    """The choice ``text`` most plausibly abbreviates, or None when nothing matches."""
    wanted = folded(text)
    if not wanted:
        return None
    starts: str | None = None
    word_starts: str | None = None
    contains: str | None = None
    for choice in choices:
        candidate = folded(choice)
        if candidate == wanted:
            return choice
        if starts is None and candidate.startswith(wanted):
            starts = choice
        elif word_starts is None and any(w.startswith(wanted) for w in _words(candidate)):
            word_starts = choice
        elif contains is None and wanted in candidate:
            contains = choice
    return starts or word_starts or contains
