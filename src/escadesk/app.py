"""The one place that wires configuration, the data directory, the database and services.

Tests and the CLI call ``build_services`` with their own folder, so nothing ever touches
the director's real data by accident.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from escadesk.services.clock import Clock, FixedClock, SystemClock
from escadesk.storage.urls import sqlite_url

if TYPE_CHECKING:  # the heavy layers are imported by build_services, off the start-up path
    from escadesk.services.benchmarking import BenchmarkingService
    from escadesk.services.charging import ChargingService
    from escadesk.services.context import ServiceContext
    from escadesk.services.decision import DecisionService
    from escadesk.services.delegates import DelegateService
    from escadesk.services.exports import ExportService
    from escadesk.services.notify import NotificationService
    from escadesk.services.paper import PaperService
    from escadesk.services.registrations import RegistrationService
    from escadesk.services.settings import SettingsService
    from escadesk.services.vault import VaultService
    from escadesk.services.workshops import WorkshopService
    from escadesk.storage.data_lock import DataLease, DataLocker
    from escadesk.vault.kdf import KdfParams
    from escadesk.vault.keychain import Keychain

APP_NAME = "escadesk"
DATABASE_FILE = "escadesk.sqlite3"


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
        """Create the data folder readable by its owner only (an existing folder the user
        pointed us at keeps its permissions)."""
        if not self.data_dir.exists():
            self.data_dir.mkdir(parents=True, mode=0o700)
            if os.name == "posix":
                self.data_dir.chmod(0o700)  # mkdir's mode is filtered by the umask


def _env_path(name: str) -> Path | None:
    value = os.environ.get(name, "").strip()
    return Path(value).expanduser() if value else None


@dataclass
class Services:
    config: AppConfig
    context: ServiceContext
    settings: SettingsService
    workshops: WorkshopService
    registrations: RegistrationService
    delegates: DelegateService
    vault: VaultService
    decision: DecisionService
    charging: ChargingService
    notifications: NotificationService
    paper: PaperService
    exports: ExportService
    benchmarking: BenchmarkingService
    #: This process's hold on the data (see storage/data_lock.py), let go by close().
    data_lease: DataLease | None = field(default=None, repr=False)

    @property
    def clock(self) -> Clock:
        return self.context.clock

    def close(self) -> None:
        try:
            self.vault.anchor_audit()  # the audit chain's head, kept outside the database
            self.context.database.close()
        finally:
            if self.data_lease is not None:
                self.data_lease.release()


def current_user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "director"


KEYCHAIN_SETTING = "vault.keychain"


def choose_keychain(config: AppConfig, choice: str | None) -> Keychain | None:
    """The OS keychain, or the file fallback if the director chose it; None if neither."""
    from escadesk.vault.keychain import FileKeychain, KeychainUnavailableError, SystemKeychain

    if choice == "file":
        return FileKeychain(config.data_dir / "keys")
    try:
        return SystemKeychain()
    except KeychainUnavailableError:
        return None


def build_services(
    config: AppConfig,
    clock: Clock | None = None,
    actor: str | None = None,
    keychain: Keychain | None = None,
    kdf_profile: Callable[[], KdfParams] | None = None,
    opened_by: str = "escadesk",
    data_lock: DataLocker | None = None,
) -> Services:
    """Take the data's lock, open (and migrate) the database, construct every service once.

    ``opened_by`` ("window", "cli", "self-test") is how a refused second escadesk names
    this one. The lock comes first: migrating is already a write. Raises DataInUseError
    (another process has the data open) or DataNotAccessibleError (another account's),
    both DataLockError (escadesk.storage.lock_holder) with a message for the director.
    ``data_lock`` replaces the lock (only a test that races two writers on purpose).
    """
    from escadesk.services.benchmarking import BenchmarkingService
    from escadesk.services.charging import ChargingService
    from escadesk.services.context import ServiceContext
    from escadesk.services.decision import DecisionService
    from escadesk.services.delegates import DelegateService
    from escadesk.services.exports import ExportService
    from escadesk.services.notify import NotificationService
    from escadesk.services.paper import PaperService
    from escadesk.services.registrations import RegistrationService
    from escadesk.services.settings import FIXED_CLOCK_SETTING, SettingsService
    from escadesk.services.vault import VaultService
    from escadesk.services.workshops import WorkshopService
    from escadesk.storage.data_lock import lock_data
    from escadesk.storage.database import Database
    from escadesk.storage.lock_holder import not_accessible
    from escadesk.vault.kdf import calibrate

    try:
        config.ensure_data_dir()
    except PermissionError as error:  # e.g. another account's data folder (0700)
        raise not_accessible(config.data_dir, error) from None
    lease = (data_lock or lock_data)(config.database_url, opened_by)
    try:
        database = Database.open(config.database_url, config.backup_dir, SystemClock().now())
    except BaseException:
        lease.release()
        raise
    settings = SettingsService(database)
    if clock is None:
        fixed = settings.get(FIXED_CLOCK_SETTING)
        clock = FixedClock(datetime.fromisoformat(fixed)) if fixed else SystemClock()
    context = ServiceContext(database=database, clock=clock, actor=actor or current_user())
    vault = VaultService(
        context,
        keychain or (lambda: choose_keychain(config, settings.get(KEYCHAIN_SETTING))),
        kdf_profile or calibrate,
    )
    return Services(
        config=config,
        context=context,
        settings=settings,
        workshops=WorkshopService(context),
        registrations=RegistrationService(context, vault),
        delegates=DelegateService(context),
        vault=vault,
        decision=DecisionService(context, vault),
        charging=ChargingService(context, vault, settings),
        notifications=NotificationService(context, settings, vault),
        paper=PaperService(context),
        exports=ExportService(context),
        benchmarking=BenchmarkingService(context),
        data_lease=lease,
    )
