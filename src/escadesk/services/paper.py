"""The paper side of card authorizations: signed forms received by mail or e-mail, and
the date each was shredded (cross-cut) or deleted. The app cannot destroy paper or a
mailbox copy; it keeps the director's record of having done so."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy import select

from escadesk.domain.validation import FieldProblem, ValidationError
from escadesk.i18n import _
from escadesk.services import audit
from escadesk.services.context import ServiceContext
from escadesk.services.lookups import load_registration
from escadesk.services.row_versions import Edited, VersionedEdit
from escadesk.storage import models


class PaperKind(StrEnum):
    REGISTRATION_FORM = "registration form"
    CARD_AUTHORIZATION = "card authorization form"


class Channel(StrEnum):
    MAIL = "mail"
    EMAIL = "e-mail"
    FAX = "fax"
    HAND = "by hand"


class Disposal(StrEnum):
    SHREDDED = "shredded (cross-cut)"
    DELETED = "deleted (e-mail and attachments)"


@dataclass(frozen=True)
class PaperRecord:
    id: int
    registration_id: int
    organization: str
    kind: PaperKind
    channel: Channel
    received_on: date
    disposal: Disposal | None
    disposed_on: date | None
    #: The row's version when read (services/row_versions.py), for record_disposed.
    version: int | None = None


class PaperService:
    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    def record_received(
        self, registration_id: int, kind: PaperKind, channel: Channel, received_on: date
    ) -> int:
        with self._context.database.transaction() as session:
            registration = load_registration(session, registration_id)
            paper = models.PaperForm(
                registration_id=registration_id,
                kind=kind.value,
                channel=channel.value,
                received_on=received_on,
                recorded_by=self._context.actor,
            )
            session.add(paper)
            session.flush()
            audit.record_for_registration(
                session,
                self._context,
                registration,
                "paper.received",
                f"{registration.organization.name}: {kind.value} received by {channel.value} "
                f"on {received_on.isoformat()}",
            )
            return paper.id

    def record_disposed(
        self,
        paper_id: int,
        disposal: Disposal,
        disposed_on: date,
        *,
        expected_version: int | None = None,
    ) -> None:
        """``expected_version``: the PaperRecord's version the checklist showed: refused
        (StaleEditError, nothing saved) when another desk changed the record since."""
        edit = VersionedEdit(self._context.database)
        with edit.transaction() as session:
            paper = session.get(models.PaperForm, paper_id)
            if paper is None:
                raise ValidationError(
                    [
                        FieldProblem(
                            "paper", _("There is no paper #{paper_id}.").format(paper_id=paper_id)
                        )
                    ]
                )
            owner = load_registration(session, paper.registration_id)
            edited = Edited(
                (
                    _("The registration form of {organization}")
                    if paper.kind == PaperKind.REGISTRATION_FORM
                    else _("The card authorization form of {organization}")
                ).format(organization=owner.organization.name),
                "registration",
                owner.id,
                owner.workshop_id,
                actions="paper.",
            )
            edit.claim(session, paper, expected_version, edited)
            if disposed_on < paper.received_on:
                raise ValidationError(
                    [FieldProblem("disposed_on", _("It cannot be destroyed before it arrived."))]
                )
            if paper.disposed_on is not None:
                raise ValidationError(
                    [FieldProblem("paper", _("This form is already recorded as destroyed."))]
                )
            paper.disposal = disposal.value
            paper.disposed_on = disposed_on
            registration = load_registration(session, paper.registration_id)
            audit.record_for_registration(
                session,
                self._context,
                registration,
                "paper.disposed",
                f"{registration.organization.name}: {paper.kind} {disposal.value} on "
                f"{disposed_on.isoformat()}",
            )

    def checklist(self, workshop_id: int) -> list[PaperRecord]:
        with self._context.database.reading() as session:
            rows = session.execute(
                select(models.PaperForm, models.Organization.name)
                .join(
                    models.Registration, models.Registration.id == models.PaperForm.registration_id
                )
                .join(models.Organization)
                .where(models.Registration.workshop_id == workshop_id)
                .order_by(models.PaperForm.received_on, models.PaperForm.id)
            ).all()
            return [
                PaperRecord(
                    paper.id,
                    paper.registration_id,
                    name,
                    PaperKind(paper.kind),
                    Channel(paper.channel),
                    paper.received_on,
                    Disposal(paper.disposal) if paper.disposal else None,
                    paper.disposed_on,
                    paper.version,
                )
                for paper, name in rows
            ]
