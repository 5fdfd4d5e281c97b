"""Counted words, said once for every message: "1 form", "2 forms", "3 delegate-list
entries" (never "form(s)"). Numbers of four digits and more get thousands separators."""

from __future__ import annotations


def counted(number: int, word: str, plural: str | None = None) -> str:
    """``number`` and ``word`` in agreement; ``plural`` when adding "s" is wrong."""
    return f"{number:,} {word if number == 1 else plural or word + 's'}"


def verb(number: int, one: str, many: str) -> str:
    """The verb that agrees with ``number``: verb(1, "is", "are") == "is"."""
    return one if number == 1 else many
