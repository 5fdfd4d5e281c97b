"""The installer's scripts live in installer/, outside the package: load them by path."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

INSTALLER = Path(__file__).resolve().parents[2] / "installer"


def load_installer_module(name: str) -> ModuleType:
    """installer/<name>.py as module ``escadesk_installer_<name>`` (never shadowing a
    package of the same name, such as PyPI's ``build``)."""
    qualified = f"escadesk_installer_{name}"
    if qualified in sys.modules:
        return sys.modules[qualified]
    spec = importlib.util.spec_from_file_location(qualified, INSTALLER / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[qualified] = module
    spec.loader.exec_module(module)
    return module
