"""Load one stored row by id inside a caller's session, or say plainly that it is gone.

Every use case starts this way, so the lookups live here, below all the services: a
service that needs a registration does not import the registrations desk (or the
lifecycle, or the workshops service) just for this, and "There is no registration #7."
reads the same wherever it is raised. The workshop's charges with their organizations'
names are read here too: the charging desk and the invoices both list them.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from escadesk.i18n import _
from escadesk.services.views import NotFoundError
from escadesk.storage import models

#: The largest id a row can have: the id columns are 32-bit integers on PostgreSQL, which
#: refuses a larger number outright ("integer out of range"); SQLite would just find
#: nothing. Either way there is no such row, and the user is told so.
LARGEST_ID = 2**31 - 1

_Row = TypeVar("_Row", bound=models.Base)


def _get(session: Session, model: type[_Row], row_id: int) -> _Row | None:
    """The row of ``model`` with ``row_id``, or None (also for ids no row can have)."""
    if not 0 < row_id <= LARGEST_ID:
        return None
    return session.get(model, row_id)


def load_workshop(session: Session, workshop_id: int) -> models.Workshop:
    workshop = _get(session, models.Workshop, workshop_id)
    if workshop is None:
        raise NotFoundError(
            _("There is no workshop #{workshop_id}.").format(workshop_id=workshop_id)
        )
    return workshop


def load_registration(session: Session, registration_id: int) -> models.Registration:
    registration = _get(session, models.Registration, registration_id)
    if registration is None:
        raise NotFoundError(
            _("There is no registration #{registration_id}.").format(
                registration_id=registration_id
            )
        )
    return registration


def load_organization(session: Session, organization_id: int) -> models.Organization:
    organization = _get(session, models.Organization, organization_id)
    if organization is None:
        raise NotFoundError(
            _("There is no organization #{organization_id}.").format(
                organization_id=organization_id
            )
        )
    return organization


def workshop_charges(
    session: Session,
    workshop_id: int,
    *order: ColumnElement[Any] | InstrumentedAttribute[Any],
) -> list[tuple[models.Charge, str]]:
    """The workshop's charges, each with its organization's name, in ``order`` (the charges
    list and the refund form read them alike)."""
    rows = session.execute(
        select(models.Charge, models.Organization.name)
        .join(models.Registration, models.Registration.id == models.Charge.registration_id)
        .join(models.Organization)
        .where(models.Registration.workshop_id == workshop_id)
        .order_by(*order)
    ).all()
    return [(charge, name) for charge, name in rows]
