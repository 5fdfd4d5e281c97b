"""The blank registration form: the workshop, its conditions, and the fields an
organization fills in (organization, country, technology area, its delegate)."""

from __future__ import annotations

from reportlab.platypus import Flowable

from escadesk.domain.moments import long_date
from escadesk.domain.technology import TECHNOLOGY_AREAS
from escadesk.domain.workshop_calendar import AgendaItem, clock
from escadesk.forms.content import FormWorkshop, PageSize
from escadesk.forms.fields import REGISTRATION_FIELDS, by_name
from escadesk.forms.layout import (
    SMALL,
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

KIND = FormKind.REGISTRATION
_FIELDS = by_name(REGISTRATION_FIELDS)


def registration_pdf(workshop: FormWorkshop, page: PageSize = PageSize.A4) -> bytes:
    """The fillable registration form of ``workshop``, laid out for ``page``."""
    story: list[Flowable] = [
        *opening(workshop, KIND, page),
        *_agenda(workshop.calendar.agenda, page),
        *_conditions(workshop),
        *_fields(workshop),
        *closing(workshop, KIND),
    ]
    return build(document(workshop, KIND, page), story)


def _agenda(agenda: tuple[AgendaItem, ...], page: PageSize) -> list[Flowable]:
    if not agenda:
        return []
    width = content_width(page)
    rows = [[f"{clock(item.start)}–{clock(item.end)}", item.title] for item in agenda]
    table = grid_table(["Time", "Programme"], rows, [78, width - 78])
    return [keep(heading("Agenda"), table)]


def _conditions(workshop: FormWorkshop) -> list[Flowable]:
    calendar = workshop.calendar
    deadline = long_date(calendar.registration_deadline)
    minimum, maximum = calendar.minimum_organizations, calendar.maximum_organizations
    return [
        heading("Conditions"),
        paragraph(
            "The workshop is open exclusively to the conference's delegates: register with "
            "the e-mail address of a delegate.",
            bold_lead="Delegates only.",
        ),
        paragraph(
            f"The workshop takes {minimum} to {maximum} cluster organizations. It proceeds "
            f"only if at least {minimum} organizations have completed the whole registration "
            f"by {deadline}: this form and the signed credit-card authorization form.",
            bold_lead="Quorum.",
        ),
        paragraph(
            "The fee per organization depends on how many organizations take part; the "
            "credit-card authorization form shows it for each number. You will hear by "
            f"e-mail on or after {deadline} whether the workshop proceeds and the exact "
            "price; your card is charged only then.",
            bold_lead="Fee.",
        ),
    ]


def _fields(workshop: FormWorkshop) -> list[Flowable]:
    field = _FIELDS
    return [
        keep(
            heading("Your organization"),
            FieldRow([field_box(field["organization"])]),
            FieldRow(
                [
                    field_box(field["country"]),
                    field_box(field["technology_area"], options=TECHNOLOGY_AREAS),
                ]
            ),
            paragraph(
                # On paper the drop-down list is a blank box: the choices are printed.
                "ESCA's technology areas: " + "; ".join(TECHNOLOGY_AREAS) + ".",
                SMALL,
            ),
        ),
        keep(
            heading("Your delegate (the contact person)"),
            FieldRow([field_box(field["contact_name"]), field_box(field["contact_title"])]),
            FieldRow([field_box(field["contact_email"]), field_box(field["contact_phone"])]),
            paragraph(
                "Fill in the fields on screen and save the file, or print the form and fill "
                f"it in by hand. Send it to {return_to(workshop)}, together with the signed "
                "credit-card authorization form.",
            ),
        ),
    ]
