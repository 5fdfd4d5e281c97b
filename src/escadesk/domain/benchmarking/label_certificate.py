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
from escadesk.i18n import N_, Translator

#: ESCA's names are proper names: printed as ESCA writes them, in every language.
INITIATIVE = "European Cluster Excellence Initiative"
INITIATIVE_SHORT = "ECEI"
LABEL_MOTTO = "Striving for Cluster Excellence"
EXERCISE = "ESCA benchmarking exercise"
#: What the file and the letter call it (in the certificate's language where shown).
KIND = N_("Bronze label certificate")
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
    #: The language it is written in: the organization's (its letters').
    locale: str = "en_CA"

    @property
    def language(self) -> Translator:
        return Translator(self.locale)

    def date(self, day: date) -> str:
        """A day as the certificate prints it: 'Oct 4, 2018' / '4 oct. 2018'."""
        return long_date(day, self.locale)

    @property
    def title(self) -> str:
        """'European Cluster Excellence Initiative — Bronze label'."""
        # Translators: the Bronze certificate's title; {initiative} is ESCA's English name.
        return self.language.gettext("{initiative} — {label} label").format(
            initiative=INITIATIVE, label=self.award.label
        )

    def statement(self) -> str:
        """What the certificate says of the organization (the sentence after its name)."""
        workshop = self.workshop
        if self.language.language == "en" and workshop[:4].casefold() == "the ":
            workshop = workshop[4:]  # "of the The ..." never
        # "of the workshop", not "at": the interview (the label's date) may be held
        # before or after the day itself.
        # Translators: follows the organization's name on the Bronze certificate;
        # {initiative} is ESCA's English name, {short} its initials (ECEI).
        text = self.language.gettext(
            "has taken part in the ESCA benchmarking exercise of the {workshop} held on "
            "{date}, and is awarded the {label} label of the {initiative} ({short})."
        )
        return text.format(
            workshop=workshop,
            date=self.date(self.workshop_on),
            label=self.award.label,
            initiative=INITIATIVE,
            short=INITIATIVE_SHORT,
        )

    def facts(self) -> list[tuple[str, str]]:
        """(label, value) in the order the certificate shows them."""
        language = self.language
        return [
            (language.gettext("Awarded on"), self.date(self.award.awarded_on)),
            (language.gettext("Valid until"), self.date(self.award.valid_until)),
            (language.gettext("Certificate number"), self.number),
        ]

    def text(self) -> str:
        """The certificate as plain text (a letter's body may quote it)."""
        language = self.language
        signature = ", ".join(
            line for line in (self.issuer.director_name, self.issuer.director_title) if line
        )
        fact = language.gettext("{label}: {value}")
        return "\n".join(
            [
                self.title,
                f"“{LABEL_MOTTO}”",
                "",
                # Translators: the organization's name, then the certificate's statement.
                language.gettext("{organization} {statement}").format(
                    organization=self.organization, statement=self.statement()
                ),
                "",
                *(fact.format(label=label, value=value) for label, value in self.facts()),
                "",
                language.gettext("Issued by {issuer}: {signature}").format(
                    issuer=self.issuer.name, signature=signature
                ),
            ]
        )
