"""``Services``: every service of one open data folder, as the UI, the CLI and tests get them.

The container's type lives here, among the services, and not in ``escadesk.app``, the
wiring that builds it (``build_services``): widgets that only need the type then depend on
``services`` alone, not on the module that opens databases and chooses keychains. The
service classes are named for the type checker only, so importing this module costs
nothing on the start-up path. ``escadesk.app`` re-exports ``Services``.

A lazy start (issue 17): the fields are the services the unlock page and the vault's
unlock hooks need, built by ``build_services``; every other service is a
``cached_property`` that imports its module on first use, so openpyxl, Jinja2 and the
benchmarking catalogue are loaded when the desk first asks, not before the unlock page.
A lazily built service registers no hook: whatever must run at every unlock belongs to a
field. (From Python 3.12 on, cached_property no longer locks: two threads asking first at
once may each build one; harmless, as a lazily built service holds nothing that must be
unique, at most a cache.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
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
    from escadesk.services.desk_view import DeskViewService
    from escadesk.services.exports import ExportService
    from escadesk.services.forms import FormsService
    from escadesk.services.institute import InstituteService
    from escadesk.services.invoices import InvoiceService
    from escadesk.services.letters import LetterService
    from escadesk.services.lifecycle import LifecycleService
    from escadesk.services.notify import NotificationService
    from escadesk.services.paper import PaperService
    from escadesk.services.personal_data import PersonalDataService
    from escadesk.services.registration_import import RegistrationImportService
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
    vault: VaultService
    #: The next four own hooks that run at every unlock (vault.after_unlock), used or not.
    decision: DecisionService
    charging: ChargingService
    personal_data: PersonalDataService
    backups: BackupService
    #: This process's hold on the data (see storage/data_lock.py), let go by close().
    data_lease: DataLease | None = field(default=None, repr=False)
    closed: bool = field(default=False, repr=False)

    @property
    def clock(self) -> Clock:
        return self.context.clock

    @cached_property
    def workshops(self) -> WorkshopService:
        from escadesk.services.workshops import WorkshopService

        return WorkshopService(self.context)

    @cached_property
    def registrations(self) -> RegistrationService:
        from escadesk.services.registrations import RegistrationService

        return RegistrationService(self.context, self.vault)

    @cached_property
    def delegates(self) -> DelegateService:
        from escadesk.services.delegates import DelegateService

        return DelegateService(self.context)

    @cached_property
    def registration_import(self) -> RegistrationImportService:
        """Registrations from a web form's export (openpyxl is loaded with a workbook)."""
        from escadesk.services.registration_import import RegistrationImportService

        return RegistrationImportService(
            self.context, self.registrations, self.delegates, self.settings
        )

    @cached_property
    def notifications(self) -> NotificationService:
        """Letters: Jinja2 is loaded with it."""
        from escadesk.services.notify import NotificationService

        return NotificationService(self.context, self.settings, self.vault)

    @cached_property
    def letters(self) -> LetterService:
        """Letters through the workshop and what is due (icalendar on first invitation);
        reports and certificates are made only when a letter is saved or sent."""
        from escadesk.services.letters import LetterService

        return LetterService(
            self.context,
            self.notifications,
            lambda: self.benchmarking,
            lambda workshop_id: self.exports.pitch_order(workshop_id),
        )

    @cached_property
    def paper(self) -> PaperService:
        from escadesk.services.paper import PaperService

        return PaperService(self.context)

    @cached_property
    def exports(self) -> ExportService:
        """Workbooks: openpyxl is loaded with it."""
        from escadesk.services.exports import ExportService

        return ExportService(self.context)

    @cached_property
    def benchmarking(self) -> BenchmarkingService:
        """Benchmarking reports (openpyxl); the catalogue is read on its first use."""
        from escadesk.services.benchmarking import BenchmarkingService

        return BenchmarkingService(self.context)

    @cached_property
    def forms(self) -> FormsService:
        """Blank and returned forms: reportlab, pypdf and Jinja2 are loaded when used."""
        from escadesk.services.forms import FormsService

        return FormsService(self.context, self.registrations)

    @cached_property
    def institute(self) -> InstituteService:
        from escadesk.services.institute import InstituteService

        return InstituteService(self.context)

    @cached_property
    def invoices(self) -> InvoiceService:
        """Invoices, refunds and credit notes (reportlab is loaded with a PDF)."""
        from escadesk.services.invoices import InvoiceService

        return InvoiceService(self.context, self.settings)

    @cached_property
    def audit_log(self) -> AuditLogService:
        """The audit viewer and its export (openpyxl)."""
        from escadesk.services.audit_log import AuditLogService

        return AuditLogService(self.context)

    @property
    def lifecycle(self) -> LifecycleService:
        """Read-only, so built when asked (nothing to keep between two refreshes)."""
        from escadesk.services.lifecycle import LifecycleService

        return LifecycleService(self.context, self.decision)

    @property
    def desk_view(self) -> DeskViewService:
        """The desk's one read per refresh; read-only, so built when asked."""
        from escadesk.services.desk_view import DeskViewService

        return DeskViewService(self.context, self.lifecycle, self.decision)

    def close(self) -> None:
        """Let go of the data; a second call does nothing (the window closes the services
        it restores over, and again on leaving)."""
        if self.closed:
            return
        self.closed = True
        try:
            try:
                self.vault.anchor_audit()  # the audit chain's head, kept outside the database
            finally:  # the connections go even when anchoring fails (a server's pool)
                self.vault.close()  # the keys, and the vault's lock on a server
                self.context.database.close()
        finally:
            if self.data_lease is not None:
                self.data_lease.release()
