"""The look both blank forms share: styles, the letterhead, fillable field rows, the footer.

Built on reportlab's platypus, which flows the text and breaks pages; the fields are
flowables that place AcroForm widgets where platypus puts them, so a longer agenda or
address moves the fields down (or onto the next page) instead of overlapping them.

The text is drawn in the PDF's standard Helvetica (not embedded: small files that print
crisply everywhere). Helvetica covers Western European text (Windows-1252); any other
character (Polish Ł, Czech ř ...) is printed as its base letter rather than as a black box.
That touches only the printed text: what a participant types into a field is kept as
typed, whatever the script.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from escadesk.domain.institute import InstituteIdentity
from escadesk.forms.content import PageSize
from escadesk.forms.fields import FormField
from escadesk.forms.stamp import STAMP_FIELD, FormStamp
from escadesk.i18n import Translator

#: Margins fit every office printer's unprintable edge (about 6 mm) with room to spare.
MARGIN_SIDE = 54.0
MARGIN_TOP = 40.0
MARGIN_BOTTOM = 52.0
#: What reportlab's page frame adds inside the margins (its Frame's default padding): the
#: text column runs from MARGIN_SIDE + FRAME_PADDING to the same distance from the right.
FRAME_PADDING = 6.0
FOOTER_Y = 30.0

FONT = "Helvetica"
FONT_BOLD = "Helvetica-Bold"
INK = colors.HexColor("#1B1F24")
MUTED = colors.HexColor("#4A5561")
ACCENT = colors.HexColor("#1F4E79")
RULE = colors.HexColor("#B8C2CC")
FIELD_FILL = colors.HexColor("#F2F6FA")
FIELD_BORDER = colors.HexColor("#98A4B1")
TABLE_HEAD = colors.HexColor("#E3EAF2")

BODY = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=12.5, textColor=INK)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8, leading=10.5, textColor=MUTED)
HEADING = ParagraphStyle(
    "heading",
    parent=BODY,
    fontName=FONT_BOLD,
    fontSize=10.5,
    leading=13,
    textColor=ACCENT,
    spaceBefore=7,
    spaceAfter=3,
)
TITLE = ParagraphStyle("title", parent=BODY, fontName=FONT_BOLD, fontSize=17, leading=21)
SUBTITLE = ParagraphStyle("subtitle", parent=BODY, fontSize=11.5, leading=15, textColor=ACCENT)
CELL = ParagraphStyle("cell", parent=BODY, fontSize=8.5, leading=11)
CELL_BOLD = ParagraphStyle("cell_bold", parent=CELL, fontName=FONT_BOLD)
#: Amounts: right-aligned cells.
CELL_RIGHT = ParagraphStyle("cell_right", parent=CELL, alignment=2)
CELL_RIGHT_BOLD = ParagraphStyle("cell_right_bold", parent=CELL_BOLD, alignment=2)
INSTITUTE_NAME = ParagraphStyle(
    "institute_name", parent=BODY, fontName=FONT_BOLD, fontSize=9.5, leading=12, alignment=2
)
INSTITUTE_LINE = ParagraphStyle("institute_line", parent=SMALL, alignment=2)

LABEL_SIZE = 7.5
LABEL_LEADING = 9.0
LABEL_GAP = 2.0
ROW_GAP = 6.0
COLUMN_GAP = 12.0
FIELD_HEIGHT = 19.0
FIELD_FONT_SIZE = 10
FIELD_BORDER_WIDTH = 1
LOGO_MAX_HEIGHT = 32.0
LOGO_MAX_WIDTH = 130.0
#: The entry of a drop-down list that is chosen until the participant picks one.
BLANK_CHOICE = " "


def printable(text: str) -> str:
    """``text`` as the standard font can print it: characters outside Windows-1252 are
    replaced by their base letter ('Ł' -> 'L'), or '?' when there is none."""
    out: list[str] = []
    for character in unicodedata.normalize("NFC", text):
        if character == NARROW_NO_BREAK:  # French before ; ! ? and in fr_FR amounts
            out.append("\u00a0")
            continue
        if _encodable(character):
            out.append(character)
            continue
        base = unicodedata.normalize("NFKD", character)
        base = "".join(
            part for part in base if _encodable(part) and not unicodedata.combining(part)
        )
        out.append(base or _FALLBACKS.get(character, "?"))
    return "".join(out)


#: U+202F, which Windows-1252 lacks: printed as the no-break space U+00A0, which keeps
#: "2 650,00 €" and "mot ;" on one line where NFKD's plain space would let them break.
NARROW_NO_BREAK = "\u202f"

_FALLBACKS = {
    "Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Ø": "O", "ø": "o", "\u0131": "i",
    "\u2212": "-",  # the minus sign (U+2212) of the benchmark scales
}  # fmt: skip


def _encodable(character: str) -> bool:
    try:
        character.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def markup(text: str) -> str:
    """Plain ``text`` made safe for a Paragraph (which reads a small XML markup)."""
    return escape(printable(text))


def paragraph(text: str, style: ParagraphStyle = BODY, *, bold_lead: str = "") -> Paragraph:
    """A paragraph of plain text; ``bold_lead`` is set in bold before it."""
    lead = f"<b>{markup(bold_lead)}</b> " if bold_lead else ""
    return Paragraph(lead + markup(text), style)


def heading(text: str) -> Paragraph:
    return paragraph(text, HEADING)


def masthead(
    institute: InstituteIdentity, titles: Sequence[Flowable], content_width: float
) -> Table:
    """The form's titles on the left; on the right the institute: its logo (when Settings
    has one), name, address and e-mail, aligned to the right edge."""
    block: list[Flowable] = []
    logo = _logo(institute)
    if logo is not None:
        block += [logo, gap(4)]
    block.append(paragraph(institute.name, INSTITUTE_NAME))
    block += [paragraph(line, INSTITUTE_LINE) for line in institute.address_lines]
    if institute.sender_email:
        block.append(paragraph(institute.sender_email, INSTITUTE_LINE))
    right = content_width * 0.42
    table = boxed([[list(titles), block]], [content_width - right, right])
    table.setStyle(
        TableStyle([("LEFTPADDING", (1, 0), (1, 0), 12), ("ALIGN", (1, 0), (1, 0), "RIGHT")])
    )
    return table


def _logo(institute: InstituteIdentity) -> Image | None:
    if institute.logo is None:
        return None
    scale = min(LOGO_MAX_HEIGHT / institute.logo.height, LOGO_MAX_WIDTH / institute.logo.width)
    image = Image(
        io.BytesIO(institute.logo.data),
        width=institute.logo.width * scale,
        height=institute.logo.height * scale,
    )
    image.hAlign = "RIGHT"
    return image


def boxed(
    rows: list[list[object]],
    widths: Sequence[float],
    *,
    h_align: Literal["LEFT", "CENTER", "RIGHT"] = "LEFT",
) -> Table:
    """Cells side by side without padding or lines, top-aligned: a layout, not a table."""
    table = Table(rows, colWidths=list(widths), hAlign=h_align)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


class Rule(Flowable):
    """A thin horizontal line across the text width."""

    def __init__(self, space_before: float = 4, space_after: float = 6) -> None:
        super().__init__()
        self._before = space_before
        self._after = space_after
        self._width = 0.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self._width = available_width
        return available_width, self._before + self._after

    def draw(self) -> None:
        self.canv.setStrokeColor(RULE)
        self.canv.setLineWidth(0.7)
        self.canv.line(0, self._after, self._width, self._after)


def facts_table(rows: Sequence[Sequence[tuple[str, str]]], content_width: float) -> Table:
    """Label and value pairs, one or two to a row (a single pair's value takes the whole
    row: a venue is long), labels in bold."""

    def widest(labels: Sequence[str]) -> float:
        return max(
            (stringWidth(printable(text), FONT_BOLD, CELL.fontSize) for text in labels), default=0
        )

    first = widest([row[0][0] for row in rows]) + 12
    second = widest([row[1][0] for row in rows if len(row) > 1]) + 12
    value = (content_width - first - second) / 2
    data: list[list[object]] = []
    spans = []
    for number, row in enumerate(rows):
        cells: list[object] = []
        for label, text in row:
            cells += [paragraph(label, CELL_BOLD), paragraph(text, CELL)]
        if len(row) == 1:
            cells += ["", ""]
            spans.append(("SPAN", (1, number), (3, number)))
        data.append(cells)
    table = Table(data, colWidths=[first, value, second, value], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                *spans,
            ]
        )
    )
    return table


def grid_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    *,
    right_aligned: Sequence[int] = (),
) -> Table:
    """A ruled table with a shaded header row; ``right_aligned`` columns hold amounts."""

    def cell(text: str, column: int, bold: bool) -> Paragraph:
        if column in right_aligned:
            return paragraph(text, CELL_RIGHT_BOLD if bold else CELL_RIGHT)
        return paragraph(text, CELL_BOLD if bold else CELL)

    data = [[cell(text, column, True) for column, text in enumerate(header)]]
    data += [[cell(text, column, False) for column, text in enumerate(row)] for row in rows]
    table = Table(data, colWidths=list(widths), hAlign="LEFT", repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (-1, 0), TABLE_HEAD),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
                ("LINEABOVE", (0, 0), (-1, 0), 0.5, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 5),
                ("RIGHTPADDING", (0, 0), (-1, -1), 5),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


@dataclass(frozen=True)
class FieldBox:
    """One fillable field of a row: its PDF name, its printed label and its share of the
    row's width. ``options`` makes it a drop-down list; ``lines`` > 1 a multi-line box."""

    name: str
    label: str
    share: float = 1.0
    lines: int = 1
    max_length: int = 0
    options: tuple[str, ...] = ()
    tooltip: str = ""
    tall: bool = False  # room to sign in ink
    spell_check: bool = True


def field_box(
    field: FormField,
    share: float = 1.0,
    *,
    options: tuple[str, ...] = (),
    lines: int = 1,
    tall: bool = False,
    language: Translator | None = None,
) -> FieldBox:
    """The box of one of the form's fields (its name, label and length from ``field``);
    the label printed in ``language`` (English without one), the name never translated."""
    return FieldBox(
        name=field.name,
        label=field.label if language is None else language.gettext(field.label),
        share=share,
        lines=lines if field.multiline else 1,
        max_length=field.max_length,
        options=options,
        tall=tall,
        spell_check=field.spell_check,
    )


class FieldRow(Flowable):
    """Fields side by side, each with its label above its box; labels that do not fit
    the box's width wrap onto more lines (never run into the next field)."""

    def __init__(self, boxes: Sequence[FieldBox]) -> None:
        super().__init__()
        self._boxes = tuple(boxes)
        self._layout: list[tuple[FieldBox, float, float, list[str]]] = []
        self._label_lines = 1
        self._box_height = FIELD_HEIGHT

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        total_share = sum(box.share for box in self._boxes)
        usable = available_width - COLUMN_GAP * (len(self._boxes) - 1)
        x = 0.0
        self._layout = []
        for box in self._boxes:
            width = usable * box.share / total_share
            label = simpleSplit(printable(box.label), FONT_BOLD, LABEL_SIZE, width)
            self._layout.append((box, x, width, label))
            x += width + COLUMN_GAP
        self._label_lines = max(len(label) for *_, label in self._layout)
        self._box_height = max(_box_height(box) for box in self._boxes)
        return available_width, self._height()

    def _height(self) -> float:
        return self._label_lines * LABEL_LEADING + LABEL_GAP + self._box_height + ROW_GAP

    def draw(self) -> None:
        canvas = self.canv
        top = self._height()
        for box, x, width, label in self._layout:
            canvas.setFillColor(MUTED)
            canvas.setFont(FONT_BOLD, LABEL_SIZE)
            for number, line in enumerate(label):
                canvas.drawString(x, top - LABEL_SIZE - number * LABEL_LEADING, line)
            y = ROW_GAP + self._box_height - _box_height(box)
            _widget(canvas, box, x, y, width)


def _box_height(box: FieldBox) -> float:
    if box.tall:
        return FIELD_HEIGHT * 1.9
    return FIELD_HEIGHT + (box.lines - 1) * FIELD_FONT_SIZE * 1.25


def _widget(canvas: Canvas, box: FieldBox, x: float, y: float, width: float) -> None:
    """The AcroForm widget: a text box, a multi-line box or a drop-down list."""
    tooltip = box.tooltip or printable(box.label)
    # Whole points: reportlab's widgets are typed for ints (half a point is not seen).
    x, y, width, height = round(x), round(y), round(width), round(_box_height(box))
    if box.options:
        # A blank first entry, chosen: nothing is picked for the participant (reportlab
        # needs a value, and an empty one is refused, so the blank entry is a space).
        canvas.acroForm.choice(
            name=box.name,
            value=BLANK_CHOICE,
            options=[BLANK_CHOICE, *box.options],
            fieldFlags="combo",
            tooltip=tooltip,
            x=x,
            y=y,
            width=width,
            height=height,
            relative=True,
            fontName=FONT,
            fontSize=FIELD_FONT_SIZE,
            textColor=INK,
            fillColor=FIELD_FILL,
            borderColor=FIELD_BORDER,
            borderWidth=FIELD_BORDER_WIDTH,
            forceBorder=True,
        )
        return
    flags = [] if box.spell_check else ["doNotSpellCheck"]
    if box.lines > 1:
        flags.append("multiline")
    canvas.acroForm.textfield(
        name=box.name,
        value="",
        maxlen=box.max_length,
        fieldFlags=" ".join(flags),
        tooltip=tooltip,
        x=x,
        y=y,
        width=width,
        height=height,
        relative=True,
        fontName=FONT,
        fontSize=FIELD_FONT_SIZE,
        textColor=INK,
        fillColor=FIELD_FILL,
        borderColor=FIELD_BORDER,
        borderWidth=FIELD_BORDER_WIDTH,
        forceBorder=True,
    )


class HiddenStamp(Flowable):
    """The form's identity as a hidden, read-only field (see :mod:`escadesk.forms.stamp`);
    takes no room on the page and never prints."""

    def __init__(self, stamp: FormStamp) -> None:
        super().__init__()
        self._stamp = stamp

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.acroForm.textfield(
            name=STAMP_FIELD,
            value=self._stamp.encode(),
            x=0,
            y=0,
            width=1,
            height=1,
            relative=True,
            annotationFlags="hidden",
            fieldFlags="readOnly",
            borderWidth=0,
            maxlen=0,
        )


def keep(*flowables: Flowable) -> KeepTogether:
    """Flowables that move to the next page together (a heading with what follows)."""
    return KeepTogether(list(flowables))


def gap(points: float) -> Spacer:
    return Spacer(1, points)


@dataclass(frozen=True)
class Document:
    """What a finished PDF says about itself, and its footer."""

    page: PageSize
    title: str
    subject: str
    author: str
    footer: str
    #: The PDF's language (its /Lang: screen readers and hyphenation follow it).
    lang: str = "en"
    #: The footer's page number, "{number}" replaced ("Page 2").
    page_label: str = "Page {number}"


def content_width(page: PageSize) -> float:
    """The text column's width: the page less its margins and the padding reportlab's page
    frame adds inside them (a table as wide as the margins alone would stick 6 points
    into the right margin)."""
    return page.points[0] - 2 * (MARGIN_SIDE + FRAME_PADDING)


def build(document: Document, story: Sequence[Flowable]) -> bytes:
    """The PDF of ``story`` laid out on ``document.page``, with a footer on every page."""
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=document.page.points,
        leftMargin=MARGIN_SIDE,
        rightMargin=MARGIN_SIDE,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=printable(document.title),
        subject=printable(document.subject),
        author=printable(document.author),
        creator="escadesk",
        invariant=1,
        pageCompression=1,
        lang=document.lang,
    )
    footer = _footer(document)
    template.build(list(story), onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def _footer(document: Document) -> Callable[[Canvas, SimpleDocTemplate], None]:
    def draw(canvas: Canvas, template: SimpleDocTemplate) -> None:
        width = document.page.points[0]
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_SIDE, FOOTER_Y + 11, width - MARGIN_SIDE, FOOTER_Y + 11)
        canvas.setFont(FONT, 7)
        canvas.setFillColor(MUTED)
        page = printable(document.page_label.format(number=canvas.getPageNumber()))
        room = width - 2 * MARGIN_SIDE - stringWidth(page, FONT, 7) - 12
        text = simpleSplit(printable(document.footer), FONT, 7, room)[0]
        canvas.drawString(MARGIN_SIDE, FOOTER_Y, text)
        canvas.drawRightString(width - MARGIN_SIDE, FOOTER_Y, page)
        canvas.restoreState()

    return draw
