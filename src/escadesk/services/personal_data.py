"""Personal data beyond cards (issue 15, item 10): retention, access and erasure.

What is personal data here: what is known about people (the contact's name, title,
e-mail and phone; the delegate-list entries of the organization's people; the
cardholder's name kept with a charge) and what the organization confided under the
announcement's "absolute confidentiality" (questionnaire answers and notes), and the
reasons typed into a registration's history. What stays is the anonymous record that
keeps finance's totals right: each registration's state and fixed fee, each charge's
amount, date, reference and masked card ("VISA •••• 1111"), the certificates of
destruction, and the organization's name, country and technology area (a cluster's
business identity, not a person's, and what the finance records and certificates are
filed under).

Three use cases, each audited (the summary names the organization or workshop and
counts, never a person or a card):

- ``export``: a PIPEDA access request (principle 4.9) - one zip, written atomically and
  owner-only, with everything escadesk holds about an organization as JSON
  (services/personal_export.py);
- ``erase``: one organization's personal data, on request (services/personal_erasure.py);
- ``purge_due``: every workshop whose retention period (domain/retention.py) has ended,
  once, at each unlock (``purge_at_unlock``) and from ``escadesk-cli personal purge``
  (services/retention_purge.py).

Card authorizations are the vault's: an organization with a card still stored is refused
(its card is erased through the vault, with its certificate, first), and a purge leaves
such a registration as it is until then.

The erased data also leaves the SQLite backups (like an erased card, storage/backups.py),
so a restore never brings it back; a failure there is retried at the next unlock
(services/personal_backup_cleaning.py).

This module is the one door the window, the command line and the app use: the service,
and the names they import.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from escadesk.services import (
    personal_backup_cleaning,
    personal_erasure,
    personal_export,
    retention_purge,
)
from escadesk.services.context import ServiceContext
from escadesk.services.lookups import load_organization, load_registration
from escadesk.services.personal_backup_cleaning import BACKUPS_PENDING_SETTING
from escadesk.services.personal_data_records import (
    ERASED,
    ErasedCounts,
    Organization,
    organization_view,
)
from escadesk.services.personal_erasure import KEPT_WORDS, ErasedOrganization, ErasurePreview
from escadesk.services.personal_export import (
    AUDIT_NOTE,
    CARD_NOTE,
    FORMAT,
    JSON_NAME,
    LETTERS_NOTE,
    README_NAME,
    REPORTS_NOTE,
    ExportCancelledError,
    Progress,
)
from escadesk.services.retention_purge import Retention, WorkshopPurge

__all__ = [
    "AUDIT_NOTE",
    "BACKUPS_PENDING_SETTING",
    "CARD_NOTE",
    "ERASED",
    "FORMAT",
    "JSON_NAME",
    "KEPT_WORDS",
    "LETTERS_NOTE",
    "README_NAME",
    "REPORTS_NOTE",
    "ErasedCounts",
    "ErasedOrganization",
    "ErasurePreview",
    "ExportCancelledError",
    "Organization",
    "PersonalDataService",
    "Progress",
    "Retention",
    "WorkshopPurge",
]


class PersonalDataService:
    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    # -- finding -----------------------------------------------------------------------------

    def organization_of(self, registration_id: int) -> Organization:
        with self._context.database.reading() as session:
            registration = load_registration(session, registration_id)
            return organization_view(session, registration.organization)

    def organization(self, organization_id: int) -> Organization:
        with self._context.database.reading() as session:
            return organization_view(session, load_organization(session, organization_id))

    # -- export ------------------------------------------------------------------------------

    def suggested_file_name(self, organization_id: int) -> str:
        return personal_export.suggested_file_name(self._context, organization_id)

    def export(
        self,
        organization_id: int,
        target: Path,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> Path:
        """Write everything escadesk holds about the organization to ``target`` (a zip:
        ``organization.json`` and a README), atomically and owner-only; audited."""
        return personal_export.export_organization(
            self._context, organization_id, target, progress, cancelled
        )

    # -- erasing one organization ------------------------------------------------------------

    def preview_erase(self, organization_id: int) -> ErasurePreview:
        return personal_erasure.preview_erase(self._context, organization_id)

    def erase(self, organization_id: int) -> ErasedOrganization:
        """Erase the organization's personal data in one transaction (refused while a card
        authorization is stored for it); then clean the backups and the database files."""
        return personal_erasure.erase_organization(self._context, organization_id)

    # -- the retention period ----------------------------------------------------------------

    def retentions(self) -> list[Retention]:
        """Every workshop's retention period: until when its personal data is kept."""
        return retention_purge.retentions(self._context)

    def due_purges(self, workshop_id: int | None = None) -> list[WorkshopPurge]:
        """The workshops whose personal data is due to go now (a dry run: nothing changes)."""
        return retention_purge.due_purges(self._context, workshop_id)

    def purge_due(self, workshop_id: int | None = None) -> list[WorkshopPurge]:
        """Purge every workshop whose retention period has ended (idempotent: a purged
        workshop is not purged again); one transaction and one audit entry per workshop."""
        return retention_purge.purge_due(self._context, workshop_id)

    def purge_at_unlock(self) -> int:
        """The unlock's hook: purge what is due, and finish cleaning backups an earlier
        erasure could not clean. Whatever goes wrong, the director is never kept out
        (it is tried again at the next unlock). Returns how many workshops were purged."""
        purged: list[WorkshopPurge] = []
        with contextlib.suppress(Exception):  # a full disk, a damaged row: next unlock
            purged = self.purge_due()
        with contextlib.suppress(Exception):
            if personal_backup_cleaning.backups_pending(self._context):
                personal_backup_cleaning.clean_files(self._context)
        return len(purged)
