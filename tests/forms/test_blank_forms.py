"""The two blank forms: their fields, what they print, and that they fit the page."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import time

import pytest
from formkit import CODE, TITLE, VENUE, dollar_rate, institute, schedule_without_rate, workshop
from PIL import Image as PilImage
from pypdf import PdfReader

from escadesk.domain.confidentiality import confidentiality_notice
from escadesk.domain.fees import EXCHANGE_DISCLAIMER, FeeSchedule, announcement_fee_schedule
from escadesk.domain.institute import Logo
from escadesk.domain.technology import TECHNOLOGY_AREAS
from escadesk.domain.workshop_calendar import AgendaItem, WorkshopCalendar
from escadesk.forms.card_authorization_pdf import RULE, card_authorization_pdf
from escadesk.forms.content import FormWorkshop, PageSize
from escadesk.forms.fields import CARD_FIELDS, REGISTRATION_FIELDS
from escadesk.forms.layout import MARGIN_BOTTOM, MARGIN_SIDE, MARGIN_TOP, printable
from escadesk.forms.quiet_pdf import quiet_pdf
from escadesk.forms.registration_pdf import registration_pdf
from escadesk.forms.stamp import FORM_VERSION, STAMP_FIELD, FormKind, FormStamp

Builder = Callable[[FormWorkshop, PageSize], bytes]
FORMS: list[tuple[Builder, FormKind, tuple[str, ...]]] = [
    (registration_pdf, FormKind.REGISTRATION, tuple(f.name for f in REGISTRATION_FIELDS)),
    (card_authorization_pdf, FormKind.CARD_AUTHORIZATION, tuple(f.name for f in CARD_FIELDS)),
]
EACH_FORM = pytest.mark.parametrize(
    ("build", "kind", "names"), FORMS, ids=[kind.value for _, kind, _ in FORMS]
)
EACH_PAGE = pytest.mark.parametrize("page", list(PageSize), ids=[page.value for page in PageSize])
HIDDEN, READ_ONLY, COMBO, MULTILINE = 1 << 1, 1 << 0, 1 << 17, 1 << 12


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def text_of(pdf: bytes) -> str:
    """The printed text, its spacing collapsed."""
    with quiet_pdf():
        pages = [page.extract_text() for page in reader(pdf).pages]
    return " ".join(" ".join(pages).split())


def widgets(pdf: bytes) -> list[tuple[int, dict]]:
    """(page number, widget dictionary) of every field widget."""
    found = []
    for number, page in enumerate(reader(pdf).pages):
        for annotation in page.get("/Annots", []):
            widget = annotation.get_object()
            if widget.get("/Subtype") == "/Widget":
                found.append((number, widget))
    return found


def logo() -> Logo:
    image = PilImage.new("RGB", (300, 100), (31, 78, 121))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return Logo.read(out.getvalue())


@EACH_FORM
@EACH_PAGE
@pytest.mark.parametrize("with_logo", [False, True], ids=["no-logo", "logo"])
def test_each_form_is_one_page_of_the_size_asked_for(build, kind, names, page, with_logo):
    pdf = build(workshop(institute=institute(logo=logo() if with_logo else None)), page)

    pages = reader(pdf).pages
    assert pdf.startswith(b"%PDF-")
    assert len(pages) == 1
    box = pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == tuple(map(round, page.points))


@EACH_FORM
@EACH_PAGE
def test_each_form_has_its_fields_and_a_hidden_read_only_stamp(build, kind, names, page):
    pdf = build(workshop(), page)

    fields = reader(pdf).get_fields()
    assert set(fields) == {*names, STAMP_FIELD}
    assert all(fields[name].get("/V", "").strip() == "" for name in names)
    stamp = fields[STAMP_FIELD]
    assert FormStamp.decode(stamp["/V"]) == FormStamp(kind, CODE, FORM_VERSION)
    assert stamp["/Ff"] & READ_ONLY
    (widget,) = [w for _, w in widgets(pdf) if w["/T"] == STAMP_FIELD]
    assert widget["/F"] & HIDDEN


@EACH_FORM
@EACH_PAGE
def test_every_field_lies_inside_the_margins_and_none_overlap(build, kind, names, page):
    pdf = build(workshop(), page)
    width, height = page.points

    boxes = [
        tuple(float(v) for v in widget["/Rect"])
        for _, widget in widgets(pdf)
        if widget["/T"] != STAMP_FIELD
    ]
    assert len(boxes) == len(names)
    for left, bottom, right, top in boxes:
        assert left >= MARGIN_SIDE - 0.5 and right <= width - MARGIN_SIDE + 0.5
        assert bottom >= MARGIN_BOTTOM - 0.5 and top <= height - MARGIN_TOP + 0.5
    for number, first in enumerate(boxes):
        for second in boxes[number + 1 :]:
            apart = (
                first[2] <= second[0]
                or second[2] <= first[0]
                or first[3] <= second[1]
                or second[3] <= first[1]
            )
            assert apart, (first, second)


@EACH_FORM
def test_both_forms_carry_the_institute_the_workshop_and_the_confidentiality_statement(
    build, kind, names
):
    text = text_of(build(workshop(), PageSize.A4))

    for expected in (
        kind.form_title,
        TITLE,
        VENUE,
        "Oct 4, 2018",
        "Oct 1, 2018",
        "Institute for Competitiveness & Prosperity",
        "105 St George Street",
        "research.director@competeprosper.example",
        f"{CODE} · form version {FORM_VERSION}",
        confidentiality_notice("Institute for Competitiveness & Prosperity"),
    ):
        assert expected in text


def test_the_registration_form_shows_the_agenda_and_the_conditions():
    text = text_of(registration_pdf(workshop(), PageSize.LETTER))

    for item in ("9:00–9:15 Welcome and introductions", "9:30–11:00 Strategy Pitches"):
        assert item in text
    assert "open exclusively to the conference's delegates" in text
    assert "takes 4 to 6 cluster organizations" in text
    assert "only if at least 4 organizations have completed the whole registration" in text
    assert "by Oct 1, 2018: this form and the signed credit-card authorization form" in text
    # The choices are printed too, for a form filled in on paper.
    assert "Micro, nano and optical technologies" in text


def test_the_technology_area_is_a_drop_down_of_escas_list_with_nothing_chosen():
    fields = reader(registration_pdf(workshop(), PageSize.A4)).get_fields()

    area = fields["technology_area"]
    assert area["/FT"] == "/Ch"
    assert area["/Ff"] & COMBO
    options = [str(option).strip() for option in area["/Opt"]]
    assert options == ["", *TECHNOLOGY_AREAS]
    assert area["/V"].strip() == ""


def test_the_card_form_shows_the_schedules_own_fee_table_and_the_rule():
    schedule = announcement_fee_schedule()
    text = text_of(card_authorization_pdf(workshop(), PageSize.A4))

    for quote in schedule.quotes():
        row = (
            f"{quote.participants} organizations {quote.price.net.format()} "
            f"{quote.price.tax.format()} {quote.price.gross.format()} "
            f"{quote.approximation_text()}"
        )
        assert row in text
    assert "4 organizations 2,654.87 CAD 345.13 CAD 3,000.00 CAD ~1,990 EUR" in text
    assert "HST (13%)" in text
    assert f"EUR amounts at {schedule.rate.describe()}. {EXCHANGE_DISCLAIMER}" in text
    assert "HST registration number: 123456782 RT0001" in text
    assert RULE in text
    assert "charged only if the workshop proceeds" in RULE and "destroyed otherwise" in RULE
    assert "international charge" in text


def test_the_card_form_without_an_exchange_rate_has_no_approximation():
    text = text_of(card_authorization_pdf(workshop(fees=schedule_without_rate())))

    assert "3,000.00 CAD" in text
    assert "Approx." not in text and "~" not in text and EXCHANGE_DISCLAIMER not in text


def test_the_card_form_names_the_rates_currency():
    fees = FeeSchedule(announcement_fee_schedule().fees, announcement_fee_schedule().tax_rate)
    fees = FeeSchedule(fees.fees, fees.tax_rate, rate=dollar_rate())
    text = text_of(card_authorization_pdf(workshop(fees=fees)))

    assert "Approx. USD" in text and "~2,220 USD" in text


def test_the_card_fields_are_sized_for_what_they_hold():
    pdf = card_authorization_pdf(workshop())
    field = {str(widget["/T"]): widget for _, widget in widgets(pdf)}

    assert field["code"]["/MaxLen"] == 4
    assert field["card_number"]["/MaxLen"] >= 19 + 4
    assert field["billing_address"]["/Ff"] & MULTILINE
    assert "/MaxLen" not in field["billing_address"]


def test_long_texts_flow_onto_more_pages_and_nothing_leaves_the_page():
    long = workshop(
        title="International Cluster Benchmarking and Excellence Workshop " * 3,
        venue="Rotman School of Management, University of Toronto, " * 5,
        calendar=WorkshopCalendar(
            registration_deadline=workshop().calendar.registration_deadline,
            event_date=workshop().calendar.event_date,
            timezone="America/Toronto",
            agenda=tuple(
                AgendaItem(
                    time(8 + hour // 2, 30 * (hour % 2)),
                    time(8 + hour // 2, 29 + 30 * (hour % 2)),
                    f"Session {hour} " * 12,
                )
                for hour in range(20)
            ),
        ),
        institute=institute(
            name="Institute for Competitiveness & Prosperity at the Rotman School of Management",
            address="\n".join(f"Address line {n}" for n in range(1, 7)),
            logo=logo(),
        ),
    )
    for build in (registration_pdf, card_authorization_pdf):
        for page in PageSize:
            pdf = build(long, page)
            pages = reader(pdf).pages
            width, height = page.points
            assert len(pages) >= 2 if build is registration_pdf else len(pages) >= 1
            for _, widget in widgets(pdf):
                left, bottom, right, top = (float(v) for v in widget["/Rect"])
                assert left >= 0 and right <= width - MARGIN_SIDE + 0.5
                assert bottom >= 0 and top <= height - MARGIN_TOP + 0.5
            with quiet_pdf():
                footers = [page_.extract_text() for page_ in pages]
            assert all(f"Page {n}" in text for n, text in enumerate(footers, 1))


def test_the_logo_is_printed_in_the_masthead():
    pdf = registration_pdf(workshop(institute=institute(logo=logo())))

    resources = reader(pdf).pages[0]["/Resources"]
    images = [
        name
        for name, item in resources.get("/XObject", {}).items()
        if item.get_object()["/Subtype"] == "/Image"
    ]
    assert images


def test_text_the_standard_font_cannot_print_falls_back_to_its_letters():
    assert printable("Łódź Zoë Šimková – “x”") == "Lódz Zoë Šimková – “x”"
    assert printable("東京") == "??"
    text = text_of(registration_pdf(workshop(institute=institute(name="Łódź Cluster Institute"))))
    assert "Lódz Cluster Institute" in text


def test_the_same_workshop_gives_the_same_bytes():
    assert registration_pdf(workshop()) == registration_pdf(workshop())
    assert card_authorization_pdf(workshop()) == card_authorization_pdf(workshop())


def test_a_form_needs_its_workshops_code_and_title():
    with pytest.raises(ValueError, match="code"):
        workshop(code=" ")
    with pytest.raises(ValueError, match="title"):
        workshop(title="")
