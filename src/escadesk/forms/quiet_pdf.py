"""Keep pypdf silent: a filled card form holds a card number, and nothing pypdf says while
reading one may reach a log handler, a warning or the console.

pypdf reports the repairs it makes to odd files through the ``pypdf.*`` loggers (naming
objects and, in principle, their contents) and its deprecations through ``warnings``.
escadesk uses pypdf for nothing but reading forms, and none of those messages would help
the director, so the silence is permanent and re-asserted before every read: a logging
configuration applied since (``dictConfig`` re-enabling loggers, a level set on a child
logger) cannot make pypdf loud again. Warnings are suppressed around the read only, since
their filters are process-wide state that the caller (or a test runner) owns.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

_ROOT = "pypdf"
_SILENT = logging.CRITICAL + 1


def silence_pypdf_logging() -> None:
    """No record of ``pypdf`` or any of its child loggers is created or passed on."""
    parent = logging.getLogger(_ROOT)
    parent.setLevel(_SILENT)
    parent.propagate = False
    parent.disabled = True
    if not any(isinstance(handler, logging.NullHandler) for handler in parent.handlers):
        parent.addHandler(logging.NullHandler())
    for name in list(logging.root.manager.loggerDict):
        if name.startswith(f"{_ROOT}."):
            child = logging.getLogger(name)
            child.setLevel(_SILENT)
            child.propagate = False
            child.disabled = True


@contextmanager
def quiet_pdf() -> Iterator[None]:
    """Around a read: pypdf's loggers silenced, every warning raised inside suppressed."""
    silence_pypdf_logging()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield
