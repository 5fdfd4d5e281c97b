"""Where the app's read-only resources (message templates, benchmarking catalogues, ...) are.

Installed from a wheel or bundled in a frozen app, they sit inside the package
(``escadesk/resources``); in the editable development install they are the repository's
top-level ``resources/`` folder, two levels above ``src/escadesk``.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def resource_candidates(package_dir: Path = PACKAGE_DIR) -> list[Path]:
    """The folders searched, in order: package-relative first, then the repository's."""
    return [package_dir / "resources", package_dir.parent.parent / "resources"]


def resources_dir(package_dir: Path = PACKAGE_DIR) -> Path:
    """The first existing resources folder; FileNotFoundError (naming where) if none."""
    candidates = resource_candidates(package_dir)
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    searched = ", ".join(str(candidate) for candidate in candidates)
    raise FileNotFoundError(f"The app's resources folder is missing (looked in {searched}).")
