"""Messages to the organizations: plain data in, rendered subject and body out.

Only plain values reach this layer (no vault, storage or services): a card appears at
most as its mask ("VISA •••• 1111"), and every rendered message is checked for anything
that could be a card number before it is handed back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from functools import lru_cache, partial
from pathlib import Path

import jinja2

from escadesk.domain.cards import contains_card_number
from escadesk.domain.institute import DEFAULT_DIRECTOR_NAME, DEFAULT_INSTITUTE_NAME
from escadesk.domain.letters import Document
from escadesk.domain.moments import long_date, weekday_date
from escadesk.domain.money import Money
from escadesk.i18n import N_
from escadesk.notifications.letter_kinds import Template as Template
from escadesk.notifications.letter_language import (
    DEFAULT_LOCALE,
    document_title,
    letter_money,
    template_language,
    translator,
    zone_name,
)
from escadesk.notifications.resources import templates_dir

DEFAULT_INSTITUTE = DEFAULT_INSTITUTE_NAME
DEFAULT_TAX_LABEL = "HST"
DEFAULT_EXCHANGE_DISCLAIMER = N_("The Institute is not responsible for any exchange rate fees.")
SUBJECT_PREFIX = "Subject: "


@dataclass(frozen=True)
class Recipient:
    name: str
    email: str


@dataclass(frozen=True, kw_only=True)
class MessageContext:
    """Everything a template may show; fields a template does not need may stay None."""

    organization: str
    contact_name: str
    workshop_title: str
    venue: str
    event_date: date
    workshop_timezone: str
    director_email: str
    director_name: str = DEFAULT_DIRECTOR_NAME
    #: The signature's second line ("Research Director"); empty: no such line.
    director_title: str = ""
    institute: str = DEFAULT_INSTITUTE
    #: The institute's postal address, one line per line of the signature.
    institute_address: str = ""
    #: "123456782 RT0001": the receipt shows it (a tax receipt must); empty: not shown.
    tax_number: str = ""
    price_gross: Money | None = None
    price_net: Money | None = None
    price_tax: Money | None = None
    tax_label: str = DEFAULT_TAX_LABEL
    price_approximation: str | None = None  # "~1,990 EUR"
    exchange_disclaimer: str = DEFAULT_EXCHANGE_DISCLAIMER
    participants: int | None = None
    card_mask: str | None = None  # "VISA •••• 1111", never more
    #: The receipt's invoice ("INV-2018-0001"), attached as a PDF; None: none issued yet.
    invoice_number: str | None = None
    charge_amount: Money | None = None
    charge_date: date | None = None
    charge_reference: str | None = None
    waitlist_position: int | None = None
    certificate_text: str | None = None
    #: The organization's card authorizations stored by the Institute, and how many of
    #: them were destroyed (erasure verified): what the cancellation letter says is counted
    #: from these, never a fixed "all destroyed".
    cards_found: int | None = None
    cards_destroyed: int | None = None
    promoted: bool = False  # moved up from the waiting list after a withdrawal
    price_updated: bool = False  # replaces an earlier confirmation with a new price
    # -- the letters through the workshop (domain/letters.py) ------------------------------
    #: The document acknowledged ("credit card authorization form") and its day.
    document: str | None = None
    document_received_on: date | None = None
    #: What the registration has and still lacks, as the documents' titles.
    received_documents: tuple[str, ...] = ()
    missing_documents: tuple[str, ...] = ()
    #: "Monday, Oct 1, 2018": the last day to register, with its weekday.
    deadline_text: str | None = None
    minimum_organizations: int | None = None
    #: The day's first start and last end, local ("9:00 to 15:00").
    event_times: str | None = None
    #: "9:00–9:15  Welcome and introductions", one line per agenda item.
    agenda_lines: tuple[str, ...] = ()
    #: The organization's own pitch ("9:30–9:52, second of 4"); empty: not set yet.
    pitch_slot: str = ""
    directions: str = ""
    bring_items: tuple[str, ...] = ()
    facilitators: tuple[str, ...] = ()
    #: This letter replaces earlier practical details (the invitation's SEQUENCE > 0).
    details_update: bool = False
    #: The files attached to a report delivery (PDF, workbook).
    report_names: tuple[str, ...] | None = None
    label_awarded_on: date | None = None
    label_valid_until: date | None = None
    #: The organization's language: the template's folder, dates, amounts, time zone.
    locale: str = DEFAULT_LOCALE


# What each template cannot do without (checked before rendering, with a clear message).
REQUIRED_FIELDS: dict[Template, tuple[str, ...]] = {
    Template.CONFIRMED: (
        "price_gross",
        "price_net",
        "price_tax",
        "price_approximation",
        "participants",
    ),
    Template.WAITLISTED: ("waitlist_position",),
    Template.CANCELLED: ("cards_found", "cards_destroyed"),
    Template.RECEIPT: ("charge_amount", "charge_date", "charge_reference", "card_mask"),
    Template.ACKNOWLEDGEMENT: ("document", "document_received_on", "deadline_text"),
    Template.REMINDER: ("deadline_text", "minimum_organizations"),
    Template.PRACTICAL_DETAILS: ("event_times",),
    Template.REPORT_DELIVERY: ("report_names",),
    Template.BRONZE_LABEL: ("label_awarded_on", "label_valid_until"),
}


class MessageError(ValueError):
    """A message cannot be rendered from this context."""


class CardDataLeakError(MessageError):
    """The rendered text holds something that could be a card number (never quoted)."""


@dataclass(frozen=True)
class RenderedMessage:
    template: Template
    subject: str
    body: str


def _money(value: Money, locale: str) -> str:
    if not isinstance(value, Money):
        raise MessageError(f"Expected an amount of money, got {type(value).__name__}.")
    return letter_money(value, locale)


def _long_date(value: date, locale: str) -> str:
    if not isinstance(value, date):
        raise MessageError(f"Expected a date, got {type(value).__name__}.")
    return long_date(value, locale)


def _weekday_date(value: date, locale: str) -> str:
    if not isinstance(value, date):
        raise MessageError(f"Expected a date, got {type(value).__name__}.")
    return weekday_date(value, locale)


def make_environment(folder: Path, locale: str = DEFAULT_LOCALE) -> jinja2.Environment:
    """Plain-text e-mail: no HTML escaping, a misspelled field is an error, not a blank.
    Dates and amounts in ``locale`` (the letter's, never the window's)."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["money"] = partial(_money, locale=locale)
    environment.filters["long_date"] = partial(_long_date, locale=locale)
    environment.filters["weekday_date"] = partial(_weekday_date, locale=locale)
    environment.filters["zone"] = partial(zone_name, locale=locale)
    return environment


@lru_cache(maxsize=8)
def _environment(folder: Path, locale: str) -> jinja2.Environment:
    return make_environment(folder, locale)


def template_folder(locale: str, folder: Path | None = None) -> Path:
    """The templates of ``locale``'s language: ``<folder>/fr`` for French, the folder
    itself for English (``folder``: the app's ``resources/templates`` by default)."""
    base = folder or templates_dir()
    language = template_language(locale)
    return base if language is None else base / language


def check_no_card_number(*texts: str) -> None:
    """Raise CardDataLeakError if any text could hold a card number."""
    if any(contains_card_number(text) for text in texts):
        raise CardDataLeakError(
            "The message seems to contain a card number and was not produced; "
            "only the card's brand and last four digits may appear in a message."
        )


def _split_subject(text: str, name: str) -> tuple[str, str]:
    first, _, rest = text.partition("\n")
    if not first.startswith(SUBJECT_PREFIX):
        raise MessageError(f"Template {name} must start with a '{SUBJECT_PREFIX}...' line.")
    subject = first.removeprefix(SUBJECT_PREFIX).strip()
    if not subject:
        raise MessageError(f"Template {name} has an empty subject.")
    return subject, rest.lstrip("\n")


def render(
    template: Template, context: MessageContext, *, folder: Path | None = None
) -> RenderedMessage:
    """Subject and body of ``template`` for ``context`` (templates from ``folder``, or the
    app's ``resources/templates``)."""
    missing = [name for name in REQUIRED_FIELDS[template] if getattr(context, name) is None]
    if missing:
        raise MessageError(
            f"The {template.value} message needs {', '.join(missing)} for {context.organization}."
        )
    values = {field.name: getattr(context, field.name) for field in fields(context)}
    if context.exchange_disclaimer == DEFAULT_EXCHANGE_DISCLAIMER:
        values["exchange_disclaimer"] = translator(context.locale).gettext(
            DEFAULT_EXCHANGE_DISCLAIMER
        )
    subject, body = render_text(template.file_name, values, folder=folder, locale=context.locale)
    return RenderedMessage(template=template, subject=subject, body=body)


def render_text(
    file_name: str,
    values: Mapping[str, object],
    *,
    folder: Path | None = None,
    locale: str = DEFAULT_LOCALE,
) -> tuple[str, str]:
    """(subject, body) of the template ``file_name`` for ``values``: the one way every
    message is rendered (the letters above, the invitation), card guard included. The
    template is ``locale``'s (``<folder>/fr/`` for French), and so are its dates and
    amounts; ``card_form_title`` names the card form in that language for its tests."""
    environment = _environment(template_folder(locale, folder), locale)
    shown = {"card_form_title": document_title(Document.CARD_AUTHORIZATION, locale), **values}
    text = environment.get_template(file_name).render(shown)
    subject, body = _split_subject(text, file_name)
    check_no_card_number(subject, body)
    return subject, body
