"""The names of the files a letter makes: its ``.eml`` draft and the blank forms it
attaches, in the reader's language, as whole patterns (never words glued together).

Each pattern names ``{title}`` (the workshop's title), ``{date}`` (its ISO date, which
sorts in every language) and, for a file about one organization, ``{organization}``;
:func:`escadesk.domain.file_names.pattern_stem` fills it and makes it safe on Windows,
macOS and Linux (a colon or a slash in a translation is replaced, never refused). English
stays exactly as it was: "<title> <date> confirmation - <organization>.eml".
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from escadesk.domain import file_names
from escadesk.domain.letters import Document
from escadesk.i18n import N_, Translator


class DraftName(StrEnum):
    """What a draft (or an attached blank form) is, in its file's name."""

    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"
    RECEIPT = "receipt"
    ACKNOWLEDGEMENT = "acknowledgement"
    ACKNOWLEDGEMENT_REGISTRATION = "acknowledgement of the registration form"
    ACKNOWLEDGEMENT_CARD = "acknowledgement of the card authorization"
    REMINDER = "reminder"
    PRACTICAL_DETAILS = "practical details"
    REPORT_DELIVERY = "report delivery"
    BRONZE_LABEL = "Bronze label"
    INVITATION = "invitation"
    INVITATION_TO_ALL = "invitation to all delegates"
    REGISTRATION_FORM = "registration form"
    CARD_FORM = "card authorization form"

    def stem(
        self, locale: str, title: str, day: date | None, organization: str | None = None
    ) -> str:
        """The file name without its extension, in ``locale``'s language."""
        pattern = Translator(locale).gettext(_PATTERNS[self])
        return file_names.pattern_stem(pattern, title, day, organization)


def acknowledgement(document: Document | None) -> DraftName:
    """The acknowledgement's name: of which document, when it says."""
    if document is Document.REGISTRATION_FORM:
        return DraftName.ACKNOWLEDGEMENT_REGISTRATION
    if document is Document.CARD_AUTHORIZATION:
        return DraftName.ACKNOWLEDGEMENT_CARD
    return DraftName.ACKNOWLEDGEMENT


def blank_form_names(locale: str, title: str, day: date | None) -> tuple[str, str]:
    """(registration form, card authorization form) PDF names: 'ESCA ... (TCI 2018)
    2018-10-04 registration form.pdf' / '... formulaire d'inscription.pdf'."""
    return (
        f"{DraftName.REGISTRATION_FORM.stem(locale, title, day)}.pdf",
        f"{DraftName.CARD_FORM.stem(locale, title, day)}.pdf",
    )


# Translators: every pattern below is a FILE NAME (no slash, colon, star, question mark
# or quotes): keep {title} and {date} first, so a folder's drafts sort by workshop and
# date; {organization} is the organization (the delegate, for an invitation).
_PATTERNS = {
    # Translators: a file name (see above): the confirmation letter's draft.
    DraftName.CONFIRMED: N_("{title} {date} confirmation - {organization}"),
    # Translators: a file name (see above): the waiting-list letter's draft.
    DraftName.WAITLISTED: N_("{title} {date} waiting list letter - {organization}"),
    # Translators: a file name (see above): the cancellation letter's draft.
    DraftName.CANCELLED: N_("{title} {date} cancellation - {organization}"),
    # Translators: a file name (see above): the receipt letter's draft.
    DraftName.RECEIPT: N_("{title} {date} receipt - {organization}"),
    # Translators: a file name (see above): the acknowledgement of a document received.
    DraftName.ACKNOWLEDGEMENT: N_("{title} {date} acknowledgement - {organization}"),
    # Translators: a file name (see above): the acknowledgement of the registration form.
    DraftName.ACKNOWLEDGEMENT_REGISTRATION: N_(
        "{title} {date} acknowledgement of the registration form - {organization}"
    ),
    # Translators: a file name (see above): the acknowledgement of the card form.
    DraftName.ACKNOWLEDGEMENT_CARD: N_(
        "{title} {date} acknowledgement of the credit card authorization form - {organization}"
    ),
    # Translators: a file name (see above): the reminder of missing documents.
    DraftName.REMINDER: N_("{title} {date} reminder - {organization}"),
    # Translators: a file name (see above): the practical details letter's draft.
    DraftName.PRACTICAL_DETAILS: N_("{title} {date} practical details - {organization}"),
    # Translators: a file name (see above): the letter delivering the benchmarking report.
    DraftName.REPORT_DELIVERY: N_("{title} {date} benchmarking report - {organization}"),
    # Translators: a file name (see above): the letter awarding the Bronze label.
    DraftName.BRONZE_LABEL: N_("{title} {date} Bronze label - {organization}"),
    # Translators: a file name (see above): the invitation to one delegate (named).
    DraftName.INVITATION: N_("{title} {date} invitation - {organization}"),
    # Translators: a file name (see above): the one invitation to every delegate (Bcc).
    DraftName.INVITATION_TO_ALL: N_("{title} {date} invitation to all delegates"),
    # Translators: a file name (see above): the blank registration form (a PDF).
    DraftName.REGISTRATION_FORM: N_("{title} {date} registration form"),
    # Translators: a file name (see above): the blank credit-card authorization form.
    DraftName.CARD_FORM: N_("{title} {date} credit-card authorization form"),
}
