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

HEADING = "CERTIFICATE OF DESTRUCTION"
SUBJECT = "Credit-card authorization"
HOW = (
    "The data was stored only in encrypted form, each authorization under its own keys. "
    "Those keys and the encrypted data were deleted, and the computer's device key was "
    "replaced, so that earlier copies of the database cannot be decrypted without the old "
    "device key."
)
NO_CARD_DATA = "This certificate contains no card data."


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

    def facts(self) -> list[tuple[str, str]]:
        """(label, value) in the order both layouts show them."""
        issuer = ", ".join(self.issuer.letterhead_lines())
        return [
            ("Certificate number", self.number),
            ("Issued by", issuer),
            ("Organization", self.organization),
            ("Workshop", self.workshop),
            ("Destroyed on", f"{self.destroyed_on} ({self.zone})"),
            ("Destroyed by", self.destroyed_by),
            ("Reason", self.reason),
        ]

    def text(self) -> str:
        """The plain-text certificate (its first line is the heading)."""
        return "\n".join(
            [
                f"{HEADING} — {SUBJECT.upper()}",
                "",
                *(f"{label}: {value}" for label, value in self.facts()),
                "",
                f"What was destroyed: {self.destroyed}.",
                "",
                f"How: {HOW[:1].lower()}{HOW[1:]}",
                "",
                "What was checked, and where:",
                *(f"- {line}" for line in self.checks),
                "",
                NO_CARD_DATA,
            ]
        )
