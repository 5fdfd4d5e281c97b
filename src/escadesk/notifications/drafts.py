"""E-mail messages built with the standard library, and ``.eml`` drafts saved atomically.

A saved draft carries "X-Unsent: 1", so Outlook opens it as a new message ready to send
(Apple Mail and Thunderbird open it as an ordinary message the director can forward).
"""

from __future__ import annotations

import re
import secrets
import string
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage, MIMEPart
from email.utils import format_datetime
from pathlib import Path
from typing import Any, Protocol

from escadesk.atomic_files import write_atomically
from escadesk.domain.cards import contains_card_number
from escadesk.domain.file_names import safe_stem
from escadesk.notifications.messages import (
    CardDataLeakError,
    Recipient,
    check_no_card_number,
)

EML_SUFFIX = ".eml"
DEFAULT_DOMAIN = "escadesk.invalid"
# 52 ** 24 is about 2 ** 137: unique without the clock, pid or counter make_msgid uses.
RANDOM_LETTERS = 24
_HOST_NAME = re.compile(r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*")
# Tried in order. Quoted-printable keeps a letter readable in the raw file; base64 keeps an
# attachment's bytes exact (line ends included).
TEXT_ENCODINGS = ("quoted-printable", "base64")
ATTACHMENT_ENCODINGS = ("base64", "quoted-printable")


class MailPolicy(policy.EmailPolicy):
    """The SMTP policy, except that a non-ASCII Subject is folded by ``email.header``.

    The standard folder (Python 3.11/3.12) puts the space before an encoded word at the end
    of the folded line, so "confirmed – 2,650" arrives as "confirmed  – 2,650" (two spaces).
    ``Header.encode`` folds into adjacent encoded words, which RFC 2047 readers rejoin
    exactly.
    """

    def _encoded(self, name: str, value: object) -> str | None:
        text = str(value)
        if name.lower() != "subject" or text.isascii():
            return None
        folded = Header(text, "utf-8", header_name=name).encode(linesep=self.linesep)
        return f"{name}: {folded}{self.linesep}"

    def fold(self, name: str, value: object) -> str:
        return self._encoded(name, value) or super().fold(name, value)  # type: ignore[arg-type]

    def fold_binary(self, name: str, value: object) -> bytes:
        encoded = self._encoded(name, value)
        if encoded is None:
            return super().fold_binary(name, value)  # type: ignore[arg-type]
        return encoded.encode("ascii")


MAIL_POLICY = MailPolicy(linesep="\r\n")


class MessageText(Protocol):
    """What a message says: a letter (``RenderedMessage``) or the invitation."""

    @property
    def subject(self) -> str: ...

    @property
    def body(self) -> str: ...


@dataclass(frozen=True)
class Attachment:
    name: str
    content: bytes
    mime: str = "application/octet-stream"
    #: Content-Type parameters beyond the name: a calendar invitation's
    #: (("method", "REQUEST"), ("charset", "utf-8")), which mail clients read.
    params: tuple[tuple[str, str], ...] = ()


def _address(recipient: Recipient) -> Address:
    try:
        return Address(display_name=recipient.name, addr_spec=recipient.email)
    except (ValueError, IndexError) as error:
        raise ValueError(f"{recipient.email!r} is not a usable e-mail address.") from error


def _random_letters(count: int = RANDOM_LETTERS) -> str:
    """Letters only: card-number filters (escadesk's own guard too) flag the long digit runs
    of the standard library's boundaries ("===============1234567890123456789==") and
    Message-IDs ("<173...@host>"), so a mail gateway could block every letter."""
    return "".join(secrets.choice(string.ascii_letters) for _ in range(count))


def _message_id(domain: str) -> str:
    """An RFC 5322 msg-id in the sender's domain (a host name, else escadesk.invalid)."""
    host = domain if _HOST_NAME.fullmatch(domain) else DEFAULT_DOMAIN
    return f"<escadesk.{_random_letters()}@{host}>"


def _boundary() -> str:
    """Neither quoted-printable nor base64 can write "=_", so no part contains the boundary."""
    return f"=_escadesk_{_random_letters()}"


def _set_encoded(
    part: MIMEPart, content: str | bytes, encodings: tuple[str, ...], **options: Any
) -> None:
    """Set ``content`` in the first transfer encoding whose encoded text the card guard passes.

    A gateway scanning the raw message reads the encoded text, which can hold digit runs the
    content does not: quoted-printable writes "–" as "=E2=80=93", whose "93" joins a number
    written right after the dash, and base64 of non-ASCII text can have long digit stretches.
    """
    for cte in encodings:
        part.set_content(content, cte=cte, **options)
        payload = part.get_payload()
        assert isinstance(payload, str)  # a single part: its encoded text
        if not contains_card_number(payload):
            return
    raise CardDataLeakError(
        "Part of the message could not be encoded without a run of digits that mail filters "
        "take for a card number."
    )


def _attachment_part(attachment: Attachment) -> MIMEPart:
    maintype, _, subtype = attachment.mime.partition("/")
    if not maintype or not subtype:
        raise ValueError(f"{attachment.mime!r} is not a MIME type (e.g. text/plain).")
    if maintype == "text":
        # A certificate or letter attached as text is held to the same rule as the body.
        check_no_card_number(attachment.content.decode("utf-8", errors="replace"))
    part = MIMEPart(policy=MAIL_POLICY)
    options: dict[str, Any] = {
        "maintype": maintype,
        "subtype": subtype,
        "filename": attachment.name,
    }
    if attachment.params:
        options["params"] = dict(attachment.params)
    _set_encoded(part, attachment.content, ATTACHMENT_ENCODINGS, **options)
    return part


def _attach(email: MIMEPart, part: MIMEPart) -> None:
    """Like ``add_attachment``, but the multipart gets a boundary of letters (see above)."""
    if not email.is_multipart():
        email.make_mixed(boundary=_boundary())
    email.attach(part)


def build_email(
    message: MessageText,
    sender: Recipient,
    to: Recipient,
    attachments: list[Attachment] | tuple[Attachment, ...] = (),
    *,
    now: datetime | None = None,
    bcc: Sequence[Recipient] = (),
) -> EmailMessage:
    """A UTF-8 message with From, To, Subject, Date, Message-ID and "X-Unsent: 1" (and Bcc
    when ``bcc`` names anyone: one letter to many, none seeing the others' addresses).

    Mail gateways scan the raw form (a draft's bytes, or what SMTP sends) for card numbers,
    so the boundary and Message-ID are letters, and each part is encoded so as not to join
    digits into a run the card guard (and so such a filter) would flag.
    """
    sender_address = _address(sender)
    email = EmailMessage(policy=MAIL_POLICY)
    email["From"] = sender_address
    email["To"] = _address(to)
    if bcc:
        email["Bcc"] = [_address(recipient) for recipient in bcc]
    email["Subject"] = message.subject
    email["Date"] = format_datetime(now or datetime.now().astimezone())
    email["Message-ID"] = _message_id(sender_address.domain)
    email["X-Unsent"] = "1"
    _set_encoded(email, message.body, TEXT_ENCODINGS, charset="utf-8")
    parts = [_attachment_part(attachment) for attachment in attachments]
    for part in parts:
        _attach(email, part)
    return email


def safe_file_stem(text: str) -> str:
    """A file name (without extension) that Windows, macOS and Linux all accept (the
    domain's one rule for file names)."""
    return safe_stem(text)


def save_eml(message: EmailMessage, folder: Path, file_stem: str) -> Path:
    """Write ``folder/<safe stem>.eml`` atomically (temp file in the folder, then replace).

    An existing draft of the same name is replaced: the newest rendering wins.
    """
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{safe_file_stem(file_stem)}{EML_SUFFIX}"
    data = message.as_bytes(policy=MAIL_POLICY)
    write_atomically(target, lambda stream: stream.write(data), prefix=".escadesk-")
    return target
