"""The certificate of a Bronze label, as a PDF page a cluster manager can frame.

Landscape, on the paper chosen for every document, inside a double rule: the institute
(logo and name) at the top, the label's name, the organization in large type, what it
took part in and was awarded, the dates and the certificate's number, then the director's
signature block beside a bronze seal. Sober on purpose: the institute's blue, one bronze
accent, the standard Helvetica of every escadesk document.

Everything is drawn in one frame that shrinks to fit (``KeepInFrame``), so a 200-character
organization or workshop name makes the type smaller, never a second page or a clipped
line; the organization's name steps down in size first, the rest only when that is not
enough.
"""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Image, KeepInFrame, Table, TableStyle

from escadesk.domain.benchmarking.label_certificate import (
    INITIATIVE_SHORT,
    KIND,
    LABEL_MOTTO,
    BronzeCertificate,
)
from escadesk.forms.content import PageSize
from escadesk.forms.layout import (
    ACCENT,
    BODY,
    FONT,
    FONT_BOLD,
    INK,
    MUTED,
    RULE,
    boxed,
    gap,
    paragraph,
    printable,
)

BRONZE = colors.HexColor("#8A5A2B")
BRONZE_LIGHT = colors.HexColor("#F6EEE5")

#: The outer rule's distance from the paper's edge: inside every printer's margin.
BORDER = 24.0
INNER = 6.0
SIDE = 64.0
TOP = 50.0
#: The signature block's band above the bottom rule.
SIGNATURE_BOTTOM = 58.0
SIGNATURE_HEIGHT = 86.0
FOOTER_Y = BORDER + INNER + 10
LOGO_HEIGHT = 40.0
LOGO_WIDTH = 160.0
SEAL_RADIUS = 38.0
#: The organization's name: the largest size, then smaller until it fits in 2 lines.
NAME_SIZES = (28.0, 24.0, 20.0, 17.0, 15.0)
NAME_LINES = 2
#: The statement's column, a share of the text width.
STATEMENT_SHARE = 0.78

CENTRE = ParagraphStyle("centre", parent=BODY, alignment=1, fontSize=11, leading=15.5)
INSTITUTE = ParagraphStyle(
    "institute", parent=CENTRE, fontName=FONT_BOLD, fontSize=10.5, leading=13, textColor=MUTED
)
TITLE = ParagraphStyle(
    "title", parent=CENTRE, fontName=FONT_BOLD, fontSize=22, leading=27, textColor=ACCENT
)
MOTTO = ParagraphStyle(
    "motto", parent=CENTRE, fontName="Helvetica-Oblique", fontSize=12, textColor=BRONZE
)
NOTE = ParagraphStyle("note", parent=CENTRE, fontSize=8.5, leading=11.5, textColor=MUTED)
FACT_LABEL = ParagraphStyle(
    "fact_label", parent=CENTRE, fontName=FONT_BOLD, fontSize=7.5, leading=10, textColor=MUTED
)
FACT_VALUE = ParagraphStyle("fact_value", parent=CENTRE, fontName=FONT_BOLD, fontSize=11.5)
SIGNER = ParagraphStyle("signer", parent=BODY, fontName=FONT_BOLD, fontSize=10.5, leading=13)
SIGNER_LINE = ParagraphStyle("signer_line", parent=BODY, fontSize=9, leading=11.5, textColor=MUTED)


def bronze_certificate_pdf(certificate: BronzeCertificate, page: PageSize) -> bytes:
    """The certificate, landscape on ``page``, as PDF bytes (always one page)."""
    height, width = page.points  # landscape
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height), invariant=1, pageCompression=1)
    canvas.setTitle(printable(f"{certificate.title} — {certificate.organization}"))
    kind = certificate.language.gettext(KIND)
    canvas.setSubject(printable(f"{kind} {certificate.number}"))
    canvas.setAuthor(printable(certificate.issuer.name))
    canvas.setCreator("escadesk")
    _frame(canvas, width, height)
    inner_width = width - 2 * SIDE
    top = height - TOP
    bottom = SIGNATURE_BOTTOM + SIGNATURE_HEIGHT + 10
    _place(canvas, _main(certificate, inner_width), SIDE, bottom, inner_width, top - bottom)
    _place(
        canvas,
        [_signature(certificate, inner_width)],
        SIDE,
        SIGNATURE_BOTTOM,
        inner_width,
        SIGNATURE_HEIGHT,
        middle=False,
    )
    _footer(canvas, certificate, width)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _place(
    canvas: Canvas,
    flowables: list[Flowable],
    x: float,
    y: float,
    width: float,
    height: float,
    *,
    middle: bool = True,
) -> None:
    """Draw ``flowables`` in the box, shrunk to fit it, centred vertically (or at its
    bottom)."""
    block = KeepInFrame(width, height, flowables, mode="shrink", hAlign="CENTER")
    _, used = block.wrapOn(canvas, width, height)
    block.drawOn(canvas, x, y + ((height - used) / 2 if middle else 0))


def _main(certificate: BronzeCertificate, width: float) -> list[Flowable]:
    issuer = certificate.issuer
    award = certificate.award
    language = certificate.language
    top: list[Flowable] = []
    logo = _logo(certificate)
    if logo is not None:
        top += [logo, gap(6)]
    top += [
        paragraph(issuer.name, INSTITUTE),
        gap(20),
        # Translators: the word over the Bronze certificate's title, in capitals.
        SpacedCaps(language.gettext("CERTIFICATE"), FONT_BOLD, 10, BRONZE, 4.0),
        gap(6),
        paragraph(certificate.title, TITLE),
        paragraph(f"“{LABEL_MOTTO}”", MOTTO),
        gap(16),
        paragraph(language.gettext("This certifies that"), CENTRE),
        gap(6),
        _narrow(
            paragraph(certificate.organization, _name_style(certificate.organization, width)),
            width,
        ),
        gap(6),
        _narrow(paragraph(certificate.statement(), CENTRE), width * STATEMENT_SHARE),
        gap(16),
        _facts(certificate, width),
        gap(10),
        paragraph(
            language.gettext(
                "The label is valid for 2 years from the month of the benchmarking "
                "interview: from {start} to {end}."
            ).format(
                start=certificate.date(award.valid_from), end=certificate.date(award.valid_until)
            ),
            NOTE,
        ),
    ]
    return top


def _narrow(flowable: Flowable, width: float) -> Table:
    """``flowable`` in a centred column ``width`` wide (a sentence reads better in
    shorter lines than the page's)."""
    return boxed([[flowable]], [width], h_align="CENTER")


def _name_style(name: str, width: float) -> ParagraphStyle:
    """The organization's style: the largest size at which it takes at most 2 lines."""
    for size in NAME_SIZES:
        if len(simpleSplit(printable(name), FONT_BOLD, size, width)) <= NAME_LINES:
            break
    return ParagraphStyle(
        "organization",
        parent=CENTRE,
        fontName=FONT_BOLD,
        fontSize=size,
        leading=size * 1.22,
        textColor=INK,
    )


def _facts(certificate: BronzeCertificate, width: float) -> Table:
    """The dates and the number side by side, each label above its value, between rules."""
    facts = certificate.facts()
    column = min(width / len(facts), 170.0)
    rows = [
        [paragraph(label.upper(), FACT_LABEL) for label, _ in facts],
        [paragraph(value, FACT_VALUE) for _, value in facts],
    ]
    table = Table(rows, colWidths=[column] * len(facts), hAlign="CENTER")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEABOVE", (0, 0), (-1, 0), 0.6, RULE),
                ("LINEBELOW", (0, -1), (-1, -1), 0.6, RULE),
                ("LINEAFTER", (0, 0), (-2, -1), 0.6, RULE),
                ("TOPPADDING", (0, 0), (-1, 0), 7),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
                ("TOPPADDING", (0, 1), (-1, 1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, 0), 0),
            ]
        )
    )
    return table


def _signature(certificate: BronzeCertificate, width: float) -> Table:
    """The director's signature line and name on the left, the seal on the right."""
    issuer = certificate.issuer
    lines: list[Flowable] = [SignatureLine(200.0)]
    if issuer.director_name:
        lines.append(paragraph(issuer.director_name, SIGNER))
    lines += [paragraph(line, SIGNER_LINE) for line in (issuer.director_title, issuer.name) if line]
    seal_width = 2 * SEAL_RADIUS + 8
    table = Table(
        [[lines, Seal(certificate.award.label, certificate.award.awarded_on.year)]],
        colWidths=[width - seal_width, seal_width],
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (0, 0), "BOTTOM"),
                ("VALIGN", (1, 0), (1, 0), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _logo(certificate: BronzeCertificate) -> Image | None:
    logo = certificate.issuer.logo
    if logo is None:
        return None
    scale = min(LOGO_HEIGHT / logo.height, LOGO_WIDTH / logo.width)
    image = Image(io.BytesIO(logo.data), width=logo.width * scale, height=logo.height * scale)
    image.hAlign = "CENTER"
    return image


def _frame(canvas: Canvas, width: float, height: float) -> None:
    """A double rule around the page: the institute's blue outside, bronze inside."""
    canvas.saveState()
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(1.6)
    canvas.rect(BORDER, BORDER, width - 2 * BORDER, height - 2 * BORDER)
    canvas.setStrokeColor(BRONZE)
    canvas.setLineWidth(0.6)
    inset = BORDER + INNER
    canvas.rect(inset, inset, width - 2 * inset, height - 2 * inset)
    canvas.restoreState()


def _footer(canvas: Canvas, certificate: BronzeCertificate, width: float) -> None:
    """The issuer's address and the certificate's number, small, inside the frame."""
    issuer = certificate.issuer
    # Translators: the Bronze certificate's footer: "Certificate BL-2018-0007".
    number = certificate.language.gettext("Certificate {number}")
    parts = [", ".join(issuer.letterhead_lines()), number.format(number=certificate.number)]
    text = " · ".join(printable(part) for part in parts)
    room = width - 2 * (BORDER + INNER + 16)
    size = 7.0
    while stringWidth(text, FONT, size) > room and size > 5.5:
        size -= 0.5
    line = simpleSplit(text, FONT, size, room)[0]
    canvas.saveState()
    canvas.setFont(FONT, size)
    canvas.setFillColor(MUTED)
    canvas.drawCentredString(width / 2, FOOTER_Y, line)
    canvas.restoreState()


class SpacedCaps(Flowable):
    """One line of capitals with letter spacing, centred."""

    def __init__(
        self, text: str, font: str, size: float, color: colors.Color, space: float
    ) -> None:
        super().__init__()
        self._text = printable(text)
        self._font = font
        self._size = size
        self._color = color
        self._space = space
        self._width = 0.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self._width = available_width
        return available_width, self._size * 1.2

    def draw(self) -> None:
        text_width = stringWidth(self._text, self._font, self._size)
        text_width += self._space * (len(self._text) - 1)
        text = self.canv.beginText((self._width - text_width) / 2, self._size * 0.25)
        text.setFont(self._font, self._size)
        text.setCharSpace(self._space)
        text.setFillColor(self._color)
        text.textOut(self._text)
        self.canv.drawText(text)


class SignatureLine(Flowable):
    """A line to sign on, with room above it for the ink."""

    def __init__(self, width: float) -> None:
        super().__init__()
        self._line = width

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self._line = min(self._line, available_width)
        return self._line, 34.0

    def draw(self) -> None:
        self.canv.setStrokeColor(INK)
        self.canv.setLineWidth(0.6)
        self.canv.line(0, 4, self._line, 4)


class Seal(Flowable):
    """A round bronze seal: the initiative's initials, the label and the year."""

    def __init__(self, label: str, year: int) -> None:
        super().__init__()
        self._label = printable(label).upper()
        self._year = str(year)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 2 * SEAL_RADIUS + 8, 2 * SEAL_RADIUS + 4

    def draw(self) -> None:
        canvas = self.canv
        x, y = SEAL_RADIUS + 4, SEAL_RADIUS + 2
        canvas.saveState()
        canvas.setFillColor(BRONZE_LIGHT)
        canvas.setStrokeColor(BRONZE)
        canvas.setLineWidth(1.6)
        canvas.circle(x, y, SEAL_RADIUS, stroke=1, fill=1)
        canvas.setLineWidth(0.5)
        canvas.circle(x, y, SEAL_RADIUS - 5, stroke=1, fill=0)
        canvas.setFillColor(BRONZE)
        canvas.setFont(FONT_BOLD, 8)
        canvas.drawCentredString(x, y + 14, INITIATIVE_SHORT)
        size = 12.0
        while stringWidth(self._label, FONT_BOLD, size) > 2 * SEAL_RADIUS - 16 and size > 7:
            size -= 0.5
        canvas.setFont(FONT_BOLD, size)
        canvas.drawCentredString(x, y - size / 3, self._label)
        canvas.setFont(FONT, 8)
        canvas.drawCentredString(x, y - 20, self._year)
        canvas.restoreState()
