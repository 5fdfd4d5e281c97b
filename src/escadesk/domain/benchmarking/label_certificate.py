"""The certificate of a Bronze label, as facts: what the PDF (``documents/bronze_pdf.py``)
lays out and the Bronze-label letter attaches.

The names are ESCA's (see BENCHMARKING.md): the Bronze label of the European Cluster
Excellence Initiative, "Striving for Cluster Excellence", earned by taking part in the
ESCA benchmarking. The institute that ran the workshop issues the certificate, signed by
its director; it never claims to be ESCA's own label document.

The certificate number is derived, never stored: "BL-<year awarded>-<label record number,
4 digits>" ("BL-2018-0007"). The label record is written once and never renumbered (one
label per registration), so the same label always prints the same number, and two labels
of one data folder never share one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from escadesk.domain.benchmarking.label import QualityLabelAward
from escadesk.domain.institute import InstituteIdentity
from escadesk.domain.moments import long_date

INITIATIVE = "European Cluster Excellence Initiative"
INITIATIVE_SHORT = "ECEI"
LABEL_MOTTO = "Striving for Cluster Excellence"
EXERCISE = "ESCA benchmarking exercise"
#: What the file and the letter call it.
KIND = "Bronze label certificate"
NUMBER_PREFIX = "BL"


def label_certificate_number(label_id: int, awarded_on: date) -> str:
    """'BL-2018-0007' for label record 7 awarded in 2018 (see the module's rule)."""
    if label_id < 1:
        raise ValueError("A label certificate needs the stored label's number.")
    return f"{NUMBER_PREFIX}-{awarded_on.year}-{label_id:04d}"


@dataclass(frozen=True)
class BronzeCertificate:
    """One organization's Bronze label, as its certificate states it."""

    number: str
    organization: str
    workshop: str
    workshop_on: date
    award: QualityLabelAward
    issuer: InstituteIdentity

    @property
    def title(self) -> str:
        """'European Cluster Excellence Initiative — Bronze label'."""
        return f"{INITIATIVE} — {self.award.label} label"

    def statement(self) -> str:
        """What the certificate says of the organization (the sentence after its name)."""
        workshop = self.workshop
        if workshop[:4].casefold() == "the ":  # "of the The ..." never
            workshop = workshop[4:]
        # "of the workshop", not "at": the interview (the label's date) may be held
        # before or after the day itself.
        return (
            f"has taken part in the {EXERCISE} of the {workshop} held on "
            f"{long_date(self.workshop_on)}, and is awarded the {self.award.label} label of "
            f"the {INITIATIVE} ({INITIATIVE_SHORT})."
        )

    def facts(self) -> list[tuple[str, str]]:
        """(label, value) in the order the certificate shows them."""
        return [
            ("Awarded on", long_date(self.award.awarded_on)),
            ("Valid until", long_date(self.award.valid_until)),
            ("Certificate number", self.number),
        ]

    def text(self) -> str:
        """The certificate as plain text (a letter's body may quote it)."""
        signature = ", ".join(
            line for line in (self.issuer.director_name, self.issuer.director_title) if line
        )
        return "\n".join(
            [
                self.title,
                f"“{LABEL_MOTTO}”",
                "",
                f"{self.organization} {self.statement()}",
                "",
                *(f"{label}: {value}" for label, value in self.facts()),
                "",
                f"Issued by {self.issuer.name}: {signature}",
            ]
        )
