"""What a blank form shows about its workshop and host, gathered by the caller.

Everything here is a domain value already checked where it was saved (the workshop's
calendar and fee schedule, the institute's identity from Settings); the forms only lay it
out. The fee table is the schedule's own quotes: nothing is recomputed here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from escadesk.domain.confidentiality import confidentiality_notice
from escadesk.domain.fees import FeeSchedule
from escadesk.domain.institute import InstituteIdentity
from escadesk.domain.workshop_calendar import WorkshopCalendar


class PageSize(Enum):
    """The paper the form is laid out for: A4 in Europe, Letter in North America."""

    A4 = "A4"
    LETTER = "Letter"

    @property
    def points(self) -> tuple[float, float]:
        """(width, height) in PDF points (1/72 inch): 210 × 297 mm, or 8.5 × 11 inches."""
        if self is PageSize.A4:
            return 210 / 25.4 * 72, 297 / 25.4 * 72
        return 8.5 * 72, 11.0 * 72


@dataclass(frozen=True)
class FormWorkshop:
    """One workshop as both of its forms present it."""

    code: str
    title: str
    venue: str
    calendar: WorkshopCalendar
    fees: FeeSchedule
    institute: InstituteIdentity = field(default_factory=InstituteIdentity)

    def __post_init__(self) -> None:
        if not self.code.strip():
            raise ValueError("A form needs its workshop's code.")
        if not self.title.strip():
            raise ValueError("A form needs its workshop's title.")

    @property
    def confidentiality(self) -> str:
        """The announcement's statement, naming the institute that collects the forms."""
        return confidentiality_notice(self.institute.name)
