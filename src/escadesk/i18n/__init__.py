"""English and French: one mechanism, gettext catalogues managed with Babel.

Every layer, the widgets included, translates through this package; Qt's own strings
(standard buttons, file dialogs, context menus) come from the ``qtbase_fr`` translations
PySide6 ships, loaded by the window through a QTranslator.

- ``_("Text")`` translates now, in the user interface's language; ``N_("Text")`` only
  marks a module-level constant for extraction (translate it with ``_()`` where shown);
  ``ngettext`` for counts; ``pgettext(context, text)`` for short ambiguous words.
  Whole sentences with named placeholders, ``_("{name} has paid.").format(name=...)``:
  never a sentence assembled from fragments (word order differs in French).
- ``Translator(locale)``: an explicit language, for letters and documents that go in the
  organization's language, not the window's.
- ``current_locale()`` / ``set_locale()``; ``locales.resolve()`` picks the locale (the
  View > Language choice, else the system's); ``locales.read_choice``/``write_choice``.
- ``format_money``, ``format_decimal``, ``format_date``, ``format_weekday_date``,
  ``format_time``, ``format_datetime``: Babel (CLDR), imported on first use, never
  before the first paint.
- ``territory_name(code, locale)`` / ``territory_spellings(language)``: countries by ISO
  code in a language (CLDR through Babel, on first use); ``domain/countries.py`` keeps
  the English names and maps them.
- ``parse_amount(text, field)``: an amount typed in the locale's form ("1 500,50") or the
  plain "1500.50", as a Decimal; ``amount_input_text`` writes one back into a field.

The catalogue: ``resources/locale/fr_CA/LC_MESSAGES/escadesk.po`` (the translated source,
in git). No ``.pot`` and no ``.mo`` in git: the bundle's ``.mo`` is compiled at build time,
and a checkout's ``.po`` is compiled by Babel once into the user cache (``catalogue``),
then loaded by stdlib ``gettext``. ``scripts/check_catalogue.py`` extracts with
Babel and checks the catalogue is complete (CI), ``--update`` merges new messages in.

Imports nothing of Qt or SQL and nothing of the project but ``resource_files``, so the
domain may use it (the domain's contract allows exactly this package).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from escadesk.i18n.translator import (
    Translator,
    current,
    current_locale,
    reader_locale,
    set_locale,
)

if TYPE_CHECKING:
    from escadesk.i18n.amounts import amount_input_text, parse_amount, parse_number
    from escadesk.i18n.formatting import (
        format_date,
        format_datetime,
        format_decimal,
        format_money,
        format_time,
        format_weekday_date,
    )
    from escadesk.i18n.territories import territory_name, territory_spellings

#: Imported on first use: amounts and dates need ``decimal`` and ``datetime`` (two C
#: libraries, ~3 ms), which the window's first paint does not (issue 17).
_LATER = {
    "amount_input_text": "amounts",
    "parse_amount": "amounts",
    "parse_number": "amounts",
    "format_date": "formatting",
    "format_datetime": "formatting",
    "format_decimal": "formatting",
    "format_money": "formatting",
    "format_time": "formatting",
    "format_weekday_date": "formatting",
    "territory_name": "territories",
    "territory_spellings": "territories",
}

__all__ = [
    "N_",
    "Translator",
    "_",
    "amount_input_text",
    "current_locale",
    "format_date",
    "format_datetime",
    "format_decimal",
    "format_money",
    "format_time",
    "format_weekday_date",
    "ngettext",
    "npgettext",
    "parse_amount",
    "parse_number",
    "pgettext",
    "reader_locale",
    "set_locale",
    "territory_name",
    "territory_spellings",
]


def _(message: str) -> str:
    """``message`` in the user interface's language."""
    return current().gettext(message)


def N_(message: str) -> str:
    """Marks ``message`` for extraction; translated later, where it is shown."""
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    return current().ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    return current().pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, count: int) -> str:
    return current().npgettext(context, singular, plural, count)


if not TYPE_CHECKING:  # the type checker reads the imports above

    def __getattr__(name: str) -> object:
        module = _LATER.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        from importlib import import_module

        value = getattr(import_module(f"escadesk.i18n.{module}"), name)
        globals()[name] = value
        return value
