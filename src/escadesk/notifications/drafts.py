"""E-mail messages built with the standard library, and ``.eml`` drafts saved atomically.

A saved draft carries "X-Unsent: 1", so Outlook opens it as a new message ready to send
(Apple Mail and Thunderbird open it as an ordinary message the director can forward).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from escadesk.atomic_files import write_atomically
from escadesk.notifications.messages import Recipient, RenderedMessage, check_no_card_number

EML_SUFFIX = ".eml"
MAX_STEM = 120
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL"}
    | {f"COM{n}" for n in range(1, 10)}
    | {f"LPT{n}" for n in range(1, 10)}
)


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

    def fold(self, name: str, value: object) -> str:  # type: ignore[override]
        return self._encoded(name, value) or super().fold(name, value)  # type: ignore[arg-type]

    def fold_binary(self, name: str, value: object) -> bytes:  # type: ignore[override]
        encoded = self._encoded(name, value)
        if encoded is None:
            return super().fold_binary(name, value)  # type: ignore[arg-type]
        return encoded.encode("ascii")


MAIL_POLICY = MailPolicy(linesep="\r\n")


@dataclass(frozen=True)
class Attachment:
    name: str
    content: bytes
    mime: str = "application/octet-stream"


def _address(recipient: Recipient) -> Address:
    try:
        return Address(display_name=recipient.name, addr_spec=recipient.email)
    except (ValueError, IndexError) as error:
        raise ValueError(f"{recipient.email!r} is not a usable e-mail address.") from error


def build_email(
    message: RenderedMessage,
    sender: Recipient,
    to: Recipient,
    attachments: list[Attachment] | tuple[Attachment, ...] = (),
    *,
    now: datetime | None = None,
) -> EmailMessage:
    """A UTF-8 message with From, To, Subject, Date, Message-ID and "X-Unsent: 1"."""
    sender_address = _address(sender)
    email = EmailMessage(policy=MAIL_POLICY)
    email["From"] = sender_address
    email["To"] = _address(to)
    email["Subject"] = message.subject
    email["Date"] = format_datetime(now or datetime.now().astimezone())
    email["Message-ID"] = make_msgid(domain=sender_address.domain or "escadesk.invalid")
    email["X-Unsent"] = "1"
    email.set_content(message.body, charset="utf-8", cte="quoted-printable")
    for attachment in attachments:
        maintype, _, subtype = attachment.mime.partition("/")
        if not maintype or not subtype:
            raise ValueError(f"{attachment.mime!r} is not a MIME type (e.g. text/plain).")
        if maintype == "text":
            # A certificate or letter attached as text is held to the same rule as the body.
            check_no_card_number(attachment.content.decode("utf-8", errors="replace"))
        email.add_attachment(
            attachment.content, maintype=maintype, subtype=subtype, filename=attachment.name
        )
    return email


def safe_file_stem(text: str) -> str:
    """A file name (without extension) that Windows, macOS and Linux all accept."""
    stem = _UNSAFE.sub("_", text)
    stem = " ".join(stem.split())[:MAX_STEM].rstrip(" .")
    if not stem:
        return "message"
    if stem.split(".")[0].upper() in _WINDOWS_RESERVED:
        stem = f"_{stem}"
    return stem


def save_eml(message: EmailMessage, folder: Path, file_stem: str) -> Path:
    """Write ``folder/<safe stem>.eml`` atomically (temp file in the folder, then replace).

    An existing draft of the same name is replaced: the newest rendering wins.
    """
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{safe_file_stem(file_stem)}{EML_SUFFIX}"
    data = message.as_bytes(policy=MAIL_POLICY)
    write_atomically(target, lambda stream: stream.write(data), prefix=".escadesk-")
    return target
