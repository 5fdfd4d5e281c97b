"""argparse's own words ("usage:", "options", the errors it writes) in the user's language.

argparse looks its texts up with the gettext module's global functions, bound when it is
imported as ``argparse._`` and ``argparse.ngettext``, in gettext's process-wide default
domain, where escadesk's catalogue is not. The alternatives were worse: making escadesk
that default domain (``gettext.textdomain``) would hand escadesk's catalogue to every
library of the process, and subclasses of the parser and its help formatter would copy
the dozen argparse methods its texts are spread over. So :func:`argparse_speaks` points
those two names at escadesk's translator while escadesk-cli builds its parser and parses,
and puts argparse's own back afterwards; English stays argparse's words exactly (the
msgids are argparse's).

The messages are marked below (``N_``) so extraction keeps them in the catalogue; a test
checks that every text argparse translates is among them, or among the mistakes only a
programmer can make (a parser built wrong), which a user never sees.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator

from escadesk.i18n import N_, _, ngettext

#: What a user of escadesk-cli can read from argparse (Python 3.11 to 3.13).
USER_TEXTS = (
    # Translators: argparse's help: the first line ("usage: escadesk-cli [-h] ..."); keep
    # the space at the end.
    N_("usage: "),
    # Translators: argparse's help: the heading of the arguments given without a dash.
    N_("positional arguments"),
    # Translators: argparse's help: the heading of the options (--data-dir ...).
    N_("options"),
    N_("subcommands"),
    N_("show this help message and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
    N_("unrecognized arguments: %s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("%(prog)s: error: %(message)s\n"),
)

#: argparse's plural text, as (singular, plural).
USER_PLURAL = ("expected %s argument", "expected %s arguments")


def _plural_mark() -> str:
    """Never called: marks the plural for extraction (only an ngettext call is found)."""
    return ngettext("expected %s argument", "expected %s arguments", 2)


@contextlib.contextmanager
def argparse_speaks() -> Iterator[None]:
    """argparse's texts in escadesk's current language for the ``with`` block."""
    module = argparse.__dict__
    saved: dict[str, object] = {name: module[name] for name in ("_", "ngettext") if name in module}
    module["_"] = _translated
    module["ngettext"] = ngettext
    try:
        yield
    finally:
        module.update(saved)


def _translated(message: str | None) -> str | None:
    """argparse passes None too (a subparsers group without a description)."""
    return None if message is None else _(message)
