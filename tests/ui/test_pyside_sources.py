"""PySide's import hook answers as before without keeping every module's source in memory
(ui/pyside_sources.py; issue 17: ~18 MiB at the demo desk)."""

from __future__ import annotations

import os
import subprocess
import sys
import types
from pathlib import Path

from escadesk.ui import pyside_sources

#: In a fresh process: import the window as the app does, then count the desk's modules
#: whose source lines linecache holds.
PROBE = """
import linecache, os, sys
import escadesk, escadesk.ui.main_window, escadesk.ui.vault_pages, escadesk.ui.desk
from PySide6.support import feature
# The package's own files (a clone folder named "escadesk" holds the virtual environment too)
package = os.path.dirname(escadesk.__file__) + os.sep
held = [name for name in linecache.cache
        if name.startswith(package) and len(linecache.cache[name]) > 1]
answers = feature.pyside_feature_dict
print(len(held), feature._mod_uses_pyside.__module__, answers.get("escadesk.ui.dashboard"),
      answers.get("escadesk.domain.money"))
"""


def test_importing_the_desk_leaves_no_source_in_memory() -> None:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=environment,
    )
    assert result.returncode == 0, result.stderr
    held, checker, dashboard, money = result.stdout.split()
    assert held == "0"  # PySide's own check left ~60 of them by this point
    assert checker == "escadesk.ui.pyside_sources"
    # PySide's answers as before: 0 for a module naming PySide6, -1 for one that does not.
    assert (dashboard, money) == ("0", "-1")


def test_the_check_answers_as_pyside_from_the_file(tmp_path: Path) -> None:
    from PySide6.support import feature

    assert pyside_sources.keep_sources_out_of_memory()  # already done: stays as it is
    check = getattr(feature, pyside_sources.CHECK)
    assert check.__module__ == pyside_sources.__name__
    with_qt = tmp_path / "with_qt.py"
    with_qt.write_text("from PySide6.QtCore import QObject\n", encoding="utf-8")
    plain = tmp_path / "plain.py"
    plain.write_text("import os\n", encoding="utf-8")
    gone = tmp_path / "gone.py"

    def module(path: Path) -> types.ModuleType:
        made = types.ModuleType(path.stem)
        made.__file__ = str(path)
        return made

    assert check(module(with_qt)) is True
    assert check(module(plain)) is False
    assert check(module(gone)) is False  # unreadable: as PySide's own check answers
    assert check(types.ModuleType("no_file")) is False  # PySide's check, kept for these
