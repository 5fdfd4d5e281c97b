"""Where escadesk keeps its data: the folder and the database URL, resolved once.

Apart from ``app`` (the wiring) so that the ``Services`` container in
``escadesk.services.container`` can name its ``config`` type without importing the wiring
that builds it (``app`` imports the container; the other way round would be a cycle).
``escadesk.app`` re-exports everything here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from escadesk.storage.urls import sqlite_url

APP_NAME = "escadesk"
DATABASE_FILE = "escadesk.sqlite3"


def private_file(path: Path) -> Path:
    """``path``, created empty and owner-only (0600) if it is not there, and narrowed to
    0600 if it is: for files another library writes into the data folder (Qt's window
    settings), which would otherwise follow the umask. Here rather than in ``app``: the
    window uses it before its first paint, and ``app`` names every service."""
    if os.name == "posix":
        descriptor = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_APPEND, 0o600)
        try:
            os.fchmod(descriptor, 0o600)
        finally:
            os.close(descriptor)
    return path


def default_data_dir() -> Path:
    """%LOCALAPPDATA%\\escadesk, ~/Library/Application Support/escadesk, ~/.local/share/escadesk."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False, roaming=False)


@dataclass(frozen=True)
class AppConfig:
    data_dir: Path
    database_url: str

    @classmethod
    def resolve(
        cls, data_dir: Path | None = None, database_url: str | None = None, demo: bool = False
    ) -> AppConfig:
        """Options first, then ESCADESK_DATA_DIR / ESCADESK_DATABASE_URL, then defaults.

        The demo without an explicit folder lives beside, never inside, the real data.
        """
        chosen = data_dir or _env_path("ESCADESK_DATA_DIR")
        if chosen is None:
            chosen = default_data_dir() / "demo" if demo else default_data_dir()
        url = (
            database_url
            or os.environ.get("ESCADESK_DATABASE_URL")
            or sqlite_url(chosen / DATABASE_FILE)
        )
        return cls(chosen, url)

    @property
    def backup_dir(self) -> Path:
        return self.data_dir / "backups"

    def ensure_data_dir(self) -> None:
        """Create the data folder readable by its owner only, and so every folder escadesk
        creates on the way to it (``mkdir(parents=True)`` would give those the umask's
        0755: the demo's first run used to leave escadesk's own folder open that way).
        An existing folder the user pointed us at keeps its permissions."""
        missing = [
            folder for folder in (self.data_dir, *self.data_dir.parents) if not folder.exists()
        ]
        for folder in reversed(missing):
            folder.mkdir(mode=0o700)
            if os.name == "posix":
                folder.chmod(0o700)  # mkdir's mode is filtered by the umask


def _env_path(name: str) -> Path | None:
    value = os.environ.get(name, "").strip()
    return Path(value).expanduser() if value else None
