"""The parts both forms share: the top of the first page, the workshop's facts, the
confidentiality statement at the end, and the hidden stamp."""

from __future__ import annotations

from reportlab.platypus import Flowable

from escadesk.domain.moments import long_date
from escadesk.forms.content import FormWorkshop, PageSize
from escadesk.forms.layout import (
    SMALL,
    SUBTITLE,
    TITLE,
    Document,
    HiddenStamp,
    Rule,
    content_width,
    facts_table,
    heading,
    keep,
    masthead,
    paragraph,
)
from escadesk.forms.stamp import FORM_VERSION, FormKind, FormStamp


def opening(workshop: FormWorkshop, kind: FormKind, page: PageSize) -> list[Flowable]:
    """The form's and the workshop's titles beside the institute, then the workshop's
    date, last day to register and place."""
    width = content_width(page)
    calendar = workshop.calendar
    facts = [
        [
            ("Date", long_date(calendar.event_date)),
            ("Last day to register", long_date(calendar.registration_deadline)),
        ],
        [("Place", workshop.venue or "To be announced")],
    ]
    titles = [paragraph(kind.form_title, TITLE), paragraph(workshop.title, SUBTITLE)]
    return [masthead(workshop.institute, titles, width), Rule(), facts_table(facts, width)]


def closing(workshop: FormWorkshop, kind: FormKind) -> list[Flowable]:
    """The confidentiality statement and the hidden stamp that names the form."""
    return [
        keep(heading("Confidentiality"), paragraph(workshop.confidentiality, SMALL)),
        HiddenStamp(FormStamp(kind, workshop.code)),
    ]


def document(workshop: FormWorkshop, kind: FormKind, page: PageSize) -> Document:
    return Document(
        page=page,
        title=f"{kind.form_title}: {workshop.title}",
        subject=f"{kind.form_title} for {workshop.title} ({workshop.code})",
        author=workshop.institute.name,
        footer=(
            f"{kind.form_title} · {workshop.title} · {workshop.code} · form version {FORM_VERSION}"
        ),
    )


def return_to(workshop: FormWorkshop) -> str:
    """Where a filled form goes: the institute's sender address, when Settings has one."""
    email = workshop.institute.sender_email
    director = workshop.institute.director_name
    if email:
        return f"{director} at {email}" if director else email
    return workshop.institute.name
