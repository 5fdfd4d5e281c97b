"""The blank registration form: the workshop, its conditions, and the fields an
organization fills in (organization, country, technology area, its delegate)."""

from __future__ import annotations

from reportlab.platypus import Flowable

from escadesk.domain.localized_names import technology_area_choices
from escadesk.domain.workshop_calendar import AgendaItem
from escadesk.forms.content import FormWorkshop, PageSize
from escadesk.forms.fields import REGISTRATION_FIELDS, by_name
from escadesk.forms.language import FormWords
from escadesk.forms.layout import (
    SMALL,
    FieldBox,
    FieldRow,
    build,
    content_width,
    field_box,
    grid_table,
    heading,
    keep,
    paragraph,
)
from escadesk.forms.sections import closing, document, opening, return_to
from escadesk.forms.stamp import FormKind
from escadesk.i18n.locales import DEFAULT_LOCALE

KIND = FormKind.REGISTRATION
_FIELDS = by_name(REGISTRATION_FIELDS)


def registration_pdf(
    workshop: FormWorkshop, page: PageSize = PageSize.A4, locale: str = DEFAULT_LOCALE
) -> bytes:
    """The fillable registration form of ``workshop``, laid out for ``page``, printed in
    ``locale``'s language (its fields' names are the same in every language)."""
    words = FormWords(locale)
    story: list[Flowable] = [
        *opening(workshop, KIND, page, words),
        *_agenda(workshop.calendar.agenda, page, words),
        *_conditions(workshop, words),
        *_fields(workshop, words),
        *closing(workshop, KIND, words),
    ]
    return build(document(workshop, KIND, page, words), story)


def _agenda(agenda: tuple[AgendaItem, ...], page: PageSize, words: FormWords) -> list[Flowable]:
    if not agenda:
        return []
    t = words.t
    width = content_width(page)
    rows = [[f"{words.clock(item.start)}–{words.clock(item.end)}", item.title] for item in agenda]
    # Translators: the agenda table's columns on the registration form.
    header = [t.pgettext("agenda", "Time"), t.pgettext("agenda", "Programme")]
    table = grid_table(header, rows, [78, width - 78])
    return [keep(heading(t.gettext("Agenda")), table)]


def _conditions(workshop: FormWorkshop, words: FormWords) -> list[Flowable]:
    t = words.t
    calendar = workshop.calendar
    deadline = words.date(calendar.registration_deadline)
    minimum, maximum = calendar.minimum_organizations, calendar.maximum_organizations
    quorum = t.gettext(
        "The workshop takes {minimum} to {maximum} cluster organizations. It proceeds only "
        "if at least {minimum} organizations have completed the whole registration by "
        "{deadline}: this form and the signed credit-card authorization form."
    )
    fee = t.gettext(
        "The fee per organization depends on how many organizations take part; the "
        "credit-card authorization form shows it for each number. You will hear by e-mail "
        "on or after {deadline} whether the workshop proceeds and the exact price; your "
        "card is charged only then."
    )
    return [
        heading(t.gettext("Conditions")),
        paragraph(
            t.gettext(
                "The workshop is open exclusively to the conference's delegates: register "
                "with the e-mail address of a delegate."
            ),
            bold_lead=t.gettext("Delegates only."),
        ),
        paragraph(
            quorum.format(minimum=minimum, maximum=maximum, deadline=deadline),
            bold_lead=t.gettext("Quorum."),
        ),
        paragraph(fee.format(deadline=deadline), bold_lead=t.gettext("Fee.")),
    ]


def _fields(workshop: FormWorkshop, words: FormWords) -> list[Flowable]:
    t = words.t
    field = _FIELDS

    def box(name: str, options: tuple[str, ...] = ()) -> FieldBox:
        return field_box(field[name], options=options, language=t)

    # On paper the drop-down list is a blank box: the choices are printed. Both in the
    # form's language: a returned French form's "Énergie et environnement" reads back
    # as the stored "Energy and environment" (domain/localized_names.py).
    choices = tuple(shown for shown, _stored in technology_area_choices(words.locale))
    separator = "; " if words.english else "\u202f; "  # French: a thin space before ";"
    areas = t.gettext("ESCA's technology areas: {areas}.").format(areas=separator.join(choices))
    send = t.gettext(
        "Fill in the fields on screen and save the file, or print the form and fill it in "
        "by hand. Send it to {recipient}, together with the signed credit-card "
        "authorization form."
    )
    return [
        keep(
            heading(t.gettext("Your organization")),
            FieldRow([box("organization")]),
            FieldRow([box("country"), box("technology_area", options=choices)]),
            paragraph(areas, SMALL),
        ),
        keep(
            heading(t.gettext("Your delegate (the contact person)")),
            FieldRow([box("contact_name"), box("contact_title")]),
            FieldRow([box("contact_email"), box("contact_phone")]),
            paragraph(send.format(recipient=return_to(workshop, words))),
        ),
    ]
