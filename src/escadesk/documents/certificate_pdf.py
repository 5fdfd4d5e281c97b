"""A certificate of destruction as a PDF page, in the look of the blank forms.

The institute's masthead (logo, name, address) beside the heading, then the facts in the
order :meth:`Certificate.facts` gives them (the plain text reads them in the same order),
what was destroyed, how, what was checked and where, the no-card-data statement and the
director's signature block. It is the letter's attachment, what the certificates window
saves and what it prints: one layout for all three. No value here is card data; the
certificate holds none.
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from escadesk.domain.destruction_certificate import Certificate
from escadesk.forms.content import PageSize
from escadesk.forms.layout import (
    BODY,
    SUBTITLE,
    TITLE,
    Document,
    Rule,
    build,
    content_width,
    facts_table,
    gap,
    heading,
    keep,
    markup,
    masthead,
    paragraph,
)
from escadesk.i18n import N_

KIND = N_("Certificate of destruction")
#: The heading is set smaller than a form's title: it is long and all capitals.
CERTIFICATE_TITLE = ParagraphStyle("certificate_title", parent=TITLE, fontSize=15, leading=19)
STATEMENT = ParagraphStyle("statement", parent=BODY, fontName="Helvetica-Oblique")
BULLET = ParagraphStyle("bullet", parent=BODY, spaceAfter=2, leftIndent=12, bulletIndent=2)


def certificate_pdf(certificate: Certificate, page: PageSize) -> bytes:
    """The certificate laid out on ``page``, as PDF bytes, in its language (labels,
    headings and statements through ``certificate.language``)."""
    language = certificate.language
    width = content_width(page)
    titles = [
        paragraph(certificate.heading(), CERTIFICATE_TITLE),
        paragraph(certificate.subject(), SUBTITLE),
    ]
    destroyed = certificate.destroyed[:1].upper() + certificate.destroyed[1:]
    story: list[Flowable] = [
        masthead(certificate.issuer, titles, width),
        Rule(),
        facts_table([[fact] for fact in certificate.facts()], width),
        keep(
            heading(language.gettext("What was destroyed")),
            paragraph(f"{destroyed}."),
        ),
        keep(heading(language.gettext("How")), paragraph(certificate.how())),
        keep(
            heading(language.gettext("What was checked, and where")),
            *_bullets(certificate, certificate.checks),
        ),
        gap(8),
        paragraph(certificate.no_card_data(), STATEMENT),
        gap(14),
        keep(
            paragraph(certificate.issued_by(), BODY),
            gap(2),
            *(paragraph(line, BODY) for line in certificate.issuer.signature_lines()),
        ),
    ]
    return build(_document(certificate, page), story)


def _bullets(certificate: Certificate, lines: tuple[str, ...]) -> list[Flowable]:
    if not lines:
        language = certificate.language
        return [paragraph(language.gettext("Nothing was recorded when the erasure finished."))]
    return [Paragraph(markup(line), BULLET, bulletText="•") for line in lines]


def _document(certificate: Certificate, page: PageSize) -> Document:
    language = certificate.language
    kind = language.gettext(KIND)
    return Document(
        page=page,
        # Translators: the certificate's PDF title, "Certificate of destruction — <org>".
        title=language.gettext("{kind} — {organization}").format(
            kind=kind, organization=certificate.organization
        ),
        # Translators: the PDF's subject: "Certificate of destruction <number>:
        # credit-card authorization of <organization>".
        subject=language.gettext("{kind} {number}: {subject} of {organization}").format(
            kind=kind,
            number=certificate.number,
            subject=certificate.subject().lower(),
            organization=certificate.organization,
        ),
        author=certificate.issuer.name,
        # Translators: the certificate's footer: its kind and number, then a statement.
        footer=language.gettext("{kind} {number} · {statement}").format(
            kind=kind, number=certificate.number, statement=certificate.no_card_data()
        ),
    )
