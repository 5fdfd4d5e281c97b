"""What the writers are given: plain values, gathered by the export service.

A card appears only as a :class:`~escadesk.domain.cards.MaskedCard` (brand and last four
digits; it refuses anything longer), so no writer can be handed a card number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from escadesk.domain.cards import MaskedCard
from escadesk.domain.confidentiality import CONFIDENTIALITY_NOTICE as CONFIDENTIALITY_NOTICE
from escadesk.domain.fees import ExchangeRate, FeeQuote
from escadesk.domain.institute import DEFAULT_INSTITUTE_NAME
from escadesk.domain.money import ROUNDING_RULE_TEXT, Money, TaxSplit
from escadesk.domain.pitch_schedule import PitchSchedule
from escadesk.domain.workshop_calendar import AgendaItem, Facilitator
from escadesk.i18n import N_, Translator, _


def zone_label(timezone: str, language: Translator | None = None) -> str:
    """'America/Toronto' -> 'Toronto time' ('heure de Toronto'): short enough for a column
    header; in ``language``, by default the user interface's."""
    place = timezone.rsplit("/", 1)[-1].replace("_", " ")
    # Translators: a time zone named by its city, in a column header: "Toronto time".
    sentence = N_("{place} time")
    return (_(sentence) if language is None else language.gettext(sentence)).format(place=place)


@dataclass(frozen=True)
class WorkshopHeading:
    """The workshop a workbook is about, and when it was generated."""

    title: str
    code: str
    venue: str
    event_date: date
    timezone: str
    generated_at: datetime  # aware
    #: Who prepared the workbook: the institute's name (Settings > Institute).
    prepared_by: str = DEFAULT_INSTITUTE_NAME

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def zone_label(self) -> str:
        """'Toronto time': short enough for a column header."""
        return zone_label(self.timezone)

    def local(self, moment: datetime | None) -> datetime | None:
        """``moment`` as a naive date-time on the workshop's wall clock (Excel has no zones)."""
        if moment is None:
            return None
        return moment.astimezone(self.zone).replace(tzinfo=None, microsecond=0)


@dataclass(frozen=True)
class ParticipantLine:
    organization: str
    country: str
    technology_area: str
    contact_name: str
    contact_title: str
    contact_email: str
    contact_phone: str
    status: str
    completed_at: datetime | None  # aware
    late: bool
    late_accepted_reason: str | None
    waitlist_position: int | None
    pitch_number: int | None = None


@dataclass(frozen=True)
class RosterData:
    heading: WorkshopHeading
    participants: tuple[ParticipantLine, ...]
    agenda: tuple[AgendaItem, ...]
    pitches: PitchSchedule
    facilitators: tuple[Facilitator, ...]
    confidentiality: str = CONFIDENTIALITY_NOTICE


@dataclass(frozen=True)
class ChargeLine:
    """One organization on the finance sheet; fee fields are None until a fee is fixed."""

    organization: str
    billing_contact: str
    billing_email: str
    status: str
    fee: TaxSplit | None
    approximation: Money | None
    card: MaskedCard | None
    authorization: str
    charged_on: date | None
    charge_reference: str
    charged_amount: Decimal | None
    erasure: str
    erased_at: datetime | None  # aware


@dataclass(frozen=True)
class FinanceData:
    heading: WorkshopHeading
    currency: str
    tax_name: str
    tax_rate: Decimal
    rate: ExchangeRate | None
    lines: tuple[ChargeLine, ...]
    head_count: int
    tier: FeeQuote | None
    decision: str
    rounding_rule: str = ROUNDING_RULE_TEXT
