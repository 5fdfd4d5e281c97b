"""A certificate of destruction laid out for the screen: the institute's letterhead (logo,
name, address), the heading, the facts as a table, what was destroyed, how, and what was
checked.

Only the certificates window shows it: the PDF that is saved, printed and attached to the
cancellation letter is reportlab's (``escadesk.documents.certificate_pdf``), the one PDF
library of every document. Both read the same facts (``domain/destruction_certificate.py``),
like the plain-text version. Every value is escaped: an organization's name is text, never
markup.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QImage, QTextDocument

from escadesk.domain.destruction_certificate import Certificate
from escadesk.i18n import N_, Translator, _, current_locale
from escadesk.ui.style import MUTED, TEXT

if TYPE_CHECKING:
    from escadesk.domain.institute import InstituteIdentity

LOGO_URL = QUrl("escadesk:institute-logo")
LOGO_HEIGHT = 56
NAVY = "#1f3a5f"
RULE = "#c9d2dc"
#: The certificate's section titles, marked for extraction: translated in the
#: certificate's language (``certificate_html``), not the window's.
DESTROYED = N_("What was destroyed")
HOW_TITLE = N_("How")
CHECKED = N_("What was checked, and where")
ISSUED_BY = N_("Issued by")
#: A section's heading (a styled paragraph: Qt's own h2 sizes ignore the style sheet).
SECTION = "font-size:11pt; font-weight:600; margin-top:14px; margin-bottom:4px"


def letterhead_html(issuer: InstituteIdentity, has_logo: bool) -> str:
    """The institute's name and address, beside its logo when there is one."""
    address = "<br>".join(escape(line) for line in issuer.address_lines)
    words = (
        f'<span style="font-size:14pt; font-weight:600; color:{NAVY}">{escape(issuer.name)}'
        f"</span>" + (f'<br><span style="color:{MUTED}">{address}</span>' if address else "")
    )
    logo = (
        f'<td width="{LOGO_HEIGHT + 16}" valign="middle">'
        f'<img src="{LOGO_URL.toString()}" height="{LOGO_HEIGHT}"></td>'
        if has_logo
        else ""
    )
    return (
        '<table width="100%" cellspacing="0" cellpadding="0"><tr>'
        f'{logo}<td valign="middle">{words}</td></tr></table>'
    )


def certificate_html(certificate: Certificate, has_logo: bool) -> str:
    """The certificate in its own language (the organization's, when the certificate
    names one), not the window's: the section titles follow the facts'."""
    language = Translator(getattr(certificate, "locale", None) or current_locale())
    facts = "".join(
        f'<tr><td style="color:{MUTED}; padding-right:16px" valign="top">{escape(label)}</td>'
        f"<td>{escape(value)}</td></tr>"
        for label, value in certificate.facts()
        if label != certificate.issued_by()  # the letterhead says it
    )
    checks = "".join(f"<li>{escape(line)}</li>" for line in certificate.checks)
    issuer = certificate.issuer
    signature = "<br>".join(escape(line) for line in issuer.signature_lines())
    return f"""
<html><body style="color:{TEXT}">
{letterhead_html(issuer, has_logo)}
<hr style="color:{RULE}">
<p style="font-size:16pt; font-weight:700; color:{NAVY}; margin-top:12px; margin-bottom:0">\
{escape(certificate.heading())}</p>
<p style="color:{MUTED}; margin-top:2px; margin-bottom:8px">{escape(certificate.subject())}</p>
<table cellspacing="0" cellpadding="3">{facts}</table>
<p style="{SECTION}">{escape(language.gettext(DESTROYED))}</p>
<p>{escape(certificate.destroyed[:1].upper() + certificate.destroyed[1:])}.</p>
<p style="{SECTION}">{escape(language.gettext(HOW_TITLE))}</p>
<p>{escape(certificate.how())}</p>
<p style="{SECTION}">{escape(language.gettext(CHECKED))}</p>
<ul>{checks}</ul>
<p style="margin-top:14px"><i>{escape(certificate.no_card_data())}</i></p>
<p style="margin-top:18px; color:{MUTED}">{escape(language.gettext(ISSUED_BY))}</p>
<p>{signature}</p>
</body></html>
"""


def certificate_document(certificate: Certificate, parent: QObject | None = None) -> QTextDocument:
    """The laid-out certificate, its logo included as a resource of the document; a view
    showing it should be its ``parent`` (a view does not own a document it is handed)."""
    document = QTextDocument(parent)
    document.setDocumentMargin(18)
    logo = certificate.issuer.logo
    image = QImage.fromData(logo.data) if logo is not None else QImage()
    if not image.isNull():
        document.addResource(QTextDocument.ResourceType.ImageResource, LOGO_URL, image)
    document.setHtml(certificate_html(certificate, not image.isNull()))
    document.setMetaInformation(
        QTextDocument.MetaInformation.DocumentTitle,
        _("Certificate of destruction — {organization}").format(
            organization=certificate.organization
        ),
    )
    return document
