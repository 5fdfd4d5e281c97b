"""The one place that wires configuration, the data directory, the database and services.

Tests and the CLI call ``build_services`` with their own folder, so nothing ever touches
the director's real data by accident.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

# Re-exported: the CLI, the window and tests take the configuration and the container from
# the wiring; they live in escadesk.config and escadesk.services.container (see there why).
from escadesk.config import DATABASE_FILE as DATABASE_FILE
from escadesk.config import AppConfig as AppConfig
from escadesk.config import default_data_dir as default_data_dir
from escadesk.config import private_file as private_file
from escadesk.services.container import Services as Services

if TYPE_CHECKING:  # the heavy layers are imported by build_services, off the start-up path
    from escadesk.services.clock import Clock
    from escadesk.storage.data_lock import DataLocker
    from escadesk.vault.kdf import KdfParams
    from escadesk.vault.keychain import Keychain


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
    via: str | None = None,
) -> Services:
    """Take the data's lock, open (and migrate) the database, construct the services the
    unlock page and the unlock hooks need; the container builds the others on first use.

    ``opened_by`` ("window", "cli", "self-test") is how a refused second escadesk names
    this one. The lock comes first: migrating is already a write. Raises DataInUseError
    (another process has the data open) or DataNotAccessibleError (another account's),
    both DataLockError (escadesk.storage.lock_holder) with a message for the director.
    ``data_lock`` replaces the lock (only a test that races two writers on purpose).
    The actor is ``actor`` if given (tests), else who services/identity.py says: the
    login role on a server, the computer's user on SQLite, followed by ``via`` (the
    program, "escadesk-cli") if given; the role's capabilities come from the server.
    """
    from datetime import datetime

    from escadesk.services.backups import BackupService
    from escadesk.services.charging import ChargingService
    from escadesk.services.clock import FixedClock, SystemClock
    from escadesk.services.context import ServiceContext
    from escadesk.services.decision import DecisionService
    from escadesk.services.identity import identify
    from escadesk.services.personal_data import PersonalDataService
    from escadesk.services.settings import FIXED_CLOCK_SETTING, SettingsService
    from escadesk.services.vault import VaultService
    from escadesk.storage.damage import folder_unusable
    from escadesk.storage.data_lock import lock_data, lock_vault
    from escadesk.storage.database import Database
    from escadesk.storage.lock_holder import not_accessible
    from escadesk.vault.kdf import calibrate

    try:
        config.ensure_data_dir()
    except PermissionError as error:  # e.g. another account's data folder (0700)
        raise not_accessible(config.data_dir, error) from None
    except OSError as error:  # a path too long, under a file, a read-only medium, full
        raise folder_unusable(config.data_dir, error) from None
    lease = (data_lock or lock_data)(config.database_url, opened_by)
    try:
        database = Database.open(
            config.database_url,
            config.backup_dir,
            SystemClock().now(),
            vault_traces=[config.data_dir / "keys"],
        )
    except BaseException:
        lease.release()
        raise
    try:
        identity = identify(database, current_user(), via)
    except BaseException:
        database.close()
        lease.release()
        raise
    settings = SettingsService(database)
    if clock is None:
        fixed = settings.get(FIXED_CLOCK_SETTING)
        clock = FixedClock(datetime.fromisoformat(fixed)) if fixed else SystemClock()
    context = ServiceContext(
        database=database, clock=clock, actor=actor or identity.actor, role=identity.role
    )
    vault = VaultService(
        context,
        keychain or (lambda: choose_keychain(config, settings.get(KEYCHAIN_SETTING))),
        kdf_profile or calibrate,
        lock_vault=lambda: lock_vault(config.database_url, opened_by),
    )
    backups = BackupService(context, settings)
    # The unlock hooks, in their order: each service below appends its own when built.
    decision = DecisionService(context, vault)
    if backups.available:
        vault.after_unlock.append(backups.daily)
        decision.before_decision.append(lambda: backups.back_up("before-decision"))
    if backups.note_restore() is not None:
        vault.restart_audit_anchor()
    charging = ChargingService(context, vault, settings)
    personal_data = PersonalDataService(context)
    # Last at each unlock: the cards the other hooks erase no longer hold a purge back.
    vault.after_unlock.append(personal_data.purge_at_unlock)
    return Services(
        config=config,
        context=context,
        settings=settings,
        vault=vault,
        decision=decision,
        charging=charging,
        personal_data=personal_data,
        backups=backups,
        data_lease=lease,
    )
