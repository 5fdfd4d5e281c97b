"""Stored workshops turned into the domain's calendar and fee schedule."""

from __future__ import annotations

from escadesk.domain.fees import ExchangeRate, FeeSchedule
from escadesk.domain.money import Money
from escadesk.domain.workshop_calendar import AgendaItem, AgendaKind, WorkshopCalendar
from escadesk.storage.models import Workshop


def calendar_of(workshop: Workshop) -> WorkshopCalendar:
    return WorkshopCalendar(
        registration_deadline=workshop.registration_deadline,
        event_date=workshop.event_date,
        timezone=workshop.timezone,
        minimum_organizations=workshop.minimum_organizations,
        maximum_organizations=workshop.maximum_organizations,
        agenda=tuple(
            AgendaItem(entry.start, entry.end, entry.title, AgendaKind(entry.kind))
            for entry in workshop.agenda
        ),
    )


def schedule_of(workshop: Workshop) -> FeeSchedule:
    rate = None
    if workshop.fx_currency and workshop.fx_rate is not None and workshop.fx_as_of is not None:
        rate = ExchangeRate(
            workshop.currency, workshop.fx_currency, workshop.fx_rate, workshop.fx_as_of
        )
    return FeeSchedule(
        fees={
            tier.participants: Money(tier.gross, workshop.currency) for tier in workshop.fee_tiers
        },
        tax_rate=workshop.tax_rate,
        tax_name=workshop.tax_name,
        rate=rate,
    )
