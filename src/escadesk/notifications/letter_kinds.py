"""Which letters exist and which one each registration status receives: plain names,
without the templates' engine, so the desk can say which letters are due without
importing Jinja2 (the letters themselves are rendered by ``notifications.messages``)."""

from __future__ import annotations

from enum import StrEnum

from escadesk.domain.registration import RegistrationStatus


class Template(StrEnum):
    """The messages the director sends; each is ``resources/templates/<value>.txt.j2``."""

    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"
    RECEIPT = "receipt"
    #: The letters through the workshop (domain/letters.py's LetterKind, same values).
    ACKNOWLEDGEMENT = "acknowledgement_received"
    REMINDER = "reminder_missing_documents"
    PRACTICAL_DETAILS = "practical_details"
    REPORT_DELIVERY = "report_delivery"
    BRONZE_LABEL = "bronze_label"

    @property
    def file_name(self) -> str:
        return f"{self.value}.txt.j2"


#: The letters that follow a registration's status; the others follow its documents,
#: its place and its results (domain/letters.py says when each is due).
STATUS_TEMPLATES = frozenset(
    {Template.CONFIRMED, Template.WAITLISTED, Template.CANCELLED, Template.RECEIPT}
)

#: Which letter each status receives.
TEMPLATE_FOR = {
    RegistrationStatus.CONFIRMED: Template.CONFIRMED,
    RegistrationStatus.WAITLISTED: Template.WAITLISTED,
    RegistrationStatus.CANCELLED: Template.CANCELLED,
    RegistrationStatus.CHARGED: Template.RECEIPT,
}
