"""``Services``: every service of one open data folder, as the UI, the CLI and tests get them.

The container's type lives here, among the services, and not in ``escadesk.app``, the
wiring that builds it (``build_services``): widgets that only need the type then depend on
``services`` alone, not on the module that opens databases and chooses keychains. The
service classes are named for the type checker only, so importing this module costs
nothing on the start-up path. ``escadesk.app`` re-exports ``Services``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from escadesk.config import AppConfig
    from escadesk.services.audit_log import AuditLogService
    from escadesk.services.backups import BackupService
    from escadesk.services.benchmarking import BenchmarkingService
    from escadesk.services.charging import ChargingService
    from escadesk.services.clock import Clock
    from escadesk.services.context import ServiceContext
    from escadesk.services.decision import DecisionService
    from escadesk.services.delegates import DelegateService
    from escadesk.services.exports import ExportService
    from escadesk.services.institute import InstituteService
    from escadesk.services.lifecycle import LifecycleService
    from escadesk.services.notify import NotificationService
    from escadesk.services.paper import PaperService
    from escadesk.services.personal_data import PersonalDataService
    from escadesk.services.registrations import RegistrationService
    from escadesk.services.settings import SettingsService
    from escadesk.services.vault import VaultService
    from escadesk.services.workshops import WorkshopService
    from escadesk.storage.data_lock import DataLease


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
    backups: BackupService
    personal_data: PersonalDataService
    institute: InstituteService
    audit_log: AuditLogService
    #: This process's hold on the data (see storage/data_lock.py), let go by close().
    data_lease: DataLease | None = field(default=None, repr=False)
    closed: bool = field(default=False, repr=False)

    @property
    def clock(self) -> Clock:
        return self.context.clock

    @property
    def lifecycle(self) -> LifecycleService:
        """Read-only, so built when asked (nothing to keep between two refreshes)."""
        from escadesk.services.lifecycle import LifecycleService

        return LifecycleService(self.context, self.decision)

    def close(self) -> None:
        """Let go of the data; a second call does nothing (the window closes the services
        it restores over, and again on leaving)."""
        if self.closed:
            return
        self.closed = True
        try:
            self.vault.anchor_audit()  # the audit chain's head, kept outside the database
            self.context.database.close()
        finally:
            if self.data_lease is not None:
                self.data_lease.release()
