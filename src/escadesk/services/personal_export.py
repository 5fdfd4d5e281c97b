"""An access request's answer: everything escadesk holds about one organization, in a zip.

PIPEDA principle 4.9: the organization may see what is kept about it. Its own module
because the export only reads, and its JSON format (``organization.json``, with a README)
is a promise to whoever reads the file: it changes here, on purpose, and nowhere else.
The zip is written atomically and owner-only; no card number is ever in it (a card shows
as its brand and last four digits).
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, tzinfo
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO, TypeAlias
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from escadesk.atomic_files import write_atomically
from escadesk.domain.cards import CardBrand, MaskedCard
from escadesk.domain.file_names import file_name
from escadesk.domain.registration import RegistrationStatus
from escadesk.domain.retention import purge_due_on, retention_months
from escadesk.domain.validation import FieldProblem, ValidationError
from escadesk.i18n import _
from escadesk.services import audit
from escadesk.services.context import ServiceContext
from escadesk.services.lookups import load_organization
from escadesk.services.personal_data_records import (
    matching_delegates,
    organization_registrations,
    survey_of,
)
from escadesk.storage import models

#: What organization.json holds: JSON's own types only, so nothing is left for
#: ``json.dumps`` to guess (a date is already its ISO text, an amount its decimal text).
Json: TypeAlias = str | int | float | bool | Sequence["Json"] | Mapping[str, "Json"] | None

Progress = Callable[[int, str], None]

FORMAT = "escadesk personal data export 1"
JSON_NAME = "organization.json"
README_NAME = "README.txt"

LETTERS_NOTE = (
    "escadesk does not keep letters: drafts are saved as .eml files in the folder the "
    "director chooses, and mail sent through the mail server is not stored. Each letter "
    "saved or sent is listed in the audit log entries of the registration."
)
REPORTS_NOTE = (
    "escadesk does not keep benchmarking reports: each report is written to the folder "
    "the director chooses. The questionnaire answers and notes they are made from are "
    "included in this file."
)
AUDIT_NOTE = (
    "The audit log is sealed entry by entry: its entries are kept as they were written "
    "(a changed entry would show), including after an erasure."
)
CARD_NOTE = (
    "The card itself is kept encrypted in the vault and is not exported; only its brand "
    "and last four digits are shown."
)


class ExportCancelledError(Exception):
    """The director cancelled the export; no file was written."""


def suggested_file_name(context: ServiceContext, organization_id: int) -> str:
    with context.database.reading() as session:
        name = load_organization(session, organization_id).name
    today = context.clock.now().astimezone(UTC).date()
    return file_name(name, today, "personal data", "zip")


def export_organization(
    context: ServiceContext,
    organization_id: int,
    target: Path,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Path:
    """Write everything escadesk holds about the organization to ``target`` (a zip:
    ``organization.json`` and a README), atomically and owner-only; audited."""
    report = progress or (lambda _percent, _message: None)
    stop = cancelled or (lambda: False)
    target = Path(target)
    if target.exists() and not target.is_file():  # a folder, a device: never replaced
        raise ValidationError(
            [
                FieldProblem(
                    "target", _("{target} is not a file; choose a file name.").format(target=target)
                )
            ]
        )
    report(5, _("Collecting the organization's data…"))
    now = context.clock.now()
    with context.database.reading() as session:
        organization = load_organization(session, organization_id)
        data = _export_data(session, organization, now, context.actor)
        name = organization.name
    if stop():
        raise ExportCancelledError()
    report(50, _("Writing the zip file…"))
    content = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    stamp = now.astimezone(UTC).timetuple()[:6]
    readme = _readme(name, now)

    def write(stream: BinaryIO) -> None:
        with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for member, text in ((JSON_NAME, content), (README_NAME, readme)):
                info = zipfile.ZipInfo(member, date_time=stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o600 << 16
                archive.writestr(info, text.encode("utf-8"))
        if stop():
            raise ExportCancelledError()

    write_atomically(target, write, prefix=".escadesk-", suffix=".zip.tmp")
    report(90, _("Recording the export in the audit log…"))
    try:
        with context.database.transaction() as session:
            registrations = organization_registrations(session, organization_id)
            audit.record_now(
                session,
                context,
                action="personal_data.export",
                entity="organization",
                entity_id=organization_id,
                workshop_id=registrations[0].workshop_id if registrations else None,
                summary=f"{name}: everything about the organization exported "
                f"(access request) to {target.name}",
            )
    except BaseException:
        target.unlink(missing_ok=True)  # no export leaves escadesk unrecorded
        raise
    report(100, "Done.")
    return target


def _export_data(
    session: Session, organization: models.Organization, now: datetime, actor: str
) -> dict[str, Json]:
    registrations = organization_registrations(session, organization.id)
    return {
        "format": FORMAT,
        "exported_at": _instant(now, UTC),
        "exported_by": actor,
        "organization": {
            "id": organization.id,
            "name": organization.name,
            "country": organization.country,
            "technology_area": organization.technology_area,
            "recorded_at": _instant(organization.created_at, UTC),
        },
        "registrations": [_registration_data(session, r) for r in registrations],
        "audit_log": [
            _audit_data(entry, UTC)
            for entry in session.scalars(
                select(models.AuditEntry)
                .where(
                    models.AuditEntry.entity == "organization",
                    models.AuditEntry.entity_id == organization.id,
                )
                .order_by(models.AuditEntry.id)
            )
        ],
        "letters": LETTERS_NOTE,
        "reports": REPORTS_NOTE,
        "audit_log_note": AUDIT_NOTE,
    }


def _registration_data(session: Session, registration: models.Registration) -> dict[str, Json]:
    workshop = registration.workshop
    zone = ZoneInfo(workshop.timezone)
    months = retention_months(workshop.retention_months)
    contact = registration.contact
    card = session.execute(  # the mask's columns only: a staff role reads no more
        select(
            models.CardAuthorization.brand,
            models.CardAuthorization.last4,
            models.CardAuthorization.state,
            models.CardAuthorization.recorded_at,
        ).where(models.CardAuthorization.registration_id == registration.id)
    ).first()
    charge = session.scalar(
        select(models.Charge).where(models.Charge.registration_id == registration.id)
    )
    survey = survey_of(session, registration.id)
    label = session.scalar(
        select(models.QualityLabel).where(models.QualityLabel.registration_id == registration.id)
    )
    erasures = session.scalars(
        select(models.Erasure)
        .where(models.Erasure.registration_id == registration.id)
        .order_by(models.Erasure.erased_at, models.Erasure.id)
    )
    papers = session.scalars(
        select(models.PaperForm)
        .where(models.PaperForm.registration_id == registration.id)
        .order_by(models.PaperForm.id)
    )
    entries = session.scalars(
        select(models.AuditEntry)
        .where(
            models.AuditEntry.entity == "registration",
            models.AuditEntry.entity_id == registration.id,
        )
        .order_by(models.AuditEntry.id)
    )
    return {
        "registration_id": registration.id,
        "workshop": {
            "id": workshop.id,
            "code": workshop.code,
            "title": workshop.title,
            "event_date": workshop.event_date.isoformat(),
            "time_zone": workshop.timezone,
            "retention_months": months,
            "personal_data_kept_until": purge_due_on(workshop.event_date, months).isoformat(),
            "personal_data_purged_at": _instant(workshop.personal_data_purged_at, zone),
        },
        "status": RegistrationStatus(registration.status).label,
        "registered_at": _instant(registration.created_at, zone),
        "form_received_at": _instant(registration.form_received_at, zone),
        "authorization_received_at": _instant(registration.authorization_received_at, zone),
        "completed_at": _instant(registration.completed_at, zone),
        "late_accepted_reason": registration.late_accepted_reason,
        "fee": _money(registration.fee_gross, workshop.currency),
        "personal_data_erased_at": _instant(registration.personal_data_erased_at, zone),
        "contact": {
            "name": contact.name,
            "title": contact.title,
            "email": contact.email,
            "phone": contact.phone,
        },
        "history": [
            {
                "event": t.event,
                "before": t.before,
                "after": t.after,
                "at": _instant(t.at, zone),
                "by": t.by,
                "reason": t.reason,
            }
            for t in registration.transitions
        ],
        "card_authorization": None
        if card is None
        else {
            "card": str(MaskedCard(CardBrand(card.brand), card.last4)),
            "state": card.state,
            "recorded_at": _instant(card.recorded_at, zone),
            "note": CARD_NOTE,
        },
        "charge": None
        if charge is None
        else {
            "amount": _money(charge.amount, charge.currency),
            "charged_on": charge.charged_on.isoformat(),
            "reference": charge.reference,
            "card": str(MaskedCard(CardBrand(charge.brand), charge.last4)),
            "cardholder": charge.cardholder,
            "amount_reason": charge.amount_reason,
        },
        "certificates_of_destruction": [
            {
                "erased_at": _instant(e.erased_at, zone),
                "what": e.destroyed,
                "reason": e.reason,
                "status": e.status,
                "certificate_uid": e.certificate_uid,
            }
            for e in erasures
        ],
        "paper_forms": [
            {
                "kind": p.kind,
                "channel": p.channel,
                "received_on": p.received_on.isoformat(),
                "disposal": p.disposal,
                "disposed_on": p.disposed_on.isoformat() if p.disposed_on else None,
            }
            for p in papers
        ],
        "questionnaire": None
        if survey is None
        else {
            "catalogue_version": survey.catalogue_version,
            "interview_on": survey.interview_on.isoformat() if survey.interview_on else None,
            "updated_at": _instant(survey.updated_at, zone),
            "answers": [
                {"indicator": a.indicator, "value": a.value, "note": a.note}
                for a in sorted(survey.answers, key=lambda a: _indicator_key(a.indicator))
            ],
        },
        "quality_label": None
        if label is None
        else {
            "label": label.label,
            "awarded_on": label.awarded_on.isoformat(),
            "valid_until": label.valid_until.isoformat(),
        },
        "delegate_list_entries": [
            {
                "email": d.email,
                "name": d.name,
                "organization": d.organization,
                "country": d.country,
                "imported_at": _instant(d.imported_at, zone),
            }
            for d in matching_delegates(session, registration)
        ],
        "audit_log": [_audit_data(entry, zone) for entry in entries],
    }


def _audit_data(entry: models.AuditEntry, zone: tzinfo) -> dict[str, Json]:
    return {
        "at": _instant(entry.at, zone),
        "by": entry.actor,
        "action": entry.action,
        "summary": entry.summary,
    }


def _instant(moment: datetime | None, zone: tzinfo) -> str | None:
    """ISO 8601 with its offset, in the workshop's time zone (UTC at the top level)."""
    return None if moment is None else moment.astimezone(zone).isoformat()


def _money(amount: Decimal | None, currency: str) -> dict[str, str] | None:
    """Exact: the amount as its decimal text, never a float."""
    if amount is None:
        return None
    return {"amount": format(amount, "f"), "currency": currency}


def _indicator_key(code: str) -> tuple[tuple[int, int, str], ...]:
    """'1.1.1b' before '1.2' before '1.10' (the catalogue's order)."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"\.", code))


def _readme(organization: str, now: datetime) -> str:
    return "\n".join(
        [
            f"Everything escadesk holds about {organization}",
            f"Exported on {now.astimezone(UTC).isoformat()} (an access request).",
            "",
            f"{JSON_NAME}: the organization, each of its registrations with its contact, "
            "history, fee, charge (card shown as brand and last four digits only), "
            "certificates of destruction, paper forms, benchmarking questionnaire, label, "
            "delegate-list entries and audit log entries. UTF-8 JSON; dates are ISO 8601, "
            "in the workshop's time zone with their offset; amounts are exact decimal text.",
            "",
            f"Letters: {LETTERS_NOTE}",
            f"Reports: {REPORTS_NOTE}",
            "",
        ]
    )
