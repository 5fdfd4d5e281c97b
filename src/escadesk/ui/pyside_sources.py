"""Keep PySide's import hook from holding the source of every module in memory.

Why (issue 17): PySide replaces ``__import__`` to support ``from __feature__ import
snake_case``. The first time a module imports anything once PySide is loaded, the hook
asks whether the module's source names "PySide6", with ``inspect.getsource``; that reads
the whole file through ``linecache``, which keeps it for the life of the process. With the
database layer loaded that is about 600 files: ~18 MiB of source lines resident at the
demo desk (a third of what the desk adds to a bare window), and a few milliseconds per
module on the way to the first paint.

``keep_sources_out_of_memory`` gives the hook the same answer from one read of the file,
kept nowhere. A module without a ``.py`` file (a frozen bundle, an extension) still gets
PySide's own check, which cannot read such source either. If a PySide release renames
its check, nothing is replaced (tests/ui/test_pyside_sources.py notices).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from types import ModuleType

#: The name of the check in PySide6.support.feature (PySide 6.5 to 6.11 at least).
CHECK = "_mod_uses_pyside"
MARKER = b"PySide6"


def keep_sources_out_of_memory() -> bool:
    """Replace PySide's check once; True if it is (now) replaced."""
    try:
        feature = import_module("PySide6.support.feature")  # no type stubs
    except ImportError:  # Qt unusable here: escadesk.qt_libraries explains that, not us
        return False
    original = getattr(feature, CHECK, None)
    if not callable(original):
        return False
    if getattr(original, "__module__", None) == __name__:
        return True
    setattr(feature, CHECK, _uses_pyside(original))
    return True


def _uses_pyside(original: Callable[[ModuleType], bool]) -> Callable[[ModuleType], bool]:
    def uses_pyside(module: ModuleType) -> bool:
        """Whether the module's source names PySide6, as PySide's own check answers."""
        path = getattr(module, "__file__", None)
        if not (isinstance(path, str) and path.endswith(".py")):
            return original(module)
        try:
            with open(path, "rb") as source:
                return MARKER in source.read()
        except OSError:
            return False  # PySide's check: a source it cannot read is not a PySide module

    uses_pyside.__module__ = __name__
    return uses_pyside
