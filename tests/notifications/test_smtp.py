from __future__ import annotations

from email import policy
from email.parser import BytesParser

import pytest

from escadesk.domain.cards import contains_card_number
from escadesk.notifications.drafts import Attachment, build_email
from escadesk.notifications.messages import RenderedMessage, Template, render
from escadesk.notifications.smtp import (
    KEYRING_SERVICE,
    PasswordStoreError,
    SendError,
    SmtpSettings,
    forget_smtp_password,
    send,
    smtp_password,
    store_smtp_password,
)
from local_smtp import free_port

CERTIFICATE = b"%PDF-1.4 certificate of destruction \x00\x01\xfe"


def test_a_local_server_receives_the_message(context, director, contact, mailbox):
    handler, settings = mailbox
    rendered = render(Template.CANCELLED, context)
    message = build_email(
        rendered,
        director,
        contact,
        [Attachment("Certificate of destruction.pdf", CERTIFICATE, "application/pdf")],
    )
    send(message, settings, password=None, timeout=10)

    assert len(handler.envelopes) == 1
    envelope = handler.envelopes[0]
    assert envelope.mail_from == "dorinda.so@example.org"
    assert envelope.rcpt_tos == ["marie.tremblay@example.com"]
    arrived = BytesParser(policy=policy.default).parsebytes(envelope.original_content)
    assert arrived["Subject"] == rendered.subject
    assert arrived["To"].addresses[0].display_name == "Marie Tremblay"
    assert arrived["X-Unsent"] is None  # the draft marker is for saved files only
    assert message["X-Unsent"] == "1"  # ... and the caller's message is left as it was
    text = arrived.get_body(preferencelist=("plain",)).get_content()
    assert text.replace("\r\n", "\n") == rendered.body
    (attachment,) = arrived.iter_attachments()
    assert attachment.get_filename() == "Certificate of destruction.pdf"
    assert attachment.get_payload(decode=True) == CERTIFICATE


def test_what_the_server_receives_passes_the_card_guard(context, director, contact, mailbox):
    """A gateway's card filter reads the sent bytes: same letters-only boundary and
    Message-ID as the draft built from the same message."""
    handler, settings = mailbox
    certificate = context.certificate_text.encode()
    message = build_email(
        render(Template.CANCELLED, context),
        director,
        contact,
        [Attachment("Certificate of destruction.txt", certificate, "text/plain")],
    )
    send(message, settings, password=None, timeout=10)

    raw = handler.envelopes[0].original_content
    assert not contains_card_number(raw.decode("ascii"))
    arrived = BytesParser(policy=policy.default).parsebytes(raw)
    assert arrived["Message-ID"] == message["Message-ID"]
    assert arrived.get_boundary() == message.get_boundary()
    (attachment,) = arrived.iter_attachments()
    assert attachment.get_payload(decode=True) == certificate


def test_a_refused_recipient_gives_the_server_message(context, director, contact, mailbox):
    handler, settings = mailbox
    handler.refuse.add("marie.tremblay@example.com")
    message = build_email(render(Template.RECEIPT, context), director, contact)
    with pytest.raises(SendError, match=r"550 5\.1\.1 No such user here"):
        send(message, settings, password=None, timeout=10)
    assert handler.envelopes == []


def test_a_refused_connection_gives_send_error(context, director, contact):
    settings = SmtpSettings("127.0.0.1", free_port(), security="none")
    message = build_email(render(Template.RECEIPT, context), director, contact)
    with pytest.raises(SendError, match=r"Could not reach the mail server 127\.0\.0\.1:"):
        send(message, settings, password=None, timeout=5)


def test_starttls_not_offered_gives_send_error(context, director, contact, mailbox):
    _, plain = mailbox
    settings = SmtpSettings(plain.host, plain.port, security="starttls")
    message = build_email(render(Template.RECEIPT, context), director, contact)
    with pytest.raises(SendError, match="starttls"):
        send(message, settings, password=None, timeout=10)


def test_a_user_without_password_is_refused_before_sending(context, director, contact, mailbox):
    handler, plain = mailbox
    settings = SmtpSettings(plain.host, plain.port, security="none", username="dorinda")
    message = build_email(render(Template.RECEIPT, context), director, contact)
    with pytest.raises(SendError, match="No password is stored for dorinda"):
        send(message, settings, password=None, timeout=10)
    assert handler.envelopes == []


def test_settings_are_checked():
    with pytest.raises(ValueError):
        SmtpSettings("smtp.example.org", 587, security="tls")
    with pytest.raises(ValueError, match="port"):
        SmtpSettings("smtp.example.org", 0)
    with pytest.raises(ValueError, match="host"):
        SmtpSettings(" ", 25)


class DictKeyring:
    def __init__(self) -> None:
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service_name, username):
        return self.items.get((service_name, username))

    def set_password(self, service_name, username, password):
        self.items[(service_name, username)] = password

    def delete_password(self, service_name, username):
        del self.items[(service_name, username)]


def test_the_password_lives_in_the_keychain():
    keychain = DictKeyring()
    settings = SmtpSettings("smtp.example.org", 587, username="dorinda")
    assert smtp_password(settings, backend=keychain) is None
    store_smtp_password(settings, "s3cret", backend=keychain)
    assert keychain.items == {(KEYRING_SERVICE, "dorinda@smtp.example.org:587"): "s3cret"}
    assert smtp_password(settings, backend=keychain) == "s3cret"
    named = SmtpSettings("smtp.example.org", 587, username="dorinda", password_key="office")
    store_smtp_password(named, "other", backend=keychain)
    assert smtp_password(named, backend=keychain) == "other"
    forget_smtp_password(settings, backend=keychain)
    forget_smtp_password(settings, backend=keychain)  # twice is harmless
    assert smtp_password(settings, backend=keychain) is None


def test_a_broken_keychain_gives_a_clear_error():
    # The suite's keyring backend is keyring's "fail" backend: never the real keychain.
    settings = SmtpSettings("smtp.example.org", 587, username="dorinda")
    with pytest.raises(PasswordStoreError, match="could not be kept"):
        store_smtp_password(settings, "s3cret")


@pytest.mark.parametrize(
    "subject",
    [
        "ESCA Cluster Benchmarking Workshop: your place is confirmed – 2,650.00 CAD per "
        "organization (HST included)",
        "Pôle Véhicule du Futur – Cluster Benchmarking Workshop: Pôle Véhicule du Futur is "
        "number 1 on the waiting list",
        "Short – subject",
    ],
)
def test_a_long_non_ascii_subject_arrives_exactly(subject, director, contact, mailbox):
    """The standard folder doubled the space before an en dash at a fold; ours does not."""
    handler, settings = mailbox
    rendered = RenderedMessage(Template.CONFIRMED, subject, "Body.\n")
    send(build_email(rendered, director, contact), settings, password=None, timeout=10)
    raw = handler.envelopes[0].original_content
    assert all(len(line) <= 78 for line in raw.split(b"\r\n"))
    arrived = BytesParser(policy=policy.default).parsebytes(raw)
    assert arrived["Subject"] == subject
