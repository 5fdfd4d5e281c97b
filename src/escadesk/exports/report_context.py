"""What the benchmarking report writer is given: plain values and domain results.

The service gathers these (the organization's answers are already compared with the
active reference set); the writer never sees the database. A report holds no card data of
any kind, not even a masked card: nothing here can carry one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from escadesk.domain.benchmarking import Comparison, QualityLabelAward, Recommendation
from escadesk.domain.institute import DEFAULT_INSTITUTE_NAME
from escadesk.exports.report_language import english
from escadesk.i18n import Translator


@dataclass(frozen=True)
class ReportContext:
    organization: str
    workshop_title: str
    workshop_date: date
    generated_at: datetime
    """Aware; printed as the wall-clock time of its own zone."""
    comparison: Comparison
    recommendations: tuple[Recommendation, ...]
    label: QualityLabelAward | None
    confidentiality: str
    """The notice printed on the cover."""
    prepared_by: str = DEFAULT_INSTITUTE_NAME
    """The institute's name (Settings > Institute), on the cover and as the file's author."""
    language: Translator = field(default_factory=english)
    """The organization's language (its texts, numbers and dates), never the window's:
    the comparison and recommendations are already in it (report_language.py)."""

    def __post_init__(self) -> None:
        if self.generated_at.tzinfo is None or self.generated_at.utcoffset() is None:
            raise ValueError("The generation time must carry its time zone.")

    @property
    def synthetic(self) -> bool:
        return self.comparison.synthetic

    @property
    def generated_local(self) -> datetime:
        """The generation time on its own wall clock (Excel has no time zones)."""
        return self.generated_at.replace(tzinfo=None, microsecond=0)

    @property
    def zone_text(self) -> str:
        """'EDT, UTC-04:00'."""
        offset = self.generated_at.utcoffset()
        assert offset is not None
        minutes = int(offset.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "-"
        hours, rest = divmod(abs(minutes), 60)
        utc = f"UTC{sign}{hours:02d}:{rest:02d}"
        name = self.generated_at.tzname()
        return f"{name}, {utc}" if name and name != utc and not name.startswith("UTC") else utc
