"""The file's own words quoted in a message, and lists of them, in the user's language.

Why: English quotes a header as 'E-mail' and French as « Courriel » (no-break spaces
inside), and a list reads "'a' and 'b'" in one and « a » et « b » in the other: the
quotes and the "and" belong to the translated text, never glued on in code.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import reduce

from escadesk.i18n import _, pgettext


def quote(text: object) -> str:
    """``text`` between the user's language's quotes: 'text' / « text »."""
    # Translators: a text quoted in a message: 'abc' is not a number.
    return pgettext("quoted", "'{text}'").format(text=text)


def quoted_list(items: Sequence[object]) -> str:
    """'a', 'b', 'c' (no "and": a list of what was found)."""
    return ", ".join(quote(item) for item in items)  # the same comma in both languages


def and_list(items: Sequence[str]) -> str:
    """ "a, b and c" of texts already quoted (one item: itself)."""
    if len(items) < 2:
        return "".join(items)
    head = ", ".join(items[:-1])
    return _("{first} and {last}").format(first=head, last=items[-1])


def chained(items: Sequence[str]) -> str:
    """ "a and b and c": every pair joined by "and" (the ambiguous-columns message)."""
    return reduce(lambda first, last: _("{first} and {last}").format(first=first, last=last), items)
