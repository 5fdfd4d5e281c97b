"""The invitation to register: a letter to the conference's delegates with both blank
forms attached, rendered from ``resources/templates/invitation.txt.j2``.

Not one of the status letters (:class:`~escadesk.notifications.letter_kinds.Template`):
it goes to delegates before any registration exists, so it has its own plain context.
Only plain values reach it (the fee table as the schedule's own quotes, put in words by
the caller); the rendered text passes the same card guard as every letter.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path

from escadesk.domain.institute import DEFAULT_DIRECTOR_NAME, DEFAULT_INSTITUTE_NAME
from escadesk.notifications.letter_language import DEFAULT_LOCALE
from escadesk.notifications.messages import render_text

TEMPLATE_FILE = "invitation.txt.j2"


@dataclass(frozen=True, kw_only=True)
class InvitationContext:
    """Everything the invitation shows."""

    #: The delegate's name; empty in the one letter for all (Bcc), which greets them all.
    delegate_name: str
    #: The delegate's address on the list, which the registration form must give; empty
    #: in the letter for all.
    delegate_email: str
    workshop_title: str
    venue: str
    event_date: date
    registration_deadline: date
    workshop_timezone: str
    minimum_organizations: int
    maximum_organizations: int
    #: One line per head-count: "4 organizations: $3,000.00 CAD (~1,990 EUR)".
    fee_lines: tuple[str, ...]
    tax_label: str
    #: The approximations' dated rate and the exchange-rate disclaimer ("": no rate).
    exchange_disclaimer: str
    registration_form: str
    card_form: str
    director_email: str
    director_name: str = DEFAULT_DIRECTOR_NAME
    director_title: str = ""
    institute: str = DEFAULT_INSTITUTE_NAME
    institute_address: str = ""


@dataclass(frozen=True)
class RenderedInvitation:
    subject: str
    body: str


def render_invitation(
    context: InvitationContext, *, folder: Path | None = None, locale: str = DEFAULT_LOCALE
) -> RenderedInvitation:
    """Subject and body of the invitation (templates from ``folder``, or the app's), in
    ``locale``'s language (its template, dates and time zone)."""
    values = {field.name: getattr(context, field.name) for field in fields(context)}
    subject, body = render_text(TEMPLATE_FILE, values, folder=folder, locale=locale)
    return RenderedInvitation(subject, body)
