"""Translators: one per locale, and the one the user interface currently speaks.

English is the source language (the msgids), so an English translator returns them
unchanged: English output stays exactly what the code says. Letters and documents go in
the organization's language, whatever the window's: they take a :class:`Translator` of
their own instead of the module-level functions.
"""

from __future__ import annotations

import gettext
from functools import cache

from escadesk.i18n.catalogue import catalogue_locales, load_translations
from escadesk.i18n.locales import DEFAULT_LOCALE, supported


class Translator:
    """Messages and formats for one locale (``fr_CA``, ``en_CA``, ``fr_FR`` ...)."""

    def __init__(self, locale: str) -> None:
        self.locale = supported(locale)
        self.language = self.locale.partition("_")[0]
        self._translations = _translations_for(self.locale)

    def __repr__(self) -> str:
        return f"Translator({self.locale!r})"

    def gettext(self, message: str) -> str:
        return self._translations.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return self._translations.ngettext(singular, plural, count)

    def pgettext(self, context: str, message: str) -> str:
        """A message whose meaning needs a context (short, ambiguous words: "Open")."""
        return self._translations.pgettext(context, message)

    def npgettext(self, context: str, singular: str, plural: str, count: int) -> str:
        return self._translations.npgettext(context, singular, plural, count)


def _translations_for(locale: str) -> gettext.NullTranslations:
    """The catalogue for the locale, else for its language's catalogue (fr_FR reads
    fr_CA's: one French catalogue), else none (English)."""
    language = locale.partition("_")[0]
    if language == "en":
        return gettext.NullTranslations()
    available = catalogue_locales()
    for candidate in (locale, *(name for name in available if name.startswith(language))):
        if candidate in available:
            return load_translations(candidate)
    return gettext.NullTranslations()


@cache
def translator(locale: str) -> Translator:
    """The (shared) translator of a locale."""
    return Translator(locale)


_current: Translator | None = None


def current() -> Translator:
    """The translator of the user interface's language (the default until set)."""
    global _current
    if _current is None:
        _current = translator(DEFAULT_LOCALE)
    return _current


def current_locale() -> str:
    return current().locale


def reader_locale(locale: str | None = None) -> tuple[str, bool]:
    """The locale a text is written for (the window's when None) and whether its reader
    is English: English keeps the app's historical forms ("3,000.00 CAD", "9:00")."""
    chosen = current_locale() if locale is None else locale
    return chosen, chosen.partition("_")[0] == "en"


def set_locale(locale: str) -> str:
    """Speak ``locale`` from now on (its closest supported form, which is returned).
    Messages already shown keep their language; the window rebuilds its texts itself."""
    global _current
    _current = translator(supported(locale))
    return _current.locale
