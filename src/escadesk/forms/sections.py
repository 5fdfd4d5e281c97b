"""The parts both forms share: the top of the first page, the workshop's facts, the
confidentiality statement at the end, and the hidden stamp."""

from __future__ import annotations

from reportlab.platypus import Flowable

from escadesk.forms.content import FormWorkshop, PageSize
from escadesk.forms.language import FormWords
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


def opening(
    workshop: FormWorkshop, kind: FormKind, page: PageSize, words: FormWords
) -> list[Flowable]:
    """The form's and the workshop's titles beside the institute, then the workshop's
    date, last day to register and place."""
    width = content_width(page)
    calendar = workshop.calendar
    t = words.t
    facts = [
        [
            # Translators: the workshop's date, at the top of a blank form.
            (t.pgettext("form", "Date"), words.date(calendar.event_date)),
            (t.gettext("Last day to register"), words.date(calendar.registration_deadline)),
        ],
        # Translators: where the workshop takes place (its venue), on a blank form.
        [(t.pgettext("form", "Place"), workshop.venue or t.gettext("To be announced"))],
    ]
    titles = [paragraph(words.title(kind), TITLE), paragraph(workshop.title, SUBTITLE)]
    return [masthead(workshop.institute, titles, width), Rule(), facts_table(facts, width)]


def closing(workshop: FormWorkshop, kind: FormKind, words: FormWords) -> list[Flowable]:
    """The confidentiality statement and the hidden stamp that names the form (the same
    stamp in every language: the reader knows a form by it, never by its words)."""
    notice = words.confidentiality(workshop.institute.name)
    return [
        keep(heading(words.gettext("Confidentiality")), paragraph(notice, SMALL)),
        HiddenStamp(FormStamp(kind, workshop.code)),
    ]


def document(workshop: FormWorkshop, kind: FormKind, page: PageSize, words: FormWords) -> Document:
    t, form = words.t, words.title(kind)
    # Translators: a blank form's PDF title: "Registration form: <workshop's title>".
    title = t.gettext("{form}: {workshop}").format(form=form, workshop=workshop.title)
    # Translators: a blank form's PDF subject; {code} is the workshop's code.
    subject = t.gettext("{form} for {workshop} ({code})")
    # Translators: a blank form's footer; {version} is the form's version number.
    footer = t.gettext("{form} · {workshop} · {code} · form version {version}")
    return Document(
        page=page,
        title=title,
        subject=subject.format(form=form, workshop=workshop.title, code=workshop.code),
        author=workshop.institute.name,
        footer=footer.format(
            form=form, workshop=workshop.title, code=workshop.code, version=FORM_VERSION
        ),
        lang=words.pdf_lang,
        # Translators: the page number in a blank form's footer.
        page_label=t.gettext("Page {number}"),
    )


def return_to(workshop: FormWorkshop, words: FormWords) -> str:
    """Where a filled form goes: the institute's sender address, when Settings has one."""
    email = workshop.institute.sender_email
    director = workshop.institute.director_name
    if email:
        if not director:
            return email
        # Translators: whom a filled form is sent to: "Morgan Ashdown at name@example.org".
        return words.gettext("{director} at {email}").format(director=director, email=email)
    return workshop.institute.name
