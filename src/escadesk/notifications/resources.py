"""Where the message templates are (the generic lookup is :mod:`escadesk.resource_files`)."""

from __future__ import annotations

from pathlib import Path

from escadesk.resource_files import PACKAGE_DIR, resource_candidates, resources_dir

__all__ = ["PACKAGE_DIR", "resource_candidates", "resources_dir", "templates_dir"]


def templates_dir(package_dir: Path = PACKAGE_DIR) -> Path:
    """The message templates (``resources/templates``)."""
    return resources_dir(package_dir) / "templates"
