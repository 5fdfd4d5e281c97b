"""A certificate of destruction as facts: the same facts read as text (attached to the
cancellation letter's body, saved as .txt), laid out as a PDF page
(``escadesk.documents.certificate_pdf``: the letter's attachment, the certificates
window's "Save as PDF" and printing) and shown on screen, so none of them can ever say
different things. It holds no card data.

A plain value in the domain so that the documents (which may not import services) and the
window read the one definition."""

from __future__ import annotations

from dataclasses import dataclass

from escadesk.domain.institute import InstituteIdentity
from escadesk.i18n import N_, Translator

#: The certificate's own words, in English; a certificate says them in its language
#: (``Certificate.locale``: the organization's) through the methods below.
HEADING = N_("CERTIFICATE OF DESTRUCTION")
SUBJECT = N_("Credit-card authorization")
HOW = N_(
    "The data was stored only in encrypted form, each authorization under its own keys. "
    "Those keys and the encrypted data were deleted, and the computer's device key was "
    "replaced, so that earlier copies of the database cannot be decrypted without the old "
    "device key."
)
NO_CARD_DATA = N_("This certificate contains no card data.")
ISSUED_BY = N_("Issued by")


@dataclass(frozen=True)
class Certificate:
    number: str
    organization: str
    workshop: str
    #: '2018-10-02 09:00' on the workshop's wall clock, and that clock's zone.
    destroyed_on: str
    zone: str
    destroyed_by: str
    reason: str
    #: What was destroyed, in words ("the card number, ... and the scanned form").
    destroyed: str
    #: One line per fact recorded when the erasure finished (erasure_report).
    checks: tuple[str, ...]
    issuer: InstituteIdentity
    #: The language it is written in (the organization's): the values above are already
    #: in it (the vault service words them), the labels and statements come from here.
    locale: str = "en_CA"

    @property
    def language(self) -> Translator:
        return Translator(self.locale)

    def heading(self) -> str:
        return self.language.gettext(HEADING)

    def subject(self) -> str:
        return self.language.gettext(SUBJECT)

    def how(self) -> str:
        return self.language.gettext(HOW)

    def no_card_data(self) -> str:
        return self.language.gettext(NO_CARD_DATA)

    def issued_by(self) -> str:
        """The issuer's label (the screen leaves that fact to its letterhead)."""
        return self.language.gettext(ISSUED_BY)

    def facts(self) -> list[tuple[str, str]]:
        """(label, value) in the order both layouts show them."""
        language = self.language
        issuer = ", ".join(self.issuer.letterhead_lines())
        return [
            (language.gettext("Certificate number"), self.number),
            (self.issued_by(), issuer),
            (language.gettext("Organization"), self.organization),
            (language.gettext("Workshop"), self.workshop),
            (
                language.gettext("Destroyed on"),
                # Translators: the erasure's moment and its time zone, "2018-10-02 09:00 (…)".
                language.gettext("{moment} ({zone})").format(
                    moment=self.destroyed_on, zone=self.zone
                ),
            ),
            (language.gettext("Destroyed by"), self.destroyed_by),
            # Translators: a certificate's fact: why the card data was destroyed.
            (language.pgettext("certificate", "Reason"), self.reason),
        ]

    def text(self) -> str:
        """The plain-text certificate (its first line is the heading)."""
        language = self.language
        how = self.how()
        # Translators: a label and its value in the plain-text certificate ("Reason: …").
        fact = language.gettext("{label}: {value}")
        return "\n".join(
            [
                # Translators: the plain-text certificate's first line.
                language.gettext("{heading} — {subject}").format(
                    heading=self.heading(), subject=self.subject().upper()
                ),
                "",
                *(fact.format(label=label, value=value) for label, value in self.facts()),
                "",
                language.gettext("What was destroyed: {destroyed}.").format(
                    destroyed=self.destroyed
                ),
                "",
                language.gettext("How: {how}").format(how=f"{how[:1].lower()}{how[1:]}"),
                "",
                language.gettext("What was checked, and where:"),
                *(f"- {line}" for line in self.checks),
                "",
                self.no_card_data(),
            ]
        )
