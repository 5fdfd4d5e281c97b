"""Every draft read back as a mail gateway's card filter reads it: escadesk's own guard over
the raw .eml bytes (issue 14, item 7: 19-digit MIME boundaries and numeric Message-IDs made
the guard flag every draft, so a gateway could have blocked the cancellation letters)."""

from __future__ import annotations

import dataclasses
import re
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import pytest

from escadesk.domain.cards import contains_card_number, luhn_valid
from escadesk.notifications.drafts import Attachment, build_email, safe_file_stem, save_eml
from escadesk.notifications.messages import (
    MessageContext,
    Recipient,
    RenderedMessage,
    Template,
    render,
)

ORGANIZATIONS = (
    "Ontario Aerospace Cluster",
    "Northshore Photonics Cluster",
    "Rhine Valley Health Cluster",
    "Catalonia Smart Mobility Hub",
    "Pôle Véhicule du Futur",
    "Nordic Games & Media Cluster",
    "Clúster Aeroespacial de Andalucía",
    "Andes AgriFood Alliance",
    "Østjysk Fødevareklynge",
    "Kyūshū Semiconductor Network",
)
CERTIFICATE_NAME = "Certificate of destruction.txt"

# RFC 5322 section 3.6.4: msg-id = "<" id-left "@" id-right ">", both dot-atom-text here.
_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_DOT_ATOM = rf"{_ATEXT}(?:\.{_ATEXT})*"
MSG_ID = re.compile(rf"<{_DOT_ATOM}@{_DOT_ATOM}>")


def _certificate(organization: str) -> str:
    """Shaped like VaultService.certificate_text (dashes, bullets, dates, letter number)."""
    return "\n".join(
        [
            "CERTIFICATE OF DESTRUCTION \u2014 CREDIT-CARD AUTHORIZATION",
            "",
            "Certificate number: QJXM-BTRA-KWPE-LZNC",
            f"Organization: {organization}",
            "Workshop: ESCA Benchmarking Workshop",
            "Destroyed on: 2018-10-02 14:30 (America/Toronto)",
            "Destroyed by: Dorinda So",
            "Reason: the workshop did not take place",
            "",
            "What was destroyed: card number of VISA •••• 1111, expiry, cardholder name.",
            "",
            "This certificate contains no card data.",
        ]
    )


def _letter(
    template: Template, context: MessageContext, organization: str
) -> tuple[RenderedMessage, list[Attachment]]:
    if template is not Template.CANCELLED:
        return render(template, context), []
    certificate = _certificate(organization)
    rendered = render(template, dataclasses.replace(context, certificate_text=certificate))
    return rendered, [Attachment(CERTIFICATE_NAME, certificate.encode(), "text/plain")]


@dataclasses.dataclass(frozen=True)
class Draft:
    template: Template
    rendered: RenderedMessage
    attachments: list[Attachment]
    path: Path

    def raw(self) -> bytes:
        return self.path.read_bytes()

    def parsed(self) -> EmailMessage:
        return BytesParser(policy=policy.default).parsebytes(self.raw())


@pytest.fixture
def drafts(context, director, tmp_path: Path) -> list[Draft]:
    """Ten organizations times every template, ten with a certificate."""
    made = []
    for number, organization in enumerate(ORGANIZATIONS):
        ours = dataclasses.replace(context, organization=organization)
        to = Recipient(context.contact_name, f"contact.{number}@example.com")
        for template in Template:
            rendered, attachments = _letter(template, ours, organization)
            message = build_email(rendered, director, to, attachments)
            path = save_eml(message, tmp_path, safe_file_stem(f"{organization} - {template}"))
            made.append(Draft(template, rendered, attachments, path))
    return made


def test_every_template_is_drafted_for_every_organization(drafts):
    assert len(drafts) == len(ORGANIZATIONS) * len(Template) == 90
    assert len({draft.path for draft in drafts}) == 90


def test_the_card_guard_passes_every_draft_file(drafts):
    # Drafts are 7-bit text (headers encoded, parts quoted-printable or base64), so ASCII
    # is the exact decoding a gateway scanning the raw message sees.
    flagged = [d.path.name for d in drafts if contains_card_number(d.raw().decode("ascii"))]
    assert flagged == [], f"{len(flagged)} of {len(drafts)} drafts flagged"


def test_message_ids_are_unique_and_rfc_5322(drafts):
    ids = [str(draft.parsed()["Message-ID"]) for draft in drafts]
    assert len(set(ids)) == len(ids)
    for message_id in ids:
        assert MSG_ID.fullmatch(message_id), message_id
        assert message_id.endswith("@example.org>")  # the director's own domain


def test_boundaries_are_unique_and_the_structure_survives(drafts):
    boundaries = []
    for draft in drafts:
        parsed = draft.parsed()
        body = parsed.get_body(preferencelist=("plain",))
        assert body.get_content().replace("\r\n", "\n") == draft.rendered.body
        assert body["Content-Transfer-Encoding"] == "quoted-printable"  # readable raw
        if not draft.attachments:
            assert parsed.get_content_type() == "text/plain"
            continue
        assert parsed.get_content_type() == "multipart/mixed"
        boundary = parsed.get_boundary()
        boundaries.append(boundary)
        # One delimiter per part plus the closing one: the boundary occurs nowhere else.
        assert draft.raw().count(f"--{boundary}".encode()) == 3
        (attachment,) = parsed.iter_attachments()
        assert attachment.get_filename() == CERTIFICATE_NAME
        assert attachment["Content-Transfer-Encoding"] == "base64"  # exact bytes
        assert attachment.get_payload(decode=True) == draft.attachments[0].content
    assert len(boundaries) == len(ORGANIZATIONS)
    assert len(set(boundaries)) == len(boundaries)


def _after_a_dash(digits: str) -> str:
    """The 12 digits that complete ``digits`` to a Luhn-valid number behind "93".

    Quoted-printable writes an en dash as "=E2=80=93", so "–" followed by these 12 digits
    becomes a 14-digit run in the raw message, though the text itself has only 12.
    """
    for check in "0123456789":
        if luhn_valid(f"93{digits}{check}"):
            return f"{digits}{check}"
    raise AssertionError("unreachable: one check digit always fits")


def test_encoding_does_not_join_digits_into_a_card_number(director, contact, tmp_path: Path):
    reference = _after_a_dash("48291348291")
    body = f"Dear Marie,\n\nYour booking reference is –{reference}.\n"
    assert not contains_card_number(body)  # the letter itself is fine ...
    rendered = RenderedMessage(Template.CONFIRMED, "Booking reference", body)
    attached = body.encode()
    message = build_email(
        rendered, director, contact, [Attachment("reference.txt", attached, "text/plain")]
    )
    path = save_eml(message, tmp_path, "reference")
    assert not contains_card_number(path.read_bytes().decode("ascii"))  # ... and so is its file
    parsed = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    body_part = parsed.get_body(preferencelist=("plain",))
    assert body_part["Content-Transfer-Encoding"] == "base64"  # quoted-printable would join
    assert body_part.get_content().replace("\r\n", "\n") == body
    (attachment,) = parsed.iter_attachments()
    assert attachment.get_payload(decode=True) == attached


def test_a_sender_domain_that_is_no_host_name_gets_a_stand_in(context, contact):
    sender = Recipient("Dorinda So", "dorinda@bücher.example")
    message = build_email(render(Template.RECEIPT, context), sender, contact)
    assert MSG_ID.fullmatch(message["Message-ID"])
    assert message["Message-ID"].endswith("@escadesk.invalid>")
