"""Find the expected columns among a file's headers, however the user spelled them.

Headers match a :class:`ColumnSpec` when they are equal after ignoring case, accents,
whitespace and punctuation, to its canonical name, its label, its French label or one of
its synonyms: "E-mail", "email address" and "Courriel" can all be the ``email`` column.

Each column has its English and its French header in one place, its spec (the header a
file must spell is part of the file's contract, so it is written there, not taken from
the message catalogue): a file headed in either language imports, and a missing column
is named in the window's language (the French window also gives the English header).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from escadesk.i18n import _, current_locale, ngettext, pgettext
from escadesk.importing.wording import chained, quote, quoted_list


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    """A column the importer understands."""

    canonical: str
    """Name used in code (``"email"``)."""
    label: str
    """Name shown to the user (``"E-mail"``)."""
    synonyms: tuple[str, ...] = ()
    """Other header spellings that mean this column (in either language)."""
    required: bool = False
    french: str = ""
    """The column's French header (``"Courriel"``); empty: the same word as ``label``."""

    def header_keys(self) -> frozenset[str]:
        """Every normalized header this column answers to."""
        spellings = (self.canonical, self.label, self.french, *self.synonyms)
        return frozenset(key for key in map(header_key, spellings) if key)

    def header_in(self, locale: str) -> str:
        """The header a file in ``locale``'s language names this column by."""
        return self.french or self.label if _language(locale) == "fr" else self.label

    def shown(self) -> str:
        """The column quoted for a message in the window's language: 'E-mail' in English,
        « Courriel » (ou « E-mail ») in French, so that a French user with an English
        file knows its header too."""
        own = self.header_in(current_locale())
        if own == self.label:
            return quote(own)
        # Translators: a column named in your language, then as an English file names it:
        # « Courriel » (ou « E-mail »).
        return _("{header} (or {english})").format(header=quote(own), english=quote(self.label))


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """Where each known column is in the file, and what is wrong with the headers."""

    headers: tuple[str, ...]
    """The file's headers, as found."""
    indexes: Mapping[str, int]
    """Canonical name -> 0-based position in ``headers``, for the columns found."""
    missing: tuple[ColumnSpec, ...] = ()
    """Required columns with no matching header."""
    ambiguous: tuple[tuple[ColumnSpec, tuple[str, ...]], ...] = ()
    """Columns matched by more than one header, with those headers."""
    ignored: tuple[str, ...] = ()
    """Headers that match no known column (they are simply not imported)."""

    @property
    def ok(self) -> bool:
        return not self.missing and not self.ambiguous

    def index(self, canonical: str) -> int | None:
        """Position of the column ``canonical`` in the file, or None when absent."""
        return self.indexes.get(canonical)

    def header(self, canonical: str) -> str | None:
        """The header text the file uses for ``canonical`` (for messages)."""
        index = self.indexes.get(canonical)
        return None if index is None else self.headers[index]

    def problems(self) -> tuple[str, ...]:
        """One message per problem, for the user; empty when :attr:`ok`."""
        # The labels are headers as a file must spell them (the window's language first,
        # see ColumnSpec.shown): a header to type, never a word of the catalogue.
        messages = []
        if self.missing:
            sentence = ngettext(
                "The required column is missing: {labels}. Columns found: {found}.",
                "The required columns are missing: {labels}. Columns found: {found}.",
                len(self.missing),
            )
            found = quoted_list(self.headers) or pgettext("no columns found", "none")
            labels = ", ".join(spec.shown() for spec in self.missing)
            messages.append(sentence.format(labels=labels, found=found))
        for spec, headers in self.ambiguous:
            sentence = _(
                "Columns {names} all look like the {label} column; "
                "keep only one of them (or rename the others)."
            )
            names = chained([quote(header) for header in headers])
            messages.append(sentence.format(names=names, label=spec.shown()))
        return tuple(messages)


def _language(locale: str) -> str:
    return locale.replace("-", "_").partition("_")[0].lower()


def header_key(text: str) -> str:
    """Comparison form of a header: no case, accents, whitespace or punctuation."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if ch.isalnum()).casefold()


def map_columns(headers: Sequence[str], specs: Sequence[ColumnSpec]) -> ColumnMapping:
    """Match ``headers`` (in file order) to ``specs``.

    Never raises for a bad file: problems are reported on the returned mapping (see
    :meth:`ColumnMapping.problems`). Raises ``ValueError`` only when two specs claim the
    same header spelling, which is a programming error.
    """
    owner: dict[str, ColumnSpec] = {}
    for spec in specs:
        for key in spec.header_keys():
            other = owner.setdefault(key, spec)
            if other is not spec:
                raise ValueError(
                    f"Header spelling {key!r} belongs to both {other.canonical!r} "
                    f"and {spec.canonical!r}"
                )

    matches: dict[str, list[int]] = {}
    ignored: list[str] = []
    for index, header in enumerate(headers):
        matched = owner.get(header_key(header))
        if matched is None:
            ignored.append(header)
        else:
            matches.setdefault(matched.canonical, []).append(index)

    indexes = {canonical: found[0] for canonical, found in matches.items()}
    missing = tuple(spec for spec in specs if spec.required and spec.canonical not in matches)
    ambiguous = tuple(
        (spec, tuple(headers[i] for i in matches[spec.canonical]))
        for spec in specs
        if len(matches.get(spec.canonical, ())) > 1
    )
    return ColumnMapping(
        headers=tuple(headers),
        indexes=MappingProxyType(indexes),
        missing=missing,
        ambiguous=ambiguous,
        ignored=tuple(ignored),
    )
